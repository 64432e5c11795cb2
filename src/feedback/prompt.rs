//! The feedback prompt: a region of the page (not a dialog: nothing is blocked) with the
//! clinic's questions, "Send" and "Not now". A form of one scale question (after booking) sends
//! on one tap. After sending: thanks, or, when the clinic will follow up, a real apology, the
//! clinic's own promise and its phone. Nothing typed is lost on an error.

use std::rc::Rc;

use portal_core::api::feedback::{
    FeedbackForm, FeedbackPrompt, FeedbackQuestion, FeedbackStatus, FollowUpPromise, FollowUpState,
    Moment, QuestionId, QuestionKind,
};
use yew::prelude::*;

use super::{answered, scale_button, scale_ends, Answers, FbWords};
use crate::components::alert::{self, with_phone};
use crate::components::{button, new_ids, use_focus_on_change};
use crate::i18n::{fill, text, Language, Msg};
use crate::intl;
use crate::services::{feedback, ApiClient, Error};

/// Props of [`Prompt`].
#[derive(Properties, PartialEq, Clone)]
pub struct PromptProps {
    /// The API client.
    pub api: ApiClient,
    /// The clinic's id.
    pub clinic: AttrValue,
    /// What lets the patient answer: the visit's manage token, the packet's reading session, or
    /// the feedback link's secret.
    pub token: AttrValue,
    /// `after_booking` or `after_visit`.
    pub moment: Moment,
    /// The patient's language.
    pub lang: Language,
    /// The clinic's phone (the form's own is used when it has one).
    pub phone: AttrValue,
    /// What the server said about asking, when the caller already has it (a feedback link);
    /// else the prompt asks the server itself.
    #[prop_or_default]
    pub given: Option<Rc<FeedbackPrompt>>,
    /// The heading in the page's own words (`strings.*.feedbackTitle`); empty for ours.
    #[prop_or_default]
    pub title: AttrValue,
}

/// Where the prompt stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// Asking the server whether to ask (or it could not say: nothing is shown).
    Waiting,
    /// The questions are shown.
    Asking,
    /// The answers are on their way.
    Sending,
    /// The clinic has them; with its promise when someone will follow up.
    Sent(Option<FollowUpPromise>),
    /// "Not now".
    Dismissed,
    /// `409`: this visit's answers were sent before.
    Already,
    /// The answers did not get through; everything typed is kept.
    Failed(Error),
}

/// Everything the prompt knows.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    /// What the server said about asking.
    pub prompt: Option<Rc<FeedbackPrompt>>,
    /// Where it stands.
    pub phase: Phase,
    /// What the patient picked and typed.
    pub answers: Answers,
    /// What stops sending: (field, words), shown by each question.
    pub problems: Vec<(String, String)>,
    /// How many "Send" presses found problems (the summary takes focus each time).
    pub tries: u32,
    /// How many sends were started (the request goes out when this changes).
    pub sends: u32,
}

/// What the patient or the server did.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The server said whether to ask.
    Prompt(Rc<FeedbackPrompt>),
    /// Picked a number for a scale question.
    Pick(QuestionId, u8),
    /// Picked a number on a one-question form: it is sent at once.
    Tap(QuestionId, u8),
    /// Typed in "What could we do better?".
    Better(String),
    /// Picked a way to be contacted.
    Way(&'static str),
    /// Typed the number or email to use.
    Value(String),
    /// Pressed "Send": check, then send.
    Send(Language),
    /// The server answered the send.
    Sent(Result<Option<FollowUpPromise>, Error>),
    /// Pressed "Not now".
    Dismiss,
}

impl Shown {
    fn form(&self) -> Option<&FeedbackForm> {
        self.prompt
            .as_ref()
            .filter(|p| p.ask)
            .and_then(|p| p.form.as_ref())
    }

    /// The state after `action`.
    pub fn reduce(&mut self, action: Action) {
        match action {
            Action::Prompt(prompt) => {
                self.prompt = Some(prompt);
                self.phase = Phase::Asking;
            }
            Action::Pick(id, n) => self.answers.pick(id, n),
            Action::Tap(id, n) => {
                self.answers.pick(id, n);
                self.send();
            }
            Action::Better(words) => self.answers.better = words,
            Action::Way(way) => self.answers.contact = Some(way.into()),
            Action::Value(value) => self.answers.contact_value = value,
            Action::Send(lang) => {
                if let Some(form) = self.form() {
                    self.problems = self.answers.problems(form, lang);
                    if self.problems.is_empty() {
                        self.send();
                    } else {
                        self.tries += 1;
                    }
                }
            }
            Action::Sent(result) => {
                self.phase = match result {
                    Ok(promise) => Phase::Sent(promise),
                    Err(Error::Api { status: 409, .. }) => Phase::Already,
                    Err(Error::Api { status: 422, error }) if !error.fields.is_empty() => {
                        self.problems = error
                            .fields
                            .into_iter()
                            .map(|f| (f.path, f.message))
                            .collect();
                        self.tries += 1;
                        Phase::Asking
                    }
                    Err(error) => Phase::Failed(error),
                }
            }
            Action::Dismiss => self.phase = Phase::Dismissed,
        }
    }

