//! The packet as the patient reads it: a greeting, the emergency part first in a box of its
//! own, then every part in order with an "I understand" box each, the teach-back questions,
//! the after-visit feedback questions (when the clinic asks), the follow-up, and the ways to
//! print, switch language, book and call. Text from the server is always text: bold becomes
//! `<strong>`, an `https://` address a link, anything else stays words (no inner HTML, ever).

use portal_core::api::instructions::{
    Block, BlockKind, Inline, PacketSection, PacketSectionKind as Kind, PacketView,
};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::{action_for, medicines, next_visit, teach_back, Action, Ctx, Problem, Save};
use crate::components::alert::{self, para_with_phone, with_phone};
use crate::components::button;
use crate::components::phone::phone_link;
use crate::i18n::{fill, Language, Msg};
use crate::intl;
use crate::services::packets;

/// The whole packet.
pub fn view(ctx: &Ctx, packet: &PacketView) -> Html {
    let s = ctx.state;
    let sections = packet.sections.iter().enumerate();
    // The emergency part comes first, whatever its place in the packet.
    let emergency = sections
        .clone()
        .filter(|(_, p)| p.kind == Kind::Emergency)
        .map(|(i, p)| section(ctx, packet, i, p));
    let rest = sections
        .filter(|(_, p)| p.kind != Kind::Emergency)
        .map(|(i, p)| section(ctx, packet, i, p));
    let both = [Language::En, Language::Es]
        .iter()
        .all(|lang| packet.languages.contains(lang));
    let print = Callback::from(|_: MouseEvent| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
    let problem = s.problem.map(|problem| {
        let words = if problem == Problem::Network {
            Msg::NetworkFailed
        } else {
            Msg::SomethingWrong
        };
        alert::error(html! {
            <>
                { para_with_phone(ctx.t(words), ctx.phone) }
                { button(false, ctx.on(Action::Load(s.lang)), ctx.t(Msg::TryAgain), false) }
            </>
        })
    });
    let follow_up = packet.follow_up.as_ref().map(|f| {
        html! {
            <div class="pp-follow-up">
                if !f.date.is_empty() {
                    <p>{ next_visit(ctx.lang, &f.date) }</p>
                }
                if let Some(visit_type) = &f.visit_type {
                    <div class="pp-actions">{ button(true, book(visit_type), ctx.t(Msg::BookFollowUp), false) }</div>
                }
            </div>
        }
    });

    html! {
        <>
            <h3 class="pp-step-heading" tabindex="-1" ref={ctx.heading.clone()}>
                <span class="pp-greeting">{ fill(ctx.lang, Msg::Hello, &[&packet.preferred_name]) }</span>
                { " " }
                <span class="pp-title">{ &packet.title }</span>
            </h3>
            <div class="pp-actions">
                { button(false, print, ctx.t(Msg::Print), false) }
                if both {
                    <div class="pp-lang" role="group" aria-label={ctx.t(Msg::LanguageLabel)}>
                        { language(ctx, Language::En, "English") }
                        { language(ctx, Language::Es, "Español") }
                    </div>
                }
            </div>
            <div aria-live="polite">
                if s.loading {
                    <p class="pp-loading">{ ctx.t(Msg::GettingInstructions) }</p>
                }
                { problem }
            </div>
            { for emergency }
            { for rest }
            { teach_back::view(ctx, packet) }
            // After the teach-back: how the visit went, when the clinic asks (the session is
            // the patient's right to answer).
            if let Some(session) = &s.session {
                <crate::feedback::Prompt api={ctx.api.clone()} clinic={ctx.clinic.to_string()} token={session.to_string()}
                    moment={portal_core::api::feedback::Moment::AfterVisit} lang={ctx.lang} phone={ctx.phone.to_string()} />
            }
            { follow_up }
            <p class="pp-questions">{ ctx.t(Msg::QuestionsCall) }{ " " }{ phone_link(ctx.phone) }</p>
        </>
    }
}

/// A button that reads the packet in `lang` (pressed when it is the one shown).
fn language(ctx: &Ctx, lang: Language, name: &'static str) -> Html {
    let pressed = if ctx.state.lang == lang {
        "true"
    } else {
        "false"
    };
    html! {
        <button type="button" class="pp-button pp-button-secondary" lang={lang.code()} aria-pressed={pressed}
            onclick={ctx.on(Action::Load(lang))}>{ name }</button>
    }
}

/// The id of section `index`'s heading (teach-back answers link to it).
pub fn heading_id(ctx: &Ctx, index: usize) -> String {
    ctx.id(&["s", &intl::num(index as u32)].concat())
}

/// One part: its heading, its text, what belongs to its kind, and "I understand".
fn section(ctx: &Ctx, packet: &PacketView, index: usize, part: &PacketSection) -> Html {
    let id = heading_id(ctx, index);
    let inside = html! {
        <>
            <h4 class="pp-section-heading" id={id.clone()} tabindex="-1">{ &part.heading }</h4>
            { for part.blocks.iter().map(block) }
            if part.kind == Kind::Medicines {
                { medicines::view(ctx, &packet.medicines) }
            }
            if part.kind == Kind::Emergency {
                <p><a class="pp-call-911" href="tel:911">{ ctx.t(Msg::Call911) }</a></p>
            }
            if part.kind == Kind::CallUs {
                <p class="pp-call-us">{ with_phone(ctx.t(Msg::CallUsAt), ctx.phone) }</p>
            }
            { understand(ctx, &part.id, &part.heading, &id) }
        </>
    };
    // Literal classes: a computed `class` goes through yew's `Classes` (several KB of wasm).
    match part.kind {
        // A landmark with a strong look, not an alert: it is there from the start, not news.
        Kind::Emergency => {
            html! { <section class="pp-emergency" aria-labelledby={id}>{ inside }</section> }
        }
        Kind::CallUs => {
            html! { <div class="pp-section pp-alert pp-alert-warning">{ inside }</div> }
        }
        _ => html! { <div class="pp-section">{ inside }</div> },
    }
}

/// A paragraph or a list.
fn block(block: &Block) -> Html {
    let items = || {
        block
            .items
            .iter()
            .map(|item| html! { <li>{ inlines(item) }</li> })
    };
    match block.kind {
        BlockKind::Bullets => html! { <ul class="pp-bullets">{ for items() }</ul> },
        BlockKind::Numbered => html! { <ol class="pp-numbered">{ for items() }</ol> },
        BlockKind::Paragraph => html! { <p>{ inlines(&block.inlines) }</p> },
    }
}

/// Runs of text: bold as `<strong>`, a link only to an `https://` address, else plain text.
pub fn inlines(runs: &[Inline]) -> Html {
    runs.iter()
        .map(|run| {
            let words = if run.bold {
                html! { <strong>{ run.text.clone() }</strong> }
            } else {
                html! { { run.text.clone() } }
            };
            match run
                .href
                .as_deref()
                .filter(|href| href.starts_with("https://"))
            {
                Some(href) => html! { <a class="pp-link" href={href.to_string()}>{ words }</a> },
                None => words,
            }
        })
        .collect()
}

/// "I read and understand this part", with how saving it goes (announced politely).
fn understand(ctx: &Ctx, section: &str, heading: &str, heading_id: &str) -> Html {
    let save = ctx.state.ack(section);
    let id = [heading_id, "-ack"].concat();
    let status_id = [heading_id, "-st"].concat();
    let status = match save {
        Some(Save::Saving) => ctx.t(Msg::Saving),
        Some(Save::Saved) => ctx.t(Msg::Saved),
        Some(Save::Failed) => ctx.t(Msg::SaveFailed),
        None => "",
    };
    let onchange = acknowledge(ctx, section);
    let retry = (save == Some(Save::Failed)).then(|| {
        let send = onchange.clone();
        Callback::from(move |_: MouseEvent| send.emit(None))
    });
    let onchange = onchange.reform(|e: Event| Some(e));
    html! {
        <div class="pp-ack">
            <div class="pp-ack-box">
                <input type="checkbox" id={id.clone()} checked={save.is_some()} {onchange} aria-describedby={status_id.clone()} />
                <label for={id}>
                    { ctx.t(Msg::Understand) }<span class="pp-visually-hidden">{ ": " }{ heading.to_string() }</span>
                </label>
            </div>
            <p class="pp-ack-status" id={status_id} role="status">{ status }</p>
            if let Some(retry) = retry {
                { button(false, retry, ctx.t(Msg::TryAgain), false) }
            }
        </div>
    }
}

/// Ticks "I understand" and sends it once (again after a failure). The box cannot be unticked:
/// the clinic keeps the acknowledgement.
fn acknowledge(ctx: &Ctx, section: &str) -> Callback<Option<Event>> {
    let busy = matches!(ctx.state.ack(section), Some(Save::Saving | Save::Saved));
    let (api, session, send, section) = (
        ctx.api.clone(),
        ctx.state.session.clone(),
        ctx.send.clone(),
        section.to_string(),
    );
    Callback::from(move |event: Option<Event>| {
        if let Some(input) = event
            .and_then(|e| e.target())
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            input.set_checked(true);
        }
        let Some(session) = session.clone().filter(|_| !busy) else {
            return;
        };
        send.emit(Action::Acknowledge(section.clone()));
        let (api, send, section) = (api.clone(), send.clone(), section.clone());
        wasm_bindgen_futures::spawn_local(async move {
            send.emit(match packets::acknowledge(&api, &session, &section).await {
                Ok(()) => Action::Acknowledged(section, Save::Saved),
                Err(error) => match action_for(error) {
                    Action::SessionEnded => Action::SessionEnded,
                    _ => Action::Acknowledged(section, Save::Failed),
                },
            });
        });
    })
}

/// "Book your follow-up": asks the page (the loader) to open booking with `visit_type` chosen.
fn book(visit_type: &str) -> Callback<MouseEvent> {
    let visit_type = visit_type.to_string();
    Callback::from(move |e: MouseEvent| {
        crate::components::navigate(&e, "booking", Some(&visit_type), None)
    })
}
