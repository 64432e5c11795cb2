//! Several portal-servers on one PostgreSQL database behave like one: the database refuses a
//! double booking whichever server takes it, a background job runs once, and a server that dies
//! mid-burst loses no confirmed booking. (On SQLite, one server per database: these tests run
//! in the PostgreSQL pass of `cargo xtask test`; the SQLite pass says so and checks nothing.)

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use crate::hardening::{assert_no_overlap, booked_visits};
use crate::helpers::{
    booking_for, new_key, postgres, seconds, spaced, spawn_app, ServerProcess, TestApp,
};
use crate::messages::{with_email, Maildev};

/// A fresh database with three servers on it, or None on SQLite.
async fn three_servers(flags: &[&str]) -> Option<(TestApp, Arc<Vec<ServerProcess>>)> {
    if postgres().is_none() {
        eprintln!(
            "several servers share a PostgreSQL database only; run with PORTAL_TEST_POSTGRES"
        );
        return None;
    }
    let app = spawn_app().await;
    let servers = (0..3)
        .map(|_| ServerProcess::start(&app.database, flags))
        .collect();
    Some((app, Arc::new(servers)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_tries_for_one_time_over_three_servers_make_exactly_one_visit() {
    let Some((app, servers)) = three_servers(&[]).await else {
        return;
    };
    let slot = app.open_times("sick-visit").await[0].clone();
    let mut tries = tokio::task::JoinSet::new();
    for i in 0..200 {
        let servers = servers.clone();
        let body = booking_for(&slot, "sick-visit", &format!("Patient Number{i}"));
        tries.spawn(async move { servers[i % 3].app.book(&new_key(), &body).await.0 });
    }
    let mut statuses = std::collections::BTreeMap::new();
    while let Some(status) = tries.join_next().await {
        *statuses.entry(status.unwrap()).or_insert(0) += 1;
    }
    assert_eq!(statuses, [(201, 1), (409, 199)].into_iter().collect());
    let visits = booked_visits(&app).await;
    assert_eq!(visits.len(), 1, "{visits:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn longer_and_shorter_visits_racing_for_one_doctor_over_three_servers_never_overlap() {
    let Some((app, servers)) = three_servers(&[]).await else {
        return;
    };
    // A 40-minute check-up and 20-minute sick visits on the same mornings: every check-up
    // overlaps two or three sick visits of the same doctor.
    let long = spaced(&app.open_times("check-up").await, 120);
    let short = app.open_times("sick-visit").await;
    let mut tries = tokio::task::JoinSet::new();
    for (i, slot) in long.iter().take(12).enumerate() {
        let clashing: Vec<Value> = short
            .iter()
            .filter(|s| s["provider"] == slot["provider"] && s["location"] == slot["location"])
            .filter(|s| {
                let gap = seconds(&s["start"]) - seconds(&slot["start"]);
                (-1200..2400).contains(&gap)
            })
            .cloned()
            .collect();
        let body = booking_for(slot, "check-up", &format!("Long Patient{i}"));
        let on = servers.clone();
        tries.spawn(async move { on[i % 3].app.book(&new_key(), &body).await.0 });
        for (j, other) in clashing.into_iter().enumerate() {
            let body = booking_for(&other, "sick-visit", &format!("Short Patient{i}x{j}"));
            let on = servers.clone();
            tries.spawn(async move { on[(i + j + 1) % 3].app.book(&new_key(), &body).await.0 });
        }
    }
    let mut created = 0;
    while let Some(status) = tries.join_next().await {
        let status = status.unwrap();
        assert!(matches!(status, 201 | 409 | 422), "{status}");
        created += usize::from(status == 201);
    }
    assert!(
        created >= 12,
        "at least one visit per contested time: {created}"
    );
    assert_no_overlap(&app).await;
}

#[tokio::test]
async fn the_database_itself_refuses_overlapping_visits_written_behind_the_servers_back() {
    if postgres().is_none() {
        eprintln!("the exclusion constraint is PostgreSQL's; run with PORTAL_TEST_POSTGRES");
        return;
    }
    let app = spawn_app().await;
    let slot = app.open_times("sick-visit").await[0].clone();
    let (status, booked) = app
        .book(&new_key(), &booking_for(&slot, "sick-visit", "Ana Patient"))
        .await;
    assert_eq!(status, 201, "{booked}");
    let db = app.db().await;
    let (start, end, busy): (i64, i64, i64) =
        sqlx::query_as("SELECT start_at, end_at, busy_until FROM appointments WHERE id = $1")
            .bind(booked["id"].as_str())
            .fetch_one(&db)
            .await
            .unwrap();
    let config = portal_server::clinics::load_file(&crate::helpers::demo_clinic()).unwrap();
    assert_eq!(busy, end + i64::from(config.rules.buffer_minutes) * 60);
    // A copy of the visit moved 5 minutes later, as a buggy import or a hand-written UPDATE
    // would make it: another start time, so only the exclusion constraint can see the clash.
    let copy = |id: &str, shift: i64| {
        sqlx::query(
            "INSERT INTO appointments (id, clinic_id, visit_type_id, provider_id, location_id, start_at, end_at, busy_until,
                status, new_patient, patient_name, date_of_birth, patient_key, reason, language, manage_token_hash,
                manage_expires_at, created_at)
             SELECT $1, clinic_id, visit_type_id, provider_id, location_id, start_at + $2, end_at + $2, busy_until + $2,
                status, new_patient, patient_name, date_of_birth, patient_key, reason, language, $1,
                manage_expires_at, created_at
             FROM appointments WHERE start_at = $3",
        )
        .bind(id.to_string())
        .bind(shift)
        .bind(start)
    };
    let refused = copy("overlapping", 300).execute(&db).await.unwrap_err();
    assert!(
        portal_server::store::is_slot_taken(&refused),
        "the database refuses it as a taken time: {refused}"
    );
    // Right after the buffer it is allowed.
    copy("after-the-buffer", busy - start)
        .execute(&db)
        .await
        .expect("a visit starting when the first one's buffer ends");
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_servers_send_each_message_once() {
    let mail = Maildev::start(None).await;
    let smtp = format!("smtp://127.0.0.1:{}", mail.smtp);
    let flags = [
        "--smtp-url",
        smtp.as_str(),
        "--smtp-from",
        "visits@maplegrove.example",
        "--dispatch-interval-ms",
        "20",
    ];
    let Some((app, servers)) = three_servers(&flags).await else {
        return;
    };
    let times = spaced(&app.open_times("sick-visit").await, 30);
    let mut booked = 0;
    for (i, slot) in times.iter().take(30).enumerate() {
        let body = with_email(
            booking_for(slot, "sick-visit", &format!("Mail Patient{i}")),
            "en",
        );
        let (status, reply) = servers[i % 3].app.book(&new_key(), &body).await;
        assert_eq!(status, 201, "{reply}");
        booked += 1;
    }
    // Each visit gets one confirmation; all three dispatchers look every 20 ms. A message sent
    // twice would arrive within the half second after the last one.
    mail.wait_for(booked).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let emails = mail.emails().await;
    let ids = Maildev::message_ids(&emails);
    assert_eq!(ids.len(), booked, "one confirmation per visit");
    assert_eq!(emails.len(), booked, "and none sent twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_killed_mid_burst_loses_no_confirmed_booking_and_the_others_keep_serving() {
    let Some((app, servers)) = three_servers(&[]).await else {
        return;
    };
    let times = spaced(&app.open_times("sick-visit").await, 30);
    assert!(times.len() >= 90, "{} times", times.len());
    let mut tries = tokio::task::JoinSet::new();
    for (i, slot) in times.iter().take(90).enumerate() {
        let servers = servers.clone();
        let body = booking_for(slot, "sick-visit", &format!("Burst Patient{i}"));
        tries.spawn(async move {
            tokio::time::sleep(Duration::from_millis(5 * i as u64)).await;
            // The first server gets every third try; its requests fail once it is killed.
            let app = &servers[i % 3].app;
            let sent = app
                .client
                .post(format!(
                    "{}/api/v1/clinics/maple-grove/appointments",
                    app.address
                ))
                .header("Idempotency-Key", new_key())
                .json(&body)
                .send()
                .await;
            let Ok(response) = sent else {
                return (0, None);
            };
            let status = response.status().as_u16();
            let Ok(reply) = response.json::<Value>().await else {
                return (0, None);
            };
            (status, reply["id"].as_str().map(str::to_string))
        });
    }
    tokio::time::sleep(Duration::from_millis(150)).await;
    let killed = std::process::Command::new("kill")
        .args(["-9", &servers[0].child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut confirmed = Vec::new();
    let mut gone = 0;
    while let Some(done) = tries.join_next().await {
        match done.unwrap() {
            (201, Some(id)) => confirmed.push(id),
            // No answer, or an answer cut off with the process: the patient saw no confirmation.
            (0, _) | (201, None) => gone += 1,
            (status, reply) => panic!("{status} {reply:?}"),
        }
    }
    assert!(gone > 0, "the killed server was mid-burst");
    assert!(confirmed.len() > 30, "{} confirmed", confirmed.len());
    let db = app.db().await;
    for id in &confirmed {
        let found: Option<(String,)> =
            sqlx::query_as("SELECT id FROM appointments WHERE id = $1 AND status = 'booked'")
                .bind(id)
                .fetch_optional(&db)
                .await
                .unwrap();
        assert!(found.is_some(), "confirmed visit {id} is in the database");
    }
    db.close().await;
    // The two left keep booking.
    let open = servers[1].app.open_times("sick-visit").await;
    let (status, _) = servers[2]
        .app
        .book(
            &new_key(),
            &booking_for(&open[0], "sick-visit", "After Patient"),
        )
        .await;
    assert_eq!(status, 201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_booking_limit_holds_across_three_servers() {
    let Some((app, servers)) = three_servers(&["--booking-rate-limit", "4"]).await else {
        return;
    };
    // Twelve tries from one address, four to each server: a limit kept per server would let
    // all twelve through.
    let slot = app.open_times("sick-visit").await[0].clone();
    let mut statuses = Vec::new();
    for i in 0..12 {
        let body = booking_for(&slot, "sick-visit", &format!("Limited Patient{i}"));
        statuses.push(servers[i % 3].app.book(&new_key(), &body).await.0);
    }
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(
        limited, 8,
        "a burst of 4 in all, whichever server: {statuses:?}"
    );
}
