//! The outbox: messages to patients, planned in the same transaction as the event that causes
//! them (a booking, a move, a cancel), and sent later by the [`dispatch`]er.
//!
//! Planning is idempotent: every message has a unique `dedupe_key` (visit, kind, channel, lead
//! time or change number), so planning twice makes one message. A move re-plans the reminders
//! and the after-visit message; a cancel drops them; nothing is sent about a cancelled visit
//! but the cancellation itself.
//!
//! Secrets a message needs (the manage token in its link) are sealed under the server's token
//! key in the row, never kept in the clear.

use crate::store::messages::NewMessage;
use crate::store::{self, Conn};
use chrono::{DateTime, Duration, Utc};
use portal_core::clinic::ClinicConfig;
use portal_core::messages::{self, Channel, ContactBy, MessageKind};

use crate::secrets::ServerKeys;
use crate::tokens;

pub mod calendar;
pub mod dispatch;
pub mod email;
pub mod sms;

/// What planning needs to know of a visit.
#[derive(Debug, Clone)]
pub struct VisitFacts<'a> {
    /// The appointment's public id.
    pub id: &'a str,
    /// When it starts.
    pub start: DateTime<Utc>,
    /// When it ends.
    pub end: DateTime<Utc>,
    /// How the patient asked to hear about it.
    pub contact_by: ContactBy,
    /// Whether the patient gave an email address.
    pub has_email: bool,
    /// Whether the patient gave a phone number.
    pub has_phone: bool,
    /// The calendar file's SEQUENCE after this event.
    pub sequence: i64,
}

/// The channels a visit's messages go by: the patient's choice, the clinic's channels, and the
/// addresses the patient gave.
pub fn channels(config: &ClinicConfig, visit: &VisitFacts<'_>) -> Vec<Channel> {
    messages::channels_of(visit.contact_by)
        .iter()
        .copied()
        .filter(|c| config.messages.sends(*c))
        .filter(|c| match c {
            Channel::Email => visit.has_email,
            Channel::Text => visit.has_phone,
        })
        .collect()
}

/// One message to plan.
struct Planned<'a> {
    kind: MessageKind,
    channel: Channel,
    dedupe_key: String,
    due: DateTime<Utc>,
    link_secret: Option<&'a str>,
    sequence: Option<i64>,
}

/// Inserts messages, in one statement, unless their dedupe key is already planned; a cancelled
/// one with the same key comes back (a visit moved back, say) with its new time.
async fn plan_all(
    conn: &mut Conn,
    keys: &ServerKeys,
    clinic: &str,
    appointment: &str,
    planned: Vec<Planned<'_>>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    if planned.is_empty() {
        return Ok(());
    }
    let messages = planned
        .into_iter()
        .map(|m| NewMessage {
            public_id: tokens::new_id(),
            kind: m.kind.as_str(),
            channel: m.channel.as_str(),
            link_sealed: m
                .link_secret
                .map(|secret| keys.seal(secret, &format!("message:{}", m.dedupe_key))),
            dedupe_key: m.dedupe_key,
            due_at: m.due.timestamp(),
            calendar_sequence: m.sequence,
        })
        .collect();
    store::messages::plan(conn, clinic, appointment, messages, now).await
}

/// Drops a visit's planned messages of these kinds (they will not be sent).
async fn drop_planned(
    conn: &mut Conn,
    appointment: &str,
    kinds: &[MessageKind],
) -> Result<(), sqlx::Error> {
    for kind in kinds {
        store::messages::drop_planned(conn, appointment, kind.as_str()).await?;
    }
    Ok(())
}

/// One message of `kind` per channel of the visit, due at `due`, keyed `kind/channel/visit/tail`.
fn each_channel<'a>(
    config: &ClinicConfig,
    visit: &VisitFacts<'_>,
    kind: MessageKind,
    tail: &str,
    due: DateTime<Utc>,
    link_secret: Option<&'a str>,
    sequence: Option<i64>,
) -> Vec<Planned<'a>> {
    channels(config, visit)
        .into_iter()
        .map(|channel| Planned {
            kind,
            channel,
            dedupe_key: format!("{}/{}/{}{tail}", kind.as_str(), channel.as_str(), visit.id),
            due,
            link_secret,
            sequence,
        })
        .collect()
}

/// The reminders and the after-visit message of a booked visit.
fn ahead<'a>(
    config: &ClinicConfig,
    visit: &VisitFacts<'_>,
    manage_token: &'a str,
    now: DateTime<Utc>,
) -> Vec<Planned<'a>> {
    let mut planned = Vec::new();
    for channel in channels(config, visit) {
        for (lead, due) in messages::reminder_times(
            &config.messages,
            config.clinic.timezone,
            visit.start,
            now,
            channel,
        ) {
            let dedupe_key = format!(
                "reminder/{}/{}/{}/{lead}",
                channel.as_str(),
                visit.id,
                visit.start.timestamp()
            );
            planned.push(Planned {
                kind: MessageKind::Reminder,
                channel,
                dedupe_key,
                due,
                link_secret: Some(manage_token),
                sequence: None,
            });
        }
    }
    if config.messages.after_visit_hours > 0
        && config
            .feedback
            .moment(portal_core::feedback::Moment::AfterVisit)
            .enabled
    {
        let due = visit.end + Duration::hours(i64::from(config.messages.after_visit_hours));
        // The feedback link is made when the message is sent, so it is fresh.
        planned.extend(each_channel(
            config,
            visit,
            MessageKind::AfterVisit,
            "",
            due,
            None,
            None,
        ));
    }
    planned
}

