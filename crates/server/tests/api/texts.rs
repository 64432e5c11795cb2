//! Text messages. The SMS provider is a paid outside service, so a local receiver plays its
//! Messages API here and checks each request as Twilio documents it (path with the account
//! SID, HTTP Basic auth, form fields To/From/Body, E.164 numbers); patients' replies come signed
//! with X-Twilio-Signature as Twilio signs them.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde_json::{json, Value};

use crate::helpers::{booking_for, new_key, spawn_app_with, TestApp};

const SID: &str = "ACtest0000000000000000000000000000";
const TOKEN: &str = "test-auth-token";
const FROM: &str = "+15550102233";

/// One text the provider accepted: To and Body.
type Sent = (String, String);

/// The provider's Messages API, as documented, on a free local port.
struct FakeProvider {
    url: String,
    sent: Arc<Mutex<Vec<Sent>>>,
}

async fn messages_api(
    State(sent): State<Arc<Mutex<Vec<Sent>>>>,
    Path(account): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> axum::response::Response {
    use base64::Engine;
    let refuse = |status: StatusCode, code: u32, message: &str| {
        (
            status,
            Json(json!({ "code": code, "message": message, "status": status.as_u16() })),
        )
            .into_response()
    };
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{SID}:{TOKEN}"))
    );
    if account != SID
        || headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(basic.as_str())
    {
        return refuse(StatusCode::UNAUTHORIZED, 20003, "Authenticate");
    }
    if headers.get("content-type").and_then(|v| v.to_str().ok())
        != Some("application/x-www-form-urlencoded")
    {
        return refuse(StatusCode::BAD_REQUEST, 21000, "Send a form");
    }
    let fields: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let e164 = |n: &str| {
        n.starts_with('+')
            && (9..=16).contains(&n.len())
            && n[1..].chars().all(|c| c.is_ascii_digit())
    };
    if !e164(&field("To")) {
        return refuse(
            StatusCode::BAD_REQUEST,
            21211,
            "The 'To' number is not a valid phone number.",
        );
    }
    if field("From") != FROM {
        return refuse(
            StatusCode::BAD_REQUEST,
            21606,
            "The 'From' phone number provided is not a valid message-capable Twilio phone number.",
        );
    }
    let text = field("Body");
    if text.is_empty() || text.chars().count() > 1600 {
        return refuse(
            StatusCode::BAD_REQUEST,
            21617,
            "The concatenated message body exceeds the 1600 character limit.",
        );
    }
    sent.lock().unwrap().push((field("To"), text));
    (StatusCode::CREATED, Json(json!({ "sid": "SM00000000000000000000000000000000", "status": "queued", "account_sid": SID }))).into_response()
}

