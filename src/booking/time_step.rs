//! Step 3, "When?": the next available time first, as one big button; then the days with open
//! times, then that day's times, in the patient's time zone (and the clinic's when it differs).
//! Also used by the manage view to pick a new time.

use std::rc::Rc;

use portal_core::api::{Availability, Catalog, LocationId, OpenSlot, ProviderId, VisitTypeId};
use yew::prelude::*;

use super::{location, slot_label};
use crate::components::{alert, button};
use crate::i18n::{fill, text, Language, Msg};
use crate::intl;
use crate::services::{availability, ApiClient};
use wasm_bindgen::JsCast;

/// Props of [`TimeStep`].
#[derive(Properties, PartialEq, Clone)]
pub struct TimeStepProps {
    /// The API client.
    pub api: ApiClient,
    /// The clinic's catalog.
    pub catalog: Rc<Catalog>,
    /// The patient's language.
    pub lang: Language,
    /// This widget's id prefix.
    pub ids: AttrValue,
    /// The visit type.
    pub visit_type: VisitTypeId,
    /// One provider, or any.
    #[prop_or_default]
    pub provider: Option<ProviderId>,
    /// One office, or any.
    #[prop_or_default]
    pub location: Option<LocationId>,
    /// The time picked before, if any.
    #[prop_or_default]
    pub chosen: Option<OpenSlot>,
    /// Called with the time the patient picks.
    pub on_choose: Callback<OpenSlot>,
    /// Open times already at hand (then nothing is fetched until "Show more times").
    #[prop_or_default]
    pub preloaded: Option<Rc<Availability>>,
}

/// Where the open times stand.
#[derive(Clone, Copy, PartialEq)]
enum Status {
    Loading,
    Ready,
    Failed,
}

/// The open times shown, and what the patient did with them.
#[derive(Clone, PartialEq)]
struct Times {
    /// The open times so far: the first 7 days, then 7 more for each "Show more times".
    open: Option<Rc<Availability>>,
    /// What to fetch: `None` for the first 7 days, `Some(date)` for 7 more from `date`.
    from: Option<String>,
    /// Bumped by "Try again", so the same days are fetched again.
    retry: u32,
    status: Status,
    /// The day whose times are shown (the first day with times when `None`).
    day: Option<String>,
    /// The parts of that day (bits: morning, afternoon, evening) showing all their times.
    expanded: u8,
    /// What takes focus after this render: the first new day after "Show the next 7 days"
    /// (`DAYS + index`), or the first newly shown time of a part of the day (its number).
    focus: Option<usize>,
}

/// Times shown per part of the day before its "Show N more" button.
const FEW: usize = 4;
/// `Times::focus` values from here on name a day.
const DAYS: usize = 8;

/// What happened to the open times.
// One event lives at a time, moved straight into the state: boxing the big one saves nothing.
#[allow(clippy::large_enum_variant)]
enum Event {
    /// More open times arrived.
    Loaded(Availability),
    /// They could not be fetched.
    Failed,
    /// The patient asked for the 7 days from this date.
    More(String),
    /// The patient asked to try again.
    Retry,
    /// The patient picked a day.
    Day(String),
    /// The patient asked for all the times of a part of the day.
    All(u8),
}

impl Reducible for Times {
    type Action = Event;

    fn reduce(self: Rc<Self>, event: Event) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        match event {
            Event::Loaded(mut more) => {
                if let (Some(_), Some(before)) = (&next.from, &next.open) {
                    next.focus = Some(DAYS + before.days.len());
                    // "Show more times": the new days go after the ones shown.
                    let mut days = before.days.clone();
                    days.append(&mut more.days);
                    more.days = days;
                    more.from = before.from.clone();
                    more.next_available = before.next_available.clone();
                }
                next.open = Some(Rc::new(more));
                next.status = Status::Ready;
            }
            Event::Failed => next.status = Status::Failed,
            Event::More(from) => {
                next.from = Some(from);
                next.status = Status::Loading;
            }
            Event::Retry => {
                next.retry += 1;
                next.status = Status::Loading;
            }
            Event::Day(day) => {
                next.day = Some(day);
                next.expanded = 0;
                next.focus = None;
            }
            Event::All(part) => {
                next.expanded |= 1 << part;
                next.focus = Some(part as usize);
            }
        }
        Rc::new(next)
    }
}

