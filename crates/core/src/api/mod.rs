//! The JSON types of API v1, shared by portal-server and the widget.
//!
//! Times are RFC 3339 strings in UTC (`2026-03-09T13:30:00Z`) next to the clinic's IANA zone
//! name; an open time and a visit also carry their start on the clinic's clock (`clinic_start`),
//! so the widget carries no time-zone database.

use serde::{Deserialize, Serialize};

pub use crate::ids::{LocationId, ProviderId, VisitTypeId};
pub use crate::Language;

/// Every error the API returns: `{"error": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct ErrorBody {
    /// The error itself.
    pub error: ApiError,
}

/// What went wrong, in plain words, with the fields to fix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct ApiError {
    /// A stable machine-readable code, like `slot_taken` or `invalid_fields`: one of the words
    /// of `ErrorCode`.
    #[cfg_attr(feature = "openapi", schema(value_type = ErrorCode))]
    pub code: String,
    /// A plain-language sentence for people.
    pub message: String,
    /// Per-field problems, when the request had fields to fix.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// With `409 slot_taken` and `422 not_bookable`: the nearest open times for the same visit
    /// type, earliest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<OpenSlot>,
}

/// Every code an API error carries (`ApiError.code`): stable words for programs to branch on,
/// listed by status. The server answers only with these; `ApiError.code` is a string so that a
/// client keeps reading an error whose code it does not know yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, crate::ClosedSet)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: the body is not valid JSON.
    InvalidJson,
    /// 400: a part of the address cannot be read (like `%FF`, which is not UTF-8).
    InvalidPath,
    /// 400: any other unreadable request.
    BadRequest,
    /// 400: a booking without an `Idempotency-Key` header.
    IdempotencyKeyMissing,
    /// 400: the key is not 8 to 128 letters, digits, `-` or `_`.
    IdempotencyKeyInvalid,
    /// 400: asking a staff key for its session (only people signed in have one).
    NotASession,
    /// 401: the manage token is missing, wrong or expired, or there is no visit with this id.
    NotAuthorized,
    /// 401: the packet's reading session is unknown or was unused for 30 minutes.
    SessionExpired,
    /// 401: a staff route without `Authorization: Bearer`.
    StaffKeyRequired,
    /// 401: the staff key is wrong, revoked, or made for another clinic.
    StaffKeyInvalid,
    /// 401: the staff session is over (signed out, idle too long, or never signed in).
    SignedOut,
    /// 401: the email and password do not match an account at this clinic.
    SignInFailed,
    /// 403: an SMS provider's request without its valid signature.
    BadSignature,
    /// 403: a staff change without the staff page's `X-CSRF-Token`.
    CsrfInvalid,
    /// 403: the staff account's role may not do this.
    RoleNotAllowed,
    /// 403: the page's origin is not one of the clinic's `embed_origins`.
    OriginNotAllowed,
    /// 403: the feedback link is for another visit.
    NotYourVisit,
    /// 403: wrong date of birth for the packet; the error has `tries_left`.
    DateOfBirthMismatch,
    /// 403: questions about booking asked with a link other than the booking's manage link.
    MomentNotAllowed,
    /// 404: no clinic with this id, or no API route at this address.
    NotFound,
    /// 404: no packet with this id at this clinic.
    PacketNotFound,
    /// 404: no packet or feedback link has this secret (or no `Authorization` header).
    LinkNotFound,
    /// 404: no feedback with this id at this clinic.
    FeedbackNotFound,
    /// 404: no follow-up with this id at this clinic.
    FollowUpNotFound,
    /// 404: the set-password link was used, is too old, or was replaced.
    SetupLinkInvalid,
    /// 405: the route does not take this method; `Allow` lists the ones it takes.
    MethodNotAllowed,
    /// 408: the request (or its body) took longer than `--request-timeout`.
    RequestTimeout,
    /// 409: someone else booked the time; with `alternatives`.
    SlotTaken,
    /// 409: the patient already holds the clinic's most upcoming visits.
    TooManyBookings,
    /// 409: the patient already has a visit at this clinic that day.
    SameDayVisit,
    /// 409: a new link for a revoked packet.
    PacketRevoked,
    /// 409: feedback for this visit and moment was sent already.
    FeedbackAlreadySent,
    /// 409: the follow-up was resolved already.
    FollowUpAlreadyResolved,
    /// 409: a staff account with this email exists at this clinic.
    AccountExists,
    /// 409: the confirmation of a cancelled visit asked to be sent again.
    VisitCancelled,
    /// 409: the visit has no address the clinic sends to.
    NothingToResend,
    /// 410: the link is older than the clinic allows.
    LinkExpired,
    /// 410: staff revoked the packet.
    LinkRevoked,
    /// 413: the body is over 16 KiB.
    BodyTooLarge,
    /// 415: the body was not sent as `application/json`.
    UnsupportedMediaType,
    /// 422: a manager turning off their own account.
    OwnAccount,
    /// 422: the body is JSON but not of the request's shape.
    InvalidBody,
    /// 422: fields to fix, listed in `fields`.
    InvalidFields,
    /// 422: query parameters to fix, listed in `fields`.
    InvalidQuery,
    /// 422: the key was already used with a different body.
    IdempotencyKeyReused,
    /// 422: the time is not an open time; with `alternatives`.
    NotBookable,
    /// 422: the visit has already started; it cannot be changed online.
    VisitOver,
    /// 422: rescheduling a cancelled visit.
    Cancelled,
    /// 422: a section reads above the clinic's `max_grade`; with `readability`.
    ReadabilityAboveMax,
    /// 422: the test clock's body is not `{"now": ...}` (a test server only).
    InvalidClock,
    /// 423: too many wrong dates of birth; staff must send a new link.
    PacketLocked,
    /// 429: too many requests; the reply has `Retry-After: 60`.
    RateLimited,
    /// 429: the staff account is locked after wrong passwords in a row.
    SignInLocked,
    /// 500: something failed on the server; the cause is logged, not sent.
    Internal,
}

