//! Post-visit instructions: staff create packets, patients confirm their date of birth, read,
//! acknowledge and answer; staff see progress; everything is audited.

use serde_json::{json, Value};

use crate::helpers::{link_secret, spawn_app, TestApp};

const PACKETS: &str = "/api/v1/clinics/maple-grove/packets";
const VERIFY: &str = "/api/v1/packets/verify";
const CURRENT: &str = "/api/v1/packets/current";

/// A demo-clinic template id with an English and a Spanish text.
const TEMPLATE: &str = "sprained-ankle";

pub(crate) fn request(name: &str, date_of_birth: &str) -> Value {
    json!({
        "template": TEMPLATE,
        "preferred_name": name,
        "date_of_birth": date_of_birth,
        "language": "en",
        "conditions": ["ICD10:S93.401A"],
        "medicines": [
            { "name": "ibuprofen", "dose": "1 pill", "how": "by_mouth", "times": ["morning", "evening"], "days": 5, "food": "with_food" }
        ],
        "follow_up": { "in_days": 14 },
        "provider_note": "Keep your foot up when you sit."
    })
}

/// Creates a packet and returns (reply, link secret).
async fn create(app: &TestApp, key: &str, body: Value) -> (Value, String) {
    let (status, reply) = app.send("POST", PACKETS, key, Some(body)).await;
    assert_eq!(status, 201, "{reply}");
    let secret = link_secret(&reply["patient_link"], "pp-packet");
    (reply, secret)
}

async fn verify(app: &TestApp, secret: &str, date_of_birth: &str) -> (u16, Value) {
    app.send(
        "POST",
        VERIFY,
        secret,
        Some(json!({ "date_of_birth": date_of_birth })),
    )
    .await
}

async fn session(app: &TestApp, secret: &str, date_of_birth: &str) -> String {
    let (status, body) = verify(app, secret, date_of_birth).await;
    assert_eq!(status, 200, "{body}");
    body["session"].as_str().unwrap().to_string()
}

async fn audit_actions(app: &TestApp, key: &str, id: &str) -> Vec<String> {
    let (status, rows) = app
        .send("GET", &format!("{PACKETS}/{id}/audit"), key, None)
        .await;
    assert_eq!(status, 200, "{rows}");
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_templates_list_has_the_demo_templates_in_both_languages() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let (status, body) = app
        .send(
            "GET",
            "/api/v1/clinics/maple-grove/instruction-templates",
            &key,
            None,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let templates = body.as_array().unwrap();
    let ankle = templates
        .iter()
        .find(|t| t["id"] == TEMPLATE)
        .expect("the sprained ankle template");
    assert!(!ankle["title"]["en"].as_str().unwrap().is_empty());
    assert!(ankle["title"]["es"].is_string(), "{ankle}");
    assert!(templates.len() >= 3, "{body}");
}

#[tokio::test]
async fn a_preview_shows_the_packet_and_its_reading_level_and_stores_nothing() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let (status, body) = app
        .send(
            "POST",
            &format!("{PACKETS}/preview"),
            &key,
            Some(request("Rosa", "1961-04-17")),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["packet"]["preferred_name"], "Rosa");
    assert_eq!(body["packet"]["language"], "en");
    assert!(!body["packet"]["sections"].as_array().unwrap().is_empty());
    assert!(
        body["readability"]["sections"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["language"] == "es"),
        "{}",
        body["readability"]
    );
    let (_, list) = app.send("GET", PACKETS, &key, None).await;
    assert_eq!(list, json!([]));
}

/// A Spanish packet's link, and the new link staff make for it, open the widget in Spanish;
/// the packet names the provider as the clinic writes it in Spanish ("Dra.").
#[tokio::test]
async fn a_spanish_packet_link_opens_in_spanish_and_names_the_doctor_in_spanish() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let mut body = request("Rosa", "1961-04-17");
    body["language"] = json!("es");
    body["provider"] = json!("dr-lopez");
    let (reply, secret) = create(&app, &key, body).await;
    let link = reply["patient_link"].as_str().unwrap();
    assert!(link.ends_with("&pp-lang=es"), "{link}");
    let id = reply["id"].as_str().unwrap();
    let (status, fresh) = app
        .send("POST", &format!("{PACKETS}/{id}/new-link"), &key, None)
        .await;
    assert_eq!(status, 200, "{fresh}");
    assert!(
        fresh["patient_link"]
            .as_str()
            .unwrap()
            .ends_with("&pp-lang=es"),
        "{fresh}"
    );
    let secret_now = link_secret(&fresh["patient_link"], "pp-packet");
    assert_ne!(secret_now, secret);
    let session = session(&app, &secret_now, "1961-04-17").await;
    let (status, packet) = app.send("GET", CURRENT, &session, None).await;
    assert_eq!(status, 200, "{packet}");
    let words = packet.to_string();
    assert!(words.contains("Dra. Ana López"), "{words}");
    assert!(!words.contains("Dr. Ana"), "{words}");
}

