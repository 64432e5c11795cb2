//! The manage view, opened from the link in the confirmation (`#pp-manage=<id>.<token>`): the
//! visit's details, "Pick a new time" (the time step again), "Cancel this visit" (after a
//! confirm step), "Add to calendar", and the clinic's phone.

use std::mem::discriminant;
use std::rc::Rc;

use portal_core::api::{Appointment, Catalog, OpenSlot, RescheduleRequest};
use yew::prelude::*;

use super::confirmation::summary;
use super::time_step::{slot_choices, TimeStep};
use super::{focus, next_ids, slot_label};
use crate::components::alert::{self, with_phone};
use crate::components::calendar::CalendarButton;
use crate::components::phone::PhoneLink;
use crate::i18n::{fill, text, Lang, Msg};
use crate::intl;
use crate::services::{appointments, ApiClient, Error};

/// Props of [`ManageView`].
#[derive(Properties, PartialEq, Clone)]
pub struct ManageViewProps {
    /// The API client.
    pub api: ApiClient,
    /// The clinic's catalog.
    pub catalog: Rc<Catalog>,
    /// The patient's language.
    pub lang: Lang,
    /// The visit's id.
    pub id: AttrValue,
    /// The visit's manage token.
    pub token: AttrValue,
    /// Starts a new booking.
    #[prop_or_default]
    pub on_book_new: Callback<()>,
}

/// What the patient is doing.
#[derive(Clone, PartialEq)]
enum Mode {
    Idle,
    ConfirmCancel,
    Pick,
    ConfirmMove(OpenSlot),
    /// The new time was taken meanwhile (its start), with other open times.
    Taken(String, Vec<OpenSlot>),
}

/// What the view shows.
#[derive(Clone, PartialEq)]
struct Shown {
    visit: Option<Rc<Appointment>>,
    mode: Mode,
    busy: bool,
    problem: Option<Error>,
    /// What just happened (moved, cancelled).
    done: Option<Msg>,
}

/// A change the patient confirmed.
enum Change {
    Cancel,
    Move(OpenSlot),
}

