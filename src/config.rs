//! The configuration a web developer gives the widget.

use std::rc::Rc;

use portal_core::wire::{FromJs, Wire};
use serde::Deserialize;
use wasm_bindgen::JsValue;

use crate::i18n::Language;

/// Which view the widget shows. Each is its own bundle in the release build
/// (`portal_widget_{name}.js`); the loader picks one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Book a visit.
    Booking,
    /// Manage a booked visit from its link (`#pp-manage=`).
    Manage,
    /// Read post-visit instructions from a patient link (`#pp-packet=`).
    Instructions,
    /// Tell the clinic how the visit went, from a feedback link (`#pp-feedback=`).
    Feedback,
}

impl View {
    /// The view's name in the config and in the bundle's file name.
    pub fn name(self) -> &'static str {
        match self {
            View::Booking => "booking",
            View::Manage => "manage",
            View::Instructions => "instructions",
            View::Feedback => "feedback",
        }
    }

    /// Whether this bundle has the view's code.
    pub fn compiled(self) -> bool {
        match self {
            View::Booking => cfg!(feature = "booking"),
            View::Manage => cfg!(feature = "manage"),
            View::Instructions => cfg!(feature = "instructions"),
            View::Feedback => cfg!(feature = "feedback"),
        }
    }

    /// The view a page's fragment asks for: a patient link opens its own view, else booking.
    pub fn from_hash(hash: &str) -> View {
        if hash.starts_with("#pp-packet=") {
            View::Instructions
        } else if hash.starts_with("#pp-manage=") {
            View::Manage
        } else if hash.starts_with("#pp-feedback=") {
            View::Feedback
        } else {
            View::Booking
        }
    }
}

/// What the widget needs to start.
#[derive(Debug, Clone, PartialEq)]
pub struct WidgetConfig {
    /// The clinic's id, like `maple-grove`.
    pub clinic: String,
    /// Where portal-server answers, like `https://portal.example.org`; empty means this page's origin.
    pub api_base: String,
    /// The language to speak.
    pub lang: Language,
    /// The view to show.
    pub view: View,
    /// A visit type to start booking with (from "Book your follow-up"), if any.
    pub visit_type: Option<String>,
    /// A provider to start booking with (`provider`), if any.
    pub provider: Option<String>,
    /// "Been here before?" answered by the page (`prefill.newPatient`), if it was.
    pub new_patient: Option<bool>,
    /// The page's own headings (`strings`).
    pub headings: Headings,
    /// The host page's address without fragment (`pageUrl`); empty means this document's.
    pub page_url: String,
    /// The clinic's phone from the page (`phone`, `data-phone`), for when the catalog (which
    /// has it) cannot be loaded.
    pub phone: Option<String>,
}

/// Headings a page may word its own way: `strings: {en: {visitTitle: "…"}, es: {…}}`.
#[derive(Debug, Clone, Default)]
pub struct Headings(Rc<PageStrings>);

