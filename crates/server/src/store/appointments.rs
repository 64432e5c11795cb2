//! Appointments and the Idempotency-Key replies of bookings: every query of the
//! `appointments` and `idempotency_keys` tables, and the three writes patients make (book,
//! move, cancel), each one store call that reads, checks and writes in one write transaction.
//!
//! Double booking is refused three times over: the slot is checked again inside the
//! transaction (portal-core's slot engine against the visits read in it), the transaction holds
//! the clinic's write turn (see [`super::WriteGate`]), and the database itself refuses a clash
//! (a unique index on a provider's start time; on PostgreSQL also an exclusion constraint over
//! each provider's busy time). A refusal by the database is answered like a taken time.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use portal_core::api::{AppointmentRequest, AppointmentStatus, ContactBy, OpenSlot};
use portal_core::clinic::{Clinic, ClinicConfig};
use portal_core::ids::{LocationId, ProviderId};
use portal_core::patient::Patient;
use portal_core::slots::{self, Booked, SlotRefusal};
use serde_json::Value;

use super::audit;
use super::{try_execute, Conn, Pool, Store, WriteGate};
use crate::booking::{busy_until, from_epoch, nearest_alternatives};
use crate::secrets::ServerKeys;
use crate::{outbox, tokens};

/// How long replies to an Idempotency-Key are kept, in hours.
pub const IDEMPOTENCY_KEEP_HOURS: i64 = 48;

/// One appointment row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AppointmentRow {
    /// Public id.
    pub id: String,
    /// Clinic id.
    pub clinic_id: String,
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
    /// Preferred name.
    pub preferred_name: Option<String>,
    /// Hash of the manage token.
    pub manage_token_hash: String,
    /// UTC seconds after which the manage token no longer works.
    pub manage_expires_at: i64,
    /// Patient's language.
    #[sqlx(try_from = "String")]
    pub language: portal_core::Language,
    /// How the patient wants to hear about the visit: text, email, both or neither.
    #[sqlx(try_from = "String")]
    pub contact_by: ContactBy,
    /// The calendar file's SEQUENCE: 0 when booked, raised by every change.
    pub calendar_sequence: i64,
    /// Whether the patient gave an email address.
    #[sqlx(try_from = "super::Flag")]
    pub has_email: bool,
    /// Whether the patient gave a phone number.
    #[sqlx(try_from = "super::Flag")]
    pub has_phone: bool,
}

const COLUMNS: &str =
    "id, clinic_id, visit_type_id, provider_id, location_id, start_at, end_at, status,
    preferred_name, manage_token_hash, manage_expires_at, language, contact_by, calendar_sequence,
    CASE WHEN email IS NOT NULL AND email != '' THEN 1 ELSE 0 END AS has_email,
    CASE WHEN phone IS NOT NULL AND phone != '' THEN 1 ELSE 0 END AS has_phone";

/// Reads one appointment by id.
pub async fn find<'e, E>(executor: E, id: &str) -> Result<Option<AppointmentRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM appointments WHERE id = $1"))
        .bind(id)
        .fetch_optional(executor)
        .await
}

