//! Staff API keys: created on the command line (`portal-server staff-key create`), shown once,
//! stored only as a SHA-256, and checked by the [`StaffAuth`] extractor on every staff route.

use std::sync::Arc;

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::http::StatusCode;
use portal_core::clinic::ClinicConfig;

use crate::error::AppError;
use crate::extract::bearer_token;
use crate::routes::catalog::find_clinic;
use crate::startup::AppState;

/// The prefix of every staff key, so a key pasted in the wrong place is recognisable.
pub const KEY_PREFIX: &str = "pps_";

pub use crate::store::staff_keys::{create, list, revoke, StaffKey};

/// A request made with a live staff key of the clinic named in the path (`{clinic}`).
#[derive(Debug, Clone)]
pub struct StaffAuth {
    /// The key's id.
    pub key_id: i64,
    /// The clinic.
    pub clinic: Arc<ClinicConfig>,
}

impl StaffAuth {
    /// The audit log's actor: `staff:<key id>`.
    pub fn actor(&self) -> String {
        format!("staff:{}", self.key_id)
    }
}

impl FromRequestParts<AppState> for StaffAuth {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|e| match e {
                axum::extract::rejection::RawPathParamsRejection::InvalidUtf8InPathParam(_) => AppError::bad_request(
                    "invalid_path",
                    "This address has a part that can't be read (it is not UTF-8). Clinic ids are letters, digits and dashes.",
                ),
                _ => AppError::internal("StaffAuth used on a route without {clinic}"),
            })?;
        let clinic_id = params
            .iter()
            .find(|(name, _)| *name == "clinic")
            .map(|(_, value)| value.to_string())
            .ok_or_else(|| AppError::internal("StaffAuth used on a route without {clinic}"))?;
        let clinic = find_clinic(state, &clinic_id)?;
        let Some(key) = bearer_token(&parts.headers) else {
            return Err(AppError::new(
                StatusCode::UNAUTHORIZED,
                "staff_key_required",
                "This is for clinic staff. Send your staff key in the header Authorization: Bearer pps_... (create one with: portal-server staff-key create --clinic ID).",
            ));
        };
        let row = crate::store::staff_keys::by_key(&state.store.pool, &key).await?;
        match row {
            Some((key_id, key_clinic, None)) if key_clinic == clinic.clinic.id => Ok(StaffAuth { key_id, clinic }),
            _ => Err(AppError::new(
                StatusCode::UNAUTHORIZED,
                "staff_key_invalid",
                format!(
                    "This staff key does not work for \"{}\": it is wrong, revoked, or made for another clinic. Check that you pasted the whole key, or ask your administrator for a new one.",
                    clinic.clinic.id
                ),
            )),
        }
    }
}
