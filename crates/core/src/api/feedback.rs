//! The JSON types of the feedback API: a patient tells the clinic how it went in a few taps,
//! a low score or a request to be contacted opens a follow-up with a due time, staff work the
//! queue and resolve it, and the clinic sees its numbers.
//!
//! Closed sets are enums (`Moment`, `ContactWay`, `QuestionKind`, `FollowUpState`), read and
//! written by the widget through `derive(Wire)`. Question ids and funnel steps are still strings,
//! listed in the constants below. The rules behind these types live in `portal_core::feedback`
//! (feature `engine`).

use serde::{Deserialize, Serialize};

use super::{Language, LocalText};

/// The question ids a clinic can ask, in the order the widget shows them.
pub const QUESTIONS: [&str; 5] = ["ease", "overall", "recommend", "better", "contact"];
/// The steps of the booking funnel, in order.
pub const FUNNEL_STEPS: [&str; 5] = ["opened", "visit_type", "time", "details", "booked"];

/// When the widget asks for feedback.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, crate::ClosedSet,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(rename_all = "snake_case")]
pub enum Moment {
    /// Right after a patient books.
    #[default]
    AfterBooking,
    /// After the visit.
    AfterVisit,
}

/// Why a follow-up was opened.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, crate::ClosedSet,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// A score at or below the clinic's threshold.
    #[default]
    LowScore,
    /// The patient asked to be contacted (this wins when both apply: they asked).
    AskedToBeContacted,
}

/// How a patient wants to be contacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, crate::ClosedSet)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(rename_all = "lowercase")]
pub enum ContactWay {
    /// A phone call.
    Phone,
    /// An email.
    Email,
    /// A text message.
    Text,
}

// ----------------------------------------------------------------------------------------------
// Patient side
// ----------------------------------------------------------------------------------------------

/// `GET /api/v1/clinics/{clinic}/feedback/form?moment=`: the questions to show at one moment,
/// in order, with the clinic's wording.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct FeedbackForm {
    /// `after_booking` or `after_visit`.
    pub moment: Moment,
    /// The questions, in the order to show them.
    pub questions: Vec<FeedbackQuestion>,
    /// Longest answer to `better`, in characters.
    pub max_text: u32,
    /// The clinic's phone number, shown with the form.
    pub phone: String,
}

/// One question of a feedback form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct FeedbackQuestion {
    /// Which question: also the field of [`FeedbackRequest`] that carries the answer.
    pub id: QuestionId,
    /// How it is answered.
    pub kind: QuestionKind,
    /// The question, as the clinic wrote it.
    pub text: LocalText,
    /// Whether an answer is needed to send the form.
    pub required: bool,
    /// Lowest answer of a scale (1, or 0 for `recommend`); 0 for other kinds.
    pub min: u8,
    /// Highest answer of a scale (5, or 10 for `recommend`); 0 for other kinds.
    pub max: u8,
    /// Words under the lowest answer of a scale, like "Very hard".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low_label: Option<LocalText>,
    /// Words under the highest answer of a scale, like "Very easy".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high_label: Option<LocalText>,
}

/// The questions a clinic can ask.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, crate::ClosedSet,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(rename_all = "snake_case")]
pub enum QuestionId {
    /// "How easy was it to book today?" 1 to 5.
    #[default]
    Ease,
    /// "How was your visit?" 1 to 5.
    Overall,
    /// "Would you tell a friend to come here?" 0 to 10.
    Recommend,
    /// "What could we do better?" Free text.
    Better,
    /// "May we contact you about this?" Phone, email or text.
    Contact,
}

/// How a feedback question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// Pick a whole number from `min` to `max`.
    #[default]
    Scale,
    /// Free text.
    Text,
    /// Pick one [`ContactWay`], or none.
    Contact,
}

