//! Instruction packets: every query of `packets`, `packet_sessions`,
//! `packet_acknowledgements` and `teach_back_answers`. One row per packet rendered for one
//! patient, found by its public id (staff) or by the hash of a link or session secret
//! (patients, never by id).

use super::Conn;
use chrono::{DateTime, Utc};
use portal_core::api::instructions::{
    PacketState, PacketStatus, PacketView, ReadabilityReport, TeachBackResult,
};

use crate::booking::{from_epoch, rfc3339};
use crate::error::AppError;

/// How long a patient's reading session lasts after its last use, in minutes.
pub const SESSION_MINUTES: i64 = 30;

/// The columns [`PacketRow`] reads.
pub const COLUMNS: &str = "id, public_id, clinic_id, template_id, preferred_name, date_of_birth, language, views_json,
    answers_json, reread_json, readability_json, readability_override, failed_attempts, state, created_at,
    expires_at, opened_at";

/// One packet row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PacketRow {
    /// Internal id (never shown).
    pub id: i64,
    /// Public id.
    pub public_id: String,
    /// Clinic id.
    pub clinic_id: String,
    /// Template id.
    pub template_id: String,
    /// The patient's preferred name.
    pub preferred_name: String,
    /// `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// The patient's language.
    #[sqlx(try_from = "String")]
    pub language: portal_core::Language,
    /// `Vec<PacketView>` as JSON.
    pub views_json: String,
    /// `Vec<(question, right choice)>` as JSON.
    pub answers_json: String,
    /// `Vec<(question, section)>` as JSON.
    pub reread_json: String,
    /// `ReadabilityReport` as JSON.
    pub readability_json: String,
    /// Published above the maximum grade with an override.
    #[sqlx(try_from = "crate::store::Flag")]
    pub readability_override: bool,
    /// Wrong dates of birth since the last right one (or the last new link).
    pub failed_attempts: i64,
    /// `active`, `locked` or `revoked`.
    pub state: String,
    /// UTC seconds.
    pub created_at: i64,
    /// UTC seconds.
    pub expires_at: i64,
    /// UTC seconds.
    pub opened_at: Option<i64>,
}

impl PacketRow {
    /// The rendered views, the patient's language first.
    pub fn views(&self) -> Result<Vec<PacketView>, AppError> {
        serde_json::from_str(&self.views_json).map_err(AppError::internal)
    }

    /// The right choice of each teach-back question.
    pub fn answers(&self) -> Result<Vec<(String, u32)>, AppError> {
        serde_json::from_str(&self.answers_json).map_err(AppError::internal)
    }

    /// The section to read again for each teach-back question.
    pub fn reread(&self) -> Result<Vec<(String, String)>, AppError> {
        serde_json::from_str(&self.reread_json).map_err(AppError::internal)
    }

    /// The reading level at publishing.
    pub fn readability(&self) -> Result<ReadabilityReport, AppError> {
        serde_json::from_str(&self.readability_json).map_err(AppError::internal)
    }

    /// The state staff see: expired once an active packet's link has run out.
    pub fn shown_state(&self, now: DateTime<Utc>) -> PacketState {
        match self.state.as_str() {
            "locked" => PacketState::Locked,
            "revoked" => PacketState::Revoked,
            "expired" => PacketState::Expired,
            _ if self.expires_at <= now.timestamp() => PacketState::Expired,
            _ => PacketState::Active,
        }
    }
}

/// The packet with this public id at this clinic.
pub async fn by_public_id(
    conn: &mut Conn,
    clinic: &str,
    public_id: &str,
) -> Result<Option<PacketRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM packets WHERE clinic_id = $1 AND public_id = $2"
    ))
    .bind(clinic)
    .bind(public_id)
    .fetch_optional(conn)
    .await
}

/// The packet whose link secret hashes to `link_hash`.
pub async fn by_link_hash(
    conn: &mut Conn,
    link_hash: &str,
) -> Result<Option<PacketRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM packets WHERE link_hash = $1"
    ))
    .bind(link_hash)
    .fetch_optional(conn)
    .await
}

