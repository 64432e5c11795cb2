//! Feedback in the database: who a patient's token speaks for, what they sent, the follow-ups
//! it opened, and the per-address limits of the feedback and funnel routes.
//!
//! A patient never names their visit by id alone: the subject (an appointment or a packet) comes
//! from the bearer token, which is one of the visit's manage token, a packet's reading session,
//! or the secret of a feedback link; each is found only by its SHA-256.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use portal_core::api::feedback::{ContactWay, FollowUpItem};
use portal_core::clinic::ClinicConfig;

use crate::booking::{from_epoch, rfc3339};

/// Feedback forms (and prompts, dismissals) a client address may send per minute.
pub const FEEDBACK_PER_MINUTE: u32 = 20;
/// Funnel steps a client address may count per minute.
pub const FUNNEL_PER_MINUTE: u32 = 120;
/// How long a feedback link works, in days.
pub const LINK_DAYS: i64 = 60;

/// A limit per client address (or per link), shared by every server on PostgreSQL.
pub type AddressLimiter = crate::limits::Limiter;

/// The patient routes' own rate limits, separate from booking's: per client address, and per
/// patient link (keyed by the hash of the link's secret) so that many addresses cannot share
/// one link's attempts.
pub struct FeedbackLimits {
    /// Sending feedback, prompts and dismissals, per address.
    pub feedback: Arc<AddressLimiter>,
    /// Counting funnel steps, per address.
    pub funnel: Arc<AddressLimiter>,
    /// Date-of-birth checks, per address.
    pub verify: Arc<AddressLimiter>,
    /// Feedback, prompts, dismissals and date-of-birth checks, per patient link.
    pub per_link: Arc<AddressLimiter>,
}

impl FeedbackLimits {
    /// New limits from the settings.
    pub fn new(settings: &crate::startup::Settings, store: &crate::store::Store) -> FeedbackLimits {
        let limit = |name, n| Arc::new(crate::limits::Limiter::new(name, n, store));
        FeedbackLimits {
            feedback: limit("feedback", settings.feedback_rate_limit),
            funnel: limit("funnel", FUNNEL_PER_MINUTE),
            verify: limit("verify", settings.verify_rate_limit),
            per_link: limit("link", settings.link_rate_limit),
        }
    }

    /// Every limiter, for the task that forgets quiet keys.
    pub fn all(&self) -> Vec<Arc<AddressLimiter>> {
        vec![
            self.feedback.clone(),
            self.funnel.clone(),
            self.verify.clone(),
            self.per_link.clone(),
        ]
    }

    /// False when the link whose secret is `secret` has used up its minute.
    pub async fn link_allows(&self, secret: &str) -> bool {
        self.per_link.allows(&crate::tokens::hash(secret)).await
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
    pub language: portal_core::Language,
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

pub use crate::store::feedback::{new_link, FollowUpRow};

impl FollowUpRow {
    /// The follow-up as staff see it, with `overdue` and the due time in words as of `now`.
    pub fn to_api(&self, config: &ClinicConfig, now: DateTime<Utc>) -> FollowUpItem {
        let due = from_epoch(self.due_at);
        let resolved = self.resolved_at.map(from_epoch);
        let given = self.contact_value.clone().filter(|v| !v.trim().is_empty());
        let on_file = |value: &Option<String>| value.clone().filter(|v| !v.trim().is_empty());
        // What they gave with their feedback first, else what is on file from the booking.
        let (phone, email) = match self.contact.0 {
            Some(ContactWay::Phone | ContactWay::Text) => (
                given.or_else(|| on_file(&self.phone_on_file)),
                on_file(&self.email_on_file),
            ),
            Some(ContactWay::Email) => (
                on_file(&self.phone_on_file),
                given.or_else(|| on_file(&self.email_on_file)),
            ),
            None => (on_file(&self.phone_on_file), on_file(&self.email_on_file)),
        };
        let visit = self.visit_start.map(|start| {
            let provider = self.visit_provider.as_deref().unwrap_or_default();
            let kind = self.visit_type.as_deref().unwrap_or_default();
            format!(
                "{} with {}, {}",
                config.visit_type(kind).map_or(kind, |v| v.name.en.as_str()),
                config
                    .provider(provider)
                    .map_or(provider, |p| p.name.en.as_str()),
                clinic_clock(config, from_epoch(start)).format("%a, %b %-d, %-I:%M %p")
            )
        });
        FollowUpItem {
            id: self.public_id.clone(),
            feedback_id: self.feedback_id.clone(),
            moment: self.moment,
            appointment: self.appointment_id.clone(),
            opened_at: rfc3339(from_epoch(self.opened_at)),
            due_at: rfc3339(due),
            overdue: portal_core::feedback::is_overdue(due, resolved, now),
            reason: self.reason,
            ease: crate::store::score(self.ease),
            overall: crate::store::score(self.overall),
            recommend: crate::store::score(self.recommend),
            better: self.better.clone().unwrap_or_default(),
            contact: self.contact.0,
            contact_value: self.contact_value.clone().unwrap_or_default(),
            language: self.language,
            resolved_at: resolved.map(rfc3339),
            resolution_note: self.resolution_note.clone(),
            patient_name: self.patient_name.clone().unwrap_or_default(),
            preferred_name: self.preferred_name.clone().unwrap_or_default(),
            phone,
            email,
            visit,
            due_in_words: match resolved {
                Some(_) => String::new(),
                None => due_in_words(config, due, now),
            },
        }
    }
}

fn clinic_clock(config: &ClinicConfig, t: DateTime<Utc>) -> chrono::DateTime<chrono_tz::Tz> {
    t.with_timezone(&config.clinic.timezone)
}

/// "due today 5 PM", "due tomorrow 9:30 AM", "due Friday 5 PM", "due Mar 9, 5 PM", or
/// "45 minutes overdue", "2 hours overdue", "3 days overdue", in the clinic's time.
pub fn due_in_words(config: &ClinicConfig, due: DateTime<Utc>, now: DateTime<Utc>) -> String {
    if due <= now {
        let late = (now - due).num_minutes();
        return match late {
            0..=1 => "due now".into(),
            2..=59 => format!("{late} minutes overdue"),
            60..=119 => "1 hour overdue".into(),
            120..=2879 => format!("{} hours overdue", late / 60),
            _ => format!("{} days overdue", late / 1440),
        };
    }
    let local = clinic_clock(config, due);
    let today = clinic_clock(config, now).date_naive();
    let time = if local.format("%M").to_string() == "00" {
        local.format("%-I %p").to_string()
    } else {
        local.format("%-I:%M %p").to_string()
    };
    let days = (local.date_naive() - today).num_days();
    match days {
        0 => format!("due today {time}"),
        1 => format!("due tomorrow {time}"),
        2..=6 => format!("due {} {time}", local.format("%A")),
        _ => format!("due {}, {time}", local.format("%b %-d")),
    }
}