#[tokio::test]
async fn creating_a_packet_gives_a_one_time_link_with_the_secret_in_the_fragment() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let (reply, secret) = create(&app, &key, request("Rosa", "1961-04-17")).await;
    let link = reply["patient_link"].as_str().unwrap();
    // The demo clinic sets no patient_page, so the link is this server's own page, with the
    // secret in the fragment only.
    assert!(
        link.starts_with(&format!("{}/#pp-packet=", app.address)),
        "{link}"
    );
    assert!(!link.contains('?'), "{link}");
    assert_eq!(secret.len(), 64, "256 bits, hex");
    let expires: chrono::DateTime<chrono::Utc> =
        reply["expires_at"].as_str().unwrap().parse().unwrap();
    let days = (expires - chrono::Utc::now()).num_hours() as f64 / 24.0;
    assert!((29.9..=30.1).contains(&days), "{days}");
    // Only the hash is stored.
    let db = app.db().await;
    let (hash,): (String,) = sqlx::query_as("SELECT link_hash FROM packets")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(hash, portal_server::tokens::hash(&secret));
    // Staff see it, not yet opened.
    let (status, status_body) = app
        .send(
            "GET",
            &format!("{PACKETS}/{}", reply["id"].as_str().unwrap()),
            &key,
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(status_body["state"], "active");
    assert_eq!(status_body["preferred_name"], "Rosa");
    assert!(status_body.get("opened_at").is_none());
    assert_eq!(status_body["complete"], false);
}

#[tokio::test]
async fn field_problems_come_back_with_their_paths() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let mut body = request("Rosa", "1961-04-17");
    body["template"] = json!("no-such-template");
    let (status, reply) = app.send("POST", PACKETS, &key, Some(body)).await;
    assert_eq!(status, 422, "{reply}");
    assert_eq!(reply["error"]["code"], "invalid_fields");
    assert!(
        reply["error"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["path"] == "template"),
        "{reply}"
    );

    let mut body = request("Rosa", "1961-04-17");
    body["medicines"][0]["times"] = json!(["midnight"]);
    body["appointment"] = json!("not-a-visit");
    let (status, reply) = app.send("POST", PACKETS, &key, Some(body)).await;
    assert_eq!(status, 422, "{reply}");
    let paths: Vec<&str> = reply["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"medicines[0].times[0]"), "{paths:?}");
    assert!(paths.contains(&"appointment"), "{paths:?}");
}

#[tokio::test]
async fn a_packet_above_the_maximum_grade_needs_an_override() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let mut body = request("Rosa", "1961-04-17");
    body["provider_note"] = json!(
        "Notwithstanding the considerable musculoskeletal inflammation, comprehensive anti-inflammatory pharmacotherapy necessitates meticulous gastrointestinal surveillance, particularly considering concomitant anticoagulation administration and cardiovascular comorbidities."
    );
    let (status, reply) = app.send("POST", PACKETS, &key, Some(body.clone())).await;
    assert_eq!(status, 422, "{reply}");
    assert_eq!(reply["error"]["code"], "readability_above_max");
    assert!(
        reply["error"]["message"]
            .as_str()
            .unwrap()
            .contains("grade"),
        "{reply}"
    );
    let report = &reply["error"]["readability"];
    assert_eq!(report["above_max"], true, "{reply}");
    assert!(
        report["sections"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["above_max"] == true && s["section"] == "note"),
        "{report}"
    );
    let (_, list) = app.send("GET", PACKETS, &key, None).await;
    assert_eq!(list, json!([]), "nothing stored");

    body["override_readability"] = json!(true);
    let (reply, _) = create(&app, &key, body).await;
    let (_, status_body) = app
        .send(
            "GET",
            &format!("{PACKETS}/{}", reply["id"].as_str().unwrap()),
            &key,
            None,
        )
        .await;
    assert_eq!(status_body["readability_override"], true);
}

