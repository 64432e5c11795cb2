//! The instruction templates of a clinic file (`[[instruction_templates]]`) and their checks.
//!
//! Every problem is a [`ConfigIssue`] whose path follows the TOML structure exactly
//! (`instruction_templates[0].sections[2].body.en`), so the server can point at the line.

use std::collections::HashSet;

use serde::Deserialize;

use crate::clinic::{is_slug, quoted, unique_ids, ClinicConfig, ConfigIssue, Language, Text};

use super::condition::{is_code, Condition};
use super::markdown::{self, Body};
use super::render::PLACEHOLDERS;

/// Most teach-back questions a template may have.
pub const MAX_TEACH_BACK: usize = 3;

/// A template of post-visit instructions, chosen by visit type or condition code.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstructionTemplate {
    /// A short slug, unique in the clinic, like `sprained-ankle`.
    pub id: String,
    /// The packet's title, like "Caring for your sprained ankle".
    pub title: Text,
    /// Visit type ids this template suits (for staff to pick from).
    #[serde(default)]
    pub visit_types: Vec<String>,
    /// Condition or procedure codes this template suits, like `ICD10:S93.401A`.
    #[serde(default)]
    pub codes: Vec<String>,
    /// The sections, in the order the patient reads them.
    pub sections: Vec<TemplateSection>,
    /// Up to three questions that check the patient found the important part.
    #[serde(default)]
    pub teach_back: Vec<TeachBackItem>,
}

/// The kinds of section a template can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, crate::ClosedSet)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// What to do at home.
    Home,
    /// The medicines (the widget draws the schedule table in this section).
    Medicines,
    /// When to call the clinic.
    CallUs,
    /// When to go to the emergency room or call 911.
    Emergency,
    /// The follow-up visit (left out when there is none).
    NextVisit,
    /// Anything else, with its own `id` and `heading`.
    Custom,
}

impl From<SectionKind> for crate::api::instructions::PacketSectionKind {
    fn from(kind: SectionKind) -> Self {
        use crate::api::instructions::PacketSectionKind as P;
        match kind {
            SectionKind::Home => P::Home,
            SectionKind::Medicines => P::Medicines,
            SectionKind::CallUs => P::CallUs,
            SectionKind::Emergency => P::Emergency,
            SectionKind::NextVisit => P::NextVisit,
            SectionKind::Custom => P::Custom,
        }
    }
}

/// Section ids a custom section cannot take: the standard kinds and the provider's note.
pub const RESERVED_SECTION_IDS: [&str; 6] = [
    "home",
    "medicines",
    "call_us",
    "emergency",
    "next_visit",
    "note",
];

impl SectionKind {
    /// The heading used when the template gives none (none for custom sections).
    pub fn default_heading(self, language: Language) -> Option<&'static str> {
        let es = language == Language::Es;
        Some(match (self, es) {
            (SectionKind::Home, false) => "What to do at home",
            (SectionKind::Home, true) => "Qué hacer en casa",
            (SectionKind::Medicines, false) => "Your medicines",
            (SectionKind::Medicines, true) => "Sus medicinas",
            (SectionKind::CallUs, false) => "Call us if...",
            (SectionKind::CallUs, true) => "Llámenos si...",
            (SectionKind::Emergency, false) => "Go to the emergency room or call 911 if...",
            (SectionKind::Emergency, true) => "Vaya a la sala de emergencias o llame al 911 si...",
            (SectionKind::NextVisit, false) => "Your next visit",
            (SectionKind::NextVisit, true) => "Su próxima visita",
            (SectionKind::Custom, _) => return None,
        })
    }
}

/// One section of a template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateSection {
    /// `home`, `medicines`, `call_us`, `emergency`, `next_visit` or `custom`.
    pub kind: SectionKind,
    /// The id of a custom section (a slug, unique in the template); standard kinds use the kind.
    #[serde(default)]
    pub id: Option<String>,
    /// The heading; standard kinds have a default, custom sections need one.
    #[serde(default)]
    pub heading: Option<Text>,
    /// A condition on the patient's facts; the section is shown only when it holds.
    #[serde(default)]
    pub when: Option<String>,
    /// The text, in the Markdown subset of [`markdown`] with placeholders and `{{#if}}` blocks.
    pub body: Text,
}

