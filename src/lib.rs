//! The patient-portal widget: what a clinic's patients see on the clinic's own website.
//!
//! The loader (`src/loader/patient-portal.js`) imports this module and calls [`mount`] for each
//! `<div data-patient-portal ...>` on the page.
//!
//! - [`app`]: the shell: loads the clinic's catalog, shows its name and phone, hosts the views.
//! - [`booking`]: the booking flow, step by step.
//! - [`components`]: pieces shared by the views.
//! - [`services`]: the API client.
//! - [`i18n`]: every patient-facing sentence, in English and Spanish.
//! - [`intl`]: dates and times through the browser's `Intl`, in the patient's zone.
//! - [`config`]: the configuration a web developer passes to `mount`.

pub mod app;
pub mod booking;
pub mod components;
pub mod config;
pub mod i18n;
pub mod intl;
pub mod services;

use wasm_bindgen::prelude::*;

/// Mounts the widget into `element` with a plain JS config object
/// (`{clinic, apiBase, locale}`); a bad config is shown to the developer in place of the widget.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, config: JsValue) {
    let props = match config::WidgetConfig::from_js(&config) {
        Ok(config) => app::AppProps { config },
        Err(message) => {
            web_sys::console::error_1(&JsValue::from_str(&["patient-portal: ", &message].concat()));
            element.set_text_content(Some(&["Patient portal setup problem: ", &message].concat()));
            return;
        }
    };
    yew::Renderer::<app::App>::with_root_and_props(element, props).render();
}
