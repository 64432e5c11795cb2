//! "A few quick questions": each a radio group under its question. A right answer says so; a
//! wrong one says which part to read again and links to it, without blame.

use portal_core::api::instructions::{PacketView, TeachBackQuestion};
use yew::prelude::*;

use super::packet::heading_id;
use super::{action_for, Action, Check, Ctx};
use crate::components::button;
use crate::components::choice::{choice, group};
use crate::components::error_summary::go_to_field;
use crate::i18n::{fill, Msg};
use crate::intl;
use crate::services::packets;

/// The questions; nothing when the packet has none.
pub fn view(ctx: &Ctx, packet: &PacketView) -> Html {
    if packet.teach_back.is_empty() {
        return Html::default();
    }
    html! {
        <div class="pp-teach-back">
            <h4 class="pp-section-heading">{ ctx.t(Msg::QuizTitle) }</h4>
            { for packet.teach_back.iter().enumerate().map(|(i, q)| question(ctx, packet, i, q)) }
        </div>
    }
}

fn question(ctx: &Ctx, packet: &PacketView, index: usize, q: &TeachBackQuestion) -> Html {
    let answer = ctx.state.answer(&q.id);
    let name = ctx.id(&["q", &intl::num(index as u32)].concat());
    // Passed before this visit to the page: nothing to answer again.
    if answer.check == Check::Right && answer.choice.is_none() {
        return html! {
            <div class="pp-question-box">
                <p class="pp-question">{ &q.prompt }</p>
                <p class="pp-right">{ ctx.t(Msg::Right) }</p>
            </div>
        };
    }
    let choices: Html = q
        .choices
        .iter()
        .enumerate()
        .map(|(j, label)| {
            let j = j as u32;
            choice(
                [name.as_str(), "-", &intl::num(j)].concat(),
                &name,
                answer.choice == Some(j),
                ctx.on(Action::Choose(q.id.clone(), j)),
                label,
                None,
            )
        })
        .collect();
    let missing = (answer.check == Check::Missing).then(|| ctx.t(Msg::PickAnswer));
    let verdict = match &answer.check {
        Check::Right => html! { <p class="pp-right">{ ctx.t(Msg::Right) }</p> },
        Check::Wrong(reread) => {
            let section = if reread.is_empty() {
                &q.section
            } else {
                reread
            };
            let found = packet.sections.iter().position(|p| &p.id == section);
            let heading = found.map_or("", |i| packet.sections[i].heading.as_str());
            html! {
                <>
                    <p>{ fill(ctx.lang, Msg::NotQuite, &[heading]) }</p>
                    if let Some(i) = found {
                        <p><a class="pp-link" href={["#", &heading_id(ctx, i)].concat()} onclick={Callback::from(go_to_field)}>
                            { fill(ctx.lang, Msg::GoToPart, &[heading]) }
                        </a></p>
                    }
                </>
            }
        }
        Check::Checking => html! { <p>{ ctx.t(Msg::Checking) }</p> },
        Check::Failed => html! { <p class="pp-field-error">{ ctx.t(Msg::AnswerFailed) }</p> },
        Check::Open | Check::Missing => Html::default(),
    };
    html! {
        <div class="pp-question-box">
            { group([name.as_str(), "-e"].concat(), &q.prompt, missing, choices) }
            { button(true, ask(ctx, q, answer.choice, &answer.check), ctx.t(Msg::CheckAnswer), answer.check == Check::Checking) }
            <div aria-live="polite">{ verdict }</div>
        </div>
    }
}

/// "Check my answer": sends the choice once (none while one is on its way or already right).
fn ask(
    ctx: &Ctx,
    q: &TeachBackQuestion,
    choice: Option<u32>,
    check: &Check,
) -> Callback<MouseEvent> {
    let idle = !matches!(check, Check::Checking | Check::Right);
    let (api, session, send, id) = (
        ctx.api.clone(),
        ctx.state.session.clone(),
        ctx.send.clone(),
        q.id.clone(),
    );
    Callback::from(move |_: MouseEvent| {
        if !idle {
            return;
        }
        send.emit(Action::Ask(id.clone()));
        let (Some(choice), Some(session)) = (choice, session.clone()) else {
            return;
        };
        let (api, send, id) = (api.clone(), send.clone(), id.clone());
        wasm_bindgen_futures::spawn_local(async move {
            send.emit(match packets::answer(&api, &session, &id, choice).await {
                Ok(verdict) => Action::Verdict(id, verdict),
                Err(error) => match action_for(error) {
                    Action::SessionEnded => Action::SessionEnded,
                    _ => Action::AskFailed(id),
                },
            });
        });
    })
}
