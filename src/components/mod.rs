//! Pieces shared by the widget's views: plain functions returning `Html` where no state is
//! needed (fewer component types keep the widget small), components where it is.

pub mod alert;
pub mod birth_date;
#[cfg(any(feature = "booking", feature = "manage"))]
pub mod calendar;
pub mod choice;
pub mod error_summary;
pub mod field;
pub mod phone;

use std::sync::atomic::{AtomicU32, Ordering};

use wasm_bindgen::JsValue;
use yew::prelude::*;

/// A `type="button"` button with a text label, primary or secondary, `aria-disabled="true"`
/// while `busy`. One function for the flow's many plain buttons: each `html!` button is its own
/// copy of the element code. The classes are literals: a computed `class` goes through yew's
/// `Classes` (an index set, several KB of wasm).
pub fn button(
    primary: bool,
    onclick: Callback<MouseEvent>,
    label: &'static str,
    busy: bool,
) -> Html {
    let busy = busy.then_some("true");
    if primary {
        html! { <button type="button" class="pp-button pp-button-primary" {onclick} aria-disabled={busy}>{ label }</button> }
    } else {
        html! { <button type="button" class="pp-button pp-button-secondary" {onclick} aria-disabled={busy}>{ label }</button> }
    }
}

/// A new id prefix for one widget: `pp1`, `pp2`...
pub fn next_ids() -> AttrValue {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    AttrValue::from(["pp", &crate::intl::num(n)].concat())
}

// Named initialisers for the components' hooks: a hook is compiled once per initialiser type, and
// every closure is a type of its own.

/// A new id prefix, for `use_memo((), new_ids)`.
pub fn new_ids(_: &()) -> AttrValue {
    next_ids()
}

/// `true`, for `use_mut_ref(yes)`.
pub fn yes() -> bool {
    true
}

/// `false`, for `use_state(no)`.
pub fn no() -> bool {
    false
}

/// `0`, for `use_state(zero)`.
pub fn zero() -> u32 {
    0
}

/// Focuses an element after it is rendered (step headings, error summaries, questions).
pub fn focus(node: &NodeRef) {
    if let Some(el) = node.cast::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}

/// Focuses `node` each time `key` changes, but not on the first render (the page keeps its focus),
/// and, unless `view` is empty, tells the page (`view-changed {view, step: ""}`).
/// One hook for the views, so its code is compiled once.
#[hook]
pub fn use_focus_on_change(key: u32, node: NodeRef, view: &'static str) {
    let first = use_mut_ref(yes);
    use_effect_with(key, move |_| {
        if !std::mem::replace(&mut *first.borrow_mut(), false) {
            focus(&node);
            if !view.is_empty() {
                emit(&node, "view-changed", &[("view", view), ("step", "")]);
            }
        }
    });
}

/// Asks the page (the loader) to show another view in this widget's place, through a bubbling
/// `pp-navigate` event from the element that was clicked: `{view, visitType?}`, never patient
/// data. `fragment` first replaces the page's `#pp-…` fragment (`None` leaves it), so a reload
/// shows the same view.
pub fn navigate(event: &MouseEvent, view: &str, visit_type: Option<&str>, fragment: Option<&str>) {
    event.prevent_default();
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(fragment) = fragment {
        let _ = window.location().set_hash(fragment);
    }
    if let Some(target) = event.target() {
        let visit_type = visit_type.map(|v| ("visitType", v));
        dispatch(
            &target,
            "pp-navigate",
            &object(&[Some(("view", view)), visit_type]),
        );
    }
}

/// Tells the host page what happened: a bubbling, composed `patient-portal:event` with
/// `{name, data}` from `node` (inside the widget, so it reaches the mount element and, from a
/// shadow root, its host). `data` is never patient data: no names, ids or times of day.
pub fn emit(node: &NodeRef, name: &str, data: &[(&str, &str)]) {
    let Some(target) = node.get() else { return };
    let data: Vec<_> = data.iter().copied().map(Some).collect();
    let detail = object(&[Some(("name", name))]);
    let _ = js_sys::Reflect::set(&detail, &"data".into(), &object(&data));
    dispatch(&target, "patient-portal:event", &detail);
}

/// A JS object with the given string fields.
fn object(fields: &[Option<(&str, &str)>]) -> js_sys::Object {
    let object = js_sys::Object::new();
    for (key, value) in fields.iter().flatten() {
        let _ = js_sys::Reflect::set(&object, &(*key).into(), &(*value).into());
    }
    object
}

/// Dispatches a bubbling, composed `CustomEvent` with `detail` from `target`.
fn dispatch(target: &web_sys::EventTarget, kind: &str, detail: &JsValue) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(kind, &init) {
        let _ = target.dispatch_event(&event);
    }
}
