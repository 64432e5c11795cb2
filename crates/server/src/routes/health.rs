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

/// The answer of `/healthz`.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Health {
    /// Always `ok` (any trouble answers 500 in the error shape).
    pub status: &'static str,
    /// The database engine: `sqlite` or `postgres`.
    pub engine: &'static str,
}

/// 200 when the database answers a query, naming the engine.
#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200, description = "The server and its database are ready", body = Health)))]
pub async fn healthz(State(state): State<AppState>) -> Result<axum::Json<Health>, AppError> {
    crate::store::ping(&state.store.pool).await?;
    Ok(axum::Json(Health {
        status: "ok",
        engine: state.store.gate.engine().name(),
    }))
}
