//! Feedback, in the page and never in the way: the one-tap "How easy was it to book today?" on
//! the booking confirmation (`ease`, feature `booking`), the after-visit questions in the
//! instructions and on a feedback link (`prompt`, feature `after-visit`), and the feedback
//! link's own view (`view`, feature `feedback`).
//!
//! The clinic writes the questions; `prompt::Prompt` shows whatever the server's
//! `FeedbackForm` has, in order. [`Answers`] holds what the patient picked and typed, as plain
//! data (tested without a browser). Whether the prompt was sent or dismissed is remembered by
//! the server, never in the browser.

#[cfg(feature = "booking")]
pub mod ease;
#[cfg(feature = "after-visit")]
pub mod prompt;
#[cfg(feature = "feedback")]
pub mod view;

#[cfg(feature = "after-visit")]
use portal_core::api::feedback::{
    ContactWay, FeedbackForm, FeedbackRequest, Moment, QuestionId, QuestionKind,
};
use yew::prelude::*;

use crate::components::alert::with_phone;
use crate::i18n::{text, Language, Msg};
use crate::intl;

#[cfg(feature = "booking")]
pub use ease::{EasePrompt, EasePromptProps};
#[cfg(feature = "after-visit")]
pub use prompt::{Prompt, PromptProps};

/// The clinic's promise after answers that need a follow-up, and the phone to call now.
pub struct FbWords<'a> {
    /// "Someone from our clinic will call you within one business day.", in the clinic's words.
    pub promise: &'a str,
    /// The clinic's phone; empty: the one the widget already shows.
    pub phone: &'a str,
    /// When someone will have been in touch by, UTC RFC 3339; empty when not known.
    pub due: &'a str,
}

/// After sending: thanks; or, when someone will follow up, sorry (for a low score), the
/// clinic's promise in its own words, and its phone for those who would rather call now.
pub fn answered(
    lang: Language,
    promise: Option<FbWords>,
    low: bool,
    after_booking: bool,
    phone: &str,
) -> Html {
    let Some(promise) = promise else {
        return html! { <p>{ text(lang, Msg::FbThanks) }</p> };
    };
    let first = match (low, after_booking) {
        (true, true) => Msg::FbSorryBooking,
        (true, false) => Msg::FbSorryVisit,
        (false, _) => Msg::FbThanksTelling,
    };
    let phone = if promise.phone.is_empty() {
        phone
    } else {
        promise.phone
    };
    html! {
        <>
            <p>{ text(lang, first) }{ " " }{ promise.promise.to_string() }</p>
            if !promise.due.is_empty() {
                <p>{ crate::i18n::fill(lang, Msg::FbBy, &[&intl::instant_words(lang, promise.due)]) }</p>
            }
            <p>{ with_phone(text(lang, Msg::FbCallNow), phone) }</p>
        </>
    }
}

/// One answer of a scale: its number, with the clinic's words for an end read after it
/// ("1 – Very hard"); `pressed` when the answer is picked but not yet sent.
pub fn scale_button(
    n: u8,
    end: &str,
    pressed: Option<&'static str>,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! {
        <button type="button" class="pp-time" aria-pressed={pressed} {onclick}>
            { intl::num(n.into()) }
            if !end.is_empty() { <span class="pp-visually-hidden">{ " – " }{ end.to_string() }</span> }
        </button>
    }
}

/// The clinic's words under the two ends of a scale (the buttons already say them to a screen
/// reader).
pub fn scale_ends(low: &str, high: &str) -> Html {
    html! { <div class="pp-scale-ends" aria-hidden="true"><span>{ low.to_string() }</span><span>{ high.to_string() }</span></div> }
}

/// What the patient answered so far.
#[cfg(feature = "after-visit")]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Answers {
    /// How easy booking was, 1 to 5.
    pub ease: Option<u8>,
    /// How the visit went, 1 to 5.
    pub overall: Option<u8>,
    /// How likely they are to recommend the clinic, 0 to 10.
    pub recommend: Option<u8>,
    /// "What could we do better?", as typed.
    pub better: String,
    /// `phone`, `email`, `text`, or `none` for "No, thank you"; `None` before a choice.
    pub contact: Option<String>,
    /// The number or email to use, as typed.
    pub contact_value: String,
}

#[cfg(feature = "after-visit")]
impl Answers {
    /// The answer to scale question `id`.
    pub fn score(&self, id: QuestionId) -> Option<u8> {
        match id {
            QuestionId::Ease => self.ease,
            QuestionId::Overall => self.overall,
            QuestionId::Recommend => self.recommend,
            QuestionId::Better | QuestionId::Contact => None,
        }
    }

    /// Picks `n` for scale question `id`.
    pub fn pick(&mut self, id: QuestionId, n: u8) {
        match id {
            QuestionId::Ease => self.ease = Some(n),
            QuestionId::Overall => self.overall = Some(n),
            QuestionId::Recommend => self.recommend = Some(n),
            QuestionId::Better | QuestionId::Contact => {}
        }
    }

    /// Whether the patient gave a low score (1 or 2 of 5): the widget says sorry.
    pub fn low(&self) -> bool {
        self.ease.or(self.overall).is_some_and(|n| n <= 2)
    }

