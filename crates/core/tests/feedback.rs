//! Feedback end to end with the demo clinic: its `[feedback]` block, the form the widget shows,
//! the checks of `[feedback]` with their paths, due times with its holidays, and the FHIR forms.

use portal_core::api::feedback::QuestionKind;
use std::collections::HashMap;

use chrono::{TimeZone, Utc};
use portal_core::api::feedback::FeedbackRequest;
use portal_core::clinic::ClinicConfig;
use portal_core::feedback::fhir::{questionnaire, questionnaire_response, questionnaire_url};
use portal_core::feedback::{
    due_at, feedback_form, needs_follow_up, validate_feedback, FeedbackSettings, Moment, Reason,
};
use serde_json::Value;

const DEMO: &str = include_str!("../../../examples/demo-clinic.toml");
const BASE: &str = "https://portal.maplegrove.example";

fn demo() -> ClinicConfig {
    toml::from_str(DEMO).expect("demo parses")
}

/// The demo file with its `[feedback]` table's `old` text replaced.
fn demo_with(old: &str, new: &str) -> ClinicConfig {
    assert!(DEMO.contains(old), "the demo file has {old:?}");
    toml::from_str(&DEMO.replacen(old, new, 1)).expect("still parses")
}

fn issue_paths(config: &ClinicConfig) -> Vec<String> {
    config.validate().into_iter().map(|i| i.path).collect()
}

#[test]
fn the_demo_clinic_is_valid_and_writes_out_the_standard_feedback() {
    let demo = demo();
    assert_eq!(demo.validate(), vec![]);
    assert_eq!(
        demo.feedback,
        FeedbackSettings::default(),
        "the demo block spells out the defaults"
    );
}

#[test]
fn the_after_visit_form_lists_the_clinics_questions_with_scales_and_phone() {
    let demo = demo();
    let form = feedback_form(&demo.feedback, &demo.clinic, Moment::AfterVisit).expect("asked");
    let ids: Vec<&str> = form.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["overall", "recommend", "better", "contact"]);
    let recommend = &form.questions[1];
    assert_eq!(
        (
            recommend.kind,
            recommend.min,
            recommend.max,
            recommend.required
        ),
        (QuestionKind::Scale, 0, 10, false)
    );
    assert_eq!(
        recommend.low_label.as_ref().map(|l| l.en.as_str()),
        Some("Not at all")
    );
    assert_eq!(form.questions[2].kind, QuestionKind::Text);
    assert_eq!(form.questions[3].kind, QuestionKind::Contact);
    assert_eq!(
        form.questions[0].text.get(portal_core::Language::Es),
        "¿Cómo fue su visita?"
    );
    assert_eq!(
        (form.max_text, form.phone.as_str()),
        (1000, "(555) 010-2233")
    );

    let off = demo_with(
        "[feedback.after_booking]\nenabled = true",
        "[feedback.after_booking]\nenabled = false",
    );
    assert!(feedback_form(&off.feedback, &off.clinic, Moment::AfterBooking).is_none());
}

#[test]
fn out_of_range_settings_are_named_with_their_paths() {
    let config = demo_with("low_overall = 2 ", "low_overall = 7 ");
    let issues = config.validate();
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].path, "feedback.low_overall");
    assert!(
        issues[0].message.contains("use 0 to 5, like 2"),
        "{}",
        issues[0].message
    );

    let text = [
        ("follow_up_business_days = 1", "follow_up_business_days = 0"),
        ("minutes_per_call = 8 ", "minutes_per_call = 0 "),
        ("max_text = 1000", "max_text = 20"),
        ("low_recommend = 6 ", "low_recommend = 11 "),
    ]
    .iter()
    .fold(DEMO.to_string(), |text, (old, new)| {
        assert!(text.contains(old), "{old}");
        text.replacen(old, new, 1)
    });
    let config: ClinicConfig = toml::from_str(&text).unwrap();
    let mut paths = issue_paths(&config);
    paths.sort();
    assert_eq!(
        paths,
        [
            "feedback.follow_up_business_days",
            "feedback.low_recommend",
            "feedback.max_text",
            "feedback.minutes_per_call"
        ]
    );
}

