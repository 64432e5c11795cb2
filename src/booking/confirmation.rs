//! "Your visit is booked": when, where, with whom, how to prepare, what happens next, the
//! calendar file, the link to change or cancel (the manage view, its own bundle), the clinic's
//! phone, and the one-tap "How easy was it to book today?".

use portal_core::api::{Appointment, Catalog};
use yew::prelude::*;

use super::{place, provider_name, row, visit_type};
use crate::i18n::{text, Language, Msg};
use crate::intl;

/// The confirmation.
#[cfg(feature = "booking")]
pub fn view(
    ctx: &super::Ctx,
    api: &crate::services::ApiClient,
    calendar_failed: &UseStateHandle<bool>,
) -> Html {
    use crate::components::calendar::calendar_button;
    use crate::components::phone::phone_link;
    use crate::i18n::fill;
    let Some(visit) = ctx.state.booked.as_deref() else {
        return Html::default();
    };
    let lang = ctx.lang;
    let token = visit.manage_token.clone().unwrap_or_default();
    let href = manage_href(ctx.page_url, &visit.id, &token, lang.code());
    // The manage view is its own bundle: the link's fragment first, then the page swaps views.
    let open = {
        let fragment = ["pp-manage=", &visit.id, ".", &token].concat();
        Callback::from(move |e: MouseEvent| {
            crate::components::navigate(&e, "manage", None, Some(&fragment))
        })
    };
    html! {
        <>
            <p>{ fill(lang, Msg::ThankYou, &[&visit.preferred_name]) }</p>
            { summary(lang, ctx.catalog, visit) }
            if let Some(sent) = sent_to(ctx.state, &ctx.catalog.rules.message_channels) {
                <p>{ fill(lang, Msg::SentTo, &[&sent]) }</p>
            }
            <p>{ ctx.t(Msg::WhatNext) }</p>
            <div class="pp-actions">
                { calendar_button(api, &visit.id, &token, lang, calendar_failed) }
            </div>
            <p><a class="pp-link" {href} onclick={open}>{ ctx.t(Msg::ManageLink) }</a></p>
            <p class="pp-hint">{ ctx.t(Msg::KeepLink) }</p>
            <p>{ ctx.t(Msg::CallUs) }{ " " }{ phone_link(ctx.phone()) }</p>
            if !token.is_empty() {
                <crate::feedback::EasePrompt api={api.clone()} clinic={ctx.catalog.clinic.id.clone()} token={token.clone()}
                    {lang} phone={ctx.phone().to_string()} />
            }
        </>
    }
}

/// Where the confirmation went, with the address partly hidden ("j•••@example.com",
/// "•••-4477"), or `None` when the patient asked for no messages.
#[cfg(feature = "booking")]
fn sent_to(state: &super::state::BookingState, channels: &[String]) -> Option<String> {
    use super::state::Field;
    use portal_core::api::ContactBy;
    let email = || {
        let e = state.answer(Field::Email).trim();
        let (name, domain) = e.split_once('@')?;
        Some([&name[..name.chars().next()?.len_utf8()], "•••@", domain].concat())
    };
    let phone = || {
        let digits: String = state
            .answer(Field::Phone)
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        (digits.len() >= 4).then(|| ["•••-", &digits[digits.len() - 4..]].concat())
    };
    let has = |c: &str| channels.iter().any(|x| x == c);
    let email = || email().filter(|_| has("email"));
    let phone = || phone().filter(|_| has("text"));
    match portal_core::patient::contact_by_default(state.contact_by, &state.details()) {
        ContactBy::Email => email(),
        ContactBy::Text => phone(),
        ContactBy::Both => match (email(), phone()) {
            (Some(e), Some(p)) => Some([e.as_str(), " / ", &p].concat()),
            (one, other) => one.or(other),
        },
        ContactBy::Neither => None,
    }
}