/// One field's problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct FieldError {
    /// The field, like `patient.date_of_birth`.
    pub path: String,
    /// What is wrong and what would be right, in plain words.
    pub message: String,
}

/// Patient-facing text in English with an optional Spanish version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct LocalText {
    /// English.
    pub en: String,
    /// Spanish, when the clinic wrote one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub es: Option<String>,
}

impl LocalText {
    /// The text in `language`, falling back to English.
    pub fn get(&self, language: Language) -> &str {
        match (language, &self.es) {
            (Language::Es, Some(es)) => es,
            _ => &self.en,
        }
    }
}

/// `GET /api/v1/clinics/{clinic}/catalog`: what a patient can book, and how to reach the clinic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct Catalog {
    /// The clinic.
    pub clinic: ClinicSummary,
    /// Kinds of visit, in the clinic's order.
    pub visit_types: Vec<VisitTypeSummary>,
    /// Providers who can be booked.
    pub providers: Vec<ProviderSummary>,
    /// Places where visits happen.
    pub locations: Vec<LocationSummary>,
    /// The booking rules patients may need to know.
    pub rules: RulesSummary,
}

/// Who the clinic is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct ClinicSummary {
    /// Slug used in URLs.
    pub id: String,
    /// Name as patients know it.
    pub name: String,
    /// Phone number to show on every step.
    pub phone: String,
    /// Street address.
    pub address: String,
    /// IANA time zone of the clinic, like `America/New_York`.
    pub timezone: String,
    /// Languages offered, default first.
    pub languages: Vec<Language>,
}

/// A kind of visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct VisitTypeSummary {
    /// Slug.
    pub id: VisitTypeId,
    /// Patient-facing name.
    pub name: LocalText,
    /// What it is for.
    pub description: LocalText,
    /// Length in minutes.
    pub duration_minutes: u32,
    /// In person or by video.
    pub mode: VisitMode,
    /// Whether new patients may book it.
    pub new_patients: bool,
    /// What to bring or do before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preparation: Option<LocalText>,
}

/// Whether a visit happens in person or by video.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(rename_all = "snake_case")]
pub enum VisitMode {
    /// At one of the clinic's locations.
    #[default]
    InPerson,
    /// A video call.
    Video,
}

/// A provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct ProviderSummary {
    /// Slug.
    pub id: ProviderId,
    /// Name, per language ("Dr." / "Dra.").
    pub name: LocalText,
    /// Languages spoken, as codes (`en`, `es`, `vi`).
    pub languages: Vec<String>,
    /// The same languages named for patients: "English, Spanish" / "inglés, español".
    pub speaks: LocalText,
    /// Location slugs.
    pub locations: Vec<LocationId>,
    /// Visit type slugs offered.
    pub visit_types: Vec<VisitTypeId>,
    /// Short introduction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<LocalText>,
}

/// A location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct LocationSummary {
    /// Slug.
    pub id: LocationId,
    /// Name, per language.
    pub name: LocalText,
    /// Street address.
    pub address: String,
    /// Parking, access and similar notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<LocalText>,
}

/// Booking rules a patient may need to know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct RulesSummary {
    /// Minutes of notice needed to book online.
    pub min_notice_minutes: u32,
    /// How many days ahead patients may book.
    pub horizon_days: u32,
    /// The ways the clinic really sends messages about a visit (`email`, `text`): the details
    /// step offers only these, and the confirmation says where it went only for these.
    #[serde(default)]
    pub message_channels: Vec<String>,
}

/// `GET /api/v1/clinics/{clinic}/availability`: open times grouped by the clinic's days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct Availability {
    /// The clinic's IANA time zone; `days[].date` are dates there.
    pub timezone: String,
    /// The visit type asked for.
    pub visit_type: VisitTypeId,
    /// First clinic-local date covered, `YYYY-MM-DD`.
    pub from: String,
    /// Last clinic-local date covered, `YYYY-MM-DD`.
    pub to: String,
    /// Days with at least one open time, in order.
    pub days: Vec<AvailabilityDay>,
    /// The earliest open time from `from` to the end of the booking horizon (it may lie after `to`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_available: Option<OpenSlot>,
    /// The last date that can be booked, `YYYY-MM-DD` (the booking horizon).
    pub last_bookable_date: String,
}

