//! Staff accounts: set a password from a one-time link, sign in, sessions in cookies with CSRF
//! tokens on changes, lockout after wrong passwords, the idle timeout, roles on every staff
//! route, and an audit log that names the person.

use chrono::Duration;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, STAFF_PASSWORD};

const CLINIC: &str = "/api/v1/clinics/maple-grove";

#[tokio::test]
async fn a_new_account_sets_its_password_once_then_signs_in_with_a_locked_down_cookie() {
    let app = spawn_app().await;
    let code = app
        .add_staff("maria@maple.example", "front_desk", None)
        .await;
    let (status, body) = app
        .send(
            "POST",
            &format!("{CLINIC}/staff/setup"),
            "",
            Some(json!({ "code": code })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["email"], "maria@maple.example");

    // A weak password is refused with what to change; the code still works after.
    let (status, body) = app
        .send(
            "POST",
            &format!("{CLINIC}/staff/password"),
            "",
            Some(json!({ "code": code, "password": "short" })),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["fields"][0]["path"], "password");
    assert!(body["error"]["fields"][0]["message"]
        .as_str()
        .unwrap()
        .contains("at least 12"));
    let (status, body) = app
        .send(
            "POST",
            &format!("{CLINIC}/staff/password"),
            "",
            Some(json!({ "code": code, "password": STAFF_PASSWORD })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["state"], "active");
    // The link works once.
    let (status, body) = app
        .send(
            "POST",
            &format!("{CLINIC}/staff/password"),
            "",
            Some(json!({ "code": code, "password": "another long password" })),
        )
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"]["code"], "setup_link_invalid");

    let (status, body, staff) = app.sign_in("Maria@Maple.example ", STAFF_PASSWORD).await;
    assert_eq!(status, 200, "{body}");
    let staff = staff.unwrap();
    for part in [
        "__Host-portal_staff=",
        "HttpOnly",
        "Secure",
        "SameSite=Strict",
        "Path=/",
    ] {
        assert!(
            staff.set_cookie.contains(part),
            "{part} in {}",
            staff.set_cookie
        );
    }
    assert_eq!(body["account"]["role"], "front_desk");
    assert_eq!(body["clinic_name"], "Maple Grove Family Practice");
    assert_eq!(body["csrf_token"].as_str().unwrap().len(), 64);

    let (status, me) = app
        .as_staff(&staff, "GET", &format!("{CLINIC}/staff/me"), None)
        .await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["account"]["email"], "maria@maple.example");
    assert_eq!(me["csrf_token"], body["csrf_token"]);

    // Signing out ends the session on the server: the old cookie no longer works.
    let (status, _) = app
        .as_staff(&staff, "POST", &format!("{CLINIC}/staff/sign-out"), None)
        .await;
    assert_eq!(status, 204);
    let (status, body) = app
        .as_staff(&staff, "GET", &format!("{CLINIC}/staff/me"), None)
        .await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["error"]["code"], "signed_out");
}

