//! The dispatcher: sends the outbox's due messages.
//!
//! Each round it claims a batch of due messages by setting a lease (`lease_until`) in one
//! statement, so several portal-servers on one database never take the same message; sends
//! each; and marks it `sent`, or puts it back with a later `due_at` (backing off), or, after
//! [`MAX_ATTEMPTS`], marks it `failed` with the reason for staff. A server killed mid-send leaves
//! the lease to run out, and the message is sent again with the same `Message-ID`.
//!
//! Before sending it looks again: nothing is sent about a cancelled visit but its cancellation,
//! nothing to an address that opted out, and the after-visit message not when the patient
//! already answered.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use crate::store::{self, Pool};
use chrono::{DateTime, Duration, Utc};
use portal_core::api::AppointmentStatus;
use portal_core::clinic::{ClinicConfig, Language, VisitMode};
use portal_core::messages::{self, Channel, Facts, MessageKind};

use super::calendar::{calendar_file, Method};
use super::email::{self, Mailer};
use crate::booking::{from_epoch, AppointmentRow};
use crate::startup::AppState;
use crate::store::messages::Claimed;

/// Tries before a message is marked failed.
pub const MAX_ATTEMPTS: i64 = 6;
/// How often the dispatcher looks, and how long it holds what it claims.
#[derive(Debug, Clone, Copy)]
pub struct Dispatch {
    /// Time between rounds.
    pub every: StdDuration,
    /// How long a claimed message is held before another dispatcher may take it.
    pub lease_seconds: i64,
}
/// Messages claimed per round.
pub const BATCH: i64 = 50;

/// The ways out: SMTP for email, and where emails come from when a clinic names no sender.
#[derive(Debug, Clone, Default)]
pub struct Transports {
    /// The SMTP connection, when `--smtp-url` is set.
    pub mailer: Option<Mailer>,
    /// The sender address when a clinic's `[messages]` has no `sender_email`.
    pub smtp_from: Option<String>,
    /// The SMS provider, when `--sms-account-sid` and the rest are set.
    pub sms: Option<super::sms::SmsClient>,
}

impl Transports {
    /// The channels that can really go out (the catalog tells the widget).
    pub fn can_send(&self, channel: Channel) -> bool {
        match channel {
            Channel::Email => self.mailer.is_some(),
            Channel::Text => self.sms.is_some(),
        }
    }
}

/// What became of one message.
enum Outcome {
    Sent,
    /// Not now (a text in quiet hours): due again then, without counting a try.
    Later(DateTime<Utc>),
    /// Not sent, for good: the state to record and why.
    Skipped(&'static str, String),
    /// Not sent this time; try again later.
    Retry(String),
}

/// Messages sent at once within a round.
pub const CONCURRENCY: usize = 16;

/// Starts the dispatcher: a round every `every` (at once again after a full batch), for as long
/// as the server runs.
pub fn start(state: AppState, transports: Arc<Transports>, dispatch: Dispatch) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(dispatch.every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            loop {
                match round(&state, &transports, dispatch.lease_seconds).await {
                    Ok(claimed) if claimed as i64 == BATCH => continue,
                    Ok(_) => break,
                    Err(e) => {
                        tracing::error!(error = %e, "message dispatch round failed");
                        break;
                    }
                }
            }
        }
    });
}

/// One round: claims due messages and sends them, [`CONCURRENCY`] at a time. Returns how many
/// were claimed.
pub async fn round(
    state: &AppState,
    transports: &Arc<Transports>,
    lease_seconds: i64,
) -> Result<usize, sqlx::Error> {
    let now = state.clock.now();
    let lease = now.timestamp() + lease_seconds;
    let turn = state.store.gate.turn().await;
    let claimed = store::messages::claim(&state.store.pool, now, lease, BATCH).await?;
    drop(turn);
    let count = claimed.len();
    let mut claimed = claimed.into_iter();
    let mut sending = tokio::task::JoinSet::new();
    loop {
        while sending.len() < CONCURRENCY {
            let Some(message) = claimed.next() else { break };
            let (state, transports) = (state.clone(), transports.clone());
            sending.spawn(async move {
                let mut to_hash = None;
                let outcome = deliver(&state, &transports, &message, now, &mut to_hash)
                    .await
                    .unwrap_or_else(|e| Outcome::Retry(format!("database: {e}")));
                let _turn = state.store.gate.turn().await;
                record(&state.store.pool, &message, lease, outcome, now, to_hash).await
            });
        }
        match sending.join_next().await {
            Some(Ok(result)) => result?,
            Some(Err(e)) => tracing::error!(error = %e, "a message's task failed"),
            None => break,
        }
    }
    Ok(count)
}

