//! The JSON types of the instructions API: staff create a packet of post-visit instructions for
//! one patient, the patient verifies their date of birth, reads, acknowledges and answers the
//! teach-back questions, and staff see how far they got.
//!
//! `PacketState` and the language are enums; section and block kinds are still strings
//! (documented on each field), and the server only ever sends the values listed.

use serde::{Deserialize, Serialize};

use super::{Language, VisitTypeId};

// ----------------------------------------------------------------------------------------------
// Staff side
// ----------------------------------------------------------------------------------------------

/// `POST /api/v1/clinics/{clinic}/packets` (and `/packets/preview`): the patient's facts and
/// the template to render them with. Staff API key required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(deny_unknown_fields)]
pub struct PacketRequest {
    /// The template id from the clinic's configuration.
    pub template: String,
    /// The appointment this packet follows, when there is one (its public id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointment: Option<String>,
    /// What the patient likes to be called.
    pub preferred_name: String,
    /// Date of birth, `YYYY-MM-DD`: the patient confirms it before reading.
    pub date_of_birth: String,
    /// The patient's language, `en` or `es`.
    #[serde(default)]
    pub language: Language,
    /// The provider's id from the clinic's configuration, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The visit date, `YYYY-MM-DD` (today when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit_date: Option<String>,
    /// Condition or procedure codes, like `ICD10:S93.401A`, `SNOMED:44465007` or the clinic's own.
    #[serde(default)]
    pub conditions: Vec<String>,
    /// Medicines to take at home.
    #[serde(default)]
    pub medicines: Vec<MedicineOrder>,
    /// When to come back, if at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FollowUpRequest>,
    /// A free note from the provider, shown as its own section.
    #[serde(default)]
    pub provider_note: String,
    /// Publish even though a section reads above the clinic's maximum grade.
    #[serde(default)]
    pub override_readability: bool,
}

/// One medicine as the provider orders it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(deny_unknown_fields)]
pub struct MedicineOrder {
    /// The medicine's name, like `amoxicillin`.
    pub name: String,
    /// How much each time, in plain words, like `1 pill` or `5 mL`.
    pub dose: String,
    /// How it is taken: `by_mouth`, `on_skin`, `in_ear`, `in_eye`, `inhaled` or `other`.
    #[serde(default = "default_route")]
    pub how: String,
    /// When in the day: any of `morning`, `noon`, `evening`, `bedtime`.
    pub times: Vec<String>,
    /// For how many days; none means until the provider says to stop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    /// `with_food`, `empty_stomach` or `either`.
    #[serde(default = "default_food")]
    pub food: String,
}

fn default_route() -> String {
    "by_mouth".into()
}

fn default_food() -> String {
    "either".into()
}

/// When the patient should come back: in a number of days, or on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(deny_unknown_fields)]
pub struct FollowUpRequest {
    /// Days after the visit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_days: Option<u32>,
    /// A date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The visit type to book, from the clinic's configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit_type: Option<VisitTypeId>,
}

/// The reading level of a rendered packet, section by section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct ReadabilityReport {
    /// The clinic's maximum grade (default 8); above it, publishing needs an override.
    pub max_grade: f32,
    /// The grade the clinic aims for (default 6).
    pub target_grade: f32,
    /// One entry per rendered section, in both languages the packet has.
    pub sections: Vec<SectionReadability>,
    /// True when any section is above the maximum.
    pub above_max: bool,
}

/// One section's reading level, with what drives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct SectionReadability {
    /// The section id.
    pub section: String,
    /// The language graded, `en` or `es` (Spanish is graded with the Fernández Huerta formula,
    /// expressed as a grade).
    pub language: Language,
    /// The section heading.
    pub heading: String,
    /// Flesch-Kincaid grade level.
    pub grade: f32,
    /// Words in the section.
    pub words: u32,
    /// Sentences in the section.
    pub sentences: u32,
    /// True when above the clinic's maximum.
    pub above_max: bool,
    /// The hardest sentences, hardest first (at most 3), with their own grade.
    pub hard_sentences: Vec<HardSentence>,
    /// Long words (3+ syllables) that drive the grade, most frequent first (at most 8).
    pub hard_words: Vec<String>,
}

