//! A clinic's configuration: who works where and when, what can be booked, and the rules.
//!
//! The server reads one TOML file per clinic into [`ClinicConfig`] (serde does the shape and the
//! field formats) and then parses it into a [`Clinic`] with [`Clinic::new`], which checks the
//! rules that span fields (a provider must work at a location that exists, hours must end after
//! they start, ...). Every problem is a [`ConfigIssue`] with the path of the field, so the server
//! can name the line of the file. Code that relies on those rules (the slot engine) takes a
//! [`Clinic`], so it never sees a configuration that failed them.

use std::collections::HashSet;
use std::fmt;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer};

use crate::api;
use crate::ids::{LocationId, ProviderId, VisitTypeId};

/// The whole configuration of one clinic, as written in its TOML file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClinicConfig {
    /// Who the clinic is and how to reach it.
    pub clinic: ClinicInfo,
    /// Booking rules; every field has a sensible default.
    #[serde(default)]
    pub rules: BookingRules,
    /// The places where visits happen.
    pub locations: Vec<Location>,
    /// The kinds of visit a patient can book.
    pub visit_types: Vec<VisitType>,
    /// The people who see patients.
    pub providers: Vec<Provider>,
    /// Days the whole clinic is closed.
    #[serde(default)]
    pub holidays: Vec<Holiday>,
    /// Settings for post-visit instructions (`[instructions]`); every field has a default.
    #[serde(default)]
    pub instructions: crate::instructions::InstructionSettings,
    /// Templates of post-visit instructions (`[[instruction_templates]]`).
    #[serde(default)]
    pub instruction_templates: Vec<crate::instructions::InstructionTemplate>,
    /// Feedback settings (`[feedback]`); without it the clinic asks the standard questions.
    #[serde(default)]
    pub feedback: crate::feedback::FeedbackSettings,
    /// How long patient data is kept (`[retention]`); every field has a default.
    #[serde(default)]
    pub retention: Retention,
    /// Messages to patients by email and text (`[messages]`); every field has a default.
    #[serde(default)]
    pub messages: crate::messages::MessageSettings,
}

/// How many days each kind of record is kept before the server deletes it. The defaults follow
/// common US practice: six years for the audit log (HIPAA keeps compliance records six years),
/// seven for visits, instructions and feedback, one year for cancelled visits.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Retention {
    /// Days a cancelled visit is kept after it was cancelled.
    pub cancelled_visits_days: u32,
    /// Days a visit is kept after it ended (with its feedback links).
    pub past_visits_days: u32,
    /// Days a packet of post-visit instructions is kept after it was written.
    pub packets_days: u32,
    /// Days feedback (and its follow-up) is kept after it was sent.
    pub feedback_days: u32,
    /// Days an ended reading session of a packet is kept.
    pub sessions_days: u32,
    /// Days an audit row is kept.
    pub audit_days: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            cancelled_visits_days: 365,
            past_visits_days: 2557,
            packets_days: 2557,
            feedback_days: 2557,
            sessions_days: 30,
            audit_days: 2192,
        }
    }
}

/// The fewest days the audit log may be kept: what a visit's own record is kept, at least a year.
pub const MIN_AUDIT_DAYS: u32 = 365;

/// Who the clinic is and how to reach it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClinicInfo {
    /// A short slug used in URLs, like `maple-grove`.
    pub id: String,
    /// The clinic's name as patients know it.
    pub name: String,
    /// The phone number shown to patients on every step and every error.
    pub phone: String,
    /// The clinic's main street address.
    pub address: String,
    /// The IANA time zone the clinic's hours are written in.
    #[serde(deserialize_with = "de_time_zone")]
    pub timezone: Tz,
    /// Languages the widget offers for this clinic (`en`, `es`); the first is the default.
    #[serde(default = "default_languages")]
    pub languages: Vec<Language>,
    /// Web origins allowed to embed the widget, like `https://www.maplegrove.example`.
    #[serde(default)]
    pub embed_origins: Vec<String>,
}

fn default_languages() -> Vec<Language> {
    vec![Language::En]
}

pub use crate::language::Language;

/// Booking rules for the whole clinic.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BookingRules {
    /// How long before a visit it can still be booked online, in minutes.
    pub min_notice_minutes: u32,
    /// How many days ahead patients may book.
    pub horizon_days: u32,
    /// Free minutes a provider keeps between two visits.
    pub buffer_minutes: u32,
    /// Minutes between possible start times within opening hours.
    pub slot_step_minutes: u32,
    /// How many upcoming visits one patient may hold at once.
    pub max_future_bookings_per_patient: u32,
}