#[tokio::test]
async fn the_right_date_of_birth_opens_a_session_and_the_packet_in_the_patients_language() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let mut body = request("Rosa", "1961-04-17");
    body["language"] = json!("es");
    let (reply, secret) = create(&app, &key, body).await;
    let (status, verified) = verify(&app, &secret, "1961-04-17").await;
    assert_eq!(status, 200, "{verified}");
    let session = verified["session"].as_str().unwrap();
    assert_eq!(session.len(), 64);
    let expires: chrono::DateTime<chrono::Utc> =
        verified["expires_at"].as_str().unwrap().parse().unwrap();
    assert!((expires - chrono::Utc::now()).num_minutes() >= 29);

    let (status, view) = app.send("GET", CURRENT, session, None).await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["language"], "es");
    assert_eq!(view["preferred_name"], "Rosa");
    assert_eq!(view["clinic_phone"], "(555) 010-2233");
    let (_, english) = app
        .send("GET", &format!("{CURRENT}?lang=en"), session, None)
        .await;
    assert_eq!(english["language"], "en");
    let (_, unknown) = app
        .send("GET", &format!("{CURRENT}?lang=fr"), session, None)
        .await;
    assert_eq!(
        unknown["language"], "es",
        "the patient's language when the packet lacks the one asked for"
    );

    let (_, status_body) = app
        .send(
            "GET",
            &format!("{PACKETS}/{}", reply["id"].as_str().unwrap()),
            &key,
            None,
        )
        .await;
    assert!(status_body["opened_at"].is_string(), "{status_body}");
}

#[tokio::test]
async fn a_malformed_date_is_a_field_error_and_does_not_count_as_a_try() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let (_, secret) = create(&app, &key, request("Rosa", "1961-04-17")).await;
    let (status, body) = verify(&app, &secret, "17/04/1961").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["fields"][0]["path"], "date_of_birth");
    let (status, body) = verify(&app, &secret, "1961-04-18").await;
    assert_eq!(status, 403);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("4 more tries"),
        "{body}"
    );
}

#[tokio::test]
async fn a_spanish_page_gets_its_refusals_in_spanish() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let (_, secret) = create(&app, &key, request("Rosa", "1961-04-17")).await;
    let wrong = json!({ "date_of_birth": "1960-01-01", "language": "es" });
    let (status, body) = app.send("POST", VERIFY, &secret, Some(wrong.clone())).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(
        body["error"]["message"],
        "Esta fecha de nacimiento no es la que tenemos. Revísela e intente de nuevo. Le quedan 4 intentos más. Si necesita ayuda, llámenos al (555) 010-2233."
    );
    for _ in 0..4 {
        app.send("POST", VERIFY, &secret, Some(wrong.clone())).await;
    }
    let (status, body) = app.send("POST", VERIFY, &secret, Some(wrong)).await;
    assert_eq!(status, 423, "{body}");
    assert_eq!(
        body["error"]["message"],
        "Por su seguridad, cerramos esta página. Por favor, llámenos al (555) 010-2233 y le ayudaremos."
    );
}