/// Active bookings of a clinic (optionally one provider) that overlap `[from, to)`, with a day
/// of margin so buffers at the edges are seen.
pub async fn booked_between(
    conn: &mut Conn,
    clinic: &str,
    provider: Option<&str>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Booked>, sqlx::Error> {
    booked_between_except(conn, clinic, provider, from, to, None).await
}

/// As [`booked_between`], leaving out the visit `except` (the one being moved, which does not
/// block its own new time).
pub async fn booked_between_except(
    conn: &mut Conn,
    clinic: &str,
    provider: Option<&str>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    except: Option<&str>,
) -> Result<Vec<Booked>, sqlx::Error> {
    let from = from
        .checked_sub_signed(Duration::days(1))
        .unwrap_or(from)
        .timestamp();
    let to = to
        .checked_add_signed(Duration::days(1))
        .unwrap_or(to)
        .timestamp();
    // Two statements, not one with "provider IS NULL OR ...": SQLite uses the index on
    // (clinic, provider, start) only when the provider is a plain equality.
    let except = except.unwrap_or_default();
    // Time staff blocked closes like a visit, without the buffer around it. Its id is never
    // the visit's `except`, so both statements take the same parameters.
    let visits = "SELECT provider_id, start_at, end_at, 1 AS buffered FROM appointments
         WHERE clinic_id = $1 AND status = 'booked' AND end_at > $2 AND start_at < $3 AND id != $4";
    let blocked = "SELECT provider_id, start_at, end_at, 0 AS buffered FROM blocked_times
         WHERE clinic_id = $1 AND removed_at IS NULL AND end_at > $2 AND start_at < $3 AND public_id != $4";
    let mut rows: Vec<(String, i64, i64, i64)> = Vec::new();
    for sql in [visits, blocked] {
        let sql = match provider {
            Some(_) => sql.replace(
                "WHERE clinic_id = $1",
                "WHERE clinic_id = $1 AND provider_id = $5",
            ),
            None => sql.to_string(),
        };
        let query = sqlx::query_as(&sql)
            .bind(clinic)
            .bind(from)
            .bind(to)
            .bind(except);
        let query = match provider {
            Some(provider) => query.bind(provider),
            None => query,
        };
        rows.extend(query.fetch_all(&mut *conn).await?);
    }
    Ok(rows
        .into_iter()
        .map(|(provider, start, end, buffered)| Booked {
            provider,
            start: from_epoch(start),
            end: from_epoch(end),
            buffered: buffered != 0,
        })
        .collect())
}

/// A clinic's active bookings overlapping `[from, to)`, on a connection from the pool (the
/// availability route's read).
pub async fn booked_for_availability(
    pool: &Pool,
    clinic: &str,
    provider: Option<&str>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Booked>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    booked_between(&mut conn, clinic, provider, from, to).await
}

/// A booking as the route parsed it: everything the store needs to check and write it.
pub struct NewBooking<'a> {
    /// The clinic.
    pub config: &'a Clinic,
    /// The Idempotency-Key.
    pub key: &'a str,
    /// The hash of the request body, to tell a retry from another booking with the same key.
    pub request_hash: &'a str,
    /// The request.
    pub request: &'a AppointmentRequest,
    /// The patient's checked details.
    pub patient: &'a Patient,
    /// The start asked for.
    pub start: DateTime<Utc>,
    /// Now.
    pub now: DateTime<Utc>,
    /// Made by clinic staff for a patient (on the phone, at the desk), not by the patient.
    pub desk: Option<Desk<'a>>,
}

/// A booking staff make for a patient: who, and which of the patients' online rules they set
/// aside. Each rule set aside is written to the audit log with the visit.
#[derive(Debug, Clone, Copy)]
pub struct Desk<'a> {
    /// The audit log's actor (`staff:<email>`, `key:<id>`).
    pub actor: &'a str,
    /// Sooner than the notice, or past the horizon.
    pub overrides: slots::Overrides,
    /// More future visits than patients may hold online.
    pub over_limit: bool,
}

/// Why a time or a booking was refused inside the transaction.
#[derive(Debug, Clone)]
pub enum Refusal {
    /// The slot engine's answer: taken, too soon, too far, outside hours, not offered.
    Slot(SlotRefusal),
    /// The patient already holds the most future visits the clinic takes online.
    TooManyBookings {
        /// How many they hold.
        upcoming: i64,
    },
    /// The patient already has a visit that day and did not say `also_same_day`.
    SameDayVisit,
}