impl Default for BookingRules {
    fn default() -> Self {
        BookingRules {
            min_notice_minutes: 120,
            horizon_days: 30,
            buffer_minutes: 0,
            slot_step_minutes: 15,
            max_future_bookings_per_patient: 3,
        }
    }
}

/// A place where visits happen.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// A short slug, unique in the clinic.
    pub id: LocationId,
    /// The name patients see, like "Downtown office" (`{ en = "…", es = "…" }` when the clinic
    /// offers Spanish).
    pub name: Text,
    /// Street address.
    pub address: String,
    /// Plain-language notes, like parking or step-free access.
    #[serde(default)]
    pub notes: Option<Text>,
}

/// Patient-facing text in English, with an optional Spanish version. In the file it is a table,
/// `{ en = "…", es = "…" }`, or a plain string for English only.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Text {
    /// English.
    pub en: String,
    /// Spanish; English is shown when missing.
    #[serde(default)]
    pub es: Option<String>,
}

/// The table form of [`Text`], as serde reads it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TextTable {
    en: String,
    #[serde(default)]
    es: Option<String>,
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, like \"Downtown office\", or one per language, like { en = \"Downtown office\", es = \"Oficina del centro\" }")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text {
                    en: v.to_string(),
                    es: None,
                })
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<Text, M::Error> {
                let t = TextTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Text { en: t.en, es: t.es })
            }
        }
        d.deserialize_any(Either)
    }
}

impl Text {
    /// The text in `language`, falling back to English.
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::Es => self.es.as_deref().unwrap_or(&self.en),
            Language::En => &self.en,
        }
    }
}

pub use crate::api::VisitMode;

/// A kind of visit a patient can book.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitType {
    /// A short slug, unique in the clinic.
    pub id: VisitTypeId,
    /// The patient-facing name ("Sick visit").
    pub name: Text,
    /// What the visit is for, in plain words.
    pub description: Text,
    /// How long the visit lasts, in minutes.
    pub duration_minutes: u32,
    /// In person or video.
    pub mode: VisitMode,
    /// Whether patients new to the clinic may book it.
    #[serde(default = "yes")]
    pub new_patients: bool,
    /// What to bring or do before the visit.
    #[serde(default)]
    pub preparation: Option<Text>,
}

fn yes() -> bool {
    true
}

/// A person who sees patients.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// A short slug, unique in the clinic.
    pub id: ProviderId,
    /// The name patients see, like "Dr. Ana López" (`{ en = "Dr. Ana López", es = "Dra. Ana
    /// López" }` when the clinic offers Spanish: titles change with the language).
    pub name: Text,
    /// Languages spoken, as language codes (`en`, `es`, `vi`, ...; see [`LANGUAGE_NAMES`]); the
    /// widget names them in the patient's language.
    pub languages: Vec<String>,
    /// Ids of the locations where this provider works.
    pub locations: Vec<LocationId>,
    /// Ids of the visit types this provider offers.
    pub visit_types: Vec<VisitTypeId>,
    /// A short plain-language introduction.
    #[serde(default)]
    pub bio: Option<Text>,
    /// Weekly opening hours, per location.
    pub hours: Vec<WeeklyHours>,
    /// Periods away (holidays, training), in the clinic's local time.
    #[serde(default)]
    pub time_off: Vec<TimeOff>,
}

/// One block of weekly hours at one location.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeeklyHours {
    /// The location id.
    pub location: LocationId,
    /// Days of the week: `mon`, `tue`, `wed`, `thu`, `fri`, `sat`, `sun`.
    #[serde(deserialize_with = "de_weekdays")]
    pub days: Vec<Weekday>,
    /// Local start time, `HH:MM`.
    #[serde(deserialize_with = "de_clock_time")]
    pub start: NaiveTime,
    /// Local end time, `HH:MM`; the last visit ends by then.
    #[serde(deserialize_with = "de_clock_time")]
    pub end: NaiveTime,
}

/// A period a provider is away, in the clinic's local time.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeOff {
    /// Local start, `YYYY-MM-DD HH:MM` or `YYYY-MM-DD` (start of that day).
    #[serde(deserialize_with = "de_local_start")]
    pub start: NaiveDateTime,
    /// Local end, `YYYY-MM-DD HH:MM` or `YYYY-MM-DD` (end of that day).
    #[serde(deserialize_with = "de_local_end")]
    pub end: NaiveDateTime,
}

