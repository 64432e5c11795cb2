//! The booking flow: what the visit is for, who and where, when, about you, review, done; and
//! (feature `manage`, its own bundle) the manage view of a booked visit.
//!
//! [`state`] holds every answer; each step is a view of it in its own file. Steps that need no
//! state of their own are plain functions of a [`Ctx`] (one component type fewer each); the
//! time step is a component because it loads open times.

pub mod confirmation;
#[cfg(feature = "booking")]
pub mod details_step;
#[cfg(feature = "manage")]
pub mod manage;
#[cfg(feature = "booking")]
pub mod provider_step;
#[cfg(feature = "booking")]
pub mod review_step;
#[cfg(feature = "booking")]
pub mod state;
pub mod time_step;
#[cfg(feature = "booking")]
pub mod visit_step;

#[cfg(feature = "booking")]
use std::rc::Rc;

#[cfg(feature = "booking")]
use portal_core::api::AppointmentRequest;
use portal_core::api::{Catalog, LocationSummary, OpenSlot, VisitTypeSummary};
use yew::prelude::*;

#[cfg(feature = "booking")]
use crate::components::button;
#[cfg(feature = "booking")]
use crate::i18n::fill;
use crate::i18n::{text, Language, Msg};
use crate::intl;
#[cfg(feature = "booking")]
use crate::services::request::code;
#[cfg(feature = "booking")]
use crate::services::{appointments, ApiClient, Error};
#[cfg(feature = "booking")]
use state::{Action, BookingState, Failure, Sending, Step};
#[cfg(feature = "booking")]
use time_step::TimeStep;

/// Props of [`BookingFlow`].
#[cfg(feature = "booking")]
#[derive(Properties, PartialEq, Clone)]
pub struct BookingFlowProps {
    /// The clinic's catalog.
    pub catalog: Rc<Catalog>,
    /// The API client.
    pub api: ApiClient,
    /// The patient's language.
    pub lang: Language,
    /// Where to start; `None` starts at the first step (tests start at a later one).
    #[prop_or_default]
    pub resume: Option<BookingState>,
    /// The page's own headings.
    #[prop_or_default]
    pub headings: crate::config::Headings,
    /// The host page's address for links the patient keeps; empty means this document's.
    #[prop_or_default]
    pub page_url: String,
}

/// What a step's view needs.
#[cfg(feature = "booking")]
pub struct Ctx<'a> {
    /// The answers so far.
    pub state: &'a BookingState,
    /// Sends an action to the state.
    pub send: &'a Callback<Action>,
    /// The clinic's catalog.
    pub catalog: &'a Catalog,
    /// The patient's language.
    pub lang: Language,
    /// This widget's id prefix (several widgets may share a page).
    pub ids: &'a str,
    /// The error summary, focused after a failed "Continue".
    pub summary: NodeRef,
    /// The host page's address; empty means this document's.
    pub page_url: &'a str,
}

#[cfg(feature = "booking")]
impl Ctx<'_> {
    /// The words for `msg`.
    pub fn t(&self, msg: Msg) -> &'static str {
        text(self.lang, msg)
    }

    /// An id unique on the page: `{prefix}-{name}`.
    pub fn id(&self, name: &str) -> String {
        [self.ids, "-", name].concat()
    }

    /// The clinic's phone.
    pub fn phone(&self) -> &str {
        &self.catalog.clinic.phone
    }

    /// A callback sending `action` on any event: one closure type for every fixed action (each
    /// distinct closure would compile its own copy of the callback code).
    #[inline(never)]
    pub fn on<E: 'static>(&self, action: Action) -> Callback<E> {
        self.send.reform(move |_: E| action.clone())
    }

    /// "Continue" (sending `on_continue`) and, after the first step, "Back".
    pub fn nav(&self, on_continue: Callback<MouseEvent>) -> Html {
        let back = (self.state.step > Step::Visit).then(|| self.on(Action::Back));
        html! {
            <div class="pp-actions">
                { button(true, on_continue, self.t(Msg::Continue), false) }
                if let Some(back) = back {
                    { button(false, back, self.t(Msg::Back), false) }
                }
            </div>
        }
    }
}

pub use crate::components::{new_ids, next_ids, no, yes, zero};

/// The visit type with this id.
pub fn visit_type<'a>(catalog: &'a Catalog, id: &str) -> Option<&'a VisitTypeSummary> {
    catalog.visit_types.iter().find(|v| v.id == id)
}

