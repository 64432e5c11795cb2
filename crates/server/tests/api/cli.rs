//! portal-server's command line, as scripts use it.

use std::process::Command;

use crate::helpers::demo_clinic;

fn run(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_portal-server")).args(args).output().expect("runs");
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn a_bad_clinic_file_stops_the_server_with_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(demo_clinic()).unwrap().replace("America/New_York", "Eastern");
    let line = text.lines().position(|l| l.contains("\"Eastern\"")).unwrap() + 1;
    let file = dir.path().join("clinic.toml");
    std::fs::write(&file, text).unwrap();
    let db = format!("sqlite://{}/p.db", dir.path().display());
    let (code, stderr) = run(&["--listen", "127.0.0.1:0", "--database", &db, "--clinic", file.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(stderr.contains(&format!("clinic.toml:{line}: clinic.timezone: \"Eastern\" is not an IANA time zone")), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_missing_clinic_file_is_named() {
    let (code, stderr) = run(&["--listen", "127.0.0.1:0", "--database", "sqlite::memory:", "--clinic", "/nope/clinic.toml"]);
    assert_ne!(code, 0);
    assert!(stderr.contains("/nope/clinic.toml: cannot read the clinic file"), "{stderr}");
}

#[test]
fn a_bad_listen_address_is_explained_without_a_panic() {
    let clinic = demo_clinic();
    let (code, stderr) = run(&["--listen", "nowhere", "--clinic", clinic.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--listen"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
