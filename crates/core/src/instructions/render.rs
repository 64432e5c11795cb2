//! Rendering a template for one patient: checking the request, choosing sections and lines by the
//! patient's facts, filling placeholders, building the schedule and grading every section.

use chrono::{Datelike, NaiveDate};

use crate::api::instructions::{
    Block, BlockKind, FollowUpView, PacketRequest, PacketSection, PacketSectionKind, PacketView,
    ReadabilityReport, SectionReadability, TeachBackQuestion,
};
use crate::api::FieldError;
use crate::clinic::{quoted, ClinicConfig, Language};
use crate::ids::VisitTypeId;

use super::condition::{is_code, Condition, Facts};
use super::markdown::{self, Body};
use super::readability::grade_section;
use super::schedule;
use super::template::{InstructionTemplate, SectionKind};
use super::RenderedPacket;

/// The placeholders a template body can use.
pub const PLACEHOLDERS: [&str; 10] = [
    "preferred_name",
    "provider",
    "clinic",
    "clinic_phone",
    "clinic_address",
    "visit_date",
    "follow_up_date",
    "follow_up_days",
    "follow_up_visit",
    "medicine_names",
];

/// Longest preferred name, in characters.
pub const MAX_PREFERRED_NAME: usize = 50;
/// Longest provider note, in characters.
pub const MAX_NOTE: usize = 2000;
/// Most medicines in one packet.
pub const MAX_MEDICINES: usize = 20;
/// Most condition codes in one request.
pub const MAX_CONDITIONS: usize = 30;
/// Longest condition code, in characters.
pub const MAX_CODE: usize = 40;
/// Most days between a visit and its follow-up.
pub const MAX_FOLLOW_UP_DAYS: u32 = 365;

/// The request, checked.
struct Checked<'a> {
    template: &'a InstructionTemplate,
    language: Language,
    preferred_name: String,
    date_of_birth: NaiveDate,
    /// The provider's name as the clinic writes it in each language ("Dr." / "Dra.").
    provider: Option<&'a crate::clinic::Text>,
    visit_date: NaiveDate,
    follow_up: Option<(NaiveDate, Option<VisitTypeId>)>,
}

