//! Server figures for `cargo xtask bench`: booking and availability throughput and latency at
//! fixed arrival rates (open loop: latency counts from when a request was due, so a slow server
//! cannot hide its queue), and each engine's raw insert rate with the same durability settings,
//! on SQLite and (when `BENCH_POSTGRES` names a server) on PostgreSQL in the same run.
//!
//! Run with `cargo run --release -p portal-server --example bench`. The server and the load
//! generator share the machine, as they would share a small clinic server.

use std::sync::Arc;
use std::time::{Duration, Instant};

use portal_server::startup::{Application, Settings};
use portal_server::store::Engine;
use serde_json::{json, Value};

const PHASE_SECONDS: f64 = 4.0;

fn bench_clinic() -> String {
    let mut toml = String::from(
        r#"
[clinic]
id = "bench"
name = "Bench Clinic"
phone = "(555) 010-0000"
address = "1 Main St"
timezone = "America/New_York"
[rules]
min_notice_minutes = 0
horizon_days = 30
buffer_minutes = 0
slot_step_minutes = 15
max_future_bookings_per_patient = 1000
[[locations]]
id = "main"
name = "Main"
address = "1 Main St"
[[visit_types]]
id = "quick"
name = { en = "Quick visit" }
description = { en = "Quick" }
duration_minutes = 15
mode = "in_person"
"#,
    );
    for p in 0..10 {
        toml.push_str(&format!(
            r#"
[[providers]]
id = "p{p}"
name = "Provider {p}"
languages = ["en"]
locations = ["main"]
visit_types = ["quick"]
[[providers.hours]]
location = "main"
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
start = "00:00"
end = "23:45"
"#
        ));
    }
    toml
}

struct Outcome {
    latency: Duration,
    status: u16,
}

/// Sends `count` requests at `rate` per second; `make(i)` builds the i-th request.
async fn open_loop(
    rate: f64,
    count: usize,
    make: impl Fn(usize) -> reqwest::RequestBuilder,
) -> (Vec<Outcome>, Duration) {
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..count {
        let due = started + Duration::from_secs_f64(i as f64 / rate);
        tokio::time::sleep_until(due.into()).await;
        let request = make(i);
        tasks.spawn(async move {
            let status = match request.send().await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let _ = response.bytes().await;
                    status
                }
                Err(_) => 0,
            };
            Outcome {
                latency: due.elapsed(),
                status,
            }
        });
    }
    let mut outcomes = Vec::with_capacity(count);
    while let Some(outcome) = tasks.join_next().await {
        if let Ok(outcome) = outcome {
            outcomes.push(outcome);
        }
    }
    (outcomes, started.elapsed())
}

/// Prints a phase's figures; true when every request got `expected`, the server kept up with
/// the offered rate (within 5%) and p99 stayed within 50 ms.
fn report(
    name: &str,
    rate: f64,
    expected: u16,
    outcomes: &mut [Outcome],
    elapsed: Duration,
) -> bool {
    outcomes.sort_by_key(|o| o.latency);
    let pct = |p: f64| {
        outcomes[((outcomes.len() as f64 * p) as usize).min(outcomes.len() - 1)]
            .latency
            .as_secs_f64()
            * 1e3
    };
    let ok = outcomes.iter().filter(|o| o.status == expected).count();
    println!(
        "{name:<12} offered {rate:>6.0}/s  done {:>7.0}/s  ok {ok}/{}  p50 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms",
        outcomes.len() as f64 / elapsed.as_secs_f64(),
        outcomes.len(),
        pct(0.50),
        pct(0.99),
        pct(1.0),
    );
    let done = outcomes.len() as f64 / elapsed.as_secs_f64();
    ok == outcomes.len() && done >= rate * 0.95 && pct(0.99) <= 50.0
}