#[test]
fn bad_business_hours_are_named_by_day_and_span() {
    let config = demo_with("tue = [\"08:00-17:00\"]", "tue = [\"17:00-08:00\"]");
    assert_eq!(issue_paths(&config), ["feedback.business_hours.tue[0]"]);
    let config = demo_with(
        "wed = [\"08:00-17:00\"]",
        "wed = [\"08:00-12:00\", \"11:00-17:00\"]",
    );
    let issues = config.validate();
    assert_eq!(issues[0].path, "feedback.business_hours.wed[1]");
    assert!(
        issues[0]
            .message
            .contains("overlaps \"08:00-12:00\"; merge them"),
        "{}",
        issues[0].message
    );
    let closed = DEMO.replace("= [\"08:00-17:00\"]", "= []");
    let config: ClinicConfig = toml::from_str(&closed).unwrap();
    assert_eq!(issue_paths(&config), ["feedback.business_hours"]);
}

#[test]
fn question_mistakes_are_named_with_their_index() {
    let config = demo_with(
        "  { id = \"better\", text",
        "  { id = \"overall\" },\n  { id = \"better\", text",
    );
    let issues = config.validate();
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].path, "feedback.after_visit.questions[2].id");
    assert!(issues[0].message.contains("\"overall\" is asked twice"));

    let config = demo_with(
        "{ id = \"contact\", text",
        "{ id = \"contact\", required = true, text",
    );
    assert_eq!(
        issue_paths(&config),
        ["feedback.after_visit.questions[3].required"]
    );

    let config = demo_with(
        "text = { en = \"What could we do better?\", es = \"¿Qué podemos hacer mejor?\" }",
        "text = { en = \"What could we improve?\" }",
    );
    let issues = config.validate();
    assert_eq!(
        issue_paths(&config),
        ["feedback.after_visit.questions[2].text.es"],
        "the clinic offers Spanish"
    );
    assert!(issues[0].message.contains("add es = \"...\""));
}

#[test]
fn an_enabled_moment_without_questions_is_refused() {
    let text = DEMO.replacen(
        "questions = [\n  { id = \"ease\", required = true, text = { en = \"How easy was it to book today?\", es = \"¿Qué tan fácil fue hacer su cita hoy?\" } },\n]",
        "questions = []",
        1,
    );
    assert_ne!(text, DEMO);
    let config: ClinicConfig = toml::from_str(&text).unwrap();
    let issues = config.validate();
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].path, "feedback.after_booking.questions");
    assert!(issues[0]
        .message
        .contains("{ id = \"ease\" }, or set enabled = false"));
}

#[test]
fn html_in_the_promise_is_refused() {
    let config = demo_with(
        "promise = { en = \"Someone",
        "promise = { en = \"<b>Someone</b>",
    );
    assert_eq!(issue_paths(&config), ["feedback.promise.en"]);
}

#[test]
fn a_follow_up_opened_the_day_before_thanksgiving_is_due_the_day_after() {
    let demo = demo();
    let tz = demo.clinic.timezone;
    let opened = tz
        .with_ymd_and_hms(2026, 11, 25, 14, 30, 0)
        .unwrap()
        .with_timezone(&Utc);
    let due = due_at(&demo.feedback, tz, &demo.holidays, opened);
    assert_eq!(
        due,
        tz.with_ymd_and_hms(2026, 11, 27, 14, 30, 0)
            .unwrap()
            .with_timezone(&Utc)
    );
}

// ----------------------------------------------------------------------------------------------
// FHIR R4
// ----------------------------------------------------------------------------------------------

/// Every item of a Questionnaire by linkId, nested groups included.
fn items_by_link(items: &Value, out: &mut HashMap<String, Value>) {
    for item in items.as_array().into_iter().flatten() {
        let link = item["linkId"]
            .as_str()
            .expect("every item has a linkId")
            .to_string();
        assert!(
            out.insert(link.clone(), item.clone()).is_none(),
            "linkId {link} is used twice"
        );
        items_by_link(&item["item"], out);
    }
}

fn answered(items: &Value, out: &mut Vec<(String, Value)>) {
    for item in items.as_array().into_iter().flatten() {
        let link = item["linkId"]
            .as_str()
            .expect("every response item has a linkId")
            .to_string();
        for answer in item["answer"].as_array().into_iter().flatten() {
            out.push((link.clone(), answer.clone()));
        }
        answered(&item["item"], out);
    }
}

