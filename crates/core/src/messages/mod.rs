//! Messages to patients outside the page: what is sent (booking confirmed, visit changed or
//! cancelled, reminders, notes ready, after the visit, follow-up handled), when, and in which
//! words. The server plans them in its outbox and sends them; the rules live here.
//!
//! - [`MessageSettings`]: the clinic's `[messages]` table, checked at start.
//! - [`reminder_times`]: when each reminder is due, with texts kept out of quiet hours.
//! - [`render`]: the words of a message in English or Spanish, at grade 6 or lower, with the
//!   clinic's phone number in every one and no patient data beyond name, time and place.
//!
//! ```
//! use portal_core::messages::{render, Channel, Facts, MessageKind};
//! use portal_core::clinic::Language;
//! let facts = Facts { preferred_name: "Rosa", clinic: "Maple Grove Family Clinic", phone: "(555) 010-2233",
//!     when: "Tuesday, March 3 at 9:30 AM".into(), provider: "Dr. Chen", place: "Downtown office, 120 Maple St".into(),
//!     ..Facts::default() };
//! let text = render(MessageKind::Reminder, Channel::Text, Language::En, &facts);
//! assert!(text.body.contains("(555) 010-2233"));
//! ```

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Deserialize;

use crate::clinic::{ClinicConfig, ConfigIssue, Language};

mod words;

pub use words::{render, render_for, Rendered};

/// What a message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, crate::ClosedSet)]
pub enum MessageKind {
    /// The visit was booked.
    Confirmation,
    /// The visit moved to another time, provider or office.
    Changed,
    /// The visit was cancelled.
    Cancelled,
    /// A reminder before the visit.
    Reminder,
    /// Post-visit instructions are ready to read.
    NotesReady,
    /// After the visit: the feedback link.
    AfterVisit,
    /// Staff handled what the patient asked for in feedback.
    FollowUpHandled,
}

impl MessageKind {
    /// True for the messages about the visit's time, which carry a calendar file by email.
    pub fn has_calendar(self) -> bool {
        matches!(
            self,
            MessageKind::Confirmation | MessageKind::Changed | MessageKind::Cancelled
        )
    }
}

/// How a message travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, crate::ClosedSet)]
pub enum Channel {
    /// Email.
    Email,
    /// Text message (SMS).
    Text,
}

pub use crate::api::ContactBy;

/// The channels a patient's choice uses.
pub fn channels_of(contact_by: ContactBy) -> &'static [Channel] {
    match contact_by {
        ContactBy::Text => &[Channel::Text],
        ContactBy::Email => &[Channel::Email],
        ContactBy::Both => &[Channel::Email, Channel::Text],
        ContactBy::Neither => &[],
    }
}

/// The clinic's `[messages]` table: who messages come from, which channels are on, and when
/// reminders and the after-visit message go out.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MessageSettings {
    /// The name emails come from, like "Maple Grove Family Clinic"; the clinic's name when left out.
    pub sender_name: Option<String>,
    /// The address emails come from, like "visits@maplegrove.example"; the server's
    /// `--smtp-from` when left out.
    pub sender_email: Option<String>,
    /// Where patients' replies to an email go, like the front desk's address.
    pub reply_to: Option<String>,
    /// Whether the clinic sends email.
    pub email: bool,
    /// Whether the clinic sends text messages.
    pub text: bool,
    /// Hours before the visit that reminders go out, like [48, 2].
    pub reminder_hours: Vec<u32>,
    /// No texts from this local time (24-hour "HH:MM")...
    pub quiet_from: String,
    /// ...until this local time.
    pub quiet_until: String,
    /// Hours after the visit ends that the feedback link goes out; 0 turns it off.
    pub after_visit_hours: u32,
    /// The page of the clinic's website with the widget; links in messages open it. When left
    /// out: `[instructions] patient_page`, else portal-server's own `/`.
    pub patient_page: Option<String>,
    /// The clinic's own words for a message, by kind (`[messages.wording.reminder]`), in place
    /// of the standard ones; each language left out keeps the standard words.
    pub wording: std::collections::BTreeMap<String, Wording>,
}

/// A clinic's own words for one kind of message. Placeholders in braces: see [`PLACEHOLDERS`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wording {
    /// The email's subject.
    pub subject: Option<crate::clinic::Text>,
    /// The email's body.
    pub body: Option<crate::clinic::Text>,
    /// The text message (`Reply STOP to end texts.` is added).
    pub text: Option<crate::clinic::Text>,
}

/// What a clinic's words may say, in braces, like `{when}`.
pub const PLACEHOLDERS: [&str; 10] = [
    "name",
    "clinic",
    "phone",
    "when",
    "provider",
    "place",
    "map",
    "bring",
    "manage_link",
    "link",
];

/// The placeholders in `text`, in order (what is between `{` and `}`).
pub fn placeholders_in(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        found.push(&after[..close]);
        rest = &after[close + 1..];
    }
    found
}