/// What one booking attempt decided (before it is kept for retries).
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // one per request: boxing the row buys nothing
pub enum Outcome {
    /// A new visit, with its manage token.
    Booked {
        /// The new row.
        row: AppointmentRow,
        /// The manage token (only its hash is stored).
        token: String,
    },
    /// Refused, with the nearest other open times (empty for booking-limit refusals).
    Refused {
        /// Why.
        refusal: Refusal,
        /// Other open times near the one asked for.
        alternatives: Vec<OpenSlot>,
    },
}

/// The answer to a booking request.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // one per request: boxing the row buys nothing
pub enum BookResult {
    /// Decided now; the reply the route made of it is kept for retries.
    New(Outcome),
    /// A retry of a booking that made a visit: the visit as it is now and its manage token.
    ReplayedVisit {
        /// The first reply's status.
        status: u16,
        /// The visit now (moved or cancelled since, maybe).
        row: AppointmentRow,
        /// The manage token, unsealed (None only when the server's secret changed since).
        token: Option<String>,
    },
    /// A retry of a refused booking: the first reply as it was.
    ReplayedReply {
        /// Its status.
        status: u16,
        /// Its JSON body.
        body: Value,
    },
    /// The key was used for a different request.
    KeyReused,
}

/// What an Idempotency-Key remembers of its first reply.
#[derive(sqlx::FromRow)]
struct StoredReply {
    request_hash: String,
    status: i64,
    response: String,
    appointment_id: Option<String>,
    manage_token_sealed: Option<String>,
}

/// Books a visit, or replays the first answer to the same Idempotency-Key, in one write
/// transaction: the key's earlier reply, the slot checked again against the visits as they are,
/// the booking limits, the insert, the audit row, the planned messages, and the reply
/// `reply_of` makes of the outcome, kept for retries (without the manage token, which is kept
/// sealed).
pub async fn book(
    store: &Store,
    keys: &ServerKeys,
    booking: NewBooking<'_>,
    reply_of: impl FnOnce(&Outcome) -> (u16, Value),
) -> Result<BookResult, sqlx::Error> {
    let config = booking.config;
    let clinic = &config.clinic.id;
    let now = booking.now;
    // The write turn is the patient's at this clinic (their booking limits, and a retry of the
    // same request, are decided one at a time). On PostgreSQL other patients book side by side:
    // a clash of times is refused by the database itself. SQLite has one writer anyway.
    let patient_key = keys.patient_key(&booking.patient.name, booking.patient.date_of_birth);
    let mut tx = store
        .write(&format!("{clinic}/patient/{patient_key}"))
        .await?;
    let context = format!("{clinic}/{}", booking.key);
    let previous: Option<StoredReply> = sqlx::query_as(
        "SELECT request_hash, status, response, appointment_id, manage_token_sealed FROM idempotency_keys
         WHERE clinic_id = $1 AND key = $2 AND created_at >= $3",
    )
    .bind(clinic)
    .bind(booking.key)
    .bind((now - Duration::hours(IDEMPOTENCY_KEEP_HOURS)).timestamp())
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(previous) = previous {
        let result = replay(
            &mut tx,
            keys,
            clinic,
            &context,
            booking.request_hash,
            previous,
        )
        .await?;
        tx.commit().await?;
        return Ok(result);
    }

    let outcome = decide(&mut tx, keys, &booking, &patient_key).await?;
    let (status, mut stored) = reply_of(&outcome);
    if let Some(object) = stored.as_object_mut() {
        object.remove("manage_token");
    }
    let (appointment_id, sealed) = match &outcome {
        Outcome::Booked { row, token } => (Some(row.id.clone()), Some(keys.seal(token, &context))),
        Outcome::Refused { .. } => (None, None),
    };
    // The same key from another patient at the same moment (a client's bug) finds the key
    // taken here: nothing of this attempt is kept. A key older than its 48 hours (not yet
    // purged) is used anew.
    let kept = sqlx::query(
        "INSERT INTO idempotency_keys (clinic_id, key, request_hash, status, response, created_at, appointment_id, manage_token_sealed)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (clinic_id, key) DO UPDATE SET request_hash = excluded.request_hash, status = excluded.status,
            response = excluded.response, created_at = excluded.created_at, appointment_id = excluded.appointment_id,
            manage_token_sealed = excluded.manage_token_sealed
         WHERE idempotency_keys.created_at < $9",
    )
    .bind(clinic)
    .bind(booking.key)
    .bind(booking.request_hash)
    .bind(i64::from(status))
    .bind(stored.to_string())
    .bind(now.timestamp())
    .bind(appointment_id)
    .bind(sealed)
    .bind((now - Duration::hours(IDEMPOTENCY_KEEP_HOURS)).timestamp())
    .execute(&mut *tx)
    .await?;
    if kept.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(BookResult::KeyReused);
    }
    tx.commit().await?;
    Ok(BookResult::New(outcome))
}

