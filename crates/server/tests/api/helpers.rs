//! Starting the app for a test, and the requests a patient's widget would make.

use portal_server::startup::{Application, Settings};
use serde_json::{json, Value};

/// A running portal-server with its own throwaway database.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// An HTTP client.
    pub client: reqwest::Client,
    /// The test database's URL.
    pub database: String,
    /// The app's clock: set it to fix "now" for feedback's due times.
    pub clock: portal_server::clock::Clock,
    _dir: tempfile::TempDir,
}

/// The demo clinic file.
pub fn demo_clinic() -> std::path::PathBuf {
    std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/demo-clinic.toml"
    ))
}

/// Starts the app on port 0 with a fresh database and the demo clinic.
pub async fn spawn_app() -> TestApp {
    spawn_app_with_rate_limit(1000).await
}

/// As [`spawn_app`], with a booking rate limit per minute per address.
pub async fn spawn_app_with_rate_limit(per_minute: u32) -> TestApp {
    let per_minute = per_minute.to_string();
    spawn_app_with(&["--booking-rate-limit", &per_minute]).await
}

/// As [`spawn_app`], with more server flags (like `--verify-rate-limit 3`).
pub async fn spawn_app_with(flags: &[&str]) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = fresh_database(&dir).await;
    start(dir, database, flags).await
}

/// The PostgreSQL server the suite runs on, when `PORTAL_TEST_POSTGRES` names one (an admin
/// URL like `postgres://portal@127.0.0.1:5433/postgres`; `cargo xtask test` starts a throwaway
/// cluster and runs the suite a second time with it). Without it the suite runs on SQLite.
pub fn postgres() -> Option<String> {
    std::env::var("PORTAL_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.trim().is_empty())
}

/// A new, empty database for one test: a SQLite file in `dir`, or a new database on the test
/// PostgreSQL server.
pub async fn fresh_database(dir: &tempfile::TempDir) -> String {
    let Some(admin) = postgres() else {
        return format!("sqlite://{}/portal.db", dir.path().display());
    };
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let name = format!("t_{}", portal_server::tokens::new_id().to_lowercase());
    let mut conn = sqlx::AnyConnection::connect(&admin)
        .await
        .expect("the test PostgreSQL server answers");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("a test database");
    conn.close().await.ok();
    let base = admin
        .rsplit_once('/')
        .map(|(base, _)| base)
        .unwrap_or(&admin);
    format!("{base}/{name}")
}

/// A server on an existing database (a restored backup, say).
pub async fn spawn_app_on(database: &str) -> TestApp {
    start(
        tempfile::tempdir().expect("temp dir"),
        database.to_string(),
        &[],
    )
    .await
}

async fn start(dir: tempfile::TempDir, database: String, flags: &[&str]) -> TestApp {
    let clinic = demo_clinic();
    let mut args = vec![
        "portal-server",
        "--listen",
        "127.0.0.1:0",
        "--database",
        &database,
    ];
    // The demo clinic, unless the test brings its own clinic file.
    if !flags.contains(&"--clinic") {
        args.extend(["--clinic", clinic.to_str().expect("a UTF-8 path")]);
    }
    // Tests send many requests from one address: limits are high unless a test sets them.
    for (flag, value) in [
        ("--booking-rate-limit", "1000"),
        ("--feedback-rate-limit", "1000"),
        ("--link-rate-limit", "1000"),
        ("--verify-rate-limit", "1000"),
    ] {
        if !flags.contains(&flag) {
            args.extend([flag, value]);
        }
    }
    args.extend(flags);
    let settings = Settings::from_args(args).expect("test settings");
    let app = Application::build(settings).await.expect("app builds");
    let address = format!("http://{}", app.address());
    let clock = app.clock();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: reqwest::Client::new(),
        database,
        clock,
        _dir: dir,
    }
}

impl TestApp {
    /// A connection pool to the app's database, to look at or change rows behind the API.
    pub async fn db(&self) -> portal_server::store::Pool {
        portal_server::store::connect(&self.database)
            .await
            .expect("test database")
            .0
    }

    /// The write gate for the app's engine, for tests that call the store's jobs directly.
    pub fn gate(&self) -> portal_server::store::WriteGate {
        portal_server::store::WriteGate::new(
            portal_server::store::Engine::of(&self.database).expect("a database URL"),
        )
    }