/// The engine's raw insert rate: one small row per transaction, one connection, with the same
/// durability settings as the server (the ceiling a booking's transaction can approach).
async fn raw_inserts(url: &str) -> f64 {
    let (pool, engine) = portal_server::store::connect(url)
        .await
        .expect("raw database");
    sqlx::query("CREATE TABLE raw_bench (id BIGINT PRIMARY KEY, clinic TEXT, provider TEXT, start_at BIGINT, body TEXT)")
        .execute(&pool)
        .await
        .unwrap();
    let n = 3000;
    let started = Instant::now();
    for i in 0..n {
        let mut tx = match engine {
            Engine::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await.unwrap(),
            Engine::Postgres => pool.begin().await.unwrap(),
        };
        sqlx::query("INSERT INTO raw_bench (id, clinic, provider, start_at, body) VALUES ($1, $2, $3, $4, $5)")
            .bind(i as i64)
            .bind("bench")
            .bind("p1")
            .bind(i as i64)
            .bind("x".repeat(300))
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    let rate = n as f64 / started.elapsed().as_secs_f64();
    pool.close().await;
    rate
}

/// A local SMTP server that accepts every message and counts them: the far end of the
/// dispatcher's throughput, so the figure is the portal's and not a mail store's.
async fn smtp_sink() -> (u16, Arc<std::sync::atomic::AtomicUsize>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let received = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = received.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let counter = counter.clone();
            let _ = stream.set_nodelay(true);
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                let mut in_data = false;
                while let Ok(Some(line)) = lines.next_line().await {
                    let reply: &[u8] = if in_data {
                        if line == "." {
                            in_data = false;
                            counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            b"250 OK\r\n"
                        } else {
                            continue;
                        }
                    } else {
                        match line
                            .get(..4)
                            .unwrap_or_default()
                            .to_ascii_uppercase()
                            .as_str()
                        {
                            "EHLO" => b"250-sink\r\n250 8BITMIME\r\n",
                            "DATA" => {
                                in_data = true;
                                b"354 go on\r\n"
                            }
                            "QUIT" => {
                                let _ = write.write_all(b"221 bye\r\n").await;
                                break;
                            }
                            _ => b"250 OK\r\n",
                        }
                    };
                    if write.write_all(reply).await.is_err() {
                        break;
                    }
                }
            });
        }
    });
    (port, received)
}

/// One engine's figures: the highest rates held with p99 <= 50 ms, and the raw ceiling.
struct Summary {
    engine: &'static str,
    booking: f64,
    availability: f64,
    raw: f64,
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut summaries = Vec::new();
    let sqlite = format!("sqlite://{}/portal.db", dir.path().display());
    summaries.push(
        engine_bench(
            "sqlite",
            &sqlite,
            &format!("sqlite://{}/raw.db", dir.path().display()),
            dir.path(),
        )
        .await,
    );
    // PostgreSQL when `cargo xtask bench` started a cluster (BENCH_POSTGRES, an admin URL).
    match std::env::var("BENCH_POSTGRES")
        .ok()
        .filter(|u| !u.is_empty())
    {
        Some(admin) => {
            let portal = new_postgres_database(&admin, "bench_portal").await;
            let raw = new_postgres_database(&admin, "bench_raw").await;
            summaries.push(engine_bench("postgres", &portal, &raw, dir.path()).await);
        }
        None => println!("\n(no BENCH_POSTGRES: PostgreSQL skipped; cargo xtask bench starts one)"),
    }
    println!();
    println!("engine     booking held (p99 <= 50 ms)   raw inserts   booking/raw   availability held (p99 <= 50 ms)");
    for s in &summaries {
        println!(
            "{:<10} {:>10.0}/s {:>24.0}/s {:>12.0}% {:>20.0}/s",
            s.engine,
            s.booking,
            s.raw,
            100.0 * s.booking / s.raw,
            s.availability
        );
    }
}

/// A new, empty database on the PostgreSQL server at `admin`; its URL.
async fn new_postgres_database(admin: &str, name: &str) -> String {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(admin)
        .await
        .expect("BENCH_POSTGRES answers");
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
    let base = admin
        .rsplit_once('/')
        .map(|(base, _)| base)
        .unwrap_or(admin);
    format!("{base}/{name}")
}

