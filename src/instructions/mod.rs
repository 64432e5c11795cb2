//! The patient's post-visit instructions, opened from their link (`#pp-packet=<secret>`):
//! a date-of-birth check ([`verify`]), then the packet ([`packet`]) with its medicine table
//! ([`medicines`]), an "I understand" per part, and a few teach-back questions ([`teach_back`]).
//!
//! [`Reading`] holds everything the patient typed and the server said, as plain data with an
//! [`Action`] enum (tested without a browser); [`InstructionsView`] shows it and talks to the
//! server. The link's secret and the session live only in this component's memory: never in a
//! URL, a log or the browser's storage.

pub mod medicines;
pub mod packet;
pub mod teach_back;
pub mod verify;

use std::rc::Rc;

use chrono::NaiveDate;
use portal_core::api::instructions::{PacketView, TeachBackVerdict};
use portal_core::api::Catalog;
use portal_core::patient::parse_birth_date;
use yew::prelude::*;

use crate::components::birth_date::iso;
use crate::components::{focus, new_ids, use_focus_on_change};
use crate::i18n::{text, Language, Msg};
use crate::intl;
use crate::services::request::code;
use crate::services::{packets, ApiClient, Error};

/// Why the link cannot be used at all: the form gives way to an apology and the phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// Too many wrong dates of birth (`423 packet_locked`).
    Locked,
    /// The link is too old (`410 link_expired`).
    Expired,
    /// The link is unknown, cut short or turned off (`404`, `410 link_revoked`, no secret).
    Broken,
}

/// A request that did not get through; the patient can try again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Nothing reached the clinic, or no answer came back.
    Network,
    /// The clinic answered with something else.
    Other,
}

/// Where saving one "I understand" stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Save {
    /// On its way.
    Saving,
    /// The clinic has it.
    Saved,
    /// It did not get through: offer "Try again".
    Failed,
}

/// Where one teach-back question stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Check {
    /// Not checked yet.
    #[default]
    Open,
    /// "Check my answer" without a choice.
    Missing,
    /// On its way.
    Checking,
    /// Right (now or before).
    Right,
    /// Not right: read this section again (its id).
    Wrong(String),
    /// It did not get through.
    Failed,
}

/// One teach-back question's answer so far.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Answer {
    /// The chosen answer's index.
    pub choice: Option<u32>,
    /// Where its check stands.
    pub check: Check,
}

/// Everything the instructions view knows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reading {
    /// The date of birth as typed: month, day, year.
    pub birth: [String; 3],
    /// The problem shown with the date of birth (after a mismatch: the server's words on the
    /// tries left, shown after ours).
    pub birth_error: Option<String>,
    /// The last check found that the date does not match the packet's.
    pub mismatch: bool,
    /// How many times a check found a problem (the error summary takes focus each time).
    pub tries: u32,
    /// Why the link cannot be used, if it cannot.
    pub stop: Option<Stop>,
    /// The date of birth is being checked.
    pub verifying: bool,
    /// How many checks were started (the request goes out when this changes).
    pub attempts: u32,
    /// Why the last request did not get through.
    pub problem: Option<Problem>,
    /// The session ended and the patient is asked for the date again.
    pub session_ended: bool,
    /// The session for the packet calls.
    pub session: Option<Rc<str>>,
    /// The packet, once read.
    pub packet: Option<Rc<PacketView>>,
    /// The packet's language.
    pub lang: Language,
    /// The packet is being fetched.
    pub loading: bool,
    /// How many fetches were started (the request goes out when this changes).
    pub loads: u32,
    /// Changes each time a new screen appears (its heading takes focus).
    pub shown: u32,
    /// Saving "I understand", by section id.
    pub acks: Vec<(String, Save)>,
    /// Teach-back answers, by question id.
    pub answers: Vec<(String, Answer)>,
}

