#![cfg(target_arch = "wasm32")]
//! Browser tests of feedback: the one-tap question after booking, the after-visit questions and
//! the feedback link's view. The server is a stand-in `fetch` (as in tests/instructions.rs) that
//! answers each `METHOD /path` with a fixed status and body and records what the widget sent;
//! each test has its own API base, so tests running interleaved never share answers.

mod support;
use support::*;

use std::rc::Rc;

use portal_core::api::feedback::FeedbackPrompt;
use portal_core::api::Appointment;
use portal_core::wire::from_json;
use portal_widget::booking::state::{BookingState, Step};
use portal_widget::booking::{BookingFlow, BookingFlowProps};
use portal_widget::feedback::view::{FeedbackView, FeedbackViewProps};
use portal_widget::feedback::{Prompt, PromptProps};
use portal_widget::i18n::Language;
use portal_widget::services::ApiClient;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

const APPOINTMENT: &str = r#"{"id": "a1", "status": "booked", "clinic": "maple-grove", "visit_type": "sick-visit",
  "provider": "dr-lopez", "location": "downtown", "start": "2026-03-03T14:30:00Z", "clinic_start": "2026-03-03T09:30:00-05:00", "end": "2026-03-03T14:50:00Z",
  "timezone": "America/New_York", "preferred_name": "Rosa", "manage_token": "m4nage"}"#;

/// The after-booking form: one scale question with the clinic's words.
const EASE_PROMPT: &str = r#"{"ask": true, "form": {"moment": "after_booking", "max_text": 500, "phone": "(555) 010-2233",
  "questions": [{"id": "ease", "kind": "scale", "text": {"en": "How easy was it to book today?"}, "required": true,
                 "min": 1, "max": 5, "low_label": {"en": "Very hard"}, "high_label": {"en": "Very easy"}}]}}"#;

/// The after-visit form, with a short limit on "What could we do better?".
const VISIT_PROMPT: &str = r#"{"ask": true, "form": {"moment": "after_visit", "max_text": 40, "phone": "(555) 010-2233",
  "questions": [
    {"id": "overall", "kind": "scale", "text": {"en": "How was your visit?"}, "required": true, "min": 1, "max": 5,
     "low_label": {"en": "Very bad"}, "high_label": {"en": "Very good"}},
    {"id": "recommend", "kind": "scale", "text": {"en": "Would you tell a friend about us?"}, "required": false, "min": 0, "max": 10},
    {"id": "better", "kind": "text", "text": {"en": "What could we do better?"}, "required": false, "min": 0, "max": 0},
    {"id": "contact", "kind": "contact", "text": {"en": "May we contact you?"}, "required": false, "min": 0, "max": 0}]}}"#;

/// The booking flow on its confirmation, for a visit booked just now.
fn booked(host: &Element, base: &str) {
    booked_in(host, base, Language::En);
}

fn booked_in(host: &Element, base: &str, lang: Language) {
    let appointment: Appointment = from_json(APPOINTMENT).unwrap();
    let resume = BookingState {
        step: Step::Booked,
        booked: Some(Rc::new(appointment)),
        ..BookingState::default()
    };
    let props = BookingFlowProps {
        catalog: catalog(),
        api: ApiClient { base: base.into() },
        lang,
        resume: Some(resume),
        headings: Default::default(),
        page_url: String::new(),
    };
    yew::Renderer::<BookingFlow>::with_root_and_props(host.clone(), props).render();
}

fn ease_routes(feedback: &str) -> String {
    format!(
        r#"{{"GET /api/v1/clinics/maple-grove/feedback/prompt": {{"status": 200, "body": {EASE_PROMPT}}}{feedback}}}"#
    )
}

fn has(host: &Element, selector: &str) -> bool {
    host.query_selector(selector).unwrap().is_some()
}

