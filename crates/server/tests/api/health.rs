use crate::helpers::spawn_app;

#[tokio::test]
async fn healthz_answers_200_once_the_database_is_ready() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    let engine = if crate::helpers::postgres().is_some() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(
        body,
        serde_json::json!({ "status": "ok", "engine": engine })
    );
}

#[tokio::test]
async fn the_catalog_names_the_clinic_and_its_phone() {
    let app = spawn_app().await;
    let (status, body) = app.get("/api/v1/clinics/maple-grove/catalog").await;
    assert_eq!(status, 200);
    assert_eq!(body["clinic"]["name"], "Maple Grove Family Practice");
    assert_eq!(body["clinic"]["phone"], "(555) 010-2233");
    assert_eq!(body["clinic"]["timezone"], "America/New_York");
    assert_eq!(body["visit_types"].as_array().unwrap().len(), 5);
    assert_eq!(body["providers"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn an_unknown_clinic_gets_a_404_in_the_api_error_shape() {
    let app = spawn_app().await;
    let (status, body) = app.get("/api/v1/clinics/nowhere/catalog").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("\"nowhere\""));
}

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let app = spawn_app().await;
    let (status, doc) = app.get("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/healthz",
        "/api/v1/clinics/{clinic}/catalog",
        "/api/v1/clinics/{clinic}/availability",
        "/api/v1/clinics/{clinic}/appointments",
        "/api/v1/appointments/{id}",
        "/api/v1/appointments/{id}/cancel",
        "/api/v1/appointments/{id}/reschedule",
        "/api/v1/appointments/{id}/calendar.ics",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing from the OpenAPI document"
        );
    }
    assert!(doc["components"]["schemas"]["AppointmentRequest"].is_object());
}

/// The contract the widget is tested against (`tests/contract.rs` reads `docs/openapi.json` and
/// round-trips an example of every schema through the widget's own readers and writers) is the
/// one the server serves: a change to the API changes the committed document in the same
/// commit. `PORTAL_WRITE_OPENAPI=1 cargo test -p portal-server --test api openapi` rewrites it.
#[tokio::test]
async fn the_committed_openapi_document_is_the_one_the_server_serves() {
    let app = spawn_app().await;
    let (status, served) = app.get("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    let pretty = serde_json::to_string_pretty(&served).unwrap() + "\n";
    if std::env::var_os("PORTAL_WRITE_OPENAPI").is_some() {
        std::fs::write(&path, &pretty).unwrap();
    }
    let committed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&path).expect("docs/openapi.json is committed"),
    )
    .unwrap();
    assert!(
        committed == served,
        "docs/openapi.json differs from the server's document; run \
         PORTAL_WRITE_OPENAPI=1 cargo test -p portal-server --test api openapi and commit it"
    );
}

/// docs/server.md's table of error codes names every code the server can answer with
/// (`ErrorCode`), and no other: a web developer branching on `code` finds each
/// one there.
#[test]
fn the_server_docs_list_every_error_code() {
    use portal_core::api::ErrorCode;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/server.md");
    let docs = std::fs::read_to_string(path).unwrap();
    let table = docs
        .split_once("\n## Errors\n")
        .and_then(|(_, rest)| rest.split("\n## ").next())
        .expect("docs/server.md has an Errors section");
    let listed: Vec<(&str, &str)> = table
        .lines()
        .filter_map(|line| {
            let mut cells = line.strip_prefix("| `")?.split(" | ");
            let code = cells.next()?.strip_suffix('`')?;
            Some((code, cells.next()?))
        })
        .collect();
    let words: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    let missing: Vec<&&str> = words
        .iter()
        .filter(|w| !listed.iter().any(|(c, _)| c == *w))
        .collect();
    let unknown: Vec<&str> = listed
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| !words.contains(c))
        .collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "docs/server.md's Errors table: missing {missing:?}; not a code {unknown:?}"
    );
}
