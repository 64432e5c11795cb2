//! Building the app from settings, binding the port, and serving until stopped.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use clap::Parser;
use tokio::net::TcpListener;

use crate::clinics::Clinics;
use crate::{routes, store};

/// portal-server's settings, from flags or environment variables.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "portal-server",
    version,
    about = "Serves the patient portal: the booking API, the widget and the demo site."
)]
pub struct Settings {
    /// Address to listen on; port 0 picks a free port.
    #[arg(
        long,
        env = "PORTAL_LISTEN",
        value_name = "ADDR",
        default_value = "127.0.0.1:8080"
    )]
    pub listen: SocketAddr,
    /// Database URL: a SQLite file like sqlite://target/portal.db (created if missing), or
    /// PostgreSQL like postgres://portal@db.example/portal for several servers on one database.
    #[arg(
        long,
        env = "PORTAL_DATABASE_URL",
        value_name = "URL",
        default_value = "sqlite://portal.db"
    )]
    pub database: String,
    /// Most database connections this server opens (each request holds at most one).
    #[arg(long, env = "PORTAL_DATABASE_POOL", value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub database_pool: u32,
    /// Longest a statement may run, in milliseconds (PostgreSQL's statement_timeout; SQLite
    /// waits this long for its write lock).
    #[arg(long, env = "PORTAL_STATEMENT_TIMEOUT_MS", value_name = "MS", default_value_t = 5000, value_parser = clap::value_parser!(u64).range(100..=600_000))]
    pub statement_timeout_ms: u64,
    /// A clinic configuration file (TOML); repeat for several clinics.
    #[arg(
        long = "clinic",
        env = "PORTAL_CLINICS",
        value_name = "FILE",
        value_delimiter = ',',
        required = true
    )]
    pub clinics: Vec<PathBuf>,
    /// A directory of static files to serve at / (the widget and the demo site).
    #[arg(long, env = "PORTAL_ASSETS", value_name = "DIR")]
    pub assets: Option<PathBuf>,
    /// Bookings allowed per client address per minute (a burst of this many, refilled evenly).
    #[arg(long, env = "PORTAL_BOOKING_RATE_LIMIT", value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    pub booking_rate_limit: u32,
    /// A reverse proxy (address or CIDR range) whose X-Forwarded-For is believed for rate limits;
    /// repeat or separate with commas. Default: none, so the TCP peer is the client.
    #[arg(long = "trusted-proxy", env = "PORTAL_TRUSTED_PROXIES", value_name = "IP_OR_CIDR", value_delimiter = ',', value_parser = crate::client_addr::parse_trusted_proxy)]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// The address patients and other systems reach this server at, like
    /// https://portal.maplegrove.example: patient links and FHIR URLs are built from it, never
    /// from a request's Host header. Default: http://ADDRESS from --listen.
    #[arg(long, env = "PORTAL_PUBLIC_URL", value_name = "URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,
    /// A file holding the server's secret (64 hex characters, like `openssl rand -hex 32`), the
    /// same for every server of one database. Default: one made once and kept in the database.
    #[arg(long, env = "PORTAL_SECRET_KEY_FILE", value_name = "FILE")]
    pub secret_key_file: Option<PathBuf>,
    /// Minutes a staff member's console session lasts without use before they must sign in
    /// again (sessions end after 12 hours however they are used).
    #[arg(long, env = "PORTAL_STAFF_IDLE_MINUTES", value_name = "MINUTES", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=720))]
    pub staff_idle_minutes: u32,
    /// Staff sign-in attempts allowed per client address per minute (each account also locks
    /// for 15 minutes after 5 wrong passwords in a row).
    #[arg(long, env = "PORTAL_SIGN_IN_RATE_LIMIT", value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    pub sign_in_rate_limit: u32,
    /// Seconds a client has to send a request's headers before the connection is closed.
    #[arg(long, env = "PORTAL_HEADER_TIMEOUT", value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub header_timeout: u64,
    /// Seconds a whole request (body and answer) may take before it gets a 408.
    #[arg(long, env = "PORTAL_REQUEST_TIMEOUT", value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub request_timeout: u64,
    /// Feedback forms, feedback prompts and "not now" per client address per minute.
    #[arg(long, env = "PORTAL_FEEDBACK_RATE_LIMIT", value_name = "N", default_value_t = crate::feedback::FEEDBACK_PER_MINUTE, value_parser = clap::value_parser!(u32).range(1..))]
    pub feedback_rate_limit: u32,
    /// Date-of-birth checks per client address per minute.
    #[arg(long, env = "PORTAL_VERIFY_RATE_LIMIT", value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    pub verify_rate_limit: u32,
    /// Requests per patient link (manage token, packet link or session, feedback link) per
    /// minute, on the feedback and date-of-birth routes, whatever address they come from.
    #[arg(long, env = "PORTAL_LINK_RATE_LIMIT", value_name = "N", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..))]
    pub link_rate_limit: u32,
    /// The SMTP server for email to patients: smtps://USER:PASSWORD@HOST:465,
    /// smtp://USER:PASSWORD@HOST:587?tls=required, or smtp://HOST:25 (no TLS: a local relay).
    /// Without it, messages are planned and shown to staff as not sent.
    #[arg(
        long,
        env = "PORTAL_SMTP_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub smtp_url: Option<String>,
    /// The address emails come from when a clinic's [messages] has no sender_email.
    #[arg(long, env = "PORTAL_SMTP_FROM", value_name = "ADDRESS")]
    pub smtp_from: Option<String>,
    /// The SMS provider's API (Twilio's Messages API shape).
    #[arg(
        long,
        env = "PORTAL_SMS_API_URL",
        value_name = "URL",
        default_value = "https://api.twilio.com"
    )]
    pub sms_api_url: String,
    /// The SMS provider's account SID; with --sms-auth-token and --sms-from, turns texts on.
    #[arg(long, env = "PORTAL_SMS_ACCOUNT_SID", value_name = "SID")]
    pub sms_account_sid: Option<String>,
    /// The SMS provider's auth token (better as the environment variable than a flag).
    #[arg(
        long,
        env = "PORTAL_SMS_AUTH_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub sms_auth_token: Option<String>,
    /// The number texts come from, with the country code, like +15550102233.
    #[arg(long, env = "PORTAL_SMS_FROM", value_name = "NUMBER")]
    pub sms_from: Option<String>,
    /// Seconds a dispatcher holds a message it is sending; a server that dies mid-send leaves
    /// it to another (or to itself, restarted) after this long.
    #[arg(long, env = "PORTAL_DISPATCH_LEASE_SECONDS", value_name = "SECONDS", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub dispatch_lease_seconds: u64,
    /// For end-to-end tests only: `PUT /test/clock` sets the time the server goes by (due
    /// messages, purges). Refused unless --listen is a loopback address.
    #[arg(long, env = "PORTAL_TEST_CLOCK")]
    pub test_clock: bool,
    /// Milliseconds between rounds of the message dispatcher.
    #[arg(long, env = "PORTAL_DISPATCH_INTERVAL_MS", value_name = "MS", default_value_t = 2000, value_parser = clap::value_parser!(u64).range(10..=600_000))]
    pub dispatch_interval_ms: u64,
}