/// `POST /api/v1/clinics/{clinic}/feedback`: a patient's answers at one moment.
///
/// One feedback per appointment (or packet) and moment; a second one is refused with
/// `409 feedback_already_sent`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(deny_unknown_fields)]
pub struct FeedbackRequest {
    /// `after_booking` or `after_visit`.
    pub moment: Moment,
    /// The appointment's public id, when the feedback is about a booking or a visit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointment: Option<String>,
    /// The instruction packet's id, when the patient came from their instructions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub packet: Option<String>,
    /// How easy booking was, 1 (very hard) to 5 (very easy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ease: Option<u8>,
    /// How the visit went overall, 1 (very bad) to 5 (very good).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall: Option<u8>,
    /// How likely they are to recommend the clinic, 0 (not at all) to 10 (for sure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommend: Option<u8>,
    /// "What could we do better?", in their own words; empty when not answered. Always shown
    /// as text, never as HTML.
    #[serde(default)]
    pub better: String,
    /// How they want to be contacted: `phone`, `email` or `text`; none when they did not ask.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<ContactWay>,
    /// The phone number or email to use; empty when the clinic already has it.
    #[serde(default)]
    pub contact_value: String,
    /// The patient's language code (`en`, `es`), for messages and the promise.
    #[serde(default)]
    pub language: Language,
}

/// `201` from sending feedback: its id, and the clinic's promise when someone will follow up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct FeedbackReceipt {
    /// The feedback's public id.
    pub id: String,
    /// Set when the answers opened a follow-up: the widget apologises and shows this promise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FollowUpPromise>,
}

/// What the clinic promises a patient whose visit went badly or who asked to be contacted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct FollowUpPromise {
    /// When someone will have contacted them by, UTC RFC 3339.
    pub due_at: String,
    /// The clinic's promise in the patient's language, like "Someone from our clinic will call
    /// you within one business day."
    pub promise: String,
    /// The clinic's phone number, for patients who would rather call now.
    pub phone: String,
}

/// What became of the answers, as the patient may see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(rename_all = "snake_case")]
pub enum FollowUpState {
    /// No follow-up was needed.
    #[default]
    None,
    /// Someone will contact them.
    Open,
    /// The clinic has handled it.
    Handled,
}

/// `GET /api/v1/feedback/{id}` with the patient's feedback token: whether the clinic has
/// handled it. Staff notes are never shown to the patient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct FeedbackStatus {
    /// The feedback's public id.
    pub id: String,
    /// `after_booking` or `after_visit`.
    pub moment: Moment,
    /// When it was sent, UTC RFC 3339.
    pub sent_at: String,
    /// Whether someone follows up, and whether they have.
    pub follow_up: FollowUpState,
    /// When the follow-up is due, UTC RFC 3339, while it is open or after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<String>,
    /// When the clinic handled it, UTC RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handled_at: Option<String>,
}

/// `GET /api/v1/clinics/{clinic}/you-said-we-did`: what the clinic changed because of feedback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct YouSaidWeDid {
    /// The note's id.
    pub id: String,
    /// When the clinic published it, UTC RFC 3339.
    pub published_at: String,
    /// What patients said and what the clinic did, in plain words. Shown as text, never HTML.
    pub text: LocalText,
}

/// `POST /api/v1/clinics/{clinic}/you-said-we-did`: staff publish a note. Staff API key required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(deny_unknown_fields)]
pub struct YouSaidWeDidRequest {
    /// The note, like "You said the wait was long. We now text you when the doctor is ready."
    pub text: LocalText,
}

/// `POST /api/v1/clinics/{clinic}/funnel`: one step of a booking, counted without patient data
/// (no ids, no times chosen, no cookies).
/// `GET /api/v1/clinics/{clinic}/feedback/prompt?moment=&appointment=|packet=`: whether the
/// widget should ask now. Authorised like sending feedback: `Authorization: Bearer` with the
/// visit's manage token, the packet's reading session, or the secret of a feedback link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct FeedbackPrompt {
    /// True when the widget should show the prompt: the moment is on, nothing was sent yet
    /// and the patient did not dismiss it.
    pub ask: bool,
    /// The questions, when `ask`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<FeedbackForm>,
    /// What the patient sent at this moment before, when they did (so the widget can say
    /// whether the clinic has handled it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent: Option<FeedbackStatus>,
}

/// `POST /api/v1/clinics/{clinic}/feedback/dismissals`: "not now", remembered by the server so
/// the prompt is not shown again for this visit and moment (nothing is kept in the browser).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(deny_unknown_fields)]
pub struct DismissRequest {
    /// `after_booking` or `after_visit`.
    pub moment: Moment,
    /// The appointment's public id (with a manage token or a feedback link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointment: Option<String>,
    /// The packet's id (with a packet session).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub packet: Option<String>,
}

/// `POST /api/v1/clinics/{clinic}/feedback-links` (staff key): a link the clinic sends a
/// patient after a visit, to give feedback and later see that it was handled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(deny_unknown_fields)]
pub struct FeedbackLinkRequest {
    /// The appointment's public id.
    pub appointment: String,
}