/// A day the whole clinic is closed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    /// The local date, `YYYY-MM-DD`.
    pub date: NaiveDate,
    /// Its name, for staff.
    #[serde(default)]
    pub name: Option<String>,
}

/// One problem found in a clinic's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigIssue {
    /// The field, like `providers[1].locations[0]`.
    pub path: String,
    /// What is wrong and what would be valid.
    pub message: String,
}

impl fmt::Display for ConfigIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// A clinic's configuration that passed every check of [`ClinicConfig::validate`]: the only way
/// to one is [`Clinic::new`], and it cannot be changed after, so whoever holds one can rely on
/// the rules (a slot step of 5 to 240 minutes, providers at locations that exist, hours that
/// end after they start, ...). It reads as its [`ClinicConfig`].
#[derive(Debug, Clone)]
pub struct Clinic(ClinicConfig);

impl Clinic {
    /// Parses a configuration into a clinic, or gives every problem found.
    pub fn new(config: ClinicConfig) -> Result<Clinic, Vec<ConfigIssue>> {
        let issues = config.validate();
        if issues.is_empty() {
            Ok(Clinic(config))
        } else {
            Err(issues)
        }
    }

    /// The configuration back, to change it (and make a clinic of it again with [`Clinic::new`]).
    pub fn into_config(self) -> ClinicConfig {
        self.0
    }
}

impl std::ops::Deref for Clinic {
    type Target = ClinicConfig;

    fn deref(&self) -> &ClinicConfig {
        &self.0
    }
}

