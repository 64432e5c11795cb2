//! Rate limits that hold across servers: each limit allows a burst of `per_minute` requests
//! per key, refilled evenly (the generic cell rate algorithm, as `governor` counts it).
//!
//! - On SQLite (one server) the counts live in this process (`governor`).
//! - On PostgreSQL (several servers behind a load balancer) they live in the database
//!   (`rate_limits`, see [`crate::store::limits`]), so a client spreading its requests over the
//!   servers gets the same limit as on one. Keys are stored hashed: no address in the database.

use std::num::NonZeroU32;
use std::sync::Arc;

use crate::store::{Engine, Store};

/// One limit, per key (a client address, or the hash of a patient link).
pub struct Limiter {
    name: &'static str,
    per_minute: u32,
    local: governor::DefaultKeyedRateLimiter<String>,
    shared: Option<Store>,
}

impl Limiter {
    /// A limit named `name` (part of its keys in the database) of `per_minute`.
    pub fn new(name: &'static str, per_minute: u32, store: &Store) -> Limiter {
        let quota =
            governor::Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN));
        Limiter {
            name,
            per_minute: per_minute.max(1),
            local: governor::RateLimiter::keyed(quota),
            shared: (store.engine() == Engine::Postgres).then(|| store.clone()),
        }
    }

    /// Takes one request for `key`: false when its minute is used up. A database that does not
    /// answer lets the request through (and logs it): the limit is a brake, not a lock.
    pub async fn allows(&self, key: &str) -> bool {
        match &self.shared {
            None => self.local.check_key(&key.to_string()).is_ok(),
            Some(store) => {
                let key = crate::tokens::hash(&format!("{}:{key}", self.name));
                let now_us = chrono::Utc::now().timestamp_micros();
                match crate::store::limits::take(&store.pool, &key, now_us, self.per_minute).await {
                    Ok(allowed) => allowed,
                    Err(e) => {
                        tracing::error!(error = %e, limit = self.name, "rate limit not counted");
                        true
                    }
                }
            }
        }
    }

    /// Forgets quiet keys (this process's; the database's are dropped by [`forget_quiet`]).
    pub fn retain_recent(&self) {
        self.local.retain_recent();
    }
}

/// Every minute, forgets keys that have been quiet: in this process, and (on PostgreSQL) the
/// database's rows whose limit has refilled.
pub fn forget_quiet(limiters: Vec<Arc<Limiter>>, store: Store) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            every.tick().await;
            for limiter in &limiters {
                limiter.retain_recent();
            }
            if store.engine() == Engine::Postgres {
                let now_us = chrono::Utc::now().timestamp_micros();
                if let Err(e) = crate::store::limits::forget_refilled(&store.pool, now_us).await {
                    tracing::warn!(error = %e, "rate limits: cannot drop refilled rows");
                }
            }
        }
    });
}