#[wasm_bindgen_test]
async fn after_booking_the_ease_question_shows_only_when_the_clinic_asks() {
    let (asked, not_asked) = (host(), host());
    serve("http://ease-ask.test", &ease_routes(""));
    serve(
        "http://ease-no.test",
        r#"{"GET /api/v1/clinics/maple-grove/feedback/prompt": {"status": 200, "body": {"ask": false}}}"#,
    );
    booked(&asked, "http://ease-ask.test");
    booked(&not_asked, "http://ease-no.test");
    wait_for(&asked, |h| has(h, ".pp-feedback")).await;

    let region = one(&asked, "section.pp-feedback");
    let heading = one(&region, "h4");
    assert_eq!(
        region.get_attribute("aria-labelledby"),
        Some(heading.id()),
        "a named region, not a dialog"
    );
    assert!(!has(&asked, "[role=dialog]"));
    let group = one(&region, "[role=group]");
    assert_eq!(
        text(&one(
            &asked,
            &format!("[id='{}']", group.get_attribute("aria-labelledby").unwrap())
        )),
        "How easy was it to book today?"
    );
    let names: Vec<String> = all(&region, ".pp-scale button").iter().map(text).collect();
    assert_eq!(
        names,
        ["1 – Very hard", "2", "3", "4", "5 – Very easy"],
        "each number is a real button with its name"
    );
    assert!(text(&asked).contains("Not now"));
    let call = calls("http://ease-ask.test")
        .into_iter()
        .next()
        .expect("the widget asked the server first");
    assert_eq!(call.0, "GET /api/v1/clinics/maple-grove/feedback/prompt");
    assert!(call.1.ends_with("?moment=after_booking"), "{}", call.1);
    assert_eq!(
        call.2, "Bearer m4nage",
        "the visit's manage token, in the header only"
    );

    wait_for(&not_asked, |_| !calls("http://ease-no.test").is_empty()).await;
    gloo::timers::future::TimeoutFuture::new(50).await;
    assert!(
        text(&not_asked).contains("Your visit is booked")
            || text(&not_asked).contains("Thank you, Rosa.")
    );
    assert!(
        !has(&not_asked, ".pp-feedback"),
        "nothing is shown when the clinic does not ask"
    );
}

#[wasm_bindgen_test]
async fn a_low_ease_gets_a_real_apology_with_the_clinics_promise_and_phone() {
    let host = host();
    serve(
        "http://ease-low.test",
        &ease_routes(
            r#", "POST /api/v1/clinics/maple-grove/feedback": {"status": 201, "body": {"id": "f1",
            "follow_up": {"due_at": "2026-03-04T22:00:00Z", "promise": "Someone will call you within one business day.",
                          "phone": "(555) 010-9999"}}}"#,
        ),
    );
    booked(&host, "http://ease-low.test");
    wait_for(&host, |h| has(h, ".pp-scale button")).await;
    click(&host, ".pp-scale button", "1 – Very hard");
    // A low number first opens one optional box, with focus in it; nothing is sent yet.
    wait_for(&host, |h| has(h, ".pp-feedback textarea")).await;
    let area: HtmlTextAreaElement = one(&host, ".pp-feedback textarea").dyn_into().unwrap();
    let label = one(&host, &format!("label[for='{}']", area.id()));
    assert_eq!(text(&label), "What made it hard? (optional)");
    assert!(
        !calls("http://ease-low.test")
            .iter()
            .any(|c| c.0.starts_with("POST")),
        "nothing sent before Send"
    );
    let typed = r#"The "times" were hard to find"#;
    area.set_value(typed);
    area.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    gloo::timers::future::TimeoutFuture::new(20).await;
    click(&host, "button", "Send my answers");
    wait_for(&host, |h| text(h).contains("I'm sorry")).await;

    let said = text(&one(&host, ".pp-feedback-said"));
    assert!(
        said.contains("I'm sorry booking was hard. Someone will call you within one business day."),
        "{said}"
    );
    let by = portal_widget::intl::instant_words(Language::En, "2026-03-04T22:00:00Z");
    assert!(
        said.contains(&format!("That is by {by}.")),
        "the promise says by when: {said}"
    );
    assert_eq!(
        one(&host, ".pp-feedback-said a")
            .get_attribute("href")
            .as_deref(),
        Some("tel:5550109999")
    );
    assert!(!has(&host, ".pp-scale"), "one tap sends: the numbers go");
    let sent = calls("http://ease-low.test")
        .into_iter()
        .find(|c| c.0.starts_with("POST"))
        .unwrap();
    assert_eq!(sent.2, "Bearer m4nage");
    let body = js_sys::JSON::parse(&sent.3).unwrap();
    let get = |k: &str| js_sys::Reflect::get(&body, &k.into()).unwrap();
    assert_eq!(get("ease").as_f64(), Some(1.0));
    assert_eq!(
        get("better").as_string().as_deref(),
        Some(typed),
        "what was typed, quoted safely"
    );
    assert_eq!(get("moment").as_string().as_deref(), Some("after_booking"));
    assert_eq!(get("language").as_string().as_deref(), Some("en"));
}

