#![cfg(target_arch = "wasm32")]
//! Browser tests of the booking steps: each mounts a component with its data as props (no
//! network) and checks what a patient, or their screen reader, would meet.

mod support;
use support::*;

use std::rc::Rc;

use portal_core::api::{Appointment, AppointmentRequest, Availability, Catalog, PatientDetails};
use portal_core::wire::{from_json, to_json, FromJs};
use portal_widget::booking::state::{BookingState, Field, Step};
use portal_widget::booking::time_step::{TimeStep, TimeStepProps};
use portal_widget::booking::{BookingFlow, BookingFlowProps};
use portal_widget::i18n::Language;
use portal_widget::services::ApiClient;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

/// Nothing open in the first days shown; the next open time is later.
const AVAILABILITY: &str = r#"{
  "timezone": "America/New_York", "visit_type": "sick-visit",
  "from": "2026-03-02", "to": "2026-03-08",
  "days": [
    {"date": "2026-03-03", "slots": [
      {"start": "2026-03-03T14:30:00Z", "clinic_start": "2026-03-03T09:30:00-05:00", "end": "2026-03-03T14:50:00Z", "provider": "dr-lopez", "location": "downtown"},
      {"start": "2026-03-03T14:30:00Z", "clinic_start": "2026-03-03T09:30:00-05:00", "end": "2026-03-03T14:50:00Z", "provider": "dr-chen", "location": "downtown"},
      {"start": "2026-03-03T15:00:00Z", "clinic_start": "2026-03-03T10:00:00-05:00", "end": "2026-03-03T15:20:00Z", "provider": "dr-lopez", "location": "riverside"}
    ]},
    {"date": "2026-03-05", "slots": [
      {"start": "2026-03-05T19:00:00Z", "clinic_start": "2026-03-05T14:00:00-05:00", "end": "2026-03-05T19:20:00Z", "provider": "dr-chen", "location": "downtown"}
    ]}
  ],
  "next_available": {"start": "2026-03-03T14:30:00Z", "clinic_start": "2026-03-03T09:30:00-05:00", "end": "2026-03-03T14:50:00Z", "provider": "dr-lopez", "location": "downtown"},
  "last_bookable_date": "2026-03-31",
  "some_new_field": {"the widget": ["ignores", 1, true]}
}"#;

fn api() -> ApiClient {
    // Nothing listens on port 9: a test that fetched by mistake would fail, not hang.
    ApiClient {
        base: "http://127.0.0.1:9".into(),
    }
}

fn flow(host: &Element, lang: Language, resume: Option<BookingState>) {
    let props = BookingFlowProps {
        catalog: catalog(),
        api: api(),
        lang,
        resume,
        headings: Default::default(),
        page_url: String::new(),
    };
    yew::Renderer::<BookingFlow>::with_root_and_props(host.clone(), props).render();
}

/// A patient who has answered everything up to "About you".
fn at_about_you() -> BookingState {
    BookingState {
        step: Step::About,
        visit_type: Some("sick-visit".into()),
        visit_takes_new: true,
        new_patient: Some(true),
        slot: from_json(
            r#"{"start": "2026-03-03T14:30:00Z", "clinic_start": "2026-03-03T09:30:00-05:00", "end": "2026-03-03T14:50:00Z", "provider": "dr-lopez", "location": "downtown"}"#,
        ),
        ..BookingState::default()
    }
}

#[wasm_bindgen_test]
async fn the_visit_step_lists_the_visit_types_as_radios_with_labels_and_descriptions() {
    let host = host();
    flow(&host, Language::En, None);
    settle().await;

    let heading = one(&host, "h3");
    assert_eq!(text(&heading), "What is the visit for?");
    assert_eq!(
        heading.get_attribute("tabindex").as_deref(),
        Some("-1"),
        "the heading can take focus"
    );
    let progress = one(&host, ".pp-progress");
    assert_eq!(text(&progress), "Step 1 of 5: What is the visit for?");
    assert_eq!(
        progress.get_attribute("aria-live").as_deref(),
        Some("polite")
    );

    let legend = one(&host, "fieldset legend");
    assert_eq!(text(&legend), "Type of visit");
    let radios = all(&host, "fieldset:first-of-type input[type=radio]");
    let names: Vec<String> = radios
        .iter()
        .map(|r| text(&one(&host, &format!("label[for='{}']", r.id()))))
        .collect();
    assert_eq!(names, ["Sick visit", "Follow-up visit", "Video visit"]);
    let first = &radios[0];
    let described = one(
        &host,
        &format!(
            "[id='{}']",
            first.get_attribute("aria-describedby").unwrap()
        ),
    );
    assert_eq!(text(&described), "For a new illness or pain.20 minutes");
    assert!(
        radios
            .iter()
            .all(|r| r.get_attribute("name") == first.get_attribute("name")),
        "one group"
    );

    let new_or_returning = all(&host, "fieldset:nth-of-type(2) input[type=radio]");
    assert_eq!(new_or_returning.len(), 2);
}

