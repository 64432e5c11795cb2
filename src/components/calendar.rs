//! "Add to calendar": fetches the visit's .ics with its manage token in a header (a plain link
//! cannot carry one) and hands it to the browser as a download.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::{text, Language, Msg};
use crate::services::{appointments, ApiClient};

/// A button that downloads the visit as `visit.ics`, and its problem when that failed. A plain
/// function rather than a component (one component type fewer in the bundle): the caller keeps
/// `failed`, and resets it whenever the button goes away.
pub fn calendar_button(
    api: &ApiClient,
    id: &str,
    token: &str,
    lang: Language,
    failed: &UseStateHandle<bool>,
) -> Html {
    let onclick = {
        let (api, id, token, failed) = (
            api.clone(),
            id.to_string(),
            token.to_string(),
            failed.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (api, id, token, failed) = (api.clone(), id.clone(), token.clone(), failed.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let saved = match appointments::calendar(&api, &id, &token).await {
                    Ok(blob) => download(&blob, "visit.ics").is_some(),
                    Err(_) => false,
                };
                failed.set(!saved);
            });
        })
    };
    html! {
        <>
            { super::button(false, onclick, text(lang, Msg::AddToCalendar), false) }
            if **failed {
                <p class="pp-field-error" role="alert">{ text(lang, Msg::CalendarFailed) }</p>
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
