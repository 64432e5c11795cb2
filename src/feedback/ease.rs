//! "How easy was it to book today?" on the booking confirmation: the clinic's question, a row of
//! numbered buttons (one tap sends), and "Not now". A low number (1 or 2) first opens one
//! optional box, "What made it hard?", and "Send". After sending: thanks; or, when the clinic
//! will follow up, a real apology (for a low score), the clinic's promise with the day and time
//! it is due, and its phone.
//!
//! The booking bundle's own small version of [`super::prompt`]: the full form is in the
//! aftercare bundle, and the booking bundle has little room.

use std::rc::Rc;

use yew::prelude::*;

use super::{answered, scale_button, scale_ends, FbWords};
use crate::components::alert::with_phone;
use crate::components::{button, new_ids, use_focus_on_change};
use crate::i18n::{text, Language, Msg};
use crate::services::feedback::{self, EaseQuestion};
use crate::services::{ApiClient, Error};

/// Props of [`EasePrompt`].
#[derive(Properties, PartialEq, Clone)]
pub struct EasePromptProps {
    /// The API client.
    pub api: ApiClient,
    /// The clinic's id.
    pub clinic: AttrValue,
    /// The booked visit's manage token.
    pub token: AttrValue,
    /// The patient's language.
    pub lang: Language,
    /// The clinic's phone (the form's own is used when it has one).
    pub phone: AttrValue,
}

/// Where the question stands.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    /// Not asked: the server said no, or could not say (nothing is shown).
    Off,
    /// The buttons are shown.
    Asking,
    /// The answer is on its way.
    Sending,
    /// The clinic has it; its promise, phone and due time when someone will follow up.
    Sent(Option<[String; 3]>),
    /// "Not now".
    Dismissed,
    /// `409`: sent before.
    Already,
    /// It did not get through (`true`: the network).
    Failed(bool),
}

/// What the prompt shows.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    question: Option<Rc<EaseQuestion>>,
    stage: Stage,
    /// The number tapped.
    picked: u8,
    /// A low number was tapped: the "What made it hard?" box is open.
    telling: bool,
    /// What the patient typed there.
    better: String,
}