/// `201` from creating a feedback link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct FeedbackLink {
    /// The link: the clinic's patient page plus `#pp-feedback=<secret>` (the secret stays out
    /// of server logs). Shown only once.
    pub link: String,
    /// When it stops working, UTC RFC 3339.
    pub expires_at: String,
}

/// `GET /api/v1/feedback/link` (Bearer: a feedback link's secret): what the link is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct FeedbackLinkView {
    /// The clinic's id.
    pub clinic: String,
    /// The appointment's public id.
    pub appointment: String,
    /// The name to greet the patient by.
    pub preferred_name: String,
    /// The visit's start, UTC RFC 3339.
    pub visit_start: String,
    /// The visit's date in the clinic's zone, `YYYY-MM-DD`.
    pub visit_date: String,
    /// The clinic's IANA time zone.
    pub timezone: String,
    /// Whether to ask, the questions, and what was sent before.
    pub prompt: FeedbackPrompt,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(deny_unknown_fields)]
pub struct FunnelEvent {
    /// The clinic's id.
    pub clinic: String,
    /// One of [`FUNNEL_STEPS`]: `opened`, `visit_type`, `time`, `details` or `booked`.
    pub step: String,
}

// ----------------------------------------------------------------------------------------------
// Staff side
// ----------------------------------------------------------------------------------------------

/// `GET /api/v1/clinics/{clinic}/follow-ups`: the staff queue, earliest due first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct FollowUpQueue {
    /// The follow-ups, open ones by due time (earliest first), then resolved ones.
    pub items: Vec<FollowUpItem>,
    /// How many open ones are past their due time.
    pub overdue: u32,
}

/// One follow-up as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct FollowUpItem {
    /// The follow-up's id.
    pub id: String,
    /// The feedback that opened it.
    pub feedback_id: String,
    /// `after_booking` or `after_visit`.
    pub moment: Moment,
    /// The appointment's public id, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointment: Option<String>,
    /// When it was opened, UTC RFC 3339.
    pub opened_at: String,
    /// When the patient was promised contact by, UTC RFC 3339.
    pub due_at: String,
    /// True when still open after `due_at`.
    pub overdue: bool,
    /// Why it was opened.
    pub reason: Reason,
    /// Ease of booking, 1 to 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ease: Option<u8>,
    /// Overall, 1 to 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall: Option<u8>,
    /// Would recommend, 0 to 10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommend: Option<u8>,
    /// "What could we do better?", as the patient wrote it. Show as text, never HTML.
    pub better: String,
    /// How the patient wants to be contacted: `phone`, `email` or `text`; none when not asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<ContactWay>,
    /// The number or email they gave; empty means use the one on file.
    pub contact_value: String,
    /// The patient's language (`en`, `es`): call back in it.
    pub language: Language,
    /// When staff resolved it, UTC RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<String>,
    /// What staff did, for the clinic's records; never shown to the patient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution_note: Option<String>,
    /// Who: the patient's full name, from the visit (empty when the feedback has no visit).
    #[serde(default)]
    pub patient_name: String,
    /// The name they go by.
    #[serde(default)]
    pub preferred_name: String,
    /// The number to call or text back: the one they gave, else the one on file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The email to write to: the one they gave, else the one on file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Which visit, in words for staff, like "Checkup with Dr. Ana López, Mon, Mar 9, 9:30 AM".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit: Option<String>,
    /// The due time in words, in the clinic's time: "due tomorrow 5 PM", "2 hours overdue".
    #[serde(default)]
    pub due_in_words: String,
}

/// `POST /api/v1/follow-ups/{id}/resolve`: staff close a follow-up. Staff API key required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(deny_unknown_fields)]
pub struct ResolveRequest {
    /// What was done, like "Called Mrs. Díaz, moved her visit to Tuesday." Required.
    pub note: String,
}