#[tokio::test]
async fn five_wrong_dates_lock_the_packet_even_for_the_right_date() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let (reply, secret) = create(&app, &key, request("Rosa", "1961-04-17")).await;
    for left in (1..=4).rev() {
        let (status, body) = verify(&app, &secret, "1960-01-01").await;
        assert_eq!(status, 403, "{body}");
        assert_eq!(body["error"]["code"], "date_of_birth_mismatch");
        let message = body["error"]["message"].as_str().unwrap();
        let tries = if left == 1 {
            "1 more try".to_string()
        } else {
            format!("{left} more tries")
        };
        assert!(message.contains(&tries), "{message}");
        assert!(message.contains("(555) 010-2233"), "{message}");
    }
    let (status, body) = verify(&app, &secret, "1960-01-01").await;
    assert_eq!(status, 423, "{body}");
    assert_eq!(body["error"]["code"], "packet_locked");
    assert_eq!(
        body["error"]["message"],
        "For your safety we locked this page. Please call us at (555) 010-2233 and we will help."
    );
    let (status, body) = verify(&app, &secret, "1961-04-17").await;
    assert_eq!(status, 423, "the right date is refused once locked: {body}");
    let id = reply["id"].as_str().unwrap();
    let (_, status_body) = app
        .send("GET", &format!("{PACKETS}/{id}"), &key, None)
        .await;
    assert_eq!(status_body["state"], "locked");
    let (_, locked) = app
        .send("GET", &format!("{PACKETS}?state=locked"), &key, None)
        .await;
    assert_eq!(locked.as_array().unwrap().len(), 1);
    let actions = audit_actions(&app, &key, id).await;
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "packet.verify_failed")
            .count(),
        5,
        "{actions:?}"
    );
    assert!(actions.contains(&"packet.locked".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_wrong_dates_never_exceed_the_limit() {
    let app = std::sync::Arc::new(spawn_app().await);
    let key = app.staff_key("maple-grove").await;
    let (_, secret) = create(&app, &key, request("Rosa", "1961-04-17")).await;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (app, secret) = (app.clone(), secret.clone());
        tasks.spawn(async move { verify(&app, &secret, "1960-01-01").await.0 });
    }
    let (mut mismatches, mut locked) = (0, 0);
    while let Some(status) = tasks.join_next().await {
        match status.unwrap() {
            403 => mismatches += 1,
            423 => locked += 1,
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!((mismatches, locked), (4, 16));
    let db = app.db().await;
    let (failed,): (i64,) = sqlx::query_as("SELECT failed_attempts FROM packets")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(failed, 5);
}

#[tokio::test]
async fn unknown_expired_and_revoked_links_say_what_to_do() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let (status, body) = verify(&app, &"ab".repeat(32), "1961-04-17").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "link_not_found");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("(555) 010-2233"));

    let (reply, secret) = create(&app, &key, request("Rosa", "1961-04-17")).await;
    let id = reply["id"].as_str().unwrap();
    let db = app.db().await;
    sqlx::query("UPDATE packets SET expires_at = $1 WHERE public_id = $2")
        .bind(chrono::Utc::now().timestamp() - 1)
        .bind(id)
        .execute(&db)
        .await
        .unwrap();
    let (status, body) = verify(&app, &secret, "1961-04-17").await;
    assert_eq!(status, 410, "{body}");
    assert_eq!(body["error"]["code"], "link_expired");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("(555) 010-2233"));
    let (_, expired) = app
        .send("GET", &format!("{PACKETS}?state=expired"), &key, None)
        .await;
    assert_eq!(expired[0]["state"], "expired");

    let (reply, secret) = create(&app, &key, request("Ann", "1950-02-03")).await;
    let session = session(&app, &secret, "1950-02-03").await;
    let id = reply["id"].as_str().unwrap();
    let (status, revoked) = app
        .send("POST", &format!("{PACKETS}/{id}/revoke"), &key, None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(revoked["state"], "revoked");
    let (status, _) = app
        .send("POST", &format!("{PACKETS}/{id}/revoke"), &key, None)
        .await;
    assert_eq!(status, 200, "revoking twice is harmless");
    let (status, body) = verify(&app, &secret, "1950-02-03").await;
    assert_eq!(status, 410);
    assert_eq!(body["error"]["code"], "link_revoked");
    let (status, _) = app.send("GET", CURRENT, &session, None).await;
    assert!(
        status == 401 || status == 410,
        "a revoked packet's session stops working: {status}"
    );
    let (status, body) = app
        .send("POST", &format!("{PACKETS}/{id}/new-link"), &key, None)
        .await;
    assert_eq!(status, 409, "{body}");
}

#[tokio::test]
async fn a_new_link_unlocks_and_the_old_link_stops_working() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let (reply, old) = create(&app, &key, request("Rosa", "1961-04-17")).await;
    for _ in 0..5 {
        verify(&app, &old, "1960-01-01").await;
    }
    let id = reply["id"].as_str().unwrap();
    let (status, fresh) = app
        .send("POST", &format!("{PACKETS}/{id}/new-link"), &key, None)
        .await;
    assert_eq!(status, 200, "{fresh}");
    assert_eq!(fresh["id"], id);
    let new = link_secret(&fresh["patient_link"], "pp-packet");
    assert_ne!(new, old);
    let (status, _) = verify(&app, &old, "1961-04-17").await;
    assert_eq!(status, 404, "the old link no longer exists");
    let (status, body) = verify(&app, &new, "1961-04-17").await;
    assert_eq!(status, 200, "{body}");
    let (_, status_body) = app
        .send("GET", &format!("{PACKETS}/{id}"), &key, None)
        .await;
    assert_eq!(status_body["state"], "active");
}