#[wasm_bindgen_test]
async fn continue_without_answers_says_what_is_missing_next_to_each_question() {
    let host = host();
    flow(&host, Language::En, None);
    settle().await;
    click(&host, "button", "Continue");
    settle().await;
    assert_eq!(
        text(&one(&host, "h3")),
        "What is the visit for?",
        "the patient stays on the step"
    );
    let groups = all(&host, "fieldset");
    for (group, words) in groups.iter().zip([
        "Please pick a type of visit.",
        "Please tell us if you have been here before.",
    ]) {
        let error = one(group, ".pp-field-error");
        assert_eq!(text(&error), words);
        assert_eq!(
            group.get_attribute("aria-describedby"),
            Some(error.id()),
            "read with the group"
        );
    }
}

#[wasm_bindgen_test]
async fn a_new_patient_who_picks_a_visit_for_returning_patients_is_told_kindly_what_to_do() {
    let host = host();
    flow(&host, Language::En, None);
    settle().await;
    all(&host, "input[type=radio]")[1]
        .unchecked_ref::<HtmlInputElement>()
        .click(); // Follow-up
    all(&host, "fieldset:nth-of-type(2) input[type=radio]")[1]
        .unchecked_ref::<HtmlInputElement>()
        .click(); // first visit
    settle().await;
    let note = one(&host, "[aria-live=polite] .pp-alert");
    assert!(
        text(&note).starts_with("This visit is for patients who have been here before."),
        "{}",
        text(&note)
    );
    let phone = one(&note, "a");
    assert_eq!(
        phone.get_attribute("href").as_deref(),
        Some("tel:5550102233")
    );
    click(&host, "button", "Continue");
    settle().await;
    assert_eq!(text(&one(&host, "h3")), "What is the visit for?");
}

#[wasm_bindgen_test]
async fn the_visit_step_speaks_spanish() {
    let host = host();
    flow(&host, Language::Es, None);
    settle().await;
    assert_eq!(text(&one(&host, "h3")), "¿Para qué es la visita?");
    assert_eq!(
        text(&one(&host, ".pp-progress")),
        "Paso 1 de 5: ¿Para qué es la visita?"
    );
    assert_eq!(text(&one(&host, "label")), "Consulta por enfermedad");
}

/// The "Who and where?" step in `lang`, for a returning patient's sick visit: its text.
async fn who_step(lang: Language) -> String {
    let host = host();
    let resume = BookingState {
        step: Step::Who,
        visit_type: Some("sick-visit".into()),
        visit_takes_new: true,
        new_patient: Some(false),
        ..BookingState::default()
    };
    flow(&host, lang, Some(resume));
    settle().await;
    text(&host)
}

/// A Spanish-speaking patient reads the clinic's own words in Spanish: "Dra." for a woman
/// doctor, the office's Spanish name, and the languages a provider speaks named in Spanish.
#[wasm_bindgen_test]
async fn the_who_step_names_people_places_and_languages_in_spanish() {
    let page = who_step(Language::Es).await;
    assert!(page.contains("Dra. Ana López"), "{page}");
    assert!(page.contains("Habla: inglés, español"), "{page}");
    assert!(page.contains("Oficina del centro"), "{page}");
    for english in ["Dr. Ana", "English", "Español", "Downtown office"] {
        assert!(
            !page.contains(english),
            "no {english:?} on a Spanish screen: {page}"
        );
    }
}

