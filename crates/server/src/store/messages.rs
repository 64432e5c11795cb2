//! Messages to patients: every query of `messages` and `message_opt_outs`. Messages are planned
//! in the transaction of the event that causes them and claimed by dispatchers with a lease
//! (`lease_until`), so several servers on one database send each message once.

use chrono::{DateTime, Utc};

use super::{Conn, Pool};

/// One message to plan.
pub struct NewMessage {
    /// Its random public id.
    pub public_id: String,
    /// confirmation, changed, cancelled, reminder, after_visit, ...
    pub kind: &'static str,
    /// email or text.
    pub channel: &'static str,
    /// What makes it unique (kind, channel, visit, time).
    pub dedupe_key: String,
    /// When it is due, UTC seconds.
    pub due_at: i64,
    /// The link's secret, sealed.
    pub link_sealed: Option<String>,
    /// The calendar file's SEQUENCE, for messages carrying one.
    pub calendar_sequence: Option<i64>,
}

/// Inserts messages, in one statement, unless their dedupe key is already planned; a cancelled
/// one with the same key comes back (a visit moved back, say) with its new time.
pub async fn plan(
    conn: &mut Conn,
    clinic: &str,
    appointment: &str,
    messages: Vec<NewMessage>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    if messages.is_empty() {
        return Ok(());
    }
    // One statement with numbered parameters ($1, $2, ...), which both engines read.
    const COLUMNS: usize = 11;
    let rows: Vec<String> = (0..messages.len())
        .map(|row| {
            let params: Vec<String> = (1..=COLUMNS)
                .map(|column| format!("${}", row * COLUMNS + column))
                .collect();
            format!("({})", params.join(", "))
        })
        .collect();
    let sql = format!(
        "INSERT INTO messages (public_id, clinic_id, appointment_id, kind, channel, dedupe_key, due_at, state, link_sealed,
            calendar_sequence, created_at) VALUES {}
         ON CONFLICT (dedupe_key) DO UPDATE SET due_at = excluded.due_at, state = 'planned', link_sealed = excluded.link_sealed,
            attempts = 0, last_error = NULL, lease_until = NULL
         WHERE messages.state = 'cancelled'",
        rows.join(", ")
    );
    let mut insert = sqlx::query(&sql);
    for m in messages {
        insert = insert
            .bind(m.public_id)
            .bind(clinic.to_string())
            .bind(appointment.to_string())
            .bind(m.kind)
            .bind(m.channel)
            .bind(m.dedupe_key)
            .bind(m.due_at)
            .bind("planned")
            .bind(m.link_sealed)
            .bind(m.calendar_sequence)
            .bind(now.timestamp());
    }
    insert.execute(conn).await.map(|_| ())
}

/// Drops a visit's planned messages of one kind (they will not be sent).
pub async fn drop_planned(
    conn: &mut Conn,
    appointment: &str,
    kind: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE messages SET state = 'cancelled' WHERE appointment_id = $1 AND kind = $2 AND state = 'planned'")
        .bind(appointment)
        .bind(kind)
        .execute(conn)
        .await
        .map(|_| ())
}

/// The dedupe key and sealed link of the visit's latest message that holds its manage link.
pub async fn latest_link(
    conn: &mut Conn,
    appointment: &str,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT dedupe_key, link_sealed FROM messages WHERE appointment_id = $1 AND link_sealed IS NOT NULL
           AND kind IN ('confirmation', 'changed', 'reminder') ORDER BY id DESC LIMIT 1",
    )
    .bind(appointment)
    .fetch_optional(conn)
    .await
}

/// How many confirmations a visit has had.
pub async fn confirmations(conn: &mut Conn, appointment: &str) -> Result<i64, sqlx::Error> {
    let (sent,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM messages WHERE appointment_id = $1 AND kind = 'confirmation'",
    )
    .bind(appointment)
    .fetch_one(conn)
    .await?;
    Ok(sent)
}

