//! Patient details, parsed into domain types. The widget runs the same checks as the server, so
//! a patient sees the same words before and after sending. Each problem has a plain sentence in
//! English and Spanish (see shared/VOICE.md).

use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::api::PatientDetails;
use crate::Language;

/// Longest full name accepted, in characters.
pub const MAX_NAME: usize = 100;
/// Longest preferred name accepted, in characters.
pub const MAX_PREFERRED_NAME: usize = 50;
/// Longest reason for the visit, in characters.
pub const MAX_REASON: usize = 500;
/// Longest "anything we should know", in characters.
pub const MAX_NOTES: usize = 500;
/// Longest interpreter language, in characters.
pub const MAX_INTERPRETER: usize = 40;
/// Longest email address, in characters.
pub const MAX_EMAIL: usize = 254;

/// What is wrong with one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// No name given.
    NameMissing,
    /// Name longer than [`MAX_NAME`].
    NameTooLong,
    /// Preferred name longer than [`MAX_PREFERRED_NAME`].
    PreferredNameTooLong,
    /// No date of birth given.
    BirthDateMissing,
    /// The date of birth is not a real date.
    BirthDateNotADate,
    /// The date of birth is after today.
    BirthDateInFuture,
    /// The date of birth is more than 120 years ago.
    BirthDateTooLongAgo,
    /// Neither a phone nor an email.
    ContactMissing,
    /// The phone number does not look like one.
    PhoneInvalid,
    /// The email address does not look like one.
    EmailInvalid,
    /// No reason given.
    ReasonMissing,
    /// Reason longer than [`MAX_REASON`].
    ReasonTooLong,
    /// Interpreter language longer than [`MAX_INTERPRETER`].
    InterpreterTooLong,
    /// Notes longer than [`MAX_NOTES`].
    NotesTooLong,
    /// A control character (NUL, ESC, ...) or a hidden direction mark (see [`has_hidden_characters`]).
    HiddenCharacters,
    /// Texts were asked for but no phone was given.
    PhoneNeededForTexts,
    /// Email was asked for but no email was given.
    EmailNeededForEmail,
    /// The year has fewer than four digits ("61"): which century is not ours to guess.
    BirthYearShort,
}

impl Problem {
    /// The sentence to show next to the field, in `lang`.
    pub fn message(self, lang: Language) -> &'static str {
        use Problem::*;
        let es = lang == Language::Es;
        match (self, es) {
            (NameMissing, false) => "Please write your full name.",
            (NameMissing, true) => "Escriba su nombre completo.",
            (NameTooLong, false) => "This name is too long. Please use 100 letters or fewer.",
            (NameTooLong, true) => "Este nombre es muy largo. Use 100 letras o menos.",
            (PreferredNameTooLong, false) => "This name is too long. Please use 50 letters or fewer.",
            (PreferredNameTooLong, true) => "Este nombre es muy largo. Use 50 letras o menos.",
            (BirthDateMissing, false) => "Please write your date of birth, like 04/17/1961.",
            (BirthDateMissing, true) => "Escriba su fecha de nacimiento, por ejemplo 04/17/1961.",
            (BirthDateNotADate, false) => "This date doesn't look right. Try month/day/year, like 04/17/1961.",
            (BirthDateNotADate, true) => "Esta fecha no parece correcta. Use mes/día/año, por ejemplo 04/17/1961.",
            (BirthDateInFuture, false) => "This date is after today. Please check the year.",
            (BirthDateInFuture, true) => "Esta fecha es después de hoy. Revise el año.",
            (BirthDateTooLongAgo, false) => "This date is more than 120 years ago. Please check the year.",
            (BirthDateTooLongAgo, true) => "Esta fecha es de hace más de 120 años. Revise el año.",
            (ContactMissing, false) => "Please give a phone number or an email, so we can reach you.",
            (ContactMissing, true) => "Escriba un teléfono o un correo electrónico para poder comunicarnos con usted.",
            (PhoneInvalid, false) => "This phone number doesn't look right. Try 10 digits, like 555-010-2233.",
            (PhoneInvalid, true) => "Este número no parece correcto. Use 10 números, por ejemplo 555-010-2233.",
            (EmailInvalid, false) => "This email doesn't look right. It should look like name@example.com.",
            (EmailInvalid, true) => "Este correo no parece correcto. Debe verse así: nombre@ejemplo.com.",
            (ReasonMissing, false) => "Please tell us in a few words why you want to come in.",
            (ReasonMissing, true) => "Díganos en pocas palabras por qué quiere venir.",
            (ReasonTooLong, false) => "This is too long. Please use 500 letters or fewer. You can tell us more at the visit.",
            (ReasonTooLong, true) => "Es muy largo. Use 500 letras o menos. Puede contarnos más en la visita.",
            (InterpreterTooLong, false) => "Please write just the language, like Spanish.",
            (InterpreterTooLong, true) => "Escriba solo el idioma, por ejemplo inglés.",
            (NotesTooLong, false) => "This is too long. Please use 500 letters or fewer. You can tell us more at the visit.",
            (NotesTooLong, true) => "Es muy largo. Use 500 letras o menos. Puede contarnos más en la visita.",
            (HiddenCharacters, false) => "This has a character we can't save. Please type it again.",
            (HiddenCharacters, true) => "Esto tiene un carácter que no podemos guardar. Escríbalo otra vez.",
            (PhoneNeededForTexts, false) => "To get texts, please write your cell phone number.",
            (PhoneNeededForTexts, true) => "Para recibir mensajes de texto, escriba su número de celular.",
            (EmailNeededForEmail, false) => "To get emails, please write your email.",
            (EmailNeededForEmail, true) => "Para recibir correos, escriba su correo electrónico.",
            (BirthYearShort, false) => "Please write the whole year, like 1961.",
            (BirthYearShort, true) => "Escriba el año completo, por ejemplo 1961.",
        }
    }
}