    fn send(&mut self) {
        if self.phase != Phase::Sending {
            self.problems.clear();
            self.phase = Phase::Sending;
            self.sends += 1;
        }
    }
}

impl Reducible for Shown {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        Shown::reduce(&mut next, action);
        Rc::new(next)
    }
}

/// The feedback prompt.
#[function_component(Prompt)]
pub fn prompt(props: &PromptProps) -> Html {
    let given = props.given.clone();
    let shown = use_reducer(move || Shown {
        phase: if given.is_some() {
            Phase::Asking
        } else {
            Phase::Waiting
        },
        prompt: given,
        answers: Answers::default(),
        problems: Vec::new(),
        tries: 0,
        sends: 0,
    });
    let ids = use_memo((), new_ids);
    let target = use_node_ref();
    let root = use_node_ref();
    let send = shown.dispatcher().to_callback();
    let lang = props.lang;

    // Whether to ask: the server knows what was sent or dismissed.
    {
        let (send, props) = (send.clone(), props.clone());
        use_effect_with(props.token.clone(), move |_| {
            if props.given.is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    // A prompt that cannot load is simply not shown: it never stands in the way.
                    if let Ok(prompt) =
                        feedback::prompt(&props.api, &props.clinic, props.moment, &props.token)
                            .await
                    {
                        send.emit(Action::Prompt(Rc::new(prompt)));
                    }
                });
            }
        });
    }
    // Each send is one request.
    {
        let (shown, props, root) = (shown.clone(), props.clone(), root.clone());
        use_effect_with(shown.sends, move |_| {
            if shown.phase == Phase::Sending {
                let request = shown.answers.request(props.moment, lang);
                let send = shown.dispatcher();
                wasm_bindgen_futures::spawn_local(async move {
                    let result =
                        feedback::send(&props.api, &props.clinic, &props.token, &request).await;
                    if result.is_ok() {
                        crate::components::emit(
                            &root,
                            "feedback-sent",
                            &[("moment", props.moment.as_str())],
                        );
                    }
                    send.dispatch(Action::Sent(result.map(|receipt| receipt.follow_up)));
                });
            }
        });
    }
    // Focus goes to what answers the patient: the result, or the problems after "Send".
    let phase = match shown.phase {
        Phase::Waiting | Phase::Asking | Phase::Sending => 0,
        Phase::Sent(_) => 1,
        Phase::Dismissed => 2,
        Phase::Already => 3,
        Phase::Failed(_) => 4,
    };
    use_focus_on_change(phase << 16 | shown.tries, target.clone(), "");

    let Some(prompt) = shown.prompt.clone() else {
        return Html::default();
    };
    let t = |msg| text(lang, msg);
    let phone = prompt.form.as_ref().map_or("", |f| f.phone.as_str());
    let phone = if phone.is_empty() {
        props.phone.as_str()
    } else {
        phone
    };
    let title_id = [ids.as_str(), "-fb"].concat();
    let region = |body: Html| {
        html! {
            <section class="pp-feedback" ref={root.clone()} aria-labelledby={title_id.clone()}>
                <h4 class="pp-subheading" id={title_id.clone()}>{ if props.title.is_empty() { t(Msg::FbTitle) } else { &props.title } }</h4>
                { body }
            </section>
        }
    };
    let said = |words: Html| html! { <div class="pp-feedback-said" tabindex="-1" ref={target.clone()}>{ words }</div> };

    let form = match (&shown.phase, prompt.form.as_ref()) {
        (Phase::Waiting, _) => return Html::default(),
        (Phase::Sent(promise), _) => {
            let promise = promise.as_ref().map(|p| FbWords {
                promise: &p.promise,
                phone: &p.phone,
                due: &p.due_at,
            });
            return region(said(answered(
                lang,
                promise,
                shown.answers.low(),
                props.moment == Moment::AfterBooking,
                phone,
            )));
        }
        (Phase::Dismissed, _) => {
            return html! {
                <div role="status">
                    <p class="pp-feedback-said" tabindex="-1" ref={target.clone()}>{ t(Msg::FbWontAsk) }</p>
                </div>
            }
        }
        (Phase::Already, _) => {
            return region(said(
                html! { <p>{ with_phone(t(Msg::FbAlready), phone) }</p> },
            ))
        }
        (_, Some(form)) if prompt.ask => form,
        _ => {
            return match &prompt.sent {
                Some(status) => region(sent_status(lang, status)),
                None => Html::default(),
            }
        }
    };

    let one_tap = form.questions.len() == 1 && form.questions[0].kind == QuestionKind::Scale;
    let busy = shown.phase == Phase::Sending;
    let field_id = |name: &str| [ids.as_str(), "-", name].concat();
    let problem = |name: &str| {
        shown
            .problems
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, words)| words.as_str())
    };
    // After "Send" with problems: one line that takes focus; each problem is by its question.
    let summary = (!shown.problems.is_empty() && !one_tap).then(|| {
        html! { <p class="pp-alert pp-alert-error" role="alert" tabindex="-1" ref={target.clone()}>{ t(Msg::FixThese) }</p> }
    });
    let questions = form.questions.iter().map(|q| {
        let ask = Ask {
            q,
            lang,
            id: field_id(q.id.as_str()),
            problem: problem(q.id.as_str()),
            send: &send,
        };
        match q.kind {
            QuestionKind::Scale => ask.scale(shown.answers.score(q.id), one_tap),
            QuestionKind::Text => ask.better(&shown.answers.better, form.max_text),
            QuestionKind::Contact => ask.contact(
                &shown.answers,
                field_id("contact_value"),
                problem("contact_value"),
            ),
        }
    });
    let failure = match &shown.phase {
        Phase::Failed(error) => {
            let words = match error {
                Error::Network => Msg::NetworkFailed,
                Error::Api { status: 429, .. } => Msg::RateLimited,
                _ => Msg::SomethingWrong,
            };
            html! {
                <div class="pp-alert pp-alert-error" role="alert">
                    <p tabindex="-1" ref={target.clone()}>{ with_phone(t(words), phone) }</p>
                </div>
            }
        }
        _ => Html::default(),
    };
    let on_send = send.reform(move |_| Action::Send(lang));
    let not_now = {
        let (send, props) = (send.clone(), props.clone());
        Callback::from(move |_: MouseEvent| {
            send.emit(Action::Dismiss);
            let props = props.clone();
            wasm_bindgen_futures::spawn_local(async move {
                // If this does not get through, the prompt may come back another day: nothing
                // the patient needs to hear about now.
                let _ =
                    feedback::dismiss(&props.api, &props.clinic, &props.token, props.moment).await;
            });
        })
    };
    region(html! {
        <>
            { summary }
            { for questions }
            { failure }
            if busy {
                <p class="pp-loading" role="status">{ t(Msg::FbSending) }</p>
            }
            <div class="pp-actions">
                if !one_tap || matches!(shown.phase, Phase::Failed(_)) {
                    { button(true, on_send, if one_tap { t(Msg::TryAgain) } else { t(Msg::FbSend) }, busy) }
                }
                { button(false, not_now, t(Msg::FbNotNow), false) }
            </div>
        </>
    })
}