/// One message as staff see it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MessageRow {
    /// The message's public id.
    pub public_id: String,
    /// Its kind.
    pub kind: String,
    /// Email or text.
    pub channel: String,
    /// When it is (or was) due, UTC seconds.
    pub due_at: i64,
    /// planned, sent, failed, cancelled, opted_out or not_sent.
    pub state: String,
    /// Tries so far.
    pub attempts: i64,
    /// Why the last try failed, or why it was not sent.
    pub last_error: Option<String>,
    /// When it was sent, UTC seconds.
    pub sent_at: Option<i64>,
    /// When the patient first opened a link in it, UTC seconds.
    pub opened_at: Option<i64>,
}

/// A visit's messages, in the order they were planned.
pub async fn of_visit(
    conn: &mut Conn,
    clinic: &str,
    appointment: &str,
) -> Result<Vec<MessageRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT public_id, kind, channel, due_at, state, attempts, last_error, sent_at, opened_at FROM messages
         WHERE clinic_id = $1 AND appointment_id = $2 ORDER BY id",
    )
    .bind(clinic)
    .bind(appointment)
    .fetch_all(conn)
    .await
}

/// Notes that a patient opened a link in a message (the first time counts). Returns false when
/// the clinic has no such message.
pub async fn link_opened(
    conn: &mut Conn,
    clinic: &str,
    message: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE messages SET opened_at = COALESCE(opened_at, $1) WHERE public_id = $2 AND clinic_id = $3")
        .bind(now.timestamp())
        .bind(message)
        .bind(clinic)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// A message a dispatcher claimed.
#[derive(Debug, sqlx::FromRow)]
pub struct Claimed {
    /// Internal id.
    pub id: i64,
    /// Public id (its Message-ID and unsubscribe link).
    pub public_id: String,
    /// The clinic.
    pub clinic_id: String,
    /// The visit.
    pub appointment_id: Option<String>,
    /// Its kind.
    pub kind: String,
    /// Its channel.
    pub channel: String,
    /// Its dedupe key (the sealed link's context).
    pub dedupe_key: String,
    /// The link's secret, sealed.
    pub link_sealed: Option<String>,
    /// Tries so far, this one included.
    pub attempts: i64,
}

/// Claims up to `batch` due messages until `lease` (UTC seconds), counting a try for each.
pub async fn claim(
    db: &Pool,
    now: DateTime<Utc>,
    lease: i64,
    batch: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    // The outer conditions repeat the inner ones: on PostgreSQL, a second server's claim that
    // waited for this one's row re-checks them on the row as committed, and so skips it.
    sqlx::query_as(
        "UPDATE messages SET lease_until = $1, attempts = attempts + 1
         WHERE id IN (SELECT id FROM messages WHERE state = 'planned' AND due_at <= $2 AND (lease_until IS NULL OR lease_until <= $2)
                      ORDER BY due_at, id LIMIT $3)
           AND state = 'planned' AND (lease_until IS NULL OR lease_until <= $2)
         RETURNING id, public_id, clinic_id, appointment_id, kind, channel, dedupe_key, link_sealed, attempts",
    )
    .bind(lease)
    .bind(now.timestamp())
    .bind(batch)
    .fetch_all(db)
    .await
}

/// A claimed message waits until `due` without counting a try (a text in quiet hours).
pub async fn postpone(
    db: &Pool,
    id: i64,
    lease: i64,
    due: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE messages SET due_at = $1, attempts = attempts - 1, lease_until = NULL WHERE id = $2 AND lease_until = $3")
        .bind(due.timestamp())
        .bind(id)
        .bind(lease)
        .execute(db)
        .await
        .map(|_| ())
}

/// What became of a claimed message, recorded only while this dispatcher still holds its lease.
pub struct Record<'a> {
    /// planned (to try again), sent, failed, cancelled, opted_out or not_sent.
    pub state: &'a str,
    /// Why it failed or was not sent.
    pub error: Option<String>,
    /// When to try again.
    pub due_at: Option<i64>,
    /// The hash of the address it went to.
    pub to_hash: Option<String>,
}

