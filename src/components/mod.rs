//! Pieces shared by the widget's views: plain functions returning `Html` where no state is
//! needed (fewer component types keep the widget small), components where it is.

pub mod alert;
pub mod calendar;
pub mod choice;
pub mod error_summary;
pub mod field;
pub mod phone;

use yew::prelude::*;

/// A `type="button"` button with a text label, primary or secondary, `aria-disabled="true"`
/// while `busy`. One function for the flow's many plain buttons: each `html!` button is its own
/// copy of the element code. The classes are literals: a computed `class` goes through yew's
/// `Classes` (an index set, several KB of wasm).
pub fn button(primary: bool, onclick: Callback<MouseEvent>, label: &'static str, busy: bool) -> Html {
    let busy = busy.then_some("true");
    if primary {
        html! { <button type="button" class="pp-button pp-button-primary" {onclick} aria-disabled={busy}>{ label }</button> }
    } else {
        html! { <button type="button" class="pp-button pp-button-secondary" {onclick} aria-disabled={busy}>{ label }</button> }
    }
}
