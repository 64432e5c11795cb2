//! Messages to the patient, with the clinic's phone as a link where the words have `{}`.

use yew::prelude::*;

use super::phone::phone_link;
use crate::i18n::{text, Language, Msg};

/// `message` with the clinic's phone link in place of its `{}`.
pub fn with_phone(message: &str, phone: &str) -> Html {
    let (before, after) = message.split_once('{').unwrap_or((message, "}"));
    let after = after.strip_prefix('}').unwrap_or(after);
    html! { <>{ before }{ phone_link(phone) }{ after }</> }
}

/// `with_phone` in a paragraph.
pub fn para_with_phone(message: &str, phone: &str) -> Html {
    html! { <p>{ with_phone(message, phone) }</p> }
}

/// "Can't reach the clinic" with its phone, and "Try again" sending `retry`.
pub fn cant_reach(lang: Language, phone: &str, retry: Callback<MouseEvent>) -> Html {
    error(html! {
        <>
            <p>{ text(lang, Msg::CantReachClinic) }{ " " }{ with_phone("{}", phone) }</p>
            { super::button(false, retry, text(lang, Msg::TryAgain), false) }
        </>
    })
}

/// Something loading, announced politely (`role="status"`).
pub fn loading(label: &'static str) -> Html {
    html! { <p class="pp-loading" role="status">{ label }</p> }
}

/// An error the patient must know about now: read out at once (`role="alert"`).
pub fn error(body: Html) -> Html {
    html! { <div class="pp-alert pp-alert-error" role="alert">{ body }</div> }
}

/// Information that does not interrupt.
pub fn info(body: Html) -> Html {
    html! { <div class="pp-alert pp-alert-info">{ body }</div> }
}
