//! A patient's answers: checked against the clinic's form, then judged for a follow-up.

use crate::api::feedback::FeedbackRequest;
use crate::api::FieldError;
use crate::clinic::Language;
use crate::patient::{ContactPhone, Email};

use super::settings::{FeedbackSettings, Moment, QuestionId};

/// Longest appointment or packet id accepted, in characters.
const MAX_ID: usize = 64;

pub use crate::api::feedback::ContactWay;

/// Feedback that passed every check. The fields are public so the server can rebuild one from
/// what it stored (for the FHIR form, for example).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidFeedback {
    /// When it was asked.
    pub moment: Moment,
    /// The appointment's public id.
    pub appointment: Option<String>,
    /// The instruction packet's id.
    pub packet: Option<String>,
    /// Ease of booking, 1 to 5.
    pub ease: Option<u8>,
    /// Overall, 1 to 5.
    pub overall: Option<u8>,
    /// Would recommend, 0 to 10.
    pub recommend: Option<u8>,
    /// "What could we do better?", trimmed; none when blank.
    pub better: Option<String>,
    /// How they want to be contacted; none when they did not ask.
    pub contact: Option<ContactWay>,
    /// The number or email to use; none means the one the clinic has.
    pub contact_value: Option<String>,
    /// The patient's language.
    pub language: Language,
}

pub use crate::api::feedback::Reason;

/// What is wrong with one answer; each has a plain sentence in English and Spanish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerProblem {
    /// The clinic does not ask at this moment.
    MomentOff,
    /// Neither an appointment nor a packet was named, or the id is malformed.
    NoVisit,
    /// The question is not part of this moment's form.
    NotAsked,
    /// A required question has no answer.
    Missing,
    /// A score outside its scale.
    OutOfRange(u8, u8),
    /// Free text longer than the clinic's limit.
    TooLong(u32),
    /// Free text with control characters.
    ControlCharacters,
    /// A contact value without a way to use it.
    ContactValueWithoutWay,
    /// The phone number does not look like one.
    PhoneInvalid,
    /// The email does not look like one.
    EmailInvalid,
    /// Nothing was answered.
    Empty,
}

impl AnswerProblem {
    /// The sentence to show next to the field, in `lang`.
    pub fn message(self, lang: Language) -> String {
        use AnswerProblem::*;
        let es = lang == Language::Es;
        let s = |en: &str, sp: &str| if es { sp.to_string() } else { en.to_string() };
        match self {
            MomentOff | NotAsked => s(
                "This question is not part of the form right now. Please reload the page.",
                "Esta pregunta no es parte del formulario ahora. Vuelva a cargar la página.",
            ),
            NoVisit => s(
                "We can't tell which visit this is about. Please open the link from your visit again.",
                "No sabemos de qué visita se trata. Abra otra vez el enlace de su visita.",
            ),
            Missing => s("Please pick an answer.", "Elija una respuesta."),
            OutOfRange(lo, hi) => {
                if es {
                    format!("Elija un número del {lo} al {hi}.")
                } else {
                    format!("Please pick a number from {lo} to {hi}.")
                }
            }
            TooLong(max) => {
                if es {
                    format!("Es muy largo. Use {max} letras o menos. Puede contarnos más por teléfono.")
                } else {
                    format!("This is too long. Please use {max} letters or fewer. You can tell us more by phone.")
                }
            }
            ControlCharacters => s(
                "This has a character we can't save. Please type it again.",
                "Esto tiene un carácter que no podemos guardar. Escríbalo otra vez.",
            ),
            ContactValueWithoutWay => s(
                "Please pick how we should reach you, or leave this blank.",
                "Elija cómo comunicarnos con usted, o deje esto en blanco.",
            ),
            PhoneInvalid => s(
                "This phone number doesn't look right. Try 10 digits, like 555-010-2233.",
                "Este número no parece correcto. Use 10 números, por ejemplo 555-010-2233.",
            ),
            EmailInvalid => s(
                "This email doesn't look right. It should look like name@example.com.",
                "Este correo no parece correcto. Debe verse así: nombre@ejemplo.com.",
            ),
            Empty => s("Please answer at least one question.", "Conteste al menos una pregunta."),
        }
    }
}

