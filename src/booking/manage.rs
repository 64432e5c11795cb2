//! The manage view, opened from the link in the confirmation (`#pp-manage=<id>.<token>`): the
//! visit's details, "Pick a new time" (the time step again), "Cancel this visit" (after a
//! confirm step), "Add to calendar", and the clinic's phone. It is its own bundle (feature
//! `manage`): "Book a new visit" asks the page for the booking view.

use std::rc::Rc;

use portal_core::api::{Appointment, Catalog, OpenSlot, RescheduleRequest};
use yew::prelude::*;

use super::confirmation::summary;
use super::time_step::{slot_choices, TimeStep};
use super::{new_ids, no, slot_label, use_focus_on_change, zero};
use crate::components::alert;
use crate::components::button;
use crate::components::calendar::calendar_button;
use crate::components::phone::phone_link;
use crate::i18n::{fill, text, Language, Msg};
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
    pub lang: Language,
    /// The visit's id.
    pub id: AttrValue,
    /// The visit's manage token.
    pub token: AttrValue,
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
    let shown = use_state(|| Shown {
        visit: None,
        mode: Mode::Idle,
        busy: false,
        problem: None,
        done: None,
    });
    let reload = use_state(zero);
    let ids = use_memo((), new_ids);
    let target = use_node_ref();
    let calendar_failed = use_state(no);
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
    // Focus follows what the patient is doing (not on the first render), and goes to the
    // heading once the visit is shown: the patient came here from a link or the confirmation.
    let mode = match shown.mode {
        Mode::Idle => 0,
        Mode::ConfirmCancel => 1,
        Mode::Pick => 2,
        Mode::ConfirmMove(_) => 3,
        Mode::Taken(..) => 4,
    };
    use_focus_on_change(
        mode << 20
            | (shown.visit.is_some() as u32) << 16
            | shown.done.map_or(0, |done| done as u32 + 1),
        target.clone(),
        "manage",
    );

    let set_mode = |mode: Mode| {
        let (shown, calendar_failed) = (shown.clone(), calendar_failed.clone());
        Callback::from(move |_: MouseEvent| {
            // The calendar button goes away (or comes back new): its problem goes with it.
            calendar_failed.set(false);
            shown.set(Shown {
                mode: mode.clone(),
                problem: None,
                ..(*shown).clone()
            })
        })
    };
    let apply = |change: Change| {
        let (shown, props) = (shown.clone(), props.clone());
        let change = Rc::new(change);
        Callback::from(move |_: MouseEvent| {
            if shown.busy {
                return;
            }
            shown.set(Shown {
                busy: true,
                ..(*shown).clone()
            });
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
                let mut next = Shown {
                    busy: false,
                    problem: None,
                    ..(*shown).clone()
                };
                match result {
                    Ok(visit) => {
                        next.visit = Some(Rc::new(visit));
                        next.mode = Mode::Idle;
                        next.done = Some(if matches!(*change, Change::Cancel) {
                            Msg::IsCancelled
                        } else {
                            Msg::Moved
                        });
                    }
                    Err(Error::SlotTaken(others)) => {
                        let start = if let Change::Move(slot) = &*change {
                            slot.start.clone()
                        } else {
                            String::new()
                        };
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
            None => alert::loading(text(lang, Msg::Loading)),
            Some(Error::Api {
                status: 401 | 403 | 404,
                ..
            }) => alert::error(alert::para_with_phone(text(lang, Msg::BadLink), phone)),
            Some(_) => {
                let reload = reload.clone();
                alert::cant_reach(
                    lang,
                    phone,
                    Callback::from(move |_: MouseEvent| reload.set(*reload + 1)),
                )
            }
        };
        return html! { <div class="pp-manage">{ heading }{ body }</div> };
    };

    let cancelled = visit.status == portal_core::api::AppointmentStatus::Cancelled;
    let keep = || {
        html! {
            button(false, set_mode(Mode::Idle), text(lang, Msg::NoKeep), false)
        }
    };
    let question = |words: String, yes: Msg, onclick: Callback<MouseEvent>| {
        html! {
            <div class="pp-confirm">
                <p class="pp-question" tabindex="-1" ref={target.clone()}>{ words }</p>
                <div class="pp-actions">
                    { button(true, onclick, text(lang, yes), shown.busy) }
                    { keep() }
                </div>
            </div>
        }
    };
    let on_pick = {
        let shown = shown.clone();
        Callback::from(move |slot: OpenSlot| {
            shown.set(Shown {
                mode: Mode::ConfirmMove(slot),
                ..(*shown).clone()
            })
        })
    };
    let doing = match &shown.mode {
        Mode::Idle if cancelled => html! {
            <div class="pp-actions">
                { button(true, Callback::from(book_new), text(lang, Msg::BookNew), false) }
            </div>
        },
        Mode::Idle => html! {
            <div class="pp-actions">
                { button(true, set_mode(Mode::Pick), text(lang, Msg::NewTime), false) }
                { button(false, set_mode(Mode::ConfirmCancel), text(lang, Msg::CancelVisit), false) }
                { calendar_button(&props.api, &props.id, &props.token, lang, &calendar_failed) }
            </div>
        },
        Mode::ConfirmCancel => question(
            text(lang, Msg::ConfirmCancel).into(),
            Msg::YesCancel,
            apply(Change::Cancel),
        ),
        Mode::ConfirmMove(slot) => question(
            fill(
                lang,
                Msg::ConfirmMove,
                &[&slot_label(lang, catalog, slot, &visit.visit_type)],
            ),
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
                        { slot_choices(lang, catalog, others, &visit.visit_type, &on_pick, #[cfg(feature = "booking")] None) }
                    </>
                }) }
                <div class="pp-actions">{ keep() }</div>
            </>
        },
    };
    let problem = shown.problem.as_ref().map(|e| {
        let msg = if *e == Error::Network {
            Msg::NetworkFailed
        } else {
            Msg::SomethingWrong
        };
        alert::error(alert::para_with_phone(text(lang, msg), phone))
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
            <p>{ text(lang, Msg::CallUs) }{ " " }{ phone_link(phone) }</p>
        </div>
    }
}

/// "Book a new visit": the page shows booking (the loader drops the manage link's fragment).
fn book_new(e: MouseEvent) {
    crate::components::navigate(&e, "booking", None, None)
}
