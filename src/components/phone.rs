//! The clinic's phone number as a link that dials it.

use yew::prelude::*;

/// A `tel:` link showing the clinic's number (written like `(555) 010-2233`).
/// A plain function rather than a component: one component type fewer in the bundle.
pub fn phone_link(phone: &str) -> Html {
    html! {
        <a class="pp-link pp-phone-link" href={tel_href(phone)}>{ phone.to_string() }</a>
    }
}

/// `tel:` URL for a written phone number: digits and a leading `+` only.
pub fn tel_href(phone: &str) -> String {
    let mut href = String::from("tel:");
    for (i, c) in phone.trim().chars().enumerate() {
        if c.is_ascii_digit() || (i == 0 && c == '+') {
            href.push(c);
        }
    }
    href
}

#[cfg(test)]
mod tests {
    use super::tel_href;

    #[test]
    fn a_written_number_becomes_a_dialable_link() {
        assert_eq!(tel_href("(555) 010-2233"), "tel:5550102233");
        assert_eq!(tel_href("+1 555 010 2233"), "tel:+15550102233");
    }
}
