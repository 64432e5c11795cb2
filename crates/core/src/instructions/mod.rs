//! Post-visit instructions: the clinic's templates, and packets rendered from them for one patient.
//!
//! - templates live in the clinic's TOML file (`[instructions]` settings and
//!   `[[instruction_templates]]`), read by serde and checked by [`validate_templates`];
//! - [`render`] turns a template plus one patient's facts into [`PacketView`](crate::api::instructions::PacketView)s
//!   (one per language the template has) and a readability report;
//! - [`readability`] grades text (Flesch-Kincaid for English, Fernández Huerta for Spanish).
//!
//! The pieces: [`template`] (the configuration model and its checks), [`condition`] (conditions
//! on the patient's facts), [`markdown`] (the Markdown subset and `{{#if}}` blocks), [`schedule`]
//! (medicine rows) and [`readability`]. docs/clinic-config.md describes the file format.
//!
//! ```
//! use portal_core::instructions::readability::grade_text;
//! use portal_core::Language;
//! assert!(grade_text("Rest your ankle. Call us if it gets worse.", Language::En).grade < 6.0);
//! ```

use chrono::NaiveDate;
use serde::Deserialize;

use crate::api::instructions::{PacketRequest, PacketView, ReadabilityReport};
use crate::api::FieldError;
use crate::clinic::{ClinicConfig, ConfigIssue};

pub mod condition;
pub mod markdown;
pub mod readability;
mod render;
pub mod schedule;
pub mod template;

pub use render::{date_in_words, PLACEHOLDERS};
pub use template::{InstructionTemplate, SectionKind, TeachBackItem, TemplateSection};

/// Clinic-wide settings for instructions (`[instructions]` in the clinic file).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InstructionSettings {
    /// Sections above this Flesch-Kincaid grade need an explicit override to publish.
    pub max_grade: f32,
    /// The grade the clinic aims for.
    pub target_grade: f32,
    /// Days a patient link works.
    pub link_days: u32,
    /// Wrong dates of birth allowed before the packet locks.
    pub verify_attempts: u32,
    /// The page of the clinic's website where the widget shows instructions; the patient link
    /// is this address plus `#pp-packet=<secret>`. When left out, portal-server's own `/`.
    pub patient_page: Option<String>,
}

impl Default for InstructionSettings {
    fn default() -> Self {
        InstructionSettings {
            max_grade: 8.0,
            target_grade: 6.0,
            link_days: 30,
            verify_attempts: 5,
            patient_page: None,
        }
    }
}

/// A packet rendered for one patient, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderedPacket {
    /// The patient's date of birth, which they confirm before reading.
    pub date_of_birth: NaiveDate,
    /// The patient's language; `views` has it first.
    pub language: crate::Language,
    /// One view per language the template has, the patient's language first. `acknowledged`
    /// and `teach_back_passed` are empty: the server fills them when serving.
    pub views: Vec<PacketView>,
    /// The right answer's index for each teach-back question, by question id.
    pub answers: Vec<(String, u32)>,
    /// The section each teach-back question points back to, by question id.
    pub reread: Vec<(String, String)>,
    /// Reading level of every section in every language.
    pub readability: ReadabilityReport,
}

/// Renders `template` for the patient described by `request`.
///
/// `today` is the clinic-local date (for age, default visit date and follow-up in N days).
/// Every problem with the request comes back as a field error with its JSON path
/// (`medicines[1].times[0]`) and a message that says what would be right.
pub fn render(
    clinic: &ClinicConfig,
    request: &PacketRequest,
    today: NaiveDate,
) -> Result<RenderedPacket, Vec<FieldError>> {
    render::render(clinic, request, today)
}

/// Checks the instruction templates of a clinic; called from [`ClinicConfig::validate`].
pub fn validate_templates(clinic: &ClinicConfig) -> Vec<ConfigIssue> {
    template::validate(clinic)
}

/// The one of `known` that is a small typo away from `word`, for "did you mean" hints.
fn closest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (edit_distance(word, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