#[tokio::test]
async fn one_patients_link_or_session_never_opens_another_patients_packet() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let (_, rosa) = create(&app, &key, request("Rosa", "1961-04-17")).await;
    let (_, ann) = create(&app, &key, request("Ann", "1950-02-03")).await;
    // Rosa's link with Ann's date of birth is a wrong date, not Ann's packet.
    let (status, _) = verify(&app, &rosa, "1950-02-03").await;
    assert_eq!(status, 403);
    let rosa_session = session(&app, &rosa, "1961-04-17").await;
    let ann_session = session(&app, &ann, "1950-02-03").await;
    let (_, view) = app.send("GET", CURRENT, &rosa_session, None).await;
    assert_eq!(view["preferred_name"], "Rosa");
    let (_, view) = app.send("GET", CURRENT, &ann_session, None).await;
    assert_eq!(view["preferred_name"], "Ann");
    // A link secret is not a session, and a session is not a link.
    let (status, _) = app.send("GET", CURRENT, &ann, None).await;
    assert_eq!(status, 401);
    let (status, _) = verify(&app, &ann_session, "1950-02-03").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn an_expired_session_asks_for_the_date_of_birth_again() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let (_, secret) = create(&app, &key, request("Rosa", "1961-04-17")).await;
    let session = session(&app, &secret, "1961-04-17").await;
    let db = app.db().await;
    sqlx::query("UPDATE packet_sessions SET expires_at = $1")
        .bind(chrono::Utc::now().timestamp() - 1)
        .execute(&db)
        .await
        .unwrap();
    let (status, body) = app.send("GET", CURRENT, &session, None).await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "session_expired");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("date of birth again"));
    let (status, body) = app.send("GET", CURRENT, "", None).await;
    assert_eq!(status, 401, "{body}");
}

#[tokio::test]
async fn acknowledgements_and_teach_back_answers_are_stored_and_shown_to_staff() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let (reply, secret) = create(&app, &key, request("Rosa", "1961-04-17")).await;
    let id = reply["id"].as_str().unwrap();
    let session = session(&app, &secret, "1961-04-17").await;
    let (_, view) = app.send("GET", CURRENT, &session, None).await;
    let sections: Vec<String> = view["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();

    let ack = |section: &str| json!({ "section": section });
    let (status, body) = app
        .send(
            "POST",
            &format!("{CURRENT}/acknowledgements"),
            &session,
            Some(ack(&sections[0])),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["acknowledged"], json!([sections[0]]));
    let (status, _) = app
        .send(
            "POST",
            &format!("{CURRENT}/acknowledgements"),
            &session,
            Some(ack(&sections[0])),
        )
        .await;
    assert_eq!(status, 200, "acknowledging twice is harmless");
    let (status, body) = app
        .send(
            "POST",
            &format!("{CURRENT}/acknowledgements"),
            &session,
            Some(ack("nope")),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["fields"][0]["path"], "section");

    let questions = view["teach_back"].as_array().unwrap().clone();
    assert!(
        !questions.is_empty(),
        "the demo template has teach-back questions: {view}"
    );
    let db = app.db().await;
    let (answers,): (String,) = sqlx::query_as("SELECT answers_json FROM packets")
        .fetch_one(&db)
        .await
        .unwrap();
    let answers: Vec<(String, u32)> = serde_json::from_str(&answers).unwrap();
    let first = &questions[0];
    let qid = first["id"].as_str().unwrap();
    let right = answers.iter().find(|(q, _)| q == qid).unwrap().1;
    let wrong = (right + 1) % first["choices"].as_array().unwrap().len() as u32;
    let (status, verdict) = app
        .send(
            "POST",
            &format!("{CURRENT}/teach-back"),
            &session,
            Some(json!({ "question": qid, "choice": wrong })),
        )
        .await;
    assert_eq!(status, 200, "{verdict}");
    assert_eq!(verdict["correct"], false);
    assert_eq!(verdict["reread"], first["section"]);
    let (_, verdict) = app
        .send(
            "POST",
            &format!("{CURRENT}/teach-back"),
            &session,
            Some(json!({ "question": qid, "choice": right })),
        )
        .await;
    assert_eq!(verdict, json!({ "correct": true }));
    let (status, body) = app
        .send(
            "POST",
            &format!("{CURRENT}/teach-back"),
            &session,
            Some(json!({ "question": "nope", "choice": 0 })),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["fields"][0]["path"], "question");
    let (status, body) = app
        .send(
            "POST",
            &format!("{CURRENT}/teach-back"),
            &session,
            Some(json!({ "question": qid, "choice": 99 })),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["fields"][0]["path"], "choice");

    let (_, view) = app.send("GET", CURRENT, &session, None).await;
    assert_eq!(view["acknowledged"], json!([sections[0]]));
    assert_eq!(view["teach_back_passed"], json!([qid]));

    let (_, status_body) = app
        .send("GET", &format!("{PACKETS}/{id}"), &key, None)
        .await;
    assert_eq!(status_body["acknowledged"], json!([sections[0]]));
    assert_eq!(status_body["section_count"], sections.len());
    assert_eq!(
        status_body["teach_back"],
        json!([{ "question": qid, "correct": true, "attempts": 2 }])
    );
    assert_eq!(status_body["complete"], false);

    // Everything acknowledged and every question right: complete.
    for section in &sections {
        app.send(
            "POST",
            &format!("{CURRENT}/acknowledgements"),
            &session,
            Some(ack(section)),
        )
        .await;
    }
    for q in &questions {
        let qid = q["id"].as_str().unwrap();
        let right = answers.iter().find(|(a, _)| a == qid).unwrap().1;
        app.send(
            "POST",
            &format!("{CURRENT}/teach-back"),
            &session,
            Some(json!({ "question": qid, "choice": right })),
        )
        .await;
    }
    let (_, status_body) = app
        .send("GET", &format!("{PACKETS}/{id}"), &key, None)
        .await;
    assert_eq!(status_body["complete"], true, "{status_body}");
}

