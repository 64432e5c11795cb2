//! `GET /healthz`: 200 once the database answers.

use axum::extract::State;
use axum::routing::get;
use axum::Router;

use crate::error::AppError;
use crate::startup::AppState;

/// The health route.
pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz))
}

/// 200 "ok" when the database answers a query.
#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200, description = "The server and its database are ready", body = String)))]
pub async fn healthz(State(state): State<AppState>) -> Result<&'static str, AppError> {
    sqlx::query("SELECT 1").execute(&state.db).await?;
    Ok("ok")
}