async fn record(
    db: &Pool,
    message: &Claimed,
    lease: i64,
    outcome: Outcome,
    now: DateTime<Utc>,
    to_hash: Option<String>,
) -> Result<(), sqlx::Error> {
    let (state, error, due) = match outcome {
        Outcome::Later(due) => {
            // Not a try: the message waits for its time, like a new one.
            return store::messages::postpone(db, message.id, lease, due).await;
        }
        Outcome::Sent => ("sent", None, None),
        Outcome::Skipped(state, why) => (state, Some(why), None),
        Outcome::Retry(why) if message.attempts >= MAX_ATTEMPTS => ("failed", Some(why), None),
        Outcome::Retry(why) => {
            // 30 s, 1, 2, 4, 8 minutes...
            let wait = Duration::seconds(30 * (1 << (message.attempts - 1).clamp(0, 10)));
            tracing::warn!(message = %message.public_id, attempts = message.attempts, "message not sent; trying again later");
            ("planned", Some(why), Some((now + wait).timestamp()))
        }
    };
    let outcome = store::messages::Record {
        state,
        error,
        due_at: due,
        to_hash,
    };
    store::messages::record(db, message.id, lease, outcome, now).await
}

async fn deliver(
    state: &AppState,
    transports: &Transports,
    message: &Claimed,
    now: DateTime<Utc>,
    to_hash: &mut Option<String>,
) -> Result<Outcome, sqlx::Error> {
    let (Some(kind), Some(channel), Some(config)) = (
        MessageKind::parse(&message.kind),
        Channel::parse(&message.channel),
        state.clinics.get(&message.clinic_id),
    ) else {
        return Ok(Outcome::Skipped(
            "failed",
            "the clinic or the kind of message is no longer known".into(),
        ));
    };
    let Some(appointment) = &message.appointment_id else {
        return Ok(Outcome::Skipped(
            "failed",
            "the message names no visit".into(),
        ));
    };
    let Some(row) = crate::store::appointments::find(&state.store.pool, appointment).await? else {
        return Ok(Outcome::Skipped(
            "cancelled",
            "the visit is no longer kept".into(),
        ));
    };
    if row.status != AppointmentStatus::Booked && kind != MessageKind::Cancelled {
        return Ok(Outcome::Skipped(
            "cancelled",
            "the visit was cancelled".into(),
        ));
    }
    // A reminder that could not go out in time (the server was down) is no use once the visit
    // has begun.
    if kind == MessageKind::Reminder && now.timestamp() >= row.start_at {
        return Ok(Outcome::Skipped(
            "cancelled",
            "the visit had begun before the reminder could go".into(),
        ));
    }
    let (email, phone) = store::messages::addresses(&state.store.pool, appointment).await?;
    let address = match channel {
        Channel::Email => email,
        Channel::Text => phone,
    }
    .filter(|a| !a.trim().is_empty());
    let Some(address) = address else {
        return Ok(Outcome::Skipped(
            "not_sent",
            format!(
                "the patient gave no {}",
                if channel == Channel::Email {
                    "email"
                } else {
                    "phone"
                }
            ),
        ));
    };
    let opted_out = store::messages::is_opted_out(
        &state.store.pool,
        &config.clinic.id,
        channel.as_str(),
        &super::address_hash(channel, &address),
    )
    .await?;
    if opted_out {
        return Ok(Outcome::Skipped(
            "opted_out",
            "the patient asked for no more of these".into(),
        ));
    }
    if !transports.can_send(channel) {
        let why = match channel {
            Channel::Email => "no email server set up (--smtp-url)",
            Channel::Text => "no text message service set up (--sms-account-sid)",
        };
        return Ok(Outcome::Skipped("not_sent", why.into()));
    }
    if channel == Channel::Text
        && messages::in_quiet_hours(&config.messages, config.clinic.timezone, now)
    {
        return Ok(Outcome::Later(messages::end_of_quiet_hours(
            &config.messages,
            config.clinic.timezone,
            now,
        )));
    }
    // Kept with the message, so a STOP reply finds the clinics that texted this number.
    *to_hash = Some(super::address_hash(channel, &address));
    let mut link = None;
    if kind == MessageKind::AfterVisit {
        let answered =
            store::messages::after_visit_answered(&state.store.pool, appointment).await?;
        if answered {
            return Ok(Outcome::Skipped(
                "cancelled",
                "the patient already told us how the visit went".into(),
            ));
        }
        let secret = crate::feedback::new_link(&state.store.pool, appointment, now).await?;
        link = Some(format!(
            "{}#pp-feedback={secret}",
            tracked_link(&state.public_url, &config.clinic.id, &message.public_id)
        ));
    }
    let secret = message.link_sealed.as_deref().and_then(|sealed| {
        state
            .keys
            .open(sealed, &format!("message:{}", message.dedupe_key))
    });
    let (manage_token, packet_secret) = match kind {
        MessageKind::NotesReady => (None, secret),
        _ => (secret, None),
    };
    if let Some(secret) = packet_secret {
        link = Some(format!(
            "{}#pp-packet={secret}",
            tracked_link(&state.public_url, &config.clinic.id, &message.public_id)
        ));
    }
    // Links go through this server's /m/ route, which counts the first open and sends the
    // browser on to the clinic's page; the secret stays in the fragment.
    let page = tracked_link(&state.public_url, &config.clinic.id, &message.public_id);
    let language = row.language;
    // A link opens the widget in the booking's language (`&pp-lang=`, read by the loader).
    let link = link.map(|l| [l.as_str(), "&pp-lang=", language.code()].concat());
    let mut facts = facts(config, &row, language, &page, manage_token.as_deref(), link);
    // "We will remind you 2 days before" only when that reminder is still to come.
    facts.reminder = messages::reminder_times(
        &config.messages,
        config.clinic.timezone,
        from_epoch(row.start_at),
        now,
        channel,
    )
    .first()
    .map(|(hours, _)| messages::lead_in_words(*hours, language));
    let words = messages::render_for(&config.messages, kind, channel, language, &facts);
    if let (Channel::Text, Some(sms)) = (channel, &transports.sms) {
        return Ok(match sms.send(&address, &words.body).await {
            Ok(()) => Outcome::Sent,
            Err(super::sms::SmsError::Refused(why)) => Outcome::Skipped("failed", why),
            Err(super::sms::SmsError::Failed(why)) => Outcome::Retry(why),
        });
    }
    let Some(mailer) = &transports.mailer else {
        return Ok(Outcome::Skipped(
            "not_sent",
            "no email server set up (--smtp-url)".into(),
        ));
    };
    let from_address = config
        .messages
        .sender_email
        .clone()
        .or_else(|| transports.smtp_from.clone());
    let Some(from_address) = from_address else {
        return Ok(Outcome::Skipped(
            "not_sent",
            "no sender address: set messages.sender_email in the clinic file, or --smtp-from"
                .into(),
        ));
    };
    let domain = from_address
        .rsplit('@')
        .next()
        .unwrap_or("patient-portal")
        .to_string();
    let calendar = kind.has_calendar().then(|| {
        let method = if kind == MessageKind::Cancelled {
            Method::Cancel
        } else {
            Method::Request
        };
        (
            calendar_file(&row, config, method),
            if method == Method::Cancel {
                "CANCEL"
            } else {
                "REQUEST"
            },
        )
    });
    let unsubscribe = format!(
        "{}/unsubscribe/{}",
        state.public_url.trim_end_matches('/'),
        message.public_id
    );
    let built = email::build(email::Email {
        from: (
            config
                .messages
                .sender_name
                .as_deref()
                .unwrap_or(&config.clinic.name),
            &from_address,
        ),
        reply_to: config.messages.reply_to.as_deref(),
        to: (facts.preferred_name, &address),
        subject: &words.subject,
        body: &words.body,
        message_id: format!("<{}@{domain}>", message.public_id),
        unsubscribe: &unsubscribe,
        unsubscribe_words: if language == Language::Es {
            "Para no recibir más correos de nosotros, use este enlace:"
        } else {
            "To stop emails from us, use this link:"
        },
        calendar,
    });
    let built = match built {
        Ok(built) => built,
        Err(why) => return Ok(Outcome::Skipped("failed", why)),
    };
    Ok(match mailer.send(built).await {
        Ok(()) => Outcome::Sent,
        Err(why) => Outcome::Retry(why),
    })
}

