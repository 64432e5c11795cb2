//! The clinic's phone number as a link that dials it.

use yew::prelude::*;

/// A `tel:` link showing the clinic's number (written like `(555) 010-2233`).
/// A plain function rather than a component: one component type fewer in the bundle.
pub fn phone_link(phone: &str) -> Html {
    html! {
        <a class="pp-link pp-phone-link" href={tel_href(phone)}>{ phone.to_string() }</a>
    }
}

pub use portal_core::words::tel_href;
