//! What an outside attack on portal-server found (issue 10), each written the way the attack
//! went: through the HTTP API, as a stranger or a patient with one valid link would.

use std::sync::Arc;
use std::time::{Duration, Instant};

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{booking_for, demo_clinic, new_key, spawn_app, spawn_app_with, TestApp};

const CLINIC: &str = "/api/v1/clinics/maple-grove";

/// Books an open time; returns the reply.
async fn book_slot(app: &TestApp, slot: &Value, name: &str) -> Value {
    let (status, body) = app
        .book(&new_key(), &booking_for(slot, "sick-visit", name))
        .await;
    assert_eq!(status, 201, "{body}");
    body
}

fn error_shape(body: &Value) -> bool {
    body["error"]["code"]
        .as_str()
        .is_some_and(|c| !c.is_empty())
        && body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
}

// 1. One patient can freeze the server ----------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_simultaneous_feedback_sends_with_one_link_leave_the_server_answering() {
    let app = Arc::new(spawn_app().await);
    let times = app.open_times("sick-visit").await;
    let token = book_slot(&app, &times[0], "Rosa Díaz").await["manage_token"]
        .as_str()
        .unwrap()
        .to_string();
    let mut burst = tokio::task::JoinSet::new();
    let start_together = Arc::new(tokio::sync::Barrier::new(50));
    for i in 0..50 {
        let (app, token, start_together) = (app.clone(), token.clone(), start_together.clone());
        burst.spawn(async move {
            let answers = if i % 2 == 0 {
                json!({ "moment": "after_booking", "ease": 5 })
            } else {
                json!({ "moment": "after_visit", "overall": 5 })
            };
            let request = app
                .client
                .post(format!("{}{CLINIC}/feedback", app.address))
                .bearer_auth(&token)
                .json(&answers);
            start_together.wait().await;
            let response = request.send().await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        });
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = Instant::now();
    let health = tokio::time::timeout(Duration::from_secs(1), app.get("/healthz")).await;
    assert!(
        matches!(health, Ok((200, _))),
        "/healthz must answer within 1 s during the burst"
    );
    let mut statuses = Vec::new();
    while let Some(done) = burst.join_next().await {
        let (status, body) = done.unwrap();
        assert!(
            matches!(status, 201 | 409),
            "each answer is saved once, the rest refused: {status} {body}"
        );
        statuses.push(status);
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        2,
        "one per moment"
    );
    let (status, body) = tokio::time::timeout(
        Duration::from_secs(2),
        app.book(
            &new_key(),
            &booking_for(times.last().unwrap(), "sick-visit", "Ana Ruiz"),
        ),
    )
    .await
    .expect("a booking right after the burst answers at once");
    assert_eq!(status, 201, "{body}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

// 2. Moves, cancels and bookings racing -----------------------------------------------------------

/// Every booked visit of one provider, as (start, end) UTC seconds.
pub(crate) async fn booked_visits(app: &TestApp) -> Vec<(String, i64, i64)> {
    let db = app.db().await;
    let rows = sqlx::query_as("SELECT provider_id, start_at, end_at FROM appointments WHERE status = 'booked' ORDER BY provider_id, start_at")
        .fetch_all(&db)
        .await
        .unwrap();
    db.close().await;
    rows
}

/// Panics when two booked visits of one provider overlap, the clinic's buffer included.
pub(crate) async fn assert_no_overlap(app: &TestApp) {
    let config = portal_server::clinics::load_file(&demo_clinic()).unwrap();
    let buffer = i64::from(config.rules.buffer_minutes) * 60;
    let visits = booked_visits(app).await;
    for pair in visits.windows(2) {
        let ((p1, _, end1), (p2, start2, _)) = (&pair[0], &pair[1]);
        if p1 == p2 {
            assert!(
                end1 + buffer <= *start2,
                "overlapping visits for {p1}: {visits:?}"
            );
        }
    }
}

/// Two open times of one provider whose visits (with the buffer) would overlap.
fn overlapping_pair(times: &[Value]) -> (Value, Value) {
    for (i, a) in times.iter().enumerate() {
        let start = chrono::DateTime::parse_from_rfc3339(a["start"].as_str().unwrap()).unwrap();
        if let Some(b) = times[i + 1..].iter().find(|b| {
            let other = chrono::DateTime::parse_from_rfc3339(b["start"].as_str().unwrap()).unwrap();
            b["provider"] == a["provider"]
                && b["location"] == a["location"]
                && other > start
                && other - start < chrono::Duration::minutes(20)
        }) {
            return (a.clone(), b.clone());
        }
    }
    panic!("the demo clinic has no two overlapping open times");
}

fn move_to(slot: &Value) -> Value {
    json!({ "start": slot["start"], "provider": slot["provider"], "location": slot["location"] })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_moves_cancels_and_bookings_never_leave_overlapping_visits() {
    let app = Arc::new(spawn_app().await);
    let times = app.open_times("sick-visit").await;
    for round in 0..6 {
        let open = app.open_times("sick-visit").await;
        let (t1, t2) = overlapping_pair(&open[round * 3..]);
        // Two visits elsewhere, then both moved at once onto overlapping times; a third patient
        // books one of them at the same moment.
        let far: Vec<&Value> = open
            .iter()
            .rev()
            .filter(|s| s["start"] != t1["start"] && s["start"] != t2["start"])
            .take(12)
            .collect();
        let a = book_slot(&app, far[round % 6], &format!("Patient A{round}")).await;
        let b = book_slot(&app, far[6 + round % 6], &format!("Patient B{round}")).await;
        let mut race = tokio::task::JoinSet::new();
        for (visit, target) in [(a.clone(), t1.clone()), (b.clone(), t2.clone())] {
            let app = app.clone();
            race.spawn(async move {
                let path = format!(
                    "/api/v1/appointments/{}/reschedule",
                    visit["id"].as_str().unwrap()
                );
                app.manage(
                    "POST",
                    &path,
                    visit["manage_token"].as_str().unwrap(),
                    Some(move_to(&target)),
                )
                .await
            });
        }
        {
            let app = app.clone();
            let target = t2.clone();
            race.spawn(async move {
                let (status, body) = app
                    .book(
                        &new_key(),
                        &booking_for(&target, "sick-visit", &format!("Patient C{round}")),
                    )
                    .await;
                (status, body.to_string())
            });
        }
        while let Some(done) = race.join_next().await {
            let (status, body) = done.unwrap();
            assert!(matches!(status, 200 | 201 | 409 | 422), "{status} {body}");
        }
        assert_no_overlap(&app).await;
    }
    let _ = times;
}

/// Two patients move their visits at the same moment onto times that overlap. On PostgreSQL
/// both new rows are written before the exclusion constraint checks them, so each move waits
/// for the other and the database breaks the deadlock by failing one: that one must still get
/// its answer (409, the time is taken), never a 500.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_moves_racing_onto_overlapping_times_give_one_move_and_one_409() {
    let app = Arc::new(spawn_app().await);
    for round in 0..24 {
        let open = app.open_times("sick-visit").await;
        let (t1, t2) = overlapping_pair(&open[round % 4..]);
        // The two visits start far from t1 and t2, and an hour apart from each other.
        let start =
            |s: &Value| chrono::DateTime::parse_from_rfc3339(s["start"].as_str().unwrap()).unwrap();
        let mut far = open
            .iter()
            .rev()
            .filter(|s| s["provider"] != t1["provider"]);
        let first = far.next().unwrap();
        let second = far
            .find(|s| (start(s) - start(first)).num_minutes().abs() >= 60)
            .unwrap();
        let a = book_slot(&app, first, &format!("Patient A{round}")).await;
        let b = book_slot(&app, second, &format!("Patient B{round}")).await;
        let start_together = Arc::new(tokio::sync::Barrier::new(2));
        let mut race = tokio::task::JoinSet::new();
        for (visit, target) in [(a, t1.clone()), (b, t2.clone())] {
            let (app, start_together) = (app.clone(), start_together.clone());
            race.spawn(async move {
                let path = format!(
                    "/api/v1/appointments/{}/reschedule",
                    visit["id"].as_str().unwrap()
                );
                start_together.wait().await;
                let token = visit["manage_token"].as_str().unwrap();
                app.manage("POST", &path, token, Some(move_to(&target)))
                    .await
            });
        }
        let mut statuses = Vec::new();
        while let Some(done) = race.join_next().await {
            let (status, body) = done.unwrap();
            assert!(
                matches!(status, 200 | 409),
                "round {round}: {status} {body}"
            );
            if status == 409 {
                let body: Value = serde_json::from_str(&body).unwrap();
                assert_eq!(body["error"]["code"], "slot_taken", "{body}");
            }
            statuses.push(status);
        }
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 409], "round {round}: one move wins");
        assert_no_overlap(&app).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_move_racing_a_cancel_never_answers_200_for_a_cancelled_visit() {
    let app = Arc::new(spawn_app().await);
    let times = app.open_times("sick-visit").await;
    for round in 0..10 {
        let visit = book_slot(&app, &times[round], &format!("Patient R{round}")).await;
        let id = visit["id"].as_str().unwrap().to_string();
        let token = visit["manage_token"].as_str().unwrap().to_string();
        let target = times
            .iter()
            .rev()
            .find(|t| t["provider"] == visit["provider"])
            .unwrap()
            .clone();
        let (move_path, cancel_path) = (
            format!("/api/v1/appointments/{id}/reschedule"),
            format!("/api/v1/appointments/{id}/cancel"),
        );
        let (moved, cancelled) = tokio::join!(
            app.manage("POST", &move_path, &token, Some(move_to(&target))),
            app.manage("POST", &cancel_path, &token, None),
        );
        assert_eq!(cancelled.0, 200, "{}", cancelled.1);
        match moved.0 {
            200 => {
                let body: Value = serde_json::from_str(&moved.1).unwrap();
                assert_eq!(
                    body["status"], "booked",
                    "a 200 move says the visit is booked: {body}"
                );
            }
            422 => assert!(moved.1.contains("\"cancelled\""), "{}", moved.1),
            409 => {}
            other => panic!("{other} {}", moved.1),
        }
        let (_, now) = app
            .manage("GET", &format!("/api/v1/appointments/{id}"), &token, None)
            .await;
        assert!(
            now.contains("\"status\":\"cancelled\""),
            "the cancel always wins in the end: {now}"
        );
        // Undo for the next round's free times.
        let _ = sqlx::query("DELETE FROM appointments WHERE id = $1")
            .bind(&id)
            .execute(&app.db().await)
            .await;
    }
    assert_no_overlap(&app).await;
}

#[tokio::test]
async fn moving_a_visit_onto_time_its_buffer_touches_is_refused() {
    let app = spawn_app().await;
    let open = app.open_times("sick-visit").await;
    let (t1, t2) = overlapping_pair(&open);
    let a = book_slot(&app, &t1, "Patient A").await;
    let b = book_slot(
        &app,
        open.iter()
            .rev()
            .find(|s| s["provider"] == t1["provider"])
            .unwrap(),
        "Patient B",
    )
    .await;
    let (status, body) = app
        .manage(
            "POST",
            &format!(
                "/api/v1/appointments/{}/reschedule",
                b["id"].as_str().unwrap()
            ),
            b["manage_token"].as_str().unwrap(),
            Some(move_to(&t2)),
        )
        .await;
    assert!(matches!(status, 409 | 422), "{status} {body}");
    assert_no_overlap(&app).await;
    let _ = a;
}

// 3. Dates ------------------------------------------------------------------------------------------

/// Dates as an attacker writes them: the far ends of what chrono reads, the far past and future
/// as plain dates, almost-dates and noise.
fn date_strategy() -> impl Strategy<Value = String> {
    use proptest::prelude::*;
    prop_oneof![
        Just("%2B262142-12-31".to_string()),
        Just("-262143-01-01".to_string()),
        Just("%2B262143-01-01".to_string()),
        Just("9999-12-31".to_string()),
        Just("0000-01-01".to_string()),
        (-262_143i32..=262_142, 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| {
            let year = if y < 0 {
                format!("-{:06}", -y)
            } else if y > 9999 {
                format!("%2B{y}")
            } else {
                format!("{y:04}")
            };
            format!("{year}-{m:02}-{d:02}")
        }),
        (1900i32..2200, 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        "[0-9%+-]{0,12}",
    ]
}

#[tokio::test]
async fn any_date_in_any_date_parameter_gets_an_answer_never_a_crash() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    for (path, bearer) in [
        (
            format!("{CLINIC}/availability?visit_type=sick-visit&from=%2B262142-12-31"),
            "",
        ),
        (
            format!("{CLINIC}/availability?visit_type=sick-visit&from=-262143-01-01"),
            "",
        ),
        (
            format!("{CLINIC}/appointments?date=%2B262142-12-31"),
            key.as_str(),
        ),
    ] {
        let (status, body) = app.send("GET", &path, bearer, None).await;
        assert_eq!(status, 422, "{path}: {body}");
        assert!(error_shape(&body), "{body}");
        let message = body["error"]["fields"][0]["message"].as_str().unwrap();
        assert!(
            message.contains("use a date from"),
            "the answer gives the allowed range: {message}"
        );
    }

    let mut runner = TestRunner::deterministic();
    let strategy = (date_strategy(), date_strategy());
    for _ in 0..150 {
        let (from, to) = strategy.new_tree(&mut runner).unwrap().current();
        for (path, bearer) in [
            (
                format!("{CLINIC}/availability?visit_type=sick-visit&from={from}"),
                "",
            ),
            (
                format!("{CLINIC}/availability?visit_type=sick-visit&to={to}"),
                "",
            ),
            (
                format!("{CLINIC}/availability?visit_type=sick-visit&from={from}&to={to}"),
                "",
            ),
            (format!("{CLINIC}/appointments?date={from}"), key.as_str()),
        ] {
            let (status, body) = app.send("GET", &path, bearer, None).await;
            assert!(matches!(status, 200 | 422), "{path}: {status} {body}");
            if status == 422 {
                assert!(
                    error_shape(&body) && body["error"]["fields"][0]["path"].is_string(),
                    "{path}: {body}"
                );
            }
        }
    }
    let (status, _) = app.get("/healthz").await;
    assert_eq!(status, 200);
}

// 4. The per-patient limit, and hidden characters -------------------------------------------------------

#[tokio::test]
async fn one_person_cannot_pass_the_booking_limit_by_writing_their_name_another_way() {
    let app = spawn_app().await;
    let times = app.open_times("sick-visit").await;
    let names = [
        "Max Limit",
        "Max  Limit",
        "max\u{200B} limit",
        "MAX\u{00A0}LIMIT",
        "M\u{0430}x Limit",
        " Max Limit\u{FEFF}",
    ];
    let mut statuses = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let (status, body) = app
            .book(&new_key(), &booking_for(&times[i * 2], "sick-visit", name))
            .await;
        statuses.push(status);
        if status == 409 {
            assert_eq!(body["error"]["code"], "too_many_bookings", "{body}");
        }
    }
    assert_eq!(
        statuses,
        [201, 201, 201, 409, 409, 409],
        "the demo clinic allows 3 upcoming visits per person"
    );
}

#[tokio::test]
async fn the_booking_limit_key_cannot_be_recomputed_from_a_name_and_birth_date() {
    use sha2::Digest;
    let app = spawn_app().await;
    let slot = app.open_times("sick-visit").await[0].clone();
    book_slot(&app, &slot, "Max Limit").await;
    let db = app.db().await;
    let (stored,): (String,) = sqlx::query_as("SELECT patient_key FROM appointments")
        .fetch_one(&db)
        .await
        .unwrap();
    for guess in [
        "max limit|1961-04-17",
        "Max Limit|1961-04-17",
        "max limit1961-04-17",
    ] {
        assert!(
            !stored.contains(&hex::encode(sha2::Sha256::digest(guess.as_bytes()))),
            "{guess}"
        );
    }
}

#[tokio::test]
async fn control_and_direction_characters_in_patient_fields_are_refused_in_the_patients_language() {
    let app = spawn_app().await;
    let slot = app.open_times("sick-visit").await[0].clone();
    for (field, value) in [
        ("name", "Rosa\u{0000} Díaz"),
        ("reason", "Tos \u{202E}gnol"),
        ("accessibility_notes", "\u{001B}[31m"),
    ] {
        let mut body = booking_for(&slot, "sick-visit", "Rosa Díaz");
        body["language"] = json!("es");
        body["patient"][field] = json!(value);
        let (status, reply) = app.book(&new_key(), &body).await;
        assert_eq!(status, 422, "{field}: {reply}");
        let fields = reply["error"]["fields"].as_array().unwrap();
        let note = fields
            .iter()
            .find(|f| f["path"] == format!("patient.{field}"))
            .unwrap_or_else(|| panic!("{reply}"));
        assert_eq!(
            note["message"],
            "Esto tiene un carácter que no podemos guardar. Escríbalo otra vez."
        );
    }
    // The same rule for the feedback text.
    let token = book_slot(&app, &slot, "Rosa Díaz").await["manage_token"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, reply) = app
        .send(
            "POST",
            &format!("{CLINIC}/feedback"),
            &token,
            Some(json!({ "moment": "after_visit", "overall": 2, "better": "ok\u{202E}" })),
        )
        .await;
    assert_eq!(status, 422, "{reply}");
}

// 6. The error shape everywhere -------------------------------------------------------------------------

#[tokio::test]
async fn every_route_answers_bad_path_query_method_and_body_in_the_error_shape() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let (_, document) = app.get("/api/v1/openapi.json").await;
    let paths = document["paths"].as_object().unwrap();
    assert!(paths.len() > 20, "the document lists the routes");
    let client = &app.client;
    let mut checked = 0;
    for (template, operations) in paths {
        for (method, operation) in operations.as_object().unwrap() {
            let method = method.to_uppercase();
            // Path parameters that are not UTF-8, and query parameters that are not what they say.
            let bad_path = template
                .split('/')
                .map(|part| if part.starts_with('{') { "%FF" } else { part })
                .collect::<Vec<_>>()
                .join("/");
            let good_path = template
                .replace("{clinic}", "maple-grove")
                .replace("{id}", "abc");
            let query: Vec<String> = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "query")
                .flat_map(|p| {
                    let name = p["name"].as_str().unwrap();
                    [
                        format!("{name}=abc"),
                        format!("{name}=%FF%FE"),
                        format!("{name}=1&{name}=2"),
                    ]
                })
                .collect();
            let mut attempts = vec![(method.clone(), bad_path, None)];
            for q in &query {
                attempts.push((method.clone(), format!("{good_path}?{q}"), None));
            }
            if method == "POST" {
                attempts.push((method.clone(), good_path.clone(), Some("{not json")));
                attempts.push((method.clone(), good_path.clone(), Some("[1,2,3]")));
            }
            let wrong = if method == "GET" { "DELETE" } else { "PUT" };
            attempts.push((wrong.to_string(), good_path.clone(), None));
            for (method, path, body) in attempts {
                let url = format!("{}{path}", app.address);
                let mut request = client
                    .request(method.parse().unwrap(), &url)
                    .bearer_auth(&key);
                if let Some(body) = body {
                    request = request
                        .header("content-type", "application/json")
                        .header("idempotency-key", new_key())
                        .body(body);
                }
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                let text = response.text().await.unwrap();
                assert!(status < 500, "{method} {path}: {status} {text}");
                if status >= 400 && path.starts_with("/api/") {
                    let body: Value = serde_json::from_str(&text)
                        .unwrap_or_else(|_| panic!("{method} {path}: {status} not JSON: {text}"));
                    assert!(error_shape(&body), "{method} {path}: {status} {text}");
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked}");
}

#[tokio::test]
async fn the_cases_the_attack_named_get_plain_json_answers() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    for (path, bearer, status, code) in [
        (
            format!("{CLINIC}/you-said-we-did?limit=abc"),
            "",
            422,
            "invalid_query",
        ),
        (
            format!("{CLINIC}/numbers?weeks=abc"),
            key.as_str(),
            422,
            "invalid_query",
        ),
        (
            format!("{CLINIC}/availability?visit_type=sick-visit&visit_type=physical"),
            "",
            422,
            "invalid_query",
        ),
        (
            "/api/v1/clinics/%FF/catalog".to_string(),
            "",
            400,
            "invalid_path",
        ),
        ("/api/v1/no-such-thing".to_string(), "", 404, "not_found"),
    ] {
        let (got, body) = app.send("GET", &path, bearer, None).await;
        assert_eq!(
            (got, body["error"]["code"].as_str()),
            (status, Some(code)),
            "{path}: {body}"
        );
    }
    let (got, body) = app
        .send(
            "GET",
            &format!("{CLINIC}/availability?visit_type=sick-visit&visit_type=physical"),
            "",
            None,
        )
        .await;
    assert_eq!(got, 422);
    assert_eq!(body["error"]["fields"][0]["path"], "visit_type", "{body}");
    let response = app
        .client
        .delete(format!("{}{CLINIC}/catalog", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(response.headers()["allow"], "GET,HEAD");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");
    // A key with a non-ASCII character is there, and wrong: not "missing".
    let slot = app.open_times("sick-visit").await[0].clone();
    let response = app
        .client
        .post(format!("{}{CLINIC}/appointments", app.address))
        .header(
            "idempotency-key",
            reqwest::header::HeaderValue::from_bytes("clé-0123456789".as_bytes()).unwrap(),
        )
        .json(&booking_for(&slot, "sick-visit", "Rosa Díaz"))
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "idempotency_key_invalid", "{body}");
}

// 7. Headers and slow clients -------------------------------------------------------------------------

#[tokio::test]
async fn api_answers_are_never_stored_and_never_sniffed() {
    let app = spawn_app().await;
    let slot = app.open_times("sick-visit").await[0].clone();
    let response = app
        .client
        .post(format!("{}{CLINIC}/appointments", app.address))
        .header("idempotency-key", new_key())
        .json(&booking_for(&slot, "sick-visit", "Rosa Díaz"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert!(
        response
            .headers()
            .get("strict-transport-security")
            .is_none(),
        "no HSTS over plain http"
    );
    for path in ["/healthz", "/api/v1/no-such-thing", "/api/v1/openapi.json"] {
        let response = app
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.headers()["x-content-type-options"],
            "nosniff",
            "{path}"
        );
    }
}

#[tokio::test]
async fn an_https_public_url_turns_on_hsts() {
    let app = spawn_app_with(&["--public-url", "https://portal.maplegrove.example"]).await;
    let response = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_hundred_half_open_requests_are_closed_after_the_header_deadline() {
    let app = spawn_app_with(&["--header-timeout", "1"]).await;
    let address = app.address.trim_start_matches("http://").to_string();
    let mut sockets = Vec::new();
    for _ in 0..300 {
        let mut socket = tokio::net::TcpStream::connect(&address).await.unwrap();
        socket
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        sockets.push(socket);
    }
    let started = Instant::now();
    let mut closed = 0;
    for mut socket in sockets {
        let mut buffer = [0u8; 512];
        let left = Duration::from_secs(5).saturating_sub(started.elapsed());
        match tokio::time::timeout(left, socket.read(&mut buffer)).await {
            Ok(Ok(_)) | Ok(Err(_)) => closed += 1,
            Err(_) => {}
        }
    }
    assert_eq!(
        closed, 300,
        "every half-open request is closed within a few seconds"
    );
    let (status, _) = app.get("/healthz").await;
    assert_eq!(status, 200);
}

// 8. Links from the configured public URL ----------------------------------------------------------------

#[tokio::test]
async fn a_forged_host_header_never_reaches_a_patient_link_or_a_fhir_url() {
    let app = spawn_app_with(&["--public-url", "https://portal.maplegrove.example/"]).await;
    let key = app.staff_key("maple-grove").await;
    let packet = json!({
        "template": "sprained-ankle", "preferred_name": "Rosa", "date_of_birth": "1961-04-17", "language": "en",
        "conditions": ["ICD10:S93.401A"], "medicines": [], "follow_up": { "in_days": 14 }, "provider_note": ""
    });
    let response = app
        .client
        .post(format!("{}{CLINIC}/packets", app.address))
        .bearer_auth(&key)
        .header("host", "evil.example")
        .json(&packet)
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    let link = body["patient_link"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"));
    assert!(
        link.starts_with("https://portal.maplegrove.example/#pp-packet="),
        "{link}"
    );

    let slot = app.open_times("sick-visit").await[0].clone();
    let visit = book_slot(&app, &slot, "Rosa Díaz").await;
    let response = app
        .client
        .post(format!("{}{CLINIC}/feedback-links", app.address))
        .bearer_auth(&key)
        .header("host", "evil.example")
        .json(&json!({ "appointment": visit["id"] }))
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert!(
        body["link"]
            .as_str()
            .unwrap()
            .starts_with("https://portal.maplegrove.example/#pp-feedback="),
        "{body}"
    );
    let response = app
        .client
        .get(format!(
            "{}/fhir/Questionnaire/maple-grove-feedback",
            app.address
        ))
        .header("host", "evil.example")
        .send()
        .await
        .unwrap();
    let text = response.text().await.unwrap();
    assert!(
        !text.contains("evil.example")
            && text.contains("https://portal.maplegrove.example/fhir/Questionnaire/"),
        "{text}"
    );
}

#[test]
fn a_public_url_that_is_not_one_is_refused_at_start_with_what_would_be_right() {
    use portal_server::startup::parse_public_url;
    assert_eq!(
        parse_public_url("https://portal.example/").unwrap(),
        "https://portal.example"
    );
    for bad in [
        "portal.example",
        "ftp://portal.example",
        "https://portal.example/?x=1",
        "https://a@portal.example",
        "https://",
    ] {
        let message = parse_public_url(bad).unwrap_err();
        assert!(
            message.contains("https://portal.maplegrove.example"),
            "{bad}: {message}"
        );
    }
}

// 9. Audit -----------------------------------------------------------------------------------------------------

async fn audit_rows(app: &TestApp) -> Vec<(String, String, Option<String>)> {
    let db = app.db().await;
    let rows = sqlx::query_as("SELECT actor, action, subject FROM audit_log ORDER BY id")
        .fetch_all(&db)
        .await
        .unwrap();
    db.close().await;
    rows
}

#[tokio::test]
async fn every_route_that_touches_a_patients_visit_writes_an_audit_row_without_patient_data() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let times = app.open_times("sick-visit").await;
    let idempotency = new_key();
    let request = booking_for(&times[0], "sick-visit", "Rosa Díaz");
    let (_, visit) = app.book(&idempotency, &request).await;
    let id = visit["id"].as_str().unwrap().to_string();
    let token = visit["manage_token"].as_str().unwrap().to_string();
    let later = times
        .iter()
        .find(|t| t["provider"] == times[0]["provider"] && t["start"] != times[0]["start"])
        .unwrap();
    let packet = json!({
        "template": "sprained-ankle", "preferred_name": "Rosa", "date_of_birth": "1961-04-17", "language": "en",
        "conditions": ["ICD10:S93.401A"], "medicines": [], "follow_up": { "in_days": 14 }, "provider_note": ""
    });
    let (_, created) = app
        .send("POST", &format!("{CLINIC}/packets"), &key, Some(packet))
        .await;
    let packet_id = created["id"].as_str().unwrap().to_string();

    assert!(audit_rows(&app)
        .await
        .iter()
        .any(|(_, a, _)| a == "appointment.create"));
    macro_rules! audited {
        ($action:expr, $request:expr) => {{
            let before = audit_rows(&app).await.len();
            let status: u16 = $request;
            assert!(status < 300, "{}: {status}", $action);
            let rows = audit_rows(&app).await;
            assert!(
                rows[before..].iter().any(|(_, a, _)| a == $action),
                "{} wrote no audit row: {:?}",
                $action,
                &rows[before..]
            );
        }};
    }
    let visit_path = format!("/api/v1/appointments/{id}");
    audited!(
        "appointment.replay",
        app.book(&idempotency, &request).await.0
    );
    audited!(
        "appointment.read",
        app.manage("GET", &visit_path, &token, None).await.0
    );
    audited!(
        "appointment.calendar",
        app.manage("GET", &format!("{visit_path}/calendar.ics"), &token, None)
            .await
            .0
    );
    audited!(
        "appointment.reschedule",
        app.manage(
            "POST",
            &format!("{visit_path}/reschedule"),
            &token,
            Some(move_to(later))
        )
        .await
        .0
    );
    audited!(
        "feedback.dismiss",
        app.send(
            "POST",
            &format!("{CLINIC}/feedback/dismissals"),
            &token,
            Some(json!({ "moment": "after_visit" }))
        )
        .await
        .0
    );
    audited!(
        "feedback.create",
        app.send(
            "POST",
            &format!("{CLINIC}/feedback"),
            &token,
            Some(json!({ "moment": "after_booking", "ease": 4 }))
        )
        .await
        .0
    );
    audited!(
        "appointment.list",
        app.send("GET", &format!("{CLINIC}/appointments"), &key, None)
            .await
            .0
    );
    audited!(
        "packet.audit_read",
        app.send(
            "GET",
            &format!("{CLINIC}/packets/{packet_id}/audit"),
            &key,
            None
        )
        .await
        .0
    );
    audited!(
        "appointment.cancel",
        app.manage("POST", &format!("{visit_path}/cancel"), &token, None)
            .await
            .0
    );
    for (actor, action, subject) in audit_rows(&app).await {
        let line = format!("{actor} {action} {}", subject.unwrap_or_default());
        for secret in ["Rosa", "Díaz", "1961", "555", "cough", &token] {
            assert!(
                !line.contains(secret),
                "patient data in the audit log: {line}"
            );
        }
    }
}

// 10. Limits on tries ----------------------------------------------------------------------------------------------

#[tokio::test]
async fn date_of_birth_checks_are_limited_per_address_and_per_link() {
    let app = spawn_app_with(&[
        "--verify-rate-limit",
        "4",
        "--link-rate-limit",
        "3",
        "--trusted-proxy",
        "127.0.0.1",
    ])
    .await;
    let verify = |secret: String, from: &'static str| {
        let client = app.client.clone();
        let url = format!("{}/api/v1/packets/verify", app.address);
        async move {
            let response = client
                .post(url)
                .bearer_auth(secret)
                .header("x-forwarded-for", from)
                .json(&json!({ "date_of_birth": "2000-01-01" }))
                .send()
                .await
                .unwrap();
            (
                response.status().as_u16(),
                response.headers().get("retry-after").cloned(),
            )
        }
    };
    // One link from many addresses: the link's own limit.
    let statuses = [
        verify("a".repeat(64), "203.0.113.1").await.0,
        verify("a".repeat(64), "203.0.113.2").await.0,
        verify("a".repeat(64), "203.0.113.3").await.0,
        verify("a".repeat(64), "203.0.113.4").await.0,
    ];
    assert_eq!(statuses, [404, 404, 404, 429]);
    // Many links from one address: the address's limit.
    let mut statuses = Vec::new();
    for i in 0..5 {
        statuses.push(verify(format!("{i}").repeat(64), "198.51.100.7").await);
    }
    assert_eq!(
        statuses.iter().map(|s| s.0).collect::<Vec<_>>(),
        [404, 404, 404, 404, 429]
    );
    assert_eq!(statuses[4].1.as_ref().unwrap(), "60");
}

#[tokio::test]
async fn the_feedback_prompt_and_not_now_are_limited_too() {
    let app = spawn_app_with(&["--feedback-rate-limit", "3"]).await;
    let slot = app.open_times("sick-visit").await[0].clone();
    let token = book_slot(&app, &slot, "Rosa Díaz").await["manage_token"]
        .as_str()
        .unwrap()
        .to_string();
    let mut statuses = Vec::new();
    for _ in 0..2 {
        statuses.push(
            app.send(
                "GET",
                &format!("{CLINIC}/feedback/prompt?moment=after_booking"),
                &token,
                None,
            )
            .await
            .0,
        );
        statuses.push(
            app.send(
                "POST",
                &format!("{CLINIC}/feedback/dismissals"),
                &token,
                Some(json!({ "moment": "after_booking" })),
            )
            .await
            .0,
        );
    }
    assert_eq!(statuses, [200, 204, 200, 429]);
}

// Retention -----------------------------------------------------------------------------------------------------------

#[tokio::test]
async fn old_visits_are_purged_on_the_clinics_schedule_and_the_purge_is_audited_by_counts() {
    let app = spawn_app().await;
    let times = app.open_times("sick-visit").await;
    let kept = book_slot(&app, &times[0], "Rosa Díaz").await;
    // This one asked for email: its planned messages must not hold the purge back.
    let mut with_email = booking_for(times.last().unwrap(), "sick-visit", "Ana Ruiz");
    with_email["patient"]["email"] = json!("ana@example.com");
    with_email["contact_by"] = json!("email");
    let (status, gone) = app.book(&new_key(), &with_email).await;
    assert_eq!(status, 201, "{gone}");
    let cancel = format!(
        "/api/v1/appointments/{}/cancel",
        gone["id"].as_str().unwrap()
    );
    assert_eq!(
        app.manage(
            "POST",
            &cancel,
            gone["manage_token"].as_str().unwrap(),
            None
        )
        .await
        .0,
        200
    );
    let config = portal_server::clinics::load_file(&demo_clinic()).unwrap();
    let db = app.db().await;
    // A year and a day later, the cancelled visit is past its time; the booked one is not.
    let later = chrono::Utc::now()
        + chrono::Duration::days(i64::from(config.retention.cancelled_visits_days) + 1);
    let purged = portal_server::retention::purge(&db, &app.gate(), &config, later)
        .await
        .unwrap();
    assert_eq!(purged.visits, 1);
    let ids: Vec<(String,)> = sqlx::query_as("SELECT id FROM appointments")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(ids, [(kept["id"].as_str().unwrap().to_string(),)]);
    let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM messages WHERE appointment_id = $1")
        .bind(gone["id"].as_str().unwrap())
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(left, 0, "the purged visit's messages went with it");
    let (subject,): (String,) =
        sqlx::query_as("SELECT subject FROM audit_log WHERE action = 'retention.purge'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert!(subject.starts_with("counts:visits=1,"), "{subject}");
    // Nothing is left to purge the second time, and nothing more is audited.
    assert_eq!(
        portal_server::retention::purge(&db, &app.gate(), &config, later)
            .await
            .unwrap(),
        Default::default()
    );
    let (runs,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'retention.purge'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(runs, 1);
}

#[tokio::test]
async fn one_background_job_runs_at_a_time_across_servers_on_one_database() {
    let app = spawn_app().await;
    let db = app.db().await;
    let now = chrono::Utc::now();
    let hold = chrono::Duration::minutes(30);
    assert!(
        portal_server::retention::take_lease(&db, "test-job", now, hold)
            .await
            .unwrap()
    );
    assert!(!portal_server::retention::take_lease(
        &db,
        "test-job",
        now + chrono::Duration::minutes(1),
        hold
    )
    .await
    .unwrap());
    assert!(portal_server::retention::take_lease(
        &db,
        "test-job",
        now + chrono::Duration::minutes(31),
        hold
    )
    .await
    .unwrap());
}

// Backups -------------------------------------------------------------------------------------------------------

/// `portal-server backup --to FILE` on a database.
fn backup(database: &str, to: &std::path::Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_portal-server"));
    command
        .args(["--database", database])
        .args(["--clinic", demo_clinic().to_str().unwrap()])
        .args(["backup", "--to", to.to_str().unwrap()]);
    command
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_while_patients_book_restores_every_confirmed_booking() {
    let app = Arc::new(spawn_app().await);
    if crate::helpers::postgres().is_some() {
        // PostgreSQL is backed up with pg_dump; the command says so instead of half-working.
        let dir = tempfile::tempdir().unwrap();
        let output = backup(&app.database, &dir.path().join("b.db"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("pg_dump"), "{stderr}");
        return;
    }
    let times = app.open_times("sick-visit").await;
    // Every other open time: no two overlap.
    let slots: Vec<Value> = times.iter().step_by(2).take(60).cloned().collect();
    let confirmed = Arc::new(std::sync::Mutex::new(
        Vec::<(String, String, Instant)>::new(),
    ));
    let writer = {
        let (app, confirmed) = (app.clone(), confirmed.clone());
        tokio::spawn(async move {
            for (i, slot) in slots.iter().enumerate() {
                let (status, body) = app
                    .book(
                        &new_key(),
                        &booking_for(slot, "sick-visit", &format!("Patient Number{i}")),
                    )
                    .await;
                if status == 201 {
                    let visit = (
                        body["id"].as_str().unwrap().to_string(),
                        body["manage_token"].as_str().unwrap().to_string(),
                        Instant::now(),
                    );
                    confirmed.lock().unwrap().push(visit);
                }
            }
        })
    };
    while confirmed.lock().unwrap().len() < 10 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("backup.db");
    let began = Instant::now();
    let output = tokio::process::Command::from(backup(&app.database, &copy))
        .output()
        .await
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    writer.await.unwrap();
    let before: Vec<(String, String)> = confirmed
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, _, at)| *at < began)
        .map(|(id, token, _)| (id.clone(), token.clone()))
        .collect();
    assert!(before.len() >= 10);

    // Restore: the copy becomes the database of a new server.
    let restored_dir = tempfile::tempdir().unwrap();
    std::fs::copy(&copy, restored_dir.path().join("portal.db")).unwrap();
    let database = format!("sqlite://{}/portal.db", restored_dir.path().display());
    let restored = crate::helpers::spawn_app_on(&database).await;
    for (id, token) in &before {
        let (status, body) = restored
            .manage("GET", &format!("/api/v1/appointments/{id}"), token, None)
            .await;
        assert_eq!(
            status, 200,
            "a booking confirmed before the backup is in it: {body}"
        );
    }
    // A second backup to the same file is refused, never overwritten.
    let output = backup(&app.database, &copy).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("already exists"));
}

#[tokio::test]
async fn json_answers_are_compressed_for_clients_that_accept_it_and_plain_for_others() {
    let app = spawn_app().await;
    let url = format!("{}/api/v1/clinics/maple-grove/catalog", app.address);
    let plain = app.client.get(&url).send().await.unwrap();
    assert_eq!(plain.headers().get("content-encoding"), None);
    let plain_len = plain.bytes().await.unwrap().len();
    for (accept, encoding) in [("gzip", "gzip"), ("br", "br"), ("br, gzip", "br")] {
        let answer = app
            .client
            .get(&url)
            .header("accept-encoding", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        assert_eq!(
            answer.headers()["content-encoding"],
            encoding,
            "asked with {accept}"
        );
        let sent = answer.bytes().await.unwrap().len();
        assert!(
            sent < plain_len / 2,
            "{accept}: {sent} bytes of {plain_len}"
        );
    }
}
