//! portal-server's command line, as scripts use it.

use std::process::Command;

use crate::helpers::demo_clinic;

fn run(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .args(args)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_bad_clinic_file_stops_the_server_with_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(demo_clinic())
        .unwrap()
        .replace("America/New_York", "Eastern");
    let line = text
        .lines()
        .position(|l| l.contains("\"Eastern\""))
        .unwrap()
        + 1;
    let file = dir.path().join("clinic.toml");
    std::fs::write(&file, text).unwrap();
    let db = format!("sqlite://{}/p.db", dir.path().display());
    let (code, stderr) = run(&[
        "--listen",
        "127.0.0.1:0",
        "--database",
        &db,
        "--clinic",
        file.to_str().unwrap(),
    ]);
    assert_ne!(code, 0);
    assert!(
        stderr.contains(&format!(
            "clinic.toml:{line}: clinic.timezone: \"Eastern\" is not an IANA time zone"
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_missing_clinic_file_is_named() {
    let (code, stderr) = run(&[
        "--listen",
        "127.0.0.1:0",
        "--database",
        "sqlite::memory:",
        "--clinic",
        "/nope/clinic.toml",
    ]);
    assert_ne!(code, 0);
    assert!(
        stderr.contains("/nope/clinic.toml: cannot read the clinic file"),
        "{stderr}"
    );
}

#[test]
fn a_bad_listen_address_is_explained_without_a_panic() {
    let clinic = demo_clinic();
    let (code, stderr) = run(&["--listen", "nowhere", "--clinic", clinic.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--listen"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn staff_key_create_prints_the_key_once_and_stores_only_its_hash() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/p.db", dir.path().display());
    let clinic = demo_clinic();
    let base = ["--database", &db, "--clinic", clinic.to_str().unwrap()];
    let output = Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .args(base)
        .args([
            "staff-key",
            "create",
            "--clinic-id",
            "maple-grove",
            "--label",
            "Front desk",
        ])
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let key = stdout.trim();
    assert!(key.starts_with("pps_") && key.len() == 68, "{stdout}");
    assert_eq!(
        stdout.lines().count(),
        1,
        "only the key on standard output: {stdout}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains(key), "the key is printed once: {stderr}");

    let mut file = std::fs::read(dir.path().join("p.db")).unwrap();
    file.extend(std::fs::read(dir.path().join("p.db-wal")).unwrap_or_default());
    let text = String::from_utf8_lossy(&file);
    assert!(
        !text.contains(key) && !text.contains(&key[4..]),
        "the key itself is not stored"
    );
    assert!(
        text.contains(&portal_server::tokens::hash(key)),
        "its hash is"
    );

    let list = Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .args(base)
        .args(["staff-key", "list"])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(listed.contains("maple-grove\tFront desk"), "{listed}");
    assert!(!listed.contains(key));

    let revoke = Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .args(base)
        .args(["staff-key", "revoke", "1"])
        .output()
        .unwrap();
    assert!(
        revoke.status.success(),
        "{}",
        String::from_utf8_lossy(&revoke.stderr)
    );
    let list = Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .args(base)
        .args(["staff-key", "list"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&list.stdout).contains("revoked"));
}

#[test]
fn staff_key_create_for_an_unknown_clinic_names_the_known_ones() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/p.db", dir.path().display());
    let clinic = demo_clinic();
    let (code, stderr) = run(&[
        "--database",
        &db,
        "--clinic",
        clinic.to_str().unwrap(),
        "staff-key",
        "create",
        "--clinic-id",
        "nowhere",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("\"nowhere\"") && stderr.contains("maple-grove"),
        "{stderr}"
    );
}

#[test]
fn an_audit_log_kept_too_short_stops_the_server_with_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = std::fs::read_to_string(demo_clinic()).unwrap();
    text.push_str("\n[retention]\naudit_days = 30\n");
    let line = text
        .lines()
        .position(|l| l.starts_with("audit_days"))
        .unwrap()
        + 1;
    let file = dir.path().join("clinic.toml");
    std::fs::write(&file, text).unwrap();
    let db = format!("sqlite://{}/p.db", dir.path().display());
    let (code, stderr) = run(&[
        "--listen",
        "127.0.0.1:0",
        "--database",
        &db,
        "--clinic",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(&format!(
            "clinic.toml:{line}: retention.audit_days: 30 days is too short"
        )),
        "{stderr}"
    );
}

#[test]
fn a_public_url_that_is_not_one_is_refused_with_an_example() {
    let clinic = demo_clinic();
    let (code, stderr) = run(&[
        "--public-url",
        "portal.example",
        "--clinic",
        clinic.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("https://portal.maplegrove.example"),
        "{stderr}"
    );
}

#[test]
fn a_clinics_own_message_words_with_an_unknown_placeholder_stop_the_server_with_file_line_and_field(
) {
    let dir = tempfile::tempdir().unwrap();
    let mut text = std::fs::read_to_string(demo_clinic()).unwrap();
    text.push_str(
        "\n[messages.wording.reminder]\ntext = { en = \"See you {whn}. Call {phone}.\" }\n",
    );
    let line = text
        .lines()
        .position(|l| l.starts_with("text = { en = \"See you"))
        .unwrap()
        + 1;
    let file = dir.path().join("clinic.toml");
    std::fs::write(&file, text).unwrap();
    let db = format!("sqlite://{}/p.db", dir.path().display());
    let (code, stderr) = run(&[
        "--listen",
        "127.0.0.1:0",
        "--database",
        &db,
        "--clinic",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(&format!(
            "clinic.toml:{line}: messages.wording.reminder.text.en: {{whn}} is not a placeholder"
        )),
        "{stderr}"
    );
}

#[test]
fn the_test_clock_is_refused_on_an_address_others_can_reach() {
    let clinic = demo_clinic();
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("portal.db").display());
    let (code, stderr) = run(&[
        "--test-clock",
        "--listen",
        "0.0.0.0:0",
        "--database",
        &database,
        "--clinic",
        clinic.to_str().unwrap(),
    ]);
    assert_ne!(code, 0);
    assert!(
        stderr.contains("--test-clock is for tests only") && stderr.contains("127.0.0.1:0"),
        "{stderr}"
    );
}

#[tokio::test]
async fn staff_add_prints_a_set_password_link_that_works_once_and_staff_reset_makes_a_new_one() {
    let app = crate::helpers::spawn_app().await;
    let clinic = demo_clinic();
    let staff = |args: &[&str]| {
        let mut all = vec![
            "--database",
            &app.database,
            "--clinic",
            clinic.to_str().unwrap(),
            "--public-url",
            &app.address,
            "staff",
        ];
        all.extend_from_slice(args);
        let output = Command::new(env!("CARGO_BIN_EXE_portal-server"))
            .args(&all)
            .output()
            .expect("runs");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).trim().to_string(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let who = [
        "--clinic-id",
        "maple-grove",
        "--email",
        "First.Manager@maple.example",
    ];
    let (code, link, stderr) = staff(&[&["add"], &who[..], &["--role", "manager"]].concat());
    assert_eq!(code, 0, "{stderr}");
    assert!(
        link.starts_with(&format!("{}/staff/maple-grove#setup=", app.address)),
        "{link}"
    );
    let code_of = |link: &str| link.split("#setup=").nth(1).unwrap().to_string();
    let set = |code: String| {
        let app = &app;
        async move {
            app.send(
                "POST",
                "/api/v1/clinics/maple-grove/staff/password",
                "",
                Some(
                    serde_json::json!({ "code": code, "password": crate::helpers::STAFF_PASSWORD }),
                ),
            )
            .await
            .0
        }
    };
    assert_eq!(set(code_of(&link)).await, 200);
    assert_eq!(set(code_of(&link)).await, 404, "the link works once");
    let (status, _, _) = app
        .sign_in(
            "first.manager@maple.example",
            crate::helpers::STAFF_PASSWORD,
        )
        .await;
    assert_eq!(status, 200);

    // Adding the same person again is refused, and says so; a reset gives a new link.
    let (code, _, stderr) = staff(&[&["add"], &who[..], &["--role", "manager"]].concat());
    assert_eq!(code, 2);
    assert!(stderr.contains("already has an account"), "{stderr}");
    let (code, again, stderr) = staff(&[&["reset"], &who[..]].concat());
    assert_eq!(code, 0, "{stderr}");
    let (status, _, _) = app
        .sign_in(
            "first.manager@maple.example",
            crate::helpers::STAFF_PASSWORD,
        )
        .await;
    assert_eq!(status, 401, "the old password stopped working");
    assert_eq!(set(code_of(&again)).await, 200);

    // Wrong input names each flag.
    let (code, _, stderr) = staff(&[
        "add",
        "--clinic-id",
        "maple-grove",
        "--email",
        "x",
        "--role",
        "boss",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--email") && stderr.contains("--role"),
        "{stderr}"
    );
}
