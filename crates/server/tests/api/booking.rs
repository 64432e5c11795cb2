use serde_json::json;

use crate::helpers::{booking_for, new_key, spawn_app};

#[tokio::test]
async fn a_patient_books_the_next_open_time_and_it_is_no_longer_offered() {
    let app = spawn_app().await;
    let times = app.open_times("sick-visit").await;
    let slot = &times[0];
    let (status, body) = app
        .book(&new_key(), &booking_for(slot, "sick-visit", "Rosa Díaz"))
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["status"], "booked");
    assert_eq!(body["start"], slot["start"]);
    assert_eq!(body["clinic_start"], slot["clinic_start"]);
    assert_eq!(body["timezone"], "America/New_York");
    assert_eq!(body["preferred_name"], "Rosa");
    assert!(
        body["manage_token"].as_str().unwrap().len() >= 32,
        "at least 128 random bits"
    );
    let after = app.open_times("sick-visit").await;
    assert!(!after
        .iter()
        .any(|s| s["start"] == slot["start"] && s["provider"] == slot["provider"]));
}

#[tokio::test]
async fn retrying_with_the_same_key_and_body_returns_the_same_reply_and_books_once() {
    let app = spawn_app().await;
    let slot = app.open_times("sick-visit").await[0].clone();
    let key = new_key();
    let body = booking_for(&slot, "sick-visit", "Rosa Díaz");
    let (first_status, mut first) = app.book(&key, &body).await;
    let (second_status, mut second) = app.book(&key, &body).await;
    assert_eq!(first_status, 201);
    assert_eq!(second_status, 201);
    // The manage token is never stored in the clear, so a retry gets a fresh one.
    first.as_object_mut().unwrap().remove("manage_token");
    second.as_object_mut().unwrap().remove("manage_token");
    assert_eq!(first, second);
    let (_, body) = app
        .get("/api/v1/clinics/maple-grove/availability?visit_type=sick-visit")
        .await;
    let booked_once = !body["days"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["slots"].as_array().unwrap().iter())
        .any(|s| s["start"] == slot["start"] && s["provider"] == slot["provider"]);
    assert!(booked_once);
}

#[tokio::test]
async fn the_same_key_with_another_body_is_refused_clearly() {
    let app = spawn_app().await;
    let times = app.open_times("sick-visit").await;
    let key = new_key();
    let (status, _) = app
        .book(&key, &booking_for(&times[0], "sick-visit", "Rosa Díaz"))
        .await;
    assert_eq!(status, 201);
    let (status, body) = app
        .book(&key, &booking_for(&times[1], "sick-visit", "Rosa Díaz"))
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "idempotency_key_reused");
}

#[tokio::test]
async fn a_booking_without_an_idempotency_key_is_refused() {
    let app = spawn_app().await;
    let slot = app.open_times("sick-visit").await[0].clone();
    let response = app
        .client
        .post(format!(
            "{}/api/v1/clinics/maple-grove/appointments",
            app.address
        ))
        .json(&booking_for(&slot, "sick-visit", "Rosa Díaz"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "idempotency_key_missing");
}

#[tokio::test]
async fn two_patients_booking_the_same_slot_one_wins_the_other_gets_other_times() {
    let app = spawn_app().await;
    let slot = app.open_times("sick-visit").await[0].clone();
    let (status, _) = app
        .book(&new_key(), &booking_for(&slot, "sick-visit", "Rosa Díaz"))
        .await;
    assert_eq!(status, 201);
    let (status, body) = app
        .book(&new_key(), &booking_for(&slot, "sick-visit", "Ann Lee"))
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "slot_taken");
    let alternatives = body["error"]["alternatives"].as_array().unwrap();
    assert!(!alternatives.is_empty());
    assert!(alternatives
        .iter()
        .all(|a| !(a["start"] == slot["start"] && a["provider"] == slot["provider"])));
}