/// A page's headings are read once, at mount, and never change: the same ones are the same
/// `Rc` (no word-by-word comparison each time a view's props are compared).
impl PartialEq for Headings {
    fn eq(&self, other: &Headings) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// `strings`: the page's headings in each language.
#[derive(Debug, Clone, Default, Deserialize, Wire)]
pub struct PageStrings {
    /// In English.
    pub en: Option<HeadingWords>,
    /// In Spanish.
    pub es: Option<HeadingWords>,
}

/// One language's headings (`strings.en`, `strings.es`); each one left out, or empty, keeps ours.
#[derive(Debug, Clone, Default, Deserialize, Wire)]
pub struct HeadingWords {
    /// "What is the visit for?"
    #[serde(rename = "visitTitle")]
    pub visit: Option<String>,
    /// "Who and where?"
    #[serde(rename = "whoTitle")]
    pub who: Option<String>,
    /// "When?"
    #[serde(rename = "whenTitle")]
    pub when: Option<String>,
    /// "About you"
    #[serde(rename = "aboutTitle")]
    pub about: Option<String>,
    /// "Check and book"
    #[serde(rename = "reviewTitle")]
    pub review: Option<String>,
    /// "You are booked"
    #[serde(rename = "bookedTitle")]
    pub booked: Option<String>,
    /// The instructions' heading.
    #[serde(rename = "instructionsTitle")]
    pub instructions: Option<String>,
    /// The feedback view's heading.
    #[serde(rename = "feedbackTitle")]
    pub feedback: Option<String>,
}

/// Which heading: a field of [`HeadingWords`], like `|h| &h.visit`.
pub type Heading = fn(&HeadingWords) -> &Option<String>;

impl Headings {
    /// The page's words for `heading` in `lang`, else `default`.
    pub fn get<'a>(&'a self, lang: Language, heading: Heading, default: &'a str) -> &'a str {
        let words = match lang {
            Language::En => &self.0.en,
            Language::Es => &self.0.es,
        };
        words
            .as_ref()
            .and_then(|words| heading(words).as_deref())
            .filter(|text| !text.is_empty())
            .unwrap_or(default)
    }
}

/// The config object as the page gives it (`PatientPortal.mount(element, config)` checks it
/// against `patient-portal.schema.json` first and names any bad field), declared once: its reader
/// is derived from it. Keys the widget does not read (`mode`, `load`, `theme`) are the loader's.
#[derive(Debug, Default, Deserialize, Wire)]
struct Given {
    #[serde(default)]
    clinic: String,
    #[serde(rename = "apiBase", default)]
    api_base: String,
    #[serde(default)]
    locale: String,
    view: Option<String>,
    #[serde(rename = "visitType")]
    visit_type: Option<String>,
    provider: Option<String>,
    prefill: Option<Prefill>,
    strings: Option<PageStrings>,
    #[serde(rename = "pageUrl", default)]
    page_url: String,
    phone: Option<String>,
}

/// `prefill`: answers the page gives for the patient.
#[derive(Debug, Default, Deserialize, Wire)]
struct Prefill {
    #[serde(rename = "newPatient")]
    new_patient: Option<bool>,
}

impl WidgetConfig {
    /// Reads `{clinic, apiBase, locale, view, visitType, provider, prefill: {newPatient},
    /// strings, pageUrl, phone}` from a JS object (the loader has checked them; unknown keys are
    /// ignored, a value of the wrong type is refused). Without `view`, a page opened from a patient link shows its view (see
    /// [`View::from_hash`]), else booking.
    pub fn from_js(value: &JsValue) -> Result<Self, String> {
        let Some(given) = Given::from_js(value) else {
            return Err(
                "the config or a value in it has the wrong type; PatientPortal.mount names it"
                    .into(),
            );
        };
        if given.clinic.is_empty() {
            return Err(
                "config.clinic is missing; set data-clinic=\"your-clinic-id\" on the element"
                    .into(),
            );
        }
        let view = match given.view.as_deref() {
            Some("booking") => View::Booking,
            Some("manage") => View::Manage,
            Some("instructions") => View::Instructions,
            Some("feedback") => View::Feedback,
            None | Some("") => View::from_hash(&web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()),
            Some(other) => {
                return Err([
                    "config.view is \"",
                    other,
                    "\"; use \"booking\", \"manage\", \"instructions\" or \"feedback\" (data-view on the element)",
                ]
                .concat())
            }
        };
        let filled = |text: Option<String>| text.filter(|t| !t.is_empty());
        Ok(WidgetConfig {
            api_base: given.api_base.trim_end_matches('/').to_string(),
            lang: Language::from_tag(&given.locale),
            view,
            visit_type: filled(given.visit_type),
            provider: filled(given.provider),
            new_patient: given.prefill.and_then(|p| p.new_patient),
            headings: Headings(Rc::new(given.strings.unwrap_or_default())),
            page_url: given.page_url,
            phone: filled(given.phone),
            clinic: given.clinic,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::{HeadingWords, Headings, PageStrings, View};
    use crate::i18n::Language;

    #[test]
    fn a_heading_the_page_words_replaces_ours_only_in_that_language() {
        let headings = Headings(Rc::new(PageStrings {
            es: Some(HeadingWords {
                visit: Some("¿Qué le trae?".into()),
                who: Some(String::new()),
                ..HeadingWords::default()
            }),
            ..PageStrings::default()
        }));
        assert_eq!(
            headings.get(Language::Es, |h| &h.visit, "¿Para qué es la visita?"),
            "¿Qué le trae?"
        );
        assert_eq!(
            headings.get(Language::En, |h| &h.visit, "What is the visit for?"),
            "What is the visit for?"
        );
        assert_eq!(
            headings.get(Language::Es, |h| &h.who, "¿Con quién y dónde?"),
            "¿Con quién y dónde?",
            "an empty heading keeps ours"
        );
    }

    #[test]
    fn a_patient_link_opens_its_own_view_and_anything_else_booking() {
        assert_eq!(View::from_hash("#pp-packet=abc"), View::Instructions);
        assert_eq!(View::from_hash("#pp-manage=a1.t"), View::Manage);
        assert_eq!(View::from_hash("#pp-feedback=f"), View::Feedback);
        assert_eq!(View::from_hash("#book"), View::Booking);
        assert_eq!(View::from_hash(""), View::Booking);
    }
}