    /// The way to contact them, when they asked for one.
    fn way(&self) -> Option<ContactWay> {
        // "none" (no, thank you) and anything else that is not a way read as none.
        self.contact.as_deref().and_then(ContactWay::parse)
    }

    /// What stops sending, as (field, words) in the form's order: a needed number not picked,
    /// text longer than the clinic allows, a phone or email that does not look like one (the
    /// server's own checks from `portal_core::patient`).
    pub fn problems(&self, form: &FeedbackForm, lang: Language) -> Vec<(String, String)> {
        let mut problems = Vec::new();
        for q in &form.questions {
            match q.kind {
                QuestionKind::Scale if q.required && self.score(q.id).is_none() => {
                    problems.push((q.id.as_str().into(), text(lang, Msg::PickNumber).into()));
                }
                QuestionKind::Text if self.better.chars().count() > form.max_text as usize => {
                    let most = crate::intl::num(form.max_text);
                    problems.push((
                        q.id.as_str().into(),
                        crate::i18n::fill(lang, Msg::FbTooLong, &[&most]),
                    ));
                }
                QuestionKind::Contact => {
                    use portal_core::patient::{ContactPhone, Email};
                    let value = self.contact_value.trim();
                    let problem = match self.way() {
                        _ if value.is_empty() => None,
                        Some(ContactWay::Email) => Email::parse(value).err(),
                        Some(_) => ContactPhone::parse(value).err(),
                        None => None,
                    };
                    if let Some(problem) = problem {
                        problems.push(("contact_value".into(), problem.message(lang).into()));
                    }
                }
                _ => {}
            }
        }
        problems
    }

    /// The answers as the API takes them (the server knows the visit from the token).
    pub fn request(&self, moment: Moment, lang: Language) -> FeedbackRequest {
        let way = self.way();
        FeedbackRequest {
            moment,
            ease: self.ease,
            overall: self.overall,
            recommend: self.recommend,
            better: self.better.trim().into(),
            contact: way,
            contact_value: if way.is_some() {
                self.contact_value.trim().into()
            } else {
                String::new()
            },
            language: lang,
            ..FeedbackRequest::default()
        }
    }
}

#[cfg(all(test, feature = "after-visit"))]
mod tests {
    use super::*;
    use portal_core::api::feedback::FeedbackQuestion;

    fn question(id: QuestionId, kind: QuestionKind, required: bool) -> FeedbackQuestion {
        FeedbackQuestion {
            id,
            kind,
            required,
            min: 1,
            max: 5,
            ..FeedbackQuestion::default()
        }
    }

    fn form() -> FeedbackForm {
        FeedbackForm {
            moment: portal_core::api::feedback::Moment::AfterVisit,
            questions: vec![
                question(QuestionId::Overall, QuestionKind::Scale, true),
                question(QuestionId::Recommend, QuestionKind::Scale, false),
                question(QuestionId::Better, QuestionKind::Text, false),
                question(QuestionId::Contact, QuestionKind::Contact, false),
            ],
            max_text: 10,
            phone: "(555) 010-2233".into(),
        }
    }

    #[test]
    fn a_needed_number_must_be_picked_but_an_optional_one_need_not() {
        let mut answers = Answers::default();
        let problems = answers.problems(&form(), Language::En);
        assert_eq!(
            problems,
            vec![("overall".to_string(), "Please pick a number.".to_string())]
        );
        answers.pick(QuestionId::Overall, 4);
        assert!(answers.problems(&form(), Language::En).is_empty());
    }

    #[test]
    fn text_over_the_clinics_limit_and_a_phone_that_is_not_one_are_refused_in_the_patients_language(
    ) {
        let answers = Answers {
            overall: Some(2),
            better: "ñ".repeat(11),
            contact: Some("phone".into()),
            contact_value: "call me".into(),
            ..Answers::default()
        };
        let problems = answers.problems(&form(), Language::Es);
        assert_eq!(
            problems.iter().map(|p| p.0.as_str()).collect::<Vec<_>>(),
            ["better", "contact_value"]
        );
        assert!(problems[0].1.contains("10"), "{problems:?}");
        let fine = Answers {
            better: "ñ".repeat(10),
            contact_value: "(555) 010-2233".into(),
            ..answers
        };
        assert!(fine.problems(&form(), Language::En).is_empty());
    }

    #[test]
    fn the_request_sends_a_contact_value_only_with_a_way_to_contact() {
        let answers = Answers {
            ease: Some(2),
            better: "  The wait was long.  ".into(),
            contact: Some("none".into()),
            contact_value: "555 010 2233".into(),
            ..Answers::default()
        };
        let request = answers.request(Moment::AfterBooking, Language::Es);
        assert_eq!(request.better, "The wait was long.");
        assert_eq!(
            (request.contact, request.contact_value.as_str()),
            (None, "")
        );
        assert_eq!((request.ease, request.language), (Some(2), Language::Es));
        assert!(answers.low());
        let asked = Answers {
            contact: Some("text".into()),
            ease: Some(5),
            ..answers
        }
        .request(Moment::AfterBooking, Language::En);
        assert_eq!(
            (asked.contact, asked.contact_value.as_str()),
            (Some(ContactWay::Text), "555 010 2233")
        );
    }
}