#[wasm_bindgen_test]
async fn the_who_step_names_languages_in_english_too() {
    let page = who_step(Language::En).await;
    assert!(page.contains("Speaks: English, Spanish"), "{page}");
    assert!(page.contains("Dr. Ana López"), "{page}");
}

#[wasm_bindgen_test]
async fn the_details_step_shows_a_birth_date_problem_next_to_the_field_and_in_a_focused_summary() {
    let host = host();
    let mut state = at_about_you();
    state.answers[Field::Month as usize] = "2".into();
    state.answers[Field::Day as usize] = "30".into();
    state.answers[Field::Year as usize] = "1961".into();
    flow(&host, Language::En, Some(state));
    settle().await;
    assert_eq!(text(&one(&host, "h3")), "About you");
    assert!(
        host.query_selector("[aria-invalid]").unwrap().is_none(),
        "no problems before Continue"
    );

    click(&host, "button", "Continue");
    settle().await;

    let month = one(&host, "input[autocomplete=bday-month]");
    assert_eq!(month.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        month.unchecked_ref::<HtmlInputElement>().value(),
        "2",
        "what was typed stays"
    );
    let described = month.get_attribute("aria-describedby").unwrap();
    let error = described
        .split(' ')
        .map(|id| one(&host, &format!("[id='{id}']")))
        .find(|el| el.class_name().contains("pp-field-error"))
        .expect("the problem describes the field");
    let words = "This date doesn't look right. Try month/day/year, like 04/17/1961.";
    assert_eq!(text(&error), words);
    let fieldset = month.closest("fieldset").unwrap().unwrap();
    assert!(
        fieldset.contains(Some(&error)),
        "the problem is next to the field"
    );
    for part in ["bday-day", "bday-year"] {
        assert_eq!(
            one(&host, &format!("input[autocomplete={part}]"))
                .get_attribute("aria-invalid")
                .as_deref(),
            Some("true")
        );
    }
    assert_eq!(
        one(&host, "input[autocomplete=bday-year]")
            .get_attribute("inputmode")
            .as_deref(),
        Some("numeric")
    );

    let summary = one(&host, ".pp-error-summary");
    let document = web_sys::window().unwrap().document().unwrap();
    assert_eq!(
        document.active_element(),
        Some(summary.clone()),
        "the summary takes focus"
    );
    let links: Vec<(String, String)> = all(&summary, "a")
        .iter()
        .map(|a| (text(a), a.get_attribute("href").unwrap()))
        .collect();
    assert!(
        links.contains(&(words.to_string(), format!("#{}", month.id()))),
        "{links:?}"
    );
    assert!(
        links
            .iter()
            .any(|(t, _)| t == "Please write your full name."),
        "{links:?}"
    );
    assert!(summary.get_attribute("aria-labelledby").is_some());

    // The summary's link takes the patient to the field.
    let link = all(&summary, "a")
        .into_iter()
        .find(|a| text(a) == words)
        .unwrap();
    link.unchecked_into::<HtmlElement>().click();
    assert_eq!(document.active_element(), Some(month));
}

fn flow_with_channels(host: &Element, channels: &[&str], resume: BookingState) {
    let mut catalog = (*catalog()).clone();
    catalog.rules.message_channels = channels.iter().map(|c| c.to_string()).collect();
    let props = BookingFlowProps {
        catalog: Rc::new(catalog),
        api: api(),
        lang: Language::En,
        resume: Some(resume),
        headings: Default::default(),
        page_url: String::new(),
    };
    yew::Renderer::<BookingFlow>::with_root_and_props(host.clone(), props).render();
}

#[wasm_bindgen_test]
async fn the_details_step_asks_how_to_reach_the_patient_only_in_ways_the_clinic_sends() {
    let host = host();
    flow_with_channels(&host, &["email"], at_about_you());
    settle().await;
    let group = all(&host, "fieldset")
        .into_iter()
        .find(|f| text(f).contains("How should we reach you about this visit?"))
        .expect("the question");
    let labels: Vec<String> = all(&group, "label").iter().map(text).collect();
    assert_eq!(
        labels,
        ["Email me", "No messages, please"],
        "no texts: this clinic sends none"
    );
    assert!(
        text(&host).contains("Reply STOP to stop texts."),
        "the consent words"
    );
    for radio in all(&group, "input[type=radio]") {
        let id = radio.id();
        assert!(
            host.query_selector(&format!("label[for='{id}']"))
                .unwrap()
                .is_some(),
            "every choice has its label"
        );
    }
    // Email chosen, no email typed: the problem is on the email field, in plain words.
    click(&group, "label", "Email me");
    settle().await;
    click(&host, "button", "Continue");
    settle().await;
    let email = one(&host, "input[type=email]");
    assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(text(&host).contains("To get emails, please write your email."));

    // A clinic that sends nothing does not ask.
    let other = self::host();
    flow_with_channels(&other, &[], at_about_you());
    settle().await;
    assert!(!text(&other).contains("How should we reach you"));
}

