//! Booking's rules on the server side: API times, the clinic's days, the nearest other open
//! times, and a visit as the API shows it. The booking, move and cancel themselves are store
//! calls, each one write transaction: see [`crate::store::appointments`].

use chrono::{DateTime, Duration, NaiveDate, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;
use portal_core::api::{Appointment, OpenSlot};
use portal_core::clinic::{Clinic, ClinicConfig};
use portal_core::ids::{LocationId, ProviderId};
use portal_core::slots::{self, Booked, Slot, SlotRequest};

/// A UTC time as the API writes it: `2026-03-09T13:30:00Z`.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A UTC time on the clinic's clock, as the API writes it beside the UTC one:
/// `2026-03-09T09:30:00-04:00` (RFC 3339 with the clinic's offset at that time).
pub fn clinic_clock(tz: Tz, t: DateTime<Utc>) -> String {
    t.with_timezone(&tz)
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Parses an API time; only whole-second UTC or offset times are accepted.
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Seconds since the epoch to UTC time.
pub fn from_epoch(seconds: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(seconds, 0).single().unwrap_or_default()
}

/// An engine slot as the API shows it, in clinic zone `tz`.
pub fn open_slot(tz: Tz, slot: &Slot<'_>) -> OpenSlot {
    OpenSlot {
        start: rfc3339(slot.start),
        clinic_start: clinic_clock(tz, slot.start),
        end: rfc3339(slot.end),
        provider: slot.provider.into(),
        location: slot.location.into(),
    }
}

/// The clinic's local date today.
pub fn clinic_today(config: &ClinicConfig, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&config.clinic.timezone).date_naive()
}

/// The instant a clinic-local date starts.
pub fn day_start(config: &ClinicConfig, date: NaiveDate) -> DateTime<Utc> {
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    config
        .clinic
        .timezone
        .from_local_datetime(&midnight)
        .earliest()
        .map_or_else(
            || Utc.from_utc_datetime(&midnight),
            |t| t.with_timezone(&Utc),
        )
}

/// The last clinic-local date that can be booked.
pub fn last_bookable_date(config: &ClinicConfig, now: DateTime<Utc>) -> NaiveDate {
    (now + Duration::days(config.rules.horizon_days as i64))
        .with_timezone(&config.clinic.timezone)
        .date_naive()
}

/// How far back staff may look at a day's visits, in days (about ten years).
pub const STAFF_DAYS_BACK: i64 = 3660;
/// How far past the booking horizon staff may look, in days.
pub const STAFF_DAYS_AHEAD: i64 = 366;

/// The clinic-local day staff asked for in `field` (today when left out or empty), within the
/// days staff may look at: ten years back to a year past the booking horizon.
pub fn staff_day(
    config: &ClinicConfig,
    now: DateTime<Utc>,
    field: &str,
    input: Option<&str>,
) -> Result<NaiveDate, portal_core::api::FieldError> {
    let today = clinic_today(config, now);
    match input.map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(today),
        Some(d) => {
            let earliest = today - Duration::days(STAFF_DAYS_BACK);
            let latest = last_bookable_date(config, now) + Duration::days(STAFF_DAYS_AHEAD);
            date_in_range(field, d, earliest, latest)
        }
    }
}

/// Parses a `YYYY-MM-DD` date for the query parameter `field`, which must fall within
/// `[earliest, latest]`; the refusal says what is wrong and which dates are allowed. Every date
/// a client sends goes through here, so no date far out of range reaches date arithmetic.
pub fn date_in_range(
    field: &str,
    input: &str,
    earliest: NaiveDate,
    latest: NaiveDate,
) -> Result<NaiveDate, portal_core::api::FieldError> {
    let range = format!(
        "use a date from {} to {}",
        earliest.format("%Y-%m-%d"),
        latest.format("%Y-%m-%d")
    );
    let refuse = |message: String| portal_core::api::FieldError {
        path: field.to_string(),
        message,
    };
    let date = NaiveDate::parse_from_str(input.trim(), "%Y-%m-%d").map_err(|_| {
        refuse(format!(
            "\"{input}\" is not a date; write YYYY-MM-DD and {range}"
        ))
    })?;
    if date < earliest || date > latest {
        return Err(refuse(format!(
            "{} is outside the dates that can be asked for here; {range}",
            date.format("%Y-%m-%d")
        )));
    }
    Ok(date)
}

/// Up to `count` open times for the visit type near `around`, for a patient who wanted
/// `wanted` (provider, location): the same doctor at the same office first, then the same
/// doctor elsewhere, then the same office with another doctor, then the rest; nearest in time
/// within each, and shown earliest first within each.
pub fn nearest_alternatives(
    config: &Clinic,
    visit_type: &str,
    around: DateTime<Utc>,
    wanted: (&ProviderId, &LocationId),
    booked: &[Booked],
    now: DateTime<Utc>,
    count: usize,
) -> Vec<OpenSlot> {
    let tz = config.clinic.timezone;
    let day = around.with_timezone(&tz).date_naive();
    let request = SlotRequest {
        visit_type: visit_type.into(),
        provider: None,
        location: None,
        from: day - Duration::days(3),
        to: day + Duration::days(7),
    };
    let mut open = slots::open_slots(config, &request, booked, now);
    let unlike = |s: &slots::Slot| {
        (s.provider != wanted.0.as_str()) as u8 * 2 + (s.location != wanted.1.as_str()) as u8
    };
    open.sort_by_key(|s| (unlike(s), (s.start - around).num_seconds().abs()));
    open.truncate(count);
    open.sort_by_key(|s| (unlike(s), s.start));
    open.iter().map(|s| open_slot(tz, s)).collect()
}

pub use crate::store::appointments::AppointmentRow;

impl AppointmentRow {
    /// What the outbox needs to plan this visit's messages.
    pub fn visit_facts(&self) -> crate::outbox::VisitFacts<'_> {
        crate::outbox::VisitFacts {
            id: &self.id,
            start: from_epoch(self.start_at),
            end: from_epoch(self.end_at),
            contact_by: self.contact_by,
            has_email: self.has_email,
            has_phone: self.has_phone,
            sequence: self.calendar_sequence,
        }
    }
}

impl AppointmentRow {
    /// The API view (without the manage token).
    pub fn to_api(&self, config: &ClinicConfig) -> Appointment {
        Appointment {
            id: self.id.clone(),
            status: self.status,
            clinic: self.clinic_id.clone(),
            visit_type: self.visit_type_id.as_str().into(),
            provider: self.provider_id.as_str().into(),
            location: self.location_id.as_str().into(),
            start: rfc3339(from_epoch(self.start_at)),
            clinic_start: clinic_clock(config.clinic.timezone, from_epoch(self.start_at)),
            end: rfc3339(from_epoch(self.end_at)),
            timezone: config.clinic.timezone.name().to_string(),
            preferred_name: self.preferred_name.clone().unwrap_or_default(),
            manage_token: None,
        }
    }
}

/// True when the error is the database refusing a second row with the same unique key.
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// When a visit ending at `end` stops blocking its provider: its end plus the clinic's buffer.
/// Stored with the visit; PostgreSQL's exclusion constraint refuses overlaps of these times.
pub fn busy_until(config: &ClinicConfig, end: DateTime<Utc>) -> i64 {
    end.timestamp() + i64::from(config.rules.buffer_minutes) * 60
}