impl TemplateSection {
    /// The section's id in a packet: the kind, or a custom section's own id.
    pub fn section_id(&self) -> &str {
        match (self.kind, &self.id) {
            (SectionKind::Custom, Some(id)) => id,
            (kind, _) => kind.as_str(),
        }
    }

    /// The heading in `language` (the template's, or the kind's default).
    pub fn heading(&self, language: Language) -> String {
        match &self.heading {
            Some(h) => h.get(language).to_string(),
            None => self
                .kind
                .default_heading(language)
                .unwrap_or_default()
                .to_string(),
        }
    }
}

/// A teach-back question with its choices and right answer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeachBackItem {
    /// A slug, unique in the template.
    pub id: String,
    /// The question.
    pub question: Text,
    /// Two to four choices.
    pub choices: Vec<Text>,
    /// The right choice, counted from 0.
    pub answer: u32,
    /// The section to read again after a wrong answer (a standard kind or a custom id).
    pub section: String,
}

impl InstructionTemplate {
    /// True when every patient-facing text of the template has a Spanish version.
    pub fn has_spanish(&self) -> bool {
        self.missing_spanish().is_empty()
    }

    /// Paths of the texts that have no Spanish version.
    fn missing_spanish(&self) -> Vec<String> {
        let mut missing = Vec::new();
        let mut check = |text: &Text, path: String| {
            if text.es.as_deref().is_none_or(|s| s.trim().is_empty()) && !text.en.trim().is_empty()
            {
                missing.push(path);
            }
        };
        check(&self.title, "title".into());
        for (j, s) in self.sections.iter().enumerate() {
            if let Some(h) = &s.heading {
                check(h, format!("sections[{j}].heading"));
            }
            check(&s.body, format!("sections[{j}].body"));
        }
        for (k, q) in self.teach_back.iter().enumerate() {
            check(&q.question, format!("teach_back[{k}].question"));
            for (c, choice) in q.choices.iter().enumerate() {
                check(choice, format!("teach_back[{k}].choices[{c}]"));
            }
        }
        missing
    }

    /// True when some, but not all, texts have a Spanish version.
    fn has_some_spanish(&self) -> bool {
        let some = |t: &Text| t.es.is_some();
        some(&self.title)
            || self
                .sections
                .iter()
                .any(|s| some(&s.body) || s.heading.as_ref().is_some_and(some))
            || self
                .teach_back
                .iter()
                .any(|q| some(&q.question) || q.choices.iter().any(some))
    }
}