/// The answer to a retry: the visit as it is now with the same manage token, or the first
/// refusal as it was.
async fn replay(
    tx: &mut Conn,
    keys: &ServerKeys,
    clinic: &str,
    context: &str,
    request_hash: &str,
    previous: StoredReply,
) -> Result<BookResult, sqlx::Error> {
    if previous.request_hash != request_hash {
        return Ok(BookResult::KeyReused);
    }
    let status = u16::try_from(previous.status).unwrap_or(500);
    let Some(id) = previous.appointment_id else {
        let body = serde_json::from_str(&previous.response).unwrap_or(Value::Null);
        return Ok(BookResult::ReplayedReply { status, body });
    };
    let row = find(&mut *tx, &id)
        .await?
        .ok_or_else(|| sqlx::Error::Protocol("a replayed booking's visit is gone".into()))?;
    let token = previous
        .manage_token_sealed
        .as_deref()
        .and_then(|sealed| keys.open(sealed, context));
    if token.is_none() {
        // Only when the server's secret changed within the key's 48 hours.
        tracing::warn!("a retried booking's manage token could not be unsealed");
    }
    audit::record_subject(
        &mut *tx,
        clinic,
        &format!("patient:{id}"),
        "appointment.replay",
        Some(&format!("appointment:{id}")),
    )
    .await?;
    Ok(BookResult::ReplayedVisit { status, row, token })
}

