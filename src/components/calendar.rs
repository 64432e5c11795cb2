//! "Add to calendar": fetches the visit's .ics with its manage token in a header (a plain link
//! cannot carry one) and hands it to the browser as a download.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::{text, Lang, Msg};
use crate::services::{appointments, ApiClient};

/// Props of [`CalendarButton`].
#[derive(Properties, PartialEq, Clone)]
pub struct CalendarButtonProps {
    /// The API client.
    pub api: ApiClient,
    /// The visit's id.
    pub id: AttrValue,
    /// The visit's manage token.
    pub token: AttrValue,
    /// The patient's language.
    pub lang: Lang,
}

/// A button that downloads the visit as `visit.ics`.
#[function_component(CalendarButton)]
pub fn calendar_button(props: &CalendarButtonProps) -> Html {
    let failed = use_state(|| false);
    let onclick = {
        let props = props.clone();
        let failed = failed.clone();
        Callback::from(move |_| {
            let (props, failed) = (props.clone(), failed.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let saved = match appointments::calendar(&props.api, &props.id, &props.token).await {
                    Ok(blob) => download(&blob, "visit.ics").is_some(),
                    Err(_) => false,
                };
                failed.set(!saved);
            });
        })
    };
    html! {
        <>
            <button type="button" class="pp-button pp-button-secondary" {onclick}>{ text(props.lang, Msg::AddToCalendar) }</button>
            if *failed {
                <p class="pp-field-error" role="alert">{ text(props.lang, Msg::CalendarFailed) }</p>
            }
        </>
    }
}

/// Saves `blob` as a file named `name` through a temporary object URL.
fn download(blob: &web_sys::Blob, name: &str) -> Option<()> {
    let url = web_sys::Url::create_object_url_with_blob(blob).ok()?;
    let document = web_sys::window()?.document()?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The browser has the file once the download starts; free the URL a little later.
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Some(())
}
