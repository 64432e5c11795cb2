//! Feedback in the database: who a patient's token speaks for, what they sent, the follow-ups
//! it opened, and the per-address limits of the feedback and funnel routes.
//!
//! A patient never names their visit by id alone: the subject (an appointment or a packet) comes
//! from the bearer token, which is one of the visit's manage token, a packet's reading session,
//! or the secret of a feedback link; each is found only by its SHA-256.

use std::num::NonZeroU32;
use std::sync::Arc;

use crate::store::Conn;
use chrono::{DateTime, Utc};
use portal_core::api::feedback::{FeedbackStatus, FollowUpItem};

use crate::booking::{from_epoch, rfc3339};
use crate::store::packets;

/// Feedback forms (and prompts, dismissals) a client address may send per minute.
pub const FEEDBACK_PER_MINUTE: u32 = 20;
/// Funnel steps a client address may count per minute.
pub const FUNNEL_PER_MINUTE: u32 = 120;
/// How long a feedback link works, in days.
pub const LINK_DAYS: i64 = 60;

/// Requests per client address, per minute.
pub type AddressLimiter = governor::DefaultKeyedRateLimiter<std::net::IpAddr>;

/// The patient routes' own rate limits, separate from booking's: per client address, and per
/// patient link (keyed by the hash of the link's secret) so that many addresses cannot share
/// one link's attempts.
pub struct FeedbackLimits {
    /// Sending feedback, prompts and dismissals, per address.
    pub feedback: AddressLimiter,
    /// Counting funnel steps, per address.
    pub funnel: AddressLimiter,
    /// Date-of-birth checks, per address.
    pub verify: AddressLimiter,
    /// Feedback, prompts, dismissals and date-of-birth checks, per patient link.
    pub per_link: governor::DefaultKeyedRateLimiter<String>,
}

impl FeedbackLimits {
    /// New limits from the settings, with a task that forgets quiet addresses and links every
    /// minute (needs a Tokio runtime).
    pub fn start(settings: &crate::startup::Settings) -> Arc<FeedbackLimits> {
        let per_minute =
            |n: u32| governor::Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN));
        let limits = Arc::new(FeedbackLimits {
            feedback: governor::RateLimiter::keyed(per_minute(settings.feedback_rate_limit)),
            funnel: governor::RateLimiter::keyed(per_minute(FUNNEL_PER_MINUTE)),
            verify: governor::RateLimiter::keyed(per_minute(settings.verify_rate_limit)),
            per_link: governor::RateLimiter::keyed(per_minute(settings.link_rate_limit)),
        });
        let weak = Arc::downgrade(&limits);
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                every.tick().await;
                let Some(limits) = weak.upgrade() else { break };
                limits.feedback.retain_recent();
                limits.funnel.retain_recent();
                limits.verify.retain_recent();
                limits.per_link.retain_recent();
            }
        });
        limits
    }

    /// False when the link whose secret is `secret` has used up its minute.
    pub fn link_allows(&self, secret: &str) -> bool {
        self.per_link
            .check_key(&crate::tokens::hash(secret))
            .is_ok()
    }
}

/// Which secret the patient came with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The visit's manage token (from the booking reply).
    ManageToken,
    /// A packet's reading session (after the date-of-birth check).
    PacketSession,
    /// A feedback link's secret.
    FeedbackLink,
}

/// The visit a patient's token speaks for.
#[derive(Debug, Clone)]
pub struct Subject {
    /// The clinic.
    pub clinic_id: String,
    /// The appointment's public id (also for a packet made for a visit).
    pub appointment: Option<String>,
    /// The packet's public id, when the patient came from their instructions.
    pub packet: Option<String>,
    /// The token's kind.
    pub via: Via,
    /// The patient's language, as the clinic knows it.
    pub language: String,
}

impl Subject {
    /// The dismissal key: `appointment:<id>`, else `packet:<id>`.
    pub fn key(&self) -> String {
        match (&self.appointment, &self.packet) {
            (Some(a), _) => format!("appointment:{a}"),
            (None, Some(p)) => format!("packet:{p}"),
            (None, None) => String::new(),
        }
    }

    /// The audit log's actor: `patient:<appointment or packet id>`.
    pub fn actor(&self) -> String {
        format!(
            "patient:{}",
            self.appointment
                .as_deref()
                .or(self.packet.as_deref())
                .unwrap_or_default()
        )
    }
}