#[tokio::test]
async fn every_read_and_write_is_audited_without_patient_data() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    app.send(
        "POST",
        &format!("{PACKETS}/preview"),
        &key,
        Some(request("Rosa", "1961-04-17")),
    )
    .await;
    let (reply, secret) = create(&app, &key, request("Rosa", "1961-04-17")).await;
    let id = reply["id"].as_str().unwrap().to_string();
    app.send("GET", PACKETS, &key, None).await;
    app.send("GET", &format!("{PACKETS}/{id}"), &key, None)
        .await;
    verify(&app, &secret, "1960-01-01").await;
    let session = session(&app, &secret, "1961-04-17").await;
    let (_, view) = app.send("GET", CURRENT, &session, None).await;
    let section = view["sections"][0]["id"].clone();
    app.send(
        "POST",
        &format!("{CURRENT}/acknowledgements"),
        &session,
        Some(json!({ "section": section })),
    )
    .await;
    let question = view["teach_back"][0]["id"].clone();
    app.send(
        "POST",
        &format!("{CURRENT}/teach-back"),
        &session,
        Some(json!({ "question": question, "choice": 0 })),
    )
    .await;
    app.send("POST", &format!("{PACKETS}/{id}/new-link"), &key, None)
        .await;
    app.send("POST", &format!("{PACKETS}/{id}/revoke"), &key, None)
        .await;

    let actions = audit_actions(&app, &key, &id).await;
    for action in [
        "packet.create",
        "packet.status",
        "packet.verify_failed",
        "packet.verify",
        "packet.read",
        "packet.acknowledge",
        "packet.teach_back",
        "packet.new_link",
        "packet.revoke",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} missing from {actions:?}"
        );
    }
    let (_, rows) = app
        .send("GET", &format!("{PACKETS}/{id}/audit"), &key, None)
        .await;
    assert!(rows
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["actor"] == format!("patient:{id}")));
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .any(|r| r["actor"].as_str().unwrap().starts_with("key:")),
        "a staff key is named by its id: {rows}"
    );

    let db = app.db().await;
    let all: Vec<(String, String, String, Option<String>)> =
        sqlx::query_as("SELECT clinic_id, actor, action, packet_public_id FROM audit_log")
            .fetch_all(&db)
            .await
            .unwrap();
    assert!(all.iter().any(|r| r.2 == "packet.preview" && r.3.is_none()));
    assert!(all.iter().any(|r| r.2 == "packet.list" && r.3.is_none()));
    let text = format!("{all:?}");
    for secret_or_data in [
        "Rosa",
        "1961-04-17",
        "1960-01-01",
        "Keep your foot up",
        "ibuprofen",
        &secret,
        &session,
    ] {
        assert!(
            !text.contains(secret_or_data),
            "the audit log holds {secret_or_data}"
        );
    }
}