/// The time step.
#[function_component(TimeStep)]
pub fn time_step(props: &TimeStepProps) -> Html {
    let times = use_reducer(|| Times {
        open: props.preloaded.clone(),
        from: None,
        retry: 0,
        status: if props.preloaded.is_some() {
            Status::Ready
        } else {
            Status::Loading
        },
        day: None,
        expanded: 0,
        focus: None,
    });
    let parts = use_memo((), |_| {
        [
            NodeRef::default(),
            NodeRef::default(),
            NodeRef::default(),
            NodeRef::default(),
        ]
    });
    // After "Show the next 7 days" or "Show N more", focus goes to the first new item.
    {
        let (parts, focus) = (parts.clone(), times.focus);
        use_effect_with(
            (
                times.expanded,
                times.open.as_ref().map_or(0, |a| a.days.len()),
            ),
            move |_| {
                let Some(at) = focus else { return };
                let (list, item) = if at >= DAYS {
                    (&parts[3], at - DAYS)
                } else {
                    (&parts[at], FEW)
                };
                let button = list
                    .cast::<web_sys::Element>()
                    .and_then(|ul| ul.children().item(item as u32))
                    .and_then(|li| li.first_element_child())
                    .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(button) = button {
                    let _ = button.focus();
                }
            },
        );
    }
    let send = times.dispatcher();
    let lang = props.lang;

    {
        let (send, props) = (send.clone(), props.clone());
        use_effect_with((times.from.clone(), times.retry), move |(from, _)| {
            if props.preloaded.is_none() || from.is_some() {
                let from = from.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let result = availability::fetch(
                        &props.api,
                        &props.catalog.clinic.id,
                        &props.visit_type,
                        props.provider.as_deref(),
                        props.location.as_deref(),
                        from.as_deref(),
                    )
                    .await;
                    send.dispatch(result.map_or(Event::Failed, Event::Loaded));
                });
            }
        });
    }
    let status = times.status;

    let catalog = &props.catalog;
    let phone = catalog.clinic.phone.as_str();
    let failed = (status == Status::Failed).then(|| {
        let send = send.clone();
        alert::cant_reach(
            lang,
            phone,
            Callback::from(move |_: MouseEvent| send.dispatch(Event::Retry)),
        )
    });
    let loading =
        (status == Status::Loading).then(|| alert::loading(text(lang, Msg::LookingForTimes)));
    let Some(a) = times.open.clone() else {
        return html! { <>{ loading }{ failed }</> };
    };

    let Some(next) = a.next_available.clone() else {
        return alert::info(alert::para_with_phone(text(lang, Msg::NoTimes), phone));
    };

    let choose = |slot: OpenSlot| pick(&props.on_choose, slot);
    let selected = times
        .day
        .clone()
        .or_else(|| a.days.first().map(|d| d.date.clone()));
    let days = a.days.iter().map(|d| {
        let date = d.date.clone();
        let pressed = selected.as_deref() == Some(d.date.as_str());
        let send = send.clone();
        html! {
            <li><button type="button" class="pp-day" aria-pressed={if pressed { "true" } else { "false" }}
                onclick={move |_| send.dispatch(Event::Day(date.clone()))}>{ intl::day(lang, &d.date) }</button></li>
        }
    });

    let shown = selected
        .as_deref()
        .and_then(|date| a.days.iter().find(|d| d.date == date));
    let list_id = [props.ids.as_str(), "-times"].concat();
    let times_of_day = shown.map(|d| {
        // With any provider, one button per time and office is enough.
        let mut seen: Vec<(&str, &str)> = Vec::new();
        let mut by_part: [Vec<&OpenSlot>; 3] = Default::default();
        for s in &d.slots {
            let key = (s.start.as_str(), s.location.as_str());
            if props.provider.is_some() || !seen.contains(&key) {
                // Morning before noon, afternoon to 5 PM, evening after, in the patient's zone.
                let hour = intl::hour(&s.start);
                by_part[(hour >= 12) as usize + (hour >= 17) as usize].push(s);
            }
            seen.push(key);
        }
        let show_place = props.location.is_none() && !super::is_video(catalog, &props.visit_type);
        let chosen = props.chosen.as_ref();
        let groups = by_part.iter().enumerate().filter(|(_, slots)| !slots.is_empty()).map(|(part, slots)| {
            let all = times.expanded & (1 << part) != 0 || slots.len() <= FEW + 1;
            // One Tab stop per part of the day: the chosen time, else the first; arrows move within.
            let tab_at = slots.iter().position(|s| Some(*s) == chosen).unwrap_or(0);
            let buttons = slots
                .iter()
                .take(if all { slots.len() } else { FEW })
                .enumerate()
                .map(|(i, s)| {
                    let place = if show_place { location(catalog, &s.location).map(|l| l.name.get(lang)) } else { None };
                    let pressed = chosen == Some(*s);
                    html! {
                        <li><button type="button" class="pp-time" aria-pressed={if pressed { "true" } else { "false" }}
                            tabindex={if i == tab_at { "0" } else { "-1" }} onclick={choose((*s).clone())}>
                            { intl::time(lang, &s.start, &s.clinic_start) }
                            if let Some(place) = place { <span class="pp-time-place">{ place }</span> }
                        </button></li>
                    }
                })
                .collect::<Html>();
            let name = text(lang, [Msg::DayMorning, Msg::DayAfternoon, Msg::DayEvening][part]);
            let id = [list_id.as_str(), "-", name].concat();
            let more = (!all).then(|| {
                let send = send.clone();
                let label = fill(lang, Msg::MoreTimes, &[&intl::num((slots.len() - FEW) as u32), &name.to_ascii_lowercase()]);
                html! {
                    <button type="button" class="pp-button pp-button-secondary" onclick={move |_| send.dispatch(Event::All(part as u8))}>{ label }</button>
                }
            });
            html! {
                <>
                    <h5 class="pp-part" id={id.clone()}>{ name }</h5>
                    <ul class="pp-times" aria-labelledby={[list_id.as_str(), " ", &id].concat()} ref={parts[part].clone()} onkeydown={arrows()}>{ buttons }</ul>
                    { more }
                </>
            }
        });
        html! {
            <>
                <h4 class="pp-subheading" id={list_id.clone()}>{ fill(lang, Msg::TimesOn, &[&intl::day(lang, &d.date)]) }</h4>
                { for groups }
            </>
        }
    });
    let more = (a.to < a.last_bookable_date).then(|| {
        let (send, to) = (send.clone(), a.to.clone());
        button(
            false,
            Callback::from(move |_: MouseEvent| {
                if let Some(next) = intl::next_day(&to) {
                    send.dispatch(Event::More(next))
                }
            }),
            text(lang, Msg::ShowMore),
            status == Status::Loading,
        )
    });

    html! {
        <div class="pp-time-step">
            <button type="button" class="pp-button pp-button-primary pp-next" onclick={choose(next.clone())}>
                <span class="pp-next-label">{ text(lang, Msg::NextAvailable) }</span>
                { " " }{ slot_label(lang, catalog, &next, &props.visit_type) }
            </button>
            <h4 class="pp-subheading">{ text(lang, Msg::PickDay) }</h4>
            if a.days.is_empty() {
                <p>{ text(lang, Msg::NoTimesInDays) }</p>
            } else {
                <ul class="pp-days" ref={parts[3].clone()}>{ for days }</ul>
            }
            { times_of_day }
            <div class="pp-actions">{ more }</div>
            { loading }{ failed }
        </div>
    }
}

