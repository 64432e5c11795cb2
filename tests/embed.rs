#![cfg(target_arch = "wasm32")]
//! Browser tests of the widget as a web developer embeds it: `mount` with a config, the handle's
//! `unmount`, the `patient-portal:event` events a booking sends the page, and the config keys
//! `provider`, `prefill`, `strings` and `pageUrl` (read by the reader derived from their
//! declaration, so a value of the wrong type is refused). The server is a stand-in `fetch`.

mod support;
use support::{click, serve, CATALOG};

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const AVAILABILITY: &str = r#"{
  "timezone": "America/New_York", "visit_type": "sick-visit", "from": "2026-03-02", "to": "2026-03-08",
  "days": [{"date": "2026-03-03", "slots": [
    {"start": "2026-03-04T02:30:00Z", "clinic_start": "2026-03-03T21:30:00-05:00", "end": "2026-03-04T02:50:00Z", "provider": "dr-chen", "location": "downtown"}]}],
  "next_available": {"start": "2026-03-04T02:30:00Z", "clinic_start": "2026-03-03T21:30:00-05:00", "end": "2026-03-04T02:50:00Z", "provider": "dr-chen", "location": "downtown"},
  "last_bookable_date": "2026-03-31"
}"#;

const APPOINTMENT: &str = r#"{"id": "appt-77", "status": "booked", "clinic": "maple-grove", "visit_type": "sick-visit",
  "provider": "dr-chen", "location": "downtown", "start": "2026-03-04T02:30:00Z", "clinic_start": "2026-03-03T21:30:00-05:00", "end": "2026-03-04T02:50:00Z",
  "timezone": "America/New_York", "preferred_name": "Rosa", "manage_token": "s3cr3t"}"#;

fn routes() -> String {
    format!(
        r#"{{"GET /api/v1/clinics/maple-grove/catalog": {{"status": 200, "body": {CATALOG}}},
            "GET /api/v1/clinics/maple-grove/availability": {{"status": 200, "body": {AVAILABILITY}}},
            "POST /api/v1/clinics/maple-grove/appointments": {{"status": 201, "body": {APPOINTMENT}}}}}"#
    )
}

fn host() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

/// Collects the details of every `patient-portal:event` that reaches `host`, as JSON text.
fn listen(host: &Element) -> js_sys::Array {
    let seen = js_sys::Array::new();
    let record = js_sys::Function::new_with_args(
        "host, seen",
        "host.addEventListener('patient-portal:event', e => seen.push([JSON.stringify(e.detail), e.bubbles, e.composed]));",
    );
    record.call2(&JsValue::NULL, host, &seen).unwrap();
    seen
}

fn events(seen: &js_sys::Array) -> Vec<String> {
    seen.iter()
        .map(|e| js_sys::Array::from(&e).get(0).as_string().unwrap())
        .collect()
}

fn config(base: &str, extra: &str) -> JsValue {
    js_sys::JSON::parse(&format!(
        r#"{{"clinic": "maple-grove", "apiBase": "{base}"{extra}}}"#
    ))
    .unwrap()
}

async fn wait_for(host: &Element, selector: &str) -> Element {
    for _ in 0..200 {
        if let Some(found) = host.query_selector(selector).unwrap() {
            gloo::timers::future::TimeoutFuture::new(0).await;
            return found;
        }
        gloo::timers::future::TimeoutFuture::new(10).await;
    }
    panic!("nothing matches {selector}: {}", host.inner_html());
}

async fn wait_for_heading(host: &Element, words: &str) {
    for _ in 0..200 {
        if host
            .query_selector("h3")
            .unwrap()
            .and_then(|h| h.text_content())
            .as_deref()
            == Some(words)
        {
            gloo::timers::future::TimeoutFuture::new(0).await;
            return;
        }
        gloo::timers::future::TimeoutFuture::new(10).await;
    }
    panic!("no heading {words:?}: {}", host.inner_html());
}

fn type_into(host: &Element, selector: &str, value: &str) {
    let input = host
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"));
    let typing = js_sys::Function::new_with_args(
        "el, v",
        "el.value = v; el.dispatchEvent(new InputEvent('input', {bubbles: true}));",
    );
    typing.call2(&JsValue::NULL, &input, &value.into()).unwrap();
}

#[wasm_bindgen_test]
async fn unmount_removes_the_widget_and_empties_its_element() {
    let base = "http://unmount.test";
    serve(base, &routes());
    let host = host();
    let handle = portal_widget::mount(host.clone(), config(base, ""));
    wait_for(&host, "h3").await;
    handle.unmount();
    assert_eq!(host.child_nodes().length(), 0, "{}", host.inner_html());

    let bad = portal_widget::mount(host.clone(), js_sys::Object::new().into());
    assert!(host
        .text_content()
        .unwrap_or_default()
        .contains("config.clinic is missing"));
    bad.unmount();
    assert_eq!(host.child_nodes().length(), 0);
}

#[wasm_bindgen_test]
async fn a_config_value_of_the_wrong_type_is_refused_not_read_as_missing() {
    // Called without the loader's schema check: a heading that is a number, a "been here
    // before?" that is a word. Read field by field, each would have been quietly left out.
    let host = host();
    for extra in [
        r#", "strings": {"en": {"visitTitle": 7}}"#,
        r#", "prefill": {"newPatient": "yes"}"#,
        r#", "visitType": ["sick-visit"]"#,
    ] {
        let handle = portal_widget::mount(host.clone(), config("http://types.test", extra));
        let text = host.text_content().unwrap_or_default();
        assert!(
            text.contains(
                "the config or a value in it has the wrong type; PatientPortal.mount names it"
            ),
            "{extra}: {text}"
        );
        assert!(
            host.query_selector("h3").unwrap().is_none(),
            "{extra}: nothing mounts"
        );
        handle.unmount();
    }
    let nothing = portal_widget::mount(host.clone(), JsValue::UNDEFINED);
    assert!(host
        .text_content()
        .unwrap_or_default()
        .contains("the config or a value in it has the wrong type"));
    nothing.unmount();
}

