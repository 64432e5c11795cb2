//! Days and times in patients' words, in English and Spanish: "Tuesday, March 3 at 9:30 AM",
//! "martes, 3 de marzo a las 9:30 a. m.".
//!
//! One set of words for everything that says a time: the server's messages and instructions
//! (read from chrono, in the clinic's zone) and the widget (read from the browser's `Date`). The
//! widget does not use the browser's `Intl` for them: its first use on a page costs a slow phone
//! about 100 ms in one task, and it would word times differently from the messages.
//!
//! Written without `format!`, which would cost the widget its formatting machinery.

use crate::language::Language;

/// What a calendar and a clock somewhere read at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Wall {
    /// The year.
    pub year: i32,
    /// 1 (January) to 12.
    pub month: u32,
    /// 1 to 31.
    pub day: u32,
    /// 0 (Sunday) to 6 (Saturday).
    pub weekday: u32,
    /// 0 to 23.
    pub hour: u32,
    /// 0 to 59.
    pub minute: u32,
}

impl Wall {
    /// A chrono date and time, read where it is (in its own zone).
    pub fn of<T: chrono::Datelike + chrono::Timelike>(t: &T) -> Wall {
        Wall {
            hour: t.hour(),
            minute: t.minute(),
            ..Wall::date(t)
        }
    }

    /// A chrono date, at midnight.
    pub fn date<T: chrono::Datelike>(d: &T) -> Wall {
        Wall {
            year: d.year(),
            month: d.month(),
            day: d.day(),
            weekday: d.weekday().num_days_from_sunday(),
            hour: 0,
            minute: 0,
        }
    }
}

/// The names of the days, Sunday first, and of the months, January first, each in one string
/// (one string costs the widget less than a table of them).
const DAYS: [&str; 2] = [
    "Sunday,Monday,Tuesday,Wednesday,Thursday,Friday,Saturday",
    "domingo,lunes,martes,miércoles,jueves,viernes,sábado",
];
const MONTHS: [&str; 2] = [
    "January,February,March,April,May,June,July,August,September,October,November,December",
    "enero,febrero,marzo,abril,mayo,junio,julio,agosto,septiembre,octubre,noviembre,diciembre",
];

/// The `i`th name of a list.
fn nth(list: &str, i: u32) -> &str {
    list.split(',').nth(i as usize).unwrap_or_default()
}

/// The day: "Tuesday, March 3", "martes, 3 de marzo".
pub fn day(lang: Language, w: &Wall) -> String {
    let es = lang == Language::Es;
    let month = nth(MONTHS[es as usize], w.month.wrapping_sub(1));
    let mut out = nth(DAYS[es as usize], w.weekday).to_string();
    out.push_str(", ");
    if !es {
        out.push_str(month);
        out.push(' ');
    }
    out.push_str(&num(w.day));
    if es {
        out.push_str(" de ");
        out.push_str(month);
    }
    out
}

/// The day with its year: "Tuesday, March 3, 2027", "martes, 3 de marzo de 2027".
pub fn day_and_year(lang: Language, w: &Wall) -> String {
    let year = num(w.year.max(0) as u32);
    let sep = if lang == Language::Es { " de " } else { ", " };
    [day(lang, w).as_str(), sep, &year].concat()
}

/// The time on a 12-hour clock: "9:30 AM", "9:30 a. m.".
pub fn time(lang: Language, w: &Wall) -> String {
    let mut out = num(hour12(w));
    out.push_str(if w.minute < 10 { ":0" } else { ":" });
    out.push_str(&num(w.minute));
    out.push_str(match (lang, w.hour < 12) {
        (Language::En, true) => " AM",
        (Language::En, false) => " PM",
        (Language::Es, true) => " a. m.",
        (Language::Es, false) => " p. m.",
    });
    out
}

fn hour12(w: &Wall) -> u32 {
    match w.hour % 12 {
        0 => 12,
        h => h,
    }
}

/// What joins a day to its time: " at ", and in Spanish " a la " before 1 o'clock, else
/// " a las ".
pub fn at(lang: Language, w: &Wall) -> &'static str {
    match lang {
        Language::En => " at ",
        Language::Es if hour12(w) == 1 => " a la ",
        Language::Es => " a las ",
    }
}

/// Day and time: "Tuesday, March 3 at 9:30 AM", "martes, 3 de marzo a las 9:30 a. m.".
pub fn when(lang: Language, w: &Wall) -> String {
    [day(lang, w).as_str(), at(lang, w), &time(lang, w)].concat()
}

/// `n` in decimal digits, without `Display` (one small function instead of the formatting
/// machinery in the widget).
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
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};

    fn at_(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> Wall {
        Wall::of(
            &NaiveDate::from_ymd_opt(y, mo, d)
                .unwrap()
                .and_hms_opt(h, mi, 0)
                .unwrap(),
        )
    }

    #[test]
    fn days_and_times_read_as_patients_say_them() {
        type Say = fn(Language, &Wall) -> String;
        type Case = (Say, Language, (i32, u32, u32, u32, u32), &'static str);
        let (en, es) = (Language::En, Language::Es);
        #[rustfmt::skip]
        let cases: [Case; 10] = [
            (when, en, (2026, 3, 3, 9, 30), "Tuesday, March 3 at 9:30 AM"),
            (when, es, (2026, 3, 3, 9, 30), "martes, 3 de marzo a las 9:30 a. m."),
            (when, es, (2026, 1, 5, 13, 5), "lunes, 5 de enero a la 1:05 p. m."),
            (time, en, (2026, 1, 4, 0, 0), "12:00 AM"),
            (time, en, (2026, 1, 4, 12, 0), "12:00 PM"),
            (time, en, (2026, 1, 4, 23, 59), "11:59 PM"),
            (day, en, (2026, 1, 4, 0, 0), "Sunday, January 4"),
            (day, es, (2026, 12, 5, 0, 0), "sábado, 5 de diciembre"),
            (day_and_year, en, (2027, 3, 3, 0, 0), "Wednesday, March 3, 2027"),
            (day_and_year, es, (2027, 3, 3, 0, 0), "miércoles, 3 de marzo de 2027"),
        ];
        for (say, lang, (y, mo, d, h, mi), words) in cases {
            assert_eq!(say(lang, &at_(y, mo, d, h, mi)), words);
        }
    }

    #[cfg(feature = "engine")]
    #[test]
    fn a_time_in_a_zone_reads_that_zones_clock() {
        let tz: chrono_tz::Tz = "America/New_York".parse().unwrap();
        let t = chrono::Utc.with_ymd_and_hms(2026, 3, 9, 13, 30, 0).unwrap();
        assert_eq!(
            when(Language::En, &Wall::of(&t.with_timezone(&tz))),
            "Monday, March 9 at 9:30 AM"
        );
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        assert_eq!(num(0), "0");
        assert_eq!(num(7), "7");
        assert_eq!(num(4_294_967_295), "4294967295");
    }
}
