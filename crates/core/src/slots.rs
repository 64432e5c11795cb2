//! The slot engine: a pure function from a clinic's rules, its booked visits and "now" to the
//! times a patient can book.
//!
//! Opening hours are written in the clinic's local time, but every slot is an instant in UTC.
//! Each day's block of hours is turned into a UTC window once, and start times are then stepped
//! through in absolute time. That is what keeps daylight-saving days right: on the spring-forward
//! day the missing hour simply is not in the window, and on the fall-back day the repeated hour
//! is in it twice, as two different instants.
//!
//! [`open_slots`] lists the open times for a request; [`check_slot`] re-checks one chosen time
//! inside the booking transaction, with the same candidate search, and says why it is refused.

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

use crate::clinic::{BookingRules, Clinic, Holiday, Provider, WeeklyHours};
use crate::ids::{LocationId, ProviderId, VisitTypeId};

/// What the patient asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotRequest {
    /// The visit type id.
    pub visit_type: VisitTypeId,
    /// Only this provider's times, when given.
    pub provider: Option<ProviderId>,
    /// Only times at this location, when given.
    pub location: Option<LocationId>,
    /// The first clinic-local date to search.
    pub from: NaiveDate,
    /// The last clinic-local date to search (inclusive).
    pub to: NaiveDate,
}

/// A visit already booked (or held) for a provider, in UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booked {
    /// The provider id.
    pub provider: String,
    /// When the visit starts.
    pub start: DateTime<Utc>,
    /// When the visit ends.
    pub end: DateTime<Utc>,
    /// Whether the clinic's buffer keeps the provider busy around it: true for visits, false
    /// for time staff blocked (sick, a meeting), which ends where it says.
    pub buffered: bool,
}

/// An open time a patient can book.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Slot<'a> {
    /// The provider id.
    pub provider: &'a str,
    /// The location id (for video visits, the location of the provider's hours block).
    pub location: &'a str,
    /// When the visit would start.
    pub start: DateTime<Utc>,
    /// When the visit would end.
    pub end: DateTime<Utc>,
}

/// Why a chosen time cannot be booked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlotRefusal {
    /// No visit type has this id.
    UnknownVisitType,
    /// No provider has this id.
    UnknownProvider,
    /// No location has this id.
    UnknownLocation,
    /// The provider does not offer this visit type or does not work at this location.
    NotOffered,
    /// Not a start time the engine would offer: outside hours, off-step, a holiday or time off.
    OutsideHours,
    /// Starts sooner than the clinic's minimum notice.
    TooSoon,
    /// Starts beyond how far ahead the clinic lets patients book.
    TooFar,
    /// Overlaps another visit of the provider, or the buffer around it.
    Taken,
}

impl SlotRefusal {
    /// A stable snake_case code for the API and logs, like `too_soon`.
    pub fn code(&self) -> &'static str {
        match self {
            SlotRefusal::UnknownVisitType => "unknown_visit_type",
            SlotRefusal::UnknownProvider => "unknown_provider",
            SlotRefusal::UnknownLocation => "unknown_location",
            SlotRefusal::NotOffered => "not_offered",
            SlotRefusal::OutsideHours => "outside_hours",
            SlotRefusal::TooSoon => "too_soon",
            SlotRefusal::TooFar => "too_far",
            SlotRefusal::Taken => "taken",
        }
    }
}

/// Lists the open times for `request`, sorted by start, then provider (in config order).
///
/// Unknown ids in the request give an empty list. A provider never gets the same start twice:
/// when two of their blocks of hours overlap, the block listed first wins.
pub fn open_slots<'a>(
    config: &'a Clinic,
    request: &SlotRequest,
    booked: &[Booked],
    now: DateTime<Utc>,
) -> Vec<Slot<'a>> {
    open_slots_with(config, request, booked, now, Overrides::default())
}

/// [`open_slots`] as clinic staff see them: with `overrides`, times sooner than the notice
/// (never in the past) or past the horizon are open too.
pub fn open_slots_with<'a>(
    config: &'a Clinic,
    request: &SlotRequest,
    booked: &[Booked],
    now: DateTime<Utc>,
    overrides: Overrides,
) -> Vec<Slot<'a>> {
    let Some(visit) = config.visit_type(&request.visit_type) else {
        return Vec::new();
    };
    if request
        .provider
        .as_ref()
        .is_some_and(|id| config.provider(id).is_none())
        || request
            .location
            .as_ref()
            .is_some_and(|id| config.location(id).is_none())
    {
        return Vec::new();
    }

    let tz = config.clinic.timezone;
    let window = BookingWindow::with(&config.rules, now, overrides);
    // Only dates whose hours could hold a bookable start; the margin covers UTC offsets and
    // DST gaps, so this never drops a slot, it only stops a wide request from doing extra work.
    let margin = TimeDelta::days(2);
    let first = request
        .from
        .max(local_date(tz, later(window.earliest, -margin)));
    let last = request.to.min(local_date(tz, later(window.latest, margin)));
    let search = Search {
        tz,
        holidays: &config.holidays,
        location: request.location.as_deref(),
        first,
        last,
        duration: minutes(visit.duration_minutes),
        step: minutes(config.rules.slot_step_minutes),
        window,
    };
    let buffer = minutes(config.rules.buffer_minutes);

    let mut slots = Vec::new();
    let mut found = Vec::new();
    for provider in &config.providers {
        if request
            .provider
            .as_ref()
            .is_some_and(|id| *id != provider.id)
            || !offers(provider, &visit.id)
        {
            continue;
        }
        let busy = bookings_of(&provider.id, booked, buffer);
        search.collect(provider, &busy, &mut found);
        // A stable sort keeps the earlier block first, so dedup keeps its location.
        found.sort_by_key(|slot| slot.start);
        found.dedup_by_key(|slot| slot.start);
        slots.append(&mut found);
    }
    // Stable again: equal starts stay in provider config order, and each provider has one
    // slot per start, so this is the order (start, provider, location).
    slots.sort_by_key(|slot| slot.start);
    slots
}

/// Re-checks one chosen time inside the booking transaction.
///
/// Gives `Ok` exactly when [`open_slots`] for that day, with this provider and location, lists
/// the time; otherwise says why not. A time that is not one the engine would offer at all is
/// [`SlotRefusal::OutsideHours`], even if it is also too soon or taken.
pub fn check_slot<'a>(
    config: &'a Clinic,
    wanted: &Wanted,
    booked: &[Booked],
    now: DateTime<Utc>,
) -> Result<Slot<'a>, SlotRefusal> {
    check_slot_with(config, wanted, booked, now, Overrides::default())
}

/// The time a booking asks for: visit type, provider, office and start, each id its own type
/// (so that one cannot stand for another).
#[derive(Debug, Clone)]
pub struct Wanted {
    /// The visit type's id.
    pub visit_type: VisitTypeId,
    /// The provider's id.
    pub provider: ProviderId,
    /// The office's id.
    pub location: LocationId,
    /// The start, UTC.
    pub start: DateTime<Utc>,
}

/// The booking window's rules that clinic staff may set aside for one booking (a patient on
/// the phone who needs a time sooner or later than patients can book online). Hours, holidays,
/// blocked time and other visits are never set aside, and nothing is booked in the past.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Overrides {
    /// Sooner than the clinic's notice (`rules.min_notice_minutes`), but not in the past.
    pub short_notice: bool,
    /// Past the clinic's horizon (`rules.horizon_days`).
    pub past_horizon: bool,
}

/// [`check_slot`] with staff's [`Overrides`].
pub fn check_slot_with<'a>(
    config: &'a Clinic,
    wanted: &Wanted,
    booked: &[Booked],
    now: DateTime<Utc>,
    overrides: Overrides,
) -> Result<Slot<'a>, SlotRefusal> {
    let Wanted {
        visit_type,
        provider,
        location,
        start,
    } = wanted;
    let start = *start;
    let visit = config
        .visit_type(visit_type)
        .ok_or(SlotRefusal::UnknownVisitType)?;
    let provider = config
        .provider(provider)
        .ok_or(SlotRefusal::UnknownProvider)?;
    let location = config
        .location(location)
        .ok_or(SlotRefusal::UnknownLocation)?;
    if !offers(provider, &visit.id) || !provider.locations.contains(&location.id) {
        return Err(SlotRefusal::NotOffered);
    }

    // The same candidate search as open_slots, without the rules about "now" and bookings, over
    // the local day of `start` and its neighbours (a DST gap can push a window over midnight).
    let tz = config.clinic.timezone;
    let date = local_date(tz, start);
    let search = Search {
        tz,
        holidays: &config.holidays,
        location: Some(&location.id),
        first: date.pred_opt().unwrap_or(date),
        last: date.succ_opt().unwrap_or(date),
        duration: minutes(visit.duration_minutes),
        step: minutes(config.rules.slot_step_minutes),
        window: BookingWindow::UNLIMITED,
    };
    let mut found = Vec::new();
    search.collect(provider, &BusyTimes::default(), &mut found);
    let slot = found
        .into_iter()
        .find(|slot| slot.start == start)
        .ok_or(SlotRefusal::OutsideHours)?;

    let window = BookingWindow::new(&config.rules, now);
    if slot.start < now || (slot.start < window.earliest && !overrides.short_notice) {
        return Err(SlotRefusal::TooSoon);
    }
    if slot.start >= window.latest && !overrides.past_horizon {
        return Err(SlotRefusal::TooFar);
    }
    let buffer = minutes(config.rules.buffer_minutes);
    if bookings_of(&provider.id, booked, buffer).overlaps(slot.start, slot.end) {
        return Err(SlotRefusal::Taken);
    }
    Ok(slot)
}

