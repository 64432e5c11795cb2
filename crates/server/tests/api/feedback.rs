//! Feedback: the prompt and "not now", answers once per visit and moment, follow-ups due in
//! business hours, the staff queue, feedback links, the funnel, "you said, we did", the clinic's
//! numbers, FHIR, audit and rate limits.

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{json, Value};

use crate::helpers::{booking_for, link_secret, new_key, spawn_app, spawn_app_with, TestApp};

const CLINIC: &str = "/api/v1/clinics/maple-grove";

/// Books the `n`th open sick visit; returns (appointment id, manage token).
async fn book(app: &TestApp, n: usize, name: &str) -> (String, String) {
    let times = app.open_times("sick-visit").await;
    let (status, body) = app
        .book(&new_key(), &booking_for(&times[n], "sick-visit", name))
        .await;
    assert_eq!(status, 201, "{body}");
    (
        body["id"].as_str().unwrap().to_string(),
        body["manage_token"].as_str().unwrap().to_string(),
    )
}

/// Staff make a feedback link for a visit; returns its secret.
async fn feedback_link(app: &TestApp, key: &str, appointment: &str) -> String {
    let (status, body) = app
        .send(
            "POST",
            &format!("{CLINIC}/feedback-links"),
            key,
            Some(json!({ "appointment": appointment })),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    link_secret(&body["link"], "pp-feedback")
}

async fn send(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    app.send("POST", &format!("{CLINIC}/feedback"), token, Some(body))
        .await
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let db = app.db().await;
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&db).await.unwrap();
    n
}

#[tokio::test]
async fn the_prompt_asks_once_and_not_now_is_remembered_by_the_server() {
    let app = spawn_app().await;
    let (id, token) = book(&app, 0, "Rosa Díaz").await;
    let (status, body) = app
        .send(
            "GET",
            &format!("{CLINIC}/feedback/prompt?moment=after_booking"),
            &token,
            None,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["ask"], true);
    assert_eq!(body["form"]["questions"][0]["id"], "ease");
    assert_eq!(
        body["form"]["questions"][0]["text"]["en"],
        "How easy was it to book today?"
    );
    assert_eq!(body["form"]["phone"], "(555) 010-2233");
    for _ in 0..2 {
        let (status, body) = app
            .send(
                "POST",
                &format!("{CLINIC}/feedback/dismissals"),
                &token,
                Some(json!({ "moment": "after_booking", "appointment": id })),
            )
            .await;
        assert_eq!(status, 204, "{body}");
    }
    let (_, body) = app
        .send(
            "GET",
            &format!("{CLINIC}/feedback/prompt?moment=after_booking&appointment={id}"),
            &token,
            None,
        )
        .await;
    assert_eq!(body["ask"], false, "{body}");
    assert!(
        body.get("form").is_none() && body.get("sent").is_none(),
        "{body}"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM feedback_dismissals").await,
        1
    );
}

