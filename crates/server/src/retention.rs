//! Keeping patient data no longer than the clinic says (`[retention]` in its file): a purge that
//! runs every hour, deletes what is past its time, and writes one audit row with the counts
//! (never what was deleted).
//!
//! Several servers on one database take turns through a lease row (`job_leases`), so one purge
//! runs at a time.

use std::sync::Arc;

use chrono::Duration;

pub use crate::store::retention::{purge, take_lease, Purged};
use crate::store::{Pool, WriteGate};

use crate::clinics::Clinics;
use crate::clock::Clock;

/// How often the purge runs.
pub const EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// Starts the hourly purge (the first one a minute after start).
pub fn start(db: Pool, gate: WriteGate, clinics: Arc<Clinics>, clock: Clock) {
    tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        let mut every = tokio::time::interval(EVERY);
        loop {
            every.tick().await;
            let now = clock.now();
            match take_lease(&db, "retention", now, Duration::minutes(30)).await {
                Ok(true) => {}
                Ok(false) => continue,
                Err(e) => {
                    tracing::error!(error = %e, "retention: cannot take the lease");
                    continue;
                }
            }
            for config in clinics.iter() {
                if let Err(e) = purge(&db, &gate, config, now).await {
                    tracing::error!(error = %e, clinic = %config.clinic.id, "retention purge failed");
                }
            }
        }
    });
}
