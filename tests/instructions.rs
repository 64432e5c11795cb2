#![cfg(target_arch = "wasm32")]
//! Browser tests of the instructions view: the server is a stand-in `fetch` that answers each
//! `METHOD /path` with a fixed status and body, and records what the widget sent.

mod support;
use support::*;

use std::cell::RefCell;
use std::rc::Rc;

use portal_core::api::Catalog;
use portal_widget::i18n::Language;
use portal_widget::instructions::{InstructionsView, InstructionsViewProps};
use portal_widget::services::ApiClient;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A packet whose emergency part comes last (the widget shows it first).
const PACKET: &str = r#"{
  "language": "en", "languages": ["en", "es"], "title": "Caring for your sprained ankle",
  "preferred_name": "Rosa", "provider": "Dr. Ana López", "visit_date": "2026-03-03",
  "clinic_name": "Maple Grove Family Practice", "clinic_phone": "(555) 010-2233",
  "sections": [
    {"id": "home", "kind": "home", "heading": "At home", "blocks": [
      {"kind": "paragraph", "inlines": [
        {"text": "Rest your ankle. "}, {"text": "Keep it up", "bold": true}, {"text": ". Read "},
        {"text": "the ankle guide", "href": "https://example.org/ankle"}, {"text": " or "},
        {"text": "this old page", "href": "http://example.org/old"}, {"text": " or "},
        {"text": "this trick", "href": "javascript:alert(1)"}, {"text": "."}]},
      {"kind": "bullets", "items": [[{"text": "Ice for 20 minutes."}], [{"text": "Wrap it."}]]}]},
    {"id": "medicines", "kind": "medicines", "heading": "Your medicines", "blocks": []},
    {"id": "call", "kind": "call_us", "heading": "When to call us", "blocks": [
      {"kind": "paragraph", "inlines": [{"text": "Call if the swelling gets worse."}]}]},
    {"id": "emergency", "kind": "emergency", "heading": "Get help now", "blocks": [
      {"kind": "paragraph", "inlines": [{"text": "Call 911 if your foot turns cold or blue."}]}]}
  ],
  "medicines": [
    {"name": "ibuprofen", "sentence": "Take 2 pills of ibuprofen in the morning and evening, with food, for 5 days.",
     "dose": "2 pills", "morning": true, "noon": false, "evening": true, "bedtime": false,
     "food": "With food", "duration": "For 5 days"}
  ],
  "follow_up": {"date": "2026-03-10", "visit_type": "follow-up"},
  "teach_back": [
    {"id": "q1", "prompt": "What do you take with food?", "choices": ["Ibuprofen", "Nothing"], "section": "medicines"},
    {"id": "q2", "prompt": "When do you call 911?", "choices": ["Foot is cold", "Never"], "section": "emergency"}
  ],
  "acknowledged": ["emergency"],
  "teach_back_passed": ["q2"]
}"#;

fn show(host: &Element, base: &str) {
    let catalog: Catalog = (*catalog()).clone();
    let props = InstructionsViewProps {
        catalog: Rc::new(catalog),
        api: ApiClient { base: base.into() },
        lang: Language::En,
        secret: Some("s3cr3t-link".into()),
        headings: Default::default(),
    };
    yew::Renderer::<InstructionsView>::with_root_and_props(host.clone(), props).render();
}

/// Every element that takes focus inside `host`, by its text. (Tests run interleaved, so which
/// element has focus *now* may be another test's doing.)
fn focus_log(host: &Element) -> Rc<RefCell<Vec<String>>> {
    let log = Rc::new(RefCell::new(Vec::new()));
    let record = {
        let log = log.clone();
        Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
            if let Some(el) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) {
                log.borrow_mut().push(text(&el));
            }
        })
    };
    host.add_event_listener_with_callback("focusin", record.as_ref().unchecked_ref())
        .unwrap();
    record.forget();
    log
}