/// The booking itself, inside the write transaction: the slot and the rules checked again,
/// then the insert, its audit row and its planned messages.
async fn decide(
    tx: &mut Conn,
    keys: &ServerKeys,
    booking: &NewBooking<'_>,
    patient_key: &str,
) -> Result<Outcome, sqlx::Error> {
    let NewBooking {
        config,
        request,
        patient,
        start,
        now,
        ..
    } = *booking;
    let clinic = &config.clinic.id;
    let booked = booked_between(tx, clinic, Some(&request.provider), start, start).await?;
    let asked = slots::Wanted {
        visit_type: request.visit_type.clone(),
        provider: request.provider.clone(),
        location: request.location.clone(),
        start,
    };
    let wanted = (&asked.provider, &asked.location);
    let (slot, mut set_aside) = check_with(config, &asked, &booked, now, booking.desk);
    let slot = match slot {
        Ok(slot) => slot,
        Err(refusal) => {
            return refused(tx, config, &request.visit_type, start, wanted, now, refusal).await;
        }
    };

    // Both booking limits in one read: visits still to come, and visits that day.
    let tz = config.clinic.timezone;
    let day = start.with_timezone(&tz).date_naive();
    let bounds = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .and_then(|m| m.and_local_timezone(tz).earliest())
            .map_or(0, |t| t.timestamp())
    };
    let (upcoming, same_day): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(CASE WHEN start_at > $3 THEN 1 END), COUNT(CASE WHEN start_at >= $4 AND start_at < $5 THEN 1 END)
         FROM appointments WHERE clinic_id = $1 AND patient_key = $2 AND status = 'booked'",
    )
    .bind(clinic)
    .bind(patient_key)
    .bind(now.timestamp())
    .bind(bounds(day))
    .bind(day.succ_opt().map_or(i64::MAX, bounds))
    .fetch_one(&mut *tx)
    .await?;
    let over_limit = upcoming >= i64::from(config.rules.max_future_bookings_per_patient);
    if over_limit && booking.desk.is_some_and(|desk| desk.over_limit) {
        set_aside.push("booking_limit");
    } else if over_limit {
        return Ok(Outcome::Refused {
            refusal: Refusal::TooManyBookings { upcoming },
            alternatives: Vec::new(),
        });
    }
    // Two visits on one day are allowed, but the patient is told first: often they meant to
    // change the one they have.
    if !request.also_same_day && same_day > 0 {
        return Ok(Outcome::Refused {
            refusal: Refusal::SameDayVisit,
            alternatives: Vec::new(),
        });
    }

    let id = tokens::new_id();
    let token = tokens::new_secret();
    let contact_by = portal_core::patient::contact_by_default(request.contact_by, &request.patient);
    // ON CONFLICT DO NOTHING: a time another booking took first (the unique index on a
    // provider's start, PostgreSQL's exclusion constraint on busy times) inserts nothing, and the
    // transaction goes on to answer with other times.
    let inserted = sqlx::query(
            "INSERT INTO appointments (id, clinic_id, visit_type_id, provider_id, location_id, start_at, end_at, status,
                new_patient, patient_name, preferred_name, date_of_birth, phone, email, patient_key, reason,
                interpreter_language, accessibility_notes, language, manage_token_hash, manage_expires_at, created_at,
                contact_by, busy_until, source, booked_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'booked', $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
                $21, $22, $23, $24, $25)
             ON CONFLICT DO NOTHING",
        )
        .bind(&id)
        .bind(clinic)
        .bind(request.visit_type.as_str())
        .bind(slot.provider)
        .bind(slot.location)
        .bind(slot.start.timestamp())
        .bind(slot.end.timestamp())
        .bind(request.new_patient)
        .bind(&patient.name)
        .bind(&patient.preferred_name)
        .bind(patient.date_of_birth.format("%Y-%m-%d").to_string())
        .bind(patient.phone.as_ref().map(|p| p.as_str().to_string()))
        .bind(patient.email.as_ref().map(|e| e.as_str().to_string()))
        .bind(patient_key)
        .bind(&patient.reason)
        .bind(&patient.interpreter_language)
        .bind(&patient.accessibility_notes)
        .bind(request.language.code())
        .bind(tokens::hash(&token))
        .bind(slot.end.timestamp())
        .bind(now.timestamp())
        .bind(contact_by.as_str())
        .bind(busy_until(config, slot.end))
        .bind(if booking.desk.is_some() { "desk" } else { "web" })
        .bind(booking.desk.map(|desk| desk.actor))
        .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        let taken = SlotRefusal::Taken;
        return refused(tx, config, &request.visit_type, start, wanted, now, taken).await;
    }
    let patient_actor = format!("patient:{id}");
    let actor = booking
        .desk
        .map_or(patient_actor.as_str(), |desk| desk.actor);
    let subject = format!("appointment:{id}");
    audit::record_subject(
        &mut *tx,
        clinic,
        actor,
        "appointment.create",
        Some(&subject),
    )
    .await?;
    record_overrides(tx, clinic, actor, &id, &set_aside).await?;
    let row = AppointmentRow {
        id,
        clinic_id: clinic.clone(),
        visit_type_id: request.visit_type.to_string(),
        provider_id: slot.provider.to_string(),
        location_id: slot.location.to_string(),
        start_at: slot.start.timestamp(),
        end_at: slot.end.timestamp(),
        status: AppointmentStatus::Booked,
        preferred_name: Some(patient.preferred_name.clone()),
        manage_token_hash: tokens::hash(&token),
        manage_expires_at: slot.end.timestamp(),
        language: request.language,
        contact_by,
        calendar_sequence: 0,
        has_email: patient.email.is_some(),
        has_phone: patient.phone.is_some(),
    };
    // The confirmation and reminders are planned in the booking's own transaction.
    outbox::booked(&mut *tx, keys, config, &row.visit_facts(), &token, now).await?;
    Ok(Outcome::Booked { row, token })
}