#[tokio::test]
async fn every_change_made_with_a_session_needs_its_csrf_token() {
    let app = spawn_app().await;
    let staff = app.signed_in("desk@maple.example", "front_desk").await;
    let block = json!({
        "provider": "dr-lopez", "start": "2099-01-05T13:00", "end": "2099-01-05T17:00", "reason": "Meeting"
    });
    let url = format!("{}{CLINIC}/blocked-times", app.address);
    for token in [None, Some("0".repeat(64))] {
        let mut request = app
            .client
            .post(&url)
            .header("Cookie", &staff.cookie)
            .json(&block);
        if let Some(token) = &token {
            request = request.header("X-CSRF-Token", token);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), 403);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "csrf_invalid", "{body}");
    }
    let db = app.db().await;
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM blocked_times")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(n, 0, "nothing was changed without the token");
    // Reads need no token; with it the change goes through.
    let (status, _) = app
        .as_staff(&staff, "GET", &format!("{CLINIC}/schedule"), None)
        .await;
    assert_eq!(status, 200);
    let (status, body) = app
        .as_staff(
            &staff,
            "POST",
            &format!("{CLINIC}/blocked-times"),
            Some(block),
        )
        .await;
    assert_eq!(status, 201, "{body}");
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_for_fifteen_minutes() {
    let app = spawn_app().await;
    let _ = app.signed_in("desk@maple.example", "front_desk").await;
    let start = chrono::Utc::now();
    app.clock.set(start);
    for _ in 0..5 {
        let (status, body, staff) = app.sign_in("desk@maple.example", "not the password").await;
        assert_eq!(status, 401, "{body}");
        assert_eq!(body["error"]["code"], "sign_in_failed");
        assert!(staff.is_none());
    }
    // Locked: even the right password is refused, and the answer says for how long.
    let (status, body, _) = app.sign_in("desk@maple.example", STAFF_PASSWORD).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["error"]["code"], "sign_in_locked");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("15 more minute"),
        "{body}"
    );
    // An unknown email gets the same answer as a wrong password.
    let (status, body, _) = app.sign_in("nobody@maple.example", STAFF_PASSWORD).await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "sign_in_failed");

    app.clock.set(start + Duration::minutes(16));
    let (status, body, _) = app.sign_in("desk@maple.example", STAFF_PASSWORD).await;
    assert_eq!(status, 200, "{body}");
    let failed = app
        .audit_rows()
        .await
        .into_iter()
        .filter(|(actor, action, _)| {
            actor == "staff:desk@maple.example" && action == "staff.sign_in_failed"
        })
        .count();
    assert_eq!(failed, 5);
}

#[tokio::test]
async fn a_session_ends_after_thirty_idle_minutes_and_use_keeps_it_alive() {
    let app = spawn_app().await;
    let start = chrono::Utc::now();
    app.clock.set(start);
    let staff = app.signed_in("desk@maple.example", "front_desk").await;
    let me = format!("{CLINIC}/staff/me");
    // Used every 20 minutes, it lives on.
    for step in 1..=3 {
        app.clock.set(start + Duration::minutes(20 * step));
        let (status, body) = app.as_staff(&staff, "GET", &me, None).await;
        assert_eq!(status, 200, "after {} minutes: {body}", 20 * step);
    }
    app.clock.set(start + Duration::minutes(60 + 31));
    let (status, body) = app.as_staff(&staff, "GET", &me, None).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["error"]["code"], "session_expired");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("30 minutes"),
        "{body}"
    );
}

#[tokio::test]
async fn each_route_refuses_the_roles_that_must_not_reach_it() {
    let app = spawn_app().await;
    let desk = app.staff_key_as("maple-grove", "front_desk").await;
    let clinician = app.staff_key_as("maple-grove", "clinician").await;
    let manager = app.staff_key_as("maple-grove", "manager").await;
    // (method, path, who may)
    let routes: &[(&str, &str, &[&str])] = &[
        ("GET", "/schedule", &["desk", "clinician", "manager"]),
        ("GET", "/packets", &["clinician", "manager"]),
        ("GET", "/instruction-templates", &["clinician", "manager"]),
        ("GET", "/follow-ups", &["desk", "manager"]),
        ("GET", "/appointments", &["desk", "manager"]),
        ("POST", "/desk/bookings", &["desk", "manager"]),
        ("POST", "/blocked-times", &["desk", "manager"]),
        ("POST", "/feedback-links", &["desk", "manager"]),
        ("GET", "/numbers", &["manager"]),
        ("POST", "/you-said-we-did", &["manager"]),
        ("GET", "/staff/accounts", &["manager"]),
        ("POST", "/staff/accounts", &["manager"]),
    ];
    for (method, path, allowed) in routes {
        for (who, key) in [
            ("desk", &desk),
            ("clinician", &clinician),
            ("manager", &manager),
        ] {
            let body = (*method == "POST").then(|| json!({}));
            let (status, answer) = app
                .send(method, &format!("{CLINIC}{path}"), key, body)
                .await;
            if allowed.contains(&who) {
                assert_ne!(status, 403, "{who} {method} {path}: {answer}");
                assert_ne!(status, 401, "{who} {method} {path}: {answer}");
            } else {
                assert_eq!(status, 403, "{who} {method} {path}: {answer}");
                assert_eq!(answer["error"]["code"], "role_not_allowed");
                assert!(
                    answer["error"]["message"]
                        .as_str()
                        .unwrap()
                        .contains("manager"),
                    "{answer}"
                );
            }
        }
    }
}

