//! The front desk's schedule: every query of `blocked_times`, the visits of a span of days with
//! the patient's details staff need, and who came (`appointments.attendance`).

use super::{audit, Conn, Pool, Store};

/// One visit as the schedule shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ScheduleRow {
    /// Public id.
    pub id: String,
    /// Visit type id.
    pub visit_type_id: String,
    /// Provider id.
    pub provider_id: String,
    /// Location id.
    pub location_id: String,
    /// UTC seconds.
    pub start_at: i64,
    /// UTC seconds.
    pub end_at: i64,
    /// `booked` or `cancelled`.
    #[sqlx(try_from = "String")]
    pub status: portal_core::api::AppointmentStatus,
    /// `arrived`, `seen` or `no_show`, once marked.
    pub attendance: Option<String>,
    /// `web` or `desk`.
    pub source: String,
    /// The patient's full name.
    pub patient_name: String,
    /// The name to greet them by.
    pub preferred_name: Option<String>,
    /// Their phone, if given.
    pub phone: Option<String>,
    /// Their email, if given.
    pub email: Option<String>,
    /// `en` or `es`.
    #[sqlx(try_from = "String")]
    pub language: portal_core::Language,
    /// The interpreter language asked for.
    pub interpreter_language: Option<String>,
    /// Access needs.
    pub accessibility_notes: Option<String>,
    /// Whether they are new to the clinic.
    #[sqlx(try_from = "super::Flag")]
    pub new_patient: bool,
}

const COLUMNS: &str = "id, visit_type_id, provider_id, location_id, start_at, end_at, status,
    attendance, source, patient_name, preferred_name, phone, email, language, interpreter_language,
    accessibility_notes, new_patient";

/// Which visits to read.
pub struct Span<'a> {
    /// The clinic.
    pub clinic: &'a str,
    /// UTC seconds, inclusive.
    pub from: i64,
    /// UTC seconds, exclusive.
    pub to: i64,
    /// Only this provider's.
    pub provider: Option<&'a str>,
    /// Only this office's.
    pub location: Option<&'a str>,
}

/// The visits starting in a span (cancelled ones too), earliest first, with one audit row for
/// the read (the schedule shows patients' details).
pub async fn visits(
    db: &Pool,
    span: &Span<'_>,
    actor: &str,
) -> Result<Vec<ScheduleRow>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let rows = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM appointments
         WHERE clinic_id = $1 AND start_at >= $2 AND start_at < $3
           AND ($4 = '' OR provider_id = $4) AND ($5 = '' OR location_id = $5)
         ORDER BY start_at, provider_id"
    ))
    .bind(span.clinic)
    .bind(span.from)
    .bind(span.to)
    .bind(span.provider.unwrap_or_default())
    .bind(span.location.unwrap_or_default())
    .fetch_all(&mut *conn)
    .await?;
    audit::record_subject(
        &mut *conn,
        span.clinic,
        actor,
        "schedule.read",
        Some(&format!("schedule:{}..{}", span.from, span.to)),
    )
    .await?;
    Ok(rows)
}

/// One visit of a clinic with the patient's details (for the console's answers).
pub async fn visit(
    conn: &mut Conn,
    clinic: &str,
    id: &str,
) -> Result<Option<ScheduleRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM appointments WHERE id = $1 AND clinic_id = $2"
    ))
    .bind(id)
    .bind(clinic)
    .fetch_optional(conn)
    .await
}

/// Time a provider is away, as staff blocked it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BlockRow {
    /// Public id.
    pub public_id: String,
    /// The provider.
    pub provider_id: String,
    /// UTC seconds.
    pub start_at: i64,
    /// UTC seconds.
    pub end_at: i64,
    /// Why, in staff's words ("Sick", "Team meeting").
    pub reason: String,
    /// Who blocked it.
    pub created_by: String,
}

/// The blocked times overlapping a span.
pub async fn blocks(db: &Pool, span: &Span<'_>) -> Result<Vec<BlockRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT public_id, provider_id, start_at, end_at, reason, created_by FROM blocked_times
         WHERE clinic_id = $1 AND removed_at IS NULL AND end_at > $2 AND start_at < $3
           AND ($4 = '' OR provider_id = $4)
         ORDER BY start_at, provider_id",
    )
    .bind(span.clinic)
    .bind(span.from)
    .bind(span.to)
    .bind(span.provider.unwrap_or_default())
    .fetch_all(db)
    .await
}

/// Blocks a provider's time in one write transaction, and returns it with the booked visits
/// it clashes with (the patients to call), read in the same transaction.
pub async fn block(
    store: &Store,
    clinic: &str,
    block: &BlockRow,
    now: i64,
) -> Result<Vec<ScheduleRow>, sqlx::Error> {
    let mut tx = store
        .write(&format!("{clinic}/provider/{}", block.provider_id))
        .await?;
    sqlx::query(
        "INSERT INTO blocked_times (public_id, clinic_id, provider_id, start_at, end_at, reason, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&block.public_id)
    .bind(clinic)
    .bind(&block.provider_id)
    .bind(block.start_at)
    .bind(block.end_at)
    .bind(&block.reason)
    .bind(&block.created_by)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let clashes: Vec<ScheduleRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM appointments
         WHERE clinic_id = $1 AND provider_id = $2 AND status = 'booked' AND start_at < $3 AND end_at > $4
         ORDER BY start_at"
    ))
    .bind(clinic)
    .bind(&block.provider_id)
    .bind(block.end_at)
    .bind(block.start_at)
    .fetch_all(&mut *tx)
    .await?;
    audit::record_subject(
        &mut *tx,
        clinic,
        &block.created_by,
        "blocked_time.create",
        Some(&format!("blocked_time:{}", block.public_id)),
    )
    .await?;
    tx.commit().await?;
    Ok(clashes)
}

/// Opens blocked time again. `Ok(false)` when there is no such block (or it was removed).
pub async fn unblock(
    db: &Pool,
    clinic: &str,
    public_id: &str,
    actor: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE blocked_times SET removed_at = $1 WHERE clinic_id = $2 AND public_id = $3 AND removed_at IS NULL",
    )
    .bind(now)
    .bind(clinic)
    .bind(public_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 1 {
        audit::record_subject(
            &mut *tx,
            clinic,
            actor,
            "blocked_time.remove",
            Some(&format!("blocked_time:{public_id}")),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// Marks who came: `arrived`, `seen`, `no_show`, or `None` to undo a mark. Only a booked visit
/// of this clinic is marked; returns it as it is now, or `None` when there is no such visit.
pub async fn set_attendance(
    db: &Pool,
    clinic: &str,
    id: &str,
    attendance: Option<&str>,
    actor: &str,
    now: i64,
) -> Result<Option<ScheduleRow>, sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE appointments SET attendance = $1, attendance_at = $2
         WHERE id = $3 AND clinic_id = $4 AND status = 'booked'",
    )
    .bind(attendance)
    .bind(attendance.map(|_| now))
    .bind(id)
    .bind(clinic)
    .execute(&mut *tx)
    .await?;
    let row = visit(&mut tx, clinic, id).await?;
    if row.is_some() {
        let action = match attendance {
            Some("arrived") => "appointment.arrived",
            Some("seen") => "appointment.seen",
            Some(_) => "appointment.no_show",
            None => "appointment.attendance_cleared",
        };
        audit::record_subject(
            &mut *tx,
            clinic,
            actor,
            action,
            Some(&format!("appointment:{id}")),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(row)
}
