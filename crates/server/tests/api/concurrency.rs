use crate::helpers::{booking_for, new_key, spawn_app};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_simultaneous_requests_for_one_slot_make_exactly_one_booking() {
    let app = std::sync::Arc::new(spawn_app().await);
    let slot = app.open_times("sick-visit").await[0].clone();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..200 {
        let app = app.clone();
        let body = booking_for(&slot, "sick-visit", &format!("Patient Number{i}"));
        tasks.spawn(async move { app.book(&new_key(), &body).await.0 });
    }
    let mut created = 0;
    let mut taken = 0;
    while let Some(status) = tasks.join_next().await {
        match status.unwrap() {
            201 => created += 1,
            409 => taken += 1,
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!((created, taken), (1, 199));
    let (_, body) = app
        .get("/api/v1/clinics/maple-grove/availability?visit_type=sick-visit")
        .await;
    let still_open = body["days"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["slots"].as_array().unwrap().iter())
        .any(|s| s["start"] == slot["start"] && s["provider"] == slot["provider"]);
    assert!(!still_open);
}