impl Default for MessageSettings {
    fn default() -> Self {
        MessageSettings {
            sender_name: None,
            sender_email: None,
            reply_to: None,
            email: true,
            text: false,
            reminder_hours: vec![48, 2],
            quiet_from: "20:00".into(),
            quiet_until: "08:00".into(),
            after_visit_hours: 2,
            patient_page: None,
            wording: Default::default(),
        }
    }
}

/// Parses "HH:MM".
fn parse_time(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").ok()
}

impl MessageSettings {
    /// The quiet hours as local times (from, until); `20:00` to `08:00` when unreadable (the
    /// check at start refuses that).
    pub fn quiet_hours(&self) -> (NaiveTime, NaiveTime) {
        let default = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap_or(NaiveTime::MIN);
        (
            parse_time(&self.quiet_from).unwrap_or(default(20)),
            parse_time(&self.quiet_until).unwrap_or(default(8)),
        )
    }

    /// True when `channel` is on for this clinic.
    pub fn sends(&self, channel: Channel) -> bool {
        match channel {
            Channel::Email => self.email,
            Channel::Text => self.text,
        }
    }
}

/// Checks `[messages]`; each problem names its field and what would be right.
pub fn validate(clinic: &ClinicConfig) -> Vec<ConfigIssue> {
    let m = &clinic.messages;
    let mut issues = Vec::new();
    let mut issue = |path: &str, message: String| {
        issues.push(ConfigIssue {
            path: path.into(),
            message,
        })
    };
    for (field, value) in [
        ("messages.quiet_from", &m.quiet_from),
        ("messages.quiet_until", &m.quiet_until),
    ] {
        if parse_time(value).is_none() {
            issue(
                field,
                format!("\"{value}\" is not a time; use 24-hour HH:MM, like \"20:00\""),
            );
        }
    }
    for (i, hours) in m.reminder_hours.iter().enumerate() {
        if *hours == 0 || *hours > 24 * 14 {
            issue(
                &format!("messages.reminder_hours[{i}]"),
                format!(
                    "{hours} is out of range; use 1 to 336 hours before the visit, like 48 or 2"
                ),
            );
        }
    }
    if m.reminder_hours.len() > 4 {
        issue(
            "messages.reminder_hours",
            "at most 4 reminders per visit, like [48, 2]".into(),
        );
    }
    if m.after_visit_hours > 24 * 14 {
        issue(
            "messages.after_visit_hours",
            format!(
                "{} is out of range; use 0 (off) to 336 hours",
                m.after_visit_hours
            ),
        );
    }
    for (field, value) in [
        ("messages.sender_email", &m.sender_email),
        ("messages.reply_to", &m.reply_to),
    ] {
        if let Some(address) = value {
            if crate::patient::Email::parse(address).is_err() {
                issue(field, format!("\"{address}\" is not an email address; write it like visits@maplegrove.example"));
            }
        }
    }
    let max_grade = clinic.instructions.max_grade;
    for (kind, wording) in &m.wording {
        if MessageKind::parse(kind).is_none() {
            let kinds: Vec<&str> = MessageKind::ALL.iter().map(|k| k.as_str()).collect();
            issue(
                &format!("messages.wording.{kind}"),
                format!(
                    "\"{kind}\" is not a message; use one of {}",
                    kinds.join(", ")
                ),
            );
            continue;
        }
        for (part, text) in [
            ("subject", &wording.subject),
            ("body", &wording.body),
            ("text", &wording.text),
        ] {
            let Some(text) = text else { continue };
            for (lang, words) in [
                (crate::Language::En, Some(&text.en)),
                (crate::Language::Es, text.es.as_ref()),
            ] {
                let Some(words) = words else { continue };
                let path = format!("messages.wording.{kind}.{part}.{lang}");
                for name in placeholders_in(words) {
                    if !PLACEHOLDERS.contains(&name) {
                        issue(
                            &path,
                            format!(
                                "{{{name}}} is not a placeholder; use {}",
                                PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(", ")
                            ),
                        );
                    }
                }
                if part != "subject" && !words.contains("{phone}") {
                    issue(&path, "every message gives the clinic's phone: put {phone} in it, like \"Questions? Call us at {phone}.\"".into());
                }
                let prose: Vec<String> = words
                    .lines()
                    .map(|l| {
                        l.split_whitespace()
                            .filter(|w| !w.contains('{'))
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .filter(|l| !l.is_empty())
                    .collect();
                let graded = crate::instructions::readability::grade_section(&prose, lang);
                if graded.total.grade > max_grade {
                    issue(
                        &path,
                        format!(
                            "reads at grade {:.1}, above the clinic's maximum of {max_grade} ([instructions] max_grade); use shorter sentences and words",
                            graded.total.grade
                        ),
                    );
                }
            }
        }
    }
    if let Some(page) = &m.patient_page {
        if !(page.starts_with("https://") || page.starts_with("http://")) {
            issue("messages.patient_page", format!("\"{page}\" is not a web address; write the page with the widget, like \"https://www.maplegrove.example/book\""));
        }
    }
    issues
}

/// When each reminder for a visit at `start` is due: one per lead time of `settings`, never in
/// the past (`now`), and for texts never in quiet hours. A text due in quiet hours goes out when
/// they end if that is still at least an hour before the visit, else just before they begin.
/// Returns (lead hours, due time), earliest first.
pub fn reminder_times(
    settings: &MessageSettings,
    tz: Tz,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
    channel: Channel,
) -> Vec<(u32, DateTime<Utc>)> {
    let mut out: Vec<(u32, DateTime<Utc>)> = Vec::new();
    for &hours in &settings.reminder_hours {
        let mut due = start - Duration::hours(i64::from(hours));
        if channel == Channel::Text {
            due = outside_quiet_hours(settings, tz, due, start);
        }
        // A reminder whose time has passed at booking is not sent; the confirmation says it all.
        if due > now && due < start {
            out.push((hours, due));
        }
    }
    out.sort_by_key(|(_, due)| *due);
    out.dedup_by_key(|(_, due)| *due);
    out
}

/// True when the local time of `at` falls in the quiet hours.
pub fn in_quiet_hours(settings: &MessageSettings, tz: Tz, at: DateTime<Utc>) -> bool {
    let (from, until) = settings.quiet_hours();
    let local = at.with_timezone(&tz).time();
    if from <= until {
        local >= from && local < until
    } else {
        local >= from || local < until
    }
}

/// When the quiet hours around `at` end (the next `quiet_until`, local time).
pub fn end_of_quiet_hours(settings: &MessageSettings, tz: Tz, at: DateTime<Utc>) -> DateTime<Utc> {
    let (_, until) = settings.quiet_hours();
    let local = at.with_timezone(&tz);
    let mut day = local.date_naive();
    if local.time() >= until {
        day = day.succ_opt().unwrap_or(day);
    }
    tz.from_local_datetime(&day.and_time(until))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(at + Duration::hours(1))
}

fn outside_quiet_hours(
    settings: &MessageSettings,
    tz: Tz,
    due: DateTime<Utc>,
    start: DateTime<Utc>,
) -> DateTime<Utc> {
    if !in_quiet_hours(settings, tz, due) {
        return due;
    }
    let (from, until) = settings.quiet_hours();
    let local = due.with_timezone(&tz);
    // The end of these quiet hours: today's `until` if still ahead, else tomorrow's.
    let mut end_day = local.date_naive();
    if local.time() >= until {
        end_day = end_day.succ_opt().unwrap_or(end_day);
    }
    let end = tz
        .from_local_datetime(&end_day.and_time(until))
        .earliest()
        .map(|t| t.with_timezone(&Utc));
    if let Some(end) = end {
        if end + Duration::hours(1) <= start {
            return end;
        }
    }
    // Else the last minute before these quiet hours began.
    let mut begin_day = local.date_naive();
    if local.time() < from {
        begin_day = begin_day.pred_opt().unwrap_or(begin_day);
    }
    tz.from_local_datetime(&begin_day.and_time(from))
        .earliest()
        .map(|t| t.with_timezone(&Utc) - Duration::minutes(1))
        .unwrap_or(due)
}

/// What a message says about the visit: the preferred name, the time and place, and links.
/// Nothing else about the patient goes into a message.
#[derive(Debug, Clone, Default)]
pub struct Facts<'a> {
    /// The name to greet by.
    pub preferred_name: &'a str,
    /// The clinic's name.
    pub clinic: &'a str,
    /// The clinic's phone.
    pub phone: &'a str,
    /// The visit's local day and time in words, from [`local_when`].
    pub when: String,
    /// The provider's name.
    pub provider: &'a str,
    /// The office's name and address, or "Video visit".
    pub place: String,
    /// A map link to the office.
    pub directions: Option<String>,
    /// What to bring or do before.
    pub bring: Option<&'a str>,
    /// The link to change or cancel the visit.
    pub manage_link: Option<String>,
    /// The link the message is for: the notes, the feedback form, or booking again.
    pub link: Option<String>,
    /// When the clinic will remind the patient, in words ("2 days before"), for the confirmation.
    pub reminder: Option<String>,
}

/// A time as patients read it, with the day, in the clinic's zone: "Tuesday, March 3 at
/// 9:30 AM", "martes, 3 de marzo a las 9:30 a. m.".
pub fn local_when(at: DateTime<Utc>, tz: Tz, language: Language) -> String {
    crate::clock::when(language, &crate::clock::Wall::of(&at.with_timezone(&tz)))
}

/// A lead time in words: "2 days", "2 hours", "1 day".
pub fn lead_in_words(hours: u32, language: Language) -> String {
    let (n, unit_en, unit_es) = if hours % 24 == 0 {
        (hours / 24, "day", "día")
    } else {
        (hours, "hour", "hora")
    };
    match language {
        Language::En => format!("{n} {unit_en}{}", if n == 1 { "" } else { "s" }),
        Language::Es => format!("{n} {unit_es}{}", if n == 1 { "" } else { "s" }),
    }
}

#[cfg(test)]
mod tests;