/// The packet of a session, found by the session secret's hash: `None` when there is no such
/// session, `Some((row, false))` when it has expired. A live session is extended.
pub async fn by_session_hash(
    conn: &mut Conn,
    session_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(PacketRow, bool)>, sqlx::Error> {
    let session: Option<(i64, i64)> =
        sqlx::query_as("SELECT packet_id, expires_at FROM packet_sessions WHERE session_hash = $1")
            .bind(session_hash)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((packet_id, expires_at)) = session else {
        return Ok(None);
    };
    let row: Option<PacketRow> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM packets WHERE id = $1"))
            .bind(packet_id)
            .fetch_optional(&mut *conn)
            .await?;
    let live = expires_at > now.timestamp();
    if live {
        // Sliding expiry: every use keeps the session open for another 30 minutes.
        sqlx::query("UPDATE packet_sessions SET expires_at = $1 WHERE session_hash = $2")
            .bind(now.timestamp() + SESSION_MINUTES * 60)
            .bind(session_hash)
            .execute(&mut *conn)
            .await?;
    }
    Ok(row.map(|row| (row, live)))
}

/// Section ids the patient acknowledged, in the order they did (within one second, by id).
pub async fn acknowledged(conn: &mut Conn, packet_id: i64) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT section_id FROM packet_acknowledgements WHERE packet_id = $1 ORDER BY at, section_id",
    )
    .bind(packet_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(s,)| s).collect())
}

/// Each answered teach-back question with whether its latest answer was right and how many
/// answers it took, in the order first answered.
pub async fn teach_back_results(
    conn: &mut Conn,
    packet_id: i64,
) -> Result<Vec<TeachBackResult>, sqlx::Error> {
    let rows: Vec<(String, crate::store::Flag)> = sqlx::query_as(
        "SELECT question_id, correct FROM teach_back_answers WHERE packet_id = $1 ORDER BY id",
    )
    .bind(packet_id)
    .fetch_all(conn)
    .await?;
    let mut results: Vec<TeachBackResult> = Vec::new();
    for (question, crate::store::Flag(correct)) in rows {
        match results.iter_mut().find(|r| r.question == question) {
            Some(result) => {
                result.correct = correct;
                result.attempts += 1;
            }
            None => results.push(TeachBackResult {
                question,
                correct,
                attempts: 1,
            }),
        }
    }
    Ok(results)
}

/// A packet as staff publish it.
pub struct NewPacket<'a> {
    /// Its random public id.
    pub public_id: &'a str,
    /// The clinic.
    pub clinic: &'a str,
    /// The template it was rendered from.
    pub template: &'a str,
    /// The visit it is for, if any.
    pub appointment: Option<&'a str>,
    /// The patient's preferred name.
    pub preferred_name: &'a str,
    /// The date of birth patients confirm before reading.
    pub date_of_birth: chrono::NaiveDate,
    /// The patient's language.
    pub language: &'a str,
    /// The rendered packet in every language (JSON).
    pub views_json: String,
    /// Teach-back question id -> right choice (JSON).
    pub answers_json: String,
    /// Teach-back question id -> section to read again (JSON).
    pub reread_json: String,
    /// The reading-level report at publishing (JSON).
    pub readability_json: String,
    /// Published above the reading-level limit, on purpose.
    pub readability_override: bool,
    /// The SHA-256 of the link's secret.
    pub link_hash: String,
    /// Now.
    pub created_at: DateTime<Utc>,
    /// When the link stops working.
    pub expires_at: DateTime<Utc>,
}

/// Keeps a new packet, active.
pub async fn insert(conn: &mut Conn, packet: &NewPacket<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO packets (public_id, clinic_id, template_id, appointment_id, preferred_name, date_of_birth, language,
            views_json, answers_json, reread_json, readability_json, readability_override, link_hash, failed_attempts,
            state, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0, 'active', $14, $15)",
    )
    .bind(packet.public_id)
    .bind(packet.clinic)
    .bind(packet.template)
    .bind(packet.appointment)
    .bind(packet.preferred_name)
    .bind(packet.date_of_birth.format("%Y-%m-%d").to_string())
    .bind(packet.language)
    .bind(&packet.views_json)
    .bind(&packet.answers_json)
    .bind(&packet.reread_json)
    .bind(&packet.readability_json)
    .bind(packet.readability_override)
    .bind(&packet.link_hash)
    .bind(packet.created_at.timestamp())
    .bind(packet.expires_at.timestamp())
    .execute(conn)
    .await
    .map(|_| ())
}

