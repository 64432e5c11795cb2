//! The feedback link's view (`#pp-feedback=<secret>`), sent by the clinic after a visit: a
//! greeting by the patient's preferred name, the visit's date, the questions (or what became of
//! the answers sent before), and what the clinic changed because patients told it
//! ("You said, we did"). The secret lives only in this component's memory.

use std::rc::Rc;

use portal_core::api::feedback::{FeedbackLinkView, YouSaidWeDid};
use portal_core::api::Catalog;
use yew::prelude::*;

use super::Prompt;
use crate::components::{alert, new_ids, zero};
use crate::i18n::{fill, text, Language, Msg};
use crate::intl;
use crate::services::{feedback, ApiClient, Error};

/// Props of [`FeedbackView`].
#[derive(Properties, PartialEq, Clone)]
pub struct FeedbackViewProps {
    /// The clinic's catalog (its id and phone).
    pub catalog: Rc<Catalog>,
    /// The API client.
    pub api: ApiClient,
    /// The patient's language.
    pub lang: Language,
    /// The link's secret; read from the page's `#pp-feedback=` when not given (tests give it).
    #[prop_or_default]
    pub secret: Option<AttrValue>,
    /// The page's own headings.
    #[prop_or_default]
    pub headings: crate::config::Headings,
}

/// Where reading the link stands.
#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Ready(Rc<FeedbackLinkView>),
    Failed(Error),
}

/// The secret in a page's `#pp-feedback=<secret>`, if any.
pub fn feedback_secret(hash: &str) -> Option<String> {
    let rest = hash.strip_prefix("#pp-feedback=")?;
    let secret = rest.split('&').next().unwrap_or_default();
    (!secret.is_empty()).then(|| secret.to_string())
}

/// The feedback link's view.
#[function_component(FeedbackView)]
pub fn feedback_view(props: &FeedbackViewProps) -> Html {
    let secret = use_memo(props.secret.clone(), |given| {
        given.as_ref().map(|s| s.to_string()).or_else(|| {
            web_sys::window()
                .and_then(|w| w.location().hash().ok())
                .and_then(|hash| feedback_secret(&hash))
        })
    });
    let load = use_state(|| Load::Loading);
    let notes = use_state(|| Rc::new(Vec::<YouSaidWeDid>::new()));
    let attempt = use_state(zero);
    let ids = use_memo((), new_ids);
    let lang = props.lang;
    let clinic = props.catalog.clinic.id.clone();
    let phone = props.catalog.clinic.phone.as_str();

    {
        let (load, api, secret) = (load.setter(), props.api.clone(), secret.clone());
        use_effect_with(*attempt, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let Some(secret) = (*secret).clone() else {
                    return load.set(Load::Failed(Error::Unexpected(404)));
                };
                load.set(match feedback::link(&api, &secret).await {
                    Ok(view) => Load::Ready(Rc::new(view)),
                    Err(error) => Load::Failed(error),
                });
            });
        });
    }
    {
        let (notes, api, clinic) = (notes.setter(), props.api.clone(), clinic.clone());
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                // The notes are a bonus: without them the page still works.
                if let Ok(list) = feedback::notes(&api, &clinic).await {
                    notes.set(Rc::new(list));
                }
            });
        });
    }

    let body = match &*load {
        Load::Loading => alert::loading(text(lang, Msg::Loading)),
        Load::Ready(view) => html! {
            <>
                <h3 class="pp-step-heading">{ fill(lang, Msg::Hello, &[&view.preferred_name]) }</h3>
                <p>{ fill(lang, Msg::FbAbout, &[&intl::day(lang, &view.visit_date)]) }</p>
                <Prompt api={props.api.clone()} clinic={clinic.clone()} token={(*secret).clone().unwrap_or_default()}
                    moment={portal_core::api::feedback::Moment::AfterVisit} {lang} phone={phone.to_string()} given={Rc::new(view.prompt.clone())}
                    title={props.headings.get(lang, |h| &h.feedback, "").to_string()} />
            </>
        },
        Load::Failed(error) => {
            let stop = match error {
                Error::Api { status: 410, .. } => Some(Msg::LinkExpired),
                Error::Api {
                    status: 401 | 403 | 404,
                    ..
                }
                | Error::Unexpected(404) => Some(Msg::LinkBroken),
                _ => None,
            };
            let problem = match stop {
                Some(msg) => alert::error(alert::para_with_phone(text(lang, msg), phone)),
                None => {
                    let (load, attempt) = (load.clone(), attempt.clone());
                    alert::cant_reach(
                        lang,
                        phone,
                        Callback::from(move |_: MouseEvent| {
                            load.set(Load::Loading);
                            attempt.set(*attempt + 1);
                        }),
                    )
                }
            };
            html! {
                <>
                    <h3 class="pp-step-heading">{ props.headings.get(lang, |h| &h.feedback, text(lang, Msg::FbTitle)) }</h3>
                    { problem }
                </>
            }
        }
    };
    let notes_id = [ids.as_str(), "-ysw"].concat();
    html! {
        <div class="pp-feedback-view">
            { body }
            if !notes.is_empty() {
                <section class="pp-you-said" aria-labelledby={notes_id.clone()}>
                    <h4 class="pp-subheading" id={notes_id}>{ text(lang, Msg::FbNotes) }</h4>
                    <ul>
                        // The clinic's words, always as text.
                        { for notes.iter().map(|note| html! { <li>{ note.text.get(lang).to_string() }</li> }) }
                    </ul>
                </section>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::feedback_secret;

    #[test]
    fn the_secret_is_read_from_the_fragment_only() {
        assert_eq!(feedback_secret("#pp-feedback=f3").as_deref(), Some("f3"));
        assert_eq!(
            feedback_secret("#pp-feedback=f3&x=1").as_deref(),
            Some("f3")
        );
        assert_eq!(feedback_secret("#pp-feedback="), None);
        assert_eq!(feedback_secret("#pp-packet=f3"), None);
    }
}
