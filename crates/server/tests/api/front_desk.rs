//! The front desk: the schedule with what staff need to know, booking for a patient on the
//! phone through the widget's own path, blocked time that closes availability at once and
//! names the patients to call, arrivals and no-shows in the numbers, and follow-ups that say
//! who to call and by when.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::America::New_York;
use serde_json::{json, Value};

use crate::helpers::{booking_for, new_key, seconds, spaced, spawn_app, TestApp};
use crate::messages::with_email;

const CLINIC: &str = "/api/v1/clinics/maple-grove";

fn time(slot: &Value) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds(&slot["start"]), 0).unwrap()
}

/// The clinic-local date of an open time.
fn local_date(slot: &Value) -> String {
    time(slot)
        .with_timezone(&New_York)
        .format("%Y-%m-%d")
        .to_string()
}

fn desk_booking(slot: &Value, name: &str) -> Value {
    json!({ "booking": booking_for(slot, "sick-visit", name) })
}

/// A provider's open sick-visit times, an hour apart (so booking one leaves the others open).
async fn open_with(app: &TestApp, provider: &str) -> Vec<Value> {
    let mine: Vec<Value> = app
        .open_times("sick-visit")
        .await
        .into_iter()
        .filter(|s| s["provider"] == provider)
        .collect();
    spaced(&mine, 60)
}

async fn count(app: &TestApp, sql: &str, bind: &str) -> i64 {
    let db = app.db().await;
    let (n,): (i64,) = sqlx::query_as(sql).bind(bind).fetch_one(&db).await.unwrap();
    db.close().await;
    n
}

