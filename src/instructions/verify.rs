//! "Your visit instructions": the patient confirms their date of birth before reading. The same
//! three fields, checks and words as booking's "About you"; a wrong date keeps what was typed;
//! a link that cannot be used gives way to an apology and the clinic's phone.

use yew::prelude::*;

use super::{Action, Ctx, Problem, Stop};
use crate::components::alert::{self, para_with_phone};
use crate::components::birth_date::BirthDate;
use crate::components::button;
use crate::components::error_summary::error_summary;
use crate::components::field::value_of;
use crate::i18n::Msg;
use crate::intl;

/// The identity check.
pub fn view(ctx: &Ctx) -> Html {
    let s = ctx.state;
    let lang = ctx.lang;
    let heading = html! {
        <h3 class="pp-step-heading" tabindex="-1" ref={ctx.heading.clone()}>{ ctx.title }</h3>
    };
    if let Some(stop) = s.stop {
        let words = match stop {
            Stop::Locked => Msg::LinkLocked,
            Stop::Expired => Msg::LinkExpired,
            Stop::Broken => Msg::LinkBroken,
        };
        return html! {
            <>
                { heading }
                { alert::error(para_with_phone(ctx.t(words), ctx.phone)) }
            </>
        };
    }

    let ids = [ctx.id("dob-m"), ctx.id("dob-d"), ctx.id("dob-y")];
    // After a wrong date the server's own words (in the page's language, with the tries left)
    // say it all; ours are the fallback.
    let error = s.birth_error.as_deref().map(|words| {
        if s.mismatch && words.is_empty() {
            ctx.t(Msg::DateMismatch).to_string()
        } else {
            words.to_string()
        }
    });
    let summary = error.clone().map(|words| {
        error_summary(
            ctx.id("summary"),
            ctx.t(Msg::FixThese),
            vec![(ids[0].clone(), words)],
            ctx.summary.clone(),
        )
    });
    let oninput = [0, 1, 2].map(|part| {
        ctx.send
            .reform(move |e: InputEvent| Action::Type(part, value_of(&e)))
    });
    let birth = BirthDate {
        ids,
        hint_id: ctx.id("dob-h"),
        error_id: ctx.id("dob-e"),
        values: [&s.birth[0], &s.birth[1], &s.birth[2]].map(String::as_str),
        error: error.as_deref(),
        oninput,
        lang,
    }
    .view();
    let on_verify = ctx.send.reform(move |_: MouseEvent| Action::Verify {
        today: intl::today(),
        lang,
    });
    let problem = s.problem.map(|problem| {
        let words = match problem {
            Problem::Network => Msg::NetworkFailed,
            Problem::Other => Msg::SomethingWrong,
        };
        alert::error(para_with_phone(ctx.t(words), ctx.phone))
    });
    let label = if s.verifying {
        Msg::Checking
    } else {
        Msg::ShowInstructions
    };

    html! {
        <>
            { heading }
            if s.session_ended {
                { alert::info(html! { <p>{ ctx.t(Msg::SessionEnded) }</p> }) }
            } else {
                <p>{ ctx.t(Msg::VerifyIntro) }</p>
            }
            { summary }
            { birth }
            <div aria-live="polite">{ problem }</div>
            <div class="pp-actions">{ button(true, on_verify, ctx.t(label), s.verifying) }</div>
        </>
    }
}