#[wasm_bindgen_test]
async fn the_reason_field_counts_letters_and_links_its_hint() {
    let host = host();
    let mut state = at_about_you();
    state.answers[Field::Reason as usize] = "Cough".into();
    flow(&host, Language::En, Some(state));
    settle().await;
    let reason = one(&host, "textarea");
    let ids = reason.get_attribute("aria-describedby").unwrap();
    let described: Vec<String> = ids
        .split(' ')
        .map(|id| text(&one(&host, &format!("[id='{id}']"))))
        .collect();
    assert!(
        described.contains(&"5 of 500 letters".to_string()),
        "{described:?}"
    );
    assert_eq!(
        one(&host, "input[type=tel]")
            .get_attribute("autocomplete")
            .as_deref(),
        Some("tel")
    );
    assert_eq!(
        one(&host, "input[type=email]")
            .get_attribute("autocomplete")
            .as_deref(),
        Some("email")
    );
    assert!(
        all(&host, "label").len() >= 10,
        "every field has a visible label"
    );
}

#[wasm_bindgen_test]
async fn the_time_step_shows_the_next_available_time_first_then_days_then_times() {
    let host = host();
    let availability: Availability =
        from_json(AVAILABILITY).expect("the availability fixture reads");
    let props = TimeStepProps {
        api: api(),
        catalog: catalog(),
        lang: Language::En,
        ids: "t1".into(),
        visit_type: "sick-visit".into(),
        provider: None,
        location: None,
        chosen: None,
        on_choose: Callback::noop(),
        preloaded: Some(Rc::new(availability)),
    };
    yew::Renderer::<TimeStep>::with_root_and_props(host.clone(), props).render();
    settle().await;

    let buttons = all(&host, "button");
    let first = text(&buttons[0]);
    assert!(first.starts_with("Next available:"), "{first}");
    // 14:30 UTC on March 3, on the day the patient's own clock reads (the next day far east).
    let day = browsers_words(js_sys::Date::parse("2026-03-03T14:30:00Z"), "en-US", DAY);
    assert!(first.contains(&[day.as_str(), " at "].concat()), "{first}");
    assert!(
        first.contains("with Dr. Ana López, Downtown office"),
        "{first}"
    );

    let days: Vec<String> = all(&host, ".pp-days button").iter().map(text).collect();
    assert_eq!(days, ["Tuesday, March 3", "Thursday, March 5"]);
    assert_eq!(
        one(&host, ".pp-days button")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    // Two providers at 9:30 downtown are one choice; Riverside at 10:00 is another.
    let times = all(&host, ".pp-times button");
    assert_eq!(times.len(), 2);
    // The list is named by the day and the part of the day (in the patient's zone).
    let list = one(&host, ".pp-times");
    let labels: Vec<String> = list
        .get_attribute("aria-labelledby")
        .unwrap()
        .split(' ')
        .map(|id| text(&one(&host, &format!("[id='{id}']"))))
        .collect();
    assert_eq!(labels[0], "Open times on Tuesday, March 3");
    assert!(
        ["Morning", "Afternoon", "Evening"].contains(&labels[1].as_str()),
        "{labels:?}"
    );

    click(&host, ".pp-days button", "Thursday, March 5");
    settle().await;
    assert_eq!(all(&host, ".pp-times button").len(), 1);
    assert!(text(&host).contains("Show the next 7 days"));
}

#[wasm_bindgen_test]
async fn times_are_in_the_patients_zone_with_the_clinics_when_they_differ() {
    let lang = Language::En;
    let start = "2026-03-03T14:30:00Z";
    let mine = portal_widget::intl::short_time(lang, start);
    // The server writes the same time on the clinic's clock beside it.
    let both = portal_widget::intl::time(lang, start, "2026-03-03T09:30:00-05:00");
    let clinic = portal_widget::intl::time(lang, start, "2026-03-03T23:30:00+09:00");
    if both == mine {
        // This browser is in New York time: one time is enough.
        assert!(!both.contains("clinic time"));
    } else {
        assert!(both.ends_with("(9:30 AM clinic time)"), "{both}");
    }
    assert!(clinic.ends_with("(11:30 PM clinic time)"), "{clinic}");
    let spanish = portal_widget::intl::time(Language::Es, start, "2026-03-03T23:30:00+09:00");
    assert!(
        spanish.ends_with("(11:30 p. m. hora de la clínica)"),
        "{spanish}"
    );
    assert_eq!(
        portal_widget::intl::day(Language::Es, "2026-03-03"),
        "martes, 3 de marzo"
    );
    assert_eq!(
        portal_widget::intl::day(Language::En, "2028-02-29"),
        "Tuesday, February 29"
    );
    assert_eq!(portal_widget::intl::day(Language::En, "not a date"), "");
    assert_eq!(portal_widget::intl::short_time(lang, "not a time"), "");
    assert_eq!(
        portal_widget::intl::next_day("2026-02-28").as_deref(),
        Some("2026-03-01")
    );
    assert_eq!(portal_widget::intl::next_day("not a date"), None);
}

#[wasm_bindgen_test]
async fn days_and_times_on_the_patients_clock_read_as_the_browser_reads_them() {
    const TIME: &str = r#"{"hour":"numeric","minute":"2-digit"}"#;
    // Every 37 hours and 11 minutes for two years and a half: every weekday, month and hour,
    // a leap day, and the patient's clock changes (whatever zone this browser is in).
    let mut ms = js_sys::Date::parse("2026-01-01T00:00:00Z");
    for _ in 0..600 {
        let at = String::from(js_sys::Date::new(&ms.into()).to_iso_string());
        for (lang, locale) in [(Language::En, "en-US"), (Language::Es, "es-US")] {
            let day = portal_widget::intl::on_day(lang, &at);
            assert_eq!(day, browsers_words(ms, locale, DAY), "{at}");
            // Spanish says "p. m." as the messages do; Chromium's Intl writes "p.m.".
            let time = portal_widget::intl::short_time(lang, &at).replace(". m.", ".m.");
            assert_eq!(time, browsers_words(ms, locale, TIME), "{at}");
            assert_eq!(
                portal_widget::intl::instant_words(lang, &at),
                [
                    day.as_str(),
                    if lang == Language::En {
                        " at "
                    } else if time.starts_with("1:") {
                        " a la "
                    } else {
                        " a las "
                    },
                    &portal_widget::intl::short_time(lang, &at)
                ]
                .concat(),
            );
        }
        ms += (37.0 * 60.0 + 11.0) * 60_000.0;
    }
}

#[wasm_bindgen_test]
async fn the_review_step_lists_every_answer_with_a_change_button_that_keeps_them() {
    let host = host();
    let mut state = at_about_you();
    state.step = Step::Review;
    state.details_ok = true;
    state.answers[Field::Name as usize] = "Rosa María Díaz".into();
    state.answers[Field::Reason as usize] = "Cough <b>for</b> a week".into();
    flow(&host, Language::En, Some(state));
    settle().await;
    assert_eq!(text(&one(&host, "h3")), "Check your visit");
    let terms: Vec<String> = all(&host, "dl dt").iter().map(text).collect();
    assert_eq!(terms[..4], ["Visit", "When", "With", "Where"]);
    let dl = text(&one(&host, "dl"));
    assert!(dl.contains("Rosa María Díaz"));
    assert!(
        dl.contains("Cough <b>for</b> a week"),
        "typed text is shown as text"
    );
    assert!(dl.contains("Free parking behind the building."));
    let change = all(&host, "dl button");
    assert!(change.len() >= 6);
    assert_eq!(
        text(&change[0]),
        "Change: Visit",
        "each button says what it changes"
    );

    click(&host, "dl button", "Change: Why do you want to come in?");
    settle().await;
    assert_eq!(text(&one(&host, "h3")), "About you");
    assert_eq!(
        one(&host, "textarea")
            .unchecked_into::<web_sys::HtmlTextAreaElement>()
            .value(),
        "Cough <b>for</b> a week"
    );
}

#[wasm_bindgen_test]
fn api_bodies_are_read_and_written_in_the_apis_shape() {
    let appointment: Appointment = from_json(r#"{"id": "a1", "status": "booked", "clinic": "maple-grove", "visit_type": "sick-visit",
                "provider": "dr-lopez", "location": "downtown", "start": "2026-03-03T14:30:00Z", "clinic_start": "2026-03-03T09:30:00-05:00",
                "end": "2026-03-03T14:50:00Z", "timezone": "America/New_York", "preferred_name": "Rosa"}"#)
    .expect("an appointment without a manage token reads");
    assert_eq!(appointment.manage_token, None);
    let wrong: Option<Appointment> = from_json(r#"{"id": 5}"#);
    assert_eq!(
        wrong, None,
        "a body of the wrong shape is refused, not half-read"
    );
    // A field renamed deep inside (one provider's `name`) makes the whole catalog unreadable,
    // and does not spoil the next read.
    let renamed = CATALOG.replacen(
        r#""name": {"en": "Dr. Michael Chen""#,
        r#""nom": {"en": "Dr. Michael Chen""#,
        1,
    );
    assert_ne!(renamed, CATALOG);
    assert_eq!(from_json::<Catalog>(&renamed), None);
    let bio_of_wrong_shape = CATALOG.replacen(
        r#""bio": {"en": "Family doctor for 12 years."}"#,
        r#""bio": "Family doctor""#,
        1,
    );
    assert_eq!(from_json::<Catalog>(&bio_of_wrong_shape), None);
    let catalog = from_json::<Catalog>(CATALOG).expect("the fixture still reads");
    assert_eq!(
        catalog.providers[1].bio, None,
        "an absent optional field reads as none"
    );
    assert_eq!(
        catalog.rules.message_channels,
        Vec::<String>::new(),
        "a defaulted list"
    );

    let request = AppointmentRequest {
        visit_type: "sick-visit".into(),
        provider: "dr-lopez".into(),
        location: "downtown".into(),
        start: "2026-03-03T14:30:00Z".into(),
        new_patient: true,
        patient: PatientDetails {
            name: "Rosa \"Rosi\" Díaz".into(),
            ..PatientDetails::default()
        },
        language: portal_core::Language::Es,
        contact_by: None,
        also_same_day: false,
    };
    let also = to_json(&AppointmentRequest {
        also_same_day: true,
        ..request.clone()
    })
    .unwrap();
    assert!(also.contains(r#""also_same_day":true"#), "{also}");
    let with_way = AppointmentRequest {
        contact_by: Some(portal_core::api::ContactBy::Both),
        ..request.clone()
    };
    let written = to_json(&with_way).unwrap();
    assert!(written.contains(r#""contact_by":"both""#), "{written}");
    let json = to_json(&request).unwrap();
    assert!(
        !json.contains("contact_by") && !json.contains("also_same_day"),
        "left out when the patient did not choose: {json}"
    );
    let back = js_sys::JSON::parse(&json).unwrap();
    let again = AppointmentRequest::from_js(&back).unwrap();
    assert_eq!(again, request);
    assert!(json.contains(r#""new_patient":true"#), "{json}");
}

#[wasm_bindgen_test]
async fn booking_a_follow_up_from_the_instructions_starts_with_its_visit_type_chosen() {
    let host = host();
    let start = BookingState::starting_with(&catalog(), "follow-up");
    flow(&host, Language::En, start);
    settle().await;
    assert_eq!(
        text(&one(&host, "h3")),
        "Who and where?",
        "the visit type is already chosen"
    );
    click(&host, "button", "Back");
    settle().await;
    let chosen = all(&host, "input[type=radio]")
        .into_iter()
        .find(|r| r.unchecked_ref::<HtmlInputElement>().checked())
        .unwrap();
    assert_eq!(
        text(&one(&host, &format!("label[for='{}']", chosen.id()))),
        "Follow-up visit"
    );
    assert_eq!(
        BookingState::starting_with(&catalog(), "no-such-visit"),
        None,
        "an unknown one starts as usual"
    );
}