#[wasm_bindgen_test]
async fn not_now_tells_the_server_and_the_question_goes_away_with_a_polite_word() {
    let host = host();
    serve(
        "http://ease-dismiss.test",
        &ease_routes(
            r#", "POST /api/v1/clinics/maple-grove/feedback/dismissals": {"status": 204}"#,
        ),
    );
    booked(&host, "http://ease-dismiss.test");
    wait_for(&host, |h| has(h, ".pp-scale button")).await;
    click(&host, ".pp-feedback button", "Not now");
    wait_for(&host, |_| {
        calls("http://ease-dismiss.test")
            .iter()
            .any(|c| c.0.ends_with("/dismissals"))
    })
    .await;

    assert!(!has(&host, ".pp-feedback"), "the question is gone");
    let status = one(&host, "[role=status] .pp-feedback-said");
    assert_eq!(text(&status), "OK, we won't ask again.");
    let dismissal = calls("http://ease-dismiss.test")
        .into_iter()
        .find(|c| c.0.ends_with("/dismissals"))
        .unwrap();
    assert_eq!(
        dismissal.0,
        "POST /api/v1/clinics/maple-grove/feedback/dismissals"
    );
    assert_eq!(dismissal.2, "Bearer m4nage");
    assert_eq!(dismissal.3, r#"{"moment":"after_booking"}"#);
    assert_eq!(
        web_sys::window()
            .unwrap()
            .local_storage()
            .unwrap()
            .unwrap()
            .length()
            .unwrap(),
        0,
        "nothing is kept in the browser"
    );
}

#[wasm_bindgen_test]
async fn answers_sent_before_get_a_calm_word_and_the_phone() {
    let host = host();
    serve(
        "http://ease-twice.test",
        &ease_routes(
            r#", "POST /api/v1/clinics/maple-grove/feedback": {"status": 409, "body": {"error": {"code": "feedback_already_sent",
            "message": "Feedback for this visit was already sent."}}}"#,
        ),
    );
    booked(&host, "http://ease-twice.test");
    wait_for(&host, |h| has(h, ".pp-scale button")).await;
    click(&host, ".pp-scale button", "4");
    wait_for(&host, |h| text(h).contains("We already have your answers")).await;
    let said = text(&one(&host, ".pp-feedback-said"));
    assert!(
        said.contains("We already have your answers for this visit. Thank you."),
        "{said}"
    );
    assert!(said.contains("(555) 010-2233"), "{said}");
    assert!(
        !said.contains("409") && !said.contains("feedback_already_sent"),
        "{said}"
    );
}

fn visit_prompt(host: &Element, base: &str) {
    let props = PromptProps {
        api: ApiClient { base: base.into() },
        clinic: "maple-grove".into(),
        token: "sess-1".into(),
        moment: portal_core::api::feedback::Moment::AfterVisit,
        lang: Language::En,
        phone: "(555) 010-2233".into(),
        given: None::<Rc<FeedbackPrompt>>,
        title: Default::default(),
    };
    yew::Renderer::<Prompt>::with_root_and_props(host.clone(), props).render();
}

