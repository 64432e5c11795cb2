//! Step 5, "Check your visit": every answer in a `<dl>` with a "Change" button back to its
//! step, then "Book this visit". If booking fails, what happened and what to do now, with
//! nothing lost: another open time after a time was taken, a retry after a network failure.

use yew::prelude::*;

use super::state::{Action, Failure, Field, Sending, Step};
use super::time_step::slot_choices;
use super::{place, provider_name, row, Ctx};
use crate::components::alert;
use crate::components::button;
use crate::i18n::{fill, text, Msg};
use crate::intl;
use crate::services::appointments;

/// The review step.
pub fn view(ctx: &Ctx) -> Html {
    let s = ctx.state;
    let lang = ctx.lang;
    let catalog = ctx.catalog;
    let visit_id = s.visit_type.as_deref().unwrap_or_default();
    let visit = super::visit_type(catalog, visit_id);
    let change = |step: Step| Some(ctx.on(Action::Change(step)));
    let plain = |value: &str| html! { { value.to_string() } };

    let mut rows = vec![row(
        lang,
        ctx.t(Msg::VisitRow),
        html! { <>{ visit.map(|v| v.name.get(lang)) }<br />{ ctx.t(if s.new_patient == Some(true) { Msg::FirstVisit } else { Msg::ReturningVisit }) }</> },
        change(Step::Visit),
    )];
    if let Some(slot) = &s.slot {
        rows.push(row(
            lang,
            ctx.t(Msg::WhenRow),
            plain(&intl::when(lang, &slot.start, &slot.clinic_start)),
            change(Step::When),
        ));
        rows.push(row(
            lang,
            ctx.t(Msg::WithRow),
            plain(provider_name(lang, catalog, &slot.provider)),
            change(Step::Who),
        ));
        rows.push(row(
            lang,
            ctx.t(Msg::WhereRow),
            place(lang, catalog, &slot.location, visit_id),
            change(Step::Who),
        ));
    }
    for (field, label) in [
        (Field::Name, Msg::Name),
        (Field::Preferred, Msg::Preferred),
        (Field::Month, Msg::BirthDate),
        (Field::Phone, Msg::Phone),
        (Field::Email, Msg::Email),
        (Field::Reason, Msg::Reason),
        (Field::Interpreter, Msg::Interpreter),
        (Field::Notes, Msg::Notes),
    ] {
        let value = if field == Field::Month {
            [
                s.answer(Field::Month),
                s.answer(Field::Day),
                s.answer(Field::Year),
            ]
            .join("/")
        } else {
            s.answer(field).trim().to_string()
        };
        if !value.is_empty() {
            // "(optional)" is for the form, not for the answer.
            // (The same cut for both languages: "(optional)" and "(opcional)" are 11 bytes.)
            let label = ctx.t(label);
            let label = if label.ends_with("onal)") {
                &label[..label.len() - 11]
            } else {
                label
            };
            rows.push(row(lang, label, plain(&value), change(Step::About)));
        }
    }

    let sending = s.sending == Sending::Sending;
    let book = ctx.send.reform(|_: MouseEvent| Action::Book {
        fresh: appointments::new_key(),
    });

    html! {
        <>
            { failure(ctx, &book) }
            <dl class="pp-summary">{ for rows }</dl>
            <div class="pp-actions">
                if s.slot.is_some() {
                    { button(true, book, ctx.t(if sending { Msg::Booking } else { Msg::Book }), sending) }
                }
                { button(false, ctx.on(Action::Back), ctx.t(Msg::Back), false) }
            </div>
            if sending {
                <p class="pp-visually-hidden" role="status">{ ctx.t(Msg::Booking) }</p>
            }
        </>
    }
}

/// What went wrong with the last attempt, and what to do now.
fn failure(ctx: &Ctx, book: &Callback<MouseEvent>) -> Html {
    let Sending::Failed(failure) = &ctx.state.sending else {
        return Html::default();
    };
    let lang = ctx.lang;
    let phone = ctx.phone();
    let try_again = html! {
        { button(false, book.clone(), ctx.t(Msg::TryAgain), false) }
    };
    let pick_another = html! {
        { button(false, ctx.on(Action::Change(Step::When)), ctx.t(Msg::PickAnother), false) }
    };
    let message = |msg: Msg| alert::para_with_phone(text(lang, msg), phone);
    let body = match failure {
        Failure::SlotTaken {
            taken,
            alternatives,
        } => html! {
            <>
                <p>{ fill(lang, Msg::SlotTaken, &[&intl::short_time(lang, &taken.start)]) }</p>
                { slot_choices(lang, ctx.catalog, alternatives, ctx.state.visit_type.as_deref().unwrap_or_default(), &ctx.send.reform(Action::Slot), Some(taken)) }
                { pick_another }
            </>
        },
        Failure::Network => html! { <>{ message(Msg::NetworkFailed) }{ try_again }</> },
        Failure::NotBookable => html! { <>{ message(Msg::NotBookable) }{ pick_another }</> },
        Failure::TooManyBookings => message(Msg::TooMany),
        Failure::RateLimited => html! { <>{ message(Msg::RateLimited) }{ try_again }</> },
        Failure::SameDay => html! {
            <>
                { message(Msg::SameDay) }
                { button(true, ctx.send.reform(|_: MouseEvent| Action::BookAlso { fresh: appointments::new_key() }), ctx.t(Msg::BookAlso), false) }
                { pick_another }
            </>
        },
        Failure::Other => html! { <>{ message(Msg::SomethingWrong) }{ try_again }</> },
    };
    // Focused when it appears (see `tries`), so it is read out and scrolled into view.
    html! { <div class="pp-alert pp-alert-error" role="alert" tabindex="-1" ref={ctx.summary.clone()}>{ body }</div> }
}
