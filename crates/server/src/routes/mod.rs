//! The HTTP API. Each module exposes `router()`; [`app`] merges them.

use std::path::Path;
use std::time::Instant;

use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;

use crate::startup::AppState;

pub mod answers;
pub mod appointments;
pub mod assets;
pub mod availability;
pub mod catalog;
pub mod cors;
pub mod embed;
pub mod feedback;
pub mod feedback_staff;
pub mod first_step;
pub mod front_desk;
pub mod health;
pub mod instructions;
pub mod messages;
pub mod openapi;
pub mod packets;
pub mod staff;
pub mod staff_page;

/// The largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// Deadlines for requests (the header deadline is in [`crate::serve`]).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// How long one request may take, body and answer, before it gets a 408.
    pub request_timeout: std::time::Duration,
}

/// The whole app: API routes, then static assets (the widget, the demo site) when given.
pub fn app(state: AppState, assets: Option<&Path>, limits: Limits) -> Router {
    let clinics = state.clinics.clone();
    let hsts = state.public_url.starts_with("https://");
    let api = Router::new()
        .merge(health::router())
        .merge(catalog::router())
        .merge(availability::router())
        .merge(appointments::router())
        .merge(instructions::router())
        .merge(packets::router())
        .merge(feedback::router())
        .merge(feedback_staff::router())
        .merge(staff::router())
        .merge(front_desk::router())
        .merge(staff_page::router())
        .merge(embed::router())
        .merge(messages::router())
        .merge(openapi::router())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state);
    let app = match assets {
        Some(dir) => api.fallback_service(assets::service(dir)),
        None => api,
    };
    // Outermost last: the log sees every answer; the error shape and headers apply to answers
    // made by the timeouts and by axum itself (404, 405) too.
    app.layer(middleware::from_fn_with_state(clinics, cors::cors))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            limits.request_timeout,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(middleware::from_fn(answers::api_error_shape))
        .layer(middleware::from_fn_with_state(
            hsts,
            answers::security_headers,
        ))
        .layer(middleware::from_fn(log_request))
        // Outermost: JSON and HTML answers are compressed on the fly when the client accepts
        // it (static files come precompressed, their Content-Encoding set, and are left alone).
        .layer(tower_http::compression::CompressionLayer::new())
}

/// Logs method, route pattern (never the real path or query), status and time.
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "static".to_owned());
    let started = Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        %method,
        route,
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}