/// A message's link on this server: opening it counts as "opened" and leads to the clinic's
/// page with the widget ([`patient_page`]), keeping the link's fragment.
pub fn tracked_link(public_url: &str, clinic: &str, message: &str) -> String {
    format!("{}/m/{clinic}/{message}", public_url.trim_end_matches('/'))
}

/// The page with the widget that links in messages open.
pub fn patient_page(config: &ClinicConfig, public_url: &str) -> String {
    let page = config
        .messages
        .patient_page
        .as_deref()
        .or(config.instructions.patient_page.as_deref())
        .filter(|p| !p.trim().is_empty());
    match page {
        Some(page) => page.split('#').next().unwrap_or_default().to_string(),
        None => format!("{}/", public_url.trim_end_matches('/')),
    }
}

fn facts<'a>(
    config: &'a ClinicConfig,
    row: &'a AppointmentRow,
    language: Language,
    page: &str,
    token: Option<&str>,
    link: Option<String>,
) -> Facts<'a> {
    let tz = config.clinic.timezone;
    let visit = config.visit_type(&row.visit_type_id);
    let location = config.location(&row.location_id);
    let video = visit.is_some_and(|v| v.mode == VisitMode::Video);
    let place = super::calendar::place(config, row, language);
    let directions = match (video, location) {
        (false, Some(l)) => Some(format!(
            "https://www.openstreetmap.org/search?query={}",
            form_urlencoded::byte_serialize(l.address.as_bytes()).collect::<String>()
        )),
        _ => None,
    };
    Facts {
        preferred_name: row.preferred_name.as_deref().unwrap_or_default(),
        clinic: &config.clinic.name,
        phone: &config.clinic.phone,
        when: messages::local_when(from_epoch(row.start_at), tz, language),
        provider: config
            .provider(&row.provider_id)
            .map(|p| p.name.get(language))
            .unwrap_or_default(),
        place,
        directions,
        bring: visit
            .and_then(|v| v.preparation.as_ref())
            .map(|p| p.get(language)),
        manage_link: token.map(|t| {
            format!(
                "{page}#pp-manage={}.{t}&pp-lang={}",
                row.id,
                language.code()
            )
        }),
        link: link.or_else(|| Some(page.to_string())),
        reminder: None,
    }
}

/// Marks an address as opted out of a clinic's messages on one channel, and drops what was
/// still planned for it. Returns false when there is no such message.
pub async fn opt_out(
    db: &Pool,
    gate: &crate::store::WriteGate,
    message_public_id: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let found = store::messages::recipient(db, message_public_id).await?;
    let Some((clinic, channel_name, email, phone)) = found else {
        return Ok(false);
    };
    let Some(channel) = Channel::parse(&channel_name) else {
        return Ok(false);
    };
    let Some(address) = (match channel {
        Channel::Email => email,
        Channel::Text => phone,
    }) else {
        return Ok(true);
    };
    let hash = super::address_hash(channel, &address);
    let mut tx = gate.begin(db, &clinic).await?;
    store::messages::opt_out(&mut *tx, &clinic, channel.as_str(), &hash, now).await?;
    crate::store::audit::record_subject(
        &mut *tx,
        &clinic,
        &format!("patient:message:{message_public_id}"),
        "messages.opt_out",
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}
