//! Retention's queries: the purge of one clinic's rows past their time, and the job leases
//! (`job_leases`) that let one server of many run a background job.

use chrono::{DateTime, Duration, Utc};
use portal_core::clinic::ClinicConfig;

use super::{Pool, WriteGate};

/// What one purge deleted for one clinic.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Purged {
    /// Visits (cancelled or long past).
    pub visits: u64,
    /// Instruction packets, with their sessions, acknowledgements and answers.
    pub packets: u64,
    /// Feedback, with its follow-ups.
    pub feedback: u64,
    /// Ended packet reading sessions.
    pub sessions: u64,
    /// Audit rows.
    pub audit: u64,
}

impl Purged {
    /// The audit row's summary: counts only.
    fn summary(&self) -> String {
        format!(
            "counts:visits={},packets={},feedback={},sessions={},audit={}",
            self.visits, self.packets, self.feedback, self.sessions, self.audit
        )
    }
}

/// True when this process may run the job `name` now: no other holds an unexpired lease. The
/// lease lasts `hold`, so a process that dies mid-job frees it by itself.
pub async fn take_lease(
    db: &Pool,
    name: &str,
    now: DateTime<Utc>,
    hold: Duration,
) -> Result<bool, sqlx::Error> {
    let taken = sqlx::query(
        "INSERT INTO job_leases (name, until) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET until = $2 WHERE job_leases.until <= $3",
    )
    .bind(name)
    .bind((now + hold).timestamp())
    .bind(now.timestamp())
    .execute(db)
    .await?;
    Ok(taken.rows_affected() == 1)
}

/// Deletes one clinic's rows that are past their time, in one transaction, and audits the
/// counts. Returns what was deleted.
pub async fn purge(
    db: &Pool,
    gate: &WriteGate,
    config: &ClinicConfig,
    now: DateTime<Utc>,
) -> Result<Purged, sqlx::Error> {
    let r = &config.retention;
    let clinic = &config.clinic.id;
    let before = |days: u32| (now - Duration::days(i64::from(days))).timestamp();
    let mut tx = gate.begin(db, clinic).await?;
    // Ended reading sessions.
    let sessions = sqlx::query(
        "DELETE FROM packet_sessions WHERE expires_at < $1 AND packet_id IN (SELECT id FROM packets WHERE clinic_id = $2)",
    )
    .bind(before(r.sessions_days))
    .bind(clinic)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    // Staff sessions past their end (idle ones end when next used, or here within 12 hours).
    let staff_sessions = sqlx::query(
        "DELETE FROM staff_sessions WHERE expires_at < $1 AND account_id IN (SELECT id FROM staff_accounts WHERE clinic_id = $2)",
    )
    .bind(now.timestamp())
    .bind(clinic)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let mut purged = Purged {
        sessions: sessions + staff_sessions,
        ..Purged::default()
    };

    // Feedback and its follow-up.
    let feedback_before = before(r.feedback_days);
    sqlx::query("DELETE FROM follow_ups WHERE feedback_id IN (SELECT id FROM feedback WHERE clinic_id = $1 AND created_at < $2)")
        .bind(clinic)
        .bind(feedback_before)
        .execute(&mut *tx)
        .await?;
    purged.feedback = sqlx::query("DELETE FROM feedback WHERE clinic_id = $1 AND created_at < $2")
        .bind(clinic)
        .bind(feedback_before)
        .execute(&mut *tx)
        .await?
        .rows_affected();

    // Packets, with everything that hangs off them.
    let packets_before = before(r.packets_days);
    for table in [
        "packet_sessions",
        "packet_acknowledgements",
        "teach_back_answers",
    ] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE packet_id IN (SELECT id FROM packets WHERE clinic_id = $1 AND created_at < $2)"
        ))
        .bind(clinic)
        .bind(packets_before)
        .execute(&mut *tx)
        .await?;
    }
    purged.packets = sqlx::query("DELETE FROM packets WHERE clinic_id = $1 AND created_at < $2")
        .bind(clinic)
        .bind(packets_before)
        .execute(&mut *tx)
        .await?
        .rows_affected();

    // Visits: cancelled ones, and past ones. Kept feedback and packets stay, without the visit.
    let doomed = "SELECT id FROM appointments WHERE clinic_id = $1
                  AND ((status = 'cancelled' AND cancelled_at < $2) OR end_at < $3)";
    let steps = [
        // Its messages go with it (they hold sealed links and address hashes).
        format!("DELETE FROM messages WHERE appointment_id IN ({doomed})"),
        format!("DELETE FROM feedback_links WHERE appointment_id IN ({doomed})"),
        format!("UPDATE feedback SET appointment_id = NULL WHERE appointment_id IN ({doomed})"),
        format!("UPDATE packets SET appointment_id = NULL WHERE appointment_id IN ({doomed})"),
        format!(
            "UPDATE appointments SET rescheduled_from = NULL WHERE rescheduled_from IN ({doomed})"
        ),
        format!("DELETE FROM appointments WHERE id IN ({doomed})"),
    ];
    for sql in &steps {
        let done = sqlx::query(sql)
            .bind(clinic)
            .bind(before(r.cancelled_visits_days))
            .bind(before(r.past_visits_days))
            .execute(&mut *tx)
            .await?;
        purged.visits = done.rows_affected();
    }

    // Replies kept for Idempotency-Key retries, after their 48 hours.
    sqlx::query("DELETE FROM idempotency_keys WHERE clinic_id = $1 AND created_at < $2")
        .bind(clinic)
        .bind((now - Duration::hours(super::appointments::IDEMPOTENCY_KEEP_HOURS)).timestamp())
        .execute(&mut *tx)
        .await?;

    purged.audit = sqlx::query("DELETE FROM audit_log WHERE clinic_id = $1 AND at < $2")
        .bind(clinic)
        .bind(before(r.audit_days))
        .execute(&mut *tx)
        .await?
        .rows_affected();

    if purged != Purged::default() {
        super::audit::record_subject(
            &mut *tx,
            clinic,
            "system:retention",
            "retention.purge",
            Some(&purged.summary()),
        )
        .await?;
        tracing::info!(clinic = %clinic, visits = purged.visits, packets = purged.packets, feedback = purged.feedback,
            sessions = purged.sessions, audit = purged.audit, "retention purge");
    }
    tx.commit().await?;
    Ok(purged)
}