/// The slot engine's check of a wanted time; staff's overrides are used only when the time
/// needs them, and each one used is named (to be written to the audit log).
fn check_with<'c>(
    config: &'c Clinic,
    asked: &slots::Wanted,
    booked: &[slots::Booked],
    now: DateTime<Utc>,
    desk: Option<Desk<'_>>,
) -> (Result<slots::Slot<'c>, SlotRefusal>, Vec<&'static str>) {
    let none = slots::Overrides::default();
    match slots::check_slot_with(config, asked, booked, now, none) {
        Ok(slot) => (Ok(slot), Vec::new()),
        Err(refusal) => match (desk, &refusal) {
            (Some(desk), SlotRefusal::TooSoon) if desk.overrides.short_notice => (
                slots::check_slot_with(config, asked, booked, now, desk.overrides),
                vec!["short_notice"],
            ),
            (Some(desk), SlotRefusal::TooFar) if desk.overrides.past_horizon => (
                slots::check_slot_with(config, asked, booked, now, desk.overrides),
                vec!["past_horizon"],
            ),
            _ => (Err(refusal), Vec::new()),
        },
    }
}

/// Writes the audit rows of the rules staff set aside for a visit.
async fn record_overrides(
    tx: &mut Conn,
    clinic: &str,
    actor: &str,
    id: &str,
    set_aside: &[&str],
) -> Result<(), sqlx::Error> {
    let subject = format!("appointment:{id}");
    for rule in set_aside {
        let action = format!("appointment.override.{rule}");
        audit::record_subject(&mut *tx, clinic, actor, &action, Some(&subject)).await?;
    }
    Ok(())
}

/// A refusal with the nearest other open times, read in the same transaction.
async fn refused(
    tx: &mut Conn,
    config: &Clinic,
    visit_type: &str,
    start: DateTime<Utc>,
    wanted: (&ProviderId, &LocationId),
    now: DateTime<Utc>,
    refusal: SlotRefusal,
) -> Result<Outcome, sqlx::Error> {
    Ok(Outcome::Refused {
        refusal: Refusal::Slot(refusal),
        alternatives: alternatives(tx, config, visit_type, start, wanted, now).await?,
    })
}

/// The nearest other open times for a visit type around `start`, read in the transaction.
async fn alternatives(
    tx: &mut Conn,
    config: &Clinic,
    visit_type: &str,
    start: DateTime<Utc>,
    wanted: (&ProviderId, &LocationId),
    now: DateTime<Utc>,
) -> Result<Vec<OpenSlot>, sqlx::Error> {
    let booked = booked_between(
        tx,
        &config.clinic.id,
        None,
        start - Duration::days(3),
        start + Duration::days(8),
    )
    .await?;
    Ok(nearest_alternatives(
        config, visit_type, start, wanted, &booked, now, 6,
    ))
}

/// What a cancel did.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // one per request: boxing the row buys nothing
pub enum Cancelled {
    /// The visit, cancelled now or before (cancelling twice is harmless).
    Visit(AppointmentRow),
    /// The visit has already started: it can't be changed online.
    VisitOver,
    /// No such visit.
    NotFound,
}

