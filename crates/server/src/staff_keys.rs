//! Staff API keys: created on the command line (`portal-server staff-key create`), shown once,
//! stored only as a SHA-256, and checked by the [`StaffAuth`] extractor on every staff route.

use std::sync::Arc;

use crate::store::Pool;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::http::StatusCode;
use chrono::Utc;
use portal_core::clinic::ClinicConfig;

use crate::error::AppError;
use crate::extract::bearer_token;
use crate::routes::catalog::find_clinic;
use crate::startup::AppState;
use crate::tokens;

/// The prefix of every staff key, so a key pasted in the wrong place is recognisable.
pub const KEY_PREFIX: &str = "pps_";

/// A staff key as listed (never the key itself).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StaffKey {
    /// The key's id, used to revoke it and in the audit log (`staff:<id>`).
    pub id: i64,
    /// The clinic the key works for.
    pub clinic_id: String,
    /// A label for people, like "Front desk".
    pub label: String,
    /// UTC seconds.
    pub created_at: i64,
    /// UTC seconds, once revoked.
    pub revoked_at: Option<i64>,
}

/// Creates a key for a clinic; returns its id and the key, which is never stored or shown again.
pub async fn create(db: &Pool, clinic: &str, label: &str) -> Result<(i64, String), sqlx::Error> {
    let key = format!("{KEY_PREFIX}{}", tokens::new_secret());
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO staff_keys (clinic_id, key_hash, label, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(clinic)
    .bind(tokens::hash(&key))
    .bind(label)
    .bind(Utc::now().timestamp())
    .fetch_one(db)
    .await?;
    Ok((id, key))
}

/// Every key, optionally of one clinic, oldest first.
pub async fn list(db: &Pool, clinic: Option<&str>) -> Result<Vec<StaffKey>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, clinic_id, label, created_at, revoked_at FROM staff_keys
         WHERE ($1 IS NULL OR clinic_id = $1) ORDER BY id",
    )
    .bind(clinic)
    .fetch_all(db)
    .await
}

/// Revokes a key at once. `Ok(false)` when there is no key with this id; revoking twice is harmless.
pub async fn revoke(db: &Pool, id: i64) -> Result<bool, sqlx::Error> {
    let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM staff_keys WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?;
    if found.is_none() {
        return Ok(false);
    }
    sqlx::query("UPDATE staff_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(Utc::now().timestamp())
        .bind(id)
        .execute(db)
        .await?;
    Ok(true)
}

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
        let row: Option<(i64, String, Option<i64>)> =
            sqlx::query_as("SELECT id, clinic_id, revoked_at FROM staff_keys WHERE key_hash = $1")
                .bind(tokens::hash(&key))
                .fetch_optional(&state.store.pool)
                .await?;
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