#[tokio::test]
async fn a_prompt_without_a_token_or_for_another_visit_is_refused() {
    let app = spawn_app().await;
    let (_, token) = book(&app, 0, "Rosa Díaz").await;
    let (other, _) = book(&app, 1, "Ana Ruiz").await;
    let (status, body) = app
        .send(
            "GET",
            &format!("{CLINIC}/feedback/prompt?moment=after_booking"),
            "",
            None,
        )
        .await;
    assert_eq!(status, 401, "{body}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("(555) 010-2233"));
    let (status, body) = app
        .send(
            "GET",
            &format!("{CLINIC}/feedback/prompt?moment=after_booking&appointment={other}"),
            &token,
            None,
        )
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"]["code"], "not_your_visit");
    let (status, body) = app
        .send(
            "GET",
            &format!("{CLINIC}/feedback/prompt?moment=someday"),
            &token,
            None,
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["fields"][0]["path"], "moment");
}

#[tokio::test]
async fn feedback_after_booking_is_saved_once_and_a_second_send_gets_a_clear_409() {
    let app = spawn_app().await;
    let (_, token) = book(&app, 0, "Rosa Díaz").await;
    let (status, body) = send(
        &app,
        &token,
        json!({ "moment": "after_booking", "ease": 5 }),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["id"].as_str().unwrap().len(), 32);
    assert!(
        body.get("follow_up").is_none(),
        "a good score opens no follow-up: {body}"
    );
    let (status, body) = send(
        &app,
        &token,
        json!({ "moment": "after_booking", "ease": 4 }),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "feedback_already_sent");
    assert_eq!(
        body["error"]["message"],
        "We already have your answers for this visit. Thank you. If something is wrong, call us at (555) 010-2233."
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM feedback").await, 1);
    let (_, prompt) = app
        .send(
            "GET",
            &format!("{CLINIC}/feedback/prompt?moment=after_booking"),
            &token,
            None,
        )
        .await;
    assert_eq!(prompt["ask"], false);
    assert_eq!(prompt["sent"]["follow_up"], "none", "{prompt}");
}

#[tokio::test]
async fn after_a_low_ease_score_the_patient_may_say_what_was_hard_and_the_promise_has_its_due_time()
{
    let app = spawn_app().await;
    let (_, token) = book(&app, 0, "Rosa Díaz").await;
    let (status, body) = send(
        &app,
        &token,
        json!({ "moment": "after_booking", "ease": 1, "better": "The times were hard to find" }),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert!(
        body["follow_up"]["due_at"]
            .as_str()
            .is_some_and(|d| d.ends_with('Z')),
        "{body}"
    );
    let db = app.db().await;
    let (better,): (Option<String>,) = sqlx::query_as("SELECT better FROM feedback")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(better.as_deref(), Some("The times were hard to find"));

    // A good score gets no box: words then are refused as not asked.
    let (_, other) = book(&app, 1, "Ann Lee").await;
    let (status, body) = send(
        &app,
        &other,
        json!({ "moment": "after_booking", "ease": 5, "better": "Nice" }),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["fields"][0]["path"], "better");
}

#[tokio::test]
async fn two_sends_at_the_same_moment_make_exactly_one_row() {
    let app = spawn_app().await;
    let (_, token) = book(&app, 0, "Rosa Díaz").await;
    let mut sends = tokio::task::JoinSet::new();
    for i in 0..6u8 {
        let request = app
            .client
            .post(format!("{}{CLINIC}/feedback", app.address))
            .bearer_auth(&token)
            .json(&json!({ "moment": "after_booking", "ease": 1 + (i % 5) }));
        sends.spawn(async move { request.send().await.unwrap().status().as_u16() });
    }
    let statuses: Vec<u16> = sends.join_all().await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        5,
        "{statuses:?}"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM feedback").await, 1);
}

#[tokio::test]
async fn wrong_answers_get_field_errors_in_the_patients_language() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let (id, _) = book(&app, 0, "Rosa Díaz").await;
    let secret = feedback_link(&app, &key, &id).await;
    let long = "a".repeat(1001);
    let bad = |language: &str| json!({ "moment": "after_visit", "overall": 9, "better": long, "contact_value": "(555) 010-4477", "language": language });
    let (status, body) = send(&app, &secret, bad("en")).await;
    assert_eq!(status, 422, "{body}");
    let paths: Vec<&str> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    for path in ["overall", "better", "contact"] {
        assert!(paths.contains(&path), "{path} in {body}");
    }
    let message = |body: &Value, path: &str| {
        body["error"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == path)
            .unwrap()["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        message(&body, "overall"),
        "Please pick a number from 1 to 5."
    );
    assert!(
        message(&body, "better").contains("1000 letters or fewer"),
        "{body}"
    );
    // A way to contact or a language that does not exist is not a request at all: it is
    // refused as a body, naming the values allowed.
    for (field, value, allowed) in [("contact", "pigeon", "phone"), ("language", "fr", "es")] {
        let mut body = json!({ "moment": "after_visit", "overall": 2 });
        body[field] = value.into();
        let (status, refused) = send(&app, &secret, body).await;
        assert_eq!(status, 422, "{refused}");
        assert_eq!(refused["error"]["code"], "invalid_body", "{refused}");
        let words = refused["error"]["message"].as_str().unwrap();
        assert!(words.contains(field) && words.contains(allowed), "{words}");
    }
    let (status, body) = send(&app, &secret, bad("es")).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(message(&body, "overall"), "Elija un número del 1 al 5.");
    assert!(
        message(&body, "contact").starts_with("Elija cómo"),
        "{body}"
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Algunas respuestas"),
        "{body}"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM feedback").await, 0);
}

/// Sends a low after-visit score at a fixed time; returns the promised due time.
async fn low_score_at(app: &TestApp, key: &str, n: usize, now: DateTime<Utc>) -> Value {
    app.clock.set(now);
    let (id, _) = book(app, n, "Rosa Díaz").await;
    let secret = feedback_link(app, key, &id).await;
    let (status, body) = send(
        app,
        &secret,
        json!({ "moment": "after_visit", "overall": 1, "better": "<b>The wait</b> was long" }),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    body
}

#[tokio::test]
async fn a_low_score_on_friday_afternoon_is_due_monday_afternoon() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    // Friday 2026-11-20 16:00 in New York (EST, UTC-5): 1 business hour on Friday, 8 on Monday.
    let receipt = low_score_at(&app, &key, 0, at(2026, 11, 20, 21, 0)).await;
    assert_eq!(
        receipt["follow_up"]["due_at"], "2026-11-23T21:00:00Z",
        "{receipt}"
    );
    assert_eq!(
        receipt["follow_up"]["promise"],
        "Someone from our clinic will call you within one business day."
    );
    assert_eq!(receipt["follow_up"]["phone"], "(555) 010-2233");
}

#[tokio::test]
async fn a_low_score_the_day_before_thanksgiving_is_due_the_day_after() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    // Wednesday 2026-11-25 10:00 EST; Thursday 26 is a holiday in the demo clinic.
    let receipt = low_score_at(&app, &key, 0, at(2026, 11, 25, 15, 0)).await;
    assert_eq!(
        receipt["follow_up"]["due_at"], "2026-11-27T15:00:00Z",
        "{receipt}"
    );
}

#[tokio::test]
async fn staff_see_the_queue_by_due_time_with_overdue_marked_and_resolve_it() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let later = low_score_at(&app, &key, 0, at(2026, 11, 25, 15, 0)).await; // due Fri 27
    let earlier = low_score_at(&app, &key, 1, at(2026, 11, 20, 21, 0)).await; // due Mon 23
    app.clock.set(at(2026, 11, 24, 12, 0)); // after the first due time, before the second
    let (status, queue) = app
        .send("GET", &format!("{CLINIC}/follow-ups"), &key, None)
        .await;
    assert_eq!(status, 200, "{queue}");
    let items = queue["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["feedback_id"], earlier["id"]);
    assert_eq!(items[0]["overdue"], true);
    assert_eq!(items[1]["feedback_id"], later["id"]);
    assert_eq!(items[1]["overdue"], false);
    assert_eq!(queue["overdue"], 1);
    assert_eq!(items[0]["reason"], "low_score");
    assert_eq!(
        items[0]["better"], "<b>The wait</b> was long",
        "stored as text, as typed"
    );

    let follow_up = items[0]["id"].as_str().unwrap().to_string();
    let resolve = format!("{CLINIC}/follow-ups/{follow_up}/resolve");
    let (status, body) = app
        .send("POST", &resolve, &key, Some(json!({ "note": "  " })))
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["fields"][0]["path"], "note");
    let (status, body) = app
        .send(
            "POST",
            &resolve,
            &key,
            Some(json!({ "note": "x".repeat(2001) })),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = app
        .send(
            "POST",
            &resolve,
            &key,
            Some(json!({ "note": "Called her back; moved the visit." })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["resolution_note"], "Called her back; moved the visit.");
    assert_eq!(body["overdue"], false);
    assert_eq!(body["resolved_at"], "2026-11-24T12:00:00Z");
    let (status, body) = app
        .send("POST", &resolve, &key, Some(json!({ "note": "Again" })))
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "follow_up_already_resolved");

    let (_, queue) = app
        .send("GET", &format!("{CLINIC}/follow-ups"), &key, None)
        .await;
    let items = queue["items"].as_array().unwrap();
    assert_eq!(items[0]["feedback_id"], later["id"], "open ones first");
    assert_eq!(items[1]["id"], follow_up.as_str(), "then the resolved one");
    assert_eq!(queue["overdue"], 0);
}

#[tokio::test]
async fn the_patient_sees_on_their_link_that_the_clinic_handled_it_but_not_the_note() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let (id, _) = book(&app, 0, "Rosa Díaz").await;
    let secret = feedback_link(&app, &key, &id).await;
    let (status, view) = app
        .send("GET", "/api/v1/feedback/link", &secret, None)
        .await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["appointment"], id.as_str());
    assert_eq!(view["preferred_name"], "Rosa");
    assert_eq!(view["timezone"], "America/New_York");
    // The visit's day on the clinic's calendar, which the patient's page names.
    let start: chrono::DateTime<chrono::Utc> =
        view["visit_start"].as_str().unwrap().parse().unwrap();
    let tz: chrono_tz::Tz = "America/New_York".parse().unwrap();
    assert_eq!(
        view["visit_date"],
        start.with_timezone(&tz).format("%Y-%m-%d").to_string()
    );
    assert_eq!(view["prompt"]["ask"], true);
    assert_eq!(view["prompt"]["form"]["moment"], "after_visit");
    let (status, _) = send(&app, &secret, json!({ "moment": "after_visit", "overall": 4, "contact": "phone", "contact_value": "555-010-4477" })).await;
    assert_eq!(status, 201);
    let (_, view) = app
        .send("GET", "/api/v1/feedback/link", &secret, None)
        .await;
    assert_eq!(view["prompt"]["ask"], false);
    assert_eq!(
        view["prompt"]["sent"]["follow_up"], "open",
        "asking to be contacted opens one: {view}"
    );
    let (_, queue) = app
        .send("GET", &format!("{CLINIC}/follow-ups"), &key, None)
        .await;
    assert_eq!(queue["items"][0]["reason"], "asked_to_be_contacted");
    assert_eq!(queue["items"][0]["contact_value"], "555-010-4477");
    let follow_up = queue["items"][0]["id"].as_str().unwrap();
    let (status, _) = app
        .send(
            "POST",
            &format!("{CLINIC}/follow-ups/{follow_up}/resolve"),
            &key,
            Some(json!({ "note": "Private staff note" })),
        )
        .await;
    assert_eq!(status, 200);
    let (_, view) = app
        .send("GET", "/api/v1/feedback/link", &secret, None)
        .await;
    assert_eq!(view["prompt"]["sent"]["follow_up"], "handled", "{view}");
    assert!(view["prompt"]["sent"]["handled_at"].is_string());
    assert!(!view.to_string().contains("Private staff note"));
}

/// A feedback link made by staff opens the widget in the language the visit was booked in,
/// whatever the language of the patient's browser.
#[tokio::test]
async fn a_feedback_link_carries_the_language_of_its_visit() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let times = app.open_times("sick-visit").await;
    for (slot, language) in [(&times[0], "es"), (&times[5], "en")] {
        let mut booking = booking_for(slot, "sick-visit", "Rosa Díaz");
        booking["language"] = json!(language);
        let (status, visit) = app.book(&new_key(), &booking).await;
        assert_eq!(status, 201, "{visit}");
        let (status, body) = app
            .send(
                "POST",
                &format!("{CLINIC}/feedback-links"),
                &key,
                Some(json!({ "appointment": visit["id"] })),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        let link = body["link"].as_str().unwrap();
        assert!(link.ends_with(&format!("&pp-lang={language}")), "{link}");
    }
}

#[tokio::test]
async fn feedback_links_are_only_for_this_clinics_visits_and_say_clearly_when_they_stop_working() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let (id, token) = book(&app, 0, "Rosa Díaz").await;
    let (status, body) = app
        .send(
            "POST",
            &format!("{CLINIC}/feedback-links"),
            &key,
            Some(json!({ "appointment": "nope" })),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["fields"][0]["path"], "appointment");
    let (status, body) = app
        .send(
            "POST",
            &format!("{CLINIC}/feedback-links"),
            &key,
            Some(json!({ "appointment": id })),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert!(
        body["link"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:"),
        "{body}"
    );
    let secret = link_secret(&body["link"], "pp-feedback");
    assert_eq!(secret.len(), 64, "256 bits");
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) FROM feedback_links WHERE link_hash = '{secret}'")
        )
        .await,
        0,
        "stored hashed"
    );
    let expires = DateTime::parse_from_rfc3339(body["expires_at"].as_str().unwrap()).unwrap();
    assert!((expires.with_timezone(&Utc) - Utc::now()).num_days() >= 59);

    // A link is for feedback after the visit; booking questions need the manage token.
    let (status, body) = send(
        &app,
        &secret,
        json!({ "moment": "after_booking", "ease": 3 }),
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"]["code"], "moment_not_allowed");
    let (status, _) = send(
        &app,
        &token,
        json!({ "moment": "after_booking", "ease": 3 }),
    )
    .await;
    assert_eq!(status, 201);

    let (status, body) = app
        .send("GET", "/api/v1/feedback/link", "not-a-link", None)
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"]["code"], "link_not_found");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("(555) 010-2233"));
    let db = app.db().await;
    sqlx::query("UPDATE feedback_links SET expires_at = $1")
        .bind(Utc::now().timestamp() - 1)
        .execute(&db)
        .await
        .unwrap();
    let (status, body) = app
        .send("GET", "/api/v1/feedback/link", &secret, None)
        .await;
    assert_eq!(status, 410, "{body}");
    assert_eq!(body["error"]["code"], "link_expired");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("(555) 010-2233"));
    let (status, _) = send(
        &app,
        &secret,
        json!({ "moment": "after_visit", "overall": 5 }),
    )
    .await;
    assert_eq!(status, 401, "an expired link sends nothing");
}

