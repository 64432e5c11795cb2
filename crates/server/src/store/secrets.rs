//! The server's secret, when no `--secret-key-file` is given: `server_secrets`.

use super::Pool;

/// The database's secret, keeping `fresh` (hex) as it when there is none yet. Two servers
/// starting at once both offer theirs; the first one wins and both read it.
pub async fn main_secret(db: &Pool, fresh: &str) -> Result<String, sqlx::Error> {
    sqlx::query(
        "INSERT INTO server_secrets (name, value) VALUES ('main', $1) ON CONFLICT DO NOTHING",
    )
    .bind(fresh)
    .execute(db)
    .await?;
    let (stored,): (String,) =
        sqlx::query_as("SELECT value FROM server_secrets WHERE name = 'main'")
            .fetch_one(db)
            .await?;
    Ok(stored)
}