    /// A new staff key for a clinic, as `portal-server staff-key create` makes it.
    pub async fn staff_key(&self, clinic: &str) -> String {
        let db = self.db().await;
        let (_, key) = portal_server::staff_keys::create(&db, clinic, "Test desk", "manager")
            .await
            .expect("staff key");
        db.close().await;
        key
    }

    /// A staff key with a role (`front_desk`, `clinician`, `manager`).
    pub async fn staff_key_as(&self, clinic: &str, role: &str) -> String {
        let db = self.db().await;
        let (_, key) = portal_server::staff_keys::create(&db, clinic, "Test", role)
            .await
            .expect("staff key");
        db.close().await;
        key
    }

    /// A staff account of maple-grove without a password; returns the set-password code.
    pub async fn add_staff(&self, email: &str, role: &str, provider: Option<&str>) -> String {
        let db = self.db().await;
        let code = portal_server::tokens::new_secret();
        let now = self.clock.now().timestamp();
        let new = portal_server::store::staff::NewAccount {
            clinic: "maple-grove",
            email,
            name: email.split('@').next().unwrap(),
            role,
            provider,
            setup_hash: &portal_server::tokens::hash(&code),
            setup_expires_at: now + 3600,
            created_by: "test",
            now,
        };
        portal_server::store::staff::create(&db, &new)
            .await
            .expect("an account")
            .expect("a new email");
        db.close().await;
        code
    }

    /// Signs in with email and password on the API, as the console does.
    pub async fn sign_in(&self, email: &str, password: &str) -> (u16, Value, Option<Staff>) {
        let response = self
            .client
            .post(format!(
                "{}/api/v1/clinics/maple-grove/staff/sign-in",
                self.address
            ))
            .json(&json!({ "email": email, "password": password }))
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        let cookie = response
            .headers()
            .get("set-cookie")
            .map(|v| v.to_str().unwrap().to_string());
        let body: Value = response.json().await.unwrap_or(Value::Null);
        let staff = cookie.map(|set| Staff {
            cookie: set.split(';').next().unwrap().to_string(),
            csrf: body["csrf_token"].as_str().unwrap_or_default().to_string(),
            set_cookie: set,
        });
        (status, body, staff)
    }

