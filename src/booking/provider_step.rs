//! Step 2, "Who and where?": first available or a provider who offers the visit (with the
//! languages they speak and a short introduction), then any office or one of theirs.

use yew::prelude::*;

use super::state::Action;
use super::{is_video, Ctx};
use crate::components::choice::{choice, group};
use crate::i18n::{fill, Msg};

/// The provider and office step.
pub fn view(ctx: &Ctx) -> Html {
    let s = ctx.state;
    let visit = s.visit_type.as_deref().unwrap_or_default();
    let providers: Vec<_> = ctx
        .catalog
        .providers
        .iter()
        .filter(|p| p.visit_types.iter().any(|v| v == visit))
        .collect();
    let chosen = s
        .provider
        .as_deref()
        .and_then(|id| providers.iter().find(|p| p.id == id));

    let who = ctx.id("who");
    let mut people = vec![choice(
        ctx.id("who-any"),
        &who,
        s.provider.is_none(),
        ctx.on(Action::Provider(None)),
        ctx.t(Msg::FirstAvailable),
        Some(html! { { ctx.t(Msg::FirstAvailableHint) } }),
    )];
    for (i, p) in providers.iter().enumerate() {
        let id = p.id.clone();
        let detail = html! {
            <>
                { fill(ctx.lang, Msg::Speaks, &[p.speaks.get(ctx.lang)]) }
                if let Some(bio) = &p.bio { <br />{ bio.get(ctx.lang) } }
            </>
        };
        people.push(choice(
            [who.as_str(), &crate::intl::num(i as u32)].concat(),
            &who,
            s.provider.as_deref() == Some(p.id.as_str()),
            ctx.on(Action::Provider(Some(id))),
            p.name.get(ctx.lang),
            Some(detail),
        ));
    }

    // Offices where the chosen provider works, or where any of them does.
    let offices: Vec<_> = ctx
        .catalog
        .locations
        .iter()
        .filter(|l| match chosen {
            Some(p) => p.locations.contains(&l.id),
            None => providers.iter().any(|p| p.locations.contains(&l.id)),
        })
        .collect();
    let where_ = ctx.id("where");
    let places = (offices.len() > 1 && !is_video(ctx.catalog, visit)).then(|| {
        let mut places = vec![choice(
            ctx.id("where-any"),
            &where_,
            s.location.is_none(),
            ctx.on(Action::Location(None)),
            ctx.t(Msg::AnyOffice),
            None,
        )];
        for (i, l) in offices.iter().enumerate() {
            let id = l.id.clone();
            places.push(choice(
                [where_.as_str(), &crate::intl::num(i as u32)].concat(),
                &where_,
                s.location.as_deref() == Some(l.id.as_str()),
                ctx.on(Action::Location(Some(id))),
                l.name.get(ctx.lang),
                Some(html! { { &l.address } }),
            ));
        }
        group(
            String::new(),
            ctx.t(Msg::LocationLegend),
            None,
            places.into_iter().collect::<Html>(),
        )
    });

    html! {
        <>
            { group(String::new(), ctx.t(Msg::ProviderLegend), None, people.into_iter().collect::<Html>()) }
            { places }
            { ctx.nav(ctx.on(Action::Continue)) }
        </>
    }
}