/// What the patient or the server did.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Typed in part `0` (month), `1` (day) or `2` (year) of the date of birth.
    Type(usize, String),
    /// Pressed "Show my instructions": check the date as of `today`, then send it.
    Verify {
        /// The patient's today.
        today: NaiveDate,
        /// The language for the problem's words.
        lang: Language,
    },
    /// The date matched: a session.
    Verified(Rc<str>),
    /// The date did not match (the server's words say how many tries are left).
    Mismatch(String),
    /// The server found a problem with the date.
    Invalid(String),
    /// The link cannot be used.
    Stopped(Stop),
    /// A request did not get through.
    Failed(Problem),
    /// Fetch the packet again (after a failure, or in another language).
    Load(Language),
    /// The packet arrived.
    Loaded(Rc<PacketView>),
    /// The session ended: ask for the date of birth again.
    SessionEnded,
    /// Ticked "I understand" for a section.
    Acknowledge(String),
    /// Saving "I understand" ended.
    Acknowledged(String, Save),
    /// Picked an answer.
    Choose(String, u32),
    /// Pressed "Check my answer".
    Ask(String),
    /// The server's verdict.
    Verdict(String, TeachBackVerdict),
    /// The answer did not get through.
    AskFailed(String),
}

impl Reading {
    /// The date of birth as the API wants it.
    pub fn date_of_birth(&self) -> String {
        iso(&self.birth[0], &self.birth[1], &self.birth[2])
    }

    /// Where saving "I understand" for `section` stands.
    pub fn ack(&self, section: &str) -> Option<Save> {
        self.acks
            .iter()
            .find(|(id, _)| id == section)
            .map(|(_, save)| *save)
    }

    /// The answer to `question` so far.
    pub fn answer(&self, question: &str) -> Answer {
        self.answers
            .iter()
            .find(|(id, _)| id == question)
            .map(|(_, a)| a.clone())
            .unwrap_or_default()
    }

    fn set_ack(&mut self, section: String, save: Save) {
        match self.acks.iter_mut().find(|(id, _)| *id == section) {
            Some(entry) => entry.1 = save,
            None => self.acks.push((section, save)),
        }
    }

    fn answer_mut(&mut self, question: String) -> &mut Answer {
        let at = match self.answers.iter().position(|(id, _)| *id == question) {
            Some(at) => at,
            None => {
                self.answers.push((question, Answer::default()));
                self.answers.len() - 1
            }
        };
        &mut self.answers[at].1
    }

    fn date_problem(&mut self, words: String, mismatch: bool) {
        self.verifying = false;
        self.mismatch = mismatch;
        self.birth_error = Some(words);
        self.tries += 1;
    }

    fn reduce(&mut self, action: Action) {
        match action {
            Action::Type(part, value) => {
                if let Some(slot) = self.birth.get_mut(part) {
                    *slot = value;
                }
            }
            Action::Verify { today, lang } => {
                if self.verifying || self.stop.is_some() {
                    return;
                }
                match parse_birth_date(&self.date_of_birth(), today) {
                    Ok(_) => {
                        self.birth_error = None;
                        self.mismatch = false;
                        self.problem = None;
                        self.verifying = true;
                        self.attempts += 1;
                    }
                    Err(problem) => {
                        self.birth_error = Some(problem.message(lang).into());
                        self.mismatch = false;
                        self.tries += 1;
                    }
                }
            }
            Action::Verified(session) => {
                self.verifying = false;
                self.session_ended = false;
                self.session = Some(session);
                self.loading = true;
                self.loads += 1;
            }
            Action::Mismatch(words) => self.date_problem(words, true),
            Action::Invalid(words) => self.date_problem(words, false),
            Action::Stopped(stop) => {
                self.verifying = false;
                self.stop = Some(stop);
            }
            Action::Failed(problem) => {
                self.verifying = false;
                self.loading = false;
                self.problem = Some(problem);
            }
            Action::Load(lang) => {
                self.lang = lang;
                self.problem = None;
                self.loading = true;
                self.loads += 1;
            }
            Action::Loaded(packet) => {
                self.loading = false;
                self.problem = None;
                self.lang = packet.language;
                for section in &packet.acknowledged {
                    self.set_ack(section.clone(), Save::Saved);
                }
                for question in &packet.teach_back_passed {
                    self.answer_mut(question.clone()).check = Check::Right;
                }
                // A new packet (not the same one in another language) gets focus.
                if self.packet.is_none() {
                    self.shown += 1;
                }
                self.packet = Some(packet);
            }
            Action::SessionEnded => {
                // What the patient typed stays; what the server sent goes.
                self.session = None;
                self.packet = None;
                self.loading = false;
                self.verifying = false;
                self.problem = None;
                self.session_ended = true;
                self.shown += 1;
            }
            Action::Acknowledge(section) => {
                if !matches!(self.ack(&section), Some(Save::Saving | Save::Saved)) {
                    self.set_ack(section, Save::Saving);
                }
            }
            Action::Acknowledged(section, save) => self.set_ack(section, save),
            Action::Choose(question, choice) => {
                let answer = self.answer_mut(question);
                if answer.check != Check::Right {
                    *answer = Answer {
                        choice: Some(choice),
                        check: Check::Open,
                    };
                }
            }
            Action::Ask(question) => {
                let answer = self.answer_mut(question);
                answer.check = match (answer.choice, &answer.check) {
                    (_, Check::Right) => Check::Right,
                    (None, _) => Check::Missing,
                    (Some(_), _) => Check::Checking,
                };
            }
            Action::Verdict(question, verdict) => {
                let answer = self.answer_mut(question);
                answer.check = if verdict.correct {
                    Check::Right
                } else {
                    Check::Wrong(verdict.reread.unwrap_or_default())
                };
            }
            Action::AskFailed(question) => self.answer_mut(question).check = Check::Failed,
        }
    }
}