/// One clinic-local day's open times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct AvailabilityDay {
    /// Clinic-local date, `YYYY-MM-DD`.
    pub date: String,
    /// Open times that day, earliest first.
    pub slots: Vec<OpenSlot>,
}

/// An open time with one provider at one location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct OpenSlot {
    /// Start, UTC RFC 3339 (`2026-03-09T13:30:00Z`).
    pub start: String,
    /// The same start on the clinic's clock: RFC 3339 with the clinic's UTC offset then
    /// (`2026-03-09T09:30:00-04:00`), so a client needs no time-zone database to show it.
    pub clinic_start: String,
    /// End, UTC RFC 3339.
    pub end: String,
    /// Provider id.
    pub provider: ProviderId,
    /// Location id.
    pub location: LocationId,
}

/// `POST /api/v1/clinics/{clinic}/appointments`: a patient books a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(deny_unknown_fields)]
pub struct AppointmentRequest {
    /// Visit type id.
    pub visit_type: VisitTypeId,
    /// Provider id (from the chosen open time).
    pub provider: ProviderId,
    /// Location id (from the chosen open time).
    pub location: LocationId,
    /// Start, UTC RFC 3339, exactly as the open time gave it.
    pub start: String,
    /// True when the patient has not been to the clinic before.
    pub new_patient: bool,
    /// Who the visit is for.
    pub patient: PatientDetails,
    /// The patient's language (`en`, `es`), for messages and reminders; English when left out.
    #[serde(default)]
    pub language: Language,
    /// How the patient wants to hear about this visit (confirmation, reminders, changes). Left
    /// out: by email when an email is given, else not at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_by: Option<ContactBy>,
    /// True when the patient was told they already have a visit that day (`409
    /// same_day_visit`) and still wants this one too.
    #[serde(default, skip_serializing_if = "is_false")]
    pub also_same_day: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// How a patient wants to hear about a visit: the patient's own choice on the details step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, crate::ClosedSet)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(rename_all = "lowercase")]
pub enum ContactBy {
    /// Text messages to `patient.phone`.
    Text,
    /// Email to `patient.email`.
    #[default]
    Email,
    /// Both.
    Both,
    /// No messages.
    Neither,
}

/// What the patient tells the clinic about themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(deny_unknown_fields)]
pub struct PatientDetails {
    /// Full name, as on their insurance card.
    pub name: String,
    /// What they like to be called.
    #[serde(default)]
    pub preferred_name: String,
    /// Date of birth, `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// Phone number; a phone or an email is needed.
    #[serde(default)]
    pub phone: String,
    /// Email address; a phone or an email is needed.
    #[serde(default)]
    pub email: String,
    /// The reason for the visit, in their own words.
    pub reason: String,
    /// A language they need an interpreter for, if any.
    #[serde(default)]
    pub interpreter_language: String,
    /// Anything else the clinic should know (wheelchair access, hearing...).
    #[serde(default)]
    pub accessibility_notes: String,
}

/// A booked visit as the patient sees it (`201` from booking; reads, cancel, reschedule).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
pub struct Appointment {
    /// The appointment's public id.
    pub id: String,
    /// Booked or cancelled.
    pub status: AppointmentStatus,
    /// The clinic's id.
    pub clinic: String,
    /// Visit type id.
    pub visit_type: VisitTypeId,
    /// Provider id.
    pub provider: ProviderId,
    /// Location id.
    pub location: LocationId,
    /// Start, UTC RFC 3339.
    pub start: String,
    /// The same start on the clinic's clock: RFC 3339 with the clinic's UTC offset then
    /// (`2026-03-09T09:30:00-04:00`).
    pub clinic_start: String,
    /// End, UTC RFC 3339.
    pub end: String,
    /// The clinic's IANA time zone.
    pub timezone: String,
    /// The name to greet the patient by.
    pub preferred_name: String,
    /// The secret that lets the patient read, cancel or reschedule this visit
    /// (`Authorization: Bearer <token>`). Only returned when the visit is booked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manage_token: Option<String>,
}

/// Where a booked visit stands for the patient.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, crate::ClosedSet,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(rename_all = "snake_case")]
pub enum AppointmentStatus {
    /// The visit is on.
    #[default]
    Booked,
    /// The visit was cancelled (by the patient or the clinic).
    Cancelled,
}

/// `POST /api/v1/appointments/{id}/reschedule`: move a visit to another open time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(deny_unknown_fields)]
pub struct RescheduleRequest {
    /// New start, UTC RFC 3339, from an open time.
    pub start: String,
    /// Provider id of that open time.
    pub provider: ProviderId,
    /// Location id of that open time.
    pub location: LocationId,
}

pub mod feedback;
pub mod instructions;