/// The candidate search shared by [`open_slots`] and [`check_slot`].
struct Search<'c> {
    tz: Tz,
    holidays: &'c [Holiday],
    /// Only blocks at this location, when given.
    location: Option<&'c str>,
    /// First and last local date whose hours are searched.
    first: NaiveDate,
    last: NaiveDate,
    duration: TimeDelta,
    step: TimeDelta,
    window: BookingWindow,
}

impl Search<'_> {
    /// Appends the provider's candidate slots that are inside the booking window, clear of
    /// `busy` and of the provider's time off. Starts may repeat when blocks overlap.
    fn collect<'a>(&self, provider: &'a Provider, busy: &BusyTimes, out: &mut Vec<Slot<'a>>) {
        let time_off = BusyTimes::new(provider.time_off.iter().filter_map(|off| {
            Some((
                resolve_start(self.tz, off.start)?,
                resolve_end(self.tz, off.end)?,
            ))
        }));
        let mut date = self.first;
        while date <= self.last {
            if !self.holidays.iter().any(|holiday| holiday.date == date) {
                for block in &provider.hours {
                    if self.opens(block, date) {
                        self.collect_block(provider, block, date, busy, &time_off, out);
                    }
                }
            }
            match date.succ_opt() {
                Some(next) => date = next,
                None => break,
            }
        }
    }

    /// Whether this block of hours is searched on `date` (a [`Clinic`]'s blocks are all at one
    /// of their provider's locations).
    fn opens(&self, block: &WeeklyHours, date: NaiveDate) -> bool {
        block.days.contains(&date.weekday())
            && self.location.is_none_or(|id| id == block.location.as_str())
    }

    fn collect_block<'a>(
        &self,
        provider: &'a Provider,
        block: &'a WeeklyHours,
        date: NaiveDate,
        busy: &BusyTimes,
        time_off: &BusyTimes,
        out: &mut Vec<Slot<'a>>,
    ) {
        let (Some(open), Some(close)) = (
            resolve_start(self.tz, date.and_time(block.start)),
            resolve_end(self.tz, date.and_time(block.end)),
        ) else {
            return;
        };
        let mut start = open;
        while let Some(end) = start.checked_add_signed(self.duration) {
            if end > close || start >= self.window.latest {
                break;
            }
            if start >= self.window.earliest
                && !busy.overlaps(start, end)
                && !time_off.overlaps(start, end)
            {
                out.push(Slot {
                    provider: &provider.id,
                    location: &block.location,
                    start,
                    end,
                });
            }
            match start.checked_add_signed(self.step) {
                Some(next) => start = next,
                None => break,
            }
        }
    }
}

/// The starts the booking rules allow relative to "now": `earliest <= start < latest`.
#[derive(Debug, Clone, Copy)]
struct BookingWindow {
    earliest: DateTime<Utc>,
    latest: DateTime<Utc>,
}

impl BookingWindow {
    /// No limits, for checking a time against the hours alone.
    const UNLIMITED: BookingWindow = BookingWindow {
        earliest: DateTime::<Utc>::MIN_UTC,
        latest: DateTime::<Utc>::MAX_UTC,
    };

    /// From the minimum notice up to (not including) the horizon.
    fn new(rules: &BookingRules, now: DateTime<Utc>) -> Self {
        BookingWindow {
            earliest: later(now, minutes(rules.min_notice_minutes)),
            latest: later(now, TimeDelta::days(i64::from(rules.horizon_days))),
        }
    }

    /// [`BookingWindow::new`] with staff's overrides: from now, or with no horizon.
    fn with(rules: &BookingRules, now: DateTime<Utc>, overrides: Overrides) -> Self {
        let usual = BookingWindow::new(rules, now);
        BookingWindow {
            earliest: if overrides.short_notice {
                now
            } else {
                usual.earliest
            },
            // Ten years: as far as anyone books, and a date every time zone can show.
            latest: if overrides.past_horizon {
                later(now, TimeDelta::days(3660))
            } else {
                usual.latest
            },
        }
    }

    /// Which overrides a start needs to be booked.
    fn needs(&self, start: DateTime<Utc>) -> Overrides {
        Overrides {
            short_notice: start < self.earliest,
            past_horizon: start >= self.latest,
        }
    }
}

/// Which of staff's overrides booking a start needs (none for a time patients can book online).
pub fn overrides_needed(config: &Clinic, start: DateTime<Utc>, now: DateTime<Utc>) -> Overrides {
    BookingWindow::new(&config.rules, now).needs(start)
}

/// Sorted, disjoint spans of time `[start, end)` in which a provider cannot see patients.
#[derive(Debug, Default)]
struct BusyTimes(Vec<(DateTime<Utc>, DateTime<Utc>)>);

impl BusyTimes {
    fn new(spans: impl IntoIterator<Item = (DateTime<Utc>, DateTime<Utc>)>) -> Self {
        let mut sorted: Vec<_> = spans
            .into_iter()
            .filter(|(start, end)| start < end)
            .collect();
        sorted.sort_unstable();
        let mut merged: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::with_capacity(sorted.len());
        for (start, end) in sorted {
            match merged.last_mut() {
                // Overlapping spans merge, so the ends come out sorted as well.
                Some(last) if start < last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        BusyTimes(merged)
    }

    /// Whether `[start, end)` overlaps any busy span.
    fn overlaps(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
        // Spans are disjoint, so their ends are sorted too: find the first one ending after
        // `start` and see whether it begins before `end`.
        let first_after = self.0.partition_point(|span| span.1 <= start);
        self.0.get(first_after).is_some_and(|span| span.0 < end)
    }
}

/// The provider's bookings, each widened by the buffer on both sides.
fn bookings_of(provider: &str, booked: &[Booked], buffer: TimeDelta) -> BusyTimes {
    BusyTimes::new(
        booked
            .iter()
            .filter(|visit| visit.provider == provider)
            .map(|visit| {
                let around = if visit.buffered {
                    buffer
                } else {
                    TimeDelta::zero()
                };
                (later(visit.start, -around), later(visit.end, around))
            }),
    )
}

fn offers(provider: &Provider, visit_type: &str) -> bool {
    provider.visit_types.iter().any(|id| id == visit_type)
}

fn minutes(count: u32) -> TimeDelta {
    TimeDelta::minutes(i64::from(count))
}

/// `time + delta`, stopping at the ends of the representable range instead of failing.
fn later(time: DateTime<Utc>, delta: TimeDelta) -> DateTime<Utc> {
    time.checked_add_signed(delta)
        .unwrap_or(if delta < TimeDelta::zero() {
            DateTime::<Utc>::MIN_UTC
        } else {
            DateTime::<Utc>::MAX_UTC
        })
}

fn local_date(tz: Tz, time: DateTime<Utc>) -> NaiveDate {
    time.with_timezone(&tz).date_naive()
}

/// The instant a local time that opens a span means: the earlier one when the clocks fall back
/// and it happens twice, the moment the clocks resume when it falls in a spring-forward gap.
fn resolve_start(tz: Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(time) | LocalResult::Ambiguous(time, _) => Some(time.to_utc()),
        LocalResult::None => end_of_gap(tz, local),
    }
}

/// The instant a local time that closes a span means: the later one when the clocks fall back
/// and it happens twice, the moment the clocks resume when it falls in a spring-forward gap.
fn resolve_end(tz: Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(time) | LocalResult::Ambiguous(_, time) => Some(time.to_utc()),
        LocalResult::None => end_of_gap(tz, local),
    }
}

