//! Staff API keys: every query of `staff_keys`. Keys are stored only as a SHA-256.

use chrono::Utc;

use super::Pool;
use crate::staff_keys::KEY_PREFIX;
use crate::tokens;

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
    /// What it may do: `front_desk`, `clinician` or `manager`.
    pub role: String,
}

/// Creates a key for a clinic with a role (`front_desk`, `clinician` or `manager`); returns its
/// id and the key, which is never stored or shown again.
pub async fn create(
    db: &Pool,
    clinic: &str,
    label: &str,
    role: &str,
) -> Result<(i64, String), sqlx::Error> {
    let key = format!("{KEY_PREFIX}{}", tokens::new_secret());
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO staff_keys (clinic_id, key_hash, label, created_at, role) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(clinic)
    .bind(tokens::hash(&key))
    .bind(label)
    .bind(Utc::now().timestamp())
    .bind(role)
    .fetch_one(db)
    .await?;
    Ok((id, key))
}

/// Every key, optionally of one clinic, oldest first.
pub async fn list(db: &Pool, clinic: Option<&str>) -> Result<Vec<StaffKey>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, clinic_id, label, created_at, revoked_at, role FROM staff_keys
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

/// The key with this secret.
pub async fn by_key(db: &Pool, key: &str) -> Result<Option<StaffKey>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, clinic_id, label, created_at, revoked_at, role FROM staff_keys WHERE key_hash = $1",
    )
    .bind(tokens::hash(key))
    .fetch_optional(db)
    .await
}