impl Settings {
    /// The database pool's size and statement timeout from the flags.
    pub fn pool(&self) -> store::PoolSettings {
        store::PoolSettings {
            max_connections: self.database_pool,
            statement_timeout: Duration::from_millis(self.statement_timeout_ms),
        }
    }

    /// Settings from command-line style arguments (the program name first), with every
    /// default; for tests and tools.
    pub fn from_args<I, T>(args: I) -> Result<Settings, String>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        Settings::try_parse_from(args).map_err(|e| e.to_string())
    }

    /// The public URL, without a trailing slash: the flag's, or http://ADDRESS of --listen
    /// (localhost when listening on every address).
    pub fn public_url(&self, bound: SocketAddr) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None if bound.ip().is_unspecified() => format!("http://localhost:{}", bound.port()),
            None => format!("http://{bound}"),
        }
    }
}

/// Checks `--public-url`: an absolute http or https URL with a host, and no query or fragment.
pub fn parse_public_url(value: &str) -> Result<String, String> {
    let hint = "use the address patients open, like https://portal.maplegrove.example";
    let uri: axum::http::Uri = value
        .trim()
        .parse()
        .map_err(|_| format!("\"{value}\" is not a URL; {hint}"))?;
    if !matches!(uri.scheme_str(), Some("http" | "https")) {
        return Err(format!(
            "\"{value}\" must start with https:// (or http:// for a test); {hint}"
        ));
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(format!("\"{value}\" has no host; {hint}"));
    }
    if uri.query().is_some() || value.contains('#') || value.contains('@') {
        return Err(format!(
            "\"{value}\" must not have a query, fragment or user name; {hint}"
        ));
    }
    Ok(value.trim().trim_end_matches('/').to_string())
}