/// See [`super::render`].
pub fn render(
    clinic: &ClinicConfig,
    request: &PacketRequest,
    today: NaiveDate,
) -> Result<RenderedPacket, Vec<FieldError>> {
    let checked = check(clinic, request, today)?;
    let template = checked.template;
    let age = checked
        .visit_date
        .years_since(checked.date_of_birth)
        .unwrap_or(0);
    let facts = Facts {
        age,
        language: checked.language,
        codes: request
            .conditions
            .iter()
            .map(|c| c.trim().to_ascii_uppercase())
            .collect(),
        medicines: request
            .medicines
            .iter()
            .map(|m| m.name.trim().to_lowercase())
            .collect(),
        follow_up: checked.follow_up.is_some(),
    };

    let mut languages = vec![checked.language];
    let other = if checked.language == Language::En {
        Language::Es
    } else {
        Language::En
    };
    if other == Language::En || template.has_spanish() {
        languages.push(other);
    }

    let broken = |message: String| {
        vec![FieldError {
            path: "template".into(),
            message: format!(
                "The template \"{}\" has a problem: {message}. Check the clinic's configuration.",
                template.id
            ),
        }]
    };

    let mut views = Vec::new();
    let mut sections_kept: Vec<String> = Vec::new();
    for &language in &languages {
        let resolve = |name: &str| placeholder(name, clinic, &checked, request, language);
        let mut sections = Vec::new();
        let note = request.provider_note.trim();
        if !note.is_empty() {
            let heading = match (checked.provider.map(|p| p.get(language)), language) {
                (Some(p), Language::En) => format!("A note from {p}"),
                (Some(p), Language::Es) => format!("Una nota de su proveedor, {p}"),
                (None, Language::En) => "A note from your provider".into(),
                (None, Language::Es) => "Una nota de su proveedor".into(),
            };
            sections.push(PacketSection {
                id: "note".into(),
                kind: PacketSectionKind::Note,
                heading,
                blocks: markdown::plain_paragraphs(note),
            });
        }
        for s in &template.sections {
            if let Some(when) = &s.when {
                let condition = Condition::parse(when).map_err(|e| broken(e.0))?;
                if !condition.holds(&facts) {
                    continue;
                }
            }
            if (s.kind == SectionKind::Medicines && request.medicines.is_empty())
                || (s.kind == SectionKind::NextVisit && checked.follow_up.is_none())
            {
                continue;
            }
            let body = Body::parse(s.body.get(language)).map_err(|e| broken(e.message))?;
            let blocks = markdown::blocks(&body.select(&facts), &resolve).map_err(broken)?;
            sections.push(PacketSection {
                id: s.section_id().to_string(),
                kind: s.kind.into(),
                heading: s.heading(language),
                blocks,
            });
        }
        if sections_kept.is_empty() {
            sections_kept = sections.iter().map(|s| s.id.clone()).collect();
        }
        let teach_back = template
            .teach_back
            .iter()
            .filter(|q| sections_kept.contains(&q.section))
            .map(|q| TeachBackQuestion {
                id: q.id.clone(),
                prompt: q.question.get(language).to_string(),
                choices: q
                    .choices
                    .iter()
                    .map(|c| c.get(language).to_string())
                    .collect(),
                section: q.section.clone(),
            })
            .collect();
        views.push(PacketView {
            language,
            languages: languages.clone(),
            title: template.title.get(language).to_string(),
            preferred_name: checked.preferred_name.clone(),
            provider: checked
                .provider
                .map(|p| p.get(language).to_string())
                .unwrap_or_default(),
            visit_date: checked.visit_date.format("%Y-%m-%d").to_string(),
            clinic_name: clinic.clinic.name.clone(),
            clinic_phone: clinic.clinic.phone.clone(),
            sections,
            medicines: request
                .medicines
                .iter()
                .map(|m| schedule::row(m, language))
                .collect(),
            follow_up: checked
                .follow_up
                .as_ref()
                .map(|(date, visit_type)| FollowUpView {
                    date: date.format("%Y-%m-%d").to_string(),
                    visit_type: visit_type.clone(),
                }),
            teach_back,
            acknowledged: Vec::new(),
            teach_back_passed: Vec::new(),
        });
    }

    let kept: Vec<_> = template
        .teach_back
        .iter()
        .filter(|q| sections_kept.contains(&q.section))
        .collect();
    Ok(RenderedPacket {
        date_of_birth: checked.date_of_birth,
        language: checked.language,
        answers: kept.iter().map(|q| (q.id.clone(), q.answer)).collect(),
        reread: kept
            .iter()
            .map(|q| (q.id.clone(), q.section.clone()))
            .collect(),
        readability: report(clinic, &views),
        views,
    })
}

/// Grades every section of every view.
fn report(clinic: &ClinicConfig, views: &[PacketView]) -> ReadabilityReport {
    let max = clinic.instructions.max_grade;
    let mut sections = Vec::new();
    for view in views {
        let lang = view.language;
        for section in &view.sections {
            let mut pieces = block_texts(&section.blocks);
            if section.kind == PacketSectionKind::Medicines {
                pieces.extend(view.medicines.iter().map(|m| m.sentence.clone()));
            }
            let g = grade_section(&pieces, lang);
            sections.push(SectionReadability {
                section: section.id.clone(),
                language: view.language,
                heading: section.heading.clone(),
                grade: g.total.grade,
                words: g.total.words,
                sentences: g.total.sentences,
                above_max: g.total.grade > max,
                hard_sentences: g.hard_sentences,
                hard_words: g.hard_words,
            });
        }
    }
    ReadabilityReport {
        max_grade: max,
        target_grade: clinic.instructions.target_grade,
        above_max: sections.iter().any(|s| s.above_max),
        sections,
    }
}

/// The text of each paragraph and each list item.
pub fn block_texts(blocks: &[Block]) -> Vec<String> {
    let join = |runs: &[crate::api::instructions::Inline]| {
        runs.iter().map(|r| r.text.as_str()).collect::<String>()
    };
    let mut out = Vec::new();
    for b in blocks {
        if b.kind == BlockKind::Paragraph {
            out.push(join(&b.inlines));
        } else {
            out.extend(b.items.iter().map(|item| join(item)));
        }
    }
    out
}