impl ClinicConfig {
    /// Checks the rules that span fields; an empty list means the configuration is usable.
    /// [`Clinic::new`] runs it.
    pub fn validate(&self) -> Vec<ConfigIssue> {
        let mut issues = Vec::new();
        let mut issue = |path: String, message: String| issues.push(ConfigIssue { path, message });

        if !is_slug(&self.clinic.id) {
            issue(
                "clinic.id".into(),
                format!(
                    "\"{}\" is not a valid id; use lowercase letters, digits and dashes, like \"maple-grove\"",
                    self.clinic.id
                ),
            );
        }
        for (field, value) in [
            ("clinic.name", &self.clinic.name),
            ("clinic.phone", &self.clinic.phone),
            ("clinic.address", &self.clinic.address),
        ] {
            if value.trim().is_empty() {
                issue(field.into(), "must not be empty".into());
            }
        }
        if self
            .clinic
            .phone
            .chars()
            .filter(|c| c.is_ascii_digit())
            .count()
            < 7
        {
            issue(
                "clinic.phone".into(),
                format!(
                    "\"{}\" does not look like a phone number; write it as patients should dial it, like \"(555) 010-2233\"",
                    self.clinic.phone
                ),
            );
        }
        let r = &self.retention;
        for (field, days) in [
            ("retention.cancelled_visits_days", r.cancelled_visits_days),
            ("retention.past_visits_days", r.past_visits_days),
            ("retention.packets_days", r.packets_days),
            ("retention.feedback_days", r.feedback_days),
            ("retention.sessions_days", r.sessions_days),
        ] {
            if days == 0 {
                issue(
                    field.into(),
                    "must be at least 1 (days); leave it out for the default".into(),
                );
            }
        }
        if r.audit_days < MIN_AUDIT_DAYS {
            issue(
                "retention.audit_days".into(),
                format!("{} days is too short to answer \"who saw this?\"; keep the audit log at least {MIN_AUDIT_DAYS} days (default 2192, six years)", r.audit_days),
            );
        }
        if self.clinic.languages.is_empty() {
            issue(
                "clinic.languages".into(),
                "list at least one language, like [\"en\", \"es\"]".into(),
            );
        }
        for (i, origin) in self.clinic.embed_origins.iter().enumerate() {
            if !is_origin(origin) {
                issue(
                    format!("clinic.embed_origins[{i}]"),
                    format!(
                        "\"{origin}\" is not a web origin; write scheme and host only, like \"https://www.example.org\""
                    ),
                );
            }
        }

        let r = &self.rules;
        if r.horizon_days == 0 || r.horizon_days > 366 {
            issue(
                "rules.horizon_days".into(),
                format!("{} is out of range; use 1 to 366 days", r.horizon_days),
            );
        }
        if !(5..=240).contains(&r.slot_step_minutes) {
            issue(
                "rules.slot_step_minutes".into(),
                format!(
                    "{} is out of range; use 5 to 240 minutes, like 15",
                    r.slot_step_minutes
                ),
            );
        }
        if r.buffer_minutes > 240 {
            issue(
                "rules.buffer_minutes".into(),
                format!("{} is out of range; use 0 to 240 minutes", r.buffer_minutes),
            );
        }
        if r.min_notice_minutes > 60 * 24 * 30 {
            issue(
                "rules.min_notice_minutes".into(),
                format!(
                    "{} is more than 30 days; use minutes, like 120 for two hours",
                    r.min_notice_minutes
                ),
            );
        }
        if r.max_future_bookings_per_patient == 0 {
            issue(
                "rules.max_future_bookings_per_patient".into(),
                "must be at least 1".into(),
            );
        }

        let location_ids = unique_ids(
            self.locations.iter().map(|l| l.id.as_str()),
            "locations",
            &mut issue,
        );
        let visit_ids = unique_ids(
            self.visit_types.iter().map(|v| v.id.as_str()),
            "visit_types",
            &mut issue,
        );
        unique_ids(
            self.providers.iter().map(|p| p.id.as_str()),
            "providers",
            &mut issue,
        );
        if self.locations.is_empty() {
            issue(
                "locations".into(),
                "add at least one [[locations]] entry".into(),
            );
        }
        if self.visit_types.is_empty() {
            issue(
                "visit_types".into(),
                "add at least one [[visit_types]] entry".into(),
            );
        }
        if self.providers.is_empty() {
            issue(
                "providers".into(),
                "add at least one [[providers]] entry".into(),
            );
        }

        for (i, v) in self.visit_types.iter().enumerate() {
            if v.duration_minutes < 5 || v.duration_minutes > 480 {
                issue(
                    format!("visit_types[{i}].duration_minutes"),
                    format!(
                        "{} is out of range; use 5 to 480 minutes",
                        v.duration_minutes
                    ),
                );
            }
        }

        for (p, provider) in self.providers.iter().enumerate() {
            let known = |list: &HashSet<&str>, id: &str| list.contains(id);
            for (j, id) in provider.locations.iter().enumerate() {
                if !known(&location_ids, id) {
                    issue(
                        format!("providers[{p}].locations[{j}]"),
                        format!(
                            "\"{id}\" is not a location id; use one of {}",
                            list(&location_ids)
                        ),
                    );
                }
            }
            for (j, id) in provider.visit_types.iter().enumerate() {
                if !known(&visit_ids, id) {
                    issue(
                        format!("providers[{p}].visit_types[{j}]"),
                        format!(
                            "\"{id}\" is not a visit type id; use one of {}",
                            list(&visit_ids)
                        ),
                    );
                }
            }
            if provider.languages.is_empty() {
                issue(
                    format!("providers[{p}].languages"),
                    "list the languages this provider speaks, as codes, like [\"en\", \"es\"]"
                        .into(),
                );
            }
            for (j, code) in provider.languages.iter().enumerate() {
                if !LANGUAGE_NAMES.iter().any(|(c, _, _)| c == code) {
                    issue(
                        format!("providers[{p}].languages[{j}]"),
                        language_code_hint(code),
                    );
                }
            }
            for (j, h) in provider.hours.iter().enumerate() {
                if !provider.locations.contains(&h.location) {
                    issue(
                        format!("providers[{p}].hours[{j}].location"),
                        format!(
                            "\"{}\" is not one of this provider's locations; use one of {}",
                            h.location,
                            quoted(&provider.locations)
                        ),
                    );
                }
                if h.end <= h.start {
                    issue(
                        format!("providers[{p}].hours[{j}].end"),
                        format!(
                            "{} is not after the start time {}",
                            h.end.format("%H:%M"),
                            h.start.format("%H:%M")
                        ),
                    );
                }
                if h.days.is_empty() {
                    issue(
                        format!("providers[{p}].hours[{j}].days"),
                        "list at least one day, like [\"mon\", \"tue\"]".into(),
                    );
                }
            }
            for (j, t) in provider.time_off.iter().enumerate() {
                if t.end <= t.start {
                    issue(
                        format!("providers[{p}].time_off[{j}].end"),
                        "must be after the start".into(),
                    );
                }
            }
        }
        if self.clinic.languages.contains(&Language::Es) {
            for (path, text) in self.patient_texts() {
                if text.es.as_deref().is_none_or(|es| es.trim().is_empty()) {
                    let field = path.rsplit('.').next().unwrap_or_default();
                    issue(
                        path.clone(),
                        format!(
                            "the clinic offers Spanish (clinic.languages), so give this text in Spanish too, like {field} = {{ en = \"{}\", es = \"…\" }}",
                            text.en
                        ),
                    );
                }
            }
        }
        issues.extend(crate::instructions::validate_templates(self));
        issues.extend(crate::feedback::validate_settings(self));
        issues.extend(crate::messages::validate(self));
        issues
    }

