//! The configuration a web developer gives the widget.

use wasm_bindgen::JsValue;

use crate::i18n::Lang;

/// Which view the widget shows. Each is its own bundle in the release build
/// (`portal_widget_booking.js`, `portal_widget_instructions.js`); the loader picks one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Book a visit, or manage a booked one (`#pp-manage=` link).
    Booking,
    /// Read post-visit instructions from a patient link (`#pp-packet=`).
    Instructions,
}

impl View {
    /// The view's name in the config and in the bundle's file name.
    pub fn name(self) -> &'static str {
        match self {
            View::Booking => "booking",
            View::Instructions => "instructions",
        }
    }

    /// Whether this bundle has the view's code.
    pub fn compiled(self) -> bool {
        match self {
            View::Booking => cfg!(feature = "booking"),
            View::Instructions => cfg!(feature = "instructions"),
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
    /// page opened from a patient link (`#pp-packet=`) shows the instructions, else booking.
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
            Some("instructions") => View::Instructions,
            None | Some("") => {
                let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
                if hash.starts_with("#pp-packet=") {
                    View::Instructions
                } else {
                    View::Booking
                }
            }
            Some(other) => {
                return Err(["config.view is \"", other, "\"; use \"booking\" or \"instructions\" (data-view on the element)"].concat())
            }
        };
        let visit_type = get("visitType").filter(|v| !v.is_empty());
        Ok(WidgetConfig { clinic, api_base, lang, view, visit_type })
    }
}
