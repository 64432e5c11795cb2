//! The configuration a web developer gives the widget.

use std::rc::Rc;

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
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Headings(Rc<Vec<(Language, &'static str, String)>>);

/// The `strings` keys a page may set.
const HEADINGS: [&str; 8] = [
    "visitTitle",
    "whoTitle",
    "whenTitle",
    "aboutTitle",
    "reviewTitle",
    "bookedTitle",
    "instructionsTitle",
    "feedbackTitle",
];

impl Headings {
    /// The page's words for heading `key` (like `visitTitle`) in `lang`, else `default`.
    pub fn get<'a>(&'a self, lang: Language, key: &str, default: &'a str) -> &'a str {
        self.0
            .iter()
            .find(|(l, k, _)| *l == lang && *k == key)
            .map_or(default, |(_, _, text)| text)
    }

    /// Reads the `strings` object; anything else in it is ignored (the loader checks it).
    fn from_js(strings: &JsValue) -> Self {
        let mut found = Vec::new();
        for lang in [Language::En, Language::Es] {
            let words = field(strings, lang.code());
            for key in HEADINGS {
                if let Some(text) = field(&words, key).as_string().filter(|t| !t.is_empty()) {
                    found.push((lang, key, text));
                }
            }
        }
        Headings(Rc::new(found))
    }
}

/// `value[key]`, or `undefined`.
fn field(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The string `value[key]`, if it is one (one copy for every key read).
#[inline(never)]
fn text(value: &JsValue, key: &str) -> Option<String> {
    field(value, key).as_string()
}

impl WidgetConfig {
    /// Reads `{clinic, apiBase, locale, view, visitType, provider, prefill: {newPatient},
    /// strings, pageUrl}` from a JS object (the loader has checked them; unknown keys are
    /// ignored). Without `view`, a page opened from a patient link shows its view (see
    /// [`View::from_hash`]), else booking.
    pub fn from_js(value: &JsValue) -> Result<Self, String> {
        let get = |key: &str| text(value, key);
        let clinic = get("clinic").unwrap_or_default();
        if clinic.is_empty() {
            return Err(
                "config.clinic is missing; set data-clinic=\"your-clinic-id\" on the element"
                    .into(),
            );
        }
        let api_base = get("apiBase")
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_string();
        let lang = Language::from_tag(&get("locale").unwrap_or_default());
        let view = match get("view").as_deref() {
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
        let visit_type = get("visitType").filter(|v| !v.is_empty());
        let provider = get("provider").filter(|v| !v.is_empty());
        let new_patient = field(&field(value, "prefill"), "newPatient").as_bool();
        let headings = Headings::from_js(&field(value, "strings"));
        let page_url = get("pageUrl").unwrap_or_default();
        let phone = get("phone").filter(|p| !p.is_empty());
        Ok(WidgetConfig {
            clinic,
            api_base,
            lang,
            view,
            visit_type,
            provider,
            new_patient,
            headings,
            page_url,
            phone,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::{Headings, View};
    use crate::i18n::Language;

    #[test]
    fn a_heading_the_page_words_replaces_ours_only_in_that_language() {
        let headings = Headings(Rc::new(vec![(
            Language::Es,
            "visitTitle",
            "¿Qué le trae?".into(),
        )]));
        assert_eq!(
            headings.get(Language::Es, "visitTitle", "¿Para qué es la visita?"),
            "¿Qué le trae?"
        );
        assert_eq!(
            headings.get(Language::En, "visitTitle", "What is the visit for?"),
            "What is the visit for?"
        );
        assert_eq!(
            headings.get(Language::Es, "whoTitle", "¿Con quién y dónde?"),
            "¿Con quién y dónde?"
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