fn type_in(host: &Element, autocomplete: &str, value: &str) {
    let input: HtmlInputElement = one(host, &format!("input[autocomplete={autocomplete}]"))
        .dyn_into()
        .unwrap();
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

async fn verify(host: &Element) {
    wait_for(host, |h| {
        h.query_selector("input[autocomplete=bday-month]")
            .unwrap()
            .is_some()
    })
    .await;
    type_in(host, "bday-month", "4");
    type_in(host, "bday-day", "17");
    type_in(host, "bday-year", "1961");
    gloo::timers::future::TimeoutFuture::new(0).await;
    click(host, "button", "Show my instructions");
}

fn packet_routes(extra: &str) -> String {
    format!(
        r#"{{"POST /api/v1/packets/verify": {{"status": 200, "body": {{"session": "sess-1", "expires_at": "2026-03-04T15:00:00Z"}}}},
            "GET /api/v1/packets/current": {{"status": 200, "body": {PACKET}}}{extra}}}"#
    )
}

#[wasm_bindgen_test]
async fn a_wrong_date_of_birth_says_so_with_the_tries_left_and_keeps_what_was_typed() {
    const BASE: &str = "http://test1.invalid";
    serve(
        BASE,
        r#"{"POST /api/v1/packets/verify": {"status": 403, "body": {"error": {"code": "date_of_birth_mismatch",
            "message": "This date of birth does not match the one we have. You have 2 more tries."}}}}"#,
    );
    let host = host();
    let focused = focus_log(&host);
    show(&host, BASE);
    wait_for(&host, |h| text(h).contains("Your visit instructions")).await;
    assert!(
        text(&host).contains("To keep your information private, please enter your date of birth.")
    );
    verify(&host).await;
    wait_for(&host, |h| {
        h.query_selector(".pp-field-error").unwrap().is_some()
    })
    .await;

    let error = text(&one(&host, ".pp-field-error"));
    assert_eq!(
        error, "This date of birth does not match the one we have. You have 2 more tries.",
        "the server's words, in the page's language"
    );
    let month = one(&host, "input[autocomplete=bday-month]");
    assert_eq!(
        month.unchecked_ref::<HtmlInputElement>().value(),
        "4",
        "what was typed stays"
    );
    assert_eq!(
        one(&host, "input[autocomplete=bday-year]")
            .unchecked_ref::<HtmlInputElement>()
            .value(),
        "1961"
    );
    assert_eq!(month.get_attribute("aria-invalid").as_deref(), Some("true"));
    let summary = one(&host, ".pp-error-summary");
    let title = text(&summary);
    wait_for(&host, |_| focused.borrow().last() == Some(&title)).await; // the summary takes focus

    let sent = calls(BASE);
    let (key, url, auth, body) = &sent[0];
    assert_eq!(key, "POST /api/v1/packets/verify");
    assert_eq!(auth, "Bearer s3cr3t-link", "the secret goes in the header");
    assert!(!url.contains("s3cr3t"), "never in the URL: {url}");
    assert_eq!(
        body, r#"{"date_of_birth":"1961-04-17","language":"en"}"#,
        "refusals come back in the page's language"
    );
}

#[wasm_bindgen_test]
async fn a_locked_link_apologises_and_gives_the_clinics_phone() {
    const BASE: &str = "http://test2.invalid";
    serve(
        BASE,
        r#"{"POST /api/v1/packets/verify": {"status": 423, "body": {"error": {"code": "packet_locked", "message": "Locked."}}}}"#,
    );
    let host = host();
    show(&host, BASE);
    verify(&host).await;
    wait_for(&host, |h| text(h).contains("locked")).await;
    let alert = one(&host, "[role=alert]");
    assert!(
        text(&alert).starts_with("I'm sorry, this link is locked after too many tries."),
        "{}",
        text(&alert)
    );
    assert_eq!(
        one(&alert, "a").get_attribute("href").as_deref(),
        Some("tel:5550102233")
    );
    assert!(
        host.query_selector("input").unwrap().is_none(),
        "no form that cannot work"
    );
}