    /// A maple-grove account with a role, its password set, signed in.
    pub async fn signed_in(&self, email: &str, role: &str) -> Staff {
        let provider = (role == "clinician").then_some("dr-lopez");
        let code = self.add_staff(email, role, provider).await;
        let (status, body) = self
            .send(
                "POST",
                "/api/v1/clinics/maple-grove/staff/password",
                "",
                Some(json!({ "code": code, "password": STAFF_PASSWORD })),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        let (status, body, staff) = self.sign_in(email, STAFF_PASSWORD).await;
        assert_eq!(status, 200, "{body}");
        staff.expect("a session cookie")
    }

    /// A request in a staff session: the cookie, and the CSRF token on changes.
    pub async fn as_staff(
        &self,
        staff: &Staff,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let url = format!("{}{}", self.address, path);
        let mut request = match method {
            "GET" => self.client.get(url),
            _ => self
                .client
                .post(url)
                .header("X-CSRF-Token", &staff.csrf)
                .header("Idempotency-Key", new_key()),
        };
        request = request.header("Cookie", &staff.cookie);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Audit rows of maple-grove as `(actor, action, subject)`, oldest first.
    pub async fn audit_rows(&self) -> Vec<(String, String, Option<String>)> {
        let db = self.db().await;
        let rows = sqlx::query_as(
            "SELECT actor, action, subject FROM audit_log WHERE clinic_id = 'maple-grove' ORDER BY id",
        )
        .fetch_all(&db)
        .await
        .expect("audit rows");
        db.close().await;
        rows
    }

    /// A request with `Authorization: Bearer <bearer>` (none when empty), returning status and
    /// JSON (Null when the body is not JSON).
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        bearer: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let url = format!("{}{}", self.address, path);
        let mut request = match method {
            "GET" => self.client.get(url),
            _ => self.client.post(url),
        };
        if !bearer.is_empty() {
            request = request.bearer_auth(bearer);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// GET a path, returning status and JSON (Null when the body is not JSON).
    pub async fn get(&self, path: &str) -> (u16, Value) {
        let response = self
            .client
            .get(format!("{}{}", self.address, path))
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Open times for a visit type over the next 31 days.
    pub async fn open_times(&self, visit_type: &str) -> Vec<Value> {
        let mut all = Vec::new();
        let (status, body) = self
            .get(&format!(
                "/api/v1/clinics/maple-grove/availability?visit_type={visit_type}"
            ))
            .await;
        assert_eq!(status, 200, "{body}");
        let mut from = body["from"].as_str().unwrap().to_string();
        for _ in 0..5 {
            if from.as_str() > body["last_bookable_date"].as_str().unwrap() {
                break;
            }
            let (status, body) = self
                .get(&format!(
                    "/api/v1/clinics/maple-grove/availability?visit_type={visit_type}&from={from}"
                ))
                .await;
            assert_eq!(status, 200, "{body}");
            for day in body["days"].as_array().unwrap() {
                all.extend(day["slots"].as_array().unwrap().iter().cloned());
            }
            let to = chrono::NaiveDate::parse_from_str(body["to"].as_str().unwrap(), "%Y-%m-%d")
                .unwrap();
            from = (to + chrono::Duration::days(1))
                .format("%Y-%m-%d")
                .to_string();
        }
        all
    }

    /// POST a booking with an Idempotency-Key.
    pub async fn book(&self, key: &str, body: &Value) -> (u16, Value) {
        let response = self
            .client
            .post(format!(
                "{}/api/v1/clinics/maple-grove/appointments",
                self.address
            ))
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// A request with the patient's manage token.
    pub async fn manage(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> (u16, String) {
        let url = format!("{}{}", self.address, path);
        let request = match method {
            "GET" => self.client.get(url),
            _ => self.client.post(url),
        };
        let request = match body {
            Some(body) => request.json(&body),
            None => request,
        };
        let response = request.bearer_auth(token).send().await.expect("request");
        let status = response.status().as_u16();
        (status, response.text().await.unwrap_or_default())
    }
    /// The patient moves visit `id` (with its manage token) to the open time `to`.
    pub async fn reschedule(&self, id: &str, token: &str, to: &Value) -> (u16, String) {
        let body =
            json!({ "start": to["start"], "provider": to["provider"], "location": to["location"] });
        self.manage(
            "POST",
            &format!("/api/v1/appointments/{id}/reschedule"),
            token,
            Some(body),
        )
        .await
    }
}

/// A portal-server process (the real binary) on an existing database, stopped when dropped.
/// Several of them on one PostgreSQL database are what a clinic group runs behind a load balancer.
pub struct ServerProcess {
    /// The process, to kill it mid-test.
    pub child: std::process::Child,
    /// A client for it, like [`spawn_app`]'s.
    pub app: TestApp,
}

impl ServerProcess {
    /// Starts `portal-server` on `database` with the demo clinic and test limits, and waits
    /// until it listens.
    pub fn start(database: &str, flags: &[&str]) -> ServerProcess {
        use std::io::BufRead;
        let clinic = demo_clinic();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_portal-server"))
            .args(["--listen", "127.0.0.1:0", "--database", database])
            .args(["--clinic", clinic.to_str().expect("a UTF-8 path")])
            .args(
                [
                    ("--booking-rate-limit", "100000"),
                    ("--feedback-rate-limit", "100000"),
                ]
                .into_iter()
                .filter(|(flag, _)| !flags.contains(flag))
                .flat_map(|(flag, value)| [flag, value]),
            )
            .args(flags)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("portal-server starts");
        let stdout = child.stdout.take().expect("its output");
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .expect("its first line");
        let address = line
            .trim()
            .strip_prefix("portal-server listening on ")
            .unwrap_or_else(|| panic!("portal-server did not start: {line}"))
            .to_string();
        ServerProcess {
            child,
            app: TestApp {
                address,
                client: reqwest::Client::new(),
                database: database.to_string(),
                clock: portal_server::clock::Clock::default(),
                _dir: tempfile::tempdir().expect("temp dir"),
            },
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A filled-in booking for an open time, as the widget sends it. Many tests book one patient
/// several times on one day, so it says the patient knows of their other visits that day
/// (`also_same_day`); the tests of that question remove it.
pub fn booking_for(slot: &Value, visit_type: &str, name: &str) -> Value {
    json!({
        "visit_type": visit_type,
        "provider": slot["provider"],
        "location": slot["location"],
        "start": slot["start"],
        "new_patient": false,
        "language": "en",
        "also_same_day": true,
        "patient": {
            "name": name,
            "preferred_name": "",
            "date_of_birth": "1961-04-17",
            "phone": "(555) 010-4477",
            "email": "",
            "reason": "A cough that will not go away",
            "interpreter_language": "",
            "accessibility_notes": "I use a walker"
        }
    })
}

/// The password test accounts get.
pub const STAFF_PASSWORD: &str = "blue kettle on a quiet hill";

/// A signed-in staff member: the session cookie and the CSRF token.
#[derive(Debug, Clone)]
pub struct Staff {
    /// `__Host-portal_staff=...`, as the browser sends it back.
    pub cookie: String,
    /// The whole Set-Cookie value the server sent.
    pub set_cookie: String,
    /// The CSRF token from the sign-in.
    pub csrf: String,
}

/// A fresh idempotency key.
pub fn new_key() -> String {
    format!("test-{}", portal_server::tokens::new_id())
}

/// The secret in a patient link's fragment (`#pp-packet=SECRET&pp-lang=en`), for `key`
/// `pp-packet` or `pp-feedback`.
pub fn link_secret(link: &serde_json::Value, key: &str) -> String {
    let link = link.as_str().expect("a link");
    link.split(&format!("#{key}="))
        .nth(1)
        .expect("the secret is in the fragment")
        .split('&')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// portal-server as its own process with debug logging, and a staff key made with its CLI, for
/// the tests that read what the server logs. [`LoggedServer::log`] stops it and gives its log.
pub struct LoggedServer {
    /// Where it listens, like `http://127.0.0.1:PORT`.
    pub address: String,
    /// A staff key for the demo clinic.
    pub key: String,
    server: std::process::Child,
    _dir: tempfile::TempDir,
}

impl LoggedServer {
    /// Starts it on a fresh database in a temp folder, and waits until it listens.
    pub fn start() -> LoggedServer {
        use std::io::{BufRead, BufReader};
        use std::process::{Command, Stdio};

        let dir = tempfile::tempdir().unwrap();
        let db = format!("sqlite://{}/p.db", dir.path().display());
        let clinic = demo_clinic();
        let base = [
            "--database",
            db.as_str(),
            "--clinic",
            clinic.to_str().unwrap(),
        ];
        let created = Command::new(env!("CARGO_BIN_EXE_portal-server"))
            .args(base)
            .args(["staff-key", "create", "--clinic-id", "maple-grove"])
            .output()
            .unwrap();
        let key = String::from_utf8_lossy(&created.stdout).trim().to_string();
        let mut server = Command::new(env!("CARGO_BIN_EXE_portal-server"))
            .args(base)
            .args(["--listen", "127.0.0.1:0"])
            .env("RUST_LOG", "debug")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(server.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let address = line.trim().rsplit(' ').next().unwrap().to_string();
        LoggedServer {
            address,
            key,
            server,
            _dir: dir,
        }
    }

    /// Stops the server and returns everything it logged.
    pub fn log(mut self) -> String {
        use std::io::Read;
        self.server.kill().unwrap();
        self.server.wait().unwrap();
        let mut log = String::new();
        self.server
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut log)
            .unwrap();
        log
    }
}

/// Open times of which no two of one provider are closer than `minutes`: visits booked at
/// them do not clash.
pub fn spaced(times: &[Value], minutes: i64) -> Vec<Value> {
    let mut kept: Vec<Value> = Vec::new();
    for slot in times {
        let clear = kept.iter().all(|k| {
            k["provider"] != slot["provider"]
                || (seconds(&k["start"]) - seconds(&slot["start"])).abs() >= minutes * 60
        });
        if clear {
            kept.push(slot.clone());
        }
    }
    kept
}

/// An API time as seconds since the epoch.
pub fn seconds(time: &Value) -> i64 {
    chrono::DateTime::parse_from_rfc3339(time.as_str().expect("a time"))
        .expect("an RFC 3339 time")
        .timestamp()
}
