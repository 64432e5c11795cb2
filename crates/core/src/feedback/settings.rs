//! The `[feedback]` table of a clinic's file: when to ask, what, in which words, and what the
//! clinic promises when something went wrong. Every field has a default, so a clinic without
//! `[feedback]` asks the standard questions.
//!
//! The file is read into raw shapes that mirror the TOML (so a question's wording may be left
//! out), then resolved into [`FeedbackSettings`], where every question has its wording and
//! whether it is required.

use std::fmt;

use chrono::{NaiveTime, Weekday};
use serde::Deserialize;

use crate::clinic::{ClinicConfig, ConfigIssue, Language, Text};

/// The clinic's feedback settings, with every default filled in.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "RawSettings")]
pub struct FeedbackSettings {
    /// Asked right after a patient books.
    pub after_booking: MomentSettings,
    /// Asked after the visit.
    pub after_visit: MomentSettings,
    /// An `overall` score at or below this opens a follow-up (0 turns this off).
    pub low_overall: u8,
    /// A `recommend` score at or below this opens a follow-up.
    pub low_recommend: u8,
    /// An `ease` score at or below this opens a follow-up (0 turns this off).
    pub low_ease: u8,
    /// How many business days the clinic gives itself to contact the patient.
    pub follow_up_business_days: u32,
    /// When the clinic's staff are there to follow up, in the clinic's time zone.
    pub business_hours: BusinessHours,
    /// Minutes a booking takes by phone, for "phone minutes saved".
    pub minutes_per_call: u32,
    /// Longest answer to "What could we do better?", in characters.
    pub max_text: u32,
    /// What the widget promises a patient when a follow-up opens.
    pub promise: Text,
}

impl Default for FeedbackSettings {
    fn default() -> Self {
        RawSettings::default().into()
    }
}

pub use crate::api::feedback::Moment;

/// One moment's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct MomentSettings {
    /// Whether the widget asks at this moment.
    pub enabled: bool,
    /// The questions, in the order the widget shows them.
    pub questions: Vec<Question>,
}

impl MomentSettings {
    /// The question with this id, when this moment asks it.
    pub fn question(&self, id: QuestionId) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}

/// The questions a clinic can ask (declared with the API, which names them).
pub use crate::api::feedback::QuestionId;

impl QuestionId {
    /// The range of a score question (`ease`, `overall`: 1–5; `recommend`: 0–10).
    pub fn scale(self) -> Option<(u8, u8)> {
        match self {
            QuestionId::Ease | QuestionId::Overall => Some((1, 5)),
            QuestionId::Recommend => Some((0, 10)),
            QuestionId::Better | QuestionId::Contact => None,
        }
    }

    /// The standard wording, at or below grade 6 in both languages.
    pub fn default_text(self) -> Text {
        let (en, es) = match self {
            QuestionId::Ease => (
                "How easy was it to book today?",
                "¿Qué tan fácil fue hacer su cita hoy?",
            ),
            QuestionId::Overall => ("How was your visit?", "¿Cómo fue su visita?"),
            QuestionId::Recommend => (
                "Would you tell a friend to come here?",
                "¿Le diría a un amigo que venga aquí?",
            ),
            QuestionId::Better => ("What could we do better?", "¿Qué podemos hacer mejor?"),
            QuestionId::Contact => (
                "May we contact you about this?",
                "¿Podemos hablar con usted sobre esto?",
            ),
        };
        Text {
            en: en.into(),
            es: Some(es.into()),
        }
    }

    /// Words under the two ends of a scale, like ("Very hard", "Very easy").
    pub fn scale_labels(self) -> Option<(Text, Text)> {
        let t = |en: &str, es: &str| Text {
            en: en.into(),
            es: Some(es.into()),
        };
        match self {
            QuestionId::Ease => Some((t("Very hard", "Muy difícil"), t("Very easy", "Muy fácil"))),
            QuestionId::Overall => Some((t("Very bad", "Muy mala"), t("Very good", "Muy buena"))),
            QuestionId::Recommend => {
                Some((t("Not at all", "Para nada"), t("For sure", "Seguro que sí")))
            }
            QuestionId::Better | QuestionId::Contact => None,
        }
    }

