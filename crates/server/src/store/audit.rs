//! The audit log: who read or changed which packet or feedback, and when. A row never holds patient data
//! (no names, dates of birth, answers or secrets): only the time, clinic, actor, action and the
//! packet's random public id.

use chrono::Utc;

/// Writes one audit row. `actor` is `staff:<key id>` or `patient:<packet public id>`; `action`
/// is a fixed name like `packet.read`.
pub async fn record<'e, E>(
    executor: E,
    clinic: &str,
    actor: &str,
    action: &str,
    packet: Option<&str>,
) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("INSERT INTO audit_log (at, clinic_id, actor, action, packet_public_id) VALUES ($1, $2, $3, $4, $5)")
        .bind(Utc::now().timestamp())
        .bind(clinic)
        .bind(actor)
        .bind(action)
        .bind(packet)
        .execute(executor)
        .await?;
    Ok(())
}

/// Writes one audit row about feedback data. `subject` names what was touched by its random id
/// (`feedback:<id>`, `follow_up:<id>`, `appointment:<id>`), never by patient data; actions are
/// fixed names like `feedback.read` or `follow_up.resolve`.
pub async fn record_subject<'e, E>(
    executor: E,
    clinic: &str,
    actor: &str,
    action: &str,
    subject: Option<&str>,
) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO audit_log (at, clinic_id, actor, action, subject) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(Utc::now().timestamp())
    .bind(clinic)
    .bind(actor)
    .bind(action)
    .bind(subject)
    .execute(executor)
    .await?;
    Ok(())
}

/// One audit row of a packet, oldest first: `(at, actor, action)`.
pub async fn of_packet<'e, E>(
    executor: E,
    clinic: &str,
    packet: &str,
) -> Result<Vec<(i64, String, String)>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as("SELECT at, actor, action FROM audit_log WHERE clinic_id = $1 AND packet_public_id = $2 ORDER BY id")
        .bind(clinic)
        .bind(packet)
        .fetch_all(executor)
        .await
}
