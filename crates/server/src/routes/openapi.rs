//! `GET /api/v1/openapi.json`: the API contract, generated from the handlers and types.

use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::startup::AppState;

/// The OpenAPI document of API v1.
#[derive(OpenApi)]
#[openapi(
    info(title = "Patient portal API", version = "1", description = "Booking, instructions and feedback for clinics and their patients."),
    paths(
        super::health::healthz,
        super::catalog::catalog,
        super::availability::availability,
        super::appointments::create,
        super::appointments::read,
        super::appointments::cancel,
        super::appointments::reschedule,
        super::appointments::calendar,
    ),
    modifiers(&ManageToken),
)]
pub struct ApiDoc;

/// Declares the patient's manage token (`Authorization: Bearer ...`).
struct ManageToken;

impl Modify for ManageToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "manage_token",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// The OpenAPI route.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
}
