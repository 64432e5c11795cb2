//! The widget's shell: loads the clinic's catalog, shows who the clinic is and how to call it,
//! and hosts the configured view: the booking flow, the manage view of a booked visit
//! (`#pp-manage=<id>.<token>`), the patient's instructions, or the feedback link's view. Every
//! bundle shares it; each view is compiled in only with its feature.

use std::rc::Rc;

use portal_core::api::Catalog;
use yew::prelude::*;

use crate::components::button;
use crate::components::phone::phone_link;
use crate::config::{View, WidgetConfig};
use crate::i18n::{text, Msg};
use crate::services::{self, ApiClient};

/// Props of the whole widget.
#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// What the web developer configured.
    pub config: WidgetConfig,
}

/// Where the catalog is.
#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Ready(Rc<Catalog>),
    /// Not loaded; `true` when the server refused this page (not in the clinic's
    /// `embed_origins`), where trying again cannot help.
    Failed(bool),
}

/// The whole widget.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let config = &props.config;
    let lang = config.lang;
    let api = use_memo(config.api_base.clone(), |base| ApiClient {
        base: base.clone(),
    });
    let load = use_state(|| Load::Loading);
    let attempt = use_state(crate::components::zero);
    let root = use_node_ref();
    let ready = matches!(*load, Load::Ready(_));
    {
        let root = root.clone();
        let view = config.view.name();
        use_effect_with(ready, move |ready| {
            if *ready {
                crate::components::emit(&root, "ready", &[("view", view)]);
            }
        });
    }

    {
        let load = load.setter();
        let api = api.clone();
        let clinic = config.clinic.clone();
        use_effect_with((*attempt, clinic.clone()), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match services::catalog::fetch(&api, &clinic).await {
                    Ok(catalog) => load.set(Load::Ready(Rc::new(catalog))),
                    Err(services::Error::Api { error, .. })
                        if error.code == services::request::code::ORIGIN_NOT_ALLOWED =>
                    {
                        // For the web developer: the server's words say which origin to add where.
                        web_sys::console::error_1(
                            &["patient-portal: ", &error.message].concat().into(),
                        );
                        load.set(Load::Failed(true))
                    }
                    Err(_) => load.set(Load::Failed(false)),
                }
            });
        });
    }

    let body = match &*load {
        Load::Loading => crate::components::alert::loading(text(lang, Msg::Loading)),
        Load::Failed(refused) => {
            let retry = {
                let attempt = attempt.clone();
                let load = load.clone();
                Callback::from(move |_: MouseEvent| {
                    load.set(Load::Loading);
                    attempt.set(*attempt + 1);
                })
            };
            let phone = config.phone.as_deref();
            html! {
                <div class="pp-alert pp-alert-error" role="alert">
                    <p>
                        { text(lang, if *refused { Msg::CantBookHere } else { Msg::CantReachClinic }) }
                        if let Some(phone) = phone { { " " }{ phone_link(phone) } }
                    </p>
                    if !*refused { { button(false, retry, text(lang, Msg::TryAgain), false) } }
                </div>
            }
        }
        Load::Ready(catalog) => html! {
            <>
                <header class="pp-header">
                    <p class="pp-clinic-name">{ &catalog.clinic.name }</p>
                    <p class="pp-phone">
                        { text(lang, Msg::CallUs) }{ " " }
                        { phone_link(&catalog.clinic.phone) }
                    </p>
                </header>
                { match config.view {
                    #[cfg(feature = "booking")]
                    View::Booking => booking(catalog, &api, config),
                    #[cfg(feature = "manage")]
                    View::Manage => manage(catalog, &api, lang),
                    #[cfg(feature = "instructions")]
                    View::Instructions => html! {
                        <crate::instructions::InstructionsView catalog={catalog.clone()} api={(*api).clone()} {lang} headings={config.headings.clone()} />
                    },
                    #[cfg(feature = "feedback")]
                    View::Feedback => html! {
                        <crate::feedback::view::FeedbackView catalog={catalog.clone()} api={(*api).clone()} {lang} headings={config.headings.clone()} />
                    },
                    // `mount` refuses a view this bundle was built without.
                    #[allow(unreachable_patterns)]
                    _ => Html::default(),
                } }
            </>
        },
    };

    html! {
        <section class="pp-widget" ref={root} lang={lang.tag()} aria-label={aria_label(&load)}>
            { body }
        </section>
    }
}

/// The booking flow, starting with what the page chose: the visit type, the provider (when
/// the catalog has them and they go together), whether the patient is new.
#[cfg(feature = "booking")]
fn booking(catalog: &Rc<Catalog>, api: &ApiClient, config: &WidgetConfig) -> Html {
    use crate::booking::state::BookingState;
    use crate::booking::BookingFlow;
    let lang = config.lang;
    let mut resume = config
        .visit_type
        .as_deref()
        .and_then(|id| BookingState::starting_with(catalog, id));
    if let Some(provider) = config
        .provider
        .as_deref()
        .and_then(|id| catalog.providers.iter().find(|p| p.id == id))
    {
        let start = resume.get_or_insert_with(BookingState::default);
        if start
            .visit_type
            .as_ref()
            .is_none_or(|v| provider.visit_types.contains(v))
        {
            start.provider = Some(provider.id.clone());
        }
    }
    if let Some(new) = config.new_patient {
        resume.get_or_insert_with(BookingState::default).new_patient = Some(new);
    }
    html! {
        <BookingFlow catalog={catalog.clone()} api={api.clone()} {lang} {resume}
            headings={config.headings.clone()} page_url={config.page_url.clone()} />
    }
}

/// The manage view of the visit in the page's `#pp-manage=<id>.<token>`; a link cut short gets
/// an apology and the phone.
#[cfg(feature = "manage")]
fn manage(catalog: &Rc<Catalog>, api: &ApiClient, lang: crate::i18n::Language) -> Html {
    use crate::booking::manage::ManageView;
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    match crate::booking::confirmation::manage_link(&hash) {
        Some((id, token)) => {
            html! { <ManageView catalog={catalog.clone()} api={api.clone()} {lang} {id} {token} /> }
        }
        None => crate::components::alert::error(crate::components::alert::para_with_phone(
            text(lang, Msg::BadLink),
            &catalog.clinic.phone,
        )),
    }
}

fn aria_label(load: &Load) -> String {
    match load {
        Load::Ready(catalog) => catalog.clinic.name.clone(),
        _ => "Patient portal".into(),
    }
}
