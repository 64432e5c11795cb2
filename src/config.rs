//! The configuration a web developer gives the widget.

use wasm_bindgen::JsValue;

use crate::i18n::Lang;

/// What the widget needs to start.
#[derive(Debug, Clone, PartialEq)]
pub struct WidgetConfig {
    /// The clinic's id, like `maple-grove`.
    pub clinic: String,
    /// Where portal-server answers, like `https://portal.example.org`; empty means this page's origin.
    pub api_base: String,
    /// The language to speak.
    pub lang: Lang,
}

impl WidgetConfig {
    /// Reads `{clinic, apiBase, locale}` from a JS object.
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
        Ok(WidgetConfig { clinic, api_base, lang })
    }
}