    /// Every text of the catalog that patients read, with its path in the file.
    fn patient_texts(&self) -> Vec<(String, &Text)> {
        let mut texts = Vec::new();
        for (i, l) in self.locations.iter().enumerate() {
            texts.push((format!("locations[{i}].name"), &l.name));
            if let Some(notes) = &l.notes {
                texts.push((format!("locations[{i}].notes"), notes));
            }
        }
        for (i, v) in self.visit_types.iter().enumerate() {
            texts.push((format!("visit_types[{i}].name"), &v.name));
            texts.push((format!("visit_types[{i}].description"), &v.description));
            if let Some(prep) = &v.preparation {
                texts.push((format!("visit_types[{i}].preparation"), prep));
            }
        }
        for (i, p) in self.providers.iter().enumerate() {
            texts.push((format!("providers[{i}].name"), &p.name));
            if let Some(bio) = &p.bio {
                texts.push((format!("providers[{i}].bio"), bio));
            }
        }
        texts
    }

    /// The instruction template with this id.
    pub fn instruction_template(
        &self,
        id: &str,
    ) -> Option<&crate::instructions::InstructionTemplate> {
        self.instruction_templates.iter().find(|t| t.id == id)
    }

    /// The visit type with this id.
    pub fn visit_type(&self, id: &str) -> Option<&VisitType> {
        self.visit_types.iter().find(|v| v.id == id)
    }

    /// The provider with this id.
    pub fn provider(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.id == id)
    }

    /// The location with this id.
    pub fn location(&self, id: &str) -> Option<&Location> {
        self.locations.iter().find(|l| l.id == id)
    }
}

impl Text {
    /// The API form of this text.
    pub fn to_api(&self) -> api::LocalText {
        api::LocalText {
            en: self.en.clone(),
            es: self.es.clone(),
        }
    }
}

impl ClinicConfig {
    /// What the widget needs to offer booking: the catalog of the API.
    pub fn catalog(&self) -> api::Catalog {
        let c = &self.clinic;
        api::Catalog {
            clinic: api::ClinicSummary {
                id: c.id.clone(),
                name: c.name.clone(),
                phone: c.phone.clone(),
                address: c.address.clone(),
                timezone: c.timezone.name().to_string(),
                languages: c.languages.clone(),
            },
            visit_types: self
                .visit_types
                .iter()
                .map(|v| api::VisitTypeSummary {
                    id: v.id.clone(),
                    name: v.name.to_api(),
                    description: v.description.to_api(),
                    duration_minutes: v.duration_minutes,
                    mode: v.mode,
                    new_patients: v.new_patients,
                    preparation: v.preparation.as_ref().map(Text::to_api),
                })
                .collect(),
            providers: self
                .providers
                .iter()
                .map(|p| api::ProviderSummary {
                    id: p.id.clone(),
                    name: p.name.to_api(),
                    languages: p.languages.clone(),
                    speaks: language_names(&p.languages),
                    locations: p.locations.clone(),
                    visit_types: p.visit_types.clone(),
                    bio: p.bio.as_ref().map(Text::to_api),
                })
                .collect(),
            locations: self
                .locations
                .iter()
                .map(|l| api::LocationSummary {
                    id: l.id.clone(),
                    name: l.name.to_api(),
                    address: l.address.clone(),
                    notes: l.notes.as_ref().map(Text::to_api),
                })
                .collect(),
            rules: api::RulesSummary {
                min_notice_minutes: self.rules.min_notice_minutes,
                horizon_days: self.rules.horizon_days,
                message_channels: [
                    crate::messages::Channel::Email,
                    crate::messages::Channel::Text,
                ]
                .into_iter()
                .filter(|c| self.messages.sends(*c))
                .map(|c| c.as_str().to_string())
                .collect(),
            },
        }
    }
}

