//! Rate limits shared by every server of a PostgreSQL database: `rate_limits`, one row per
//! (hashed) key with its theoretical arrival time (`tat`, UTC microseconds), as the generic cell
//! rate algorithm keeps it.

use super::Pool;

/// Takes one request for `key` at `now_us` (UTC microseconds) under a limit of `per_minute` (a burst of that many,
/// refilled one every 60/`per_minute` seconds). True when allowed. One statement: servers
/// racing on one key are counted one after the other by the row's lock.
pub async fn take(db: &Pool, key: &str, now_us: i64, per_minute: u32) -> Result<bool, sqlx::Error> {
    let per_minute = i64::from(per_minute.max(1));
    let interval = (60_000_000 / per_minute).max(1);
    let burst = interval * (per_minute - 1);
    let taken: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO rate_limits (key, tat) VALUES ($1, $2 + $3)
         ON CONFLICT (key) DO UPDATE SET tat = GREATEST(rate_limits.tat, $2) + $3
           WHERE GREATEST(rate_limits.tat, $2) - $2 <= $4
         RETURNING tat",
    )
    .bind(key)
    .bind(now_us)
    .bind(interval)
    .bind(burst)
    .fetch_optional(db)
    .await?;
    Ok(taken.is_some())
}

/// Drops rows whose limit has refilled completely (they count as new).
pub async fn forget_refilled(db: &Pool, now_us: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM rate_limits WHERE tat < $1")
        .bind(now_us)
        .execute(db)
        .await
        .map(|_| ())
}
