//! The booking flow: what the visit is for, who and where, when, about you, review, done.

use std::rc::Rc;

use portal_core::api::Catalog;
use yew::prelude::*;

use crate::i18n::Lang;
use crate::services::ApiClient;

/// Props of [`BookingFlow`].
#[derive(Properties, PartialEq, Clone)]
pub struct BookingFlowProps {
    /// The clinic's catalog.
    pub catalog: Rc<Catalog>,
    /// The API client.
    pub api: ApiClient,
    /// The patient's language.
    pub lang: Lang,
}

/// The booking flow (the steps arrive with the booking issue).
#[function_component(BookingFlow)]
pub fn booking_flow(props: &BookingFlowProps) -> Html {
    let lang = props.lang.code();
    html! {
        <div class="pp-step">
            <h3 class="pp-step-heading">{ if lang == "es" { "¿Para qué es la visita?" } else { "What is the visit for?" } }</h3>
            <ul class="pp-choice-list">
                { for props.catalog.visit_types.iter().map(|v| html! { <li>{ v.name.get(lang) }</li> }) }
            </ul>
        </div>
    }
}