#[tokio::test]
async fn another_clinics_staff_key_is_refused_everywhere() {
    let app = spawn_app().await;
    let db = app.db().await;
    let (_, other) = portal_server::staff_keys::create(&db, "other-clinic", "Elsewhere", "manager")
        .await
        .unwrap();
    for (method, path) in [
        ("GET", "/follow-ups".to_string()),
        ("GET", "/numbers".to_string()),
        ("GET", "/numbers/trend.svg".to_string()),
        ("GET", "/appointments".to_string()),
        ("GET", "/feedback/x/fhir".to_string()),
        ("POST", "/feedback-links".to_string()),
        ("POST", "/you-said-we-did".to_string()),
        ("POST", "/follow-ups/x/resolve".to_string()),
    ] {
        let (status, body) = app
            .send(method, &format!("{CLINIC}{path}"), &other, Some(json!({})))
            .await;
        assert_eq!(status, 401, "{method} {path}: {body}");
        assert_eq!(body["error"]["code"], "staff_key_invalid", "{path}");
    }
}

#[tokio::test]
async fn the_funnel_counts_steps_per_day_without_anything_about_the_visitor() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    for step in ["opened", "opened", "opened", "visit_type", "time", "booked"] {
        let (status, body) = app
            .send(
                "POST",
                &format!("{CLINIC}/funnel"),
                "",
                Some(json!({ "clinic": "maple-grove", "step": step })),
            )
            .await;
        assert_eq!(status, 204, "{body}");
    }
    let (status, body) = app
        .send(
            "POST",
            &format!("{CLINIC}/funnel"),
            "",
            Some(json!({ "clinic": "maple-grove", "step": "paid" })),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["fields"][0]["path"], "step");
    let (status, _) = app
        .send(
            "POST",
            &format!("{CLINIC}/funnel"),
            "",
            Some(json!({ "clinic": "maple-grove", "step": "time", "who": "x" })),
        )
        .await;
    assert_eq!(
        status, 422,
        "unknown fields are refused, so nothing else can ride along"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM funnel_counts").await,
        4,
        "one row per day and step"
    );
    let (status, numbers) = app
        .send("GET", &format!("{CLINIC}/numbers"), &key, None)
        .await;
    assert_eq!(status, 200, "{numbers}");
    let funnel: Vec<(String, u64)> = numbers["funnel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["step"].as_str().unwrap().to_string(),
                s["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        funnel,
        vec![
            ("opened".into(), 3),
            ("visit_type".into(), 1),
            ("time".into(), 1),
            ("details".into(), 0),
            ("booked".into(), 1)
        ]
    );
}