/// The manage view.
#[function_component(ManageView)]
pub fn manage_view(props: &ManageViewProps) -> Html {
    let shown = use_state(|| Shown { visit: None, mode: Mode::Idle, busy: false, problem: None, done: None });
    let reload = use_state(|| 0u32);
    let ids = use_memo((), |_| next_ids());
    let target = use_node_ref();
    let lang = props.lang;

    {
        let (shown, props) = (shown.clone(), props.clone());
        use_effect_with(*reload, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let result = appointments::get(&props.api, &props.id, &props.token).await;
                let mut next = (*shown).clone();
                match result {
                    Ok(visit) => (next.visit, next.problem) = (Some(Rc::new(visit)), None),
                    Err(e) => next.problem = Some(e),
                }
                shown.set(next);
            });
        });
    }
    // Focus follows what the patient is doing (not on the first render).
    {
        let target = target.clone();
        let first = use_mut_ref(|| true);
        use_effect_with((discriminant(&shown.mode), shown.done), move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                focus(&target);
            }
        });
    }

    let set_mode = |mode: Mode| {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(Shown { mode: mode.clone(), problem: None, ..(*shown).clone() }))
    };
    let apply = |change: Change| {
        let (shown, props) = (shown.clone(), props.clone());
        let change = Rc::new(change);
        Callback::from(move |_: MouseEvent| {
            if shown.busy {
                return;
            }
            shown.set(Shown { busy: true, ..(*shown).clone() });
            let (shown, props, change) = (shown.clone(), props.clone(), change.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let (api, id, token) = (&props.api, props.id.as_str(), props.token.as_str());
                let result = match &*change {
                    Change::Cancel => appointments::cancel(api, id, token).await,
                    Change::Move(slot) => {
                        let request = RescheduleRequest {
                            start: slot.start.clone(),
                            provider: slot.provider.clone(),
                            location: slot.location.clone(),
                        };
                        appointments::reschedule(api, id, token, &request).await
                    }
                };
                let mut next = Shown { busy: false, problem: None, ..(*shown).clone() };
                match result {
                    Ok(visit) => {
                        next.visit = Some(Rc::new(visit));
                        next.mode = Mode::Idle;
                        next.done = Some(if matches!(*change, Change::Cancel) { Msg::IsCancelled } else { Msg::Moved });
                    }
                    Err(Error::SlotTaken(others)) => {
                        let start = if let Change::Move(slot) = &*change { slot.start.clone() } else { String::new() };
                        next.mode = Mode::Taken(start, others);
                    }
                    Err(e) => next.problem = Some(e),
                }
                shown.set(next);
            });
        })
    };

    let catalog = &props.catalog;
    let phone = catalog.clinic.phone.as_str();
    let idle = shown.mode == Mode::Idle;
    let heading = html! {
        <h3 class="pp-step-heading" tabindex="-1" ref={if idle { target.clone() } else { NodeRef::default() }}>
            { text(lang, Msg::YourVisit) }
        </h3>
    };
    let Some(visit) = shown.visit.clone() else {
        let body = match &shown.problem {
            None => html! { <p class="pp-loading" role="status">{ text(lang, Msg::Loading) }</p> },
            Some(Error::Api { status: 401 | 403 | 404, .. }) => {
                alert::error(html! { <p>{ with_phone(text(lang, Msg::BadLink), phone) }</p> })
            }
            Some(_) => {
                let reload = reload.clone();
                alert::error(html! {
                    <>
                        <p>{ text(lang, Msg::CantReachClinic) }{ " " }{ with_phone("{}", phone) }</p>
                        <button type="button" class="pp-button pp-button-secondary" onclick={move |_| reload.set(*reload + 1)}>
                            { text(lang, Msg::TryAgain) }
                        </button>
                    </>
                })
            }
        };
        return html! { <div class="pp-manage">{ heading }{ body }</div> };
    };

    let cancelled = visit.status == "cancelled";
    let keep = || html! {
        <button type="button" class="pp-button pp-button-secondary" onclick={set_mode(Mode::Idle)}>{ text(lang, Msg::NoKeep) }</button>
    };
    let question = |words: String, yes: Msg, onclick: Callback<MouseEvent>| html! {
        <div class="pp-confirm">
            <p class="pp-question" tabindex="-1" ref={target.clone()}>{ words }</p>
            <div class="pp-actions">
                <button type="button" class="pp-button pp-button-primary" {onclick} aria-disabled={shown.busy.then_some("true")}>
                    { text(lang, yes) }
                </button>
                { keep() }
            </div>
        </div>
    };
    let on_pick = {
        let shown = shown.clone();
        Callback::from(move |slot: OpenSlot| shown.set(Shown { mode: Mode::ConfirmMove(slot), ..(*shown).clone() }))
    };
    let doing = match &shown.mode {
        Mode::Idle if cancelled => html! {
            <div class="pp-actions">
                <button type="button" class="pp-button pp-button-primary" onclick={props.on_book_new.reform(|_| ())}>
                    { text(lang, Msg::BookNew) }
                </button>
            </div>
        },
        Mode::Idle => html! {
            <div class="pp-actions">
                <button type="button" class="pp-button pp-button-primary" onclick={set_mode(Mode::Pick)}>{ text(lang, Msg::NewTime) }</button>
                <button type="button" class="pp-button pp-button-secondary" onclick={set_mode(Mode::ConfirmCancel)}>{ text(lang, Msg::CancelVisit) }</button>
                <CalendarButton api={props.api.clone()} id={props.id.clone()} token={props.token.clone()} {lang} />
            </div>
        },
        Mode::ConfirmCancel => question(text(lang, Msg::ConfirmCancel).into(), Msg::YesCancel, apply(Change::Cancel)),
        Mode::ConfirmMove(slot) => question(
            fill(lang, Msg::ConfirmMove, &[&slot_label(lang, catalog, slot, &visit.visit_type)]),
            Msg::YesMove,
            apply(Change::Move(slot.clone())),
        ),
        Mode::Pick => html! {
            <>
                <h4 class="pp-subheading" tabindex="-1" ref={target.clone()}>{ text(lang, Msg::NewTime) }</h4>
                <TimeStep api={props.api.clone()} catalog={catalog.clone()} {lang} ids={(*ids).clone()}
                    visit_type={visit.visit_type.clone()} on_choose={on_pick} />
                <div class="pp-actions">{ keep() }</div>
            </>
        },
        Mode::Taken(start, others) => html! {
            <>
                { alert::error(html! {
                    <>
                        <p tabindex="-1" ref={target.clone()}>{ fill(lang, Msg::SlotTaken, &[&intl::short_time(lang, start)]) }</p>
                        { slot_choices(lang, catalog, others, &visit.visit_type, &on_pick) }
                    </>
                }) }
                <div class="pp-actions">{ keep() }</div>
            </>
        },
    };
    let problem = shown.problem.as_ref().map(|e| {
        let msg = if *e == Error::Network { Msg::NetworkFailed } else { Msg::SomethingWrong };
        alert::error(html! { <p>{ with_phone(text(lang, msg), phone) }</p> })
    });
    let note = shown.done.or(cancelled.then_some(Msg::IsCancelled));

    html! {
        <div class="pp-manage">
            { heading }
            <div role="status">
                if let Some(note) = note { <p class="pp-alert pp-alert-info">{ text(lang, note) }</p> }
            </div>
            { summary(lang, catalog, &visit) }
            { problem }
            { doing }
            <p>{ text(lang, Msg::CallUs) }{ " " }<PhoneLink phone={phone.to_string()} /></p>
        </div>
    }
}