/// A booked visit in a `<dl>`: when, where, with whom, which visit, how to prepare.
pub fn summary(lang: Language, catalog: &Catalog, visit: &Appointment) -> Html {
    let kind = visit_type(catalog, &visit.visit_type);
    let plain = |value: &str| html! { { value.to_string() } };
    html! {
        <dl class="pp-summary">
            { row(lang, text(lang, Msg::WhenRow), plain(&intl::when(lang, &visit.start, &visit.clinic_start)), None) }
            { row(lang, text(lang, Msg::WhereRow), place(lang, catalog, &visit.location, &visit.visit_type), None) }
            { row(lang, text(lang, Msg::WithRow), plain(provider_name(lang, catalog, &visit.provider)), None) }
            { row(lang, text(lang, Msg::VisitRow), plain(kind.map_or("", |k| k.name.get(lang))), None) }
            if let Some(prep) = kind.and_then(|k| k.preparation.as_ref()) {
                { row(lang, text(lang, Msg::BeforeRow), plain(prep.get(lang)), None) }
            }
        </dl>
    }
}

/// The link that opens this visit's manage view: the host page (`page`, else this document)
/// with `#pp-manage=<id>.<token>&pp-lang=<lang>` (a fragment never reaches a server or its logs).
pub fn manage_href(page: &str, id: &str, token: &str, lang: &str) -> String {
    let here;
    let page = if page.is_empty() {
        here = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        &here
    } else {
        page
    };
    let page = page.split('#').next().unwrap_or_default();
    // `&pp-lang=`: the link opens in the language the visit was booked in.
    [page, "#pp-manage=", id, ".", token, "&pp-lang=", lang].concat()
}

/// The visit id and token in a page's `#pp-manage=<id>.<token>`, if any.
pub fn manage_link(hash: &str) -> Option<(String, String)> {
    let rest = hash
        .trim_start_matches('#')
        .split('&')
        .find_map(|part| part.strip_prefix("pp-manage="))?;
    let (id, token) = rest.split_once('.')?;
    (!id.is_empty() && !token.is_empty()).then(|| (id.to_string(), token.to_string()))
}

#[cfg(test)]
mod tests {
    use super::manage_link;

    #[cfg(feature = "booking")]
    #[test]
    fn the_confirmation_says_where_it_went_with_the_address_partly_hidden() {
        use super::super::state::{BookingState, Field};
        use portal_core::api::ContactBy;
        let mut s = BookingState::default();
        s.answers[Field::Email as usize] = "rosa@example.com".into();
        s.answers[Field::Phone as usize] = "(555) 010-4477".into();
        let email = ["email".to_string()];
        let both = ["email".to_string(), "text".to_string()];
        assert_eq!(
            super::sent_to(&s, &email).as_deref(),
            Some("r•••@example.com"),
            "email when the patient did not choose"
        );
        s.contact_by = Some(ContactBy::Both);
        assert_eq!(
            super::sent_to(&s, &both).as_deref(),
            Some("r•••@example.com / •••-4477")
        );
        assert_eq!(
            super::sent_to(&s, &email).as_deref(),
            Some("r•••@example.com"),
            "texts the clinic does not send are not promised"
        );
        s.contact_by = Some(ContactBy::Neither);
        assert_eq!(super::sent_to(&s, &both), None);
        s.contact_by = Some(ContactBy::Email);
        assert_eq!(
            super::sent_to(&s, &[]),
            None,
            "nothing is promised when the clinic sends nothing"
        );
    }

    #[test]
    fn the_manage_link_is_read_from_the_fragment() {
        assert_eq!(
            manage_link("#pp-manage=a1.s3cr3t"),
            Some(("a1".into(), "s3cr3t".into()))
        );
        assert_eq!(
            manage_link("#book&pp-manage=a1.t&x=1"),
            Some(("a1".into(), "t".into()))
        );
        assert_eq!(manage_link("#pp-manage=a1"), None);
        assert_eq!(manage_link("#pp-manage=.t"), None);
        assert_eq!(manage_link("#book"), None);
    }
}
