//! The patient-portal widget: what a clinic's patients see on the clinic's own website.
//!
//! The loader (`src/loader/patient-portal.js`) imports one bundle per view and calls [`mount`]
//! for each `<div data-patient-portal ...>` on the page. The views are cargo features, so the
//! release build makes one bundle each (`portal_widget_booking.js`, `portal_widget_manage.js`,
//! `portal_widget_instructions.js`, `portal_widget_feedback.js`) and a patient downloads only
//! the one they need; the default features have them all (tests, clippy).
//!
//! - [`app`]: the shell: loads the clinic's catalog, shows its name and phone, hosts the view.
//! - `booking` (features `booking`, `manage`): the booking flow, step by step, and (its own
//!   bundle) the manage view.
//! - `instructions` (feature `instructions`): the patient's post-visit instructions.
//! - `feedback`: the one-tap question after booking (feature `booking`), the after-visit
//!   questions (feature `after-visit`, in the instructions and feedback bundles) and the
//!   feedback link's view (feature `feedback`).
//! - [`components`]: pieces shared by the views.
//! - [`services`]: the API client.
//! - [`i18n`]: every patient-facing sentence, in English and Spanish.
//! - [`intl`]: dates and times in the patient's zone (and on the clinic's clock), in portal-core's
//!   words, without the browser's `Intl`.
//! - [`config`]: the configuration a web developer passes to `mount`.

pub mod app;
#[cfg(any(feature = "booking", feature = "manage"))]
pub mod booking;
pub mod components;
pub mod config;
#[cfg(any(feature = "booking", feature = "after-visit"))]
pub mod feedback;
pub mod i18n;
#[cfg(feature = "instructions")]
pub mod instructions;
pub mod intl;
pub mod services;

use wasm_bindgen::prelude::*;

/// The widget in a page's element, as `mount` returns it to the loader.
#[wasm_bindgen]
pub struct WidgetHandle {
    app: Option<yew::AppHandle<app::App>>,
    element: web_sys::Element,
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Removes the widget: destroys the app and empties the element.
    pub fn unmount(self) {
        if let Some(app) = self.app {
            app.destroy();
        }
        self.element.set_text_content(None);
    }
}

/// Mounts the widget into `element` with a plain JS config object (see
/// [`config::WidgetConfig::from_js`]) and returns its handle; a bad config, or a view this bundle
/// was not built with, is shown to the developer in place of the widget. The widget tells the
/// page what happens through `patient-portal:event` events on `element` (see
/// [`components::emit`]).
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, config: JsValue) -> WidgetHandle {
    let props = match config::WidgetConfig::from_js(&config) {
        Ok(config) if !config.view.compiled() => Err([
            "config.view is \"",
            config.view.name(),
            "\" but this bundle was built without it; load portal_widget_",
            config.view.name(),
            ".js (the loader picks it from data-view)",
        ]
        .concat()),
        Ok(config) => Ok(app::AppProps { config }),
        Err(message) => Err(message),
    };
    let app = match props {
        Ok(props) => {
            Some(yew::Renderer::<app::App>::with_root_and_props(element.clone(), props).render())
        }
        Err(message) => {
            web_sys::console::error_1(&JsValue::from_str(&["patient-portal: ", &message].concat()));
            element.set_text_content(Some(&["Patient portal setup problem: ", &message].concat()));
            None
        }
    };
    WidgetHandle { app, element }
}

// Talc instead of the default dlmalloc: the same job in fewer bytes of WebAssembly.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