#[tokio::test]
async fn too_many_feedback_sends_or_funnel_steps_from_one_address_get_429_with_retry_after() {
    let app = spawn_app_with(&["--feedback-rate-limit", "20"]).await;
    let mut last = None;
    for _ in 0..21 {
        let response = app
            .client
            .post(format!("{}{CLINIC}/feedback", app.address))
            .bearer_auth("nope")
            .json(&json!({ "moment": "after_visit", "overall": 5 }))
            .send()
            .await
            .unwrap();
        last = Some(response);
    }
    let last = last.unwrap();
    assert_eq!(last.status().as_u16(), 429);
    assert_eq!(last.headers()["retry-after"], "60");
    let mut statuses = Vec::new();
    for _ in 0..121 {
        let (status, _) = app
            .send(
                "POST",
                &format!("{CLINIC}/funnel"),
                "",
                Some(json!({ "clinic": "maple-grove", "step": "opened" })),
            )
            .await;
        statuses.push(status);
    }
    assert!(statuses[..120].iter().all(|s| *s == 204), "{statuses:?}");
    assert_eq!(statuses[120], 429);
}

#[tokio::test]
async fn staff_publish_you_said_we_did_and_the_widget_reads_the_latest() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let path = format!("{CLINIC}/you-said-we-did");
    let (status, body) = app
        .send("POST", &path, &key, Some(json!({ "text": { "en": " " } })))
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["fields"][0]["path"], "text.en");
    let (status, body) = app
        .send(
            "POST",
            &path,
            &key,
            Some(json!({ "text": { "en": "x".repeat(501) } })),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    for (i, en) in [
        "You said parking was hard. We added 10 spaces.",
        "You said the wait was long. We now text you.",
        "<script>alert(1)</script>",
        "Fourth",
    ]
    .iter()
    .enumerate()
    {
        app.clock.set(at(2026, 11, 1 + i as u32, 12, 0));
        let (status, body) = app
            .send(
                "POST",
                &path,
                &key,
                Some(json!({ "text": { "en": en, "es": "Usted dijo..." } })),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    let (status, list) = app.get(&path).await;
    assert_eq!(status, 200, "{list}");
    let texts: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"]["en"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        vec![
            "Fourth",
            "<script>alert(1)</script>",
            "You said the wait was long. We now text you."
        ]
    );
    assert_eq!(list[0]["text"]["es"], "Usted dijo...");
    let (_, list) = app.get(&format!("{path}?limit=1")).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    let (status, _) = app.get(&format!("{path}?limit=0")).await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn the_numbers_add_up_and_the_trend_is_a_locked_down_svg() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let (_, a) = book(&app, 0, "Rosa Díaz").await;
    let (_, b) = book(&app, 1, "Ana Ruiz").await;
    assert_eq!(
        send(&app, &a, json!({ "moment": "after_booking", "ease": 5 }))
            .await
            .0,
        201
    );
    assert_eq!(
        send(&app, &b, json!({ "moment": "after_booking", "ease": 1 }))
            .await
            .0,
        201
    );
    let (status, n) = app
        .send("GET", &format!("{CLINIC}/numbers?weeks=4"), &key, None)
        .await;
    assert_eq!(status, 200, "{n}");
    assert_eq!(n["online_bookings"], 2);
    assert_eq!(n["minutes_per_call"], 8);
    assert_eq!(n["phone_minutes_saved"], 16);
    let week = n["weeks"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(week["ease_avg"], 3.0);
    assert_eq!(week["responses"], 2);
    assert_eq!(n["follow_ups"]["opened"], 1, "the low ease opened one: {n}");
    assert_eq!(n["follow_ups"]["open"], 1);
    assert!(n["trend_svg"].as_str().unwrap().starts_with("<svg"), "{n}");
    let (status, _) = app
        .send("GET", &format!("{CLINIC}/numbers?weeks=0"), &key, None)
        .await;
    assert_eq!(status, 422);

    let response = app
        .client
        .get(format!("{}{CLINIC}/numbers/trend.svg", app.address))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "image/svg+xml");
    assert_eq!(
        response.headers()["content-security-policy"],
        "default-src 'none'; style-src 'unsafe-inline'"
    );
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let svg = response.text().await.unwrap();
    assert!(
        svg.contains("role=\"img\"") && !svg.contains("<script"),
        "{svg}"
    );
}