    /// Whether the standard form needs an answer: the scores that open the form do.
    fn required_by_default(self) -> bool {
        matches!(self, QuestionId::Ease | QuestionId::Overall)
    }
}

/// One question as the clinic asks it.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Which question.
    pub id: QuestionId,
    /// Whether the patient must answer it to send the form.
    pub required: bool,
    /// Its wording.
    pub text: Text,
}

/// Weekly business hours, in the clinic's time zone; a day left out is closed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BusinessHours {
    /// Monday's open spans, like `["08:00-12:00", "13:00-17:00"]`.
    #[serde(default)]
    pub mon: Vec<OpenSpan>,
    /// Tuesday.
    #[serde(default)]
    pub tue: Vec<OpenSpan>,
    /// Wednesday.
    #[serde(default)]
    pub wed: Vec<OpenSpan>,
    /// Thursday.
    #[serde(default)]
    pub thu: Vec<OpenSpan>,
    /// Friday.
    #[serde(default)]
    pub fri: Vec<OpenSpan>,
    /// Saturday.
    #[serde(default)]
    pub sat: Vec<OpenSpan>,
    /// Sunday.
    #[serde(default)]
    pub sun: Vec<OpenSpan>,
}

impl Default for BusinessHours {
    /// Monday to Friday, 08:00 to 17:00.
    fn default() -> Self {
        let day = || {
            vec![OpenSpan {
                start: hm(8, 0),
                end: hm(17, 0),
            }]
        };
        BusinessHours {
            mon: day(),
            tue: day(),
            wed: day(),
            thu: day(),
            fri: day(),
            sat: vec![],
            sun: vec![],
        }
    }
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

impl BusinessHours {
    /// The open spans of one weekday.
    pub fn day(&self, day: Weekday) -> &[OpenSpan] {
        match day {
            Weekday::Mon => &self.mon,
            Weekday::Tue => &self.tue,
            Weekday::Wed => &self.wed,
            Weekday::Thu => &self.thu,
            Weekday::Fri => &self.fri,
            Weekday::Sat => &self.sat,
            Weekday::Sun => &self.sun,
        }
    }

    /// Open minutes of the longest day: the working time of "one business day".
    pub fn longest_day_minutes(&self) -> i64 {
        WEEK.iter()
            .map(|&d| self.day(d).iter().map(OpenSpan::minutes).sum::<i64>())
            .max()
            .unwrap_or(0)
    }
}

const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// One open span of a day, written `"08:00-17:00"` (24-hour, local time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct OpenSpan {
    /// Opens.
    pub start: NaiveTime,
    /// Closes.
    pub end: NaiveTime,
}

impl OpenSpan {
    /// Its length in minutes.
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }
}

impl TryFrom<String> for OpenSpan {
    type Error = String;

    fn try_from(s: String) -> Result<Self, String> {
        let bad = || {
            format!("\"{s}\" is not a span of time; write opening and closing time, like \"08:00-17:00\"")
        };
        let (a, b) = s.split_once('-').ok_or_else(bad)?;
        let t = |x: &str| NaiveTime::parse_from_str(x.trim(), "%H:%M").map_err(|_| bad());
        Ok(OpenSpan {
            start: t(a)?,
            end: t(b)?,
        })
    }
}

impl fmt::Display for OpenSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{}",
            self.start.format("%H:%M"),
            self.end.format("%H:%M")
        )
    }
}

// ----------------------------------------------------------------------------------------------
// The file's shape
// ----------------------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawSettings {
    after_booking: RawMoment,
    after_visit: RawMoment,
    low_overall: u8,
    low_recommend: u8,
    low_ease: u8,
    follow_up_business_days: u32,
    business_hours: BusinessHours,
    minutes_per_call: u32,
    max_text: u32,
    promise: Text,
}