/// A sentence that pushes a section's grade up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct HardSentence {
    /// The sentence.
    pub text: String,
    /// Its own grade.
    pub grade: f32,
}

/// `POST /packets/preview`: what the patient would see, and its reading level. Nothing is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct PacketPreview {
    /// The packet in the patient's language.
    pub packet: PacketView,
    /// The reading level of every section.
    pub readability: ReadabilityReport,
}

/// Whether a packet's patient link still works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(rename_all = "snake_case")]
pub enum PacketState {
    /// It works.
    #[default]
    Active,
    /// Too many wrong dates of birth.
    Locked,
    /// Staff turned it off.
    Revoked,
    /// Its time ran out.
    Expired,
}

/// `201` from `POST /packets`: the packet and the one-time patient link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct PacketCreated {
    /// The packet's public id.
    pub id: String,
    /// The link to give the patient. It carries the secret in its `#pp-packet=` fragment, so it
    /// never reaches a server log. It is shown only once.
    pub patient_link: String,
    /// When the link stops working, UTC RFC 3339.
    pub expires_at: String,
    /// The reading level of every section.
    pub readability: ReadabilityReport,
}

/// A packet as staff see it in the list and detail (no rendered content).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct PacketStatus {
    /// The packet's public id.
    pub id: String,
    /// The template used.
    pub template: String,
    /// The patient's preferred name (staff may see it).
    pub preferred_name: String,
    /// Whether the patient's link still works.
    pub state: PacketState,
    /// Created, UTC RFC 3339.
    pub created_at: String,
    /// Expires, UTC RFC 3339.
    pub expires_at: String,
    /// First opened by the patient (after verifying), UTC RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened_at: Option<String>,
    /// Section ids the patient marked "I understand".
    pub acknowledged: Vec<String>,
    /// How many sections the packet has.
    pub section_count: u32,
    /// The teach-back answers so far.
    pub teach_back: Vec<TeachBackResult>,
    /// True when every section is acknowledged and every teach-back question answered right.
    pub complete: bool,
    /// Reading level when it was published; true when published with an override.
    pub readability_override: bool,
}

/// One teach-back question's latest answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct TeachBackResult {
    /// The question id.
    pub question: String,
    /// Whether the latest answer was right.
    pub correct: bool,
    /// How many tries it took so far.
    pub attempts: u32,
}

// ----------------------------------------------------------------------------------------------
// Patient side
// ----------------------------------------------------------------------------------------------

/// Beside the error of a `403 date_of_birth_mismatch`: how many more tries the link has before
/// it locks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct TriesLeft {
    /// Tries left.
    pub tries_left: u32,
}

/// Beside the error of a `422 readability_above_max`: the whole readability report, so staff
/// see which sentences and words to make plainer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct ReadabilityRefusal {
    /// The report.
    pub readability: ReadabilityReport,
}

/// `POST /api/v1/packets/verify` with `Authorization: Bearer <link secret>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    /// The patient's date of birth, `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// The language of the page (`en` or `es`): refusals are worded in it.
    #[serde(default)]
    pub language: Language,
}

/// `200` from verify: a short-lived session for reading the packet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct PacketSession {
    /// `Authorization: Bearer <session>` for the packet calls.
    pub session: String,
    /// When the session ends, UTC RFC 3339 (30 minutes after the last use).
    pub expires_at: String,
}