#[tokio::test]
async fn staff_list_the_days_visits_with_whether_feedback_was_sent() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let times = app.open_times("sick-visit").await;
    let (status, booked) = app
        .book(
            &new_key(),
            &booking_for(&times[0], "sick-visit", "Rosa Díaz"),
        )
        .await;
    assert_eq!(status, 201);
    let start = DateTime::parse_from_rfc3339(booked["start"].as_str().unwrap()).unwrap();
    let day = start
        .with_timezone(&chrono_tz::America::New_York)
        .format("%Y-%m-%d")
        .to_string();
    let secret = feedback_link(&app, &key, booked["id"].as_str().unwrap()).await;
    assert_eq!(
        send(
            &app,
            &secret,
            json!({ "moment": "after_visit", "overall": 5 })
        )
        .await
        .0,
        201
    );
    let (status, list) = app
        .send(
            "GET",
            &format!("{CLINIC}/appointments?date={day}"),
            &key,
            None,
        )
        .await;
    assert_eq!(status, 200, "{list}");
    let visit = list
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == booked["id"])
        .expect("the visit is listed")
        .clone();
    assert_eq!(visit["preferred_name"], "Rosa");
    assert_eq!(visit["status"], "booked");
    assert_eq!(visit["feedback_sent"], true);
    assert!(!visit["provider"].as_str().unwrap().is_empty());
    let (status, body) = app
        .send(
            "GET",
            &format!("{CLINIC}/appointments?date=tomorrow"),
            &key,
            None,
        )
        .await;
    assert_eq!(status, 422, "{body}");
}