/// A placeholder's value in `language`: plain text, never read as Markdown.
fn placeholder(
    name: &str,
    clinic: &ClinicConfig,
    c: &Checked,
    request: &PacketRequest,
    language: Language,
) -> Option<String> {
    let es = language == Language::Es;
    let pick = |en: &str, es_text: &str| {
        if es {
            es_text.to_string()
        } else {
            en.to_string()
        }
    };
    Some(match name {
        "preferred_name" => c.preferred_name.clone(),
        "provider" => c
            .provider
            .map(|p| p.get(language).to_string())
            .unwrap_or_else(|| pick("your provider", "su proveedor")),
        "clinic" => clinic.clinic.name.clone(),
        "clinic_phone" => clinic.clinic.phone.clone(),
        "clinic_address" => clinic.clinic.address.clone(),
        "visit_date" => date_in_words(c.visit_date, c.visit_date.year(), language),
        "follow_up_date" => match &c.follow_up {
            Some((date, _)) => date_in_words(*date, c.visit_date.year(), language),
            None => pick(
                "the date your provider gave you",
                "la fecha que le dio su proveedor",
            ),
        },
        "follow_up_days" => match &c.follow_up {
            Some((date, _)) => (*date - c.visit_date).num_days().to_string(),
            None => pick("a few", "unos"),
        },
        "follow_up_visit" => match c
            .follow_up
            .as_ref()
            .and_then(|(_, v)| v.as_deref())
            .and_then(|v| clinic.visit_type(v))
        {
            Some(v) => v.name.get(language).to_string(),
            None => pick("Follow-up visit", "Visita de seguimiento"),
        },
        "medicine_names" => {
            let names: Vec<&str> = request.medicines.iter().map(|m| m.name.trim()).collect();
            match names.as_slice() {
                [] => pick("your medicines", "sus medicinas"),
                [one] => one.to_string(),
                [rest @ .., last] => format!(
                    "{} {} {last}",
                    rest.join(", "),
                    if es { "y" } else { "and" }
                ),
            }
        }
        _ => return None,
    })
}

