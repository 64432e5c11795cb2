//! The time the server goes by. Normally the system clock; the API tests can set it, so due
//! times over a weekend or a holiday are checked through the API without waiting for one.
//!
//! The end-to-end tests run the server as a separate process; for them `--test-clock` adds
//! `PUT /test/clock` ([`router`]), which only a server listening on a loopback address accepts.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use portal_core::api::ErrorCode;

use crate::booking::from_epoch;

/// Marks "no fixed time: use the system clock".
const SYSTEM: i64 = i64::MIN;

/// A shared clock: the system's, or a fixed time set by a test.
#[derive(Debug, Clone)]
pub struct Clock(Arc<AtomicI64>);

impl Default for Clock {
    fn default() -> Self {
        Clock(Arc::new(AtomicI64::new(SYSTEM)))
    }
}

impl Clock {
    /// Now: the fixed time when one is set, else the system clock.
    pub fn now(&self) -> DateTime<Utc> {
        match self.0.load(Ordering::Relaxed) {
            SYSTEM => Utc::now(),
            fixed => from_epoch(fixed),
        }
    }

    /// Fixes the time (whole seconds) until [`Clock::use_system_time`]; for tests.
    pub fn set(&self, at: DateTime<Utc>) {
        self.0.store(at.timestamp(), Ordering::Relaxed);
    }

    /// Goes back to the system clock.
    pub fn use_system_time(&self) {
        self.0.store(SYSTEM, Ordering::Relaxed);
    }
}

/// What `PUT /test/clock` takes: a time, or `null` for the system clock again.
#[derive(Debug, serde::Deserialize)]
struct SetClock {
    now: Option<String>,
}

/// What `PUT /test/clock` answers: the server's time now.
#[derive(Debug, serde::Serialize)]
struct ClockNow {
    now: String,
}

/// `PUT /test/clock` with `{"now": "2026-12-01T15:00:00Z"}` fixes the server's time (`null`
/// goes back to the system clock); for end-to-end tests only (`--test-clock`).
pub fn router(clock: Clock) -> axum::Router {
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    axum::Router::new().route(
        "/test/clock",
        axum::routing::put(move |body: axum::body::Bytes| async move {
            let wrong = |why: String| crate::error::AppError::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidClock, why).into_response();
            let set: SetClock = match serde_json::from_slice(&body) {
                Ok(set) => set,
                Err(e) => return wrong(format!("The body must be {{\"now\": \"2026-12-01T15:00:00Z\"}} or {{\"now\": null}}: {e}")),
            };
            match set.now.as_deref().map(DateTime::parse_from_rfc3339) {
                None => clock.use_system_time(),
                Some(Ok(at)) => clock.set(at.with_timezone(&Utc)),
                Some(Err(e)) => return wrong(format!("\"now\" must be an RFC 3339 time like 2026-12-01T15:00:00Z: {e}")),
            }
            axum::Json(ClockNow { now: crate::booking::rfc3339(clock.now()) }).into_response()
        }),
    )
}