#[tokio::test]
async fn each_feedback_reads_as_a_questionnaire_response_of_the_published_questionnaire() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let response = app
        .client
        .get(format!(
            "{}/fhir/Questionnaire/maple-grove-feedback",
            app.address
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "application/fhir+json");
    let questionnaire: Value = response.json().await.unwrap();
    assert_eq!(questionnaire["resourceType"], "Questionnaire");
    assert_eq!(questionnaire["status"], "active");
    let url = questionnaire["url"].as_str().unwrap().to_string();
    assert_eq!(
        url,
        format!("{}/fhir/Questionnaire/maple-grove-feedback", app.address)
    );
    let mut link_ids = Vec::new();
    for group in questionnaire["item"].as_array().unwrap() {
        for item in group["item"].as_array().unwrap() {
            link_ids.push(item["linkId"].as_str().unwrap().to_string());
        }
    }
    let (status, _) = app.get("/fhir/Questionnaire/nowhere-feedback").await;
    assert_eq!(status, 404);

    let (id, _) = book(&app, 0, "Rosa Díaz").await;
    let secret = feedback_link(&app, &key, &id).await;
    let (_, receipt) = send(&app, &secret, json!({ "moment": "after_visit", "overall": 4, "recommend": 9, "better": "Shorter wait", "contact": "text", "contact_value": "555-010-4477", "language": "es" })).await;
    let feedback = receipt["id"].as_str().unwrap();
    let response = app
        .client
        .get(format!("{}{CLINIC}/feedback/{feedback}/fhir", app.address))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "application/fhir+json");
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["resourceType"], "QuestionnaireResponse");
    assert_eq!(answer["questionnaire"], url.as_str());
    assert_eq!(answer["status"], "completed");
    assert_eq!(answer["language"], "es");
    let items = answer["item"][0]["item"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    for item in items {
        assert!(
            link_ids.contains(&item["linkId"].as_str().unwrap().to_string()),
            "{item}"
        );
    }
    assert!(
        !answer.to_string().contains("555-010-4477"),
        "the contact value stays out of FHIR"
    );
    let (status, body) = app
        .send("GET", &format!("{CLINIC}/feedback/nope/fhir"), &key, None)
        .await;
    assert_eq!(status, 404, "{body}");
}

