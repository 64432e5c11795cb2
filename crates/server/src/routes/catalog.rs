//! `GET /api/v1/clinics/{clinic}/catalog`: what a patient can book at a clinic.

use std::sync::Arc;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use portal_core::api::{Catalog, ErrorBody};
use portal_core::clinic::Clinic;

use crate::error::AppError;
use crate::extract::ApiPath;
use crate::startup::AppState;

/// The catalog route.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/clinics/{clinic}/catalog", get(catalog))
}

/// The clinic's visit types, providers, locations, rules and phone number.
#[utoipa::path(
    get,
    path = "/api/v1/clinics/{clinic}/catalog",
    tag = "booking",
    params(("clinic" = String, Path, description = "The clinic's id, like maple-grove")),
    responses(
        (status = 200, description = "The clinic's catalog", body = Catalog),
        (status = 404, description = "No clinic with this id", body = ErrorBody),
    )
)]
pub async fn catalog(
    State(state): State<AppState>,
    ApiPath(clinic): ApiPath<String>,
) -> Result<Json<Catalog>, AppError> {
    let mut catalog = find_clinic(&state, &clinic)?.catalog();
    // Only the ways that can really go out: email needs an email server; texts a text service.
    catalog.rules.message_channels.retain(|c| {
        portal_core::messages::Channel::parse(c).is_some_and(|c| state.transports.can_send(c))
    });
    Ok(Json(catalog))
}

/// The clinic with this id, or a 404 that says so.
pub fn find_clinic(state: &AppState, id: &str) -> Result<Arc<Clinic>, AppError> {
    state.clinics.get(id).cloned().ok_or_else(|| {
        AppError::not_found(format!(
            "There is no clinic \"{id}\" here. Check the data-clinic setting of the widget."
        ))
    })
}
