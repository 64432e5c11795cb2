//! The time the server goes by. Normally the system clock; the API tests can set it, so due
//! times over a weekend or a holiday are checked through the API without waiting for one.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Utc};

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