/// Booking (rates rising until p99 passes 50 ms), booking with messages, the dispatcher, and
/// availability, on one engine; then its raw insert rate.
async fn engine_bench(
    engine: &'static str,
    database: &str,
    raw_url: &str,
    dir: &std::path::Path,
) -> Summary {
    println!("\n-- {engine} --");
    let (smtp_port, smtp_received) = smtp_sink().await;
    let smtp_url = format!("smtp://127.0.0.1:{smtp_port}");
    let clinic_file = dir.join("bench.toml");
    std::fs::write(&clinic_file, bench_clinic()).unwrap();
    let demo = std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/demo-clinic.toml"
    ));
    let settings = Settings::from_args([
        "portal-server".as_ref(),
        "--listen".as_ref(),
        "127.0.0.1:0".as_ref(),
        "--database".as_ref(),
        database.as_ref(),
        "--clinic".as_ref(),
        clinic_file.as_os_str(),
        "--clinic".as_ref(),
        demo.as_os_str(),
        "--booking-rate-limit".as_ref(),
        "1000000".as_ref(),
        "--smtp-url".as_ref(),
        smtp_url.as_ref(),
        "--smtp-from".as_ref(),
        "bench@bench.example".as_ref(),
        // This server plans messages but leaves them: a second one drains them below.
        "--dispatch-interval-ms".as_ref(),
        "600000".as_ref(),
    ] as [&std::ffi::OsStr; 17])
    .expect("bench settings");
    let mut drainer = settings.clone();
    drainer.dispatch_interval_ms = 20;
    let app = Application::build(settings).await.expect("app builds");
    let base = format!("http://{}", app.address());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(512)
        .build()
        .unwrap();

    // Every open time of the bench clinic, shuffled so bookings spread over providers and days.
    let mut slots: Vec<Value> = Vec::new();
    let today = chrono::Utc::now().date_naive();
    for week in 0..5 {
        let from = today + chrono::Duration::days(7 * week);
        let url = format!("{base}/api/v1/clinics/bench/availability?visit_type=quick&from={from}");
        let body: Value = client.get(url).send().await.unwrap().json().await.unwrap();
        for day in body["days"].as_array().unwrap() {
            slots.extend(day["slots"].as_array().unwrap().iter().cloned());
        }
    }
    let mut state = 0x2545F4914F6CDD1Du64;
    for i in (1..slots.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        slots.swap(i, (state % (i as u64 + 1)) as usize);
    }
    let slots = Arc::new(slots);
    println!(
        "portal-server bench: {} open times to book; {PHASE_SECONDS} s per rate",
        slots.len()
    );

    // Booking with messages off (the patient asked for none) and on (email: a confirmation,
    // two reminders and the after-visit message planned in the booking's transaction).
    let mut next = 0usize;
    let mut confirmations = 0;
    let mut booking_held = 0.0f64;
    for (rate, messages) in [
        (250.0, false),
        (500.0, false),
        (750.0, false),
        (1000.0, false),
        (1500.0, false),
        (500.0, true),
    ] {
        let count = (rate * PHASE_SECONDS) as usize;
        let first = next;
        next += count;
        let (client, base, slots) = (client.clone(), base.clone(), slots.clone());
        let (mut outcomes, elapsed) = open_loop(rate, count, move |i| {
            let slot = &slots[(first + i) % slots.len()];
            let body = json!({
                "visit_type": "quick", "provider": slot["provider"], "location": slot["location"],
                "start": slot["start"], "new_patient": true, "language": "en",
                "contact_by": if messages { "email" } else { "neither" },
                "patient": { "name": format!("Bench Patient{}", first + i), "date_of_birth": "1970-01-01",
                             "phone": "555-010-0000", "email": if messages { "bench@example.com" } else { "" }, "reason": "Bench" }
            });
            client
                .post(format!("{base}/api/v1/clinics/bench/appointments"))
                .header("Idempotency-Key", format!("bench-key-{}", first + i))
                .json(&body)
        })
        .await;
        if messages {
            confirmations = outcomes.iter().filter(|o| o.status == 201).count();
        }
        let held = report(
            if messages { "booking+mail" } else { "booking" },
            rate,
            201,
            &mut outcomes,
            elapsed,
        );
        if held && !messages {
            booking_held = booking_held.max(rate);
        }
    }

    // The dispatcher: a second server on the same database sends every planned confirmation to
    // the local SMTP server, from a standing start.
    let drainer = Application::build(drainer)
        .await
        .expect("the second server builds");
    let started = Instant::now();
    tokio::spawn(drainer.run_until_stopped());
    let deadline = started + Duration::from_secs(120);
    while smtp_received.load(std::sync::atomic::Ordering::Relaxed) < confirmations
        && Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let delivered = smtp_received.load(std::sync::atomic::Ordering::Relaxed);
    println!(
        "dispatcher   {delivered}/{confirmations} confirmations delivered by SMTP in {:.2} s: {:.0} messages/s ({} at a time)",
        started.elapsed().as_secs_f64(),
        delivered as f64 / started.elapsed().as_secs_f64(),
        portal_server::outbox::dispatch::CONCURRENCY
    );

    let mut availability_held = 0.0f64;
    for rate in [1000.0, 2000.0, 3000.0, 4000.0] {
        let count = (rate * PHASE_SECONDS) as usize;
        let (client, base) = (client.clone(), base.clone());
        let (mut outcomes, elapsed) = open_loop(rate, count, move |_| {
            client.get(format!(
                "{base}/api/v1/clinics/maple-grove/availability?visit_type=sick-visit"
            ))
        })
        .await;
        if report("availability", rate, 200, &mut outcomes, elapsed) {
            availability_held = availability_held.max(rate);
        }
    }

    let raw = raw_inserts(raw_url).await;
    println!("raw inserts  {raw:>7.0}/s (one transaction each, one connection, the server's durability settings)");
    Summary {
        engine,
        booking: booking_held,
        availability: availability_held,
        raw,
    }
}