/// Arrow keys move between the times of a part of the day (one Tab stop for the group):
/// right and down to the next, left and up to the previous, Home and End to the ends.
fn arrows() -> Callback<KeyboardEvent> {
    Callback::from(|e: KeyboardEvent| {
        let Some(button) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let (Some(li), Some(ul)) = (
            button.parent_element(),
            button.parent_element().and_then(|li| li.parent_element()),
        ) else {
            return;
        };
        let to = match e.key().as_str() {
            "ArrowRight" | "ArrowDown" => li.next_element_sibling(),
            "ArrowLeft" | "ArrowUp" => li.previous_element_sibling(),
            "Home" => ul.first_element_child(),
            "End" => ul.last_element_child(),
            _ => return,
        };
        e.prevent_default();
        if let Some(next) = to
            .and_then(|li| li.first_element_child())
            .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = button.set_attribute("tabindex", "-1");
            next.set_tab_index(0);
            let _ = next.focus();
        }
    })
}

/// A click that picks `slot` (one closure type for every time button).
#[inline(never)]
fn pick(on_choose: &Callback<OpenSlot>, slot: OpenSlot) -> Callback<MouseEvent> {
    on_choose.reform(move |_: MouseEvent| slot.clone())
}

/// Open times as a list of buttons in full words (after a time was taken).
pub fn slot_choices(
    lang: Language,
    catalog: &Catalog,
    slots: &[OpenSlot],
    visit_type: &str,
    on_choose: &Callback<OpenSlot>,
    #[cfg(feature = "booking")] lost: Option<&OpenSlot>,
) -> Html {
    html! {
        <ul class="pp-choice-list">
            { for slots.iter().map(|s| {
                let slot = s.clone();
                // Said plainly when a time is not with the doctor or at the office the patient picked.
                #[cfg(feature = "booking")]
                let other = lost.and_then(|l| {
                    let place = s.location != l.location && !super::is_video(catalog, visit_type);
                    match (s.provider != l.provider, place) {
                        (true, true) => Some(Msg::OtherBoth),
                        (true, false) => Some(Msg::OtherDoctor),
                        (false, true) => Some(Msg::OtherOffice),
                        _ => None,
                    }
                });
                #[cfg(not(feature = "booking"))]
                let other: Option<Msg> = None;
                html! {
                    <li><button type="button" class="pp-button pp-button-secondary pp-slot"
                        onclick={pick(on_choose, slot)}>
                        { slot_label(lang, catalog, s, visit_type) }
                        if let Some(other) = other { <strong>{ text(lang, other) }</strong> }
                    </button></li>
                }
            }) }
        </ul>
    }
}