/// `GET /api/v1/clinics/{clinic}/numbers?from=&to=`: whether the portal pays off.
/// Counts carry no patient data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct ClinicNumbers {
    /// First clinic-local date covered, `YYYY-MM-DD`.
    pub from: String,
    /// Last clinic-local date covered, `YYYY-MM-DD`.
    pub to: String,
    /// The booking funnel, one entry per step of [`FUNNEL_STEPS`], in order.
    pub funnel: Vec<FunnelStep>,
    /// Visits booked online.
    pub online_bookings: u64,
    /// Minutes of phone time those bookings saved (`online_bookings × minutes_per_call`).
    pub phone_minutes_saved: u64,
    /// Minutes one booking takes by phone, from the clinic's settings (default 8).
    pub minutes_per_call: u32,
    /// Scores by week (weeks start on Monday, clinic time), oldest first, no week left out.
    pub weeks: Vec<WeekScores>,
    /// How follow-ups went.
    pub follow_ups: FollowUpNumbers,
    /// Messages to patients planned in the period, by what became of them (counts only).
    #[serde(default)]
    pub messages: MessageNumbers,
    /// Visits booked by staff for patients (on the phone, at the desk) in the period;
    /// `online_bookings` counts the widget's.
    #[serde(default)]
    pub desk_bookings: u64,
    /// No-shows among visits whose time came, by week (weeks start on Monday, clinic time).
    #[serde(default)]
    pub no_shows_by_week: Vec<NoShows>,
    /// No-shows among visits whose time came, by visit type (`group` is the visit type's name).
    #[serde(default)]
    pub no_shows_by_visit_type: Vec<NoShows>,
    /// The weekly trend as an accessible SVG image (`role="img"`, with a title and a
    /// description of the numbers), safe to insert as markup.
    pub trend_svg: String,
}

/// No-shows in one group of visits (a week, or a visit type).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct NoShows {
    /// The week's Monday (`YYYY-MM-DD`) or the visit type.
    pub group: String,
    /// Visits whose time came (not cancelled).
    pub visits: u64,
    /// Of those, marked as no-shows.
    pub no_shows: u64,
    /// `no_shows / visits` in percent, to one decimal; none without visits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
}

/// Messages to patients in a period, by what became of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct MessageNumbers {
    /// Sent.
    pub sent: u64,
    /// Failed after every try.
    pub failed: u64,
    /// Not sent: no email server or text service, or no address.
    pub not_sent: u64,
    /// Not sent: the patient opted out.
    pub opted_out: u64,
    /// Still waiting for their time.
    pub planned: u64,
    /// Sent messages whose link the patient opened (each message counted once).
    #[serde(default)]
    pub links_opened: u64,
}

/// How many bookings reached one step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct FunnelStep {
    /// `opened`, `visit_type`, `time`, `details` or `booked`.
    pub step: String,
    /// How many times it was reached.
    pub count: u64,
}

/// One week's scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct WeekScores {
    /// The Monday the week starts on, clinic-local, `YYYY-MM-DD`.
    pub week_start: String,
    /// Average ease of booking (1–5), to two decimals; none without answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ease_avg: Option<f64>,
    /// Average overall score (1–5), to two decimals; none without answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall_avg: Option<f64>,
    /// Net promoter score from `recommend` (−100 to 100: % of 9–10 minus % of 0–6), to one
    /// decimal; none without answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommend_nps: Option<f64>,
    /// Feedback forms sent that week.
    pub responses: u32,
}

/// Follow-ups opened in the period, and how they went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct FollowUpNumbers {
    /// Opened.
    pub opened: u32,
    /// Resolved by their due time.
    pub closed_on_time: u32,
    /// Resolved after their due time.
    pub closed_late: u32,
    /// Still open and past their due time.
    pub overdue: u32,
    /// Still open and not yet due.
    pub open: u32,
    /// Median minutes from opening to resolving; none when none were resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median_minutes_to_close: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minimal_feedback_request_reads_with_defaults() {
        let r: FeedbackRequest =
            serde_json::from_str(r#"{"moment":"after_booking","ease":4}"#).unwrap();
        assert_eq!(r.language, Language::En);
        assert_eq!(r.ease, Some(4));
        assert!(r.better.is_empty() && r.contact.is_none());
    }

    #[test]
    fn an_unknown_field_in_a_feedback_request_is_refused() {
        let err = serde_json::from_str::<FeedbackRequest>(r#"{"moment":"after_visit","overal":4}"#)
            .unwrap_err();
        assert!(err.to_string().contains("unknown field `overal`"), "{err}");
    }

    #[test]
    fn a_receipt_without_follow_up_leaves_the_field_out() {
        let r = FeedbackReceipt {
            id: "fb_1".into(),
            follow_up: None,
        };
        assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"id":"fb_1"}"#);
    }
}