/// A clinic's packets, newest first, in one state (`expired` is an active packet whose link
/// has run out) or all.
pub async fn list(
    conn: &mut Conn,
    clinic: &str,
    state: Option<&str>,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<PacketRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM packets WHERE clinic_id = $1
           AND ($2 IS NULL
                OR ($2 = 'expired' AND state = 'active' AND expires_at <= $3)
                OR ($2 = 'active' AND state = 'active' AND expires_at > $3)
                OR ($2 IN ('locked', 'revoked') AND state = $2))
         ORDER BY created_at DESC, id DESC LIMIT $4"
    ))
    .bind(clinic)
    .bind(state)
    .bind(now.timestamp())
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Counts a wrong date of birth; `lock` locks the packet.
pub async fn count_failed_try(
    conn: &mut Conn,
    id: i64,
    attempts: i64,
    lock: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE packets SET failed_attempts = $1, state = CASE WHEN $2 THEN 'locked' ELSE state END WHERE id = $3")
        .bind(attempts)
        .bind(lock)
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Starts a reading session (ended ones are dropped) and clears the wrong tries.
pub async fn open_session(
    conn: &mut Conn,
    id: i64,
    session_hash: &str,
    expires_at: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM packet_sessions WHERE expires_at <= $1")
        .bind(now.timestamp())
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO packet_sessions (session_hash, packet_id, expires_at) VALUES ($1, $2, $3)",
    )
    .bind(session_hash)
    .bind(id)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE packets SET failed_attempts = 0 WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

/// Notes the first time the patient opened the packet.
pub async fn mark_opened(conn: &mut Conn, id: i64, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE packets SET opened_at = $1 WHERE id = $2 AND opened_at IS NULL")
        .bind(now.timestamp())
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Notes "I understand" on a section, once.
pub async fn acknowledge(
    conn: &mut Conn,
    id: i64,
    section: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO packet_acknowledgements (packet_id, section_id, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(id)
        .bind(section)
        .bind(now.timestamp())
        .execute(conn)
        .await
        .map(|_| ())
}

/// Keeps a teach-back answer and whether it was right.
pub async fn record_answer(
    conn: &mut Conn,
    id: i64,
    question: &str,
    choice: u32,
    correct: bool,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO teach_back_answers (packet_id, question_id, choice, correct, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(question)
        .bind(i64::from(choice))
        .bind(correct)
        .bind(now.timestamp())
        .execute(conn)
        .await
        .map(|_| ())
}

/// Revokes a packet and ends its reading sessions.
pub async fn revoke(conn: &mut Conn, id: i64, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE packets SET state = 'revoked', revoked_at = $1 WHERE id = $2 AND state != 'revoked'")
        .bind(now.timestamp())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    end_sessions(conn, id).await
}

/// Gives a packet a new link (the old one stops working), active again, its sessions ended.
pub async fn new_link(
    conn: &mut Conn,
    id: i64,
    link_hash: &str,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE packets SET link_hash = $1, failed_attempts = 0, state = 'active', expires_at = $2 WHERE id = $3")
        .bind(link_hash)
        .bind(expires_at.timestamp())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    end_sessions(conn, id).await
}

async fn end_sessions(conn: &mut Conn, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM packet_sessions WHERE packet_id = $1")
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// The packet as staff see it.
pub async fn status(
    conn: &mut Conn,
    row: &PacketRow,
    now: DateTime<Utc>,
) -> Result<PacketStatus, AppError> {
    let views = row.views()?;
    let first = views.first();
    let acknowledged = acknowledged(conn, row.id).await?;
    let teach_back = teach_back_results(conn, row.id).await?;
    let sections: Vec<&str> = first
        .map(|v| v.sections.iter().map(|s| s.id.as_str()).collect())
        .unwrap_or_default();
    let questions: Vec<&str> = first
        .map(|v| v.teach_back.iter().map(|q| q.id.as_str()).collect())
        .unwrap_or_default();
    let complete = sections.iter().all(|s| acknowledged.iter().any(|a| a == s))
        && questions
            .iter()
            .all(|q| teach_back.iter().any(|r| r.question == *q && r.correct));
    Ok(PacketStatus {
        id: row.public_id.clone(),
        template: row.template_id.clone(),
        preferred_name: row.preferred_name.clone(),
        state: row.shown_state(now),
        created_at: rfc3339(from_epoch(row.created_at)),
        expires_at: rfc3339(from_epoch(row.expires_at)),
        opened_at: row.opened_at.map(|t| rfc3339(from_epoch(t))),
        section_count: sections.len() as u32,
        acknowledged,
        teach_back,
        complete,
        readability_override: row.readability_override,
    })
}