#[wasm_bindgen_test]
async fn a_network_failure_after_a_visit_keeps_everything_typed_and_offers_the_phone() {
    let host = host();
    // No route for sending: the fetch fails like a dropped connection.
    serve(
        "http://visit-offline.test",
        &format!(
            r#"{{"GET /api/v1/clinics/maple-grove/feedback/prompt": {{"status": 200, "body": {VISIT_PROMPT}}}}}"#
        ),
    );
    visit_prompt(&host, "http://visit-offline.test");
    wait_for(&host, |h| has(h, "textarea")).await;

    // The count is read with the field; the limit is the clinic's.
    let area: HtmlTextAreaElement = one(&host, "textarea").dyn_into().unwrap();
    let count = one(
        &host,
        &format!("[id='{}']", area.get_attribute("aria-describedby").unwrap()),
    );
    assert_eq!(text(&count), "0 of 40 letters");
    let typed = "The wait was long <b>really</b>";
    area.set_value(typed);
    area.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    wait_for(&host, |h| text(h).contains("31 of 40 letters")).await;
    click(&host, "button", "2");
    click(&host, "label", "Send me a text");
    wait_for(&host, |h| has(h, "input[type=tel]")).await;
    let phone: web_sys::HtmlInputElement = one(&host, "input[type=tel]").dyn_into().unwrap();
    assert_eq!(phone.value(), "", "nothing is filled in from elsewhere");
    phone.set_value("555 010 4477");
    phone
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    gloo::timers::future::TimeoutFuture::new(0).await;
    click(&host, "button", "Send my answers");
    wait_for(&host, |h| has(h, "[role=alert]")).await;

    let alert = text(&one(&host, "[role=alert]"));
    assert!(alert.contains("We can't reach the clinic right now. Your answers are saved. Try again, or call (555) 010-2233."), "{alert}");
    let area: HtmlTextAreaElement = one(&host, "textarea").dyn_into().unwrap();
    assert_eq!(area.value(), typed, "the words stay, as typed");
    let phone: web_sys::HtmlInputElement = one(&host, "input[type=tel]").dyn_into().unwrap();
    assert_eq!(phone.value(), "555 010 4477");
    let pressed: Vec<String> = all(&host, "button[aria-pressed=true]")
        .iter()
        .map(text)
        .collect();
    assert_eq!(pressed, ["2"], "the number picked stays picked");
    assert!(
        text(&host).contains("Send my answers"),
        "the patient can try again"
    );
}

#[wasm_bindgen_test]
async fn problems_are_shown_by_their_questions_before_anything_is_sent() {
    let host = host();
    serve(
        "http://visit-check.test",
        &format!(
            r#"{{"GET /api/v1/clinics/maple-grove/feedback/prompt": {{"status": 200, "body": {VISIT_PROMPT}}}}}"#
        ),
    );
    visit_prompt(&host, "http://visit-check.test");
    wait_for(&host, |h| has(h, "textarea")).await;
    click(&host, "button", "Send my answers");
    wait_for(&host, |h| has(h, ".pp-field-error")).await;
    assert_eq!(
        text(&one(&host, ".pp-field-error")),
        "Please pick a number."
    );
    assert_eq!(
        text(&one(&host, "[role=alert]")),
        "Please check these answers:"
    );
    click(&host, "button", "3");
    click(&host, "label", "Call me");
    wait_for(&host, |h| has(h, "input[type=tel]")).await;
    let phone: web_sys::HtmlInputElement = one(&host, "input[type=tel]").dyn_into().unwrap();
    phone.set_value("call me");
    phone
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    gloo::timers::future::TimeoutFuture::new(0).await;
    click(&host, "button", "Send my answers");
    wait_for(&host, |h| has(h, "input[type=tel][aria-invalid=true]")).await;
    assert_eq!(
        all(&host, ".pp-field-error").len(),
        1,
        "the number is picked now; only the phone is left"
    );
    assert_eq!(
        calls("http://visit-check.test").len(),
        1,
        "nothing was sent"
    );
}