/// One question, ready to show.
struct Ask<'a> {
    q: &'a FeedbackQuestion,
    lang: Language,
    /// The id of its control (its error summary link goes there).
    id: String,
    problem: Option<&'a str>,
    send: &'a Callback<Action>,
}

impl Ask<'_> {
    /// The question in the patient's language, with "(optional)" when it is.
    fn words(&self) -> String {
        let words = self.q.text.get(self.lang);
        if self.q.required {
            words.to_string()
        } else {
            [words, text(self.lang, Msg::FbOptional)].concat()
        }
    }

    /// A row of numbered buttons under the question, the ends named by the clinic's words
    /// ("1 – Very hard" … "5 – Very easy"). On a one-question form a tap sends.
    fn scale(&self, chosen: Option<u8>, one_tap: bool) -> Html {
        let low = self.q.low_label.as_ref().map_or("", |l| l.get(self.lang));
        let high = self.q.high_label.as_ref().map_or("", |l| l.get(self.lang));
        let label_id = [self.id.as_str(), "-q"].concat();
        let error_id = [self.id.as_str(), "-e"].concat();
        let buttons = (self.q.min..=self.q.max.max(self.q.min)).map(|n| {
            let id = self.q.id;
            let onclick = self.send.reform(move |_: MouseEvent| {
                if one_tap {
                    Action::Tap(id, n)
                } else {
                    Action::Pick(id, n)
                }
            });
            let pressed = (!one_tap).then_some(if chosen == Some(n) { "true" } else { "false" });
            let end = if n == self.q.min {
                low
            } else if n == self.q.max {
                high
            } else {
                ""
            };
            scale_button(n, end, pressed, onclick)
        });
        html! {
            <div class="pp-question-box" id={self.id.clone()} tabindex="-1" role="group" aria-labelledby={label_id.clone()}
                aria-describedby={self.problem.map(|_| error_id.clone())}>
                <p class="pp-question" id={label_id}>{ self.words() }</p>
                if let Some(problem) = self.problem {
                    <p class="pp-field-error" id={error_id}>{ problem.to_string() }</p>
                }
                <div class="pp-scale">{ for buttons }</div>
                { scale_ends(low, high) }
            </div>
        }
    }

    /// "What could we do better?": free text with a count of letters; the count is read with
    /// the field, and announced only near the clinic's limit (not on every key).
    fn better(&self, value: &str, max: u32) -> Html {
        use crate::components::field::{value_of, Field};
        let used = value.chars().count() as u32;
        let count_id = [self.id.as_str(), "-n"].concat();
        let near = (used + 20 > max).then(|| {
            if used > max {
                fill(self.lang, Msg::FbTooLong, &[&intl::num(max)])
            } else {
                fill(self.lang, Msg::FbLeft, &[&intl::num(max - used)])
            }
        });
        let words = self.words();
        Field {
            id: self.id.clone(),
            label: &words,
            hint: None,
            described_by: Some(count_id.clone()),
            error: self.problem,
            value,
            kind: "textarea",
            autocomplete: None,
            oninput: self.send.reform(|e: InputEvent| Action::Better(value_of(&e))),
            after: html! {
                <>
                    <span class="pp-hint pp-count" id={count_id}>{ fill(self.lang, Msg::FbCount, &[&intl::num(used), &intl::num(max)]) }</span>
                    <span class="pp-visually-hidden" aria-live="polite">{ near }</span>
                </>
            },
        }
        .view()
    }

    /// "May we contact you?": how (call, text, email, or no), then the number or email to use
    /// (empty: the one the clinic has). Nothing is filled in from elsewhere.
    fn contact(&self, answers: &Answers, value_id: String, problem: Option<&str>) -> Html {
        use crate::components::choice::{choice, group};
        use crate::components::field::{value_of, Field};
        let name = self.id.clone();
        let way = answers.contact.as_deref();
        let choices: Html = [
            ("phone", Msg::FbCallMe),
            ("text", Msg::FbTextMe),
            ("email", Msg::FbEmailMe),
            ("none", Msg::FbNoThanks),
        ]
        .into_iter()
        .map(|(value, label)| {
            let id = [name.as_str(), "-", value].concat();
            choice(
                id,
                &name,
                way == Some(value),
                self.send.reform(move |_: Event| Action::Way(value)),
                text(self.lang, label),
                None,
            )
        })
        .collect();
        let (label, kind) = match way {
            Some("email") => (Msg::FbEmailToUse, "email"),
            _ => (Msg::FbPhoneToUse, "tel"),
        };
        let value = matches!(way, Some("phone" | "text" | "email")).then(|| {
            Field {
                id: value_id,
                label: text(self.lang, label),
                hint: Some(text(self.lang, Msg::FbOnFile)),
                described_by: None,
                error: problem,
                value: &answers.contact_value,
                kind,
                autocomplete: Some(kind),
                oninput: self
                    .send
                    .reform(|e: InputEvent| Action::Value(value_of(&e))),
                after: Html::default(),
            }
            .view()
        });
        html! {
            <div class="pp-question-box">
                { group([name.as_str(), "-e"].concat(), &self.words(), None, choices) }
                { value }
            </div>
        }
    }
}

/// What was sent before, and whether the clinic has handled it.
pub fn sent_status(lang: Language, status: &FeedbackStatus) -> Html {
    let follow_up = match (status.follow_up, &status.due_at, &status.handled_at) {
        (FollowUpState::Open, Some(due), _) => Some(fill(
            lang,
            Msg::FbWillContact,
            &[&intl::instant_words(lang, due)],
        )),
        (FollowUpState::Handled, _, Some(handled)) => {
            Some(fill(lang, Msg::FbHandled, &[&intl::on_day(lang, handled)]))
        }
        _ => None,
    };
    alert::info(html! {
        <>
            <p>{ text(lang, Msg::FbSent) }</p>
            if let Some(follow_up) = follow_up { <p>{ follow_up }</p> }
        </>
    })
}
