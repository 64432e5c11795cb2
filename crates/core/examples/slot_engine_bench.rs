//! Slot engine figures for `cargo xtask bench`: 20 providers × 30 days, with bookings.
//!
//! Run with `cargo run --release -p portal-core --example slot_engine_bench`.

use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use portal_core::clinic::Clinic;
use portal_core::slots::{open_slots, Booked, SlotRequest};

fn clinic(providers: usize) -> Clinic {
    let mut toml = String::from(
        r#"
        [clinic]
        id = "bench"
        name = "Bench Clinic"
        phone = "(555) 010-0000"
        address = "1 Main St"
        timezone = "America/New_York"
        [rules]
        min_notice_minutes = 120
        horizon_days = 30
        buffer_minutes = 5
        slot_step_minutes = 15
        [[locations]]
        id = "main"
        name = "Main"
        address = "1 Main St"
        [[visit_types]]
        id = "sick"
        name = { en = "Sick visit" }
        description = { en = "Sick" }
        duration_minutes = 20
        mode = "in_person"
        "#,
    );
    for p in 0..providers {
        toml.push_str(&format!(
            r#"
            [[providers]]
            id = "p{p}"
            name = "Provider {p}"
            languages = ["en"]
            locations = ["main"]
            visit_types = ["sick"]
            [[providers.hours]]
            location = "main"
            days = ["mon", "tue", "wed", "thu", "fri"]
            start = "08:00"
            end = "12:00"
            [[providers.hours]]
            location = "main"
            days = ["mon", "tue", "wed", "thu", "fri"]
            start = "13:00"
            end = "17:00"
            "#
        ));
    }
    Clinic::new(toml::from_str(&toml).expect("bench clinic parses"))
        .expect("bench clinic passes its checks")
}

fn main() {
    let providers = 20;
    let config = clinic(providers);
    // A Monday in March, so the range crosses the spring-forward change.
    let now = Utc.with_ymd_and_hms(2027, 3, 1, 12, 0, 0).unwrap();
    let from = now.date_naive();
    let to = from + Duration::days(29);
    // Every provider has a third of their day booked.
    let mut booked = Vec::new();
    for p in 0..providers {
        for d in 0..30 {
            for h in [13, 15, 19] {
                let start = now + Duration::days(d) + Duration::hours(h - 12);
                booked.push(Booked {
                    provider: format!("p{p}"),
                    start,
                    end: start + Duration::minutes(20),
                    buffered: true,
                });
            }
        }
    }
    let request = SlotRequest {
        visit_type: "sick".into(),
        provider: None,
        location: None,
        from,
        to,
    };
    let warm = open_slots(&config, &request, &booked, now);
    let iterations = 200;
    let started = Instant::now();
    let mut total = 0;
    for _ in 0..iterations {
        total += std::hint::black_box(open_slots(&config, &request, &booked, now)).len();
    }
    let per_call = started.elapsed().as_secs_f64() / iterations as f64;
    assert_eq!(total, warm.len() * iterations);
    println!(
        "slot engine: {providers} providers x 30 days, {} bookings: {} open times in {:.3} ms per call = {:.4} ms per provider",
        booked.len(),
        warm.len(),
        per_call * 1e3,
        per_call * 1e3 / providers as f64
    );
}