#[tokio::test]
async fn a_manager_adds_resets_and_turns_off_accounts_and_the_audit_names_them() {
    let app = spawn_app().await;
    let manager = app.signed_in("boss@maple.example", "manager").await;
    let accounts = format!("{CLINIC}/staff/accounts");
    let (status, body) = app
        .as_staff(
            &manager,
            "POST",
            &accounts,
            Some(json!({ "email": "new@maple.example", "name": "Sam Lee", "role": "front_desk" })),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["account"]["state"], "waiting_for_password");
    let link = body["setup_link"].as_str().unwrap();
    assert!(link.contains("/staff/maple-grove#setup="), "{link}");
    let id = body["account"]["id"].as_i64().unwrap();

    // Wrong details are named; the same email twice is a conflict.
    let (status, body) = app
        .as_staff(
            &manager,
            "POST",
            &accounts,
            Some(json!({ "email": "not-an-email", "role": "boss" })),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let paths: Vec<&str> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["email", "role"]);
    let (status, body) = app
        .as_staff(
            &manager,
            "POST",
            &accounts,
            Some(json!({ "email": "NEW@maple.example", "role": "manager" })),
        )
        .await;
    assert_eq!(status, 409, "{body}");

    // The new person sets their password from the link and signs in.
    let code = link.split("#setup=").nth(1).unwrap();
    let (status, _) = app
        .send(
            "POST",
            &format!("{CLINIC}/staff/password"),
            "",
            Some(json!({ "code": code, "password": STAFF_PASSWORD })),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _, sam) = app.sign_in("new@maple.example", STAFF_PASSWORD).await;
    assert_eq!(status, 200);
    let sam = sam.unwrap();
    // Front desk cannot manage accounts.
    let (status, _) = app.as_staff(&sam, "GET", &accounts, None).await;
    assert_eq!(status, 403);

    // A reset ends their session and their password at once.
    let (status, body) = app
        .as_staff(&manager, "POST", &format!("{accounts}/{id}/reset"), None)
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body["setup_link"].as_str().unwrap().contains("#setup="));
    let (status, _) = app
        .as_staff(&sam, "GET", &format!("{CLINIC}/schedule"), None)
        .await;
    assert_eq!(status, 401);
    let (status, _, _) = app.sign_in("new@maple.example", STAFF_PASSWORD).await;
    assert_eq!(status, 401);

    // Turned off: no sign-in; a manager cannot turn off themselves.
    let (status, body) = app
        .as_staff(&manager, "POST", &format!("{accounts}/{id}/disable"), None)
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["state"], "off");
    let (status, list) = app.as_staff(&manager, "GET", &accounts, None).await;
    assert_eq!(status, 200);
    assert_eq!(list.as_array().unwrap().len(), 2);

    let audit = app.audit_rows().await;
    let by_boss: Vec<&str> = audit
        .iter()
        .filter(|(actor, _, _)| actor == "staff:boss@maple.example")
        .map(|(_, action, _)| action.as_str())
        .collect();
    for action in [
        "staff.sign_in",
        "staff.account_add",
        "staff.password_reset",
        "staff.account_disable",
    ] {
        assert!(by_boss.contains(&action), "{action} in {by_boss:?}");
    }
}