#[wasm_bindgen_test]
async fn the_feedback_link_shows_that_the_clinic_handled_it_and_the_notes_as_text() {
    let host = host();
    serve(
        "http://link-handled.test",
        r#"{"GET /api/v1/feedback/link": {"status": 200, "body": {"clinic": "maple-grove", "appointment": "a1",
              "preferred_name": "Rosa", "visit_start": "2026-03-03T14:30:00Z", "visit_date": "2026-03-03", "timezone": "America/New_York",
              "prompt": {"ask": false, "sent": {"id": "f1", "moment": "after_visit", "sent_at": "2026-03-03T18:00:00Z",
                         "follow_up": "handled", "due_at": "2026-03-04T22:00:00Z", "handled_at": "2026-03-04T15:00:00Z"}}}},
            "GET /api/v1/clinics/maple-grove/you-said-we-did": {"status": 200, "body": [
              {"id": "n1", "published_at": "2026-02-01T12:00:00Z",
               "text": {"en": "You said <b>parking</b> was hard. We added 10 spaces."}}]}}"#,
    );
    let props = FeedbackViewProps {
        catalog: catalog(),
        api: ApiClient {
            base: "http://link-handled.test".into(),
        },
        lang: Language::En,
        secret: Some("fb-s3cret".into()),
        headings: Default::default(),
    };
    yew::Renderer::<FeedbackView>::with_root_and_props(host.clone(), props).render();
    wait_for(&host, |h| {
        text(h).contains("handled") && has(h, ".pp-you-said li")
    })
    .await;

    let page = text(&host);
    assert!(page.contains("Hello, Rosa."), "{page}");
    assert!(
        page.contains("This is about your visit on Tuesday, March 3."),
        "{page}"
    );
    assert!(page.contains("Thank you for your answers."), "{page}");
    // The day it was handled, on the patient's own clock.
    let handled = browsers_words(js_sys::Date::parse("2026-03-04T15:00:00Z"), "en-US", DAY);
    assert!(
        page.contains(&format!(
            "Our clinic handled this on {handled}. Thank you for telling us."
        )),
        "{page}"
    );
    assert!(!has(&host, ".pp-scale"), "nothing to answer again");
    let notes = one(&host, ".pp-you-said");
    assert_eq!(text(&one(&notes, "h4")), "You said, we did");
    let note = one(&notes, "li");
    assert_eq!(
        text(&note),
        "You said <b>parking</b> was hard. We added 10 spaces."
    );
    assert!(
        note.query_selector("b").unwrap().is_none(),
        "the clinic's words are text, never HTML"
    );
    let link = calls("http://link-handled.test")
        .into_iter()
        .find(|c| c.0 == "GET /api/v1/feedback/link")
        .unwrap();
    assert_eq!(
        link.2, "Bearer fb-s3cret",
        "the link's secret travels in the header only"
    );
    assert!(!link.1.contains("fb-s3cret"));
}

#[wasm_bindgen_test]
async fn the_ease_question_speaks_spanish_with_the_clinics_spanish_words() {
    let host = host();
    let spanish = EASE_PROMPT
        .replace(r#"{"en": "How easy was it to book today?"}"#, r#"{"en": "How easy was it to book today?", "es": "¿Qué tan fácil fue hacer su cita hoy?"}"#)
        .replace(r#"{"en": "Very hard"}"#, r#"{"en": "Very hard", "es": "Muy difícil"}"#)
        .replace(r#"{"en": "Very easy"}"#, r#"{"en": "Very easy", "es": "Muy fácil"}"#);
    serve(
        "http://ease-es.test",
        &format!(
            r#"{{"GET /api/v1/clinics/maple-grove/feedback/prompt": {{"status": 200, "body": {spanish}}},
                 "POST /api/v1/clinics/maple-grove/feedback": {{"status": 201, "body": {{"id": "f2"}}}}}}"#
        ),
    );
    let seen = js_sys::Array::new();
    let listen = js_sys::Function::new_with_args(
        "host, seen",
        "host.addEventListener('patient-portal:event', e => seen.push(JSON.stringify(e.detail)));",
    );
    listen.call2(&JsValue::NULL, &host, &seen).unwrap();
    booked_in(&host, "http://ease-es.test", Language::Es);
    wait_for(&host, |h| has(h, ".pp-scale button")).await;
    assert_eq!(
        text(&one(&host, ".pp-feedback h4")),
        "Díganos cómo lo hicimos"
    );
    assert_eq!(
        text(&one(&host, ".pp-question")),
        "¿Qué tan fácil fue hacer su cita hoy?"
    );
    let names: Vec<String> = all(&host, ".pp-scale button").iter().map(text).collect();
    assert_eq!(names.first().map(String::as_str), Some("1 – Muy difícil"));
    assert!(text(&host).contains("Ahora no"));
    click(&host, ".pp-scale button", "5 – Muy fácil");
    wait_for(&host, |h| has(h, ".pp-feedback-said")).await;
    assert_eq!(
        text(&one(&host, ".pp-feedback-said")),
        "Gracias. Sus respuestas nos ayudan a mejorar."
    );
    let sent = calls("http://ease-es.test")
        .into_iter()
        .find(|c| c.0.starts_with("POST"))
        .unwrap();
    assert!(sent.3.contains(r#""language":"es""#), "{}", sent.3);
    let events: Vec<String> = seen.iter().filter_map(|e| e.as_string()).collect();
    assert_eq!(
        events,
        [r#"{"name":"feedback-sent","data":{"moment":"after_booking"}}"#],
        "the page hears that, not the answer"
    );
}
