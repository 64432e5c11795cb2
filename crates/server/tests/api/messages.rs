//! Messages to patients, through the API and a real SMTP server (maildev, installed by
//! `cargo xtask test` into e2e/node_modules): what arrives, when, and what never does.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::helpers::{booking_for, new_key, spawn_app_with, TestApp};

/// A maildev process on free ports; stopped when dropped.
pub struct Maildev {
    /// Its SMTP port.
    pub smtp: u16,
    web: u16,
    child: std::process::Child,
    client: reqwest::Client,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Maildev {
    /// Starts maildev (on `smtp` when given) and waits until its API answers. A free port can
    /// be taken by another test between choosing and binding it, and maildev then exits; it is
    /// started again on new ports (up to three times) rather than failing the test.
    pub async fn start(smtp: Option<u16>) -> Maildev {
        let mut last_error = String::new();
        for _ in 0..3 {
            match Maildev::try_start(smtp).await {
                Ok(maildev) => return maildev,
                Err(error) => last_error = error,
            }
        }
        panic!("maildev did not start: {last_error}")
    }

    async fn try_start(smtp: Option<u16>) -> Result<Maildev, String> {
        let bin = std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../e2e/node_modules/.bin/maildev"
        ));
        assert!(
            bin.exists(),
            "maildev is missing: run `cargo xtask test`, or `npm ci` in e2e/ ({})",
            bin.display()
        );
        let (smtp, web) = (smtp.unwrap_or_else(free_port), free_port());
        let child = std::process::Command::new(bin)
            .args([
                "--smtp",
                &smtp.to_string(),
                "--web",
                &web.to_string(),
                "--ip",
                "127.0.0.1",
                "--silent",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
        let mut maildev = Maildev {
            smtp,
            web,
            child,
            client: reqwest::Client::new(),
        };
        let started = Instant::now();
        // Node starts slowly when the machine is busy compiling or running other tests.
        while maildev
            .client
            .get(maildev.url("/api/email"))
            .send()
            .await
            .is_err()
        {
            if let Ok(Some(status)) = maildev.child.try_wait() {
                return Err(format!("it exited ({status}) on ports {smtp}/{web}"));
            }
            if started.elapsed() > Duration::from_secs(60) {
                return Err(format!("no answer in 60 s on port {web}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(maildev)
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.web)
    }

    /// Every email received so far.
    pub async fn emails(&self) -> Vec<Value> {
        self.client
            .get(self.url("/api/email"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// The distinct Message-IDs of some emails.
    pub fn message_ids(emails: &[Value]) -> std::collections::BTreeSet<String> {
        emails
            .iter()
            .map(|e| {
                e["headers"]["message-id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    }

    /// Waits until `n` emails have arrived (at most 15 s), and returns them.
    pub async fn wait_for(&self, n: usize) -> Vec<Value> {
        let started = Instant::now();
        loop {
            let emails = self.emails().await;
            if emails.len() >= n {
                return emails;
            }
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "{n} emails expected, {} arrived: {emails:#?}",
                emails.len()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// An attachment's text, by its file name.
    pub async fn attachment(&self, email: &Value, name: &str) -> String {
        let id = email["id"].as_str().unwrap();
        let attachments = email["attachments"].as_array().cloned().unwrap_or_default();
        let stored = attachments
            .iter()
            .find(|a| a["filename"] == name)
            .unwrap_or_else(|| panic!("no {name}: {email:#}"));
        let stored = stored["generatedFileName"].as_str().unwrap();
        self.client
            .get(self.url(&format!("/api/email/{id}/attachment/{stored}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// The message as it came over SMTP, headers and all.
    pub async fn source(&self, email: &Value) -> String {
        let id = email["id"].as_str().unwrap();
        self.client
            .get(self.url(&format!("/api/email/{id}/source")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// One header's value from the message's source.
    pub async fn header(&self, email: &Value, name: &str) -> Option<String> {
        let source = self.source(email).await;
        let prefix = format!("{}:", name.to_lowercase());
        source
            .lines()
            .take_while(|l| !l.is_empty())
            .find(|l| l.to_lowercase().starts_with(&prefix))
            .map(|l| l[prefix.len()..].trim().to_string())
    }
}

impl Drop for Maildev {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn app_sending_to(smtp: u16) -> TestApp {
    let url = format!("smtp://127.0.0.1:{smtp}");
    spawn_app_with(&[
        "--smtp-url",
        &url,
        "--smtp-from",
        "visits@maplegrove.example",
        "--dispatch-interval-ms",
        "50",
    ])
    .await
}

pub(crate) fn with_email(mut body: Value, language: &str) -> Value {
    body["patient"]["email"] = json!("rosa@example.com");
    body["patient"]["preferred_name"] = json!("Rosa");
    body["contact_by"] = json!("email");
    body["language"] = json!(language);
    body
}

/// The visit's local time as the message should say it.
fn local(start: &Value, language: portal_core::clinic::Language) -> String {
    let at: DateTime<Utc> = start.as_str().unwrap().parse().unwrap();
    portal_core::messages::local_when(at, "America/New_York".parse().unwrap(), language)
}

#[tokio::test]
async fn a_booking_is_confirmed_by_email_with_the_local_time_the_link_and_the_calendar_file() {
    let mail = Maildev::start(None).await;
    let app = app_sending_to(mail.smtp).await;
    let times = app.open_times("sick-visit").await;
    let slot = times.last().unwrap();
    let (status, visit) = app
        .book(
            &new_key(),
            &with_email(booking_for(slot, "sick-visit", "Rosa Díaz"), "en"),
        )
        .await;
    assert_eq!(status, 201, "{visit}");
    let emails = mail.wait_for(1).await;
    let email = &emails[0];
    assert_eq!(
        email["subject"],
        "Your visit is booked – Maple Grove Family Practice"
    );
    assert_eq!(email["to"][0]["address"], "rosa@example.com");
    let text = email["text"].as_str().unwrap();
    assert!(text.starts_with("Hello Rosa,"), "{text}");
    assert!(
        text.contains(&format!(
            "When: {}",
            local(&slot["start"], portal_core::clinic::Language::En)
        )),
        "{text}"
    );
    assert!(text.contains("(555) 010-2233"));
    let link = format!(
        "#pp-manage={}.{}",
        visit["id"].as_str().unwrap(),
        visit["manage_token"].as_str().unwrap()
    );
    assert!(
        text.contains(&link),
        "the manage link with the token in its fragment: {text}"
    );
    for private in ["Díaz", "1961", "cough", "walker", "010-4477"] {
        assert!(
            !text.contains(private) && !email["subject"].as_str().unwrap().contains(private),
            "no patient data beyond name, time and place: {private}"
        );
    }
    assert!(
        mail.header(email, "List-Unsubscribe")
            .await
            .unwrap()
            .contains("/unsubscribe/"),
        "{}",
        mail.source(email).await
    );
    assert_eq!(
        mail.header(email, "List-Unsubscribe-Post").await.as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let message_id = mail.header(email, "Message-ID").await.unwrap();
    assert!(message_id.ends_with("@maplegrove.example>"), "{message_id}");
    let ics = mail.attachment(email, "visit.ics").await;
    assert!(
        ics.contains("METHOD:REQUEST")
            && ics.contains("SEQUENCE:0")
            && ics.contains("BEGIN:VALARM"),
        "{ics}"
    );
    assert!(
        ics.contains(&format!(
            "UID:{}@maple-grove.patient-portal",
            visit["id"].as_str().unwrap()
        )),
        "{ics}"
    );
}

#[tokio::test]
async fn a_move_sends_the_new_time_a_reminder_comes_once_and_after_a_cancel_nothing_more() {
    let mail = Maildev::start(None).await;
    let app = app_sending_to(mail.smtp).await;
    let times = app.open_times("sick-visit").await;
    let first = &times[times.len() - 40];
    let (_, visit) = app
        .book(
            &new_key(),
            &with_email(booking_for(first, "sick-visit", "Rosa Díaz"), "en"),
        )
        .await;
    let (id, token) = (
        visit["id"].as_str().unwrap(),
        visit["manage_token"].as_str().unwrap(),
    );
    mail.wait_for(1).await;

    let later = times.last().unwrap();
    let (status, _) = app.reschedule(id, token, later).await;
    assert_eq!(status, 200);
    let emails = mail.wait_for(2).await;
    let changed = emails
        .iter()
        .find(|e| {
            e["subject"]
                .as_str()
                .unwrap()
                .starts_with("Your visit has a new time")
        })
        .expect("a change notice");
    assert!(changed["text"]
        .as_str()
        .unwrap()
        .contains(&local(&later["start"], portal_core::clinic::Language::En)));
    let ics = mail.attachment(changed, "visit.ics").await;
    assert!(
        ics.contains("SEQUENCE:1"),
        "the same event, one change later: {ics}"
    );

    // The clock passes the 2-day reminder: exactly one reminder arrives.
    let start: DateTime<Utc> = later["start"].as_str().unwrap().parse().unwrap();
    app.clock.set(start - chrono::Duration::hours(47));
    let emails = mail.wait_for(3).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let reminders = mail
        .emails()
        .await
        .into_iter()
        .filter(|e| {
            e["subject"]
                .as_str()
                .unwrap()
                .starts_with("Your visit is coming up")
        })
        .count();
    assert_eq!(reminders, 1, "{emails:#?}");

    // Cancelled: the notice arrives, and the 2-hour reminder never does.
    let (status, _) = app
        .manage(
            "POST",
            &format!("/api/v1/appointments/{id}/cancel"),
            token,
            None,
        )
        .await;
    assert_eq!(status, 200);
    let emails = mail.wait_for(4).await;
    let cancelled = emails
        .iter()
        .find(|e| {
            e["subject"]
                .as_str()
                .unwrap()
                .starts_with("Your visit is cancelled")
        })
        .expect("a cancel notice");
    assert!(mail
        .attachment(cancelled, "visit.ics")
        .await
        .contains("METHOD:CANCEL"));
    app.clock.set(start - chrono::Duration::minutes(30));
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(
        mail.emails().await.len(),
        4,
        "nothing is sent about a cancelled visit after its cancellation"
    );
    app.clock.use_system_time();
}

#[tokio::test]
async fn a_spanish_booking_gets_its_messages_in_spanish() {
    let mail = Maildev::start(None).await;
    let app = app_sending_to(mail.smtp).await;
    let slot = app.open_times("sick-visit").await.last().unwrap().clone();
    let (status, _) = app
        .book(
            &new_key(),
            &with_email(booking_for(&slot, "sick-visit", "Rosa Díaz"), "es"),
        )
        .await;
    assert_eq!(status, 201);
    let email = &mail.wait_for(1).await[0];
    assert_eq!(
        email["subject"],
        "Su visita está reservada – Maple Grove Family Practice"
    );
    let text = email["text"].as_str().unwrap();
    assert!(
        text.starts_with("Hola, Rosa:")
            && text.contains(&local(&slot["start"], portal_core::clinic::Language::Es)),
        "{text}"
    );
    assert!(text.contains("Llámenos al (555) 010-2233"), "{text}");
    // The clinic's own words in Spanish too: the office and the doctor ("Dra."), in the email
    // and in the calendar file.
    let config = portal_server::clinics::load_file(&crate::helpers::demo_clinic()).unwrap();
    let es = portal_core::clinic::Language::Es;
    let office = config.location(slot["location"].as_str().unwrap()).unwrap();
    let doctor = config.provider(slot["provider"].as_str().unwrap()).unwrap();
    let ics = mail.attachment(email, "visit.ics").await;
    for said in [
        &text.to_string(),
        &ics.replace("\r\n ", "").replace("\\,", ","),
    ] {
        assert!(said.contains(office.name.get(es)), "{said}");
        assert!(said.contains(doctor.name.get(es)), "{said}");
        assert!(!said.contains(" office"), "no English office name: {said}");
    }
}

#[tokio::test]
async fn one_click_unsubscribe_stops_the_next_emails() {
    let mail = Maildev::start(None).await;
    let app = app_sending_to(mail.smtp).await;
    let times = app.open_times("sick-visit").await;
    let (_, visit) = app
        .book(
            &new_key(),
            &with_email(
                booking_for(&times[times.len() - 30], "sick-visit", "Rosa Díaz"),
                "en",
            ),
        )
        .await;
    let email = mail.wait_for(1).await[0].clone();
    let unsubscribe = mail
        .header(&email, "List-Unsubscribe")
        .await
        .unwrap()
        .trim_matches(['<', '>'])
        .to_string();
    assert!(
        unsubscribe.starts_with(&app.address),
        "the link is this server's own: {unsubscribe}"
    );
    // Opening the link only shows a button (mail scanners open links).
    let response = app.client.get(&unsubscribe).send().await.unwrap();
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("style-src 'sha256-") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let page = response.text().await.unwrap();
    assert!(
        page.contains("Stop emails") && page.contains("(555) 010-2233"),
        "{page}"
    );
    assert!(!page.contains("style=\""), "no inline style attributes");
    let response = app
        .client
        .post(&unsubscribe)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);

    let later = times.last().unwrap();
    let (id, token) = (
        visit["id"].as_str().unwrap(),
        visit["manage_token"].as_str().unwrap(),
    );
    assert_eq!(app.reschedule(id, token, later).await.0, 200);
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(mail.emails().await.len(), 1, "no email after unsubscribing");
    let key = app.staff_key("maple-grove").await;
    let (_, messages) = app
        .send(
            "GET",
            &format!("/api/v1/clinics/maple-grove/appointments/{id}/messages"),
            &key,
            None,
        )
        .await;
    let changed = messages
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == "changed")
        .unwrap();
    assert_eq!(changed["state"], "opted_out", "{messages:#}");
}

#[tokio::test]
async fn without_an_email_server_staff_see_why_nothing_was_sent() {
    let app = spawn_app_with(&["--dispatch-interval-ms", "50"]).await;
    let slot = app.open_times("sick-visit").await.last().unwrap().clone();
    let (_, visit) = app
        .book(
            &new_key(),
            &with_email(booking_for(&slot, "sick-visit", "Rosa Díaz"), "en"),
        )
        .await;
    let (confirmation, messages) =
        wait_for_confirmation(&app, &visit, |c| c["state"] == "not_sent").await;
    assert_eq!(
        confirmation["reason"],
        "no email server set up (--smtp-url)"
    );
    // The reminders wait for their time, planned.
    assert!(
        messages
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["kind"] == "reminder" && m["state"] == "planned"),
        "{messages:#}"
    );
}

/// Waits (at most 10 s) until the visit's confirmation, as staff see it, meets `ready`; returns
/// it and all the visit's messages.
async fn wait_for_confirmation(
    app: &TestApp,
    visit: &Value,
    ready: impl Fn(&Value) -> bool,
) -> (Value, Value) {
    let key = app.staff_key("maple-grove").await;
    let path = format!(
        "/api/v1/clinics/maple-grove/appointments/{}/messages",
        visit["id"].as_str().unwrap()
    );
    let started = Instant::now();
    loop {
        let (status, messages) = app.send("GET", &path, &key, None).await;
        assert_eq!(status, 200, "{messages}");
        let confirmation = messages
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["kind"] == "confirmation")
            .cloned()
            .unwrap();
        if ready(&confirmation) {
            return (confirmation, messages);
        }
        assert!(started.elapsed() < Duration::from_secs(10), "{messages:#}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn with_the_email_server_down_for_a_while_the_confirmation_arrives_once_when_it_is_back() {
    let smtp = free_port();
    let app = app_sending_to(smtp).await;
    let slot = app.open_times("sick-visit").await.last().unwrap().clone();
    let (_, visit) = app
        .book(
            &new_key(),
            &with_email(booking_for(&slot, "sick-visit", "Rosa Díaz"), "en"),
        )
        .await;
    // The first try failed (nothing listens), and it waits to try again.
    wait_for_confirmation(&app, &visit, |c| {
        c["attempts"].as_i64().unwrap() >= 1 && c["state"] == "planned" && c["reason"].is_string()
    })
    .await;
    let mail = Maildev::start(Some(smtp)).await;
    // Past the back-off, the next round delivers it.
    app.clock.set(Utc::now() + chrono::Duration::minutes(2));
    mail.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let emails = mail.emails().await;
    assert_eq!(
        emails
            .iter()
            .filter(|e| e["subject"]
                .as_str()
                .unwrap()
                .starts_with("Your visit is booked"))
            .count(),
        1
    );
    app.clock.use_system_time();
}

#[tokio::test]
async fn asking_for_texts_without_a_phone_is_named_in_the_patients_language() {
    let app = spawn_app_with(&[]).await;
    let slot = app.open_times("sick-visit").await.last().unwrap().clone();
    let mut body = booking_for(&slot, "sick-visit", "Rosa Díaz");
    body["patient"]["phone"] = json!("");
    body["patient"]["email"] = json!("rosa@example.com");
    body["contact_by"] = json!("both");
    body["language"] = json!("es");
    let (status, reply) = app.book(&new_key(), &body).await;
    assert_eq!(status, 422, "{reply}");
    let fields = reply["error"]["fields"].as_array().unwrap();
    assert!(
        fields.iter().any(|f| f["path"] == "patient.phone"
            && f["message"] == "Para recibir mensajes de texto, escriba su número de celular."),
        "{reply}"
    );
    body["contact_by"] = json!("sometimes");
    let (status, reply) = app.book(&new_key(), &body).await;
    assert_eq!(status, 422, "{reply}");
    assert_eq!(reply["error"]["code"], "invalid_body");
}

#[tokio::test]
async fn notes_for_a_booked_visit_are_announced_with_their_link_never_their_content() {
    let mail = Maildev::start(None).await;
    let app = app_sending_to(mail.smtp).await;
    let slot = app.open_times("sick-visit").await.last().unwrap().clone();
    let (_, visit) = app
        .book(
            &new_key(),
            &with_email(booking_for(&slot, "sick-visit", "Rosa Díaz"), "en"),
        )
        .await;
    mail.wait_for(1).await;
    let key = app.staff_key("maple-grove").await;
    let packet = json!({
        "template": "sprained-ankle", "preferred_name": "Rosa", "date_of_birth": "1961-04-17", "language": "en",
        "appointment": visit["id"], "conditions": ["ICD10:S93.401A"],
        "medicines": [{ "name": "ibuprofen", "dose": "1 pill", "how": "by_mouth", "times": ["morning"], "days": 5, "food": "with_food" }],
        "follow_up": { "in_days": 14 }, "provider_note": "Keep your foot up."
    });
    let (status, created) = app
        .send(
            "POST",
            "/api/v1/clinics/maple-grove/packets",
            &key,
            Some(packet),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let emails = mail.wait_for(2).await;
    let notes = emails
        .iter()
        .find(|e| {
            e["subject"]
                .as_str()
                .unwrap()
                .starts_with("Your visit notes are ready")
        })
        .expect("a notes email");
    let text = notes["text"].as_str().unwrap();
    let (_, secret) = created["patient_link"]
        .as_str()
        .unwrap()
        .split_once('#')
        .unwrap();
    let secret = secret.split('&').next().unwrap();
    let link = text
        .split_whitespace()
        .find(|w| w.ends_with(&format!("#{secret}&pp-lang=en")))
        .expect("the packet's own secret in the link's fragment, with the visit's language");
    assert!(
        link.starts_with(&format!("{}/m/maple-grove/", app.address)),
        "{link}"
    );
    for private in ["ibuprofen", "ankle", "foot", "S93"] {
        assert!(
            !text.to_lowercase().contains(private),
            "never the packet's content: {private}"
        );
    }
}

#[tokio::test]
async fn a_patient_who_asked_for_a_call_hears_when_staff_have_handled_it() {
    let mail = Maildev::start(None).await;
    let app = app_sending_to(mail.smtp).await;
    let slot = app.open_times("sick-visit").await.last().unwrap().clone();
    let (_, visit) = app
        .book(
            &new_key(),
            &with_email(booking_for(&slot, "sick-visit", "Rosa Díaz"), "en"),
        )
        .await;
    mail.wait_for(1).await;
    let token = visit["manage_token"].as_str().unwrap();
    let answers = json!({ "moment": "after_visit", "overall": 1, "contact": "email", "contact_value": "rosa@example.com" });
    let (status, body) = app
        .send(
            "POST",
            "/api/v1/clinics/maple-grove/feedback",
            token,
            Some(answers),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let key = app.staff_key("maple-grove").await;
    let (_, queue) = app
        .send("GET", "/api/v1/clinics/maple-grove/follow-ups", &key, None)
        .await;
    let item = queue["items"][0].clone();
    let resolve = format!(
        "/api/v1/clinics/maple-grove/follow-ups/{}/resolve",
        item["id"].as_str().unwrap()
    );
    let (status, _) = app
        .send(
            "POST",
            &resolve,
            &key,
            Some(json!({ "note": "Called her; she is fine now." })),
        )
        .await;
    assert_eq!(status, 200);
    tokio::time::sleep(Duration::from_millis(600)).await;
    let handled: Vec<Value> = mail
        .emails()
        .await
        .into_iter()
        .filter(|e| {
            e["subject"]
                .as_str()
                .unwrap()
                .starts_with("We looked into what you told us")
        })
        .collect();
    assert_eq!(handled.len(), 1, "{item:#}");
    for email in &handled {
        assert!(
            !email["text"].as_str().unwrap().contains("Called her"),
            "staff's note stays with staff"
        );
    }
}

#[tokio::test]
async fn the_catalog_offers_only_the_ways_messages_really_go_out() {
    let without = spawn_app_with(&[]).await;
    let (_, catalog) = without.get("/api/v1/clinics/maple-grove/catalog").await;
    assert_eq!(
        catalog["rules"]["message_channels"],
        json!([]),
        "no email server: the widget promises nothing"
    );
    let with = spawn_app_with(&[
        "--smtp-url",
        "smtp://127.0.0.1:9",
        "--smtp-from",
        "visits@maplegrove.example",
    ])
    .await;
    let (_, catalog) = with.get("/api/v1/clinics/maple-grove/catalog").await;
    assert_eq!(catalog["rules"]["message_channels"], json!(["email"]));
}

#[tokio::test]
async fn staff_can_send_the_confirmation_again_when_the_patient_lost_it() {
    let mail = Maildev::start(None).await;
    let app = app_sending_to(mail.smtp).await;
    let times = app.open_times("sick-visit").await;
    let (_, visit) = app
        .book(
            &new_key(),
            &with_email(
                booking_for(times.last().unwrap(), "sick-visit", "Rosa Díaz"),
                "en",
            ),
        )
        .await;
    let first = mail.wait_for(1).await[0].clone();
    let key = app.staff_key("maple-grove").await;
    let resend = format!(
        "/api/v1/clinics/maple-grove/appointments/{}/messages/resend",
        visit["id"].as_str().unwrap()
    );
    let (status, messages) = app.send("POST", &resend, &key, None).await;
    assert_eq!(status, 202, "{messages}");
    assert_eq!(
        messages
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["kind"] == "confirmation")
            .count(),
        2
    );
    let emails = mail.wait_for(2).await;
    let again = emails.iter().find(|e| e["id"] != first["id"]).unwrap();
    assert_eq!(again["subject"], first["subject"]);
    let link = format!(
        "#pp-manage={}.{}",
        visit["id"].as_str().unwrap(),
        visit["manage_token"].as_str().unwrap()
    );
    assert!(
        again["text"].as_str().unwrap().contains(&link),
        "the same working link"
    );

    // A patient who asked for no messages: nothing to send, and staff are told to call.
    let mut body = booking_for(&times[times.len() - 20], "sick-visit", "Ana Ruiz");
    body["contact_by"] = json!("neither");
    let (_, quiet) = app.book(&new_key(), &body).await;
    let resend = format!(
        "/api/v1/clinics/maple-grove/appointments/{}/messages/resend",
        quiet["id"].as_str().unwrap()
    );
    let (status, reply) = app.send("POST", &resend, &key, None).await;
    assert_eq!(
        (status, reply["error"]["code"].as_str()),
        (409, Some("nothing_to_resend")),
        "{reply}"
    );
}

#[tokio::test]
async fn the_clinics_numbers_count_messages_by_what_became_of_them() {
    let app = spawn_app_with(&["--dispatch-interval-ms", "50"]).await;
    let slot = app.open_times("sick-visit").await.last().unwrap().clone();
    app.book(
        &new_key(),
        &with_email(booking_for(&slot, "sick-visit", "Rosa Díaz"), "en"),
    )
    .await;
    let key = app.staff_key("maple-grove").await;
    let started = Instant::now();
    loop {
        let (status, numbers) = app
            .send("GET", "/api/v1/clinics/maple-grove/numbers", &key, None)
            .await;
        assert_eq!(status, 200, "{numbers}");
        if numbers["messages"]["not_sent"] == 1 {
            assert_eq!(numbers["messages"]["sent"], 0, "{numbers}");
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "{numbers}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn opening_the_emails_link_counts_once_and_lands_on_the_clinics_page_with_the_secret_kept_in_the_fragment(
) {
    let mail = Maildev::start(None).await;
    let app = app_sending_to(mail.smtp).await;
    let slot = app.open_times("sick-visit").await.last().unwrap().clone();
    let (_, visit) = app
        .book(
            &new_key(),
            &with_email(booking_for(&slot, "sick-visit", "Rosa Díaz"), "en"),
        )
        .await;
    let emails = mail.wait_for(1).await;
    let text = emails[0]["text"].as_str().unwrap();
    let link = text
        .split_whitespace()
        .find(|w| w.contains("#pp-manage="))
        .expect("a manage link")
        .to_string();
    let (address, fragment) = link.split_once('#').unwrap();
    assert!(
        address.starts_with(&format!("{}/m/maple-grove/", app.address)),
        "the link goes through this server: {link}"
    );
    assert_eq!(
        fragment,
        format!(
            "pp-manage={}.{}&pp-lang=en",
            visit["id"].as_str().unwrap(),
            visit["manage_token"].as_str().unwrap()
        )
    );

    // A browser sends no fragment; the answer sends it on to the clinic's page, where the
    // browser keeps the fragment.
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for _ in 0..2 {
        let response = browser.get(address).send().await.unwrap();
        assert_eq!(response.status(), 303);
        let location = response.headers()["location"].to_str().unwrap().to_string();
        assert_eq!(
            location,
            format!("{}/", app.address),
            "the clinic's page, no secret in it"
        );
        assert_eq!(response.headers()["cache-control"], "no-store");
    }
    // An unknown message still leads to the clinic's page; an unknown clinic gets a page that
    // says so.
    let response = browser
        .get(format!("{}/m/maple-grove/no-such-message", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(
        browser
            .get(format!("{}/m/no-such-clinic/x", app.address))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    let key = app.staff_key("maple-grove").await;
    let (_, numbers) = app
        .send("GET", "/api/v1/clinics/maple-grove/numbers", &key, None)
        .await;
    assert_eq!(
        numbers["messages"]["links_opened"], 1,
        "opened twice, counted once: {numbers}"
    );
    assert_eq!(numbers["messages"]["sent"], 1, "{numbers}");
    let path = format!(
        "/api/v1/clinics/maple-grove/appointments/{}/messages",
        visit["id"].as_str().unwrap()
    );
    let (_, list) = app.send("GET", &path, &key, None).await;
    assert!(
        list[0]["opened"].is_string(),
        "staff see when it was opened: {list}"
    );
}

/// Starts the portal-server binary on `database`, sending to `smtp`; returns the child once it
/// listens.
fn dispatcher_process(database: &str, smtp: u16) -> std::process::Child {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--database",
            database,
            "--clinic",
            crate::helpers::demo_clinic().to_str().unwrap(),
        ])
        .args([
            "--smtp-url",
            &format!("smtp://127.0.0.1:{smtp}"),
            "--smtp-from",
            "visits@maplegrove.example",
        ])
        .args([
            "--dispatch-interval-ms",
            "20",
            "--dispatch-lease-seconds",
            "2",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("portal-server starts");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .unwrap();
    assert!(line.contains("listening on"), "{line}");
    child
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_killed_mid_dispatch_loses_nothing_and_a_resend_keeps_its_message_id() {
    let mail = Maildev::start(None).await;
    // Book 100 visits on a server that plans messages but leaves them (its dispatcher looks
    // once at start, then every ten minutes).
    let app = spawn_app_with(&["--dispatch-interval-ms", "600000"]).await;
    let times = app.open_times("sick-visit").await;
    let mut booked = 0;
    for (i, slot) in times.iter().enumerate() {
        if booked == 100 {
            break;
        }
        let (status, _) = app
            .book(
                &new_key(),
                &with_email(
                    booking_for(slot, "sick-visit", &format!("Patient Number{i}")),
                    "en",
                ),
            )
            .await;
        booked += usize::from(status == 201);
    }
    assert_eq!(booked, 100);

    // A second process sends them; it is killed (SIGKILL) part way, then started again.
    let mut first = dispatcher_process(&app.database, mail.smtp);
    let started = Instant::now();
    while mail.emails().await.len() < 20 {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the dispatcher sent nothing"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    first.kill().unwrap();
    first.wait().unwrap();
    let at_kill = mail.emails().await.len();
    assert!(at_kill < 100, "killed mid-dispatch ({at_kill} sent)");

    let mut second = dispatcher_process(&app.database, mail.smtp);
    let started = Instant::now();
    let ids = loop {
        let emails = mail.emails().await;
        let ids = Maildev::message_ids(&emails);
        if ids.len() >= 100 {
            break (ids, emails.len());
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{} of 100 delivered",
            ids.len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    second.kill().unwrap();
    second.wait().unwrap();
    let (distinct, total) = ids;
    assert_eq!(distinct.len(), 100, "every confirmation arrived");
    // Only a message that was in the SMTP server's hands when the process died can come twice,
    // and then with the same Message-ID, so the copy is recognisable.
    let total_now = mail.emails().await.len();
    assert!(
        total_now <= 100 + portal_server::outbox::dispatch::CONCURRENCY,
        "{total} then {total_now} emails for 100 messages"
    );
    let db = app.db().await;
    let (sent,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM messages WHERE kind = 'confirmation' AND state = 'sent'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(sent, 100);
}

#[tokio::test]
async fn a_visit_booked_for_tomorrow_promises_only_the_reminder_still_to_come() {
    let mail = Maildev::start(None).await;
    let app = app_sending_to(mail.smtp).await;
    // The clock (what the dispatcher goes by) 30 hours before the visit: the 2-day reminder is
    // past, the 2-hour one is still to come.
    let slot = app.open_times("sick-visit").await.last().unwrap().clone();
    let start: DateTime<Utc> = slot["start"].as_str().unwrap().parse().unwrap();
    app.clock.set(start - chrono::Duration::hours(30));
    app.book(
        &new_key(),
        &with_email(booking_for(&slot, "sick-visit", "Rosa Díaz"), "en"),
    )
    .await;
    let started = Instant::now();
    let text = loop {
        let emails = mail.emails().await;
        if let Some(confirmation) = emails.iter().find(|e| {
            e["subject"]
                .as_str()
                .unwrap()
                .starts_with("Your visit is booked")
        }) {
            break confirmation["text"].as_str().unwrap().to_string();
        }
        assert!(started.elapsed() < Duration::from_secs(15), "{emails:#?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        text.contains("We will remind you 2 hours before."),
        "{text}"
    );
    assert!(!text.contains("2 days"), "{text}");
    app.clock.use_system_time();
}