/// Checks the `[instructions]` settings and every template.
pub fn validate(clinic: &ClinicConfig) -> Vec<ConfigIssue> {
    let mut issues = Vec::new();
    let mut issue = |path: String, message: String| issues.push(ConfigIssue { path, message });

    let s = &clinic.instructions;
    if !(1.0..=18.0).contains(&s.max_grade) {
        issue(
            "instructions.max_grade".into(),
            format!(
                "{} is out of range; use a school grade from 1 to 18, like 8",
                s.max_grade
            ),
        );
    }
    if !(1.0..=18.0).contains(&s.target_grade) || s.target_grade > s.max_grade {
        issue(
            "instructions.target_grade".into(),
            format!(
                "{} must be from 1 to 18 and not above max_grade ({}); like 6",
                s.target_grade, s.max_grade
            ),
        );
    }
    if s.link_days == 0 || s.link_days > 365 {
        issue(
            "instructions.link_days".into(),
            format!(
                "{} is out of range; use 1 to 365 days, like 30",
                s.link_days
            ),
        );
    }
    if s.verify_attempts == 0 || s.verify_attempts > 20 {
        issue(
            "instructions.verify_attempts".into(),
            format!("{} is out of range; use 1 to 20, like 5", s.verify_attempts),
        );
    }
    if let Some(page) = &s.patient_page {
        let rest = page
            .strip_prefix("https://")
            .or_else(|| page.strip_prefix("http://"));
        if rest.is_none_or(|r| r.is_empty() || r.contains(char::is_whitespace) || r.contains('#')) {
            issue(
                "instructions.patient_page".into(),
                format!("\"{page}\" is not a web address without a #fragment; write one like \"https://www.example.org/instructions\""),
            );
        }
    }

    unique_ids(
        clinic.instruction_templates.iter().map(|t| t.id.as_str()),
        "instruction_templates",
        &mut issue,
    );
    let visit_ids: Vec<&str> = clinic.visit_types.iter().map(|v| v.id.as_str()).collect();
    for (i, t) in clinic.instruction_templates.iter().enumerate() {
        let at = |rest: &str| format!("instruction_templates[{i}].{rest}");
        if t.title.en.trim().is_empty() {
            issue(
                at("title.en"),
                "write the packet's title, like \"Caring for your sprained ankle\"".into(),
            );
        }
        for (j, v) in t.visit_types.iter().enumerate() {
            if !visit_ids.contains(&v.as_str()) {
                issue(
                    at(&format!("visit_types[{j}]")),
                    format!(
                        "\"{v}\" is not a visit type id; use one of {}",
                        quoted(&visit_ids)
                    ),
                );
            }
        }
        for (j, c) in t.codes.iter().enumerate() {
            if !is_code(c) {
                issue(
                    at(&format!("codes[{j}]")),
                    format!("\"{c}\" is not a code; write the system, a colon and the code, like \"ICD10:S93.401A\" or \"SNOMED:44465007\""),
                );
            }
        }
        if t.sections.is_empty() {
            issue(
                at("sections"),
                "add at least one [[instruction_templates.sections]] entry, like kind = \"home\""
                    .into(),
            );
        }
        let mut kinds = HashSet::new();
        let mut ids: HashSet<&str> = HashSet::new();
        for (j, s) in t.sections.iter().enumerate() {
            let sec = |rest: &str| at(&format!("sections[{j}].{rest}"));
            match (s.kind, &s.id) {
                (SectionKind::Custom, None) => {
                    issue(
                        sec("kind"),
                        "a custom section needs an id, like id = \"diet\"".into(),
                    );
                }
                (SectionKind::Custom, Some(id)) => {
                    if !is_slug(id) {
                        issue(sec("id"), format!("\"{id}\" is not a valid id; use lowercase letters, digits and dashes, like \"diet\""));
                    } else if RESERVED_SECTION_IDS.contains(&id.as_str()) {
                        issue(sec("id"), format!("\"{id}\" is the id of a standard section; pick another, like \"diet\""));
                    } else if !ids.insert(id) {
                        issue(sec("id"), format!("\"{id}\" is used twice in this template; each section id must be unique"));
                    }
                    if s.heading.is_none() {
                        issue(sec("kind"), "a custom section needs a heading, like heading = { en = \"Eating well\" }".into());
                    }
                }
                (kind, Some(_)) => {
                    issue(
                        sec("id"),
                        format!(
                            "only custom sections take an id; a {} section's id is \"{}\"",
                            kind.as_str(),
                            kind.as_str()
                        ),
                    );
                }
                (kind, None) => {
                    if !kinds.insert(kind) {
                        issue(
                            sec("kind"),
                            format!(
                                "this template already has a {} section; merge them, or use kind = \"custom\" with its own id",
                                kind.as_str()
                            ),
                        );
                    }
                    ids.insert(kind.as_str());
                }
            }
            if let Some(h) = &s.heading {
                if h.en.trim().is_empty() {
                    issue(
                        sec("heading.en"),
                        "write the heading, like \"Eating well\"".into(),
                    );
                }
                check_plain(&h.en, sec("heading.en"), &mut issue);
                if let Some(es) = &h.es {
                    check_plain(es, sec("heading.es"), &mut issue);
                }
            }
            if let Some(when) = &s.when {
                if let Err(e) = Condition::parse(when) {
                    issue(sec("when"), e.0);
                }
            }
            if s.body.en.trim().is_empty() && s.kind != SectionKind::Medicines {
                issue(sec("body.en"), "write the section's text; a blank line starts a new paragraph, \"- \" starts a bullet".into());
            }
            check_body(&s.body.en, sec("body.en"), &mut issue);
            if let Some(es) = &s.body.es {
                check_body(es, sec("body.es"), &mut issue);
            }
        }

        if t.teach_back.len() > MAX_TEACH_BACK {
            issue(
                at("teach_back"),
                format!(
                    "{} questions is too many; ask at most {MAX_TEACH_BACK}",
                    t.teach_back.len()
                ),
            );
        }
        let mut question_ids = HashSet::new();
        for (k, q) in t.teach_back.iter().enumerate() {
            let tb = |rest: &str| at(&format!("teach_back[{k}].{rest}"));
            if !is_slug(&q.id) {
                issue(tb("id"), format!("\"{}\" is not a valid id; use lowercase letters, digits and dashes, like \"swelling\"", q.id));
            } else if !question_ids.insert(&q.id) {
                issue(
                    tb("id"),
                    format!(
                        "\"{}\" is used twice; each question id must be unique in the template",
                        q.id
                    ),
                );
            }
            if q.question.en.trim().is_empty() {
                issue(
                    tb("question.en"),
                    "write the question, like \"When should you call us?\"".into(),
                );
            }
            if !(2..=4).contains(&q.choices.len()) {
                issue(
                    tb("choices"),
                    format!("{} choices; give 2 to 4", q.choices.len()),
                );
            }
            for (c, choice) in q.choices.iter().enumerate() {
                if choice.en.trim().is_empty() {
                    issue(
                        tb(&format!("choices[{c}].en")),
                        "write the choice's text".into(),
                    );
                }
            }
            if q.answer as usize >= q.choices.len() && !q.choices.is_empty() {
                issue(
                    tb("answer"),
                    format!(
                        "{} is not a choice; answers count from 0, so use 0 to {}",
                        q.answer,
                        q.choices.len() - 1
                    ),
                );
            }
            if !ids.contains(q.section.as_str()) {
                let mut known: Vec<&str> =
                    t.sections.iter().map(TemplateSection::section_id).collect();
                known.dedup();
                issue(
                    tb("section"),
                    format!(
                        "\"{}\" is not a section of this template; use one of {}",
                        q.section,
                        quoted(&known)
                    ),
                );
            }
        }

        if t.has_some_spanish() {
            if let Some(path) = t.missing_spanish().first() {
                issue(
                    at(path),
                    "has no Spanish (es) text while other parts of this template do; add es = \"...\" here, or remove the Spanish so the template is English only".into(),
                );
            }
        }
    }
    issues
}

/// A heading is plain text: no placeholders, Markdown or HTML.
fn check_plain(text: &str, path: String, issue: &mut impl FnMut(String, String)) {
    if text.contains('<') && markdown::inlines(text, &|_| Some(String::new())).is_err() {
        issue(
            path,
            format!("\"{text}\" looks like HTML; headings are plain text"),
        );
    }
}

/// Checks a body: the `{{#if}}` structure and conditions, then the Markdown and placeholders of
/// every line of every branch.
fn check_body(text: &str, path: String, issue: &mut impl FnMut(String, String)) {
    let known = |name: &str| PLACEHOLDERS.contains(&name).then(String::new);
    match Body::parse(text) {
        Err(e) => issue(path, format!("line {} of the text: {}", e.line, e.message)),
        Ok(body) => {
            for (line, src) in body.all_lines() {
                if let Err(message) = markdown::inlines(src, &known) {
                    issue(path.clone(), format!("line {line} of the text: {message}"));
                }
            }
        }
    }
}