#[wasm_bindgen_test]
async fn a_booking_tells_the_page_each_step_and_choice_but_nothing_the_patient_typed() {
    let base = "http://events.test";
    serve(base, &routes());
    let host = host();
    let seen = listen(&host);
    let extra = r#", "provider": "dr-chen", "prefill": {"newPatient": true}, "pageUrl": "https://clinic.example/book?x=1",
        "strings": {"en": {"visitTitle": "What brings you in?", "bookedTitle": "See you soon"}, "es": {"visitTitle": "¿Qué le trae?"}}"#;
    let _handle = portal_widget::mount(host.clone(), config(base, extra));

    // `strings` words the heading; `prefill` answered "been here before?".
    wait_for_heading(&host, "What brings you in?").await;
    assert_eq!(
        events(&seen),
        [r#"{"name":"ready","data":{"view":"booking"}}"#]
    );
    let new_patient = host
        .query_selector_all("input[type=radio]:checked")
        .unwrap();
    assert_eq!(new_patient.length(), 1, "the page's prefill is chosen");
    click(&host, "label", "Sick visit");
    click(&host, "button", "Continue");

    // `provider` is already chosen.
    wait_for_heading(&host, "Who and where?").await;
    let checked = host
        .query_selector_all("input[type=radio]:checked")
        .unwrap();
    let labels: Vec<String> = (0..checked.length())
        .filter_map(|i| checked.item(i)?.dyn_into::<Element>().ok())
        .filter_map(|r| {
            host.query_selector(&format!("label[for='{}']", r.id()))
                .ok()
                .flatten()?
                .text_content()
        })
        .collect();
    assert!(
        labels.iter().any(|l| l.contains("Dr. Michael Chen")),
        "{labels:?}"
    );
    click(&host, "button", "Continue");

    wait_for(&host, ".pp-next")
        .await
        .unchecked_into::<HtmlElement>()
        .click();
    wait_for_heading(&host, "About you").await;
    type_into(&host, "input[autocomplete=name]", "Rosa María Díaz");
    type_into(&host, "input[autocomplete=bday-month]", "4");
    type_into(&host, "input[autocomplete=bday-day]", "17");
    type_into(&host, "input[autocomplete=bday-year]", "1961");
    type_into(&host, "input[autocomplete=tel]", "(555) 010-9876");
    type_into(&host, "input[autocomplete=email]", "rosa@example.org");
    type_into(&host, "textarea", "Cough for a week");
    click(&host, "button", "Continue");
    wait_for_heading(&host, "Check your visit").await;
    click(&host, "button", "Book this visit");
    wait_for_heading(&host, "See you soon").await;

    // `pageUrl` is the page the manage link opens, not this document.
    wait_for(&host, "a[href^='https:']").await;
    let list = host.query_selector_all("a.pp-link").unwrap();
    let link = (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .find(|a| {
            !a.get_attribute("href")
                .unwrap_or_default()
                .starts_with("tel:")
        })
        .expect("the manage link");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://clinic.example/book?x=1#pp-manage=appt-77.s3cr3t&pp-lang=en")
    );

    // 21:30 in New York on March 3 is March 4 in UTC: the date is the clinic's.
    let booking = |step: &str| {
        format!(r#"{{"name":"view-changed","data":{{"view":"booking","step":"{step}"}}}}"#)
    };
    assert_eq!(
        events(&seen),
        [
            r#"{"name":"ready","data":{"view":"booking"}}"#.to_string(),
            booking("provider"),
            r#"{"name":"visit-type-selected","data":{"visitType":"sick-visit"}}"#.into(),
            booking("time"),
            booking("details"),
            r#"{"name":"time-selected","data":{"visitType":"sick-visit","date":"2026-03-03"}}"#
                .into(),
            booking("review"),
            booking("booked"),
            r#"{"name":"booked","data":{"visitType":"sick-visit","date":"2026-03-03"}}"#.into(),
        ]
    );
    for event in seen.iter() {
        let event = js_sys::Array::from(&event);
        assert_eq!(
            (event.get(1).as_bool(), event.get(2).as_bool()),
            (Some(true), Some(true)),
            "bubbles out of a shadow root"
        );
    }
    let all = events(&seen).concat();
    for private in [
        "Rosa", "Díaz", "1961", "9876", "rosa@", "Cough", "appt-77", "s3cr3t", "dr-chen", "02:30",
        "21:30", "9:30",
    ] {
        assert!(!all.contains(private), "{private} reached the page: {all}");
    }
}

#[wasm_bindgen_test]
async fn a_provider_not_in_the_catalog_is_ignored_and_spanish_headings_come_from_strings() {
    let base = "http://strings.test";
    serve(base, &routes());
    let host = host();
    let extra = r#", "locale": "es", "provider": "dr-nobody", "strings": {"es": {"visitTitle": "¿Qué le trae?"}}"#;
    let _handle = portal_widget::mount(host.clone(), config(base, extra));
    wait_for_heading(&host, "¿Qué le trae?").await;
    assert_eq!(
        host.query_selector_all("input[type=radio]:checked")
            .unwrap()
            .length(),
        0,
        "nothing chosen for the patient"
    );
}
