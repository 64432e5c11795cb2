//! When a follow-up is due: counted in the clinic's business hours, not in clock hours.
//!
//! A follow-up is due once `follow_up_business_days` × *one business day* of open time has
//! passed since it was opened, counting only the clinic's business hours, skipping closed days
//! and holidays. *One business day* is the open time of the longest day in the weekly hours
//! (9 hours for Monday to Friday 08:00–17:00). Time outside business hours does not count, so:
//!
//! | Opened (clinic time, Mon–Fri 08:00–17:00) | Days | Due |
//! |---|---|---|
//! | Tuesday 10:00 | 1 | Wednesday 10:00 |
//! | Friday 16:00 | 1 | Monday 16:00 (1 hour on Friday, 8 on Monday) |
//! | Wednesday 20:00 (after hours) | 1 | Thursday 17:00 (all of Thursday) |
//! | Saturday 11:00 | 1 | Monday 17:00 |
//! | Wednesday 10:00 before Thanksgiving | 1 | Friday 10:00 (Thursday is a holiday) |
//! | Monday 09:00 | 3 | Thursday 09:00 |
//!
//! Local times are turned into instants with the clinic's time zone on each date, so a due time
//! after a daylight-saving change keeps its wall-clock time (Friday 16:00 EST → Monday 16:00 EDT).

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::clinic::Holiday;

use super::settings::FeedbackSettings;

/// Days searched ahead for open hours before giving up (a clinic closed for longer than this
/// gets `N` calendar days instead; validation makes sure some day is open).
const SEARCH_DAYS: u32 = 3 * 366;

/// When a follow-up opened at `opened_at` is due (see the module docs for the rule and examples).
pub fn due_at(
    settings: &FeedbackSettings,
    timezone: Tz,
    holidays: &[Holiday],
    opened_at: DateTime<Utc>,
) -> DateTime<Utc> {
    let days = i64::from(settings.follow_up_business_days.max(1));
    let fallback = opened_at + Duration::days(days);
    let day_minutes = settings.business_hours.longest_day_minutes();
    if day_minutes <= 0 {
        return fallback;
    }
    let mut remaining = Duration::minutes(day_minutes * days);
    let mut date = opened_at.with_timezone(&timezone).date_naive();
    for _ in 0..SEARCH_DAYS {
        if !holidays.iter().any(|h| h.date == date) {
            let mut spans = settings
                .business_hours
                .day(chrono::Datelike::weekday(&date))
                .to_vec();
            spans.sort_by_key(|s| s.start);
            for span in spans {
                let start = instant(timezone, date, span.start).max(opened_at);
                let end = instant(timezone, date, span.end);
                if end <= start {
                    continue;
                }
                let open = end - start;
                if open >= remaining {
                    return start + remaining;
                }
                remaining -= open;
            }
        }
        match date.succ_opt() {
            Some(next) => date = next,
            None => break,
        }
    }
    fallback
}

/// The instant of a clinic-local date and time. A time skipped by a daylight-saving change
/// (02:30 on the spring-forward day) is read one hour later; a time that happens twice is read
/// the first time.
fn instant(timezone: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = NaiveDateTime::new(date, time);
    timezone
        .from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            timezone
                .from_local_datetime(&(local + Duration::hours(1)))
                .earliest()
        })
        .map_or_else(|| Utc.from_utc_datetime(&local), |t| t.with_timezone(&Utc))
}

/// True when a follow-up is still open after its due time.
pub fn is_overdue(
    due_at: DateTime<Utc>,
    resolved_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    resolved_at.is_none() && now > due_at
}