/// A visit was booked: the confirmation now, then the reminders and the after-visit message.
pub async fn booked(
    conn: &mut Conn,
    keys: &ServerKeys,
    config: &ClinicConfig,
    visit: &VisitFacts<'_>,
    manage_token: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let mut planned = each_channel(
        config,
        visit,
        MessageKind::Confirmation,
        "",
        now,
        Some(manage_token),
        Some(visit.sequence),
    );
    planned.extend(ahead(config, visit, manage_token, now));
    plan_all(conn, keys, &config.clinic.id, visit.id, planned, now).await
}

/// A visit moved: the old reminders are dropped, the change is announced, new ones planned.
pub async fn moved(
    conn: &mut Conn,
    keys: &ServerKeys,
    config: &ClinicConfig,
    visit: &VisitFacts<'_>,
    manage_token: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    drop_planned(
        conn,
        visit.id,
        &[
            MessageKind::Reminder,
            MessageKind::AfterVisit,
            MessageKind::Confirmation,
        ],
    )
    .await?;
    let tail = format!("/{}", visit.sequence);
    let mut planned = each_channel(
        config,
        visit,
        MessageKind::Changed,
        &tail,
        now,
        Some(manage_token),
        Some(visit.sequence),
    );
    planned.extend(ahead(config, visit, manage_token, now));
    plan_all(conn, keys, &config.clinic.id, visit.id, planned, now).await
}

/// A visit was cancelled: nothing more is sent about it but the cancellation.
pub async fn cancelled(
    conn: &mut Conn,
    keys: &ServerKeys,
    config: &ClinicConfig,
    visit: &VisitFacts<'_>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    drop_planned(
        conn,
        visit.id,
        &[
            MessageKind::Reminder,
            MessageKind::AfterVisit,
            MessageKind::Confirmation,
            MessageKind::Changed,
        ],
    )
    .await?;
    let planned = each_channel(
        config,
        visit,
        MessageKind::Cancelled,
        "",
        now,
        None,
        Some(visit.sequence),
    );
    plan_all(conn, keys, &config.clinic.id, visit.id, planned, now).await
}

/// A packet of instructions for a visit was written: "your visit notes are ready", with the
/// packet's link (sealed; never the packet's content).
pub async fn notes_ready(
    conn: &mut Conn,
    keys: &ServerKeys,
    config: &ClinicConfig,
    visit: &VisitFacts<'_>,
    packet: &str,
    packet_secret: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let planned = each_channel(
        config,
        visit,
        MessageKind::NotesReady,
        &format!("/{packet}"),
        now,
        Some(packet_secret),
        None,
    );
    plan_all(conn, keys, &config.clinic.id, visit.id, planned, now).await
}

/// Staff resolved a follow-up the patient asked for: a short note that it was handled.
pub async fn follow_up_handled(
    conn: &mut Conn,
    keys: &ServerKeys,
    config: &ClinicConfig,
    visit: &VisitFacts<'_>,
    follow_up: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let planned = each_channel(
        config,
        visit,
        MessageKind::FollowUpHandled,
        &format!("/{follow_up}"),
        now,
        None,
        None,
    );
    plan_all(conn, keys, &config.clinic.id, visit.id, planned, now).await
}

/// Staff send the confirmation again (the patient lost it): a new confirmation by the visit's
/// ways of contact, with the manage link taken from the visit's latest message that has it.
/// `Ok(false)` when no message of the visit holds the link (nothing was ever sent by email or
/// text), so there is nothing to send it with.
pub async fn resend_confirmation(
    conn: &mut Conn,
    keys: &ServerKeys,
    config: &ClinicConfig,
    visit: &VisitFacts<'_>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let latest = store::messages::latest_link(conn, visit.id).await?;
    let Some(token) = latest
        .as_ref()
        .and_then(|(key, sealed)| keys.open(sealed, &format!("message:{key}")))
    else {
        return Ok(false);
    };
    let sent = store::messages::confirmations(conn, visit.id).await?;
    let tail = format!("/again/{sent}");
    let planned = each_channel(
        config,
        visit,
        MessageKind::Confirmation,
        &tail,
        now,
        Some(token.as_str()),
        Some(visit.sequence),
    );
    plan_all(conn, keys, &config.clinic.id, visit.id, planned, now).await?;
    Ok(true)
}

pub use crate::store::messages::{link_opened, of_visit, MessageRow};

/// The hash an address is opted out by: lower-case email, or the phone in E.164 (so
/// "(555) 010-4477" and the "+15550104477" a reply comes from are one number).
pub fn address_hash(channel: Channel, address: &str) -> String {
    let normal = match channel {
        Channel::Email => address.trim().to_lowercase(),
        Channel::Text => sms::e164(address)
            .unwrap_or_else(|| address.chars().filter(char::is_ascii_digit).collect()),
    };
    tokens::hash(&format!("{}:{normal}", channel.as_str()))
}