/// Records a claimed message's outcome.
pub async fn record(
    db: &Pool,
    id: i64,
    lease: i64,
    outcome: Record<'_>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE messages SET state = $1, last_error = $2, due_at = COALESCE($3, due_at), lease_until = NULL,
            sent_at = CASE WHEN $1 = 'sent' THEN $4 ELSE sent_at END, to_hash = COALESCE($7, to_hash)
         WHERE id = $5 AND lease_until = $6",
    )
    .bind(outcome.state)
    .bind(outcome.error)
    .bind(outcome.due_at)
    .bind(now.timestamp())
    .bind(id)
    .bind(lease)
    .bind(outcome.to_hash)
    .execute(db)
    .await
    .map(|_| ())
}

/// The patient's email and phone for a visit.
pub async fn addresses(
    db: &Pool,
    appointment: &str,
) -> Result<(Option<String>, Option<String>), sqlx::Error> {
    sqlx::query_as("SELECT email, phone FROM appointments WHERE id = $1")
        .bind(appointment)
        .fetch_one(db)
        .await
}

/// Whether an address opted out of a clinic's messages on a channel.
pub async fn is_opted_out(
    db: &Pool,
    clinic: &str,
    channel: &str,
    address_hash: &str,
) -> Result<bool, sqlx::Error> {
    let found: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM message_opt_outs WHERE clinic_id = $1 AND channel = $2 AND address_hash = $3")
            .bind(clinic)
            .bind(channel)
            .bind(address_hash)
            .fetch_optional(db)
            .await?;
    Ok(found.is_some())
}

/// Whether the visit's after-visit feedback has come (then its reminder is not sent).
pub async fn after_visit_answered(db: &Pool, appointment: &str) -> Result<bool, sqlx::Error> {
    let found: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM feedback WHERE appointment_id = $1 AND moment = 'after_visit'",
    )
    .bind(appointment)
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}

/// A message's clinic and channel, with its visit's email and phone.
pub async fn recipient(
    db: &Pool,
    message: &str,
) -> Result<Option<(String, String, Option<String>, Option<String>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.clinic_id, m.channel, a.email, a.phone FROM messages m LEFT JOIN appointments a ON a.id = m.appointment_id
         WHERE m.public_id = $1",
    )
    .bind(message)
    .fetch_optional(db)
    .await
}

/// A message's clinic and its visit's language.
pub async fn clinic_and_language(
    db: &Pool,
    message: &str,
) -> Result<Option<(String, Option<portal_core::Language>)>, sqlx::Error> {
    let found: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT m.clinic_id, a.language FROM messages m LEFT JOIN appointments a ON a.id = m.appointment_id WHERE m.public_id = $1")
            .bind(message)
            .fetch_optional(db)
            .await?;
    let Some((clinic, language)) = found else {
        return Ok(None);
    };
    let language = language.map(super::word).transpose()?;
    Ok(Some((clinic, language)))
}

/// Opts an address out of a clinic's messages on a channel (twice is harmless).
pub async fn opt_out<'e, E>(
    db: E,
    clinic: &str,
    channel: &str,
    address_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("INSERT INTO message_opt_outs (clinic_id, channel, address_hash, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
        .bind(clinic)
        .bind(channel)
        .bind(address_hash)
        .bind(now.timestamp())
        .execute(db)
        .await
        .map(|_| ())
}

/// Opts an address back in.
pub async fn opt_in(
    db: &Pool,
    clinic: &str,
    channel: &str,
    address_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM message_opt_outs WHERE clinic_id = $1 AND channel = $2 AND address_hash = $3",
    )
    .bind(clinic)
    .bind(channel)
    .bind(address_hash)
    .execute(db)
    .await
    .map(|_| ())
}

/// The clinics that texted a number (by its hash).
pub async fn clinics_that_texted(
    db: &Pool,
    address_hash: &str,
) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT clinic_id FROM messages WHERE channel = 'text' AND to_hash = $1",
    )
    .bind(address_hash)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(c,)| c).collect())
}