/// Checks a patient's answers against the clinic's form for that moment.
///
/// Returns every problem at once, each with the request field's path and a plain sentence in
/// the patient's language. Whether this appointment already has feedback at this moment is the
/// server's check (it owns the data).
pub fn validate_feedback(
    settings: &FeedbackSettings,
    request: &FeedbackRequest,
) -> Result<ValidFeedback, Vec<FieldError>> {
    // The language, the moment and the way to contact are read into their types with the
    // request itself (an unknown one is a `422 invalid_body` naming the values allowed).
    let language = request.language;
    let lang = language;
    let moment = request.moment;
    let mut problems: Vec<(&'static str, AnswerProblem)> = Vec::new();
    let form = settings.moment(moment);
    if !form.enabled {
        problems.push(("moment", AnswerProblem::MomentOff));
        return Err(into_errors(problems, lang));
    }

    let id = |value: &Option<String>| -> Result<Option<String>, ()> {
        match value.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(v)
                if v.chars().count() <= MAX_ID
                    && v.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
            {
                Ok(Some(v.to_string()))
            }
            Some(_) => Err(()),
        }
    };
    let appointment = id(&request.appointment).unwrap_or_else(|()| {
        problems.push(("appointment", AnswerProblem::NoVisit));
        None
    });
    let packet = id(&request.packet).unwrap_or_else(|()| {
        problems.push(("packet", AnswerProblem::NoVisit));
        None
    });
    if appointment.is_none()
        && packet.is_none()
        && !problems.iter().any(|(_, p)| *p == AnswerProblem::NoVisit)
    {
        problems.push(("appointment", AnswerProblem::NoVisit));
    }

    let mut answered = false;
    let mut score = |path: &'static str,
                     qid: QuestionId,
                     value: Option<u8>,
                     problems: &mut Vec<(&'static str, AnswerProblem)>| {
        let asked = form.question(qid);
        match (asked, value) {
            (None, Some(_)) => {
                problems.push((path, AnswerProblem::NotAsked));
                None
            }
            (None, None) => None,
            (Some(q), None) => {
                if q.required {
                    problems.push((path, AnswerProblem::Missing));
                }
                None
            }
            (Some(_), Some(v)) => {
                let (lo, hi) = qid.scale().unwrap_or((0, 0));
                if (lo..=hi).contains(&v) {
                    answered = true;
                    Some(v)
                } else {
                    problems.push((path, AnswerProblem::OutOfRange(lo, hi)));
                    None
                }
            }
        }
    };
    let ease = score("ease", QuestionId::Ease, request.ease, &mut problems);
    let overall = score(
        "overall",
        QuestionId::Overall,
        request.overall,
        &mut problems,
    );
    let recommend = score(
        "recommend",
        QuestionId::Recommend,
        request.recommend,
        &mut problems,
    );

    let better_text = request.better.trim();
    // After a low score the patient may say what went wrong, even where the form does not ask.
    let low_score = is_low_score(settings, ease, overall, recommend);
    let better = match form.question(QuestionId::Better) {
        None if !better_text.is_empty() && !low_score => {
            problems.push(("better", AnswerProblem::NotAsked));
            None
        }
        None if better_text.is_empty() => None,
        Some(q) if better_text.is_empty() => {
            if q.required {
                problems.push(("better", AnswerProblem::Missing));
            }
            None
        }
        // A form that asks, or words after a low score.
        Some(_) | None => {
            if better_text.chars().count() > settings.max_text as usize {
                problems.push(("better", AnswerProblem::TooLong(settings.max_text)));
                None
            } else if crate::patient::has_hidden_characters(better_text, true) {
                problems.push(("better", AnswerProblem::ControlCharacters));
                None
            } else {
                answered = true;
                Some(better_text.to_string())
            }
        }
    };

    let value = request.contact_value.trim();
    let mut contact_value = None;
    let contact = match (request.contact, form.question(QuestionId::Contact)) {
        (None, _) => {
            if !value.is_empty() {
                problems.push(("contact", AnswerProblem::ContactValueWithoutWay));
            }
            None
        }
        (Some(_), None) => {
            problems.push(("contact", AnswerProblem::NotAsked));
            None
        }
        (Some(way), Some(_)) => {
            answered = true;
            if !value.is_empty() {
                let parsed = match way {
                    ContactWay::Phone | ContactWay::Text => ContactPhone::parse(value)
                        .map(|p| p.as_str().to_string())
                        .map_err(|_| AnswerProblem::PhoneInvalid),
                    ContactWay::Email => Email::parse(value)
                        .map(|e| e.as_str().to_string())
                        .map_err(|_| AnswerProblem::EmailInvalid),
                };
                match parsed {
                    Ok(v) => contact_value = Some(v),
                    Err(p) => problems.push(("contact_value", p)),
                }
            }
            Some(way)
        }
    };

    if !answered && problems.is_empty() {
        problems.push((
            form.questions.first().map_or("moment", |q| q.id.as_str()),
            AnswerProblem::Empty,
        ));
    }
    if !problems.is_empty() {
        return Err(into_errors(problems, lang));
    }
    Ok(ValidFeedback {
        moment,
        appointment,
        packet,
        ease,
        overall,
        recommend,
        better,
        contact,
        contact_value,
        language,
    })
}

fn into_errors(problems: Vec<(&'static str, AnswerProblem)>, lang: Language) -> Vec<FieldError> {
    problems
        .into_iter()
        .map(|(path, p)| FieldError {
            path: path.into(),
            message: p.message(lang),
        })
        .collect()
}

/// Whether these answers open a follow-up, and why: the patient asked to be contacted, or a
/// score is at or below the clinic's threshold (`overall ≤ low_overall`,
/// `recommend ≤ low_recommend`, `ease ≤ low_ease`).
pub fn needs_follow_up(settings: &FeedbackSettings, feedback: &ValidFeedback) -> Option<Reason> {
    if feedback.contact.is_some() {
        return Some(Reason::AskedToBeContacted);
    }
    is_low_score(
        settings,
        feedback.ease,
        feedback.overall,
        feedback.recommend,
    )
    .then_some(Reason::LowScore)
}

/// Whether a score is at or below the clinic's threshold (`ease ≤ low_ease`, `overall ≤
/// low_overall`, `recommend ≤ low_recommend`). Scales start at 1, so a threshold of 0 for ease or
/// overall never matches.
fn is_low_score(
    settings: &FeedbackSettings,
    ease: Option<u8>,
    overall: Option<u8>,
    recommend: Option<u8>,
) -> bool {
    let low = |score: Option<u8>, threshold: u8| score.is_some_and(|s| s <= threshold);
    low(ease, settings.low_ease)
        || low(overall, settings.low_overall)
        || low(recommend, settings.low_recommend)
}
