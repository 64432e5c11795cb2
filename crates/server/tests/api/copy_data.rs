//! Moving up: `portal-server copy-data` moves a clinic's SQLite database into PostgreSQL, and a
//! server on the copy serves every visit, packet and feedback. (PostgreSQL pass only.)

use serde_json::json;

use crate::helpers::{
    booking_for, fresh_database, link_secret, new_key, postgres, spaced, spawn_app_on,
};
use crate::instructions::request as packet_request;

fn copy_data(from: &str, to: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .args(["copy-data", "--from", from, "--to", to])
        .output()
        .expect("portal-server runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clinic_moved_from_sqlite_to_postgres_keeps_every_visit_packet_and_feedback() {
    if postgres().is_none() {
        eprintln!("copy-data needs a PostgreSQL server; run with PORTAL_TEST_POSTGRES");
        return;
    }
    // A clinic on SQLite, with visits (one cancelled), a packet, feedback and its follow-up.
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite://{}/portal.db", dir.path().display());
    let old = spawn_app_on(&sqlite).await;
    let key = old.staff_key("maple-grove").await;
    let times = spaced(&old.open_times("sick-visit").await, 30);
    let mut visits = Vec::new();
    for (i, slot) in times.iter().take(3).enumerate() {
        let (status, body) = old
            .book(
                &new_key(),
                &booking_for(slot, "sick-visit", &format!("Moving Patient{i}")),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        visits.push((
            body["id"].as_str().unwrap().to_string(),
            body["manage_token"].as_str().unwrap().to_string(),
        ));
    }
    let (cancelled, cancel_token) = &visits[2];
    let (status, body) = old
        .manage(
            "POST",
            &format!("/api/v1/appointments/{cancelled}/cancel"),
            cancel_token,
            None,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = old
        .send(
            "POST",
            "/api/v1/clinics/maple-grove/feedback",
            &visits[0].1,
            Some(json!({ "moment": "after_booking", "ease": 1, "better": "The times were hard to find" })),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, packet) = old
        .send(
            "POST",
            "/api/v1/clinics/maple-grove/packets",
            &key,
            Some({
                let mut packet = packet_request("Moving Patient0", "1980-04-02");
                packet["appointment"] = json!(visits[0].0);
                packet
            }),
        )
        .await;
    assert_eq!(status, 201, "{packet}");
    let packet_secret = link_secret(&packet["patient_link"], "pp-packet");

    // The copy, checked by the command itself.
    let target_dir = tempfile::tempdir().unwrap();
    let target = fresh_database(&target_dir).await;
    let output = copy_data(&sqlite, &target);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("appointments 3"), "{stdout}");
    assert!(
        stdout.contains("Checked: every table's row count matches"),
        "{stdout}"
    );
    // A second copy into the same database is refused: a copy never mixes with other data.
    let again = copy_data(&sqlite, &target);
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("not empty"), "{stderr}");

    // The server on PostgreSQL serves all of it.
    let new = spawn_app_on(&target).await;
    let (_, health) = new.get("/healthz").await;
    assert_eq!(health["engine"], "postgres");
    for (i, (id, token)) in visits.iter().enumerate() {
        let (status, body) = new
            .manage("GET", &format!("/api/v1/appointments/{id}"), token, None)
            .await;
        assert_eq!(status, 200, "{body}");
        let expected = if i == 2 { "cancelled" } else { "booked" };
        assert!(
            body.contains(&format!("\"status\":\"{expected}\"")),
            "{body}"
        );
    }
    let (status, queue) = new
        .send("GET", "/api/v1/clinics/maple-grove/follow-ups", &key, None)
        .await;
    assert_eq!(status, 200, "the staff key still works: {queue}");
    assert_eq!(queue["items"].as_array().unwrap().len(), 1, "{queue}");
    let (status, body) = new
        .send(
            "POST",
            "/api/v1/packets/verify",
            &packet_secret,
            Some(json!({ "date_of_birth": "1980-04-02" })),
        )
        .await;
    assert_eq!(status, 200, "the packet link still opens: {body}");
    let (status, body) = new
        .send(
            "POST",
            "/api/v1/clinics/maple-grove/feedback",
            &visits[0].1,
            Some(json!({ "moment": "after_booking", "ease": 5 })),
        )
        .await;
    assert_eq!(status, 409, "the feedback came along: {body}");
    // A booked time stays taken; the cancelled one is open again; new rows get new ids.
    let (status, body) = new
        .book(
            &new_key(),
            &booking_for(&times[0], "sick-visit", "Someone Else"),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    let (status, body) = new
        .book(
            &new_key(),
            &booking_for(&times[2], "sick-visit", "Someone Else"),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = new
        .send(
            "POST",
            "/api/v1/clinics/maple-grove/packets",
            &key,
            Some(packet_request("Another Patient", "1990-01-01")),
        )
        .await;
    assert_eq!(status, 201, "ids go on after the copied ones: {body}");
}

#[tokio::test]
async fn copy_data_says_which_urls_it_takes() {
    let output = copy_data("postgres://a@b/c", "sqlite://x.db");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("copy from a SQLite database"), "{stderr}");
    let dir = tempfile::tempdir().unwrap();
    let missing = format!("sqlite://{}/none.db", dir.path().display());
    let output = copy_data(&missing, "postgres://portal@127.0.0.1:1/p");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no such database file"), "{stderr}");
}