/// The provider's name in `lang` ("Dra. Ana López"), or the id if the catalog does not know it.
pub fn provider_name<'a>(lang: Language, catalog: &'a Catalog, id: &'a str) -> &'a str {
    catalog
        .providers
        .iter()
        .find(|p| p.id == id)
        .map_or(id, |p| p.name.get(lang))
}

/// The location with this id.
pub fn location<'a>(catalog: &'a Catalog, id: &str) -> Option<&'a LocationSummary> {
    catalog.locations.iter().find(|l| l.id == id)
}

/// Whether visits of this type happen by video.
pub fn is_video(catalog: &Catalog, visit_type_id: &str) -> bool {
    visit_type(catalog, visit_type_id).is_some_and(|v| v.mode == portal_core::api::VisitMode::Video)
}

/// An open time in full: "Tuesday, March 4 at 9:30 AM with Dr. Ana López, Downtown office".
pub fn slot_label(
    lang: Language,
    catalog: &Catalog,
    slot: &OpenSlot,
    visit_type_id: &str,
) -> String {
    let place = if is_video(catalog, visit_type_id) {
        ""
    } else {
        location(catalog, &slot.location).map_or("", |l| l.name.get(lang))
    };
    let mut label = [
        intl::when(lang, &slot.start, &slot.clinic_start).as_str(),
        " ",
        text(lang, Msg::With),
        " ",
        provider_name(lang, catalog, &slot.provider),
    ]
    .concat();
    if !place.is_empty() {
        label.push_str(", ");
        label.push_str(place);
    }
    label
}

/// Where a visit happens: the office's name, address and notes, or "Video visit".
pub fn place(lang: Language, catalog: &Catalog, location_id: &str, visit_type: &str) -> Html {
    if is_video(catalog, visit_type) {
        return html! { { text(lang, Msg::VideoVisit) } };
    }
    match location(catalog, location_id) {
        Some(l) => html! {
            <>
                { l.name.get(lang) }<br />{ &l.address }
                if let Some(notes) = &l.notes { <br />{ notes.get(lang) } }
            </>
        },
        None => html! { { location_id.to_string() } },
    }
}

/// A row of a summary `<dl>`, with a "Change" button when `change` is given.
pub fn row(lang: Language, term: &str, value: Html, change: Option<Callback<MouseEvent>>) -> Html {
    html! {
        <div class="pp-summary-row">
            <dt>{ term }</dt>
            <dd>
                { value }
                if let Some(onclick) = change {
                    { " " }
                    <button type="button" class="pp-button-link" {onclick}>
                        { text(lang, Msg::Change) }<span class="pp-visually-hidden">{ ": " }{ term }</span>
                    </button>
                }
            </dd>
        </div>
    }
}

pub use crate::components::{focus, use_focus_on_change};

