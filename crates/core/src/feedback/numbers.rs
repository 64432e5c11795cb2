//! The clinic's numbers: weekly scores, the recommend score, follow-ups closed on time and the
//! phone time the portal saved. Pure functions over what the server counted.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::api::feedback::{FollowUpNumbers, NoShows, WeekScores};

/// One feedback's scores and when it was sent: the input of [`weekly_scores`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scored {
    /// When it was sent.
    pub at: DateTime<Utc>,
    /// Ease of booking, 1 to 5.
    pub ease: Option<u8>,
    /// Overall, 1 to 5.
    pub overall: Option<u8>,
    /// Would recommend, 0 to 10.
    pub recommend: Option<u8>,
}

/// One follow-up's times: the input of [`follow_up_numbers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowUpTimes {
    /// When it was opened.
    pub opened_at: DateTime<Utc>,
    /// When it was due.
    pub due_at: DateTime<Utc>,
    /// When it was resolved, if it was.
    pub resolved_at: Option<DateTime<Utc>>,
}

/// One visit whose time has come, and whether the patient came: the input of [`no_shows`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attended {
    /// When it started.
    pub start: DateTime<Utc>,
    /// Its visit type's id.
    pub visit_type: String,
    /// Marked as a no-show.
    pub no_show: bool,
}

/// No-shows among visits whose time has come, by clinic-local week (oldest first) and by visit
/// type (by id). A visit not marked counts as one the patient came to.
pub fn no_shows(visits: &[Attended], timezone: Tz) -> (Vec<NoShows>, Vec<NoShows>) {
    let mut weeks: BTreeMap<NaiveDate, (u64, u64)> = BTreeMap::new();
    let mut kinds: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for v in visits {
        for counts in [
            weeks.entry(week_start(v.start, timezone)).or_default(),
            kinds.entry(v.visit_type.as_str()).or_default(),
        ] {
            counts.0 += 1;
            counts.1 += u64::from(v.no_show);
        }
    }
    let row = |group: String, (visits, no_shows): (u64, u64)| NoShows {
        group,
        visits,
        no_shows,
        rate: (visits > 0).then(|| round(100.0 * no_shows as f64 / visits as f64, 1)),
    };
    (
        weeks
            .into_iter()
            .map(|(monday, n)| row(monday.format("%Y-%m-%d").to_string(), n))
            .collect(),
        kinds
            .into_iter()
            .map(|(kind, n)| row(kind.to_string(), n))
            .collect(),
    )
}

/// The Monday that starts the clinic-local week of `at`.
pub fn week_start(at: DateTime<Utc>, timezone: Tz) -> NaiveDate {
    let date = at.with_timezone(&timezone).date_naive();
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// The median of some numbers (the mean of the middle two for an even count); none when empty.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len() % 2 == 0 {
        (v[mid - 1] + v[mid]) / 2.0
    } else {
        v[mid]
    })
}

/// Net promoter score of `recommend` answers (0–10): the percentage of 9s and 10s minus the
/// percentage of 0s to 6s, from −100 to 100, to one decimal; none without answers.
pub fn recommend_nps(scores: &[u8]) -> Option<f64> {
    if scores.is_empty() {
        return None;
    }
    let n = scores.len() as f64;
    let promoters = scores.iter().filter(|&&s| s >= 9).count() as f64;
    let detractors = scores.iter().filter(|&&s| s <= 6).count() as f64;
    Some(round((promoters - detractors) * 100.0 / n, 1))
}

/// Minutes of phone time that online bookings saved.
pub fn phone_minutes_saved(bookings: u64, minutes_per_call: u32) -> u64 {
    bookings.saturating_mul(u64::from(minutes_per_call))
}

/// Scores by clinic-local week (starting Monday), oldest first. Weeks without feedback between
/// the first and the last are included with no averages, so a chart's weeks are evenly spaced.
pub fn weekly_scores(feedback: &[Scored], timezone: Tz) -> Vec<WeekScores> {
    #[derive(Default)]
    struct Week {
        ease: Vec<u8>,
        overall: Vec<u8>,
        recommend: Vec<u8>,
        responses: u32,
    }
    let mut weeks: BTreeMap<NaiveDate, Week> = BTreeMap::new();
    for f in feedback {
        let w = weeks.entry(week_start(f.at, timezone)).or_default();
        w.responses += 1;
        w.ease.extend(f.ease);
        w.overall.extend(f.overall);
        w.recommend.extend(f.recommend);
    }
    let (Some(&first), Some(&last)) = (weeks.keys().next(), weeks.keys().next_back()) else {
        return Vec::new();
    };
    let average = |v: &[u8]| {
        (!v.is_empty()).then(|| {
            round(
                v.iter().map(|&x| f64::from(x)).sum::<f64>() / v.len() as f64,
                2,
            )
        })
    };
    let mut out = Vec::new();
    let mut monday = first;
    while monday <= last {
        let w = weeks.remove(&monday).unwrap_or_default();
        out.push(WeekScores {
            week_start: monday.format("%Y-%m-%d").to_string(),
            ease_avg: average(&w.ease),
            overall_avg: average(&w.overall),
            recommend_nps: recommend_nps(&w.recommend),
            responses: w.responses,
        });
        monday += Duration::days(7);
    }
    out
}

/// How follow-ups went, as of `now`.
pub fn follow_up_numbers(follow_ups: &[FollowUpTimes], now: DateTime<Utc>) -> FollowUpNumbers {
    let mut n = FollowUpNumbers {
        opened: follow_ups.len() as u32,
        ..FollowUpNumbers::default()
    };
    let mut minutes = Vec::new();
    for f in follow_ups {
        match f.resolved_at {
            Some(at) => {
                if at <= f.due_at {
                    n.closed_on_time += 1;
                } else {
                    n.closed_late += 1;
                }
                minutes.push((at - f.opened_at).num_seconds() as f64 / 60.0);
            }
            None if now > f.due_at => n.overdue += 1,
            None => n.open += 1,
        }
    }
    n.median_minutes_to_close = median(&minutes).map(|m| round(m, 1));
    n
}

fn round(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}
