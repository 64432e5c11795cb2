//! Dates and times in the patient's language and time zone, formatted by the browser's `Intl`
//! (the widget carries no time-zone database). Times from the API are UTC RFC 3339; a clinic's
//! dates are `YYYY-MM-DD` in its own zone.

use js_sys::{Date, JsString};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{fill, text, Language, Msg};

#[wasm_bindgen]
extern "C" {
    /// A `Date` whose `toLocaleString` may throw (on an unknown time zone) without aborting.
    #[wasm_bindgen(js_name = Date)]
    type CheckedDate;

    #[wasm_bindgen(method, catch, js_name = toLocaleString)]
    fn to_locale_string(
        this: &CheckedDate,
        locale: &str,
        options: &JsValue,
    ) -> Result<JsString, JsValue>;
}

/// Weekday, month and day: "Tuesday, March 4".
const DAY: &str = r#"{"weekday":"long","month":"long","day":"numeric"}"#;
/// Hour and minute: "9:30 AM".
const TIME: &str = r#"{"hour":"numeric","minute":"2-digit"}"#;

/// Formats `date` with `Intl` options given as JSON, in `zone` (the patient's own when `None`).
fn format(date: &Date, locale: &str, options: &str, zone: Option<&str>) -> String {
    let Ok(options) = js_sys::JSON::parse(options) else {
        return String::new();
    };
    if let Some(zone) = zone {
        let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &zone.into());
    }
    date.unchecked_ref::<CheckedDate>()
        .to_locale_string(locale, &options)
        .map(String::from)
        .unwrap_or_default()
}

fn instant(rfc3339: &str) -> Date {
    Date::new(&rfc3339.into())
}

/// A clinic's date (`2026-03-04`) as "Tuesday, March 4".
pub fn day(lang: Language, date: &str) -> String {
    // Noon UTC of that date, shown in UTC: the same calendar day whatever the patient's zone.
    format(
        &instant(&[date, "T12:00:00Z"].concat()),
        lang.tag(),
        DAY,
        Some("UTC"),
    )
}

/// The time of `start` in the patient's zone ("9:30 AM"), with the clinic's time too when it
/// differs: "9:30 AM your time (8:30 AM clinic time)".
pub fn time(lang: Language, start: &str, clinic_zone: &str) -> String {
    let date = instant(start);
    let mine = format(&date, lang.tag(), TIME, None);
    let clinic = format(&date, lang.tag(), TIME, Some(clinic_zone));
    if clinic.is_empty() || clinic == mine {
        mine
    } else {
        fill(lang, Msg::YourTime, &[&mine, &clinic])
    }
}

/// The time of `start` in the patient's zone, alone ("9:30 AM").
pub fn short_time(lang: Language, start: &str) -> String {
    format(&instant(start), lang.tag(), TIME, None)
}

/// Day and time of `start`: "Tuesday, March 4 at 9:30 AM", in the patient's zone, with the
/// clinic's time when it differs.
pub fn when(lang: Language, start: &str, clinic_zone: &str) -> String {
    let day = format(&instant(start), lang.tag(), DAY, None);
    let time = time(lang, start, clinic_zone);
    // Spanish says "a la 1:00" but "a las 2:00".
    let at = if lang == Language::Es && time.starts_with("1:") {
        " a la "
    } else {
        text(lang, Msg::At)
    };
    [day.as_str(), at, &time].concat()
}

/// The day of an instant, in `zone` (the patient's own when `None`): "Tuesday, March 4".
pub fn on_day(lang: Language, rfc3339: &str, zone: Option<&str>) -> String {
    format(&instant(rfc3339), lang.tag(), DAY, zone)
}

/// Day and time of an instant, in the patient's zone: "Tuesday, March 4 at 5:00 PM".
pub fn instant_words(lang: Language, rfc3339: &str) -> String {
    let time = short_time(lang, rfc3339);
    let at = if lang == Language::Es && time.starts_with("1:") {
        " a la "
    } else {
        text(lang, Msg::At)
    };
    [on_day(lang, rfc3339, None).as_str(), at, &time].concat()
}

/// The clinic's date of an instant, `YYYY-MM-DD` (Canadian English writes dates that way).
#[cfg(feature = "booking")]
pub fn clinic_date(rfc3339: &str, clinic_zone: &str) -> String {
    format(
        &instant(rfc3339),
        "en-CA",
        r#"{"year":"numeric","month":"2-digit","day":"2-digit"}"#,
        Some(clinic_zone),
    )
}

/// The patient's today, from the device's clock and zone.
pub fn today() -> chrono::NaiveDate {
    let now = Date::new_0();
    chrono::NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
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

/// `n` in decimal digits, without `Display` (one small function instead of a `to_string` per
/// integer type).
pub fn num(mut n: u32) -> String {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits[i..].iter().map(|&d| d as char).collect()
}

#[cfg(test)]
mod num_tests {
    #[test]
    fn numbers_are_written_in_decimal() {
        assert_eq!(super::num(0), "0");
        assert_eq!(super::num(7), "7");
        assert_eq!(super::num(4_294_967_295), "4294967295");
    }
}