#[test]
fn the_questionnaire_is_a_published_r4_resource_with_typed_items() {
    let demo = demo();
    let q = questionnaire(&demo.feedback, &demo.clinic, BASE);
    assert_eq!(q["resourceType"], "Questionnaire");
    assert_eq!(q["status"], "active");
    assert_eq!(
        q["url"],
        "https://portal.maplegrove.example/fhir/Questionnaire/maple-grove-feedback"
    );
    assert_eq!(q["name"], "MapleGroveFeedback");
    let mut items = HashMap::new();
    items_by_link(&q["item"], &mut items);
    for (link, item) in &items {
        let kind = item["type"].as_str().unwrap_or_default();
        assert!(
            ["group", "integer", "text", "choice"].contains(&kind),
            "{link}: {kind}"
        );
        assert!(item["text"].is_string(), "{link} has text");
    }
    let overall = &items["after_visit.overall"];
    assert_eq!(overall["required"], true);
    assert_eq!(overall["extension"][0]["valueInteger"], 1);
    assert_eq!(overall["extension"][1]["valueInteger"], 5);
    assert_eq!(
        items["after_visit.recommend"]["extension"][1]["valueInteger"],
        10
    );
    assert_eq!(items["after_visit.better"]["maxLength"], 1000);
    let codes: Vec<&str> = items["after_visit.contact"]["answerOption"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["valueCoding"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["phone", "email", "sms"]);
    assert_eq!(
        items["after_booking.ease"]["_text"]["extension"][0]["extension"][1]["valueString"],
        "¿Qué tan fácil fue hacer su cita hoy?"
    );
}

#[test]
fn a_feedback_is_a_completed_response_whose_answers_match_the_questionnaire() {
    let demo = demo();
    let q = questionnaire(&demo.feedback, &demo.clinic, BASE);
    let request = FeedbackRequest {
        moment: portal_core::api::feedback::Moment::AfterVisit,
        appointment: Some("apt_7Hq2".into()),
        overall: Some(2),
        recommend: Some(5),
        better: "The wait was long. Nobody told me why.".into(),
        contact: Some(portal_core::api::feedback::ContactWay::Text),
        contact_value: "(555) 010-4477".into(),
        language: portal_core::Language::Es,
        ..FeedbackRequest::default()
    };
    let feedback = validate_feedback(&demo.feedback, &request).expect("valid");
    assert_eq!(
        needs_follow_up(&demo.feedback, &feedback),
        Some(Reason::AskedToBeContacted)
    );
    let authored = Utc.with_ymd_and_hms(2026, 11, 23, 15, 4, 0).unwrap();
    let r = questionnaire_response(
        &demo.feedback,
        &demo.clinic,
        &format!("{BASE}/"),
        "fb_91",
        &feedback,
        authored,
    );
    assert_eq!(r["resourceType"], "QuestionnaireResponse");
    assert_eq!(r["status"], "completed");
    assert_eq!(r["id"], "fb_91");
    assert_eq!(r["authored"], "2026-11-23T15:04:00Z");
    assert_eq!(r["questionnaire"], q["url"]);
    assert_eq!(r["questionnaire"], questionnaire_url(&demo.clinic, BASE));
    assert!(
        !r.to_string().contains("010-4477"),
        "the contact number stays out of the FHIR form"
    );

    let mut items = HashMap::new();
    items_by_link(&q["item"], &mut items);
    let mut answers = Vec::new();
    answered(&r["item"], &mut answers);
    assert_eq!(answers.len(), 4);
    for (link, answer) in &answers {
        let item = items
            .get(link)
            .unwrap_or_else(|| panic!("{link} is not in the Questionnaire"));
        match item["type"].as_str().unwrap() {
            "integer" => {
                let v = answer["valueInteger"].as_i64().expect("an integer answer");
                let (lo, hi) = (
                    item["extension"][0]["valueInteger"].as_i64().unwrap(),
                    item["extension"][1]["valueInteger"].as_i64().unwrap(),
                );
                assert!((lo..=hi).contains(&v), "{link}: {v}");
            }
            "text" => assert!(answer["valueString"].is_string(), "{link}"),
            "choice" => {
                let options = item["answerOption"].as_array().unwrap();
                assert!(
                    options
                        .iter()
                        .any(|o| o["valueCoding"] == answer["valueCoding"]),
                    "{link}: {answer}"
                );
            }
            other => panic!("{link} answers a {other} item"),
        }
    }
    assert!(answers
        .iter()
        .any(|(l, a)| l == "after_visit.contact" && a["valueCoding"]["code"] == "sms"));
}
