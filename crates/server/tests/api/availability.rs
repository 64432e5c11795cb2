use chrono::{DateTime, Utc};

use crate::helpers::spawn_app;

#[tokio::test]
async fn availability_is_grouped_by_the_clinics_days_in_utc_with_the_zone_name() {
    let app = spawn_app().await;
    let (status, body) = app
        .get("/api/v1/clinics/maple-grove/availability?visit_type=sick-visit")
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["timezone"], "America/New_York");
    let tz: chrono_tz::Tz = "America/New_York".parse().unwrap();
    let now = Utc::now();
    let mut last_start = None;
    for day in body["days"].as_array().unwrap() {
        for slot in day["slots"].as_array().unwrap() {
            let start: DateTime<Utc> = slot["start"].as_str().unwrap().parse().unwrap();
            assert!(slot["start"].as_str().unwrap().ends_with('Z'));
            // Each slot sits on its clinic-local day, after the 2-hour notice, in order.
            assert_eq!(
                start.with_timezone(&tz).format("%Y-%m-%d").to_string(),
                day["date"].as_str().unwrap()
            );
            // The same time on the clinic's clock, with its offset then (a client shows it
            // without a time-zone database).
            let clinic_start = slot["clinic_start"].as_str().unwrap();
            assert_eq!(
                clinic_start,
                start
                    .with_timezone(&tz)
                    .format("%Y-%m-%dT%H:%M:%S%:z")
                    .to_string()
            );
            assert_eq!(clinic_start.parse::<DateTime<Utc>>().unwrap(), start);
            assert!(start >= now + chrono::Duration::minutes(120));
            assert!(last_start.is_none_or(|l| l <= start), "times are in order");
            last_start = Some(start);
        }
    }
    assert!(
        body["next_available"]["start"].is_string(),
        "the demo clinic has open times: {body}"
    );
}

#[tokio::test]
async fn a_missing_visit_type_says_which_ones_exist() {
    let app = spawn_app().await;
    let (status, body) = app.get("/api/v1/clinics/maple-grove/availability").await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["fields"][0]["path"], "visit_type");
    assert!(body["error"]["fields"][0]["message"]
        .as_str()
        .unwrap()
        .contains("\"sick-visit\""));
}

#[tokio::test]
async fn a_bad_date_and_a_too_long_range_are_named() {
    let app = spawn_app().await;
    let (status, body) = app
        .get("/api/v1/clinics/maple-grove/availability?visit_type=sick-visit&from=tomorrow")
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["fields"][0]["path"], "from");
    let today = app
        .get("/api/v1/clinics/maple-grove/availability?visit_type=sick-visit")
        .await
        .1["from"]
        .as_str()
        .unwrap()
        .to_string();
    let far = (chrono::NaiveDate::parse_from_str(&today, "%Y-%m-%d").unwrap()
        + chrono::Duration::days(40))
    .format("%Y-%m-%d");
    let (status, body) = app
        .get(&format!(
            "/api/v1/clinics/maple-grove/availability?visit_type=sick-visit&from={today}&to={far}"
        ))
        .await;
    assert_eq!(status, 422);
    assert!(body["error"]["fields"][0]["message"]
        .as_str()
        .unwrap()
        .contains("longer than 31 days"));
}

#[tokio::test]
async fn a_provider_filter_only_returns_that_providers_times() {
    let app = spawn_app().await;
    let (status, body) = app
        .get("/api/v1/clinics/maple-grove/availability?visit_type=sick-visit&provider=dr-lopez")
        .await;
    assert_eq!(status, 200);
    for day in body["days"].as_array().unwrap() {
        for slot in day["slots"].as_array().unwrap() {
            assert_eq!(slot["provider"], "dr-lopez");
        }
    }
}