/// The languages a provider may be said to speak: code, English name, Spanish name. The widget
/// shows the names, so that a patient reads "Speaks: English, Vietnamese" or "Habla: inglés,
/// vietnamita" without the browser loading its language data (that costs a slow phone about
/// 50 ms of a frozen page).
pub const LANGUAGE_NAMES: &[(&str, &str, &str)] = &[
    ("en", "English", "inglés"),
    ("es", "Spanish", "español"),
    ("zh", "Chinese", "chino"),
    ("cmn", "Mandarin", "mandarín"),
    ("yue", "Cantonese", "cantonés"),
    ("vi", "Vietnamese", "vietnamita"),
    ("tl", "Tagalog", "tagalo"),
    ("ar", "Arabic", "árabe"),
    ("fr", "French", "francés"),
    ("ko", "Korean", "coreano"),
    ("ru", "Russian", "ruso"),
    ("pt", "Portuguese", "portugués"),
    ("ht", "Haitian Creole", "criollo haitiano"),
    ("de", "German", "alemán"),
    ("hi", "Hindi", "hindi"),
    ("pl", "Polish", "polaco"),
    ("ase", "American Sign Language", "lengua de señas americana"),
    ("it", "Italian", "italiano"),
    ("ja", "Japanese", "japonés"),
    ("fa", "Persian", "persa"),
    ("ur", "Urdu", "urdu"),
    ("so", "Somali", "somalí"),
    ("am", "Amharic", "amárico"),
    ("ne", "Nepali", "nepalí"),
    ("bn", "Bengali", "bengalí"),
    ("pa", "Punjabi", "panyabí"),
    ("gu", "Gujarati", "guyaratí"),
    ("hmn", "Hmong", "hmong"),
    ("km", "Khmer", "jemer"),
    ("lo", "Lao", "lao"),
    ("my", "Burmese", "birmano"),
    ("uk", "Ukrainian", "ucraniano"),
    ("el", "Greek", "griego"),
    ("he", "Hebrew", "hebreo"),
    ("hy", "Armenian", "armenio"),
    ("nv", "Navajo", "navajo"),
];

/// What to write instead of `written`: its code when it is a language's name, else the codes.
fn language_code_hint(written: &str) -> String {
    let lower = written.trim().to_lowercase();
    let named = LANGUAGE_NAMES.iter().find(|(code, en, es)| {
        en.to_lowercase() == lower || *es == lower || code.eq_ignore_ascii_case(&lower)
    });
    match named {
        Some((code, _, _)) => format!(
            "\"{written}\" is a language's name; write its code, \"{code}\" (the widget names it in the patient's language)"
        ),
        None => {
            let known: Vec<String> = LANGUAGE_NAMES
                .iter()
                .map(|(code, en, _)| format!("\"{code}\" ({en})"))
                .collect();
            format!(
                "\"{written}\" is not a language code we can name for patients; use one of {}",
                known.join(", ")
            )
        }
    }
}

/// The languages a provider speaks, named in English and Spanish ("English, Spanish").
pub fn language_names(codes: &[String]) -> api::LocalText {
    fn name(code: &str, spanish: bool) -> &str {
        LANGUAGE_NAMES
            .iter()
            .find(|(c, _, _)| *c == code)
            .map_or(code, |(_, en, es)| if spanish { es } else { en })
    }
    let list = |spanish: bool| -> String {
        codes
            .iter()
            .map(|c| name(c, spanish))
            .collect::<Vec<_>>()
            .join(", ")
    };
    api::LocalText {
        en: list(false),
        es: Some(list(true)),
    }
}

pub(crate) fn unique_ids<'a>(
    ids: impl Iterator<Item = &'a str>,
    table: &str,
    issue: &mut impl FnMut(String, String),
) -> HashSet<&'a str> {
    let mut seen = HashSet::new();
    for (i, id) in ids.enumerate() {
        if !is_slug(id) {
            issue(
                format!("{table}[{i}].id"),
                format!("\"{id}\" is not a valid id; use lowercase letters, digits and dashes, like \"downtown\""),
            );
        }
        if !seen.insert(id) {
            issue(
                format!("{table}[{i}].id"),
                format!("\"{id}\" is used twice; each id must be unique"),
            );
        }
    }
    seen
}

fn list(ids: &HashSet<&str>) -> String {
    let mut v: Vec<&str> = ids.iter().copied().collect();
    v.sort();
    quoted(v)
}

pub(crate) fn quoted<S: AsRef<str>>(ids: impl IntoIterator<Item = S>) -> String {
    let v: Vec<String> = ids
        .into_iter()
        .map(|s| format!("\"{}\"", s.as_ref()))
        .collect();
    if v.is_empty() {
        "(none defined)".into()
    } else {
        v.join(", ")
    }
}

/// True for lowercase ASCII letters, digits and inner dashes, 1 to 64 characters.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_origin(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    match rest {
        Some(host) => {
            !host.is_empty()
                && !host.contains('/')
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        }
        None => false,
    }
}