#[wasm_bindgen_test]
async fn a_network_failure_keeps_the_date_and_offers_the_phone() {
    const BASE: &str = "http://test3.invalid";
    serve(BASE, "{}");
    let host = host();
    show(&host, BASE);
    verify(&host).await;
    wait_for(&host, |h| {
        h.query_selector("[role=alert]").unwrap().is_some()
    })
    .await;
    let alert = text(&one(&host, "[role=alert]"));
    assert_eq!(alert, "We can't reach the clinic right now. Your answers are saved. Try again, or call (555) 010-2233.");
    assert_eq!(
        one(&host, "input[autocomplete=bday-day]")
            .unchecked_ref::<HtmlInputElement>()
            .value(),
        "17"
    );
}

#[wasm_bindgen_test]
async fn the_packet_greets_the_patient_puts_the_emergency_first_and_shows_text_as_text() {
    const BASE: &str = "http://test4.invalid";
    serve(BASE, &packet_routes(""));
    let host = host();
    let focused = focus_log(&host);
    show(&host, BASE);
    verify(&host).await;
    wait_for(&host, |h| text(h).contains("Hello, Rosa.")).await;

    let heading = one(&host, "h3");
    assert_eq!(
        text(&heading),
        "Hello, Rosa. Caring for your sprained ankle"
    );
    let greeting = text(&heading);
    wait_for(&host, |_| focused.borrow().last() == Some(&greeting)).await; // the greeting takes focus

    let headings: Vec<String> = all(&host, "h4.pp-section-heading")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        headings[..4],
        [
            "Get help now",
            "At home",
            "Your medicines",
            "When to call us"
        ]
    );
    let emergency = one(&host, ".pp-emergency");
    assert_eq!(emergency.tag_name(), "SECTION");
    assert!(
        emergency.get_attribute("role").is_none(),
        "not an alert: it is there from the start"
    );
    assert_eq!(
        one(&emergency, "a[href='tel:911']")
            .text_content()
            .as_deref(),
        Some("Call 911")
    );
    let call_us = one(&host, ".pp-alert-warning");
    assert_eq!(
        one(&call_us, ".pp-call-us a")
            .get_attribute("href")
            .as_deref(),
        Some("tel:5550102233")
    );

    assert_eq!(text(&one(&host, "strong")), "Keep it up");
    let link = one(&host, "a[href='https://example.org/ankle']");
    assert_eq!(text(&link), "the ankle guide");
    assert!(host.query_selector("a[href^='http:']").unwrap().is_none());
    assert!(host
        .query_selector("a[href^='javascript']")
        .unwrap()
        .is_none());
    let home = text(&host);
    assert!(
        home.contains("this old page") && home.contains("this trick"),
        "shown as words"
    );

    let table = one(&host, "table");
    assert_eq!(text(&one(&table, "caption")), "When to take your medicines");
    let columns: Vec<String> = all(&table, "th[scope=col]").iter().map(text).collect();
    assert_eq!(
        columns,
        [
            "Medicine",
            "Morning",
            "Noon",
            "Evening",
            "Bedtime",
            "With food",
            "How long"
        ]
    );
    let row = one(&table, "tbody tr");
    assert_eq!(text(&one(&row, "th[scope=row]")), "ibuprofen2 pills");
    let cells: Vec<String> = all(&row, "td").iter().map(text).collect();
    assert_eq!(
        cells,
        ["Yes", "—No", "Yes", "—No", "With food", "For 5 days"]
    );
    assert!(home
        .contains("Take 2 pills of ibuprofen in the morning and evening, with food, for 5 days."));

    let emergency_box =
        one(&emergency, "input[type=checkbox]").unchecked_into::<HtmlInputElement>();
    assert!(emergency_box.checked(), "already acknowledged");
    assert!(
        home.contains("Your next visit should be on Tuesday, March 10."),
        "{home}"
    );
    assert!(all(&host, "button")
        .iter()
        .any(|b| text(b) == "Book your follow-up"));
    assert!(all(&host, "button")
        .iter()
        .any(|b| text(b) == "Print these instructions"));
    assert!(all(&host, "button").iter().any(|b| text(b) == "Español"));

    let (key, url, auth, _) = calls(BASE)
        .into_iter()
        .find(|c| c.0.starts_with("GET"))
        .unwrap();
    assert_eq!(key, "GET /api/v1/packets/current");
    assert!(url.ends_with("?lang=en"), "{url}");
    assert_eq!(auth, "Bearer sess-1");
}

