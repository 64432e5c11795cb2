//! Step 1, "What is the visit for?": the visit types as radio cards, and new or returning.

use yew::prelude::*;

use super::state::Action;
use super::Ctx;
use crate::components::alert;
use crate::components::choice::{choice, group};
use crate::i18n::{fill, Msg};

/// The visit step.
pub fn view(ctx: &Ctx) -> Html {
    let s = ctx.state;
    let name = ctx.id("visit");
    let chosen_provider = s
        .provider
        .as_deref()
        .and_then(|id| ctx.catalog.providers.iter().find(|p| p.id == id));
    let types = ctx.catalog.visit_types.iter().enumerate().map(|(i, v)| {
        let action = Action::VisitType {
            id: v.id.clone(),
            takes_new: v.new_patients,
            provider_offers: chosen_provider.is_none_or(|p| p.visit_types.contains(&v.id)),
        };
        let minutes = fill(
            ctx.lang,
            Msg::Minutes,
            &[&crate::intl::num(v.duration_minutes)],
        );
        choice(
            [name.as_str(), &crate::intl::num(i as u32)].concat(),
            &name,
            s.visit_type.as_deref() == Some(v.id.as_str()),
            ctx.on(action),
            v.name.get(ctx.lang),
            Some(html! { <>{ v.description.get(ctx.lang) }<br />{ minutes }</> }),
        )
    });
    let missing_type = (s.asked && s.visit_type.is_none()).then(|| ctx.t(Msg::PickVisitType));
    let missing_new = (s.asked && s.new_patient.is_none()).then(|| ctx.t(Msg::PickBeenHere));
    let been = ctx.id("new");
    let been_here = [(false, Msg::BeenHereYes), (true, Msg::BeenHereNo)].map(|(new, label)| {
        choice(
            [been.as_str(), if new { "-n" } else { "-r" }].concat(),
            &been,
            s.new_patient == Some(new),
            ctx.on(Action::NewPatient(new)),
            ctx.t(label),
            None,
        )
    });
    html! {
        <>
            { group(ctx.id("vt-e"), ctx.t(Msg::VisitTypeLegend), missing_type, types.collect::<Html>()) }
            { group(ctx.id("new-e"), ctx.t(Msg::BeenHereLegend), missing_new, been_here.into_iter().collect::<Html>()) }
            <div aria-live="polite">
                if s.returning_only() {
                    { alert::info(alert::para_with_phone(ctx.t(Msg::ReturningOnly), ctx.phone())) }
                }
            </div>
            { ctx.nav(ctx.on(Action::Continue)) }
        </>
    }
}