#[tokio::test]
async fn staff_of_one_clinic_cannot_read_another_clinics_packet_by_id() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let (reply, _) = create(&app, &key, request("Rosa", "1961-04-17")).await;
    let id = reply["id"].as_str().unwrap();
    let db = app.db().await;
    sqlx::query("UPDATE packets SET clinic_id = 'elsewhere'")
        .execute(&db)
        .await
        .unwrap();
    let (status, body) = app
        .send("GET", &format!("{PACKETS}/{id}"), &key, None)
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"]["code"], "packet_not_found");
}

#[tokio::test]
async fn the_openapi_document_lists_the_instruction_routes_and_their_security() {
    let app = spawn_app().await;
    let (_, doc) = app.get("/api/v1/openapi.json").await;
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/clinics/{clinic}/instruction-templates",
        "/api/v1/clinics/{clinic}/packets",
        "/api/v1/clinics/{clinic}/packets/preview",
        "/api/v1/clinics/{clinic}/packets/{id}",
        "/api/v1/clinics/{clinic}/packets/{id}/revoke",
        "/api/v1/clinics/{clinic}/packets/{id}/new-link",
        "/api/v1/clinics/{clinic}/packets/{id}/audit",
        "/api/v1/packets/verify",
        "/api/v1/packets/current",
        "/api/v1/packets/current/acknowledgements",
        "/api/v1/packets/current/teach-back",
    ] {
        assert!(paths.contains_key(path), "{path} missing");
    }
    let schemes = &doc["components"]["securitySchemes"];
    for scheme in ["manage_token", "staff_key", "packet_link", "packet_session"] {
        assert_eq!(schemes[scheme]["scheme"], "bearer", "{scheme}");
    }
    assert!(doc["components"]["schemas"]["PacketRequest"].is_object());
}

#[tokio::test]
async fn using_a_session_keeps_it_open_for_another_thirty_minutes() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let (_, secret) = create(&app, &key, request("Rosa", "1961-04-17")).await;
    let session = session(&app, &secret, "1961-04-17").await;
    let db = app.db().await;
    let soon = chrono::Utc::now().timestamp() + 60;
    sqlx::query("UPDATE packet_sessions SET expires_at = $1")
        .bind(soon)
        .execute(&db)
        .await
        .unwrap();
    let (status, _) = app.send("GET", CURRENT, &session, None).await;
    assert_eq!(status, 200);
    let (expires,): (i64,) = sqlx::query_as("SELECT expires_at FROM packet_sessions")
        .fetch_one(&db)
        .await
        .unwrap();
    assert!(
        expires >= chrono::Utc::now().timestamp() + 29 * 60,
        "{expires}"
    );
}

#[tokio::test]
async fn the_server_log_never_holds_a_key_a_link_a_session_or_patient_data() {
    let server = crate::helpers::LoggedServer::start();
    let (address, key) = (server.address.clone(), server.key.clone());
    let client = reqwest::Client::new();
    let post = |path: &str, bearer: &str, body: Value| {
        client
            .post(format!("{address}{path}"))
            .bearer_auth(bearer.to_string())
            .json(&body)
            .send()
    };
    let reply: Value = post(PACKETS, &key, request("Rosa", "1961-04-17"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let secret = link_secret(&reply["patient_link"], "pp-packet");
    let id = reply["id"].as_str().unwrap().to_string();
    post(VERIFY, &secret, json!({ "date_of_birth": "1960-01-01" }))
        .await
        .unwrap();
    let verified: Value = post(VERIFY, &secret, json!({ "date_of_birth": "1961-04-17" }))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let session = verified["session"].as_str().unwrap().to_string();
    client
        .get(format!("{address}{CURRENT}?lang=es"))
        .bearer_auth(&session)
        .send()
        .await
        .unwrap();
    client
        .get(format!("{address}{PACKETS}/{id}"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    let log = server.log();
    assert!(log.contains("route=\"/api/v1/packets/verify\""), "{log}");
    for leak in [
        key.as_str(),
        &key[4..],
        secret.as_str(),
        session.as_str(),
        id.as_str(),
        "Rosa",
        "1961-04-17",
        "1960-01-01",
        "lang=es",
    ] {
        assert!(!log.contains(leak), "the log holds {leak}:\n{log}");
    }
}