fn de_time_zone<'de, D: Deserializer<'de>>(d: D) -> Result<Tz, D::Error> {
    let name = String::deserialize(d)?;
    name.parse::<Tz>().map_err(|_| {
        serde::de::Error::custom(format!(
            "\"{name}\" is not an IANA time zone; use a name such as \"America/New_York\" or \"America/Chicago\""
        ))
    })
}

fn de_weekdays<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Weekday>, D::Error> {
    let names = Vec::<String>::deserialize(d)?;
    names
        .iter()
        .map(|n| {
            parse_weekday(n).ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "\"{n}\" is not a day; use mon, tue, wed, thu, fri, sat or sun"
                ))
            })
        })
        .collect()
}

fn parse_weekday(s: &str) -> Option<Weekday> {
    Some(match s.to_ascii_lowercase().as_str() {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tuesday" => Weekday::Tue,
        "wed" | "wednesday" => Weekday::Wed,
        "thu" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

fn de_clock_time<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
    let s = String::deserialize(d)?;
    NaiveTime::parse_from_str(&s, "%H:%M").map_err(|_| {
        serde::de::Error::custom(format!(
            "\"{s}\" is not a time; use 24-hour HH:MM, like \"08:30\" or \"17:00\""
        ))
    })
}

fn parse_local(s: &str, day_end: bool) -> Option<NaiveDateTime> {
    if let Ok(dt) = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M") {
        return Some(dt);
    }
    if let Ok(dt) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M") {
        return Some(dt);
    }
    let date = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    if day_end {
        date.succ_opt()?.and_hms_opt(0, 0, 0)
    } else {
        date.and_hms_opt(0, 0, 0)
    }
}

fn de_local(s: String, day_end: bool) -> Result<NaiveDateTime, String> {
    parse_local(&s, day_end).ok_or_else(|| {
        format!("\"{s}\" is not a local date and time; use \"YYYY-MM-DD HH:MM\" or \"YYYY-MM-DD\", like \"2026-12-24 13:00\"")
    })
}

fn de_local_start<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
    de_local(String::deserialize(d)?, false).map_err(serde::de::Error::custom)
}