/// Cancels a visit in one write transaction: read, check, write, audit, plan the messages.
pub async fn cancel(
    store: &Store,
    keys: &ServerKeys,
    config: &ClinicConfig,
    id: &str,
    actor: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Cancelled, sqlx::Error> {
    // The visit's own write turn: a cancel and a move of one visit go one after the other.
    let mut tx = store
        .write(&format!("{}/visit/{id}", config.clinic.id))
        .await?;
    let Some(row) = find(&mut *tx, id).await? else {
        return Ok(Cancelled::NotFound);
    };
    if row.status == AppointmentStatus::Booked {
        if now.timestamp() >= row.start_at {
            return Ok(Cancelled::VisitOver);
        }
        let done = sqlx::query(
            "UPDATE appointments SET status = 'cancelled', cancelled_at = $1, calendar_sequence = calendar_sequence + 1
             WHERE id = $2 AND status = 'booked'",
        )
        .bind(now.timestamp())
        .bind(&row.id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(sqlx::Error::Protocol(
                "a booked visit did not cancel inside its write transaction".into(),
            ));
        }
        let row = audited(&mut tx, &row.clinic_id, id, actor, "appointment.cancel").await?;
        outbox::cancelled(&mut tx, keys, config, &row.visit_facts(), now).await?;
    }
    let row = find(&mut *tx, id)
        .await?
        .ok_or_else(|| sqlx::Error::Protocol("cancelled row vanished".into()))?;
    tx.commit().await?;
    Ok(Cancelled::Visit(row))
}

/// Writes the audit row of a patient's change to their visit, and reads the visit as it is now.
async fn audited(
    tx: &mut Conn,
    clinic: &str,
    id: &str,
    actor: Option<&str>,
    action: &str,
) -> Result<AppointmentRow, sqlx::Error> {
    let patient = format!("patient:{id}");
    audit::record_subject(
        &mut *tx,
        clinic,
        actor.unwrap_or(&patient),
        action,
        Some(&format!("appointment:{id}")),
    )
    .await?;
    find(&mut *tx, id)
        .await?
        .ok_or_else(|| sqlx::Error::Protocol(format!("{action}: the visit vanished")))
}

/// Where a visit is to move.
pub struct Move<'a> {
    /// The visit's id.
    pub id: &'a str,
    /// The provider.
    pub provider: ProviderId,
    /// The office.
    pub location: LocationId,
    /// The new start.
    pub start: DateTime<Utc>,
    /// The manage token the patient used; the messages about the new time carry it. None when
    /// staff move the visit: the visit then gets a new manage token (the old link stops), which
    /// the messages carry and [`Moved::Visit`] returns.
    pub token: Option<&'a str>,
    /// Now.
    pub now: DateTime<Utc>,
    /// Moved by staff for the patient, with the rules they may set aside.
    pub desk: Option<Desk<'a>>,
}

/// What a move did.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // one per request: boxing the row buys nothing
pub enum Moved {
    /// The visit at its new time, with its new manage token when staff moved it.
    Visit(AppointmentRow, Option<String>),
    /// The new time was refused, with other open times.
    Refused {
        /// Why.
        refusal: SlotRefusal,
        /// Other open times near it.
        alternatives: Vec<OpenSlot>,
    },
    /// The visit was cancelled.
    Cancelled,
    /// The visit has already started.
    VisitOver,
    /// No such visit.
    NotFound,
}