#[tokio::test]
async fn a_phone_booking_closes_the_time_in_the_widget_and_the_patient_hears_as_from_the_web() {
    let app = spawn_app().await;
    let desk = app.signed_in("desk@maple.example", "front_desk").await;
    let times = open_with(&app, "dr-lopez").await;
    let (status, web) = app
        .book(
            &new_key(),
            &with_email(booking_for(&times[0], "sick-visit", "Web Person"), "en"),
        )
        .await;
    assert_eq!(status, 201, "{web}");
    let (status, visit) = app
        .as_staff(
            &desk,
            "POST",
            &format!("{CLINIC}/desk/bookings"),
            Some(json!({ "booking": with_email(booking_for(&times[1], "sick-visit", "Rosa Díaz"), "en") })),
        )
        .await;
    assert_eq!(status, 201, "{visit}");
    assert!(
        visit["manage_token"]
            .as_str()
            .is_some_and(|t| t.len() == 64),
        "{visit}"
    );
    let id = visit["id"].as_str().unwrap();

    // The widget no longer offers it.
    let open = open_with(&app, "dr-lopez").await;
    assert!(
        !open.iter().any(|s| s["start"] == times[1]["start"]),
        "the phone booking's time is closed"
    );

    // The same messages are planned as for the web booking.
    let kinds = |id: String| {
        let app = &app;
        async move {
            let db = app.db().await;
            let kinds: Vec<(String,)> =
                sqlx::query_as("SELECT kind FROM messages WHERE appointment_id = $1 ORDER BY kind")
                    .bind(id)
                    .fetch_all(&db)
                    .await
                    .unwrap();
            kinds
        }
    };
    let desk_kinds = kinds(id.to_string()).await;
    assert!(
        !desk_kinds.is_empty(),
        "a confirmation and reminders are planned"
    );

    assert_eq!(
        desk_kinds,
        kinds(web["id"].as_str().unwrap().to_string()).await
    );

    // The day's schedule shows who, how to reach them and what they need.
    let (status, day) = app
        .as_staff(
            &desk,
            "GET",
            &format!("{CLINIC}/schedule?date={}", local_date(&times[1])),
            None,
        )
        .await;
    assert_eq!(status, 200, "{day}");
    let row = day["visits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == id)
        .expect("on the schedule");
    assert_eq!(row["patient_name"], "Rosa Díaz");
    assert_eq!(row["phone"], "(555) 010-4477");
    assert_eq!(row["language"], "en");
    assert_eq!(row["access_needs"], "I use a walker");
    assert_eq!(row["visit_type"]["name"], "Sick visit");
    assert_eq!(row["provider"]["name"], "Dr. Ana López");
    assert_eq!(
        (row["status"].as_str(), row["source"].as_str()),
        (Some("booked"), Some("desk"))
    );
    assert_eq!(day["timezone"], "America/New_York");

    let audit = app.audit_rows().await;
    assert!(
        audit.iter().any(
            |(actor, action, subject)| actor == "staff:desk@maple.example"
                && action == "appointment.create"
                && subject.as_deref() == Some(&format!("appointment:{id}"))
        ),
        "{audit:?}"
    );
    assert!(
        audit
            .iter()
            .any(|(actor, action, _)| actor == "staff:desk@maple.example"
                && action == "schedule.read")
    );
}

#[tokio::test]
async fn past_the_horizon_only_with_an_override_and_the_override_is_recorded() {
    let app = spawn_app().await;
    let desk = app.signed_in("desk@maple.example", "front_desk").await;
    let slot = open_with(&app, "dr-chen").await[0].clone();
    let mut far = slot.clone();
    let later = time(&slot) + Duration::days(42);
    far["start"] = json!(later.format("%Y-%m-%dT%H:%M:%SZ").to_string());
    // Staff see the time, and that it needs the override.
    let far_day = later.with_timezone(&New_York).format("%Y-%m-%d");
    let (status, times) = app
        .as_staff(
            &desk,
            "GET",
            &format!(
                "{CLINIC}/desk/open-times?visit_type=sick-visit&provider=dr-chen&date={far_day}"
            ),
            None,
        )
        .await;
    assert_eq!(status, 200, "{times}");
    let listed = times
        .as_array()
        .unwrap()
        .iter()
        .find(|t| seconds(&t["start"]) == later.timestamp())
        .expect("the far time is listed for staff");
    assert_eq!(listed["needs"], json!(["past_horizon"]));
    let near_day = local_date(&slot);
    let (_, near) = app
        .as_staff(
            &desk,
            "GET",
            &format!(
                "{CLINIC}/desk/open-times?visit_type=sick-visit&provider=dr-chen&date={near_day}"
            ),
            None,
        )
        .await;
    assert!(near
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["start"] == slot["start"] && t["needs"] == json!([])));
    let (status, body) = app
        .as_staff(
            &desk,
            "POST",
            &format!("{CLINIC}/desk/bookings"),
            Some(desk_booking(&far, "Ann Lee")),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "not_bookable");
    let mut with = desk_booking(&far, "Ann Lee");
    with["overrides"] = json!({ "past_horizon": true });
    let (status, body) = app
        .as_staff(
            &desk,
            "POST",
            &format!("{CLINIC}/desk/bookings"),
            Some(with),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_str().unwrap();
    let audit = app.audit_rows().await;
    assert!(
        audit.iter().any(
            |(actor, action, subject)| actor == "staff:desk@maple.example"
                && action == "appointment.override.past_horizon"
                && subject.as_deref() == Some(&format!("appointment:{id}"))
        ),
        "{audit:?}"
    );
    // An override never opens a time that is taken or outside hours.
    let mut outside = far.clone();
    outside["start"] = json!((later + Duration::hours(12))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string());
    let mut with = desk_booking(&outside, "Ann Lee");
    with["overrides"] = json!({ "past_horizon": true, "short_notice": true });
    let (status, body) = app
        .as_staff(
            &desk,
            "POST",
            &format!("{CLINIC}/desk/bookings"),
            Some(with),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    // Unknown overrides are named.
    let mut with = desk_booking(&far, "Ann Lee");
    with["overrides"] = json!({ "anything_goes": true });
    let (status, body) = app
        .as_staff(
            &desk,
            "POST",
            &format!("{CLINIC}/desk/bookings"),
            Some(with),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("anything_goes"),
        "{body}"
    );
}

#[tokio::test]
async fn blocking_a_doctors_day_closes_it_at_once_and_lists_the_patients_to_call() {
    let app = spawn_app().await;
    let desk = app.signed_in("desk@maple.example", "front_desk").await;
    let times = open_with(&app, "dr-lopez").await;
    let day = local_date(&times[0]);
    let same_day: Vec<&Value> = times.iter().filter(|s| local_date(s) == day).collect();
    assert!(same_day.len() >= 3, "{same_day:?}");
    for (slot, name) in [(same_day[0], "Rosa Díaz"), (same_day[2], "Ann Lee")] {
        let (status, body) = app
            .book(&new_key(), &booking_for(slot, "sick-visit", name))
            .await;
        assert_eq!(status, 201, "{body}");
    }
    let next = (chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap() + Duration::days(1))
        .format("%Y-%m-%d");
    let (status, body) = app
        .as_staff(
            &desk,
            "POST",
            &format!("{CLINIC}/blocked-times"),
            Some(json!({ "provider": "dr-lopez", "start": format!("{day}T00:00"), "end": format!("{next}T00:00"), "reason": "Sick" })),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let names: Vec<&str> = body["to_call"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["patient_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Rosa Díaz", "Ann Lee"]);
    assert_eq!(body["to_call"][0]["phone"], "(555) 010-4477");
    let block = body["blocked"]["id"].as_str().unwrap().to_string();

    let open = app.open_times("sick-visit").await;
    assert!(
        !open
            .iter()
            .any(|s| s["provider"] == "dr-lopez" && local_date(s) == day),
        "the day is closed"
    );
    // A booking for the blocked time is refused like any taken time.
    let (status, body) = app
        .book(
            &new_key(),
            &booking_for(same_day[1], "sick-visit", "Late Caller"),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "slot_taken");

    let (_, schedule) = app
        .as_staff(&desk, "GET", &format!("{CLINIC}/schedule?date={day}"), None)
        .await;
    assert_eq!(schedule["blocked"][0]["reason"], "Sick");
    assert_eq!(schedule["blocked"][0]["blocked_by"], "desk@maple.example");

    // Opened again, the free times come back.
    let (status, _) = app
        .as_staff(
            &desk,
            "POST",
            &format!("{CLINIC}/blocked-times/{block}/remove"),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let open = app.open_times("sick-visit").await;
    assert!(open
        .iter()
        .any(|s| s["provider"] == "dr-lopez" && s["start"] == same_day[1]["start"]));

    // Wrong input is named field by field.
    let (status, body) = app
        .as_staff(
            &desk,
            "POST",
            &format!("{CLINIC}/blocked-times"),
            Some(json!({ "provider": "dr-nobody", "start": "tomorrow", "end": "2020-01-01T00:00", "reason": "" })),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let paths: Vec<&str> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["provider", "start", "reason"]);
}

#[tokio::test]
async fn arrivals_and_no_shows_are_marked_and_the_numbers_show_the_no_show_rate() {
    let app = spawn_app().await;
    let times = open_with(&app, "dr-chen").await;
    let mut ids = Vec::new();
    for (slot, name) in [(&times[0], "Rosa Díaz"), (&times[1], "Ann Lee")] {
        let (status, body) = app
            .book(&new_key(), &booking_for(slot, "sick-visit", name))
            .await;
        assert_eq!(status, 201, "{body}");
        ids.push(body["id"].as_str().unwrap().to_string());
    }
    let early = app.signed_in("early@maple.example", "front_desk").await;
    let attendance = |id: &str| format!("{CLINIC}/desk/appointments/{id}/attendance");
    let (status, body) = app
        .as_staff(
            &early,
            "POST",
            &attendance(&ids[0]),
            Some(json!({ "attendance": "no_show" })),
        )
        .await;
    assert_eq!(status, 422, "a visit still to come is not missed: {body}");

    app.clock.set(time(&times[1]) + Duration::hours(1));
    let desk = app.signed_in("desk@maple.example", "front_desk").await;
    let (status, body) = app
        .as_staff(
            &desk,
            "POST",
            &attendance(&ids[0]),
            Some(json!({ "attendance": "arrived" })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "arrived");
    let (status, body) = app
        .as_staff(
            &desk,
            "POST",
            &attendance(&ids[1]),
            Some(json!({ "attendance": "no_show" })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "no_show");
    let (status, body) = app
        .as_staff(
            &desk,
            "POST",
            &attendance(&ids[1]),
            Some(json!({ "attendance": "gone" })),
        )
        .await;
    assert_eq!(status, 422, "{body}");

    let manager = app.signed_in("boss@maple.example", "manager").await;
    let (status, numbers) = app
        .as_staff(&manager, "GET", &format!("{CLINIC}/numbers"), None)
        .await;
    assert_eq!(status, 200, "{numbers}");
    let week = numbers["no_shows_by_week"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (
            week["visits"].as_u64(),
            week["no_shows"].as_u64(),
            week["rate"].as_f64()
        ),
        (Some(2), Some(1), Some(50.0))
    );
    assert_eq!(numbers["no_shows_by_visit_type"][0]["group"], "Sick visit");
    assert_eq!(numbers["online_bookings"], 2);
    assert_eq!(numbers["desk_bookings"], 0);
    let audit = app.audit_rows().await;
    assert!(audit
        .iter()
        .any(|(actor, action, _)| actor == "staff:desk@maple.example"
            && action == "appointment.no_show"));
}

#[tokio::test]
async fn a_staff_booking_and_web_bookings_racing_for_one_time_give_exactly_one_visit() {
    let app = spawn_app().await;
    let desk = app.signed_in("desk@maple.example", "front_desk").await;
    let slot = open_with(&app, "dr-lopez").await[2].clone();
    let mut tries = Vec::new();
    for n in 0..6 {
        let app = &app;
        let desk = &desk;
        let slot = &slot;
        tries.push(async move {
            if n % 2 == 0 {
                app.as_staff(
                    desk,
                    "POST",
                    &format!("{CLINIC}/desk/bookings"),
                    Some(desk_booking(slot, &format!("Desk Caller {n}"))),
                )
                .await
            } else {
                app.book(
                    &new_key(),
                    &booking_for(slot, "sick-visit", &format!("Web Patient {n}")),
                )
                .await
            }
        });
    }
    let answers = futures_join(tries).await;
    let booked = answers.iter().filter(|(status, _)| *status == 201).count();
    let taken = answers
        .iter()
        .filter(|(status, body)| *status == 409 && body["error"]["code"] == "slot_taken")
        .count();
    assert_eq!((booked, taken), (1, 5), "{answers:?}");
    let start = seconds(&slot["start"]).to_string();
    let rows = count(
        &app,
        "SELECT COUNT(*) FROM appointments WHERE status = 'booked' AND CAST(start_at AS TEXT) = $1",
        &start,
    )
    .await;
    assert_eq!(rows, 1);
}

async fn futures_join<F: std::future::Future<Output = (u16, Value)>>(
    tries: Vec<F>,
) -> Vec<(u16, Value)> {
    let handles: Vec<_> = tries.into_iter().map(Box::pin).collect();
    let mut out = Vec::new();
    // Started together: each is polled as soon as any makes progress.
    let mut pending: Vec<_> = handles.into_iter().map(Some).collect();
    std::future::poll_fn(|cx| {
        let mut done = true;
        for slot in pending.iter_mut() {
            if let Some(fut) = slot {
                match fut.as_mut().poll(cx) {
                    std::task::Poll::Ready(answer) => {
                        out.push(answer);
                        *slot = None;
                    }
                    std::task::Poll::Pending => done = false,
                }
            }
        }
        if done {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    out
}

#[tokio::test]
async fn a_clinician_sees_their_own_schedule_only() {
    let app = spawn_app().await;
    let lopez = open_with(&app, "dr-lopez").await[0].clone();
    let chen = open_with(&app, "dr-chen").await[0].clone();
    for (slot, name) in [(&lopez, "Rosa Díaz"), (&chen, "Ann Lee")] {
        let (status, body) = app
            .book(&new_key(), &booking_for(slot, "sick-visit", name))
            .await;
        assert_eq!(status, 201, "{body}");
    }
    let clinician = app.signed_in("lopez@maple.example", "clinician").await;
    let desk = app.signed_in("desk@maple.example", "front_desk").await;
    let from = local_date(&lopez).min(local_date(&chen));
    let week = format!("{CLINIC}/schedule?date={from}&days=7&provider=dr-chen");
    let (status, mine) = app.as_staff(&clinician, "GET", &week, None).await;
    assert_eq!(status, 200, "{mine}");
    let providers: Vec<&str> = mine["visits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["provider"]["id"].as_str().unwrap())
        .collect();
    assert!(providers.iter().all(|p| *p == "dr-lopez"), "{providers:?}");
    let (_, all) = app
        .as_staff(
            &desk,
            "GET",
            &format!("{CLINIC}/schedule?date={from}&days=7"),
            None,
        )
        .await;
    assert!(
        all["visits"].as_array().unwrap().len() >= 2 || local_date(&lopez) != local_date(&chen)
    );
    // Clinicians do not book or block.
    let (status, _) = app
        .as_staff(
            &clinician,
            "POST",
            &format!("{CLINIC}/desk/bookings"),
            Some(desk_booking(&lopez, "X")),
        )
        .await;
    assert_eq!(status, 403);
    // Bad queries are named.
    let (status, body) = app
        .as_staff(
            &desk,
            "GET",
            &format!("{CLINIC}/schedule?days=9&provider=dr-x"),
            None,
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let paths: Vec<&str> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["days", "provider"]);
}

#[tokio::test]
async fn a_low_score_follow_up_says_who_which_visit_how_to_reach_them_and_when() {
    let app = spawn_app().await;
    let slot = open_with(&app, "dr-lopez").await[0].clone();
    let (status, visit) = app
        .book(&new_key(), &booking_for(&slot, "sick-visit", "Rosa Díaz"))
        .await;
    assert_eq!(status, 201, "{visit}");
    let token = visit["manage_token"].as_str().unwrap();
    let (status, body) = app
        .send(
            "POST",
            &format!("{CLINIC}/feedback"),
            token,
            Some(json!({ "moment": "after_booking", "ease": 1, "better": "Hard to find a time" })),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let desk = app.signed_in("desk@maple.example", "front_desk").await;
    let (status, queue) = app
        .as_staff(&desk, "GET", &format!("{CLINIC}/follow-ups"), None)
        .await;
    assert_eq!(status, 200, "{queue}");
    let item = &queue["items"][0];
    assert_eq!(item["patient_name"], "Rosa Díaz");
    assert_eq!(
        item["phone"], "(555) 010-4477",
        "the number on file when they gave none: {item}"
    );
    assert!(
        item["visit"]
            .as_str()
            .unwrap()
            .starts_with("Sick visit with Dr. Ana López, "),
        "{item}"
    );
    assert!(
        item["due_in_words"].as_str().unwrap().starts_with("due "),
        "{item}"
    );

    // Overdue, it says by how much.
    let due = DateTime::parse_from_rfc3339(item["due_at"].as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc);
    app.clock
        .set(due + Duration::hours(2) + Duration::minutes(5));
    let desk = app.signed_in("later@maple.example", "front_desk").await;
    let (_, queue) = app
        .as_staff(&desk, "GET", &format!("{CLINIC}/follow-ups"), None)
        .await;
    assert_eq!(queue["items"][0]["due_in_words"], "2 hours overdue");
    assert_eq!(queue["items"][0]["overdue"], true);
}

#[tokio::test]
async fn staff_move_a_visit_for_the_patient_who_gets_a_new_link_and_the_old_one_stops() {
    let app = spawn_app().await;
    let desk = app.signed_in("desk@maple.example", "front_desk").await;
    let times = open_with(&app, "dr-chen").await;
    let (status, visit) = app
        .book(
            &new_key(),
            &with_email(booking_for(&times[0], "sick-visit", "Rosa Díaz"), "en"),
        )
        .await;
    assert_eq!(status, 201, "{visit}");
    let id = visit["id"].as_str().unwrap();
    let old_token = visit["manage_token"].as_str().unwrap();
    let to = json!({ "to": { "start": times[1]["start"], "provider": times[1]["provider"], "location": times[1]["location"] } });
    let (status, moved) = app
        .as_staff(
            &desk,
            "POST",
            &format!("{CLINIC}/desk/appointments/{id}/move"),
            Some(to),
        )
        .await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["start"], times[1]["start"]);
    let new_token = moved["manage_token"].as_str().expect("a new manage token");
    assert_ne!(new_token, old_token);
    let (status, _) = app
        .manage(
            "GET",
            &format!("/api/v1/appointments/{id}"),
            old_token,
            None,
        )
        .await;
    assert_eq!(status, 401, "the old link stops working");
    let (status, _) = app
        .manage(
            "GET",
            &format!("/api/v1/appointments/{id}"),
            new_token,
            None,
        )
        .await;
    assert_eq!(status, 200, "the new link works");
    // The patient is told of the change, as when they move it themselves.
    assert!(
        count(
            &app,
            "SELECT COUNT(*) FROM messages WHERE appointment_id = $1 AND kind = 'changed'",
            id
        )
        .await
            >= 1
    );
    let audit = app.audit_rows().await;
    assert!(
        audit.iter().any(
            |(actor, action, subject)| actor == "staff:desk@maple.example"
                && action == "appointment.reschedule"
                && subject.as_deref() == Some(&format!("appointment:{id}"))
        ),
        "{audit:?}"
    );
    // A taken time is refused with other times; a visit of nowhere is a 404.
    let (_, other) = app
        .book(&new_key(), &booking_for(&times[2], "sick-visit", "Ann Lee"))
        .await;
    let taken = json!({ "to": { "start": other["start"], "provider": other["provider"], "location": other["location"] } });
    let (status, body) = app
        .as_staff(
            &desk,
            "POST",
            &format!("{CLINIC}/desk/appointments/{id}/move"),
            Some(taken.clone()),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "slot_taken");
    let (status, _) = app
        .as_staff(
            &desk,
            "POST",
            &format!("{CLINIC}/desk/appointments/nope/move"),
            Some(taken),
        )
        .await;
    assert_eq!(status, 404);
}