#[tokio::test]
async fn feedback_reads_and_writes_are_audited_without_patient_data() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let (id, _) = book(&app, 0, "Rosa Díaz").await;
    let secret = feedback_link(&app, &key, &id).await;
    app.send("GET", "/api/v1/feedback/link", &secret, None)
        .await;
    let (_, receipt) = send(&app, &secret, json!({ "moment": "after_visit", "overall": 1, "better": "Rude front desk", "contact": "email", "contact_value": "rosa@example.com" })).await;
    let (_, queue) = app
        .send("GET", &format!("{CLINIC}/follow-ups"), &key, None)
        .await;
    let follow_up = queue["items"][0]["id"].as_str().unwrap();
    app.send(
        "POST",
        &format!("{CLINIC}/follow-ups/{follow_up}/resolve"),
        &key,
        Some(json!({ "note": "Called Rosa" })),
    )
    .await;
    app.send(
        "GET",
        &format!("{CLINIC}/feedback/{}/fhir", receipt["id"].as_str().unwrap()),
        &key,
        None,
    )
    .await;
    let db = app.db().await;
    let rows: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT actor, action, subject FROM audit_log ORDER BY id")
            .fetch_all(&db)
            .await
            .unwrap();
    let actions: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    for action in [
        "feedback_link.create",
        "feedback_link.read",
        "feedback.create",
        "follow_up.list",
        "follow_up.resolve",
        "feedback.read",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    let text = format!("{rows:?}");
    for data in [
        "Rosa",
        "Rude",
        "rosa@example.com",
        "Called",
        secret.as_str(),
    ] {
        assert!(!text.contains(data), "the audit log holds {data}: {text}");
    }
    assert!(rows.iter().any(|r| r.0 == format!("patient:{id}")));
}