impl Reducible for Reading {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.reduce(action);
        Rc::new(next)
    }
}

/// What a failed request means here.
pub fn action_for(error: Error) -> Action {
    match error {
        Error::Network => Action::Failed(Problem::Network),
        Error::Api { status, error } => match (error.code.as_str(), status) {
            (code::SESSION_EXPIRED, _) | (_, 401) => Action::SessionEnded,
            (code::DATE_OF_BIRTH_MISMATCH, _) | (_, 403) => Action::Mismatch(error.message),
            (code::INVALID_FIELDS, _) | (_, 422) => Action::Invalid(
                error
                    .fields
                    .into_iter()
                    .next()
                    .map_or(error.message, |f| f.message),
            ),
            (code::PACKET_LOCKED, _) | (_, 423) => Action::Stopped(Stop::Locked),
            (code::LINK_EXPIRED, _) => Action::Stopped(Stop::Expired),
            (code::LINK_NOT_FOUND | code::LINK_REVOKED, _) | (_, 404 | 410) => {
                Action::Stopped(Stop::Broken)
            }
            _ => Action::Failed(Problem::Other),
        },
        _ => Action::Failed(Problem::Other),
    }
}

/// The secret in a page's `#pp-packet=<secret>`, if any.
pub fn packet_secret(hash: &str) -> Option<String> {
    let rest = hash.strip_prefix("#pp-packet=")?;
    let secret = rest.split('&').next().unwrap_or_default();
    (!secret.is_empty()).then(|| secret.to_string())
}

/// Props of [`InstructionsView`].
#[derive(Properties, PartialEq, Clone)]
pub struct InstructionsViewProps {
    /// The clinic's catalog (its phone).
    pub catalog: Rc<Catalog>,
    /// The API client.
    pub api: ApiClient,
    /// The language the page asked for.
    pub lang: Language,
    /// The link's secret; read from the page's `#pp-packet=` when not given (tests give it).
    #[prop_or_default]
    pub secret: Option<AttrValue>,
    /// The page's own headings.
    #[prop_or_default]
    pub headings: crate::config::Headings,
}

/// What the views need.
pub struct Ctx<'a> {
    /// Everything known so far.
    pub state: &'a Reading,
    /// Sends an action.
    pub send: &'a Callback<Action>,
    /// The language to speak.
    pub lang: Language,
    /// The clinic's phone.
    pub phone: &'a str,
    /// The clinic's id.
    pub clinic: &'a str,
    /// This widget's id prefix.
    pub ids: &'a str,
    /// The screen's heading (takes focus).
    pub heading: NodeRef,
    /// The error summary (takes focus).
    pub summary: NodeRef,
    /// The API client.
    pub api: &'a ApiClient,
    /// The view's heading, in the page's words if it has its own.
    pub title: &'a str,
}