#[tokio::test]
async fn the_patient_who_lost_a_time_is_offered_the_same_doctor_and_office_first() {
    let app = spawn_app().await;
    let times = app.open_times("sick-visit").await;
    // A time whose doctor also has other open times at the same office that week.
    let slot = times[times.len() / 2].clone();
    assert_eq!(
        app.book(&new_key(), &booking_for(&slot, "sick-visit", "Rosa Díaz"))
            .await
            .0,
        201
    );
    let (status, body) = app
        .book(&new_key(), &booking_for(&slot, "sick-visit", "Ann Lee"))
        .await;
    assert_eq!(status, 409, "{body}");
    let alternatives = body["error"]["alternatives"].as_array().unwrap();
    let unlike = |a: &serde_json::Value| {
        (a["provider"] != slot["provider"]) as u8 * 2 + (a["location"] != slot["location"]) as u8
    };
    let order: Vec<u8> = alternatives.iter().map(unlike).collect();
    assert_eq!(
        order[0], 0,
        "the same doctor at the same office first: {alternatives:?}"
    );
    assert!(
        order.windows(2).all(|w| w[0] <= w[1]),
        "then the same doctor elsewhere, then others: {order:?}"
    );
}

#[tokio::test]
async fn every_wrong_answer_is_named_per_field_in_plain_words() {
    let app = spawn_app().await;
    let slot = app.open_times("sick-visit").await[0].clone();
    let mut body = booking_for(&slot, "sick-visit", "");
    body["patient"]["date_of_birth"] = json!("1961-02-30");
    body["patient"]["phone"] = json!("");
    body["patient"]["reason"] = json!("   ");
    let (status, reply) = app.book(&new_key(), &body).await;
    assert_eq!(status, 422);
    assert_eq!(reply["error"]["code"], "invalid_fields");
    let fields: Vec<(&str, &str)> = reply["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("patient.name", "Please write your full name."),
            (
                "patient.date_of_birth",
                "This date doesn't look right. Try month/day/year, like 04/17/1961."
            ),
            (
                "patient.phone",
                "Please give a phone number or an email, so we can reach you."
            ),
            (
                "patient.reason",
                "Please tell us in a few words why you want to come in."
            ),
        ]
    );
}

#[tokio::test]
async fn field_errors_come_in_spanish_for_a_spanish_speaking_patient() {
    let app = spawn_app().await;
    let slot = app.open_times("sick-visit").await[0].clone();
    let mut body = booking_for(&slot, "sick-visit", "Rosa Díaz");
    body["language"] = json!("es");
    body["patient"]["date_of_birth"] = json!("2090-01-01");
    let (status, reply) = app.book(&new_key(), &body).await;
    assert_eq!(status, 422);
    assert_eq!(
        reply["error"]["fields"][0]["message"],
        "Esta fecha es después de hoy. Revise el año."
    );
}

#[tokio::test]
async fn a_new_patient_cannot_book_a_visit_for_returning_patients() {
    let app = spawn_app().await;
    let slot = app.open_times("follow-up").await[0].clone();
    let mut body = booking_for(&slot, "follow-up", "Rosa Díaz");
    body["new_patient"] = json!(true);
    let (status, reply) = app.book(&new_key(), &body).await;
    assert_eq!(status, 422);
    assert_eq!(reply["error"]["fields"][0]["path"], "new_patient");
}

#[tokio::test]
async fn a_time_that_is_not_an_open_time_is_not_bookable() {
    let app = spawn_app().await;
    let slot = app.open_times("sick-visit").await[0].clone();
    let mut body = booking_for(&slot, "sick-visit", "Rosa Díaz");
    // 3:07 AM clinic time is never an open time.
    let start: chrono::DateTime<chrono::Utc> = slot["start"].as_str().unwrap().parse().unwrap();
    let odd = start.date_naive().and_hms_opt(8, 7, 0).unwrap().and_utc();
    body["start"] = json!(odd.to_rfc3339());
    let (status, reply) = app.book(&new_key(), &body).await;
    assert_eq!(status, 422, "{reply}");
    assert_eq!(reply["error"]["code"], "not_bookable");
}