/// A date in words: "Tuesday, March 4" / "martes, 4 de marzo", with the year when it is not
/// `this_year`.
pub fn date_in_words(date: NaiveDate, this_year: i32, language: Language) -> String {
    let day = crate::clock::Wall::date(&date);
    if date.year() == this_year {
        crate::clock::day(language, &day)
    } else {
        crate::clock::day_and_year(language, &day)
    }
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// Checks every field of the request; all problems at once.
fn check<'a>(
    clinic: &'a ClinicConfig,
    r: &PacketRequest,
    today: NaiveDate,
) -> Result<Checked<'a>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut err = |path: &str, message: String| {
        errors.push(FieldError {
            path: path.into(),
            message,
        })
    };

    let template = clinic.instruction_template(&r.template);
    if template.is_none() {
        let ids: Vec<&str> = clinic
            .instruction_templates
            .iter()
            .map(|t| t.id.as_str())
            .collect();
        err(
            "template",
            format!(
                "There is no template \"{}\". Use one of {}.",
                r.template,
                quoted(&ids)
            ),
        );
    }
    let preferred_name = r.preferred_name.trim().to_string();
    if preferred_name.is_empty() {
        err(
            "preferred_name",
            "Write the name the patient likes to be called.".into(),
        );
    } else if preferred_name.chars().count() > MAX_PREFERRED_NAME {
        err(
            "preferred_name",
            format!("This name is too long. Use {MAX_PREFERRED_NAME} characters or fewer."),
        );
    }
    let language = Some(r.language);
    if let (Some(Language::Es), Some(t)) = (language, template) {
        if !t.has_spanish() {
            err("language", format!("The template \"{}\" has no Spanish text yet. Send it in English (en), or add Spanish to the template.", t.id));
        }
    }
    let provider = match &r.provider {
        Some(id) => match clinic.provider(id) {
            Some(p) => Some(&p.name),
            None => {
                let ids: Vec<&str> = clinic.providers.iter().map(|p| p.id.as_str()).collect();
                err(
                    "provider",
                    format!(
                        "\"{id}\" is not a provider of this clinic. Use one of {}.",
                        quoted(&ids)
                    ),
                );
                None
            }
        },
        None => None,
    };
    let visit_date = match &r.visit_date {
        None => Some(today),
        Some(s) => match parse_date(s) {
            None => {
                err(
                    "visit_date",
                    format!(
                        "\"{s}\" is not a date. Write it as YYYY-MM-DD, like {}.",
                        today.format("%Y-%m-%d")
                    ),
                );
                None
            }
            Some(d) if d > today => {
                err(
                    "visit_date",
                    "The visit date is after today. Instructions follow a visit: use its date."
                        .into(),
                );
                None
            }
            Some(d) => Some(d),
        },
    };
    let date_of_birth = match parse_date(&r.date_of_birth) {
        None => {
            err(
                "date_of_birth",
                "Write the date of birth as YYYY-MM-DD, like 1961-04-17.".into(),
            );
            None
        }
        Some(d) if d > today || visit_date.is_some_and(|v| d > v) => {
            err(
                "date_of_birth",
                "This date of birth is after the visit. Please check the year.".into(),
            );
            None
        }
        Some(d) if d.year() < 1900 => {
            err(
                "date_of_birth",
                "This date of birth is before 1900. Please check the year.".into(),
            );
            None
        }
        Some(d) => Some(d),
    };
    if r.conditions.len() > MAX_CONDITIONS {
        err(
            "conditions",
            format!("Send at most {MAX_CONDITIONS} codes."),
        );
    }
    for (i, c) in r.conditions.iter().enumerate() {
        if !is_code(c.trim()) || c.len() > MAX_CODE {
            err(&format!("conditions[{i}]"), format!("\"{c}\" is not a code. Write the system, a colon and the code, like ICD10:S93.401A."));
        }
    }
    if r.medicines.len() > MAX_MEDICINES {
        err(
            "medicines",
            format!("Send at most {MAX_MEDICINES} medicines."),
        );
    }
    let mut medicine_errors = Vec::new();
    for (i, m) in r.medicines.iter().enumerate() {
        schedule::check(m, &format!("medicines[{i}]"), &mut medicine_errors);
    }
    for e in medicine_errors {
        err(&e.path, e.message);
    }
    let follow_up = match &r.follow_up {
        None => None,
        Some(f) => {
            if let Some(v) = &f.visit_type {
                if clinic.visit_type(v).is_none() {
                    let ids: Vec<&str> = clinic.visit_types.iter().map(|v| v.id.as_str()).collect();
                    err(
                        "follow_up.visit_type",
                        format!(
                            "\"{v}\" is not a visit type of this clinic. Use one of {}.",
                            quoted(&ids)
                        ),
                    );
                }
            }
            let date = match (f.in_days, &f.date) {
                (Some(_), Some(_)) => {
                    err("follow_up", "Give in_days or date, not both.".into());
                    None
                }
                (None, None) => {
                    err("follow_up", "Give in_days (like 14) or a date (like 2026-03-18), or leave follow_up out.".into());
                    None
                }
                (Some(days), None) => {
                    if days == 0 || days > MAX_FOLLOW_UP_DAYS {
                        err(
                            "follow_up.in_days",
                            format!("Use 1 to {MAX_FOLLOW_UP_DAYS} days, like 14."),
                        );
                        None
                    } else {
                        visit_date.map(|v| v + chrono::Days::new(u64::from(days)))
                    }
                }
                (None, Some(s)) => {
                    match (parse_date(s), visit_date) {
                        (None, _) => {
                            err("follow_up.date", format!("\"{s}\" is not a date. Write it as YYYY-MM-DD, like 2026-03-18."));
                            None
                        }
                        (Some(d), Some(v))
                            if d <= v || (d - v).num_days() > i64::from(MAX_FOLLOW_UP_DAYS) =>
                        {
                            err("follow_up.date", format!("Use a date after the visit and within {MAX_FOLLOW_UP_DAYS} days of it."));
                            None
                        }
                        (Some(d), _) => Some(d),
                    }
                }
            };
            date.map(|d| (d, f.visit_type.clone()))
        }
    };
    if r.provider_note.chars().count() > MAX_NOTE {
        err(
            "provider_note",
            format!("This note is too long. Use {MAX_NOTE} characters or fewer."),
        );
    }

    match (template, language, date_of_birth, visit_date) {
        (Some(template), Some(language), Some(date_of_birth), Some(visit_date))
            if errors.is_empty() =>
        {
            Ok(Checked {
                template,
                language,
                preferred_name,
                date_of_birth,
                provider,
                visit_date,
                follow_up,
            })
        }
        _ => Err(errors),
    }
}
