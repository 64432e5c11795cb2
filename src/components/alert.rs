//! Messages to the patient, with the clinic's phone as a link where the words have `{}`.

use yew::prelude::*;

use super::phone::PhoneLink;

/// `message` with the clinic's phone link in place of its `{}`.
pub fn with_phone(message: &str, phone: &str) -> Html {
    let (before, after) = message.split_once("{}").unwrap_or((message, ""));
    html! { <>{ before }<PhoneLink phone={phone.to_string()} />{ after }</> }
}

/// An error the patient must know about now: read out at once (`role="alert"`).
pub fn error(body: Html) -> Html {
    html! { <div class="pp-alert pp-alert-error" role="alert">{ body }</div> }
}

/// Information that does not interrupt.
pub fn info(body: Html) -> Html {
    html! { <div class="pp-alert pp-alert-info">{ body }</div> }
}