#[tokio::test]
async fn a_patient_cannot_hold_more_than_three_future_visits() {
    let app = spawn_app().await;
    let times = app.open_times("sick-visit").await;
    let mut picked = Vec::new();
    for slot in &times {
        // Visits an hour apart never overlap each other or their buffers.
        let start: chrono::DateTime<chrono::Utc> = slot["start"].as_str().unwrap().parse().unwrap();
        let apart = |p: &serde_json::Value| {
            let other: chrono::DateTime<chrono::Utc> =
                p["start"].as_str().unwrap().parse().unwrap();
            (other - start).num_minutes().abs() >= 60
        };
        if picked.iter().all(apart) {
            picked.push(slot.clone());
        }
        if picked.len() == 4 {
            break;
        }
    }
    for slot in &picked[..3] {
        let (status, body) = app
            .book(&new_key(), &booking_for(slot, "sick-visit", "Rosa Díaz"))
            .await;
        assert_eq!(status, 201, "{body}");
    }
    let (status, body) = app
        .book(
            &new_key(),
            &booking_for(&picked[3], "sick-visit", "Rosa Díaz"),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "too_many_bookings");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("(555) 010-2233"));
}

#[tokio::test]
async fn a_body_that_is_not_json_gets_the_api_error_shape() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(format!(
            "{}/api/v1/clinics/maple-grove/appointments",
            app.address
        ))
        .header("Idempotency-Key", new_key())
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_json");
}

#[tokio::test]
async fn a_huge_body_is_refused() {
    let app = spawn_app().await;
    let slot = app.open_times("sick-visit").await[0].clone();
    let mut body = booking_for(&slot, "sick-visit", "Rosa Díaz");
    body["patient"]["reason"] = json!("x".repeat(64 * 1024));
    let (status, reply) = app.book(&new_key(), &body).await;
    assert_eq!(status, 413, "{reply}");
    assert_eq!(reply["error"]["code"], "body_too_large");
}