/// A packet as the patient reads it, in one language (`GET /api/v1/packets/current?lang=`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct PacketView {
    /// The language of this copy, `en` or `es`.
    pub language: Language,
    /// Every language this packet can be read in.
    pub languages: Vec<Language>,
    /// The title, like "Caring for your sprained ankle".
    pub title: String,
    /// The name to greet the patient by.
    pub preferred_name: String,
    /// The provider's name, when known.
    #[serde(default)]
    pub provider: String,
    /// The visit date, `YYYY-MM-DD`.
    pub visit_date: String,
    /// The clinic's name.
    pub clinic_name: String,
    /// The clinic's phone.
    pub clinic_phone: String,
    /// The sections, in order.
    pub sections: Vec<PacketSection>,
    /// The medicine schedule, one row per medicine (also summarised in the medicines section).
    pub medicines: Vec<MedicineRow>,
    /// When to come back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FollowUpView>,
    /// The teach-back questions (the right answers stay on the server).
    pub teach_back: Vec<TeachBackQuestion>,
    /// Section ids already acknowledged.
    pub acknowledged: Vec<String>,
    /// Question ids already answered right.
    pub teach_back_passed: Vec<String>,
}

/// One section of a rendered packet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct PacketSection {
    /// A stable id within the packet, like `home`, `medicines`, `emergency`, `note`.
    pub id: String,
    /// What the section is about.
    pub kind: PacketSectionKind,
    /// The heading.
    pub heading: String,
    /// The content.
    pub blocks: Vec<Block>,
}

/// What a packet's section is about: a template's kinds, and the provider's note.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, crate::ClosedSet,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(rename_all = "snake_case")]
pub enum PacketSectionKind {
    /// What to do at home.
    Home,
    /// The medicines (the widget draws the schedule table in this section).
    Medicines,
    /// When to call the clinic.
    CallUs,
    /// When to go to the emergency room or call 911 (the widget shows it first).
    Emergency,
    /// The follow-up visit.
    NextVisit,
    /// The provider's own note.
    Note,
    /// Anything else the clinic wrote.
    #[default]
    Custom,
}

/// How a block of text is laid out.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, crate::ClosedSet,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A paragraph.
    #[default]
    Paragraph,
    /// A list with bullets.
    Bullets,
    /// A numbered list.
    Numbered,
}

/// A paragraph or a list. Text only: no HTML ever.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct Block {
    /// How it is laid out.
    pub kind: BlockKind,
    /// The paragraph's text (empty for lists).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inlines: Vec<Inline>,
    /// The list's items (empty for paragraphs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Vec<Inline>>,
}

/// A run of text: plain, bold, or an `https` link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct Inline {
    /// The text.
    pub text: String,
    /// Shown in bold.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bold: bool,
    /// An `https://` address when this run is a link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
}

/// One medicine as a plain schedule row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct MedicineRow {
    /// The medicine's name.
    pub name: String,
    /// The whole instruction in one plain sentence:
    /// "Take 1 pill of amoxicillin 3 times a day, with food, for 7 days."
    pub sentence: String,
    /// How much each time, like "1 pill".
    pub dose: String,
    /// Take it in the morning.
    pub morning: bool,
    /// Take it at noon.
    pub noon: bool,
    /// Take it in the evening.
    pub evening: bool,
    /// Take it at bedtime.
    pub bedtime: bool,
    /// "With food", "On an empty stomach" or empty.
    pub food: String,
    /// "For 7 days", "Until your provider says to stop".
    pub duration: String,
}

/// When to come back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct FollowUpView {
    /// The date, `YYYY-MM-DD`.
    pub date: String,
    /// The visit type to book, when the clinic named one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit_type: Option<VisitTypeId>,
}

/// A teach-back question: a quick check that the patient found the important part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct TeachBackQuestion {
    /// The question id.
    pub id: String,
    /// The question.
    pub prompt: String,
    /// The choices, in order.
    pub choices: Vec<String>,
    /// The section to read again after a wrong answer.
    pub section: String,
}

/// `POST /api/v1/packets/current/acknowledgements`: "I understand" for one section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(deny_unknown_fields)]
pub struct AcknowledgeRequest {
    /// The section id.
    pub section: String,
}

/// `POST /api/v1/packets/current/teach-back`: one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(deny_unknown_fields)]
pub struct TeachBackAnswer {
    /// The question id.
    pub question: String,
    /// The chosen answer's index in `choices`.
    pub choice: u32,
}

/// The server's answer to a teach-back answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct TeachBackVerdict {
    /// Whether it was right.
    pub correct: bool,
    /// The section to read again when it was not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reread: Option<String>,
}
