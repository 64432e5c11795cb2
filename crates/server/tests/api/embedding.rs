//! Embedding: CORS for the inline widget, the isolated-mode iframe page, trusted proxies for
//! rate limits, and cache headers of the widget's files.

use base64::Engine;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{booking_for, demo_clinic, new_key, spawn_app, spawn_app_with, TestApp};

/// An origin in the demo clinic's `clinic.embed_origins`.
const ALLOWED: &str = "http://localhost:8080";
/// An origin no clinic allows.
const STRANGER: &str = "https://tracker.example";

async fn preflight(app: &TestApp, path: &str, origin: &str, method: &str) -> reqwest::Response {
    app.client
        .request(Method::OPTIONS, format!("{}{}", app.address, path))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", method)
        .header(
            "Access-Control-Request-Headers",
            "content-type,idempotency-key",
        )
        .send()
        .await
        .expect("request")
}

fn header<'a>(response: &'a reqwest::Response, name: &str) -> Option<&'a str> {
    response.headers().get(name).and_then(|v| v.to_str().ok())
}

fn varies_on_origin(response: &reqwest::Response) -> bool {
    response
        .headers()
        .get_all("vary")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| {
            v.split(',')
                .any(|p| p.trim().eq_ignore_ascii_case("origin"))
        })
}

#[tokio::test]
async fn a_preflight_from_an_allowed_origin_is_answered_with_exact_headers() {
    let app = spawn_app().await;
    let response = preflight(
        &app,
        "/api/v1/clinics/maple-grove/appointments",
        ALLOWED,
        "POST",
    )
    .await;
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(
        header(&response, "access-control-allow-origin"),
        Some(ALLOWED)
    );
    assert_eq!(
        header(&response, "access-control-allow-methods"),
        Some("GET, POST")
    );
    assert_eq!(
        header(&response, "access-control-allow-headers"),
        Some("content-type, authorization, idempotency-key")
    );
    assert_eq!(header(&response, "access-control-max-age"), Some("600"));
    assert_eq!(
        header(&response, "access-control-allow-credentials"),
        None,
        "bearer tokens, never cookies"
    );
    assert!(varies_on_origin(&response));
}

#[tokio::test]
async fn a_request_from_an_allowed_origin_may_read_the_answer() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!(
            "{}/api/v1/clinics/maple-grove/catalog",
            app.address
        ))
        .header("Origin", ALLOWED)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        header(&response, "access-control-allow-origin"),
        Some(ALLOWED)
    );
    assert!(varies_on_origin(&response));
    // A patient route without a clinic in the path: any clinic's allow-list.
    let response = preflight(&app, "/api/v1/appointments/abc/cancel", ALLOWED, "POST").await;
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(
        header(&response, "access-control-allow-origin"),
        Some(ALLOWED)
    );
}

#[tokio::test]
async fn an_origin_not_on_the_allow_list_is_refused_and_told_what_to_add() {
    let app = spawn_app().await;
    let response = preflight(
        &app,
        "/api/v1/clinics/maple-grove/appointments",
        STRANGER,
        "POST",
    )
    .await;
    assert_eq!(response.status().as_u16(), 403);
    assert_eq!(header(&response, "access-control-allow-origin"), None);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "origin_not_allowed");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains(STRANGER) && message.contains("clinic.embed_origins"),
        "{message}"
    );

    let response = app
        .client
        .get(format!(
            "{}/api/v1/clinics/maple-grove/catalog",
            app.address
        ))
        .header("Origin", STRANGER)
        .send()
        .await
        .unwrap();
    // Not run; the refusal is readable, so the widget can show the phone and the developer
    // the fix, and holds nothing of the clinic's.
    assert_eq!(response.status().as_u16(), 403);
    assert_eq!(
        header(&response, "access-control-allow-origin"),
        Some(STRANGER)
    );
    assert!(varies_on_origin(&response));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "origin_not_allowed");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains(&format!("add \"{STRANGER}\" to clinic.embed_origins")),
        "{body}"
    );
    assert!(body.get("clinic").is_none(), "{body}");

    // A simple POST from that page (no preflight) is not run either.
    let response = app
        .client
        .post(format!("{}/api/v1/clinics/maple-grove/funnel", app.address))
        .header("Origin", STRANGER)
        .header("Content-Type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
}