/// A problem with the field it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field's path in the API, like `patient.date_of_birth`.
    pub path: &'static str,
    /// What is wrong.
    pub problem: Problem,
}

/// Patient details that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patient {
    /// Full name, trimmed.
    pub name: String,
    /// Preferred name; the first word of the full name when none was given.
    pub preferred_name: String,
    /// Date of birth.
    pub date_of_birth: NaiveDate,
    /// Phone, when given.
    pub phone: Option<ContactPhone>,
    /// Email, when given.
    pub email: Option<Email>,
    /// Reason for the visit, trimmed.
    pub reason: String,
    /// Interpreter language, when asked for.
    pub interpreter_language: Option<String>,
    /// Access and other notes, when given.
    pub accessibility_notes: Option<String>,
}

impl Patient {
    /// Checks every field; returns all problems at once, in form order.
    pub fn parse(details: &PatientDetails, today: NaiveDate) -> Result<Patient, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let mut flag = |path, problem| problems.push(FieldProblem { path, problem });

        let name = details.name.trim();
        if name.is_empty() {
            flag("patient.name", Problem::NameMissing);
        } else if name.chars().count() > MAX_NAME {
            flag("patient.name", Problem::NameTooLong);
        }
        let preferred = details.preferred_name.trim();
        if preferred.chars().count() > MAX_PREFERRED_NAME {
            flag("patient.preferred_name", Problem::PreferredNameTooLong);
        }
        let birth = match parse_birth_date(&details.date_of_birth, today) {
            Ok(date) => Some(date),
            Err(problem) => {
                flag("patient.date_of_birth", problem);
                None
            }
        };
        let phone = optional(&details.phone).map(ContactPhone::parse);
        let email = optional(&details.email).map(Email::parse);
        if phone.is_none() && email.is_none() {
            flag("patient.phone", Problem::ContactMissing);
        }
        if let Some(Err(p)) = &phone {
            flag("patient.phone", *p);
        }
        if let Some(Err(p)) = &email {
            flag("patient.email", *p);
        }
        let reason = details.reason.trim();
        if reason.is_empty() {
            flag("patient.reason", Problem::ReasonMissing);
        } else if reason.chars().count() > MAX_REASON {
            flag("patient.reason", Problem::ReasonTooLong);
        }
        let interpreter = optional(&details.interpreter_language);
        if interpreter.is_some_and(|s| s.chars().count() > MAX_INTERPRETER) {
            flag("patient.interpreter_language", Problem::InterpreterTooLong);
        }
        let notes = optional(&details.accessibility_notes);
        if notes.is_some_and(|s| s.chars().count() > MAX_NOTES) {
            flag("patient.accessibility_notes", Problem::NotesTooLong);
        }

