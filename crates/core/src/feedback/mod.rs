//! Feedback: patients say in a few taps how it went; when it went badly they are heard and
//! called back, and the clinic sees whether things get better.
//!
//! - the clinic's `[feedback]` table ([`FeedbackSettings`], checked by [`validate_settings`]):
//!   when to ask (after booking, after the visit), which questions in which words, the scores
//!   that open a follow-up, business hours and the promise made to the patient;
//! - [`feedback_form`]: the questions the widget shows at one moment;
//! - [`validate_feedback`] checks a patient's answers, [`needs_follow_up`] decides whether
//!   someone must contact them, [`due_at`] by when (in business hours), [`follow_up_promise`]
//!   what the widget tells them;
//! - [`numbers`]: weekly scores, the recommend score, follow-ups closed on time, phone time saved;
//!   [`trend_svg`] draws the weekly trend;
//! - [`fhir`]: the form as a FHIR R4 `Questionnaire`, each feedback as a `QuestionnaireResponse`.
//!
//! docs/clinic-config.md, "Feedback", describes the file format.
//!
//! ```
//! use portal_core::api::feedback::{FeedbackRequest, Moment};
//! use portal_core::feedback::{needs_follow_up, validate_feedback, FeedbackSettings, Reason};
//! use portal_core::Language;
//!
//! let settings = FeedbackSettings::default();
//! let request = FeedbackRequest {
//!     moment: Moment::AfterVisit,
//!     appointment: Some("apt_7Hq2".into()),
//!     overall: Some(2),
//!     language: Language::En,
//!     ..FeedbackRequest::default()
//! };
//! let feedback = validate_feedback(&settings, &request).expect("valid");
//! assert_eq!(needs_follow_up(&settings, &feedback), Some(Reason::LowScore));
//! ```

use chrono::{DateTime, SecondsFormat, Utc};

use crate::api::feedback::{FeedbackForm, FeedbackQuestion, FollowUpPromise, QuestionKind};
use crate::clinic::{ClinicConfig, ClinicInfo, ConfigIssue, Language};

mod answers;
mod chart;
mod due;
pub mod fhir;
pub mod numbers;
mod settings;

pub use answers::{
    needs_follow_up, validate_feedback, AnswerProblem, ContactWay, Reason, ValidFeedback,
};
pub use chart::{escape as escape_xml, trend_svg};
pub use due::{due_at, is_overdue};
pub use numbers::{
    median, no_shows, phone_minutes_saved, recommend_nps, week_start, weekly_scores, Attended,
};
pub use settings::{
    BusinessHours, FeedbackSettings, Moment, MomentSettings, OpenSpan, Question, QuestionId,
};

/// Checks the clinic's `[feedback]` table; called from [`ClinicConfig::validate`].
pub fn validate_settings(clinic: &ClinicConfig) -> Vec<ConfigIssue> {
    settings::validate(clinic)
}

/// The form the widget shows at `moment`, in the clinic's order and words; none when the clinic
/// does not ask at that moment.
pub fn feedback_form(
    settings: &FeedbackSettings,
    clinic: &ClinicInfo,
    moment: Moment,
) -> Option<FeedbackForm> {
    let m = settings.moment(moment);
    m.enabled.then(|| FeedbackForm {
        moment,
        questions: m
            .questions
            .iter()
            .map(|q| {
                let (min, max) = q.id.scale().unwrap_or((0, 0));
                let labels = q.id.scale_labels();
                FeedbackQuestion {
                    id: q.id,
                    kind: match q.id {
                        QuestionId::Better => QuestionKind::Text,
                        QuestionId::Contact => QuestionKind::Contact,
                        _ => QuestionKind::Scale,
                    },
                    text: q.text.to_api(),
                    required: q.required,
                    min,
                    max,
                    low_label: labels.as_ref().map(|(low, _)| low.to_api()),
                    high_label: labels.as_ref().map(|(_, high)| high.to_api()),
                }
            })
            .collect(),
        max_text: settings.max_text,
        phone: clinic.phone.clone(),
    })
}

/// What the widget tells a patient when a follow-up opens: the due time, the clinic's promise in
/// their language, and the phone number.
pub fn follow_up_promise(
    settings: &FeedbackSettings,
    clinic: &ClinicInfo,
    due_at: DateTime<Utc>,
    language: Language,
) -> FollowUpPromise {
    FollowUpPromise {
        due_at: due_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        promise: settings.promise.get(language).to_string(),
        phone: clinic.phone.clone(),
    }
}

#[cfg(test)]
mod tests;