impl FakeProvider {
    async fn start() -> FakeProvider {
        let sent = Arc::new(Mutex::new(Vec::new()));
        let app = axum::Router::new()
            .route(
                "/2010-04-01/Accounts/{account}/Messages.json",
                axum::routing::post(messages_api),
            )
            .with_state(sent.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        FakeProvider { url, sent }
    }

    fn sent(&self) -> Vec<Sent> {
        self.sent.lock().unwrap().clone()
    }

    async fn wait_for(&self, n: usize) -> Vec<Sent> {
        let started = Instant::now();
        while self.sent().len() < n {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{n} texts expected: {:?}",
                self.sent()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.sent()
    }
}

async fn app_texting(provider: &FakeProvider) -> TestApp {
    spawn_app_with(&[
        "--sms-api-url",
        &provider.url,
        "--sms-account-sid",
        SID,
        "--sms-auth-token",
        TOKEN,
        "--sms-from",
        FROM,
        "--dispatch-interval-ms",
        "50",
    ])
    .await
}

/// The demo clinic with texts turned on, in a folder that goes when it is dropped.
fn texts_on() -> tempfile::TempDir {
    let text = std::fs::read_to_string(crate::helpers::demo_clinic()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("clinic.toml"),
        format!("{text}\n[messages]\ntext = true\n"),
    )
    .unwrap();
    dir
}

async fn texting_app(provider: &FakeProvider) -> TestApp {
    // The server reads the clinic's file once, when it starts.
    let dir = texts_on();
    let clinic = dir.path().join("clinic.toml");
    let clinic = clinic.to_str().unwrap();
    spawn_app_with(&[
        "--clinic",
        clinic,
        "--sms-api-url",
        &provider.url,
        "--sms-account-sid",
        SID,
        "--sms-auth-token",
        TOKEN,
        "--sms-from",
        FROM,
        "--dispatch-interval-ms",
        "50",
    ])
    .await
}

/// The next 15:00 UTC (10:00 or 11:00 in New York): outside quiet hours, and not before now.
fn daytime() -> chrono::DateTime<chrono::Utc> {
    let now = chrono::Utc::now();
    let today = now.date_naive().and_hms_opt(15, 0, 0).unwrap().and_utc();
    if today >= now {
        today
    } else {
        today + chrono::Duration::days(1)
    }
}

fn wants_texts(slot: &Value) -> Value {
    let mut body = booking_for(slot, "sick-visit", "Rosa Díaz");
    body["patient"]["preferred_name"] = json!("Rosa");
    body["contact_by"] = json!("text");
    body
}

/// A reply as the provider sends it to the webhook, signed.
async fn reply(app: &TestApp, from: &str, words: &str, token: &str) -> (u16, String) {
    let fields: Vec<(String, String)> = [
        ("From", from),
        ("To", FROM),
        ("Body", words),
        ("MessageSid", "SM1"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let url = format!("{}/api/v1/sms/inbound", app.address);
    let signature = portal_server::outbox::sms::signature(token, &url, &fields);
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&fields)
        .finish();
    let response = app
        .client
        .post(&url)
        .header("x-twilio-signature", signature)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn a_patient_who_asks_for_texts_gets_the_confirmation_as_the_provider_documents_it() {
    let provider = FakeProvider::start().await;
    let app = texting_app(&provider).await;
    let slot = app.open_times("sick-visit").await.last().unwrap().clone();
    // Texts outside quiet hours: the clock at 10:00 clinic time.
    let ten = daytime();
    app.clock.set(ten);
    let (status, visit) = app.book(&new_key(), &wants_texts(&slot)).await;
    assert_eq!(status, 201, "{visit}");
    let sent = provider.wait_for(1).await;
    let (to, text) = &sent[0];
    assert_eq!(to, "+15550104477", "the patient's number in E.164");
    assert!(
        text.starts_with("Maple Grove Family Practice: Hi Rosa, your visit is booked for "),
        "{text}"
    );
    assert!(
        text.contains("(555) 010-2233") && text.contains("Reply STOP to end texts."),
        "{text}"
    );
    assert!(
        text.contains(&format!("#pp-manage={}.", visit["id"].as_str().unwrap())),
        "{text}"
    );
    assert!(
        !text.contains("cough") && !text.contains("1961") && !text.contains("Díaz"),
        "{text}"
    );
    app.clock.use_system_time();
}

#[tokio::test]
async fn no_text_goes_out_in_quiet_hours_it_waits_for_the_morning() {
    let provider = FakeProvider::start().await;
    let app = texting_app(&provider).await;
    let slot = app.open_times("sick-visit").await.last().unwrap().clone();
    // 23:00 in New York (04:00 UTC next day in winter, 03:00 in summer): quiet.
    let tz: chrono_tz::Tz = "America/New_York".parse().unwrap();
    use chrono::TimeZone;
    let tomorrow = chrono::Utc::now()
        .with_timezone(&tz)
        .date_naive()
        .succ_opt()
        .unwrap();
    let night = tz
        .from_local_datetime(&tomorrow.and_hms_opt(23, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&chrono::Utc);
    app.clock.set(night - chrono::Duration::days(1));
    let (status, _) = app.book(&new_key(), &wants_texts(&slot)).await;
    assert_eq!(status, 201);
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(provider.sent().is_empty(), "nothing at 23:00");
    let morning = tz
        .from_local_datetime(&tomorrow.and_hms_opt(8, 1, 0).unwrap())
        .unwrap()
        .with_timezone(&chrono::Utc);
    app.clock.set(morning);
    provider.wait_for(1).await;
    app.clock.use_system_time();
}

#[tokio::test]
async fn stop_ends_texts_start_brings_them_back_help_gives_the_phone_and_forged_replies_are_refused(
) {
    let provider = FakeProvider::start().await;
    let app = texting_app(&provider).await;
    let times = app.open_times("sick-visit").await;
    let ten = daytime();
    app.clock.set(ten);
    let (_, visit) = app
        .book(&new_key(), &wants_texts(&times[times.len() - 30]))
        .await;
    provider.wait_for(1).await;

    let (status, body) = reply(&app, "+15550104477", "STOP", "not-the-token").await;
    assert_eq!(
        status, 403,
        "a reply without the provider's signature: {body}"
    );
    let (status, body) = reply(&app, "+15550104477", "help", TOKEN).await;
    assert_eq!(status, 200);
    assert!(
        body.contains("Maple Grove Family Practice: for help, call (555) 010-2233."),
        "{body}"
    );
    let (_, body) = reply(&app, "+15550104477", "Ayuda", TOKEN).await;
    assert!(
        body.contains("Maple Grove Family Practice: para recibir ayuda, llame al (555) 010-2233.")
            && body.contains("responda PARAR"),
        "{body}"
    );
    let (status, body) = reply(&app, "+15550104477", "Stop", TOKEN).await;
    assert_eq!(status, 200);
    assert!(
        body.contains("no more texts from Maple Grove Family Practice"),
        "{body}"
    );

    let later = times.last().unwrap();
    let (id, token) = (
        visit["id"].as_str().unwrap(),
        visit["manage_token"].as_str().unwrap(),
    );
    assert_eq!(app.reschedule(id, token, later).await.0, 200);
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(provider.sent().len(), 1, "no text after STOP");

    let (_, body) = reply(&app, "+15550104477", "START", TOKEN).await;
    assert!(body.contains("on again"), "{body}");
    assert_eq!(
        app.manage(
            "POST",
            &format!("/api/v1/appointments/{id}/cancel"),
            token,
            None
        )
        .await
        .0,
        200
    );
    let sent = provider.wait_for(2).await;
    assert!(sent[1].1.contains("is cancelled"), "{sent:?}");
    app.clock.use_system_time();
}

#[tokio::test]
async fn texts_need_the_whole_provider_account_and_the_catalog_offers_them_only_then() {
    let provider = FakeProvider::start().await;
    let app = texting_app(&provider).await;
    let (_, catalog) = app.get("/api/v1/clinics/maple-grove/catalog").await;
    assert_eq!(
        catalog["rules"]["message_channels"],
        json!(["text"]),
        "texts on; no email server set up"
    );
    let only_email = app_texting(&provider).await;
    let (_, catalog) = only_email.get("/api/v1/clinics/maple-grove/catalog").await;
    assert_eq!(
        catalog["rules"]["message_channels"],
        json!([]),
        "the demo clinic's file leaves texts off"
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .args([
            "--clinic",
            crate::helpers::demo_clinic().to_str().unwrap(),
            "--database",
            "sqlite::memory:",
            "--sms-account-sid",
            SID,
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--sms-auth-token"));
}