/// The after-booking question.
#[function_component(EasePrompt)]
pub fn ease_prompt(props: &EasePromptProps) -> Html {
    let shown = use_state(|| Shown {
        question: None,
        stage: Stage::Off,
        picked: 0,
        telling: false,
        better: String::new(),
    });
    let ids = use_memo((), new_ids);
    let target = use_node_ref();
    let root = use_node_ref();
    let lang = props.lang;
    {
        let (shown, props) = (shown.clone(), props.clone());
        use_effect_with(props.token.clone(), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                // A question that cannot load is simply not shown: it never stands in the way.
                if let Some(question) =
                    feedback::ease_question(&props.api, &props.clinic, &props.token, lang).await
                {
                    shown.set(Shown {
                        question: Some(Rc::new(question)),
                        stage: Stage::Asking,
                        picked: 0,
                        telling: false,
                        better: String::new(),
                    });
                }
            });
        });
    }
    let stage = match shown.stage {
        Stage::Off | Stage::Asking | Stage::Sending => 0,
        Stage::Sent(_) => 1,
        Stage::Dismissed => 2,
        Stage::Already => 3,
        Stage::Failed(_) => 4,
    };
    use_focus_on_change(stage | (shown.telling as u32) << 4, target.clone(), "");

    let Some(question) = shown.question.clone() else {
        return Html::default();
    };
    let t = |msg| text(lang, msg);
    let phone = if question.phone.is_empty() {
        props.phone.to_string()
    } else {
        question.phone.clone()
    };
    // A tap sends, unless it is low: then the box opens first, and later taps only change the
    // number until "Send".
    let tap = |n: u8, send: bool| {
        let (shown, props, root) = (shown.clone(), props.clone(), root.clone());
        Callback::from(move |_: MouseEvent| {
            if shown.stage == Stage::Sending {
                return;
            }
            let telling = shown.telling || (!send && n <= 2);
            shown.set(Shown {
                stage: if send || !telling {
                    Stage::Sending
                } else {
                    shown.stage.clone()
                },
                picked: if n > 0 { n } else { shown.picked },
                telling,
                ..(*shown).clone()
            });
            if !send && telling {
                return;
            }
            let n = if n > 0 { n } else { shown.picked };
            let (shown, props, root) = (shown.clone(), props.clone(), root.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let better = if shown.telling {
                    shown.better.as_str()
                } else {
                    ""
                };
                let stage = match feedback::send_ease(
                    &props.api,
                    &props.clinic,
                    &props.token,
                    n,
                    better,
                    lang,
                )
                .await
                {
                    Ok(promise) => {
                        crate::components::emit(
                            &root,
                            "feedback-sent",
                            &[("moment", "after_booking")],
                        );
                        Stage::Sent(promise)
                    }
                    Err(Error::Api { status: 409, .. }) => Stage::Already,
                    Err(error) => Stage::Failed(error == Error::Network),
                };
                shown.set(Shown {
                    stage,
                    picked: n,
                    ..(*shown).clone()
                });
            });
        })
    };
    let title_id = [ids.as_str(), "-fb"].concat();
    let said = |words: Html| html! { <div class="pp-feedback-said" tabindex="-1" ref={target.clone()}>{ words }</div> };
    let body = match &shown.stage {
        Stage::Off => return Html::default(),
        Stage::Dismissed => {
            return html! {
                <div role="status">
                    <p class="pp-feedback-said" tabindex="-1" ref={target.clone()}>{ t(Msg::FbWontAsk) }</p>
                </div>
            }
        }
        Stage::Sent(promise) => {
            let promise = promise.as_ref().map(|[words, phone, due]| FbWords {
                promise: words,
                phone,
                due,
            });
            said(answered(lang, promise, shown.picked <= 2, true, &phone))
        }
        Stage::Already => said(html! { <p>{ with_phone(t(Msg::FbAlready), &phone) }</p> }),
        Stage::Asking | Stage::Sending | Stage::Failed(_) => {
            let label_id = [ids.as_str(), "-q"].concat();
            let buttons = (question.min..=question.max.max(question.min)).map(|n| {
                let end = if n == question.min {
                    question.low.as_str()
                } else if n == question.max {
                    question.high.as_str()
                } else {
                    ""
                };
                let pressed =
                    shown
                        .telling
                        .then_some(if n == shown.picked { "true" } else { "false" });
                scale_button(n, end, pressed, tap(n, false))
            });
            let failure = match shown.stage {
                Stage::Failed(network) => {
                    let words = if network {
                        Msg::NetworkFailed
                    } else {
                        Msg::SomethingWrong
                    };
                    html! {
                        <div class="pp-alert pp-alert-error" role="alert">
                            // The numbers stay: a tap sends again.
                            <p tabindex="-1" ref={target.clone()}>{ with_phone(t(words), &phone) }</p>
                        </div>
                    }
                }
                _ => Html::default(),
            };
            let not_now = {
                let (shown, props) = (shown.clone(), props.clone());
                Callback::from(move |_: MouseEvent| {
                    shown.set(Shown {
                        stage: Stage::Dismissed,
                        ..(*shown).clone()
                    });
                    let props = props.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        // If this does not get through, the question may come back another day.
                        let _ = feedback::dismiss(
                            &props.api,
                            &props.clinic,
                            &props.token,
                            portal_core::api::feedback::Moment::AfterBooking,
                        )
                        .await;
                    });
                })
            };
            let typed = {
                let shown = shown.clone();
                Callback::from(move |e: InputEvent| {
                    let better = e
                        .target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                        .value();
                    shown.set(Shown {
                        better,
                        ..(*shown).clone()
                    });
                })
            };
            html! {
                <>
                    <div class="pp-question-box" role="group" aria-labelledby={label_id.clone()}>
                        <p class="pp-question" id={label_id}>{ question.text.clone() }</p>
                        <div class="pp-scale">{ for buttons }</div>
                        { scale_ends(&question.low, &question.high) }
                    </div>
                    if shown.telling {
                        <div class="pp-field">
                            <label class="pp-label" for={[ids.as_str(), "-better"].concat()}>{ t(Msg::FbWhatHard) }{ t(Msg::FbOptional) }</label>
                            <textarea id={[ids.as_str(), "-better"].concat()} class="pp-input" rows="3" maxlength="500" ref={target.clone()}
                                value={shown.better.clone()} oninput={typed} />
                        </div>
                        <div class="pp-actions">{ button(true, tap(0, true), t(Msg::FbSend), shown.stage == Stage::Sending) }</div>
                    }
                    { failure }
                    if shown.stage == Stage::Sending {
                        <p class="pp-loading" role="status">{ t(Msg::FbSending) }</p>
                    }
                    <div class="pp-actions">{ button(false, not_now, t(Msg::FbNotNow), false) }</div>
                </>
            }
        }
    };
    html! {
        <section class="pp-feedback" ref={root} aria-labelledby={title_id.clone()}>
            <h4 class="pp-subheading" id={title_id}>{ t(Msg::FbTitle) }</h4>
            { body }
        </section>
    }
}
