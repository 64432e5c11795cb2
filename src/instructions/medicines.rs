//! The medicine schedule: each medicine's plain sentence, then a table with one row per
//! medicine and one column per time of day. Marks are words ("Yes", or a dash read as "No"),
//! never only symbols or colour. Where the table would not fit (a phone), the same data shows
//! as one card per medicine with its times in words; printing keeps the table (see the
//! `.pp-meds` rules in widget.css: only one of the two is ever displayed, so it is read once).

use portal_core::api::instructions::MedicineRow;
use yew::prelude::*;

use super::Ctx;
use crate::i18n::Msg;

/// The sentences and the table; nothing when there are no medicines.
pub fn view(ctx: &Ctx, rows: &[MedicineRow]) -> Html {
    if rows.is_empty() {
        return Html::default();
    }
    let caption_id = ctx.id("meds");
    let columns = [
        Msg::Medicine,
        Msg::Morning,
        Msg::Noon,
        Msg::Evening,
        Msg::Bedtime,
        Msg::WithFood,
        Msg::HowLong,
    ]
    .map(|msg| html! { <th scope="col">{ ctx.t(msg) }</th> });
    let mark = |yes: bool| {
        if yes {
            html! { { ctx.t(Msg::Yes) } }
        } else {
            html! { <><span aria-hidden="true">{ "—" }</span><span class="pp-visually-hidden">{ ctx.t(Msg::No) }</span></> }
        }
    };
    let body = rows.iter().map(|row| {
        html! {
            <tr>
                <th scope="row">{ &row.name }<span class="pp-dose">{ &row.dose }</span></th>
                <td>{ mark(row.morning) }</td>
                <td>{ mark(row.noon) }</td>
                <td>{ mark(row.evening) }</td>
                <td>{ mark(row.bedtime) }</td>
                <td>{ if row.food.is_empty() { "—" } else { row.food.as_str() } }</td>
                <td>{ &row.duration }</td>
            </tr>
        }
    });
    let cards = rows.iter().map(|row| {
        let times: Vec<&str> = [(row.morning, Msg::Morning), (row.noon, Msg::Noon), (row.evening, Msg::Evening), (row.bedtime, Msg::Bedtime)]
            .iter()
            .filter(|(yes, _)| *yes)
            .map(|(_, msg)| ctx.t(*msg))
            .collect();
        html! {
            <li class="pp-med-card">
                <p class="pp-question">{ &row.name }<span class="pp-dose">{ &row.dose }</span></p>
                <dl class="pp-summary">
                    <dt>{ ctx.t(Msg::TakeAt) }</dt><dd>{ times.join(", ") }</dd>
                    <dt>{ ctx.t(Msg::WithFood) }</dt><dd>{ if row.food.is_empty() { "—" } else { row.food.as_str() } }</dd>
                    <dt>{ ctx.t(Msg::HowLong) }</dt><dd>{ &row.duration }</dd>
                </dl>
            </li>
        }
    });
    html! {
        <div class="pp-meds">
            <ul class="pp-bullets">{ for rows.iter().map(|row| html! { <li>{ &row.sentence }</li> }) }</ul>
            <ul class="pp-med-cards" aria-label={ctx.t(Msg::MedicineTimes)}>{ for cards }</ul>
            // Wide tables scroll sideways on a phone; the region can take focus to scroll by keyboard.
            <div class="pp-table-wrap" role="region" aria-labelledby={caption_id.clone()} tabindex="0">
                <table class="pp-table">
                    <caption id={caption_id}>{ ctx.t(Msg::MedicineTimes) }</caption>
                    <thead><tr>{ for columns }</tr></thead>
                    <tbody>{ for body }</tbody>
                </table>
            </div>
        </div>
    }
}
