//! The JSON types of API v1, shared by portal-server and the widget.
//!
//! Times are RFC 3339 strings in UTC (`2026-03-09T13:30:00Z`) next to the clinic's IANA zone
//! name, so the widget can format them with the browser's `Intl` API and carries no time-zone
//! database.

use serde::{Deserialize, Serialize};

/// Every error the API returns: `{"error": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// The error itself.
    pub error: ApiError,
}

/// What went wrong, in plain words, with the fields to fix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    /// A stable machine-readable code, like `slot_taken` or `invalid_fields`.
    pub code: String,
    /// A plain-language sentence for people.
    pub message: String,
    /// Per-field problems, when the request had fields to fix.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

/// One field's problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field, like `patient.date_of_birth`.
    pub path: String,
    /// What is wrong and what would be right, in plain words.
    pub message: String,
}

/// Patient-facing text in English with an optional Spanish version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalText {
    /// English.
    pub en: String,
    /// Spanish, when the clinic wrote one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub es: Option<String>,
}

impl LocalText {
    /// The text for a language code (`en`, `es`), falling back to English.
    pub fn get(&self, language: &str) -> &str {
        match (language, &self.es) {
            ("es", Some(es)) => es,
            _ => &self.en,
        }
    }
}

/// `GET /api/v1/clinics/{clinic}/catalog`: what a patient can book, and how to reach the clinic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// Language codes offered, default first.
    pub languages: Vec<String>,
}

/// A kind of visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitTypeSummary {
    /// Slug.
    pub id: String,
    /// Patient-facing name.
    pub name: LocalText,
    /// What it is for.
    pub description: LocalText,
    /// Length in minutes.
    pub duration_minutes: u32,
    /// `in_person` or `video`.
    pub mode: String,
    /// Whether new patients may book it.
    pub new_patients: bool,
    /// What to bring or do before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preparation: Option<LocalText>,
}

/// A provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderSummary {
    /// Slug.
    pub id: String,
    /// Name.
    pub name: String,
    /// Languages spoken, as patients read them.
    pub languages: Vec<String>,
    /// Location slugs.
    pub locations: Vec<String>,
    /// Visit type slugs offered.
    pub visit_types: Vec<String>,
    /// Short introduction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<LocalText>,
}

/// A location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocationSummary {
    /// Slug.
    pub id: String,
    /// Name.
    pub name: String,
    /// Street address.
    pub address: String,
    /// Parking, access and similar notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<LocalText>,
}

/// Booking rules a patient may need to know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RulesSummary {
    /// Minutes of notice needed to book online.
    pub min_notice_minutes: u32,
    /// How many days ahead patients may book.
    pub horizon_days: u32,
}
