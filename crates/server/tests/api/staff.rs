//! Staff keys on the staff routes, and the staff page.

use crate::helpers::spawn_app;

const PACKETS: &str = "/api/v1/clinics/maple-grove/packets";

#[tokio::test]
async fn staff_routes_ask_for_a_key_when_there_is_none() {
    let app = spawn_app().await;
    for path in ["/api/v1/clinics/maple-grove/instruction-templates", PACKETS] {
        let (status, body) = app.send("GET", path, "", None).await;
        assert_eq!(status, 401, "{path}: {body}");
        assert_eq!(body["error"]["code"], "staff_key_required");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("staff key"),
            "{body}"
        );
    }
    let (status, body) = app
        .send(
            "POST",
            "/api/v1/clinics/maple-grove/packets/preview",
            "",
            Some(serde_json::json!({})),
        )
        .await;
    assert_eq!(status, 401, "the key is checked before the body: {body}");
}

#[tokio::test]
async fn a_wrong_key_is_refused() {
    let app = spawn_app().await;
    let _real = app.staff_key("maple-grove").await;
    let (status, body) = app
        .send("GET", PACKETS, &format!("pps_{}", "0".repeat(64)), None)
        .await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "staff_key_invalid");
}

#[tokio::test]
async fn another_clinics_key_does_not_open_this_clinic() {
    let app = spawn_app().await;
    let other = app.staff_key("riverside-clinic").await;
    let (status, body) = app.send("GET", PACKETS, &other, None).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["error"]["code"], "staff_key_invalid");
}

#[tokio::test]
async fn a_live_key_works_and_a_revoked_key_stops_at_once() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let (status, body) = app.send("GET", PACKETS, &key, None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, serde_json::json!([]));
    let (status, body) = app
        .send("GET", &format!("{PACKETS}?state=finished"), &key, None)
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["fields"][0]["path"], "state");
    let db = app.db().await;
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM staff_keys WHERE key_hash = $1")
        .bind(portal_server::tokens::hash(&key))
        .fetch_one(&db)
        .await
        .unwrap();
    assert!(portal_server::staff_keys::revoke(&db, id).await.unwrap());
    let (status, body) = app.send("GET", PACKETS, &key, None).await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "staff_key_invalid");
}

#[tokio::test]
async fn keys_are_stored_only_as_hashes() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    assert!(key.starts_with("pps_") && key.len() == 4 + 64, "{key}");
    let db = app.db().await;
    let hashes: Vec<(String,)> = sqlx::query_as("SELECT key_hash FROM staff_keys")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(hashes.len(), 1);
    assert_ne!(hashes[0].0, key);
    assert!(!hashes[0].0.contains(&key[4..]));
}

#[tokio::test]
async fn an_unknown_clinic_is_a_404_even_with_a_key() {
    let app = spawn_app().await;
    let key = app.staff_key("maple-grove").await;
    let (status, body) = app
        .send("GET", "/api/v1/clinics/nowhere/packets", &key, None)
        .await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn the_staff_page_is_served_with_a_strict_csp_no_store_and_no_inline_script() {
    let app = spawn_app().await;
    for (path, kind) in [
        ("/staff/maple-grove", "text/html"),
        ("/staff/staff.js", "text/javascript"),
        ("/staff/staff.css", "text/css"),
    ] {
        let response = app
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path}");
        let headers = response.headers().clone();
        let csp = headers["content-security-policy"].to_str().unwrap();
        for part in [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(part), "{path}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(headers["cache-control"], "no-store", "{path}");
        assert!(
            headers["content-type"].to_str().unwrap().starts_with(kind),
            "{path}"
        );
        let body = response.text().await.unwrap();
        if path == "/staff/maple-grove" {
            assert!(
                body.contains("<title>Maple Grove Family Practice staff</title>"),
                "{body}"
            );
            // Every <script> loads a file; none carries code, and no element has an on* handler
            // or a style attribute (the CSP would block them).
            for (i, _) in body.match_indices("<script") {
                let tag = &body[i..i + body[i..].find('>').unwrap()];
                assert!(tag.contains("src=\"/staff/staff.js\""), "{tag}");
                assert!(
                    body[i..].starts_with(&format!("{tag}></script>")),
                    "inline script after {tag}"
                );
            }
            assert!(
                !body.contains(" onclick=")
                    && !body.contains(" onload=")
                    && !body.contains(" style=")
            );
            // People sign in with their own email and password; the page names the clinic.
            assert!(body.contains("<label for=\"email\">Email</label>"));
            assert!(body.contains("autocomplete=\"current-password\""));
            assert!(body.contains("<meta name=\"portal-clinic\" content=\"maple-grove\">"));
        }
        if path == "/staff/maple-grove" {
            // The console of an unknown clinic is a 404, and /staff leads to the one clinic.
            let response = app
                .client
                .get(format!("{}/staff/nowhere", app.address))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status().as_u16(), 404);
            let client = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap();
            let response = client
                .get(format!("{}/staff", app.address))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status().as_u16(), 303);
            assert_eq!(response.headers()["location"], "/staff/maple-grove");
        }
        if path == "/staff/staff.js" {
            for forbidden in [
                "localStorage",
                "sessionStorage",
                "document.cookie",
                "innerHTML",
            ] {
                let code: String = body
                    .lines()
                    .filter(|l| !l.trim_start().starts_with("//"))
                    .collect::<Vec<_>>()
                    .join("\n");
                assert!(!code.contains(forbidden), "staff.js uses {forbidden}");
            }
        }
    }
}