/// Moves a visit in one write transaction: the visit read, the new time checked like a new
/// booking against every other visit as it is, the update, its audit row and messages.
pub async fn move_visit(
    store: &Store,
    keys: &ServerKeys,
    config: &Clinic,
    to: Move<'_>,
) -> Result<Moved, sqlx::Error> {
    let now = to.now;
    // The visit's own write turn; a clash with another visit is refused by the database.
    let mut tx = store
        .write(&format!("{}/visit/{}", config.clinic.id, to.id))
        .await?;
    let Some(row) = find(&mut *tx, to.id).await? else {
        return Ok(Moved::NotFound);
    };
    if row.status != AppointmentStatus::Booked {
        return Ok(Moved::Cancelled);
    }
    if now.timestamp() >= row.start_at {
        return Ok(Moved::VisitOver);
    }
    let booked = booked_between_except(
        &mut tx,
        &config.clinic.id,
        Some(to.provider.as_str()),
        to.start,
        to.start,
        Some(&row.id),
    )
    .await?;
    let wanted = (&to.provider, &to.location);
    // A refusal by the slot engine, or by the database when another visit took the time first.
    let asked = slots::Wanted {
        visit_type: row.visit_type_id.as_str().into(),
        provider: to.provider.clone(),
        location: to.location.clone(),
        start: to.start,
    };
    let (checked, set_aside) = check_with(config, &asked, &booked, now, to.desk);
    // Staff's move gives the visit a new manage token: the messages need one to link to.
    let new_token = to.token.is_none().then(tokens::new_secret);
    let refusal = match checked {
        Err(refusal) => Some(refusal),
        Ok(slot) => {
            let updated = try_execute(&mut tx, || {
                sqlx::query(
                    "UPDATE appointments SET provider_id = $1, location_id = $2, start_at = $3, end_at = $4, manage_expires_at = $5,
                        calendar_sequence = calendar_sequence + 1, busy_until = $8,
                        manage_token_hash = COALESCE($9, manage_token_hash)
                     WHERE id = $6 AND status = 'booked' AND start_at = $7",
                )
                .bind(slot.provider)
                .bind(slot.location)
                .bind(slot.start.timestamp())
                .bind(slot.end.timestamp())
                .bind(slot.end.timestamp())
                .bind(&row.id)
                .bind(row.start_at)
                .bind(busy_until(config, slot.end))
                .bind(new_token.as_deref().map(tokens::hash))
            })
            .await?;
            match updated {
                Ok(done) if done.rows_affected() == 1 => None,
                Ok(_) => {
                    return Err(sqlx::Error::Protocol(
                        "a booked visit did not move inside its write transaction".into(),
                    ))
                }
                Err(e) if super::is_slot_taken(&e) => Some(SlotRefusal::Taken),
                Err(e) => return Err(e),
            }
        }
    };
    if let Some(refusal) = refusal {
        let visit_type = &row.visit_type_id;
        let alternatives = alternatives(&mut tx, config, visit_type, to.start, wanted, now).await?;
        tx.commit().await?;
        return Ok(Moved::Refused {
            refusal,
            alternatives,
        });
    }
    let actor = to.desk.map(|desk| desk.actor);
    let row = audited(
        &mut tx,
        &row.clinic_id,
        to.id,
        actor,
        "appointment.reschedule",
    )
    .await?;
    if let Some(actor) = actor {
        record_overrides(&mut tx, &row.clinic_id, actor, to.id, &set_aside).await?;
    }
    let token = to.token.or(new_token.as_deref()).unwrap_or_default();
    outbox::moved(&mut tx, keys, config, &row.visit_facts(), token, now).await?;
    tx.commit().await?;
    Ok(Moved::Visit(row, new_token))
}

/// Re-keys the booking-limit hashes of rows made before keyed hashes (no
/// [`crate::secrets::PATIENT_KEY_PREFIX`]), so the limit counts them too. Runs at start; a no-op
/// once done.
pub async fn rekey_patients(
    db: &Pool,
    gate: &WriteGate,
    keys: &ServerKeys,
) -> Result<(), sqlx::Error> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, patient_name, date_of_birth FROM appointments WHERE patient_key NOT LIKE 'v2:%'")
            .fetch_all(db)
            .await?;
    if rows.is_empty() {
        return Ok(());
    }
    let mut tx = gate.begin(db, "rekey").await?;
    for (id, name, born) in &rows {
        let Ok(born) = NaiveDate::parse_from_str(born, "%Y-%m-%d") else {
            continue;
        };
        sqlx::query("UPDATE appointments SET patient_key = $1 WHERE id = $2")
            .bind(keys.patient_key(name, born))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    tracing::info!(rows = rows.len(), "booking-limit keys updated");
    Ok(())
}
