//! Dates and times in the patient's language: in the patient's own zone from the browser's
//! `Date`, and on the clinic's clock as the server writes it beside each UTC time
//! (`clinic_start`, `2026-03-09T09:30:00-04:00`). The words are portal-core's
//! ([`portal_core::clock`]), the same as in the messages. The browser's `Intl` is not used: its
//! first use on a page is one task of about 100 ms on a slow phone, and the widget carries no
//! time-zone database.

use js_sys::Date;
pub use portal_core::clock::num;
use portal_core::clock::{self, Wall};

use crate::i18n::{fill, Language, Msg};

fn instant(rfc3339: &str) -> Date {
    Date::new(&rfc3339.into())
}

/// The patient's calendar and clock at an instant (UTC RFC 3339), or `None` if it is not one.
fn mine(rfc3339: &str) -> Option<Wall> {
    local(&instant(rfc3339))
}

/// The device's calendar and clock at a `Date`.
fn local(d: &Date) -> Option<Wall> {
    // The device's offset then, in minutes behind UTC.
    read(d.get_time() - d.get_timezone_offset() * 60_000.0)
}

/// The hour (0 to 23) of an instant on the patient's clock.
pub fn hour(rfc3339: &str) -> u32 {
    mine(rfc3339).map_or(0, |w| w.hour)
}

/// A calendar and clock reading as written: a time on the clinic's clock
/// (`2026-03-09T09:30:00-04:00`, read as 9:30 on March 9) or a date (`2026-03-09`).
fn written(local: &str) -> Option<Wall> {
    let time = local.get(10..16).unwrap_or("T12:00");
    read(instant(&[local.get(..10)?, time, ":00Z"].concat()).get_time())
}

/// The calendar and clock of a UTC instant in milliseconds. The date is Howard Hinnant's
/// `civil_from_days`: a few lines of arithmetic cost the bundle less than chrono's calendar
/// tables (1.7 KB) or one call into JS per `Date` getter.
fn read(ms: f64) -> Option<Wall> {
    if !ms.is_finite() {
        return None;
    }
    let days = (ms / 86_400_000.0).floor();
    let minutes = ((ms - days * 86_400_000.0) / 60_000.0) as u32;
    // Days since 1 March of year 0 (all the arithmetic stays positive for the years AD).
    let z = (days as i32).wrapping_add(719_468) as u32;
    let (era, doe) = (z / 146_097, z % 146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    Some(Wall {
        year: (yoe + era * 400 + (month <= 2) as u32) as i32,
        month,
        day: doy - (153 * mp + 2) / 5 + 1,
        // 1 March of year 0 was a Wednesday.
        weekday: z.wrapping_add(3) % 7,
        hour: minutes / 60,
        minute: minutes % 60,
    })
}

/// A date as written (`2026-03-04`) as "Tuesday, March 4".
pub fn day(lang: Language, date: &str) -> String {
    written(date).map_or_else(String::new, |w| clock::day(lang, &w))
}

/// The time of `start` in the patient's zone ("9:30 AM"), with the clinic's time too when it
/// differs (`clinic_start`, the same time on the clinic's clock): "9:30 AM your time (8:30 AM
/// clinic time)".
pub fn time(lang: Language, start: &str, clinic_start: &str) -> String {
    let mine = short_time(lang, start);
    let clinic = written(clinic_start).map_or_else(String::new, |w| clock::time(lang, &w));
    if clinic.is_empty() || clinic == mine {
        mine
    } else {
        fill(lang, Msg::YourTime, &[&mine, &clinic])
    }
}

/// The time of `start` in the patient's zone, alone ("9:30 AM").
pub fn short_time(lang: Language, start: &str) -> String {
    mine(start).map_or_else(String::new, |w| clock::time(lang, &w))
}

/// Day and time of `start`: "Tuesday, March 4 at 9:30 AM", in the patient's zone, with the
/// clinic's time when it differs.
pub fn when(lang: Language, start: &str, clinic_start: &str) -> String {
    let Some(w) = mine(start) else {
        return String::new();
    };
    [
        clock::day(lang, &w).as_str(),
        clock::at(lang, &w),
        &time(lang, start, clinic_start),
    ]
    .concat()
}

/// The day of an instant in the patient's zone: "Tuesday, March 4".
pub fn on_day(lang: Language, rfc3339: &str) -> String {
    mine(rfc3339).map_or_else(String::new, |w| clock::day(lang, &w))
}

/// Day and time of an instant, in the patient's zone: "Tuesday, March 4 at 5:00 PM".
pub fn instant_words(lang: Language, rfc3339: &str) -> String {
    mine(rfc3339).map_or_else(String::new, |w| clock::when(lang, &w))
}

/// The patient's today, from the device's clock and zone.
pub fn today() -> chrono::NaiveDate {
    local(&Date::new_0())
        .and_then(|w| chrono::NaiveDate::from_ymd_opt(w.year, w.month, w.day))
        .unwrap_or_default()
}

/// The date after a `YYYY-MM-DD` date, or `None` if it is not one.
pub fn next_day(date: &str) -> Option<String> {
    let noon = instant(&[date, "T12:00:00Z"].concat());
    let ms = noon.get_time();
    if ms.is_nan() {
        return None;
    }
    let next = Date::new(&(ms + 86_400_000.0).into());
    String::from(next.to_iso_string())
        .get(..10)
        .map(str::to_string)
}