        // Checked last so a field already flagged keeps its first, more useful note.
        for (path, text, multiline) in [
            ("patient.name", &details.name, false),
            ("patient.preferred_name", &details.preferred_name, false),
            ("patient.date_of_birth", &details.date_of_birth, false),
            ("patient.phone", &details.phone, false),
            ("patient.email", &details.email, false),
            ("patient.reason", &details.reason, true),
            (
                "patient.interpreter_language",
                &details.interpreter_language,
                false,
            ),
            (
                "patient.accessibility_notes",
                &details.accessibility_notes,
                true,
            ),
        ] {
            if has_hidden_characters(text, multiline) && !problems.iter().any(|p| p.path == path) {
                problems.push(FieldProblem {
                    path,
                    problem: Problem::HiddenCharacters,
                });
            }
        }

        match birth {
            Some(date_of_birth) if problems.is_empty() => Ok(Patient {
                name: name.to_string(),
                preferred_name: if preferred.is_empty() {
                    name.split_whitespace().next().unwrap_or(name).to_string()
                } else {
                    preferred.to_string()
                },
                date_of_birth,
                phone: phone.and_then(Result::ok),
                email: email.and_then(Result::ok),
                reason: reason.to_string(),
                interpreter_language: interpreter.map(str::to_string),
                accessibility_notes: notes.map(str::to_string),
            }),
            _ => Err(problems),
        }
    }
}

/// What is missing for the way the patient chose to hear from the clinic: a phone for texts, an
/// email for email. `None` (not asked) needs nothing.
pub fn contact_problems(
    contact_by: Option<crate::api::ContactBy>,
    details: &PatientDetails,
) -> Vec<FieldProblem> {
    use crate::api::ContactBy;
    let (texts, emails) = match contact_by {
        Some(ContactBy::Text) => (true, false),
        Some(ContactBy::Email) => (false, true),
        Some(ContactBy::Both) => (true, true),
        Some(ContactBy::Neither) | None => (false, false),
    };
    let mut problems = Vec::new();
    if texts && optional(&details.phone).is_none() {
        problems.push(FieldProblem {
            path: "patient.phone",
            problem: Problem::PhoneNeededForTexts,
        });
    }
    if emails && optional(&details.email).is_none() {
        problems.push(FieldProblem {
            path: "patient.email",
            problem: Problem::EmailNeededForEmail,
        });
    }
    problems
}

/// The way a patient hears about a visit when the request did not say: email when an email
/// was given, else nothing (texts need the patient's own yes).
pub fn contact_by_default(
    contact_by: Option<crate::api::ContactBy>,
    details: &PatientDetails,
) -> crate::api::ContactBy {
    contact_by.unwrap_or(if optional(&details.email).is_some() {
        crate::api::ContactBy::Email
    } else {
        crate::api::ContactBy::Neither
    })
}