impl Ctx<'_> {
    /// The words for `msg`.
    pub fn t(&self, msg: Msg) -> &'static str {
        text(self.lang, msg)
    }

    /// An id unique on the page: `{prefix}-{name}`.
    pub fn id(&self, name: &str) -> String {
        [self.ids, "-", name].concat()
    }

    /// A callback sending `action` on any event (one closure type for every fixed action).
    #[inline(never)]
    pub fn on<E: 'static>(&self, action: Action) -> Callback<E> {
        self.send.reform(move |_: E| action.clone())
    }
}

/// The instructions view.
#[function_component(InstructionsView)]
pub fn instructions_view(props: &InstructionsViewProps) -> Html {
    let secret = use_memo(props.secret.clone(), |given| {
        given.as_ref().map(|s| s.to_string()).or_else(|| {
            web_sys::window()
                .and_then(|w| w.location().hash().ok())
                .and_then(|hash| packet_secret(&hash))
        })
    });
    let start_lang = props.lang;
    let missing = secret.is_none();
    let state = use_reducer(move || Reading {
        lang: start_lang,
        stop: missing.then_some(Stop::Broken),
        ..Reading::default()
    });
    let ids = use_memo((), new_ids);
    let heading = use_node_ref();
    let summary = use_node_ref();
    let send = state.dispatcher().to_callback();

    use_focus_on_change(state.shown, heading.clone(), "instructions");
    {
        let summary = summary.clone();
        use_effect_with(state.tries, move |tries| {
            if *tries > 0 {
                focus(&summary);
            }
        });
    }
    // Each check of the date of birth sends one request.
    {
        let (state, api, secret) = (state.clone(), props.api.clone(), secret.clone());
        use_effect_with(state.attempts, move |_| {
            if let (true, Some(secret)) = (state.verifying, (*secret).clone()) {
                let send = state.dispatcher();
                let (date, lang) = (state.date_of_birth(), state.lang);
                wasm_bindgen_futures::spawn_local(async move {
                    send.dispatch(match packets::verify(&api, &secret, &date, lang).await {
                        Ok(session) => Action::Verified(session.session.into()),
                        Err(error) => action_for(error),
                    });
                });
            }
        });
    }
    // Each fetch of the packet sends one request.
    {
        let (state, api) = (state.clone(), props.api.clone());
        use_effect_with(state.loads, move |_| {
            if let (true, Some(session)) = (state.loading, state.session.clone()) {
                let send = state.dispatcher();
                let lang = state.lang;
                wasm_bindgen_futures::spawn_local(async move {
                    send.dispatch(match packets::current(&api, &session, lang).await {
                        Ok(packet) => Action::Loaded(Rc::new(packet)),
                        Err(error) => action_for(error),
                    });
                });
            }
        });
    }

    let lang = if state.packet.is_some() {
        state.lang
    } else {
        props.lang
    };
    let ctx = Ctx {
        state: &state,
        send: &send,
        lang,
        phone: &props.catalog.clinic.phone,
        clinic: &props.catalog.clinic.id,
        ids: &ids,
        heading,
        summary,
        api: &props.api,
        title: props.headings.get(
            lang,
            |h| &h.instructions,
            text(lang, Msg::InstructionsTitle),
        ),
    };
    let body = match &state.packet {
        Some(packet) => packet::view(&ctx, packet),
        None if state.session.is_some() && state.problem.is_none() => {
            crate::components::alert::loading(text(lang, Msg::GettingInstructions))
        }
        None => verify::view(&ctx),
    };
    html! {
        <div class="pp-instructions" lang={lang.tag()}>{ body }</div>
    }
}