/// The first instant after the spring-forward gap that swallows `local`: the first instant
/// whose wall-clock time is later than `local`.
fn end_of_gap(tz: Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    // More than any UTC offset, so the wall clock reads earlier than `local` at `before` and
    // later at `after`; bisect on whole seconds (transitions fall on whole seconds).
    let reach = TimeDelta::hours(26);
    let mut before = local.checked_sub_signed(reach)?.and_utc().timestamp();
    let mut after = local.checked_add_signed(reach)?.and_utc().timestamp();
    while after - before > 1 {
        let middle = before + (after - before) / 2;
        let wall = DateTime::from_timestamp(middle, 0)?
            .with_timezone(&tz)
            .naive_local();
        if wall > local {
            after = middle;
        } else {
            before = middle;
        }
    }
    DateTime::from_timestamp(after, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;
    use proptest::prelude::*;

    /// A provider in TOML: hours are `(location, days, start, end)`, time off `(start, end)`.
    fn provider(
        id: &str,
        locations: &[&str],
        visit_types: &[&str],
        hours: &[(&str, &str, &str, &str)],
        time_off: &[(&str, &str)],
    ) -> String {
        let quote = |items: &[&str]| {
            items
                .iter()
                .map(|s| format!("\"{s}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let hours: Vec<String> = hours
            .iter()
            .map(|(location, days, start, end)| {
                let days: Vec<&str> = days.split(',').collect();
                format!(
                    "{{ location = \"{location}\", days = [{}], start = \"{start}\", end = \"{end}\" }}",
                    quote(&days)
                )
            })
            .collect();
        let time_off: Vec<String> = time_off
            .iter()
            .map(|(start, end)| format!("{{ start = \"{start}\", end = \"{end}\" }}"))
            .collect();
        format!(
            "[[providers]]\nid = \"{id}\"\nname = \"{id}\"\nlanguages = [\"en\"]\nlocations = [{}]\n\
             visit_types = [{}]\nhours = [{}]\ntime_off = [{}]\n",
            quote(locations),
            quote(visit_types),
            hours.join(", "),
            time_off.join(", ")
        )
    }

    /// A clinic with locations `main`, `north`, `west` and visit types `checkup` (30 minutes),
    /// `video-chat` (30 minutes, video) and `long` (60 minutes).
    fn clinic(timezone: &str, rules: &str, providers: &[String], holidays: &[&str]) -> Clinic {
        Clinic::new(clinic_file(timezone, rules, providers, holidays))
            .expect("test clinic passes its checks")
    }

    /// The file of [`clinic`], parsed but not checked.
    fn clinic_file(
        timezone: &str,
        rules: &str,
        providers: &[String],
        holidays: &[&str],
    ) -> crate::clinic::ClinicConfig {
        let holidays: String = holidays
            .iter()
            .map(|date| format!("[[holidays]]\ndate = \"{date}\"\n"))
            .collect();
        let text = format!(
            r#"
            [clinic]
            id = "test-clinic"
            name = "Test Clinic"
            phone = "(555) 010-0000"
            address = "1 Main St"
            timezone = "{timezone}"

            [rules]
            {rules}

            [[locations]]
            id = "main"
            name = "Main office"
            address = "1 Main St"

            [[locations]]
            id = "north"
            name = "North office"
            address = "9 North Rd"

            [[locations]]
            id = "west"
            name = "West office"
            address = "5 West Ave"

            [[visit_types]]
            id = "checkup"
            name = {{ en = "Checkup" }}
            description = {{ en = "A routine visit." }}
            duration_minutes = 30
            mode = "in_person"

            [[visit_types]]
            id = "video-chat"
            name = {{ en = "Video chat" }}
            description = {{ en = "A visit by video." }}
            duration_minutes = 30
            mode = "video"

            [[visit_types]]
            id = "long"
            name = {{ en = "Long visit" }}
            description = {{ en = "A longer visit." }}
            duration_minutes = 60
            mode = "in_person"

            {providers}
            {holidays}
            "#,
            providers = providers.join("\n"),
        );
        toml::from_str(&text).expect("test clinic parses")
    }

    /// Step, minimum notice, horizon and buffer.
    fn rules(step: u32, notice: u32, horizon: u32, buffer: u32) -> String {
        format!(
            "slot_step_minutes = {step}\nmin_notice_minutes = {notice}\nhorizon_days = {horizon}\n\
             buffer_minutes = {buffer}"
        )
    }

    const OPEN: &str = "slot_step_minutes = 30\nmin_notice_minutes = 0\nhorizon_days = 366";
    const ALL_VISITS: &[&str] = &["checkup", "video-chat", "long"];
    const WEEKDAYS: &str = "mon,tue,wed,thu,fri";

    /// Dr. A works weekday mornings at main; New York time; nothing else in the way.
    fn morning_clinic(rules: &str, time_off: &[(&str, &str)], holidays: &[&str]) -> Clinic {
        let dr_a = provider(
            "dr-a",
            &["main"],
            ALL_VISITS,
            &[("main", WEEKDAYS, "09:00", "12:00")],
            time_off,
        );
        clinic("America/New_York", rules, &[dr_a], holidays)
    }

    /// A check-up with dr-a at the main office starting at `start` (UTC, read like [`at`]).
    fn dr_a_main(start: &str) -> Wanted {
        Wanted {
            visit_type: "checkup".into(),
            provider: "dr-a".into(),
            location: "main".into(),
            start: at(start),
        }
    }

    fn at(text: &str) -> DateTime<Utc> {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
            .expect("test time")
            .and_utc()
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    fn days(visit_type: &str, from: &str, to: &str) -> SlotRequest {
        SlotRequest {
            visit_type: visit_type.into(),
            provider: None,
            location: None,
            from: day(from),
            to: day(to),
        }
    }

    fn starts(slots: &[Slot<'_>]) -> Vec<String> {
        slots
            .iter()
            .map(|slot| slot.start.format("%Y-%m-%d %H:%M").to_string())
            .collect()
    }

    fn booked(provider: &str, start: &str, end: &str) -> Booked {
        Booked {
            provider: provider.into(),
            start: at(start),
            end: at(end),
            buffered: true,
        }
    }

    /// Long before every test date, so notice and horizon (366 days) never get in the way.
    fn new_year() -> DateTime<Utc> {
        at("2026-01-01 00:00")
    }

    fn night_clinic(timezone: &str, step: u32, start: &str, end: &str) -> Clinic {
        let rules =
            format!("slot_step_minutes = {step}\nmin_notice_minutes = 0\nhorizon_days = 366");
        let owl = provider(
            "dr-owl",
            &["main"],
            ALL_VISITS,
            &[("main", "sun", start, end)],
            &[],
        );
        clinic(timezone, &rules, &[owl], &[])
    }

    #[test]
    fn the_spring_forward_night_skips_the_missing_hour_in_new_york() {
        let config = night_clinic("America/New_York", 30, "00:30", "04:00");
        let slots = open_slots(
            &config,
            &days("checkup", "2026-03-08", "2026-03-08"),
            &[],
            new_year(),
        );
        // 00:30, 01:00, 01:30 EST, then 03:00 and 03:30 EDT; 02:xx never happens.
        assert_eq!(
            starts(&slots),
            [
                "2026-03-08 05:30",
                "2026-03-08 06:00",
                "2026-03-08 06:30",
                "2026-03-08 07:00",
                "2026-03-08 07:30"
            ]
        );
        assert!(slots
            .iter()
            .all(|slot| slot.end - slot.start == TimeDelta::minutes(30)));
    }

    #[test]
    fn the_fall_back_night_offers_the_repeated_hour_twice_in_new_york() {
        let config = night_clinic("America/New_York", 30, "00:30", "04:00");
        let slots = open_slots(
            &config,
            &days("checkup", "2026-11-01", "2026-11-01"),
            &[],
            new_year(),
        );
        // 00:30, 01:00, 01:30 EDT, then 01:00, 01:30 EST again, then 02:00 to 03:30 EST.
        assert_eq!(
            starts(&slots),
            [
                "2026-11-01 04:30",
                "2026-11-01 05:00",
                "2026-11-01 05:30",
                "2026-11-01 06:00",
                "2026-11-01 06:30",
                "2026-11-01 07:00",
                "2026-11-01 07:30",
                "2026-11-01 08:00",
                "2026-11-01 08:30",
            ]
        );
    }

    #[test]
    fn an_ordinary_night_in_new_york_has_one_slot_per_step() {
        let config = night_clinic("America/New_York", 30, "00:30", "04:00");
        let slots = open_slots(
            &config,
            &days("checkup", "2026-03-15", "2026-03-15"),
            &[],
            new_year(),
        );
        assert_eq!(slots.len(), 7);
        assert_eq!(slots[0].start, at("2026-03-15 04:30"));
        assert_eq!(slots[6].end, at("2026-03-15 08:00"));
    }

    #[test]
    fn a_weekday_morning_has_six_half_hour_slots() {
        let config = morning_clinic(OPEN, &[], &[]);
        let slots = open_slots(
            &config,
            &days("checkup", "2026-01-05", "2026-01-05"),
            &[],
            new_year(),
        );
        assert_eq!(
            starts(&slots),
            [
                "2026-01-05 14:00",
                "2026-01-05 14:30",
                "2026-01-05 15:00",
                "2026-01-05 15:30",
                "2026-01-05 16:00",
                "2026-01-05 16:30",
            ]
        );
        assert_eq!(slots[0].provider, "dr-a");
        assert_eq!(slots[0].location, "main");
    }

    #[test]
    fn a_week_has_no_slots_at_the_weekend() {
        let config = morning_clinic(OPEN, &[], &[]);
        let slots = open_slots(
            &config,
            &days("checkup", "2026-01-05", "2026-01-11"),
            &[],
            new_year(),
        );
        assert_eq!(slots.len(), 5 * 6);
        assert_eq!(
            slots.last().map(|slot| slot.start),
            Some(at("2026-01-09 16:30"))
        );
    }

    #[test]
    fn a_longer_visit_must_end_by_closing_time() {
        let config = morning_clinic(OPEN, &[], &[]);
        let slots = open_slots(
            &config,
            &days("long", "2026-01-05", "2026-01-05"),
            &[],
            new_year(),
        );
        assert_eq!(slots.len(), 5);
        assert_eq!(
            slots.last().map(|slot| slot.end),
            Some(at("2026-01-05 17:00"))
        );
    }

    #[test]
    fn a_half_hour_zone_maps_nine_in_the_morning_to_three_thirty_utc() {
        let doctor = provider(
            "dr-k",
            &["main"],
            ALL_VISITS,
            &[("main", WEEKDAYS, "09:00", "10:00")],
            &[],
        );
        let config = clinic("Asia/Kolkata", OPEN, &[doctor], &[]);
        let slots = open_slots(
            &config,
            &days("checkup", "2026-01-05", "2026-01-05"),
            &[],
            new_year(),
        );
        assert_eq!(starts(&slots), ["2026-01-05 03:30", "2026-01-05 04:00"]);
    }

    #[test]
    fn sydney_offers_the_repeated_hour_twice_when_summer_time_ends_in_april() {
        let config = night_clinic("Australia/Sydney", 60, "01:00", "04:00");
        let slots = open_slots(
            &config,
            &days("checkup", "2026-04-05", "2026-04-05"),
            &[],
            new_year(),
        );
        // 01:00 and 02:00 AEDT (+11), then 02:00 and 03:00 AEST (+10): the day before in UTC.
        assert_eq!(
            starts(&slots),
            [
                "2026-04-04 14:00",
                "2026-04-04 15:00",
                "2026-04-04 16:00",
                "2026-04-04 17:00"
            ]
        );
    }

    #[test]
    fn sydney_skips_the_missing_hour_when_summer_time_starts_in_october() {
        let config = night_clinic("Australia/Sydney", 60, "01:00", "04:00");
        let slots = open_slots(
            &config,
            &days("checkup", "2026-10-04", "2026-10-04"),
            &[],
            new_year(),
        );
        // 01:00 AEST (+10), then 03:00 AEDT (+11); 02:00 never happens.
        assert_eq!(starts(&slots), ["2026-10-03 15:00", "2026-10-03 16:00"]);
        let week_after = open_slots(
            &config,
            &days("checkup", "2026-10-11", "2026-10-11"),
            &[],
            new_year(),
        );
        assert_eq!(
            starts(&week_after),
            ["2026-10-10 14:00", "2026-10-10 15:00", "2026-10-10 16:00"]
        );
    }

    #[test]
    fn hours_that_open_inside_the_gap_start_when_the_clocks_resume() {
        let config = night_clinic("America/New_York", 30, "02:30", "04:00");
        let slots = open_slots(
            &config,
            &days("checkup", "2026-03-08", "2026-03-08"),
            &[],
            new_year(),
        );
        // 02:30 does not exist; the first visit is at 03:00 EDT.
        assert_eq!(starts(&slots), ["2026-03-08 07:00", "2026-03-08 07:30"]);
    }

    #[test]
    fn hours_entirely_inside_the_gap_offer_nothing_that_night() {
        let config = night_clinic("America/New_York", 15, "02:00", "02:45");
        let slots = open_slots(
            &config,
            &days("checkup", "2026-03-08", "2026-03-08"),
            &[],
            new_year(),
        );
        assert_eq!(slots, []);
    }

    #[test]
    fn hours_inside_the_repeated_hour_run_from_its_first_pass_to_its_second() {
        let config = night_clinic("America/New_York", 30, "01:00", "01:30");
        let slots = open_slots(
            &config,
            &days("checkup", "2026-11-01", "2026-11-01"),
            &[],
            new_year(),
        );
        // From 01:00 EDT to 01:30 EST: an hour and a half.
        assert_eq!(
            starts(&slots),
            ["2026-11-01 05:00", "2026-11-01 05:30", "2026-11-01 06:00"]
        );
    }

    #[test]
    fn a_holiday_closes_the_whole_day() {
        let config = morning_clinic(OPEN, &[], &["2026-01-06"]);
        let slots = open_slots(
            &config,
            &days("checkup", "2026-01-05", "2026-01-07"),
            &[],
            new_year(),
        );
        assert_eq!(slots.len(), 12);
        assert!(slots
            .iter()
            .all(|slot| slot.start.date_naive() != day("2026-01-06")));
    }

    #[test]
    fn time_off_removes_only_the_slots_it_overlaps() {
        let rules = rules(15, 0, 366, 0);
        let config = morning_clinic(&rules, &[("2026-01-05 10:00", "2026-01-05 11:00")], &[]);
        let slots = open_slots(
            &config,
            &days("checkup", "2026-01-05", "2026-01-05"),
            &[],
            new_year(),
        );
        // 09:00 to 09:30 EST still end by 10:00; 11:00 starts as the time off ends.
        assert_eq!(
            starts(&slots),
            [
                "2026-01-05 14:00",
                "2026-01-05 14:15",
                "2026-01-05 14:30",
                "2026-01-05 16:00",
                "2026-01-05 16:15",
                "2026-01-05 16:30",
            ]
        );
    }

    #[test]
    fn whole_days_of_time_off_close_those_days() {
        let config = morning_clinic(OPEN, &[("2026-01-06 00:00", "2026-01-08 00:00")], &[]);
        let slots = open_slots(
            &config,
            &days("checkup", "2026-01-05", "2026-01-09"),
            &[],
            new_year(),
        );
        let dates: Vec<NaiveDate> = slots.iter().map(|slot| slot.start.date_naive()).collect();
        assert_eq!(slots.len(), 18);
        assert!(!dates.contains(&day("2026-01-06")) && !dates.contains(&day("2026-01-07")));
    }

    #[test]
    fn slots_sooner_than_the_minimum_notice_are_not_offered() {
        let config = morning_clinic(&rules(30, 120, 30, 0), &[], &[]);
        // 09:15 EST; two hours of notice leaves 11:15 onwards, so 11:30 is first.
        let slots = open_slots(
            &config,
            &days("checkup", "2026-01-05", "2026-01-05"),
            &[],
            at("2026-01-05 14:15"),
        );
        assert_eq!(starts(&slots), ["2026-01-05 16:30"]);
        // Exactly two hours ahead is still fine.
        let slots = open_slots(
            &config,
            &days("checkup", "2026-01-05", "2026-01-05"),
            &[],
            at("2026-01-05 14:00"),
        );
        assert_eq!(starts(&slots), ["2026-01-05 16:00", "2026-01-05 16:30"]);
    }

    #[test]
    fn slots_at_or_beyond_the_horizon_are_not_offered() {
        let config = morning_clinic(&rules(30, 0, 2, 0), &[], &[]);
        let now = at("2026-01-05 15:00");
        let slots = open_slots(
            &config,
            &days("checkup", "2026-01-01", "2026-01-31"),
            &[],
            now,
        );
        assert_eq!(slots.first().map(|slot| slot.start), Some(now));
        // Two days later at 10:00 EST is the horizon itself: not offered.
        assert_eq!(
            slots.last().map(|slot| slot.start),
            Some(at("2026-01-07 14:30"))
        );
        assert_eq!(slots.len(), 4 + 6 + 2);
    }

    #[test]
    fn a_booking_blocks_its_time_and_the_buffer_around_it() {
        let config = morning_clinic(&rules(15, 0, 366, 15), &[], &[]);
        let visit = [booked("dr-a", "2026-01-05 15:00", "2026-01-05 15:30")];
        let slots = open_slots(
            &config,
            &days("checkup", "2026-01-05", "2026-01-05"),
            &visit,
            new_year(),
        );
        // Busy from 09:45 to 10:45 EST with the buffer: 09:15 ends in time, 10:45 starts after.
        let starts = starts(&slots);
        assert!(
            starts.contains(&"2026-01-05 14:15".to_string()),
            "{starts:?}"
        );
        for blocked in ["14:30", "14:45", "15:00", "15:15", "15:30"] {
            assert!(
                !starts.contains(&format!("2026-01-05 {blocked}")),
                "{blocked} in {starts:?}"
            );
        }
        assert!(
            starts.contains(&"2026-01-05 15:45".to_string()),
            "{starts:?}"
        );
        assert_eq!(starts.len(), 11 - 5);
    }

    #[test]
    fn blocked_time_closes_exactly_its_span_without_the_buffer() {
        let config = morning_clinic(&rules(15, 0, 366, 15), &[], &[]);
        let mut away = booked("dr-a", "2026-01-05 15:00", "2026-01-05 15:30");
        away.buffered = false;
        let slots = open_slots(
            &config,
            &days("checkup", "2026-01-05", "2026-01-05"),
            &[away],
            new_year(),
        );
        // A visit may end when the doctor leaves and start when they are back.
        let starts = starts(&slots);
        for open in ["14:30", "15:30"] {
            assert!(
                starts.contains(&format!("2026-01-05 {open}")),
                "{open} in {starts:?}"
            );
        }
        for blocked in ["14:45", "15:00", "15:15"] {
            assert!(
                !starts.contains(&format!("2026-01-05 {blocked}")),
                "{blocked} in {starts:?}"
            );
        }
        assert_eq!(starts.len(), 11 - 3);
    }

    #[test]
    fn staff_see_open_times_past_the_horizon_and_which_override_each_needs() {
        let config = morning_clinic(&rules(15, 24 * 60, 2, 0), &[], &[]);
        let now = at("2026-01-05 14:20");
        let request = days("checkup", "2026-01-05", "2026-01-09");
        let patients = open_slots(&config, &request, &[], now);
        let both = Overrides {
            short_notice: true,
            past_horizon: true,
        };
        let staff = open_slots_with(&config, &request, &[], now, both);
        assert!(staff.len() > patients.len());
        assert!(staff.iter().all(|s| s.start >= now), "never in the past");
        let first = staff.first().unwrap();
        assert!(overrides_needed(&config, first.start, now).short_notice);
        let last = staff.last().unwrap();
        assert!(overrides_needed(&config, last.start, now).past_horizon);
        for slot in &patients {
            assert_eq!(
                overrides_needed(&config, slot.start, now),
                Overrides::default()
            );
        }
    }

    #[test]
    fn staff_overrides_set_aside_notice_and_horizon_but_never_the_past_or_a_clash() {
        let config = morning_clinic(&rules(15, 24 * 60, 2, 0), &[], &[]);
        let now = at("2026-01-05 14:20");
        let wanted = |start: &str| Wanted {
            visit_type: "checkup".into(),
            provider: "dr-a".into(),
            location: "main".into(),
            start: at(start),
        };
        let both = Overrides {
            short_notice: true,
            past_horizon: true,
        };
        let soon = wanted("2026-01-05 15:00");
        let far = wanted("2026-01-09 15:00");
        let none = Overrides::default();
        assert_eq!(
            check_slot_with(&config, &soon, &[], now, none).err(),
            Some(SlotRefusal::TooSoon)
        );
        assert_eq!(
            check_slot_with(&config, &far, &[], now, none).err(),
            Some(SlotRefusal::TooFar)
        );
        assert!(check_slot_with(&config, &soon, &[], now, both).is_ok());
        assert!(check_slot_with(&config, &far, &[], now, both).is_ok());
        let past = wanted("2026-01-05 14:00");
        assert_eq!(
            check_slot_with(&config, &past, &[], now, both).err(),
            Some(SlotRefusal::TooSoon)
        );
        let taken = [booked("dr-a", "2026-01-05 15:00", "2026-01-05 15:30")];
        assert_eq!(
            check_slot_with(&config, &soon, &taken, now, both).err(),
            Some(SlotRefusal::Taken)
        );
    }

    #[test]
    fn another_providers_booking_does_not_block() {
        let config = morning_clinic(OPEN, &[], &[]);
        let visit = [booked("dr-z", "2026-01-05 14:00", "2026-01-05 17:00")];
        let slots = open_slots(
            &config,
            &days("checkup", "2026-01-05", "2026-01-05"),
            &visit,
            new_year(),
        );
        assert_eq!(slots.len(), 6);
    }

    fn two_doctor_clinic() -> Clinic {
        let dr_a = provider(
            "dr-a",
            &["main", "north"],
            ALL_VISITS,
            &[
                ("main", "mon", "09:00", "10:00"),
                ("north", "tue", "09:00", "10:00"),
            ],
            &[],
        );
        let dr_b = provider(
            "dr-b",
            &["main"],
            &["checkup"],
            &[("main", "mon", "09:00", "10:00")],
            &[],
        );
        clinic("America/New_York", OPEN, &[dr_a, dr_b], &[])
    }

    #[test]
    fn equal_starts_are_ordered_by_provider_as_configured() {
        let config = two_doctor_clinic();
        let slots = open_slots(
            &config,
            &days("checkup", "2026-01-05", "2026-01-06"),
            &[],
            new_year(),
        );
        let order: Vec<(&str, &str)> = slots
            .iter()
            .map(|slot| (slot.provider, slot.location))
            .collect();
        assert_eq!(
            order,
            [
                ("dr-a", "main"),
                ("dr-b", "main"),
                ("dr-a", "main"),
                ("dr-b", "main"),
                ("dr-a", "north"),
                ("dr-a", "north")
            ]
        );
    }

    #[test]
    fn the_provider_filter_keeps_only_that_provider() {
        let config = two_doctor_clinic();
        let request = SlotRequest {
            provider: Some("dr-b".into()),
            ..days("checkup", "2026-01-05", "2026-01-06")
        };
        let slots = open_slots(&config, &request, &[], new_year());
        assert_eq!(slots.len(), 2);
        assert!(slots.iter().all(|slot| slot.provider == "dr-b"));
    }

    #[test]
    fn the_location_filter_keeps_only_hours_at_that_location() {
        let config = two_doctor_clinic();
        let request = SlotRequest {
            location: Some("north".into()),
            ..days("checkup", "2026-01-05", "2026-01-06")
        };
        let slots = open_slots(&config, &request, &[], new_year());
        assert_eq!(starts(&slots), ["2026-01-06 14:00", "2026-01-06 14:30"]);
        assert!(slots
            .iter()
            .all(|slot| slot.provider == "dr-a" && slot.location == "north"));
    }

    #[test]
    fn only_providers_who_offer_the_visit_type_get_slots() {
        let config = two_doctor_clinic();
        let slots = open_slots(
            &config,
            &days("long", "2026-01-05", "2026-01-06"),
            &[],
            new_year(),
        );
        assert_eq!(slots.len(), 2);
        assert!(slots.iter().all(|slot| slot.provider == "dr-a"));
    }

    #[test]
    fn unknown_ids_in_a_request_give_no_slots() {
        let config = two_doctor_clinic();
        let week = days("checkup", "2026-01-05", "2026-01-11");
        assert!(!open_slots(&config, &week, &[], new_year()).is_empty());
        for request in [
            SlotRequest {
                visit_type: "massage".into(),
                ..week.clone()
            },
            SlotRequest {
                provider: Some("dr-who".into()),
                ..week.clone()
            },
            SlotRequest {
                location: Some("moon-base".into()),
                ..week.clone()
            },
        ] {
            assert_eq!(
                open_slots(&config, &request, &[], new_year()),
                [],
                "{request:?}"
            );
        }
    }

    #[test]
    fn a_backwards_date_range_gives_no_slots() {
        let config = two_doctor_clinic();
        assert_eq!(
            open_slots(
                &config,
                &days("checkup", "2026-01-11", "2026-01-05"),
                &[],
                new_year()
            ),
            []
        );
    }

    #[test]
    fn hours_at_a_location_the_provider_does_not_work_at_never_reach_the_engine() {
        // The slot engine takes a Clinic, and a clinic file with such hours is not one.
        let stray = provider(
            "dr-s",
            &["main"],
            ALL_VISITS,
            &[("west", "mon", "09:00", "10:00")],
            &[],
        );
        let issues = Clinic::new(clinic_file("America/New_York", OPEN, &[stray], &[]))
            .expect_err("not a clinic");
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].path, "providers[0].hours[0].location");
    }

    #[test]
    fn overlapping_blocks_offer_each_start_once_at_the_first_listed_location() {
        let double = provider(
            "dr-d",
            &["main", "north"],
            ALL_VISITS,
            &[
                ("north", "mon", "09:00", "10:00"),
                ("main", "mon", "09:30", "10:30"),
            ],
            &[],
        );
        let config = clinic("America/New_York", OPEN, &[double], &[]);
        let slots = open_slots(
            &config,
            &days("checkup", "2026-01-05", "2026-01-05"),
            &[],
            new_year(),
        );
        let seen: Vec<(String, &str)> = starts(&slots)
            .into_iter()
            .zip(slots.iter().map(|slot| slot.location))
            .collect();
        assert_eq!(
            seen,
            [
                ("2026-01-05 14:00".to_string(), "north"),
                ("2026-01-05 14:30".to_string(), "north"),
                ("2026-01-05 15:00".to_string(), "main"),
            ]
        );
    }

    #[test]
    fn video_visits_take_the_location_of_the_hours_block() {
        let config = two_doctor_clinic();
        let slots = open_slots(
            &config,
            &days("video-chat", "2026-01-06", "2026-01-06"),
            &[],
            new_year(),
        );
        assert_eq!(slots.len(), 2);
        assert!(slots.iter().all(|slot| slot.location == "north"));
    }

    #[test]
    fn check_slot_accepts_an_open_slot_and_returns_it() {
        let config = two_doctor_clinic();
        let start = at("2026-01-06 14:30");
        let slot = check_slot(
            &config,
            &Wanted {
                visit_type: "checkup".into(),
                provider: "dr-a".into(),
                location: "north".into(),
                start,
            },
            &[],
            new_year(),
        );
        let expected = Slot {
            provider: "dr-a",
            location: "north",
            start,
            end: at("2026-01-06 15:00"),
        };
        assert_eq!(slot, Ok(expected));
    }

    #[test]
    fn check_slot_accepts_both_passes_of_the_repeated_hour() {
        let config = night_clinic("America/New_York", 30, "00:30", "04:00");
        for start in ["2026-11-01 05:00", "2026-11-01 06:00"] {
            let slot = check_slot(
                &config,
                &Wanted {
                    visit_type: "checkup".into(),
                    provider: "dr-owl".into(),
                    location: "main".into(),
                    start: at(start),
                },
                &[],
                new_year(),
            );
            assert_eq!(slot.map(|slot| slot.start), Ok(at(start)), "{start}");
        }
    }

    #[test]
    fn check_slot_refuses_unknown_ids() {
        let config = two_doctor_clinic();
        let start = at("2026-01-06 14:30");
        let check = |visit: &str, provider: &str, location: &str| {
            check_slot(
                &config,
                &Wanted {
                    visit_type: visit.into(),
                    provider: provider.into(),
                    location: location.into(),
                    start,
                },
                &[],
                new_year(),
            )
        };
        assert_eq!(
            check("massage", "dr-a", "north"),
            Err(SlotRefusal::UnknownVisitType)
        );
        assert_eq!(
            check("checkup", "dr-who", "north"),
            Err(SlotRefusal::UnknownProvider)
        );
        assert_eq!(
            check("checkup", "dr-a", "moon-base"),
            Err(SlotRefusal::UnknownLocation)
        );
    }

    #[test]
    fn check_slot_refuses_a_provider_who_does_not_offer_the_visit_or_work_there() {
        let config = two_doctor_clinic();
        let start = at("2026-01-05 14:30");
        assert_eq!(
            check_slot(
                &config,
                &Wanted {
                    visit_type: "long".into(),
                    provider: "dr-b".into(),
                    location: "main".into(),
                    start
                },
                &[],
                new_year()
            ),
            Err(SlotRefusal::NotOffered)
        );
        assert_eq!(
            check_slot(
                &config,
                &Wanted {
                    visit_type: "checkup".into(),
                    provider: "dr-b".into(),
                    location: "north".into(),
                    start
                },
                &[],
                new_year()
            ),
            Err(SlotRefusal::NotOffered)
        );
    }

    #[test]
    fn check_slot_refuses_times_the_engine_would_not_offer() {
        let config = morning_clinic(
            OPEN,
            &[("2026-01-07 09:00", "2026-01-07 12:00")],
            &["2026-01-06"],
        );
        let check = |start: &str| check_slot(&config, &dr_a_main(start), &[], new_year());
        assert!(check("2026-01-05 14:30").is_ok());
        for start in [
            "2026-01-05 14:10", // off the 30-minute step
            "2026-01-05 13:30", // before opening
            "2026-01-05 16:45", // would end after closing
            "2026-01-05 17:00", // closing time itself
            "2026-01-06 14:30", // holiday
            "2026-01-07 14:30", // time off
            "2026-01-10 14:30", // Saturday
        ] {
            assert_eq!(check(start), Err(SlotRefusal::OutsideHours), "{start}");
        }
        let night = night_clinic("America/New_York", 30, "00:30", "04:00");
        // 02:00 EST would be 07:00Z, but on this night 07:00Z is 03:00 EDT, which is offered;
        // 06:45Z (01:45 EST) is off-step.
        assert!(check_slot(
            &night,
            &Wanted {
                visit_type: "checkup".into(),
                provider: "dr-owl".into(),
                location: "main".into(),
                start: at("2026-03-08 07:00")
            },
            &[],
            new_year()
        )
        .is_ok());
        assert_eq!(
            check_slot(
                &night,
                &Wanted {
                    visit_type: "checkup".into(),
                    provider: "dr-owl".into(),
                    location: "main".into(),
                    start: at("2026-03-08 06:45")
                },
                &[],
                new_year()
            ),
            Err(SlotRefusal::OutsideHours)
        );
    }

    #[test]
    fn check_slot_refuses_too_soon_too_far_and_taken() {
        let config = morning_clinic(&rules(30, 120, 2, 10), &[], &[]);
        let now = at("2026-01-05 14:00");
        let visit = [booked("dr-a", "2026-01-06 15:00", "2026-01-06 15:30")];
        let check = |start: &str| check_slot(&config, &dr_a_main(start), &visit, now);
        assert_eq!(check("2026-01-05 15:30"), Err(SlotRefusal::TooSoon));
        assert!(check("2026-01-05 16:00").is_ok());
        assert_eq!(check("2026-01-07 14:00"), Err(SlotRefusal::TooFar));
        assert!(check("2026-01-07 13:30").is_err()); // before opening
        assert_eq!(check("2026-01-06 14:30"), Err(SlotRefusal::Taken)); // ends in the buffer
        assert_eq!(check("2026-01-06 15:00"), Err(SlotRefusal::Taken));
        assert_eq!(check("2026-01-06 15:30"), Err(SlotRefusal::Taken)); // starts in the buffer
        assert!(check("2026-01-06 16:00").is_ok());
        // Only an off-hours time is reported as such, even when it is also too soon.
        assert_eq!(check("2026-01-05 14:10"), Err(SlotRefusal::OutsideHours));
    }

    #[test]
    fn refusal_codes_are_snake_case_words() {
        let codes: Vec<&str> = [
            SlotRefusal::UnknownVisitType,
            SlotRefusal::UnknownProvider,
            SlotRefusal::UnknownLocation,
            SlotRefusal::NotOffered,
            SlotRefusal::OutsideHours,
            SlotRefusal::TooSoon,
            SlotRefusal::TooFar,
            SlotRefusal::Taken,
        ]
        .iter()
        .map(SlotRefusal::code)
        .collect();
        assert_eq!(
            codes,
            [
                "unknown_visit_type",
                "unknown_provider",
                "unknown_location",
                "not_offered",
                "outside_hours",
                "too_soon",
                "too_far",
                "taken"
            ]
        );
    }

    // ---- Properties over random clinics, bookings and "now", around DST changes. ----

    /// Zones with the local date of a DST change in 2026 (and two zones without DST).
    const CHANGES: &[(&str, &str)] = &[
        ("America/New_York", "2026-03-08"),
        ("America/New_York", "2026-11-01"),
        ("Europe/London", "2026-03-29"),
        ("Europe/London", "2026-10-25"),
        ("Australia/Sydney", "2026-04-05"),
        ("Australia/Sydney", "2026-10-04"),
        ("Australia/Lord_Howe", "2026-04-05"), // 30-minute shifts
        ("Australia/Lord_Howe", "2026-10-04"),
        ("America/Santiago", "2026-04-04"), // at midnight
        ("America/Santiago", "2026-09-06"),
        ("Pacific/Chatham", "2026-04-05"), // +12:45
        ("Pacific/Chatham", "2026-09-27"),
        ("Asia/Kolkata", "2026-06-15"),
        ("UTC", "2026-06-15"),
    ];

    const PROVIDERS: &[&str] = &["p0", "p1", "p2"]; // p2 does not offer the visit
    const LOCATIONS: &[&str] = &["loc0", "loc1", "loc2"]; // nobody works at loc2

    #[derive(Debug, Clone)]
    struct Block {
        provider: usize,
        location: usize,
        days: u8,
        /// Local opening and closing time, in minutes after midnight.
        start: u32,
        end: u32,
    }

    #[derive(Debug, Clone)]
    struct Case {
        zone: &'static str,
        step: u32,
        duration: u32,
        buffer: u32,
        notice: u32,
        horizon: u32,
        /// Three days before the DST change.
        anchor: NaiveDate,
        now_minutes: i64,
        blocks: Vec<Block>,
        /// Provider, local start in minutes after the anchor, length in minutes.
        time_off: Vec<(usize, i64, i64)>,
        /// Days after the anchor.
        holidays: Vec<i64>,
        /// Provider, start in minutes after "now", length in minutes.
        bookings: Vec<(usize, i64, i64)>,
        provider_filter: Option<usize>,
        location_filter: Option<usize>,
        /// First requested day relative to the local date of "now", and the number of days.
        from_offset: i64,
        span: i64,
    }

    /// A local time of day in minutes, often in the night hours when clocks change.
    fn clock_time() -> impl Strategy<Value = u32> {
        prop_oneof![0u32..=48, 264u32..=287, 0u32..=287].prop_map(|fives| fives * 5)
    }

    fn block() -> impl Strategy<Value = Block> {
        (
            0usize..3,
            0usize..2, // loc0 or loc1: where every provider works (a Clinic holds no other)
            1u8..128,  // at least one day
            clock_time(),
            clock_time(),
        )
            .prop_map(|(provider, location, days, a, b)| {
                let (start, end) = match a.cmp(&b) {
                    std::cmp::Ordering::Less => (a, b),
                    std::cmp::Ordering::Greater => (b, a),
                    std::cmp::Ordering::Equal if a == 0 => (0, 5),
                    std::cmp::Ordering::Equal => (a - 5, a),
                };
                Block {
                    provider,
                    location,
                    days,
                    start,
                    end,
                }
            })
    }

    fn case() -> impl Strategy<Value = Case> {
        (
            (
                prop::sample::select(CHANGES),
                prop::sample::select(&[5u32, 10, 15, 20, 30, 45, 60][..]),
                1u32..=24,
                0u32..=60,
                prop_oneof![0u32..=240, 0u32..=3000],
                1u32..=20,
                0i64..3 * 1440,
            ),
            (
                prop::collection::vec(block(), 1..6),
                prop::collection::vec((0usize..3, 0i64..8, clock_time(), 1i64..120), 0..3),
                prop::collection::vec(0i64..20, 0..3),
                prop::collection::vec((0usize..4, -1440i64..(20 * 1440), 1i64..36), 0..10),
                prop::option::of(0usize..3),
                prop::option::of(0usize..3),
                -2i64..3,
                0i64..24,
            ),
        )
            .prop_map(
                |(
                    ((zone, change), step, duration, buffer, notice, horizon, now_minutes),
                    (
                        blocks,
                        time_off,
                        holidays,
                        bookings,
                        provider_filter,
                        location_filter,
                        from_offset,
                        span,
                    ),
                )| Case {
                    zone,
                    step,
                    duration: duration * 5,
                    buffer,
                    notice,
                    horizon,
                    anchor: day(change) - TimeDelta::days(3),
                    now_minutes,
                    blocks,
                    time_off: time_off
                        .into_iter()
                        .map(|(p, day, start, length)| {
                            (p, day * 1440 + i64::from(start), length * 5)
                        })
                        .collect(),
                    holidays,
                    bookings: bookings
                        .into_iter()
                        .map(|(p, start, length)| (p, start, length * 5))
                        .collect(),
                    provider_filter,
                    location_filter,
                    from_offset,
                    span,
                },
            )
    }

    impl Case {
        fn config(&self) -> Clinic {
            let midnight = self.anchor.and_time(NaiveTime::MIN);
            let clock = |minutes: u32| format!("{:02}:{:02}", minutes / 60, minutes % 60);
            let providers: Vec<String> = (0..3)
                .map(|p| {
                    let hours: Vec<String> = self
                        .blocks
                        .iter()
                        .filter(|block| block.provider == p)
                        .map(|block| {
                            let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
                            let days: Vec<String> =
                                (0..7).filter(|d| block.days & (1 << d) != 0).map(|d| format!("\"{}\"", names[d])).collect();
                            format!(
                                "{{ location = \"{}\", days = [{}], start = \"{}\", end = \"{}\" }}",
                                LOCATIONS[block.location],
                                days.join(", "),
                                clock(block.start),
                                clock(block.end)
                            )
                        })
                        .collect();
                    let time_off: Vec<String> = self
                        .time_off
                        .iter()
                        .filter(|off| off.0 == p)
                        .map(|&(_, start, length)| {
                            let start = midnight + TimeDelta::minutes(start);
                            let end = start + TimeDelta::minutes(length);
                            format!("{{ start = \"{}\", end = \"{}\" }}", start.format("%Y-%m-%d %H:%M"), end.format("%Y-%m-%d %H:%M"))
                        })
                        .collect();
                    let visit = if p == 2 { "other" } else { "visit" };
                    format!(
                        "[[providers]]\nid = \"{}\"\nname = \"P\"\nlanguages = [\"en\"]\nlocations = [\"loc0\", \"loc1\"]\n\
                         visit_types = [\"{visit}\"]\nhours = [{}]\ntime_off = [{}]\n",
                        PROVIDERS[p],
                        hours.join(", "),
                        time_off.join(", ")
                    )
                })
                .collect();
            let holidays: String = self
                .holidays
                .iter()
                .map(|days| {
                    format!(
                        "[[holidays]]\ndate = \"{}\"\n",
                        self.anchor + TimeDelta::days(*days)
                    )
                })
                .collect();
            let text = format!(
                r#"
                [clinic]
                id = "random"
                name = "Random"
                phone = "(555) 010-0000"
                address = "1 Main St"
                timezone = "{zone}"

                [rules]
                slot_step_minutes = {step}
                min_notice_minutes = {notice}
                horizon_days = {horizon}
                buffer_minutes = {buffer}

                [[locations]]
                id = "loc0"
                name = "Zero"
                address = "0 Road"

                [[locations]]
                id = "loc1"
                name = "One"
                address = "1 Road"

                [[locations]]
                id = "loc2"
                name = "Two"
                address = "2 Road"

                [[visit_types]]
                id = "visit"
                name = {{ en = "Visit" }}
                description = {{ en = "A visit." }}
                duration_minutes = {duration}
                mode = "in_person"

                [[visit_types]]
                id = "other"
                name = {{ en = "Other" }}
                description = {{ en = "Another visit." }}
                duration_minutes = 30
                mode = "video"

                {providers}
                {holidays}
                "#,
                zone = self.zone,
                step = self.step,
                notice = self.notice,
                horizon = self.horizon,
                buffer = self.buffer,
                duration = self.duration,
                providers = providers.join("\n"),
            );
            Clinic::new(toml::from_str(&text).expect("random clinic parses"))
                .expect("random clinic passes its checks")
        }

        fn now(&self) -> DateTime<Utc> {
            self.anchor.and_time(NaiveTime::MIN).and_utc() + TimeDelta::minutes(self.now_minutes)
        }

        fn booked(&self) -> Vec<Booked> {
            self.bookings
                .iter()
                .map(|&(p, start, length)| {
                    let start = self.now() + TimeDelta::minutes(start);
                    let provider = PROVIDERS.get(p).copied().unwrap_or("nobody");
                    Booked {
                        provider: provider.into(),
                        start,
                        end: start + TimeDelta::minutes(length),
                        buffered: true,
                    }
                })
                .collect()
        }

        fn request(&self, config: &Clinic) -> SlotRequest {
            let from =
                local_date(config.clinic.timezone, self.now()) + TimeDelta::days(self.from_offset);
            SlotRequest {
                visit_type: "visit".into(),
                provider: self.provider_filter.map(|p| PROVIDERS[p].into()),
                location: self.location_filter.map(|l| LOCATIONS[l].into()),
                from,
                to: from + TimeDelta::days(self.span),
            }
        }
    }

    /// Local time to UTC the slow, obvious way: a time in a gap moves forward minute by minute
    /// until the clock shows it.
    fn slow_resolve(tz: Tz, local: NaiveDateTime, later: bool) -> DateTime<Utc> {
        match tz.from_local_datetime(&local) {
            LocalResult::Single(time) => time.to_utc(),
            LocalResult::Ambiguous(first, second) => if later { second } else { first }.to_utc(),
            LocalResult::None => (1..=24 * 60)
                .find_map(|minute| {
                    tz.from_local_datetime(&(local + TimeDelta::minutes(minute)))
                        .earliest()
                })
                .expect("gaps are shorter than a day")
                .to_utc(),
        }
    }

    fn slow_window(tz: Tz, date: NaiveDate, block: &WeeklyHours) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            slow_resolve(tz, date.and_time(block.start), false),
            slow_resolve(tz, date.and_time(block.end), true),
        )
    }

    /// The engine's rules written as plainly as possible: every date, every block, every step,
    /// every booking and time off checked one by one. Returns (provider index, slot).
    fn brute_force<'a>(
        config: &'a Clinic,
        request: &SlotRequest,
        booked: &[Booked],
        earliest: DateTime<Utc>,
        latest: DateTime<Utc>,
    ) -> Vec<Slot<'a>> {
        let tz = config.clinic.timezone;
        let Some(visit) = config.visit_type(&request.visit_type) else {
            return vec![];
        };
        if request
            .provider
            .as_ref()
            .is_some_and(|p| config.provider(p).is_none())
            || request
                .location
                .as_ref()
                .is_some_and(|l| config.location(l).is_none())
        {
            return vec![];
        }
        let duration = TimeDelta::minutes(visit.duration_minutes.into());
        let step = TimeDelta::minutes(config.rules.slot_step_minutes.into());
        let buffer = TimeDelta::minutes(config.rules.buffer_minutes.into());
        let mut all: Vec<(usize, Slot<'a>)> = Vec::new();
        for (index, provider) in config.providers.iter().enumerate() {
            if !provider.visit_types.contains(&visit.id)
                || request.provider.as_ref().is_some_and(|p| *p != provider.id)
            {
                continue;
            }
            let mut mine: Vec<Slot<'a>> = Vec::new();
            let mut date = request.from;
            while date <= request.to {
                if config.holidays.iter().all(|holiday| holiday.date != date) {
                    for block in &provider.hours {
                        if !block.days.contains(&date.weekday())
                            || request
                                .location
                                .as_ref()
                                .is_some_and(|l| *l != block.location)
                        {
                            continue;
                        }
                        let (open, close) = slow_window(tz, date, block);
                        let mut start = open;
                        while start + duration <= close {
                            let end = start + duration;
                            let free = booked
                                .iter()
                                .filter(|b| b.provider == provider.id.as_str())
                                .all(|b| !(start < b.end + buffer && b.start - buffer < end));
                            let present = provider.time_off.iter().all(|off| {
                                !(start < slow_resolve(tz, off.end, true)
                                    && slow_resolve(tz, off.start, false) < end)
                            });
                            if free
                                && present
                                && earliest <= start
                                && start < latest
                                && mine.iter().all(|s| s.start != start)
                            {
                                mine.push(Slot {
                                    provider: &provider.id,
                                    location: &block.location,
                                    start,
                                    end,
                                });
                            }
                            start += step;
                        }
                    }
                }
                date = date.succ_opt().expect("test dates are in range");
            }
            all.extend(mine.into_iter().map(|slot| (index, slot)));
        }
        all.sort_by_key(|(index, slot)| (slot.start, *index));
        all.into_iter().map(|(_, slot)| slot).collect()
    }

    fn rule_limits(config: &Clinic, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            now + TimeDelta::minutes(config.rules.min_notice_minutes.into()),
            now + TimeDelta::days(config.rules.horizon_days.into()),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn open_slots_equal_a_brute_force_search(case in case()) {
            let config = case.config();
            let request = case.request(&config);
            let booked = case.booked();
            let (earliest, latest) = rule_limits(&config, case.now());
            let slots = open_slots(&config, &request, &booked, case.now());
            prop_assert_eq!(slots, brute_force(&config, &request, &booked, earliest, latest));
        }

        #[test]
        fn every_open_slot_keeps_every_rule(case in case()) {
            let config = case.config();
            let tz = config.clinic.timezone;
            let request = case.request(&config);
            let booked = case.booked();
            let now = case.now();
            let (earliest, latest) = rule_limits(&config, now);
            let buffer = TimeDelta::minutes(config.rules.buffer_minutes.into());
            let step = i64::from(config.rules.slot_step_minutes) * 60;
            let slots = open_slots(&config, &request, &booked, now);
            let rank = |slot: &Slot<'_>| (slot.start, PROVIDERS.iter().position(|p| *p == slot.provider));
            for pair in slots.windows(2) {
                prop_assert!(rank(&pair[0]) < rank(&pair[1]), "not sorted and unique: {:?}", pair);
            }
            for slot in &slots {
                let provider = config.provider(slot.provider).expect("a configured provider");
                prop_assert!(earliest <= slot.start && slot.start < latest, "notice or horizon: {:?}", slot);
                prop_assert_eq!(slot.end - slot.start, TimeDelta::minutes(case.duration.into()));
                for visit in booked.iter().filter(|b| b.provider == slot.provider) {
                    prop_assert!(
                        slot.end <= visit.start - buffer || visit.end + buffer <= slot.start,
                        "{:?} overlaps {:?}", slot, visit
                    );
                }
                for off in &provider.time_off {
                    let (off_start, off_end) = (slow_resolve(tz, off.start, false), slow_resolve(tz, off.end, true));
                    prop_assert!(slot.end <= off_start || off_end <= slot.start, "{:?} overlaps {:?}", slot, off);
                }
                let date = local_date(tz, slot.start);
                let within_hours = [date - TimeDelta::days(1), date, date + TimeDelta::days(1)].iter().any(|&date| {
                    request.from <= date && date <= request.to
                        && config.holidays.iter().all(|holiday| holiday.date != date)
                        && provider.hours.iter().any(|block| {
                            let (open, close) = slow_window(tz, date, block);
                            block.location == slot.location
                                && block.days.contains(&date.weekday())
                                && open <= slot.start
                                && slot.end <= close
                                && (slot.start - open).num_seconds() % step == 0
                        })
                });
                prop_assert!(within_hours, "{:?} is outside the hours", slot);
                let checked = check_slot(&config, &Wanted { visit_type: "visit".into(), provider: slot.provider.into(), location: slot.location.into(), start: slot.start }, &booked, now);
                prop_assert_eq!(checked, Ok(slot.clone()));
            }
        }

        #[test]
        fn check_slot_agrees_with_open_slots_for_any_start(
            case in case(),
            provider in 0usize..2,
            location in 0usize..2,
            fives in -300i64..(21 * 288),
        ) {
            let config = case.config();
            let tz = config.clinic.timezone;
            let booked = case.booked();
            let now = case.now();
            let start = DateTime::from_timestamp(now.timestamp() / 300 * 300 + fives * 300, 0).expect("in range");
            let date = local_date(tz, start);
            let request = SlotRequest {
                visit_type: "visit".into(),
                provider: Some(PROVIDERS[provider].into()),
                location: Some(LOCATIONS[location].into()),
                from: date - TimeDelta::days(1),
                to: date + TimeDelta::days(1),
            };
            let listed = open_slots(&config, &request, &booked, now).into_iter().find(|slot| slot.start == start);
            let checked = check_slot(&config, &Wanted { visit_type: "visit".into(), provider: PROVIDERS[provider].into(), location: LOCATIONS[location].into(), start }, &booked, now);
            match (&checked, listed) {
                (Ok(slot), Some(listed)) => prop_assert_eq!(slot, &listed),
                (Err(refusal), None) => {
                    let (earliest, latest) = rule_limits(&config, now);
                    let in_hours = brute_force(&config, &request, &[], DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC)
                        .iter()
                        .any(|slot| slot.start == start);
                    let expected = if !in_hours {
                        SlotRefusal::OutsideHours
                    } else if start < earliest {
                        SlotRefusal::TooSoon
                    } else if start >= latest {
                        SlotRefusal::TooFar
                    } else {
                        SlotRefusal::Taken
                    };
                    prop_assert_eq!(refusal, &expected);
                }
                (checked, listed) => prop_assert!(false, "check_slot {:?} but open_slots {:?}", checked, listed),
            }
        }
    }
}