/// True when `text` holds a character no patient means to type and a screen must not obey:
/// control characters (NUL, ESC, DEL, ...; line breaks and tabs only where `multiline`) and the
/// Unicode marks that reorder how text is shown (bidi embeddings, overrides and isolates). One
/// rule for every free-text answer a patient sends: booking details and feedback alike.
pub fn has_hidden_characters(text: &str, multiline: bool) -> bool {
    text.chars().any(|c| {
        (c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
    })
}

/// A full name as the per-patient booking limit compares it: Unicode NFKC, case-folded, with
/// invisible characters (zero-width spaces and joiners, soft hyphens, direction marks, variation
/// selectors) removed, look-alike letters from other scripts mapped to one form (Unicode
/// confusables, UTS #39), and every run of spaces made one. "Max  Limit", "max limit" and
/// "Max\u{200B} Limit" are one person; so is "Mаx Limit" with a Cyrillic "а".
#[cfg(feature = "engine")]
pub fn name_for_matching(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let visible: String = name
        .nfkc()
        .filter(|c| !is_invisible(*c))
        .collect::<String>()
        .to_lowercase();
    let folded: String = unicode_security::skeleton(&visible)
        .collect::<String>()
        .nfkc()
        .collect::<String>()
        .to_lowercase();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Characters that change nothing a person sees in a name (Unicode's default-ignorable code
/// points and the bidi controls).
#[cfg(feature = "engine")]
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
        || (c.is_control())
}

fn optional(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty()).then_some(t)
}

/// Parses `YYYY-MM-DD` as a real date of birth: not after `today`, not over 120 years ago.
pub fn parse_birth_date(input: &str, today: NaiveDate) -> Result<NaiveDate, Problem> {
    let input = input.trim();
    if input.is_empty() {
        return Err(Problem::BirthDateMissing);
    }
    let mut parts = input.splitn(3, '-');
    let mut next = || parts.next().and_then(|p| p.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (next(), next(), next()) else {
        return Err(Problem::BirthDateNotADate);
    };
    // "61" is 1961 to its writer and year 61 to a calendar: ask, never guess or call them 120.
    if input.split('-').next().is_some_and(|year| year.len() < 4) {
        return Err(Problem::BirthYearShort);
    }
    let date = NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(Problem::BirthDateNotADate)?;
    if date > today {
        return Err(Problem::BirthDateInFuture);
    }
    if today.year() - date.year() > 120 {
        return Err(Problem::BirthDateTooLongAgo);
    }
    Ok(date)
}

/// A phone number a patient can be reached at: 7 to 15 digits, with the usual punctuation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactPhone(String);

impl ContactPhone {
    /// Accepts `(555) 010-2233`, `555-010-2233`, `+1 555 010 2233`.
    pub fn parse(input: &str) -> Result<Self, Problem> {
        let trimmed = input.trim();
        let digits = trimmed.chars().filter(|c| c.is_ascii_digit()).count();
        let allowed = trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.' | '+'));
        if allowed && (7..=15).contains(&digits) {
            Ok(ContactPhone(trimmed.to_string()))
        } else {
            Err(Problem::PhoneInvalid)
        }
    }

    /// The number as the patient wrote it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ContactPhone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An email address of the form `local@domain.tld`, without spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Accepts `name@example.com`; refuses spaces, a missing `@` or a domain without a dot.
    pub fn parse(input: &str) -> Result<Self, Problem> {
        let s = input.trim();
        let ok = s.chars().count() <= MAX_EMAIL
            && !s.chars().any(char::is_whitespace)
            && match s.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                        // (Two dots in a row; a char search keeps the widget small.)
                        && !domain.split('.').any(str::is_empty)
                }
                None => false,
            };
        if ok {
            Ok(Email(s.to_string()))
        } else {
            Err(Problem::EmailInvalid)
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn good() -> PatientDetails {
        PatientDetails {
            name: "Rosa María Díaz".into(),
            preferred_name: "".into(),
            date_of_birth: "1961-04-17".into(),
            phone: "(555) 010-4477".into(),
            email: "".into(),
            reason: "Cough for a week".into(),
            interpreter_language: "".into(),
            accessibility_notes: "".into(),
        }
    }

    fn problems(details: PatientDetails) -> Vec<(&'static str, Problem)> {
        Patient::parse(&details, today())
            .unwrap_err()
            .into_iter()
            .map(|p| (p.path, p.problem))
            .collect()
    }

    #[test]
    fn a_complete_form_is_accepted_and_the_first_name_is_used_when_no_preferred_name_is_given() {
        let patient = Patient::parse(&good(), today()).unwrap();
        assert_eq!(patient.preferred_name, "Rosa");
        assert_eq!(
            patient.date_of_birth,
            NaiveDate::from_ymd_opt(1961, 4, 17).unwrap()
        );
    }

    #[test]
    fn february_30th_is_not_a_date() {
        let d = PatientDetails {
            date_of_birth: "1961-02-30".into(),
            ..good()
        };
        assert_eq!(
            problems(d),
            vec![("patient.date_of_birth", Problem::BirthDateNotADate)]
        );
    }

    #[test]
    fn a_birth_date_after_today_is_refused() {
        let d = PatientDetails {
            date_of_birth: "2026-11-24".into(),
            ..good()
        };
        assert_eq!(
            problems(d),
            vec![("patient.date_of_birth", Problem::BirthDateInFuture)]
        );
    }

    #[test]
    fn a_two_digit_year_asks_for_the_whole_year_and_never_says_120_years() {
        for year in ["61", "5", "961"] {
            let d = PatientDetails {
                date_of_birth: format!("{year}-04-17"),
                ..good()
            };
            assert_eq!(
                problems(d),
                vec![("patient.date_of_birth", Problem::BirthYearShort)],
                "{year}"
            );
        }
        assert_eq!(
            Problem::BirthYearShort.message(Language::En),
            "Please write the whole year, like 1961."
        );
        let d = PatientDetails {
            date_of_birth: "1890-04-17".into(),
            ..good()
        };
        assert_eq!(
            problems(d),
            vec![("patient.date_of_birth", Problem::BirthDateTooLongAgo)]
        );
    }

    #[test]
    fn a_baby_born_today_can_be_booked() {
        let d = PatientDetails {
            date_of_birth: "2026-11-23".into(),
            ..good()
        };
        assert!(Patient::parse(&d, today()).is_ok());
    }

    #[test]
    fn no_phone_and_no_email_asks_for_one_of_them() {
        let d = PatientDetails {
            phone: " ".into(),
            ..good()
        };
        assert_eq!(
            problems(d),
            vec![("patient.phone", Problem::ContactMissing)]
        );
    }

    #[test]
    fn an_email_alone_is_enough() {
        let d = PatientDetails {
            phone: "".into(),
            email: "rosa@example.com".into(),
            ..good()
        };
        assert!(Patient::parse(&d, today()).is_ok());
    }

    #[test]
    fn every_problem_is_reported_at_once_in_form_order() {
        let d = PatientDetails {
            name: "".into(),
            date_of_birth: "17/04/1961".into(),
            phone: "call me".into(),
            email: "rosa at example".into(),
            reason: "x".repeat(MAX_REASON + 1),
            ..good()
        };
        assert_eq!(
            problems(d),
            vec![
                ("patient.name", Problem::NameMissing),
                ("patient.date_of_birth", Problem::BirthDateNotADate),
                ("patient.phone", Problem::PhoneInvalid),
                ("patient.email", Problem::EmailInvalid),
                ("patient.reason", Problem::ReasonTooLong),
            ]
        );
    }

    #[test]
    fn every_problem_has_plain_words_in_both_languages() {
        use Problem::*;
        for p in [
            NameMissing,
            NameTooLong,
            PreferredNameTooLong,
            BirthDateMissing,
            BirthDateNotADate,
            BirthDateInFuture,
            BirthDateTooLongAgo,
            ContactMissing,
            PhoneInvalid,
            EmailInvalid,
            ReasonMissing,
            ReasonTooLong,
            InterpreterTooLong,
            NotesTooLong,
        ] {
            assert_ne!(p.message(Language::En), p.message(Language::Es));
            assert!(p.message(Language::En).ends_with('.'));
            assert!(
                !p.message(Language::En).to_lowercase().contains("invalid"),
                "{:?} blames the patient",
                p
            );
        }
    }

    proptest! {
        #[test]
        fn any_real_past_date_is_a_valid_birth_date(days_ago in 0i64..(120 * 365)) {
            let date = today() - chrono::Duration::days(days_ago);
            let text = date.format("%Y-%m-%d").to_string();
            prop_assert_eq!(parse_birth_date(&text, today()), Ok(date));
        }

        #[test]
        fn parsing_never_panics_on_any_text(s in "\\PC{0,40}") {
            let _ = parse_birth_date(&s, today());
            let _ = ContactPhone::parse(&s);
            let _ = Email::parse(&s);
        }

        #[test]
        fn a_phone_with_ten_digits_and_usual_punctuation_is_accepted(a in 100u32..999, b in 100u32..999, c in 1000u32..9999) {
            let written = format!("({a}) {b}-{c}");
            prop_assert!(ContactPhone::parse(&written).is_ok());
        }
    }
}