#[wasm_bindgen_test]
async fn i_understand_is_sent_to_the_clinic_and_the_saving_is_announced() {
    const BASE: &str = "http://test5.invalid";
    serve(
        BASE,
        &packet_routes(r#", "POST /api/v1/packets/current/acknowledgements": {"status": 204}"#),
    );
    let host = host();
    show(&host, BASE);
    verify(&host).await;
    wait_for(&host, |h| text(h).contains("Hello, Rosa.")).await;
    let boxes = all(&host, ".pp-section input[type=checkbox]");
    let label = one(&host, &format!("label[for='{}']", boxes[0].id()));
    assert!(
        text(&label).starts_with("I read and understand this part"),
        "{}",
        text(&label)
    );
    let status_id = boxes[0].get_attribute("aria-describedby").unwrap();
    assert_eq!(
        text(&one(&host, &format!("[id='{status_id}']"))),
        "",
        "nothing to say yet"
    );
    boxes[0].unchecked_ref::<HtmlElement>().click();
    wait_for(&host, |h| {
        text(&one(h, &format!("[id='{status_id}']"))) == "Saved. Thank you."
    })
    .await;
    let sent = calls(BASE);
    let (_, _, auth, body) = sent
        .iter()
        .find(|c| c.0 == "POST /api/v1/packets/current/acknowledgements")
        .unwrap();
    assert_eq!(body, r#"{"section":"home"}"#);
    assert_eq!(auth, "Bearer sess-1");
    assert_eq!(
        one(&host, &format!("[id='{status_id}']"))
            .get_attribute("role")
            .as_deref(),
        Some("status")
    );
}

#[wasm_bindgen_test]
async fn a_failed_acknowledgement_keeps_the_tick_and_offers_to_try_again() {
    const BASE: &str = "http://test6.invalid";
    serve(BASE, &packet_routes(""));
    let host = host();
    show(&host, BASE);
    verify(&host).await;
    wait_for(&host, |h| text(h).contains("Hello, Rosa.")).await;
    let first = all(&host, ".pp-section input[type=checkbox]")[0]
        .clone()
        .unchecked_into::<HtmlInputElement>();
    first.click();
    wait_for(&host, |h| {
        text(h).contains("We couldn't save this. Please try again.")
    })
    .await;
    assert!(first.checked());
    assert!(all(&host, ".pp-ack button")
        .iter()
        .any(|b| text(b) == "Try again"));
}

#[wasm_bindgen_test]
async fn a_wrong_teach_back_answer_points_kindly_to_the_part_to_read_again() {
    const BASE: &str = "http://test7.invalid";
    serve(
        BASE,
        &packet_routes(
            r#", "POST /api/v1/packets/current/teach-back": {"status": 200, "body": {"correct": false, "reread": "medicines"}}"#,
        ),
    );
    let host = host();
    let focused = focus_log(&host);
    show(&host, BASE);
    verify(&host).await;
    wait_for(&host, |h| text(h).contains("Hello, Rosa.")).await;

    let quiz = one(&host, ".pp-teach-back");
    assert_eq!(text(&one(&quiz, "legend")), "What do you take with food?");
    assert!(
        text(&quiz).contains("When do you call 911?That's right."),
        "passed before: {}",
        text(&quiz)
    );
    all(&quiz, "input[type=radio]")[1]
        .unchecked_ref::<HtmlElement>()
        .click();
    gloo::timers::future::TimeoutFuture::new(0).await;
    click(&quiz, "button", "Check my answer");
    wait_for(&host, |h| text(h).contains("Not quite.")).await;
    assert!(
        text(&quiz).contains("Not quite. Please read \"Your medicines\" again."),
        "{}",
        text(&quiz)
    );
    let (_, _, _, body) = calls(BASE)
        .into_iter()
        .find(|c| c.0.ends_with("teach-back"))
        .unwrap();
    assert_eq!(body, r#"{"question":"q1","choice":1}"#);

    click(&quiz, "a", "Go to \"Your medicines\"");
    assert_eq!(
        focused.borrow().last().map(String::as_str),
        Some("Your medicines"),
        "the part to read takes focus"
    );
}

#[wasm_bindgen_test]
async fn book_your_follow_up_asks_the_page_for_booking_with_the_visit_type() {
    const BASE: &str = "http://test8.invalid";
    serve(BASE, &packet_routes(""));
    let host = host();
    let seen = Rc::new(RefCell::new(None::<String>));
    let listener = {
        let seen = seen.clone();
        Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
            let detail = e.detail();
            let get = |k: &str| {
                js_sys::Reflect::get(&detail, &k.into())
                    .unwrap()
                    .as_string()
                    .unwrap_or_default()
            };
            *seen.borrow_mut() = Some([get("view"), get("visitType")].join(" "));
        })
    };
    host.add_event_listener_with_callback("pp-navigate", listener.as_ref().unchecked_ref())
        .unwrap();
    show(&host, BASE);
    verify(&host).await;
    wait_for(&host, |h| text(h).contains("Hello, Rosa.")).await;
    click(&host, "button", "Book your follow-up");
    assert_eq!(
        seen.borrow().as_deref(),
        Some("booking follow-up"),
        "the event bubbles to the element"
    );
    drop(listener);
}

#[wasm_bindgen_test]
async fn after_the_teach_back_answers_sent_before_show_that_the_clinic_will_follow_up() {
    const BASE: &str = "http://test-feedback-sent.invalid";
    serve(
        BASE,
        &packet_routes(
            r#", "GET /api/v1/clinics/maple-grove/feedback/prompt": {"status": 200, "body": {"ask": false,
                 "sent": {"id": "f1", "moment": "after_visit", "sent_at": "2026-03-03T18:00:00Z",
                          "follow_up": "open", "due_at": "2026-03-04T22:00:00Z"}}}"#,
        ),
    );
    let host = host();
    show(&host, BASE);
    verify(&host).await;
    wait_for(&host, |h| text(h).contains("Thank you for your answers.")).await;

    let region = one(&host, "section.pp-feedback");
    let status = text(&region);
    // When it is due, on the patient's own clock.
    let due = browsers_words(js_sys::Date::parse("2026-03-04T22:00:00Z"), "en-US", DAY);
    assert!(
        status.contains(&format!(
            "Someone from our clinic will contact you by {due} at"
        )),
        "{status}"
    );
    assert!(!has_buttons(&region), "nothing to answer again");
    // It comes after the teach-back questions, and asks with the reading session.
    let quiz = one(&host, ".pp-teach-back");
    assert_eq!(
        quiz.compare_document_position(&region) & web_sys::Node::DOCUMENT_POSITION_FOLLOWING,
        web_sys::Node::DOCUMENT_POSITION_FOLLOWING
    );
    let asked = calls(BASE)
        .into_iter()
        .find(|c| c.0.ends_with("/feedback/prompt"))
        .expect("the prompt was asked for");
    assert!(asked.1.ends_with("?moment=after_visit"), "{}", asked.1);
    assert_eq!(asked.2, "Bearer sess-1");
}

fn has_buttons(root: &Element) -> bool {
    root.query_selector("button").unwrap().is_some()
}