/// Limits booking attempts per client address.
pub type BookingLimiter = crate::limits::Limiter;

/// Everything a request handler needs.
#[derive(Clone)]
pub struct AppState {
    /// The database: its pool and its write turns. All SQL lives in [`crate::store`].
    pub store: crate::store::Store,
    /// The clinics, by id.
    pub clinics: Arc<Clinics>,
    /// Booking attempts per client address.
    pub booking_limiter: Arc<BookingLimiter>,
    /// Staff sign-in attempts per client address.
    pub sign_in_limiter: Arc<BookingLimiter>,
    /// Minutes a console session lasts without use.
    pub staff_idle_minutes: i64,
    /// The time feedback goes by (due times, overdue); tests can fix it.
    pub clock: crate::clock::Clock,
    /// Feedback and funnel requests per client address.
    pub feedback_limits: Arc<crate::feedback::FeedbackLimits>,
    /// Proxies whose X-Forwarded-For gives the client's address (see [`crate::client_addr`]).
    pub trusted_proxies: crate::client_addr::TrustedProxies,
    /// Where patients reach this server (no trailing slash); links and FHIR URLs start with it.
    pub public_url: Arc<str>,
    /// The keys derived from the server's secret.
    pub keys: crate::secrets::ServerKeys,
    /// How messages leave: the SMTP server, when set up.
    pub transports: Arc<crate::outbox::dispatch::Transports>,
    /// The widget's built files, which the frame's page names at once.
    pub widget_files: Arc<crate::routes::embed::WidgetFiles>,
}

/// Loads and checks the clinic files; the error lists every problem, one per line.
pub fn load_clinics(settings: &Settings) -> Result<Clinics, String> {
    Clinics::load(&settings.clinics).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        format!(
            "the clinic configuration has {} problem(s):\n  {}",
            lines.len(),
            lines.join("\n  ")
        )
    })
}

/// A bound, ready-to-serve portal-server.
pub struct Application {
    listener: TcpListener,
    router: Router,
    clock: crate::clock::Clock,
    header_timeout: Duration,
}