#[tokio::test]
async fn the_openapi_document_lists_the_feedback_routes() {
    let app = spawn_app().await;
    let (_, doc) = app.get("/api/v1/openapi.json").await;
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/clinics/{clinic}/feedback/prompt",
        "/api/v1/clinics/{clinic}/feedback",
        "/api/v1/clinics/{clinic}/feedback/dismissals",
        "/api/v1/feedback/link",
        "/api/v1/clinics/{clinic}/funnel",
        "/api/v1/clinics/{clinic}/you-said-we-did",
        "/fhir/Questionnaire/{id}",
        "/api/v1/clinics/{clinic}/follow-ups",
        "/api/v1/clinics/{clinic}/follow-ups/{id}/resolve",
        "/api/v1/clinics/{clinic}/feedback/{id}/fhir",
        "/api/v1/clinics/{clinic}/feedback-links",
        "/api/v1/clinics/{clinic}/numbers",
        "/api/v1/clinics/{clinic}/numbers/trend.svg",
    ] {
        assert!(paths.contains_key(path), "{path} missing");
    }
    assert!(paths["/api/v1/clinics/{clinic}/appointments"]["get"].is_object());
    assert!(paths["/api/v1/clinics/{clinic}/appointments"]["post"].is_object());
    assert!(paths["/api/v1/clinics/{clinic}/you-said-we-did"]["post"].is_object());
    assert_eq!(
        doc["components"]["securitySchemes"]["feedback_link"]["scheme"],
        "bearer"
    );
}

#[tokio::test]
async fn the_server_log_never_holds_a_token_or_what_the_patient_wrote() {
    let server = crate::helpers::LoggedServer::start();
    let (address, key) = (server.address.clone(), server.key.clone());
    let client = reqwest::Client::new();
    let availability: Value = client
        .get(format!(
            "{address}{CLINIC}/availability?visit_type=sick-visit"
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let slot = availability["days"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["slots"].as_array().unwrap().clone())
        .next()
        .unwrap();
    let booked: Value = client
        .post(format!("{address}{CLINIC}/appointments"))
        .header("Idempotency-Key", new_key())
        .json(&booking_for(&slot, "sick-visit", "Rosa Díaz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = booked["manage_token"].as_str().unwrap().to_string();
    let id = booked["id"].as_str().unwrap().to_string();
    let post = |path: String, bearer: &str, body: Value| {
        client
            .post(format!("{address}{path}"))
            .bearer_auth(bearer.to_string())
            .json(&body)
            .send()
    };
    post(
        format!("{CLINIC}/feedback"),
        &token,
        json!({ "moment": "after_booking", "ease": 1 }),
    )
    .await
    .unwrap();
    let link: Value = post(
        format!("{CLINIC}/feedback-links"),
        &key,
        json!({ "appointment": id }),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let secret = link_secret(&link["link"], "pp-feedback");
    post(
        format!("{CLINIC}/feedback"),
        &secret,
        json!({ "moment": "after_visit", "overall": 1, "better": "The nurse was unkind", "contact": "email", "contact_value": "rosa@example.com" }),
    )
    .await
    .unwrap();
    client
        .get(format!("{address}/api/v1/feedback/link"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    client
        .get(format!("{address}{CLINIC}/follow-ups"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    let log = server.log();
    assert!(
        log.contains("route=\"/api/v1/clinics/{clinic}/feedback\""),
        "{log}"
    );
    for leak in [
        key.as_str(),
        token.as_str(),
        secret.as_str(),
        id.as_str(),
        "Rosa",
        "unkind",
        "rosa@example.com",
    ] {
        assert!(!log.contains(leak), "the log holds {leak}:\n{log}");
    }
}