/// The booking flow.
#[cfg(feature = "booking")]
#[function_component(BookingFlow)]
pub fn booking_flow(props: &BookingFlowProps) -> Html {
    let state = use_reducer(|| props.resume.clone().unwrap_or_default());
    let ids = use_memo((), new_ids);
    let heading = use_node_ref();
    let summary = use_node_ref();
    // Whether "Add to calendar" on the confirmation failed.
    let calendar_failed = use_state(no);
    let send = state.dispatcher().to_callback();
    let lang = props.lang;

    // Each new step: focus moves to its heading (not on the first render: the page keeps its
    // focus), and the page hears of it, and of what was chosen on the way (never patient data).
    {
        let (state, heading) = (state.clone(), heading.clone());
        let last = use_mut_ref(|| state.step);
        use_effect_with(state.step as u32, move |_| {
            let from = std::mem::replace(&mut *last.borrow_mut(), state.step);
            let to = state.step;
            if from != to {
                focus(&heading);
                let emit =
                    |name, data: &[(&str, &str)]| crate::components::emit(&heading, name, data);
                emit("view-changed", &[("view", "booking"), ("step", to.name())]);
                let kind = state.visit_type.as_deref().unwrap_or_default();
                // The clinic's date of the time chosen, as its clock reads it.
                let date = state
                    .slot
                    .as_ref()
                    .and_then(|s| s.clinic_start.get(..10))
                    .unwrap_or_default();
                if from == Step::Visit && to > from {
                    emit("visit-type-selected", &[("visitType", kind)]);
                }
                if from == Step::When && to > from {
                    emit("time-selected", &[("visitType", kind), ("date", date)]);
                }
                if to == Step::Booked {
                    emit("booked", &[("visitType", kind), ("date", date)]);
                }
            }
        });
    }
    // A failed "Continue" on "About you" focuses the error summary.
    {
        let summary = summary.clone();
        use_effect_with(state.tries, move |tries| {
            if *tries > 0 {
                focus(&summary);
            }
        });
    }
    // Each booking attempt sends one request.
    {
        let state = state.clone();
        let api = props.api.clone();
        let clinic = props.catalog.clinic.id.clone();
        use_effect_with(state.attempts, move |_| {
            if let (Sending::Sending, Some(key), Some(request)) =
                (&state.sending, state.key.clone(), request(&state, lang))
            {
                let send = state.dispatcher();
                let lost = OpenSlot {
                    start: request.start.clone(),
                    clinic_start: String::new(),
                    end: String::new(),
                    provider: request.provider.clone(),
                    location: request.location.clone(),
                };
                wasm_bindgen_futures::spawn_local(async move {
                    send.dispatch(
                        match appointments::book(&api, &clinic, &key, &request).await {
                            Ok(appointment) => Action::Booked(Rc::new(appointment)),
                            Err(Error::Api { status: 422, error }) if !error.fields.is_empty() => {
                                Action::Rejected(error.fields)
                            }
                            Err(error) => Action::Failed(failure(error, lost)),
                        },
                    );
                });
            }
        });
    }

    let ctx = Ctx {
        state: &state,
        send: &send,
        catalog: &props.catalog,
        lang,
        ids: &ids,
        summary,
        page_url: &props.page_url,
    };
    let title: (Msg, crate::config::Heading) = match state.step {
        Step::Visit => (Msg::VisitTitle, |h| &h.visit),
        Step::Who => (Msg::WhoTitle, |h| &h.who),
        Step::When => (Msg::WhenTitle, |h| &h.when),
        Step::About => (Msg::AboutTitle, |h| &h.about),
        Step::Review => (Msg::ReviewTitle, |h| &h.review),
        Step::Booked => (Msg::BookedTitle, |h| &h.booked),
    };
    let title = props.headings.get(lang, title.1, text(lang, title.0));
    let progress = if state.step < Step::Booked {
        fill(lang, Msg::StepOf, &[&intl::num(state.step as u32), title])
    } else {
        String::new()
    };
    let body = match state.step {
        Step::Visit => visit_step::view(&ctx),
        Step::Who => provider_step::view(&ctx),
        Step::When => html! {
            <>
                <TimeStep api={props.api.clone()} catalog={props.catalog.clone()} {lang} ids={(*ids).clone()}
                    visit_type={state.visit_type.clone().unwrap_or_default()}
                    provider={state.provider.clone()} location={state.location.clone()}
                    chosen={state.slot.clone()} on_choose={send.reform(Action::Slot)} />
                <div class="pp-actions">
                    { button(false, ctx.on(Action::Back), text(lang, Msg::Back), false) }
                </div>
            </>
        },
        Step::About => details_step::view(&ctx),
        Step::Review => review_step::view(&ctx),
        Step::Booked => confirmation::view(&ctx, &props.api, &calendar_failed),
    };

    html! {
        <div class="pp-booking">
            <p class="pp-progress" aria-live="polite">{ progress }</p>
            <h3 class="pp-step-heading" tabindex="-1" ref={heading}>{ title }</h3>
            { body }
        </div>
    }
}

/// The booking request for the answers, once everything is answered.
#[cfg(feature = "booking")]
fn request(state: &BookingState, lang: Language) -> Option<AppointmentRequest> {
    let slot = state.slot.as_ref()?;
    Some(AppointmentRequest {
        visit_type: state.visit_type.clone()?,
        provider: slot.provider.clone(),
        location: slot.location.clone(),
        start: slot.start.clone(),
        new_patient: state.new_patient?,
        patient: state.details(),
        language: lang,
        contact_by: state.contact_by,
        also_same_day: state.also_same_day,
    })
}

/// What a failed booking means for the patient.
#[cfg(feature = "booking")]
fn failure(error: Error, taken: OpenSlot) -> Failure {
    match error {
        Error::Network => Failure::Network,
        Error::SlotTaken(alternatives) => Failure::SlotTaken {
            taken,
            alternatives,
        },
        error => match error.code() {
            code::NOT_BOOKABLE => Failure::NotBookable,
            code::TOO_MANY_BOOKINGS => Failure::TooManyBookings,
            code::RATE_LIMITED => Failure::RateLimited,
            code::SAME_DAY_VISIT => Failure::SameDay,
            _ => Failure::Other,
        },
    }
}