impl Default for RawSettings {
    fn default() -> Self {
        RawSettings {
            after_booking: RawMoment::default(),
            after_visit: RawMoment::default(),
            low_overall: 2,
            low_recommend: 6,
            low_ease: 2,
            follow_up_business_days: 1,
            business_hours: BusinessHours::default(),
            minutes_per_call: 8,
            max_text: 1000,
            promise: Text {
                en: "Someone from our clinic will call you within one business day.".into(),
                es: Some(
                    "Alguien de nuestra clínica le llamará en un plazo de un día hábil.".into(),
                ),
            },
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMoment {
    #[serde(default = "yes")]
    enabled: bool,
    /// Left out: the standard questions of the moment.
    #[serde(default)]
    questions: Option<Vec<RawQuestion>>,
}

impl Default for RawMoment {
    fn default() -> Self {
        RawMoment {
            enabled: true,
            questions: None,
        }
    }
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: QuestionId,
    #[serde(default)]
    required: Option<bool>,
    #[serde(default)]
    text: Option<Text>,
}

/// The standard questions of a moment.
fn standard_questions(moment: Moment) -> &'static [QuestionId] {
    match moment {
        Moment::AfterBooking => &[QuestionId::Ease],
        Moment::AfterVisit => &[
            QuestionId::Overall,
            QuestionId::Recommend,
            QuestionId::Better,
            QuestionId::Contact,
        ],
    }
}

fn resolve(raw: RawMoment, moment: Moment) -> MomentSettings {
    let questions = match raw.questions {
        Some(list) => list
            .into_iter()
            .map(|q| Question {
                id: q.id,
                required: q.required.unwrap_or_else(|| q.id.required_by_default()),
                text: q.text.unwrap_or_else(|| q.id.default_text()),
            })
            .collect(),
        None => standard_questions(moment)
            .iter()
            .map(|&id| Question {
                id,
                required: id.required_by_default(),
                text: id.default_text(),
            })
            .collect(),
    };
    MomentSettings {
        enabled: raw.enabled,
        questions,
    }
}

impl From<RawSettings> for FeedbackSettings {
    fn from(r: RawSettings) -> Self {
        FeedbackSettings {
            after_booking: resolve(r.after_booking, Moment::AfterBooking),
            after_visit: resolve(r.after_visit, Moment::AfterVisit),
            low_overall: r.low_overall,
            low_recommend: r.low_recommend,
            low_ease: r.low_ease,
            follow_up_business_days: r.follow_up_business_days,
            business_hours: r.business_hours,
            minutes_per_call: r.minutes_per_call,
            max_text: r.max_text,
            promise: r.promise,
        }
    }
}

impl FeedbackSettings {
    /// The settings of one moment.
    pub fn moment(&self, moment: Moment) -> &MomentSettings {
        match moment {
            Moment::AfterBooking => &self.after_booking,
            Moment::AfterVisit => &self.after_visit,
        }
    }
}

// ----------------------------------------------------------------------------------------------
// Checks
// ----------------------------------------------------------------------------------------------

/// Checks `[feedback]`; every issue names its exact path, like `feedback.after_visit.questions[1].id`.
pub fn validate(clinic: &ClinicConfig) -> Vec<ConfigIssue> {
    let mut issues = Vec::new();
    let mut issue = |path: String, message: String| issues.push(ConfigIssue { path, message });
    let s = &clinic.feedback;
    let offers_spanish = clinic.clinic.languages.contains(&Language::Es);

    for (field, value, max, example) in [
        ("low_overall", s.low_overall, 5, 2),
        ("low_ease", s.low_ease, 5, 2),
        ("low_recommend", s.low_recommend, 10, 6),
    ] {
        if value > max {
            issue(
                format!("feedback.{field}"),
                format!("{value} is out of range; a score at or below this opens a follow-up, so use 0 to {max}, like {example}"),
            );
        }
    }
    if !(1..=10).contains(&s.follow_up_business_days) {
        issue(
            "feedback.follow_up_business_days".into(),
            format!(
                "{} is out of range; use 1 to 10 business days, like 1",
                s.follow_up_business_days
            ),
        );
    }
    if !(1..=120).contains(&s.minutes_per_call) {
        issue(
            "feedback.minutes_per_call".into(),
            format!(
                "{} is out of range; use 1 to 120 minutes, like 8",
                s.minutes_per_call
            ),
        );
    }
    if !(100..=5000).contains(&s.max_text) {
        issue(
            "feedback.max_text".into(),
            format!(
                "{} is out of range; use 100 to 5000 characters, like 1000",
                s.max_text
            ),
        );
    }
    check_text(
        &s.promise,
        "feedback.promise",
        offers_spanish,
        "Someone from our clinic will call you within one business day.",
        &mut issue,
    );

    let mut open_days = 0;
    for day in WEEK {
        let spans = s.business_hours.day(day);
        let name = format!("{day:?}").to_lowercase();
        let mut sorted: Vec<(usize, &OpenSpan)> = spans.iter().enumerate().collect();
        sorted.sort_by_key(|(_, span)| span.start);
        for (i, span) in spans.iter().enumerate() {
            if span.end <= span.start {
                issue(
                    format!("feedback.business_hours.{name}[{i}]"),
                    format!("\"{span}\" closes before it opens; write it like \"08:00-17:00\""),
                );
            }
        }
        for pair in sorted.windows(2) {
            let ((_, a), (j, b)) = (pair[0], pair[1]);
            if b.start < a.end {
                issue(
                    format!("feedback.business_hours.{name}[{j}]"),
                    format!("\"{b}\" overlaps \"{a}\"; merge them into one span"),
                );
            }
        }
        if spans.iter().any(|span| span.end > span.start) {
            open_days += 1;
        }
    }
    if open_days == 0 {
        issue(
            "feedback.business_hours".into(),
            "no day has open hours, so no follow-up could ever be due; add at least one, like mon = [\"08:00-17:00\"]".into(),
        );
    }

    for moment in Moment::ALL {
        let m = s.moment(moment);
        let at = |rest: &str| format!("feedback.{}.{rest}", moment.as_str());
        if m.enabled && m.questions.is_empty() {
            issue(
                at("questions"),
                format!(
                    "this moment is on but asks nothing; add a question, like {{ id = \"{}\" }}, or set enabled = false",
                    standard_questions(moment)[0].as_str()
                ),
            );
        }
        let mut seen = Vec::new();
        for (i, q) in m.questions.iter().enumerate() {
            let qa = |rest: &str| at(&format!("questions[{i}].{rest}"));
            if seen.contains(&q.id) {
                issue(
                    qa("id"),
                    format!(
                        "\"{}\" is asked twice at this moment; ask each question once",
                        q.id.as_str()
                    ),
                );
            }
            seen.push(q.id);
            if q.id == QuestionId::Contact && q.required {
                issue(
                    qa("required"),
                    "\"contact\" cannot be required: a patient who does not want a call leaves it blank; remove required".into(),
                );
            }
            check_text(
                &q.text,
                &qa("text"),
                offers_spanish,
                q.id.default_text().en.as_str(),
                &mut issue,
            );
        }
    }
    issues
}

fn check_text(
    text: &Text,
    path: &str,
    offers_spanish: bool,
    example: &str,
    issue: &mut impl FnMut(String, String),
) {
    if text.en.trim().is_empty() {
        issue(
            format!("{path}.en"),
            format!("write the text, like \"{example}\""),
        );
    }
    for (lang, t) in [("en", Some(&text.en)), ("es", text.es.as_ref())] {
        if let Some(t) = t {
            if t.contains('<') || t.contains('>') || t.chars().any(char::is_control) {
                issue(
                    format!("{path}.{lang}"),
                    "is shown as plain text; remove < >, tabs and line breaks".into(),
                );
            }
        }
    }
    if offers_spanish && text.es.as_deref().is_none_or(|es| es.trim().is_empty()) {
        issue(
            format!("{path}.es"),
            "the clinic offers Spanish but this text has none; add es = \"...\", or leave the text out to use the standard wording".into(),
        );
    }
}