/// The follow-up date in words: "Your next visit should be on Tuesday, March 10."
pub fn next_visit(lang: Language, date: &str) -> String {
    crate::i18n::fill(lang, Msg::NextVisitOn, &[&intl::day(lang, date)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_core::api::{ApiError, FieldError};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 4).unwrap()
    }

    fn run(state: Reading, actions: impl IntoIterator<Item = Action>) -> Reading {
        actions.into_iter().fold(state, |mut s, a| {
            s.reduce(a);
            s
        })
    }

    fn typed(m: &str, d: &str, y: &str) -> Vec<Action> {
        vec![
            Action::Type(0, m.into()),
            Action::Type(1, d.into()),
            Action::Type(2, y.into()),
        ]
    }

    fn api_error(status: u16, code: &str, message: &str) -> Error {
        Error::Api {
            status,
            error: ApiError {
                code: code.into(),
                message: message.into(),
                ..ApiError::default()
            },
        }
    }

    fn packet() -> PacketView {
        PacketView {
            language: portal_core::Language::En,
            languages: vec![Language::En, Language::Es],
            acknowledged: vec!["home".into()],
            teach_back_passed: vec!["q1".into()],
            ..PacketView::default()
        }
    }

    #[test]
    fn a_date_that_is_not_a_date_is_caught_before_anything_is_sent() {
        let mut actions = typed("2", "30", "1961");
        actions.push(Action::Verify {
            today: today(),
            lang: Language::En,
        });
        let s = run(Reading::default(), actions);
        assert_eq!(s.attempts, 0);
        assert!(!s.verifying);
        assert_eq!(
            s.birth_error.as_deref(),
            Some("This date doesn't look right. Try month/day/year, like 04/17/1961.")
        );
        assert_eq!(s.tries, 1);
        assert_eq!(s.birth[1], "30", "what was typed stays");
    }

    #[test]
    fn a_good_date_is_sent_once_even_if_pressed_twice() {
        let mut actions = typed("4", "17", "1961");
        actions.push(Action::Verify {
            today: today(),
            lang: Language::En,
        });
        actions.push(Action::Verify {
            today: today(),
            lang: Language::En,
        });
        let s = run(Reading::default(), actions);
        assert_eq!(s.attempts, 1);
        assert!(s.verifying);
        assert_eq!(s.date_of_birth(), "1961-04-17");
    }

    #[test]
    fn a_wrong_date_keeps_what_was_typed_and_says_so_with_the_tries_left() {
        let mut actions = typed("4", "17", "1961");
        actions.push(Action::Verify {
            today: today(),
            lang: Language::En,
        });
        actions.push(action_for(api_error(
            403,
            "date_of_birth_mismatch",
            "You have 2 tries left.",
        )));
        let s = run(Reading::default(), actions);
        assert_eq!(s.birth_error.as_deref(), Some("You have 2 tries left."));
        assert!(s.mismatch);
        assert_eq!(s.birth[2], "1961");
        assert!(!s.verifying);
        assert_eq!(s.tries, 1);
    }

    #[test]
    fn each_link_problem_stops_with_its_own_words() {
        assert_eq!(
            action_for(api_error(423, "packet_locked", "")),
            Action::Stopped(Stop::Locked)
        );
        assert_eq!(
            action_for(api_error(410, "link_expired", "")),
            Action::Stopped(Stop::Expired)
        );
        assert_eq!(
            action_for(api_error(410, "link_revoked", "")),
            Action::Stopped(Stop::Broken)
        );
        assert_eq!(
            action_for(api_error(404, "link_not_found", "")),
            Action::Stopped(Stop::Broken)
        );
        assert_eq!(
            action_for(api_error(401, "session_expired", "")),
            Action::SessionEnded
        );
        assert_eq!(action_for(Error::Network), Action::Failed(Problem::Network));
        assert_eq!(
            action_for(api_error(500, "internal", "")),
            Action::Failed(Problem::Other)
        );
        let invalid = Error::Api {
            status: 422,
            error: ApiError {
                code: "invalid_fields".into(),
                message: "Check the form.".into(),
                fields: vec![FieldError {
                    path: "date_of_birth".into(),
                    message: "Check the year.".into(),
                }],
                ..ApiError::default()
            },
        };
        assert_eq!(
            action_for(invalid),
            Action::Invalid("Check the year.".into())
        );
    }

    #[test]
    fn a_network_failure_keeps_the_date_for_another_try() {
        let mut actions = typed("4", "17", "1961");
        actions.push(Action::Verify {
            today: today(),
            lang: Language::En,
        });
        actions.push(Action::Failed(Problem::Network));
        let s = run(Reading::default(), actions);
        assert_eq!(s.problem, Some(Problem::Network));
        assert_eq!(s.date_of_birth(), "1961-04-17");
        let s = run(
            s,
            [Action::Verify {
                today: today(),
                lang: Language::En,
            }],
        );
        assert_eq!(s.attempts, 2);
        assert_eq!(s.problem, None);
    }

    #[test]
    fn the_packet_brings_what_was_already_acknowledged_and_passed() {
        let s = run(
            Reading::default(),
            [
                Action::Verified("s1".into()),
                Action::Loaded(Rc::new(packet())),
            ],
        );
        assert_eq!(s.ack("home"), Some(Save::Saved));
        assert_eq!(s.answer("q1").check, Check::Right);
        assert_eq!(s.shown, 1);
        let s = run(s, [Action::Load(Language::Es)]);
        assert!(s.loading);
        assert_eq!(s.loads, 2);
        let s = run(
            s,
            [Action::Loaded(Rc::new(PacketView {
                language: portal_core::Language::Es,
                ..packet()
            }))],
        );
        assert_eq!(s.lang, Language::Es);
        assert_eq!(
            s.shown, 1,
            "the same packet in another language keeps the patient's place"
        );
    }

    #[test]
    fn an_ended_session_goes_back_to_the_date_and_forgets_the_packet() {
        let s = run(Reading::default(), typed("4", "17", "1961"));
        let s = run(
            s,
            [
                Action::Verified("s1".into()),
                Action::Loaded(Rc::new(packet())),
                Action::SessionEnded,
            ],
        );
        assert_eq!(s.session, None);
        assert_eq!(s.packet, None);
        assert!(s.session_ended);
        assert_eq!(s.date_of_birth(), "1961-04-17");
    }

    #[test]
    fn an_acknowledgement_that_failed_can_be_sent_again_but_a_saved_one_is_not_resent() {
        let s = run(Reading::default(), [Action::Acknowledge("meds".into())]);
        assert_eq!(s.ack("meds"), Some(Save::Saving));
        let s = run(
            s,
            [
                Action::Acknowledged("meds".into(), Save::Failed),
                Action::Acknowledge("meds".into()),
            ],
        );
        assert_eq!(s.ack("meds"), Some(Save::Saving));
        let s = run(
            s,
            [
                Action::Acknowledged("meds".into(), Save::Saved),
                Action::Acknowledge("meds".into()),
            ],
        );
        assert_eq!(s.ack("meds"), Some(Save::Saved));
    }

    #[test]
    fn a_teach_back_answer_is_checked_only_with_a_choice_and_a_wrong_one_points_to_its_part() {
        let s = run(Reading::default(), [Action::Ask("q2".into())]);
        assert_eq!(s.answer("q2").check, Check::Missing);
        let s = run(
            s,
            [Action::Choose("q2".into(), 1), Action::Ask("q2".into())],
        );
        assert_eq!(s.answer("q2").check, Check::Checking);
        let wrong = TeachBackVerdict {
            correct: false,
            reread: Some("emergency".into()),
        };
        let s = run(s, [Action::Verdict("q2".into(), wrong)]);
        assert_eq!(
            s.answer("q2"),
            Answer {
                choice: Some(1),
                check: Check::Wrong("emergency".into())
            }
        );
        let s = run(
            s,
            [Action::Choose("q2".into(), 0), Action::Ask("q2".into())],
        );
        let s = run(
            s,
            [Action::Verdict(
                "q2".into(),
                TeachBackVerdict {
                    correct: true,
                    reread: None,
                },
            )],
        );
        assert_eq!(s.answer("q2").check, Check::Right);
    }

    #[test]
    fn the_secret_is_read_from_the_fragment_only() {
        assert_eq!(
            packet_secret("#pp-packet=abc123").as_deref(),
            Some("abc123")
        );
        assert_eq!(packet_secret("#pp-packet=abc&x=1").as_deref(), Some("abc"));
        assert_eq!(packet_secret("#pp-packet="), None);
        assert_eq!(packet_secret("#other"), None);
    }
}