#[tokio::test]
async fn same_origin_requests_are_left_alone() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!(
            "{}/api/v1/clinics/maple-grove/catalog",
            app.address
        ))
        .header("Origin", &app.address)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(header(&response, "access-control-allow-origin"), None);
}

#[tokio::test]
async fn staff_routes_are_never_opened_to_other_origins() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/clinics/maple-grove/packets",
        "/api/v1/clinics/maple-grove/packets/preview",
    ] {
        let response = preflight(&app, path, ALLOWED, "POST").await;
        assert_ne!(response.status().as_u16(), 204, "{path}");
        assert_eq!(
            header(&response, "access-control-allow-origin"),
            None,
            "{path}"
        );
    }
    let key = app.staff_key("maple-grove").await;
    let response = app
        .client
        .get(format!(
            "{}/api/v1/clinics/maple-grove/packets",
            app.address
        ))
        .bearer_auth(key)
        .header("Origin", ALLOWED)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(header(&response, "access-control-allow-origin"), None);
}

fn embed_url(app: &TestApp, query: &str) -> String {
    format!("{}/embed/maple-grove?{query}", app.address)
}

#[tokio::test]
async fn the_embed_page_may_be_framed_only_by_the_host_page_and_runs_no_inline_script() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(embed_url(
            &app,
            "origin=http://localhost:8080&view=booking&id=w1",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        header(&response, "content-security-policy"),
        Some(
            "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; \
             img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors http://localhost:8080"
        )
    );
    assert_eq!(header(&response, "referrer-policy"), Some("no-referrer"));
    assert_eq!(header(&response, "x-content-type-options"), Some("nosniff"));
    assert_eq!(header(&response, "cache-control"), Some("no-store"));
    assert!(header(&response, "content-type")
        .unwrap()
        .starts_with("text/html"));
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"data-clinic="maple-grove""#), "{html}");
    assert!(
        html.contains(r#"data-origin="http://localhost:8080""#),
        "{html}"
    );
    assert!(
        html.contains(r#"data-view="booking""#) && html.contains(r#"data-id="w1""#),
        "{html}"
    );
    assert!(
        html.contains(r#"<script src="/embed/embed.js" defer></script>"#),
        "{html}"
    );
    assert_eq!(
        html.matches("<script").count(),
        html.matches("<script src=").count(),
        "no inline script: {html}"
    );
    assert!(
        !html.contains("<style") && !html.contains("style="),
        "no inline style: {html}"
    );
}

/// The frame's page names every file the widget will ask for at once (with SRI hashes, and the
/// catalog), so that nothing waits for another file to run; and for booking it carries the
/// first step itself, in the patient's language, to read before the widget has loaded.
#[tokio::test]
async fn the_frame_page_preloads_the_widget_and_draws_the_first_step() {
    let assets = tempfile::tempdir().unwrap();
    std::fs::create_dir(assets.path().join("widget")).unwrap();
    let files = json!({
        "booking": ["portal_widget_booking.aaaa.js", "sha384-glue"],
        "booking_wasm": ["portal_widget_booking_bg.bbbb.wasm", "sha384-wasm"],
        "css_booking": ["widget_booking.cccc.css", "sha384-css"],
        "config": ["patient-portal-config.dddd.js", "sha384-config"],
        "instructions": ["portal_widget_instructions.eeee.js", "sha384-glue2"],
        "instructions_wasm": ["portal_widget_instructions_bg.ffff.wasm", "sha384-wasm2"],
        "css_instructions": ["widget_instructions.9999.css", "sha384-css2"],
        "frame": ["patient-portal-frame.7777.js", "sha384-frame"]
    });
    std::fs::write(assets.path().join("widget/files.json"), files.to_string()).unwrap();
    std::fs::write(
        assets.path().join("widget/widget_booking.cccc.css"),
        ".pp-button{min-height:44px}",
    )
    .unwrap();
    let app = crate::helpers::spawn_app_with(&["--assets", assets.path().to_str().unwrap()]).await;
    let page = |query: String| {
        let url = embed_url(&app, &query);
        let client = app.client.clone();
        async move { client.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let html = page("origin=http://localhost:8080&view=booking&locale=es-US".into()).await;
    for expected in [
        r#"<link rel="modulepreload" href="/widget/patient-portal-config.dddd.js" integrity="sha384-config">"#,
        r#"<link rel="modulepreload" href="/widget/portal_widget_booking.aaaa.js" integrity="sha384-glue">"#,
        r#"<link rel="preload" href="/widget/portal_widget_booking_bg.bbbb.wasm" as="fetch" type="application/wasm" crossorigin>"#,
        r#"<link rel="preload" href="/api/v1/clinics/maple-grove/catalog" as="fetch" crossorigin>"#,
        r#"<script src="/widget/patient-portal-frame.7777.js" integrity="sha384-frame" defer></script>"#,
    ] {
        assert!(html.contains(expected), "{expected}\n{html}");
    }
    // The loader and embed.js come in that one file: the frame asks for neither by name.
    assert_eq!(html.matches("<script").count(), 1, "{html}");
    assert!(
        !html.contains("/widget/patient-portal.js") && !html.contains("/embed/embed.js"),
        "{html}"
    );
    // The page's CSS and the view's are in the page (nothing to wait for before the first step
    // shows), allowed by their hash and nothing looser.
    assert!(!html.contains(r#"rel="stylesheet""#), "{html}");
    let style = html
        .split_once("<style>")
        .and_then(|(_, rest)| rest.split_once("</style>"))
        .map(|(style, _)| style)
        .expect("one <style>");
    assert!(style.ends_with(".pp-button{min-height:44px}") && style.contains(".pp-first"));
    let response = app
        .client
        .get(embed_url(&app, "origin=http://localhost:8080&view=booking"))
        .send()
        .await
        .unwrap();
    // A stylesheet whose text could not be read (here: never written) is linked instead, and
    // the policy then allows no inline style.
    let fallback = app
        .client
        .get(embed_url(
            &app,
            "origin=http://localhost:8080&view=instructions",
        ))
        .send()
        .await
        .unwrap();
    assert!(header(&fallback, "content-security-policy")
        .unwrap()
        .contains("style-src 'self'; "));
    let linked = fallback.text().await.unwrap();
    assert!(
        linked.contains(r#"<link rel="stylesheet" href="/widget/widget_instructions.9999.css" integrity="sha384-css2">"#)
            && !linked.contains("<style"),
        "{linked}"
    );
    let hash = {
        use sha2::Digest;
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(style))
    };
    assert_eq!(
        header(&response, "content-security-policy").unwrap(),
        format!(
            "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'sha256-{hash}'; connect-src 'self'; \
             img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors http://localhost:8080"
        )
    );
    assert!(
        html.contains(r#"<div id="pp-first" class="pp-first">"#),
        "{html}"
    );
    assert!(
        html.contains("¿Para qué es la visita?") && html.contains("Consulta por enfermedad"),
        "in the patient's language: {html}"
    );
    assert_eq!(
        html.matches("<script").count(),
        html.matches("<script src=").count()
    );

    // Not for another view, nor when the web developer's config changes the first step; with a
    // theme it waits for the theme's colours.
    let manage = page("origin=http://localhost:8080&view=manage".into()).await;
    assert!(!manage.contains(r#"id="pp-first""#) && !manage.contains("portal_widget_manage"));
    let encode = |v: Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let worded = page(format!(
        "origin=http://localhost:8080&config={}",
        encode(json!({ "strings": { "en": { "visitTitle": "Why are you coming?" } } }))
    ))
    .await;
    assert!(!worded.contains(r#"id="pp-first""#), "{worded}");
    let themed = page(format!(
        "origin=http://localhost:8080&config={}",
        encode(json!({ "theme": { "primary": "#1f5e3b" } }))
    ))
    .await;
    assert!(
        themed.contains(r#"class="pp-first pp-first-theme""#),
        "{themed}"
    );
}

#[tokio::test]
async fn markup_in_the_query_is_refused_or_escaped_never_reflected() {
    let app = spawn_app().await;
    let evil = "%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E";
    for query in [
        format!("origin=http://localhost:8080&id={evil}"),
        format!("origin=http://localhost:8080&config={evil}"),
    ] {
        let response = app
            .client
            .get(embed_url(&app, &query))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 400, "{query}");
        let html = response.text().await.unwrap();
        assert!(!html.contains("\"><script>"), "{html}");
        assert!(html.contains("must be"), "says what is valid: {html}");
    }
    // Inside a valid config, markup is only data, and arrives escaped.
    let config = json!({ "strings": { "title": "\"><script>alert(1)</script>" }, "visitType": "sick-visit" });
    let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(config.to_string());
    let response = app
        .client
        .get(embed_url(
            &app,
            &format!("origin=http://localhost:8080&config={encoded}"),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let html = response.text().await.unwrap();
    assert!(!html.contains("\"><script>"), "{html}");
    assert!(
        html.contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
}

#[tokio::test]
async fn an_embedding_origin_not_on_the_allow_list_gets_an_explanation_and_no_widget() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(embed_url(
            &app,
            "origin=https://tracker.example&view=booking",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    let csp = header(&response, "content-security-policy")
        .unwrap()
        .to_string();
    assert!(!csp.contains("script-src"), "nothing runs: {csp}");
    let html = response.text().await.unwrap();
    assert!(
        html.contains("clinic.embed_origins") && html.contains("https://tracker.example"),
        "{html}"
    );
    assert!(
        !html.contains("pp-embed\"") && !html.contains("<script"),
        "{html}"
    );
}

#[tokio::test]
async fn a_missing_origin_a_bad_view_and_an_unknown_clinic_are_explained() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/embed/maple-grove?view=booking", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    assert!(response.text().await.unwrap().contains("origin is missing"));
    let response = app
        .client
        .get(embed_url(&app, "origin=http://localhost:8080&view=admin"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("booking, instructions, feedback, manage"));
    let response = app
        .client
        .get(format!(
            "{}/embed/nowhere?origin=http://localhost:8080",
            app.address
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("no clinic with the id"));
}

#[tokio::test]
async fn embed_js_is_served_as_javascript_and_posts_only_to_the_checked_origin() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/embed/embed.js", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(header(&response, "content-type")
        .unwrap()
        .starts_with("application/javascript"));
    let script = response.text().await.unwrap();
    assert!(script.contains("postMessage(message, origin)"));
    assert!(!script.contains("'*'"), "never the wildcard target");
    assert!(script.contains("mode = 'direct'"));
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_booking_limit() {
    let server = spawn_app_with(&[
        "--booking-rate-limit",
        "2",
        "--trusted-proxy",
        "127.0.0.1,::1",
    ])
    .await;
    // A well-formed booking; whether the time is open does not matter to the limiter.
    let slot =
        json!({ "provider": "dr-lopez", "location": "downtown", "start": "2031-01-06T15:00:00Z" });
    let body = booking_for(&slot, "sick-visit", "Rosa Díaz");
    let book = |client: &'static str| {
        server
            .client
            .post(format!(
                "{}/api/v1/clinics/maple-grove/appointments",
                server.address
            ))
            .header("Idempotency-Key", new_key())
            .header("X-Forwarded-For", format!("{client}, 127.0.0.1"))
            .json(&body)
            .send()
    };
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(book("203.0.113.1").await.unwrap().status().as_u16());
    }
    assert_ne!(statuses[0], 429);
    assert_eq!(statuses[2], 429, "{statuses:?}");
    assert_ne!(
        book("203.0.113.2").await.unwrap().status().as_u16(),
        429,
        "another client behind the proxy"
    );
}

#[tokio::test]
async fn without_a_trusted_proxy_x_forwarded_for_cannot_dodge_the_limit() {
    let server = spawn_app_with(&["--booking-rate-limit", "2"]).await;
    let slot =
        json!({ "provider": "dr-lopez", "location": "downtown", "start": "2031-01-06T15:00:00Z" });
    let body = booking_for(&slot, "sick-visit", "Rosa Díaz");
    let mut last = 0;
    for i in 0..3 {
        last = server
            .client
            .post(format!(
                "{}/api/v1/clinics/maple-grove/appointments",
                server.address
            ))
            .header("Idempotency-Key", new_key())
            .header("X-Forwarded-For", format!("198.51.100.{i}"))
            .json(&body)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
    }
    assert_eq!(last, 429);
}

#[tokio::test]
async fn hashed_widget_files_are_cached_for_a_year_and_the_loader_is_revalidated() {
    let assets = tempfile::tempdir().unwrap();
    std::fs::create_dir(assets.path().join("widget")).unwrap();
    for name in [
        "patient-portal.js",
        "portal_widget_booking.3f2a9c1d.wasm",
        "portal_widget_booking.js",
    ] {
        std::fs::write(assets.path().join("widget").join(name), "x").unwrap();
    }
    std::fs::write(assets.path().join("index.html"), "<!doctype html>").unwrap();
    let dir = assets.path().display().to_string();
    let server = spawn_app_with(&["--assets", &dir]).await;
    let cache = |path: &'static str| {
        let request = server
            .client
            .get(format!("{}{}", server.address, path))
            .send();
        async move {
            let response = request.await.unwrap();
            assert_eq!(response.status().as_u16(), 200, "{path}");
            header(&response, "cache-control").map(str::to_owned)
        }
    };
    assert_eq!(
        cache("/widget/portal_widget_booking.3f2a9c1d.wasm")
            .await
            .as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(
        cache("/widget/patient-portal.js").await.as_deref(),
        Some("no-cache")
    );
    assert_eq!(cache("/index.html").await.as_deref(), Some("no-cache"));
    assert_eq!(cache("/").await.as_deref(), Some("no-cache"));
    assert_eq!(cache("/widget/portal_widget_booking.js").await, None);
    let missing = server
        .client
        .get(format!("{}/widget/gone.3f2a9c1d.wasm", server.address))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status().as_u16(), 404);
    assert_eq!(
        header(&missing, "cache-control"),
        None,
        "a missing file is not cached forever"
    );
}

/// The demo website and the demo clinic file tell patients the same offices: the widget, the
/// messages and the calendar file take theirs from the clinic file, and the page must not
/// send a patient to another street (or state).
#[test]
fn the_demo_page_names_the_offices_of_the_demo_clinic_file() {
    let page =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../index.html")).unwrap();
    let config = portal_server::clinics::load_file(&demo_clinic()).expect("demo clinic");
    assert!(page.contains(&config.clinic.phone));
    assert!(
        page.contains(&config.clinic.address),
        "the clinic's address: {}",
        config.clinic.address
    );
    for location in &config.locations {
        assert!(
            page.contains(&format!("<h3>{}</h3>", location.name.en)),
            "{}",
            location.name.en
        );
        assert!(
            page.contains(&format!("<address>{}</address>", location.address)),
            "{}'s address",
            location.name.en
        );
        if let Some(notes) = &location.notes {
            assert!(
                page.contains(notes.get(portal_core::clinic::Language::En)),
                "{}'s notes",
                location.name.en
            );
        }
    }
}
