use crate::helpers::{booking_for, new_key, spawn_app, TestApp};

async fn booked(app: &TestApp) -> (serde_json::Value, String, String) {
    let slot = app.open_times("sick-visit").await[0].clone();
    let (status, body) = app
        .book(&new_key(), &booking_for(&slot, "sick-visit", "Rosa Díaz"))
        .await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_str().unwrap().to_string();
    let token = body["manage_token"].as_str().unwrap().to_string();
    (slot, id, token)
}

#[tokio::test]
async fn the_manage_token_reads_the_visit_and_a_wrong_one_does_not() {
    let app = spawn_app().await;
    let (slot, id, token) = booked(&app).await;
    let (status, body) = app
        .manage("GET", &format!("/api/v1/appointments/{id}"), &token, None)
        .await;
    assert_eq!(status, 200, "{body}");
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["start"], slot["start"]);
    assert!(body.get("manage_token").is_none());
    let (status, body) = app
        .manage(
            "GET",
            &format!("/api/v1/appointments/{id}"),
            "0".repeat(64).as_str(),
            None,
        )
        .await;
    assert_eq!(status, 401);
    assert!(body.contains("not_authorized"));
}

#[tokio::test]
async fn one_patients_token_never_opens_another_patients_visit() {
    let app = spawn_app().await;
    let (_, _first_id, first_token) = booked(&app).await;
    let times = app.open_times("check-up").await;
    let (status, second) = app
        .book(&new_key(), &booking_for(&times[0], "check-up", "Ann Lee"))
        .await;
    assert_eq!(status, 201);
    let second_id = second["id"].as_str().unwrap();
    let (status, _) = app
        .manage(
            "GET",
            &format!("/api/v1/appointments/{second_id}"),
            &first_token,
            None,
        )
        .await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn cancelling_opens_the_time_again() {
    let app = spawn_app().await;
    let (slot, id, token) = booked(&app).await;
    let (status, body) = app
        .manage(
            "POST",
            &format!("/api/v1/appointments/{id}/cancel"),
            &token,
            None,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"status\":\"cancelled\""));
    let after = app.open_times("sick-visit").await;
    assert!(after
        .iter()
        .any(|s| s["start"] == slot["start"] && s["provider"] == slot["provider"]));
    // Cancelling again is harmless.
    let (status, _) = app
        .manage(
            "POST",
            &format!("/api/v1/appointments/{id}/cancel"),
            &token,
            None,
        )
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn rescheduling_moves_the_visit_and_frees_the_old_time() {
    let app = spawn_app().await;
    let (slot, id, token) = booked(&app).await;
    let times = app.open_times("sick-visit").await;
    let new = times
        .iter()
        .find(|s| s["start"] != slot["start"])
        .unwrap()
        .clone();
    let (status, reply) = app.reschedule(&id, &token, &new).await;
    assert_eq!(status, 200, "{reply}");
    let reply: serde_json::Value = serde_json::from_str(&reply).unwrap();
    assert_eq!(reply["start"], new["start"]);
    let after = app.open_times("sick-visit").await;
    assert!(after
        .iter()
        .any(|s| s["start"] == slot["start"] && s["provider"] == slot["provider"]));
    assert!(!after
        .iter()
        .any(|s| s["start"] == new["start"] && s["provider"] == new["provider"]));
}

#[tokio::test]
async fn the_calendar_file_is_valid_icalendar_with_the_visit_time() {
    let app = spawn_app().await;
    let (slot, id, token) = booked(&app).await;
    let (status, ics) = app
        .manage(
            "GET",
            &format!("/api/v1/appointments/{id}/calendar.ics"),
            &token,
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
    assert!(ics.contains("BEGIN:VEVENT"));
    let start: chrono::DateTime<chrono::Utc> = slot["start"].as_str().unwrap().parse().unwrap();
    assert!(
        ics.contains(&format!("DTSTART:{}", start.format("%Y%m%dT%H%M%SZ"))),
        "{ics}"
    );
    assert!(ics.contains("Maple Grove Family Practice"));
    assert!(ics.contains("(555) 010-2233"));
}
