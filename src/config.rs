//! The configuration a web developer gives the widget.

use wasm_bindgen::JsValue;

use crate::i18n::Lang;

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
    pub lang: Lang,
    /// The view to show.
    pub view: View,
    /// A visit type to start booking with (from "Book your follow-up"), if any.
    pub visit_type: Option<String>,
}

impl WidgetConfig {
    /// Reads `{clinic, apiBase, locale, view, visitType}` from a JS object. Without `view`, a
    /// page opened from a patient link shows its view (see [`View::from_hash`]), else booking.
    pub fn from_js(value: &JsValue) -> Result<Self, String> {
        let get = |key: &str| -> Option<String> {
            js_sys::Reflect::get(value, &JsValue::from_str(key)).ok().and_then(|v| v.as_string())
        };
        let clinic = get("clinic").unwrap_or_default();
        if clinic.is_empty() {
            return Err("config.clinic is missing; set data-clinic=\"your-clinic-id\" on the element".into());
        }
        let api_base = get("apiBase").unwrap_or_default().trim_end_matches('/').to_string();
        let lang = Lang::from_code(&get("locale").unwrap_or_default());
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
        Ok(WidgetConfig { clinic, api_base, lang, view, visit_type })
    }
}

#[cfg(test)]
mod tests {
    use super::View;

    #[test]
    fn a_patient_link_opens_its_own_view_and_anything_else_booking() {
        assert_eq!(View::from_hash("#pp-packet=abc"), View::Instructions);
        assert_eq!(View::from_hash("#pp-manage=a1.t"), View::Manage);
        assert_eq!(View::from_hash("#pp-feedback=f"), View::Feedback);
        assert_eq!(View::from_hash("#book"), View::Booking);
        assert_eq!(View::from_hash(""), View::Booking);
    }
}