/// The visit a bearer token speaks for; none when the token is unknown, expired or revoked.
pub async fn subject_of(
    conn: &mut Conn,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<Subject>, sqlx::Error> {
    let hash = crate::tokens::hash(token);
    let appointment: Option<(String, String, String, i64)> =
        sqlx::query_as("SELECT id, clinic_id, language, manage_expires_at FROM appointments WHERE manage_token_hash = $1")
            .bind(&hash)
            .fetch_optional(&mut *conn)
            .await?;
    if let Some((id, clinic_id, language, expires_at)) = appointment {
        return Ok((now.timestamp() <= expires_at).then_some(Subject {
            clinic_id,
            appointment: Some(id),
            packet: None,
            via: Via::ManageToken,
            language,
        }));
    }
    if let Some((row, live)) = packets::by_session_hash(conn, &hash, now).await? {
        let open = live && row.state == "active" && row.expires_at > now.timestamp();
        let (appointment,): (Option<String>,) =
            sqlx::query_as("SELECT appointment_id FROM packets WHERE id = $1")
                .bind(row.id)
                .fetch_one(&mut *conn)
                .await?;
        return Ok(open.then_some(Subject {
            clinic_id: row.clinic_id,
            appointment,
            packet: Some(row.public_id),
            via: Via::PacketSession,
            language: row.language,
        }));
    }
    let link: Option<(String, String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT a.id, a.clinic_id, a.language, l.expires_at, l.revoked_at
         FROM feedback_links l JOIN appointments a ON a.id = l.appointment_id WHERE l.link_hash = $1",
    )
    .bind(&hash)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(
        link.and_then(|(id, clinic_id, language, expires_at, revoked_at)| {
            (revoked_at.is_none() && expires_at > now.timestamp()).then_some(Subject {
                clinic_id,
                appointment: Some(id),
                packet: None,
                via: Via::FeedbackLink,
                language,
            })
        }),
    )
}

/// A feedback's id, moment and time, with its follow-up's due and resolved times.
type StatusRow = (String, String, i64, Option<i64>, Option<i64>);

/// What the subject sent at `moment`, with whether the clinic has handled it.
pub async fn status(
    conn: &mut Conn,
    subject: &Subject,
    moment: &str,
) -> Result<Option<FeedbackStatus>, sqlx::Error> {
    let row: Option<StatusRow> = sqlx::query_as(
        "SELECT f.public_id, f.moment, f.created_at, u.due_at, u.resolved_at
         FROM feedback f LEFT JOIN follow_ups u ON u.feedback_id = f.id
         WHERE f.moment = $1 AND (($2 IS NOT NULL AND f.appointment_id = $2) OR ($3 IS NOT NULL AND f.packet_id = $3))
         ORDER BY f.id LIMIT 1",
    )
    .bind(moment)
    .bind(&subject.appointment)
    .bind(&subject.packet)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(
        |(id, moment, created_at, due_at, resolved_at)| FeedbackStatus {
            id,
            moment,
            sent_at: rfc3339(from_epoch(created_at)),
            follow_up: match (due_at, resolved_at) {
                (None, _) => "none",
                (Some(_), None) => "open",
                (Some(_), Some(_)) => "handled",
            }
            .into(),
            due_at: due_at.map(|t| rfc3339(from_epoch(t))),
            handled_at: resolved_at.map(|t| rfc3339(from_epoch(t))),
        },
    ))
}

/// Whether the patient said "not now" for this subject and moment.
pub async fn dismissed(
    conn: &mut Conn,
    subject: &Subject,
    moment: &str,
) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM feedback_dismissals WHERE subject = $1 AND moment = $2")
            .bind(subject.key())
            .bind(moment)
            .fetch_optional(conn)
            .await?;
    Ok(row.is_some())
}

/// The columns [`FollowUpRow`] reads, from `follow_ups u JOIN feedback f`.
pub const FOLLOW_UP_COLUMNS: &str = "u.id AS row_id, u.public_id, f.public_id AS feedback_id, f.moment, f.appointment_id,
    u.opened_at, u.due_at, u.reason, f.ease, f.overall, f.recommend, f.better, f.contact, f.contact_value, f.language,
    u.resolved_at, u.resolution_note";

/// One follow-up with the feedback that opened it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FollowUpRow {
    /// Internal id.
    pub row_id: i64,
    /// Public id.
    pub public_id: String,
    /// The feedback's public id.
    pub feedback_id: String,
    /// `after_booking` or `after_visit`.
    pub moment: String,
    /// The appointment's public id.
    pub appointment_id: Option<String>,
    /// UTC seconds.
    pub opened_at: i64,
    /// UTC seconds.
    pub due_at: i64,
    /// `low_score` or `asked_to_be_contacted`.
    pub reason: String,
    /// 1–5.
    pub ease: Option<i16>,
    /// 1–5.
    pub overall: Option<i16>,
    /// 0–10.
    pub recommend: Option<i16>,
    /// Free text.
    pub better: Option<String>,
    /// `phone`, `email` or `text`.
    pub contact: Option<String>,
    /// The number or email given.
    pub contact_value: Option<String>,
    /// `en` or `es`.
    pub language: String,
    /// UTC seconds.
    pub resolved_at: Option<i64>,
    /// Staff's note.
    pub resolution_note: Option<String>,
}

impl FollowUpRow {
    /// The follow-up as staff see it, with `overdue` as of `now`.
    pub fn to_api(&self, now: DateTime<Utc>) -> FollowUpItem {
        let due = from_epoch(self.due_at);
        let resolved = self.resolved_at.map(from_epoch);
        FollowUpItem {
            id: self.public_id.clone(),
            feedback_id: self.feedback_id.clone(),
            moment: self.moment.clone(),
            appointment: self.appointment_id.clone(),
            opened_at: rfc3339(from_epoch(self.opened_at)),
            due_at: rfc3339(due),
            overdue: portal_core::feedback::is_overdue(due, resolved, now),
            reason: self.reason.clone(),
            ease: crate::store::score(self.ease),
            overall: crate::store::score(self.overall),
            recommend: crate::store::score(self.recommend),
            better: self.better.clone().unwrap_or_default(),
            contact: self.contact.clone(),
            contact_value: self.contact_value.clone().unwrap_or_default(),
            language: self.language.clone(),
            resolved_at: resolved.map(rfc3339),
            resolution_note: self.resolution_note.clone(),
        }
    }
}

/// A new feedback link for a visit: the secret (shown once, in the link's fragment); only its
/// SHA-256 is kept. It works for [`LINK_DAYS`] days.
pub async fn new_link<'e, E>(
    executor: E,
    appointment: &str,
    now: DateTime<Utc>,
) -> Result<String, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let secret = crate::tokens::new_secret();
    sqlx::query("INSERT INTO feedback_links (link_hash, appointment_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(crate::tokens::hash(&secret))
        .bind(appointment)
        .bind(now.timestamp())
        .bind((now + chrono::Duration::days(LINK_DAYS)).timestamp())
        .execute(executor)
        .await?;
    Ok(secret)
}