fn de_local_end<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
    de_local(String::deserialize(d)?, true).map_err(serde::de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
        [clinic]
        id = "small-clinic"
        name = "Small Clinic"
        phone = "(555) 010-0000"
        address = "1 Main St"
        timezone = "America/New_York"

        [[locations]]
        id = "main"
        name = "Main office"
        address = "1 Main St"

        [[visit_types]]
        id = "sick"
        name = { en = "Sick visit" }
        description = { en = "When you feel ill." }
        duration_minutes = 20
        mode = "in_person"

        [[providers]]
        id = "dr-a"
        name = "Dr. A"
        languages = ["en"]
        locations = ["main"]
        visit_types = ["sick"]
        [[providers.hours]]
        location = "main"
        days = ["mon", "fri"]
        start = "09:00"
        end = "12:00"
    "#;

    #[test]
    fn a_minimal_clinic_is_valid_and_gets_default_rules() {
        let config: ClinicConfig = toml::from_str(MINIMAL).expect("parses");
        assert_eq!(config.validate(), vec![]);
        assert_eq!(config.rules.horizon_days, 30);
        assert_eq!(config.clinic.timezone, chrono_tz::America::New_York);
    }

    #[test]
    fn a_misspelt_time_zone_is_refused_with_an_example() {
        let bad = MINIMAL.replace("America/New_York", "America/New_Yrok");
        let err = toml::from_str::<ClinicConfig>(&bad)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("\"America/New_Yrok\" is not an IANA time zone"),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_location_on_a_provider_is_named_with_its_path() {
        let bad = MINIMAL.replace(
            "locations = [\"main\"]",
            "locations = [\"main\", \"uptown\"]",
        );
        let config: ClinicConfig = toml::from_str(&bad).expect("parses");
        let issues = config.validate();
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!(issues[0].path, "providers[0].locations[1]");
        assert!(issues[0]
            .message
            .contains("\"uptown\" is not a location id; use one of \"main\""));
    }

    #[test]
    fn a_clinic_that_offers_spanish_must_give_every_patient_text_in_spanish() {
        let spanish = MINIMAL.replace(
            "timezone = \"America/New_York\"",
            "timezone = \"America/New_York\"\nlanguages = [\"en\", \"es\"]",
        );
        let config: ClinicConfig = toml::from_str(&spanish).expect("parses");
        let paths: Vec<String> = config.validate().into_iter().map(|i| i.path).collect();
        assert_eq!(
            paths,
            [
                "locations[0].name",
                "visit_types[0].name",
                "visit_types[0].description",
                "providers[0].name"
            ]
        );
        let message = &config.validate()[0].message;
        assert!(
            message.contains("the clinic offers Spanish")
                && message.contains("name = { en = \"Main office\", es = \"…\" }"),
            "{message}"
        );

        let given = spanish
            .replace(
                "name = \"Main office\"",
                "name = { en = \"Main office\", es = \"Oficina principal\" }",
            )
            .replace(
                "name = { en = \"Sick visit\" }",
                "name = { en = \"Sick visit\", es = \"Consulta\" }",
            )
            .replace(
                "description = { en = \"When you feel ill.\" }",
                "description = { en = \"When you feel ill.\", es = \"Cuando se siente mal.\" }",
            )
            .replace(
                "name = \"Dr. A\"",
                "name = { en = \"Dr. A\", es = \"Dra. A\" }",
            );
        let config: ClinicConfig = toml::from_str(&given).expect("parses");
        assert_eq!(config.validate(), vec![]);
        assert_eq!(config.providers[0].name.get(Language::Es), "Dra. A");
        assert_eq!(
            config.catalog().locations[0].name.get(Language::Es),
            "Oficina principal"
        );
    }

    #[test]
    fn provider_languages_are_codes_and_a_name_gets_its_code_suggested() {
        let named = MINIMAL.replace(
            "languages = [\"en\"]",
            "languages = [\"English\", \"vi\", \"Klingon\"]",
        );
        let config: ClinicConfig = toml::from_str(&named).expect("parses");
        let issues = config.validate();
        assert_eq!(issues.len(), 2, "{issues:?}");
        assert_eq!(issues[0].path, "providers[0].languages[0]");
        assert!(
            issues[0]
                .message
                .contains("\"English\" is a language's name; write its code, \"en\""),
            "{}",
            issues[0].message
        );
        assert_eq!(issues[1].path, "providers[0].languages[2]");
        assert!(issues[1]
            .message
            .contains("is not a language code we can name"));
        assert!(issues[1].message.contains("\"vi\" (Vietnamese)"));
        assert_eq!(
            language_names(&["en".into(), "vi".into()]),
            api::LocalText {
                en: "English, Vietnamese".into(),
                es: Some("inglés, vietnamita".into())
            }
        );
    }

    #[test]
    fn a_text_written_as_a_table_with_an_unknown_language_is_refused() {
        let bad = MINIMAL.replace(
            "name = \"Main office\"",
            "name = { en = \"Main office\", fr = \"Bureau\" }",
        );
        let err = toml::from_str::<ClinicConfig>(&bad)
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown field `fr`"), "{err}");
        let bad = MINIMAL.replace("name = \"Main office\"", "name = 3");
        let err = toml::from_str::<ClinicConfig>(&bad)
            .unwrap_err()
            .to_string();
        assert!(err.contains("one per language"), "{err}");
    }

    #[test]
    fn a_language_tag_is_read_as_the_widget_reads_it() {
        for (tag, language) in [
            ("es", Language::Es),
            ("es-US", Language::Es),
            ("ES", Language::Es),
            ("en", Language::En),
            ("fr", Language::En),
            ("", Language::En),
        ] {
            assert_eq!(Language::from_tag(tag), language, "{tag}");
        }
        assert_eq!(Language::Es.code(), "es");
    }

    #[test]
    fn hours_that_end_before_they_start_are_refused() {
        let bad = MINIMAL.replace("end = \"12:00\"", "end = \"08:00\"");
        let config: ClinicConfig = toml::from_str(&bad).expect("parses");
        let issues = config.validate();
        assert_eq!(issues[0].path, "providers[0].hours[0].end");
    }

    #[test]
    fn a_bad_day_name_says_which_names_work() {
        let bad = MINIMAL.replace("\"fri\"", "\"friyay\"");
        let err = toml::from_str::<ClinicConfig>(&bad)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("\"friyay\" is not a day; use mon, tue"),
            "{err}"
        );
    }

    #[test]
    fn whole_day_time_off_covers_the_end_date() {
        let t: TimeOff = toml::from_str("start = \"2026-12-24\"\nend = \"2026-12-26\"").unwrap();
        assert_eq!(
            t.end,
            NaiveDate::from_ymd_opt(2026, 12, 27)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
        );
    }
}
