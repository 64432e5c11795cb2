//! `GET /api/v1/openapi.json`: the API contract, generated from the handlers and types.

use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;

use crate::startup::AppState;

/// The OpenAPI document of API v1.
#[derive(OpenApi)]
#[openapi(
    info(title = "Patient portal API", version = "1", description = "Booking, instructions and feedback for clinics and their patients."),
    paths(super::health::healthz, super::catalog::catalog),
)]
pub struct ApiDoc;

/// The OpenAPI route.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
}