impl Application {
    /// Loads the clinics, opens the database, runs migrations and binds the port.
    /// The error is a plain message for the person who started the server.
    pub async fn build(settings: Settings) -> Result<Self, String> {
        let clinics = load_clinics(&settings)?;
        if let Some(dir) = &settings.assets {
            if !dir.is_dir() {
                return Err(format!(
                    "--assets {}: no such directory; build the widget first (cargo xtask demo)",
                    dir.display()
                ));
            }
        }
        let (db, engine) = store::connect_with(&settings.database, settings.pool()).await?;
        let write_gate = store::WriteGate::new(engine);
        tracing::info!(engine = engine.name(), "database ready");
        let keys =
            crate::secrets::ServerKeys::load(&db, settings.secret_key_file.as_deref()).await?;
        crate::store::appointments::rekey_patients(&db, &write_gate, &keys)
            .await
            .map_err(|e| format!("cannot update the booking-limit keys: {e}"))?;
        let store = crate::store::Store {
            pool: db.clone(),
            gate: write_gate.clone(),
        };
        let booking_limiter = Arc::new(crate::limits::Limiter::new(
            "booking",
            settings.booking_rate_limit,
            &store,
        ));
        let sign_in_limiter = Arc::new(crate::limits::Limiter::new(
            "sign_in",
            settings.sign_in_rate_limit,
            &store,
        ));
        let clock = crate::clock::Clock::default();
        let feedback_limits = Arc::new(crate::feedback::FeedbackLimits::new(&settings, &store));
        let mut limiters = feedback_limits.all();
        limiters.push(booking_limiter.clone());
        limiters.push(sign_in_limiter.clone());
        crate::limits::forget_quiet(limiters, store.clone());
        let listener = TcpListener::bind(settings.listen)
            .await
            .map_err(|e| format!("--listen {}: cannot listen there: {e}", settings.listen))?;
        let bound = listener
            .local_addr()
            .map_err(|e| format!("--listen {}: {e}", settings.listen))?;
        let public_url: Arc<str> = settings.public_url(bound).into();
        if settings.public_url.is_none() {
            tracing::warn!(%public_url, "no --public-url: patient links will point at the listening address");
        }
        let mailer = settings
            .smtp_url
            .as_deref()
            .map(crate::outbox::email::Mailer::from_url)
            .transpose()?;
        if let Some(from) = &settings.smtp_from {
            if portal_core::patient::Email::parse(from).is_err() {
                return Err(format!("--smtp-from \"{from}\" is not an email address; write it like visits@maplegrove.example"));
            }
        }
        let sms = match (&settings.sms_account_sid, &settings.sms_auth_token, &settings.sms_from) {
            (None, None, None) => None,
            (Some(account), Some(token), Some(from)) => Some(crate::outbox::sms::SmsClient::new(&settings.sms_api_url, account, token, from)?),
            _ => return Err("texts need all three of --sms-account-sid, --sms-auth-token (or PORTAL_SMS_AUTH_TOKEN) and --sms-from".into()),
        };
        let transports = Arc::new(crate::outbox::dispatch::Transports {
            mailer,
            smtp_from: settings.smtp_from.clone(),
            sms,
        });
        let clinics = Arc::new(clinics);
        let state = AppState {
            store,
            clinics: clinics.clone(),
            booking_limiter: booking_limiter.clone(),
            sign_in_limiter,
            staff_idle_minutes: i64::from(settings.staff_idle_minutes),
            clock: clock.clone(),
            feedback_limits,
            trusted_proxies: crate::client_addr::TrustedProxies::new(
                settings.trusted_proxies.clone(),
            ),
            public_url,
            keys,
            transports: transports.clone(),
            widget_files: Arc::new(crate::routes::embed::WidgetFiles::load(
                settings.assets.as_deref(),
            )?),
        };
        crate::retention::start(db, write_gate, clinics, clock.clone());
        let dispatch = crate::outbox::dispatch::Dispatch {
            every: Duration::from_millis(settings.dispatch_interval_ms),
            lease_seconds: settings.dispatch_lease_seconds as i64,
        };
        crate::outbox::dispatch::start(state.clone(), transports, dispatch);
        let limits = routes::Limits {
            request_timeout: Duration::from_secs(settings.request_timeout),
        };
        let mut router = routes::app(state, settings.assets.as_deref(), limits);
        if settings.test_clock {
            if !bound.ip().is_loopback() {
                return Err(format!("--test-clock is for tests only and needs --listen on a loopback address like 127.0.0.1:0, not {bound}"));
            }
            tracing::warn!("--test-clock: PUT /test/clock can set this server's time");
            router = router.merge(crate::clock::router(clock.clone()));
        }
        Ok(Application {
            listener,
            router,
            clock,
            header_timeout: Duration::from_secs(settings.header_timeout),
        })
    }

    /// The address actually bound (with the real port when 0 was asked).
    pub fn address(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// The clock the app goes by; tests set it to check due times.
    pub fn clock(&self) -> crate::clock::Clock {
        self.clock.clone()
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        crate::serve::serve(
            self.listener,
            self.router,
            self.header_timeout,
            shutdown_signal(),
        )
        .await
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("stopping");
}