#[tokio::test]
async fn bookings_from_one_address_are_rate_limited() {
    let app = crate::helpers::spawn_app_with_rate_limit(2).await;
    let times = app.open_times("sick-visit").await;
    let mut last = 0;
    for slot in times.iter().take(3) {
        let (status, _) = app
            .book(&new_key(), &booking_for(slot, "sick-visit", "Rosa Díaz"))
            .await;
        last = status;
    }
    assert_eq!(last, 429);
    let response = app
        .client
        .post(format!(
            "{}/api/v1/clinics/maple-grove/appointments",
            app.address
        ))
        .header("Idempotency-Key", new_key())
        .json(&booking_for(&times[5], "sick-visit", "Rosa Díaz"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 429);
    assert_eq!(response.headers()["retry-after"], "60");
}

#[tokio::test]
async fn thirty_retries_of_one_booking_all_get_the_same_link_and_it_keeps_working() {
    let app = spawn_app().await;
    let slot = app.open_times("sick-visit").await[0].clone();
    let key = new_key();
    let body = booking_for(&slot, "sick-visit", "Rosa Díaz");
    let (status, first) = app.book(&key, &body).await;
    assert_eq!(status, 201, "{first}");
    let token = first["manage_token"].as_str().unwrap().to_string();
    let id = first["id"].as_str().unwrap().to_string();
    for _ in 0..30 {
        let (status, again) = app.book(&key, &body).await;
        assert_eq!(status, 201, "{again}");
        assert_eq!(again["id"], first["id"]);
        assert_eq!(
            again["manage_token"], first["manage_token"],
            "a retry never hands out a new link"
        );
    }
    let (status, _) = app
        .manage("GET", &format!("/api/v1/appointments/{id}"), &token, None)
        .await;
    assert_eq!(status, 200, "the first link still works after 30 retries");
}

#[tokio::test]
async fn a_retry_after_the_visit_was_cancelled_or_moved_says_so() {
    let app = spawn_app().await;
    let times = app.open_times("sick-visit").await;
    let key = new_key();
    let body = booking_for(&times[0], "sick-visit", "Rosa Díaz");
    let (_, first) = app.book(&key, &body).await;
    let token = first["manage_token"].as_str().unwrap();
    let id = first["id"].as_str().unwrap();
    let later = times
        .iter()
        .find(|t| t["provider"] == times[0]["provider"] && t["start"] != times[0]["start"])
        .unwrap();
    let (status, _) = app.reschedule(id, token, later).await;
    assert_eq!(status, 200);
    let (_, again) = app.book(&key, &body).await;
    assert_eq!(
        again["start"], later["start"],
        "the retry shows where the visit is now"
    );
    let (status, _) = app
        .manage(
            "POST",
            &format!("/api/v1/appointments/{id}/cancel"),
            token,
            None,
        )
        .await;
    assert_eq!(status, 200);
    let (status, again) = app.book(&key, &body).await;
    assert_eq!(status, 201, "the same status as the first reply");
    assert_eq!(
        again["status"], "cancelled",
        "never \"booked\" for a cancelled visit: {again}"
    );
    assert_eq!(again["manage_token"], first["manage_token"]);
}

#[tokio::test]
async fn the_manage_token_kept_for_retries_is_not_stored_in_the_clear() {
    let app = spawn_app().await;
    let slot = app.open_times("sick-visit").await[0].clone();
    let (_, first) = app
        .book(&new_key(), &booking_for(&slot, "sick-visit", "Rosa Díaz"))
        .await;
    let token = first["manage_token"].as_str().unwrap();
    let db = app.db().await;
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT response, manage_token_sealed FROM idempotency_keys")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(rows.len(), 1);
    assert!(!rows[0].0.contains(token));
    assert!(!rows[0].1.as_deref().unwrap().contains(token));
    let dump: Vec<(String,)> = sqlx::query_as("SELECT manage_token_hash FROM appointments")
        .fetch_all(&db)
        .await
        .unwrap();
    assert!(dump.iter().all(|(h,)| h != token));
}

/// Whether `t` is on `day` and clear of the visits at `taken` (another provider, or 30 minutes
/// away).
fn apart(t: &serde_json::Value, day: &str, taken: &[&serde_json::Value]) -> bool {
    t["start"].as_str().unwrap().starts_with(day)
        && taken.iter().all(|k| {
            k["provider"] != t["provider"]
                || (crate::helpers::seconds(&k["start"]) - crate::helpers::seconds(&t["start"]))
                    .abs()
                    >= 30 * 60
        })
}

#[tokio::test]
async fn a_patient_booking_a_second_visit_the_same_day_is_asked_first_and_can_book_both() {
    let app = spawn_app().await;
    let times = app.open_times("sick-visit").await;
    // The latest time that has, on the same day, a time of another provider (not touching it):
    // the very last open time can be alone on its day, depending on the hour the test runs.
    let (first, second) = times
        .iter()
        .rev()
        .find_map(|first| {
            let day = &first["start"].as_str().unwrap()[..10];
            times
                .iter()
                .rev()
                .find(|t| {
                    t["start"].as_str().unwrap().starts_with(day)
                        && t["start"] != first["start"]
                        && t["provider"] != first["provider"]
                })
                // A third time that day is booked at the end.
                .filter(|second| times.iter().any(|t| apart(t, day, &[first, second])))
                .map(|second| (first.clone(), second.clone()))
        })
        .expect("two times on one day");
    let first = &first;
    let day = first["start"].as_str().unwrap()[..10].to_string();
    let day = day.as_str();
    let asked = |slot: &serde_json::Value, name: &str| {
        let mut body = booking_for(slot, "sick-visit", name);
        body.as_object_mut().unwrap().remove("also_same_day");
        body
    };
    assert_eq!(
        app.book(&new_key(), &asked(first, "Rosa Díaz")).await.0,
        201
    );
    let (status, body) = app.book(&new_key(), &asked(&second, "Rosa Díaz")).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "same_day_visit");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("You already have a visit with us that day")
            && message.contains("(555) 010-2233"),
        "{message}"
    );
    // Another patient that day is not asked.
    assert_eq!(
        app.book(&new_key(), &asked(&second, "Ann Lee")).await.0,
        201
    );
    let third = times
        .iter()
        .rev()
        .find(|t| apart(t, day, &[first, &second]))
        .expect("a third time that day")
        .clone();
    // Told, the patient books this one too.
    let mut both = asked(&third, "Rosa Díaz");
    both["also_same_day"] = json!(true);
    let (status, body) = app.book(&new_key(), &both).await;
    assert_eq!(status, 201, "{body}");
}
