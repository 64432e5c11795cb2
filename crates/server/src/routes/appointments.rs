//! Appointments: book (with an Idempotency-Key), read, cancel, reschedule, and a calendar file.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Duration, Utc};
use portal_core::api::{
    Appointment, AppointmentRequest, ErrorBody, FieldError, RescheduleRequest, SlotTakenBody,
};
use portal_core::clinic::ClinicConfig;
use portal_core::patient::Patient;
use portal_core::slots::{self, SlotRefusal};
use serde_json::{json, Value};

use super::catalog::find_clinic;
use crate::booking::{self, parse_time, AppointmentRow};
use crate::client_addr::ClientAddr;
use crate::error::AppError;
use crate::extract::{bearer_token, ApiJson, ApiPath};
use crate::outbox::calendar::{calendar_file, Method};
use crate::startup::AppState;
use crate::{audit, outbox, tokens};

/// The appointment routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/clinics/{clinic}/appointments", post(create))
        .route("/api/v1/appointments/{id}", get(read))
        .route("/api/v1/appointments/{id}/cancel", post(cancel))
        .route("/api/v1/appointments/{id}/reschedule", post(reschedule))
        .route("/api/v1/appointments/{id}/calendar.ics", get(calendar))
}

/// How long replies to an Idempotency-Key are kept, in hours.
pub const IDEMPOTENCY_KEEP_HOURS: i64 = 48;

/// A reply decided inside the booking transaction, kept for retries with the same key.
struct Reply {
    status: StatusCode,
    body: Value,
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

fn error_reply(
    status: StatusCode,
    code: &str,
    message: &str,
    extra: Option<(&str, Value)>,
) -> Reply {
    let mut error = json!({ "code": code, "message": message });
    if let Some((key, value)) = extra {
        error[key] = value;
    }
    Reply {
        status,
        body: json!({ "error": error }),
    }
}

/// Books a visit. Retrying with the same `Idempotency-Key` and body returns the first reply.
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/appointments",
    tag = "booking",
    params(
        ("clinic" = String, Path, description = "The clinic's id"),
        ("Idempotency-Key" = String, Header, description = "A new random key per booking attempt (8 to 128 characters); reuse it only to retry the same request"),
    ),
    request_body = AppointmentRequest,
    responses(
        (status = 201, description = "Booked; `manage_token` lets the patient read, cancel and reschedule", body = Appointment),
        (status = 400, description = "`idempotency_key_missing`, `idempotency_key_invalid`, or `invalid_json`", body = ErrorBody),
        (status = 404, description = "`not_found`: no clinic with this id", body = ErrorBody),
        (status = 409, description = "`slot_taken` (with `alternatives`), `too_many_bookings`, or `same_day_visit` (the patient has a visit that day; send again with `also_same_day: true` to book both)", body = SlotTakenBody),
        (status = 413, description = "`body_too_large`", body = ErrorBody),
        (status = 415, description = "`unsupported_media_type`: send Content-Type: application/json", body = ErrorBody),
        (status = 422, description = "`invalid_fields` (see `fields`), `invalid_body`, `not_bookable` (with `alternatives`), or `idempotency_key_reused`", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many bookings from this address; see Retry-After", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    ApiPath(clinic): ApiPath<String>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    ApiJson(request): ApiJson<AppointmentRequest>,
) -> Result<Response, AppError> {
    let config = find_clinic(&state, &clinic)?;
    if state.booking_limiter.check_key(&client).is_err() {
        let mut response = AppError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("Too many bookings were made from this device in a short time. Please wait a minute, or call the clinic at {}.", config.clinic.phone),
        )
        .into_response();
        response.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            HeaderValue::from_static("60"),
        );
        return Ok(response);
    }
    let key = idempotency_key(&headers)?;
    let request_hash = tokens::hash(&serde_json::to_string(&request).map_err(AppError::internal)?);
    let now = Utc::now();
    let lang = if request.language == "es" { "es" } else { "en" };

    // Everything that can be checked without the database, all at once.
    let mut fields = Vec::new();
    let mut field = |path: &str, message: String| {
        fields.push(FieldError {
            path: path.into(),
            message,
        })
    };
    let visit = config.visit_type(&request.visit_type);
    if visit.is_none() {
        field(
            "visit_type",
            format!(
                "\"{}\" is not a visit type at this clinic",
                request.visit_type
            ),
        );
    }
    if config.provider(&request.provider).is_none() {
        field(
            "provider",
            format!("\"{}\" is not a provider at this clinic", request.provider),
        );
    }
    if config.location(&request.location).is_none() {
        field(
            "location",
            format!("\"{}\" is not a location of this clinic", request.location),
        );
    }
    let start = parse_time(&request.start);
    if start.is_none() {
        field(
            "start",
            format!(
                "\"{}\" is not a time; use the start of an open time, like 2026-03-09T13:30:00Z",
                request.start
            ),
        );
    }
    if let Some(visit) = visit {
        if request.new_patient && !visit.new_patients {
            field(
                "new_patient",
                match lang {
                    "es" => "Esta visita es para pacientes que ya vinieron antes. Elija otra visita o llame a la clínica.".into(),
                    _ => "This visit is for patients who have been here before. Please pick another visit or call the clinic.".into(),
                },
            );
        }
    }
    if !matches!(request.language.as_str(), "en" | "es") {
        field(
            "language",
            format!(
                "\"{}\" is not offered; use \"en\" or \"es\"",
                request.language
            ),
        );
    }
    let patient = match Patient::parse(&request.patient, booking::clinic_today(&config, now)) {
        Ok(patient) => Some(patient),
        Err(problems) => {
            for p in problems {
                field(p.path, p.problem.message(lang).to_string());
            }
            None
        }
    };
    for p in portal_core::patient::contact_problems(request.contact_by, &request.patient) {
        field(p.path, p.problem.message(lang).to_string());
    }
    let (Some(start), Some(patient), true) = (start, patient, fields.is_empty()) else {
        return Err(AppError::invalid_fields(fields));
    };

    let mut tx = state.write_gate.begin(&state.db, &config.clinic.id).await?;
    let context = format!("{}/{key}", config.clinic.id);
    let previous: Option<StoredReply> = sqlx::query_as(
        "SELECT request_hash, status, response, appointment_id, manage_token_sealed FROM idempotency_keys
         WHERE clinic_id = $1 AND key = $2 AND created_at >= $3",
    )
    .bind(&config.clinic.id)
    .bind(&key)
    .bind((now - Duration::hours(IDEMPOTENCY_KEEP_HOURS)).timestamp())
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(previous) = previous {
        if previous.request_hash != request_hash {
            tx.commit().await?;
            return Err(AppError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                "This Idempotency-Key was already used for a different booking. Use a new key for each new booking, and the same key only to retry the same request.",
            ));
        }
        let reply = replay(&mut tx, &state, &config, &context, previous).await?;
        tx.commit().await?;
        let mut response = reply.into_response();
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
        return Ok(response);
    }

    let (reply, token) = book(&mut tx, &state, &config, &request, &patient, start, now).await?;
    sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
        .bind((now - Duration::hours(IDEMPOTENCY_KEEP_HOURS)).timestamp())
        .execute(&mut *tx)
        .await?;
    let mut stored = reply.body.clone();
    if let Some(object) = stored.as_object_mut() {
        object.remove("manage_token");
    }
    let appointment_id = (reply.status == StatusCode::CREATED)
        .then(|| reply.body["id"].as_str().unwrap_or_default().to_string());
    sqlx::query(
        "INSERT INTO idempotency_keys (clinic_id, key, request_hash, status, response, created_at, appointment_id, manage_token_sealed)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&config.clinic.id)
    .bind(&key)
    .bind(&request_hash)
    .bind(reply.status.as_u16() as i64)
    .bind(stored.to_string())
    .bind(now.timestamp())
    .bind(&appointment_id)
    .bind(token.map(|t| state.keys.seal(&t, &context)))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(reply.into_response())
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

/// The answer to a retry: the first reply's status, with the visit as it is now (moved or
/// cancelled since) and the same manage token, which keeps working. A refusal is replayed as
/// it was.
async fn replay(
    tx: &mut crate::store::Conn,
    state: &AppState,
    config: &ClinicConfig,
    context: &str,
    previous: StoredReply,
) -> Result<Reply, AppError> {
    let status = StatusCode::from_u16(previous.status as u16).map_err(AppError::internal)?;
    let Some(id) = previous.appointment_id else {
        let body: Value = serde_json::from_str(&previous.response).map_err(AppError::internal)?;
        return Ok(Reply { status, body });
    };
    let row = booking::find(&mut *tx, &id)
        .await?
        .ok_or_else(|| AppError::internal("a replayed booking's visit is gone"))?;
    let mut appointment = row.to_api(config);
    appointment.manage_token = previous
        .manage_token_sealed
        .as_deref()
        .and_then(|sealed| state.keys.open(sealed, context));
    if appointment.manage_token.is_none() {
        // Only when the server's secret changed within the key's 48 hours.
        tracing::warn!("a retried booking's manage token could not be unsealed");
    }
    audit::record_subject(
        &mut *tx,
        &config.clinic.id,
        &format!("patient:{id}"),
        "appointment.replay",
        Some(&format!("appointment:{id}")),
    )
    .await?;
    Ok(Reply {
        status,
        body: serde_json::to_value(&appointment).map_err(AppError::internal)?,
    })
}

/// The booking itself, inside the write transaction: re-check the slot and the rules, insert.
/// The reply, and the new manage token when a visit was booked.
async fn book(
    tx: &mut crate::store::Conn,
    state: &AppState,
    config: &ClinicConfig,
    request: &AppointmentRequest,
    patient: &Patient,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(Reply, Option<String>), AppError> {
    let clinic = &config.clinic.id;
    let booked = booking::booked_between(tx, clinic, Some(&request.provider), start, start).await?;
    let slot = match slots::check_slot(
        config,
        &request.visit_type,
        &request.provider,
        &request.location,
        start,
        &booked,
        now,
    ) {
        Ok(slot) => slot,
        Err(refusal) => {
            return Ok((
                refused(
                    tx,
                    config,
                    &request.visit_type,
                    start,
                    (&request.provider, &request.location),
                    now,
                    refusal,
                )
                .await?,
                None,
            ))
        }
    };

    let patient_key = state.keys.patient_key(&patient.name, patient.date_of_birth);
    let (upcoming,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM appointments WHERE clinic_id = $1 AND patient_key = $2 AND status = 'booked' AND start_at > $3",
    )
    .bind(clinic)
    .bind(&patient_key)
    .bind(now.timestamp())
    .fetch_one(&mut *tx)
    .await?;
    if upcoming >= config.rules.max_future_bookings_per_patient as i64 {
        return Ok((error_reply(
            StatusCode::CONFLICT,
            "too_many_bookings",
            &format!(
                "You already have {upcoming} visits booked with us, which is the most we can take online. To add another, please call the clinic at {}.",
                config.clinic.phone
            ),
            None,
        ), None));
    }

    // Two visits on one day are allowed, but the patient is told first: often they meant to
    // change the one they have.
    if !request.also_same_day {
        let tz = config.clinic.timezone;
        let day = start.with_timezone(&tz).date_naive();
        let bounds = |d: chrono::NaiveDate| {
            d.and_hms_opt(0, 0, 0)
                .and_then(|m| m.and_local_timezone(tz).earliest())
                .map_or(0, |t| t.timestamp())
        };
        let (same_day,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM appointments WHERE clinic_id = $1 AND patient_key = $2 AND status = 'booked' AND start_at >= $3 AND start_at < $4",
        )
        .bind(clinic)
        .bind(&patient_key)
        .bind(bounds(day))
        .bind(day.succ_opt().map_or(i64::MAX, bounds))
        .fetch_one(&mut *tx)
        .await?;
        if same_day > 0 {
            return Ok((error_reply(
                StatusCode::CONFLICT,
                "same_day_visit",
                &format!(
                    "You already have a visit with us that day. To change that visit instead, use the link you got when you booked it, or call the clinic at {}. To book this one too, send the request again with \"also_same_day\": true.",
                    config.clinic.phone
                ),
                None,
            ), None));
        }
    }

    let id = tokens::new_id();
    let token = tokens::new_secret();
    let inserted = crate::store::try_execute(
        &mut *tx,
        sqlx::query(
        "INSERT INTO appointments (id, clinic_id, visit_type_id, provider_id, location_id, start_at, end_at, status,
            new_patient, patient_name, preferred_name, date_of_birth, phone, email, patient_key, reason,
            interpreter_language, accessibility_notes, language, manage_token_hash, manage_expires_at, created_at, contact_by,
            busy_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'booked', $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)",
    )
    .bind(&id)
    .bind(clinic)
    .bind(&request.visit_type)
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
    .bind(&patient_key)
    .bind(&patient.reason)
    .bind(&patient.interpreter_language)
    .bind(&patient.accessibility_notes)
    .bind(&request.language)
    .bind(tokens::hash(&token))
    .bind(slot.end.timestamp())
    .bind(now.timestamp())
    .bind(portal_core::messages::contact_by_str(portal_core::patient::contact_by_default(request.contact_by, &request.patient)))
    .bind(booking::busy_until(config, slot.end))
    ,
    )
    .await?;
    match inserted {
        Ok(_) => {}
        Err(e) if crate::store::is_slot_taken(&e) => {
            return Ok((
                refused(
                    tx,
                    config,
                    &request.visit_type,
                    start,
                    (&request.provider, &request.location),
                    now,
                    SlotRefusal::Taken,
                )
                .await?,
                None,
            ));
        }
        Err(e) => return Err(e.into()),
    }
    audit::record_subject(
        &mut *tx,
        clinic,
        &format!("patient:{id}"),
        "appointment.create",
        Some(&format!("appointment:{id}")),
    )
    .await?;
    // The confirmation and reminders are planned in the booking's own transaction.
    let row = booking::find(&mut *tx, &id)
        .await?
        .ok_or_else(|| AppError::internal("a new visit vanished"))?;
    outbox::booked(
        &mut *tx,
        &state.keys,
        config,
        &row.visit_facts(),
        &token,
        now,
    )
    .await?;
    let mut appointment = Appointment {
        id,
        status: "booked".into(),
        clinic: clinic.clone(),
        visit_type: request.visit_type.clone(),
        provider: slot.provider.to_string(),
        location: slot.location.to_string(),
        start: booking::rfc3339(slot.start),
        end: booking::rfc3339(slot.end),
        timezone: config.clinic.timezone.name().to_string(),
        preferred_name: patient.preferred_name.clone(),
        manage_token: None,
    };
    appointment.manage_token = Some(token.clone());
    let body = serde_json::to_value(&appointment).map_err(AppError::internal)?;
    Ok((
        Reply {
            status: StatusCode::CREATED,
            body,
        },
        Some(token),
    ))
}

/// The reply for a time that cannot be booked: taken (with the nearest other times) or not
/// bookable (too soon, too far, outside hours).
async fn refused(
    tx: &mut crate::store::Conn,
    config: &ClinicConfig,
    visit_type: &str,
    start: DateTime<Utc>,
    wanted: (&str, &str),
    now: DateTime<Utc>,
    refusal: SlotRefusal,
) -> Result<Reply, AppError> {
    let alternatives = {
        let booked = booking::booked_between(
            tx,
            &config.clinic.id,
            None,
            start - Duration::days(3),
            start + Duration::days(8),
        )
        .await?;
        serde_json::to_value(booking::nearest_alternatives(
            config, visit_type, start, wanted, &booked, now, 6,
        ))
        .map_err(AppError::internal)?
    };
    let phone = &config.clinic.phone;
    Ok(match refusal {
        SlotRefusal::Taken => error_reply(
            StatusCode::CONFLICT,
            "slot_taken",
            "Someone just booked this time. These times are still open.",
            Some(("alternatives", alternatives)),
        ),
        SlotRefusal::TooSoon => error_reply(
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_bookable",
            &format!("This time is too soon to book online. Please pick a later time, or call the clinic at {phone}."),
            Some(("alternatives", alternatives)),
        ),
        SlotRefusal::TooFar => error_reply(
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_bookable",
            &format!("This time is too far ahead to book online. Please pick an earlier time, or call the clinic at {phone}."),
            Some(("alternatives", alternatives)),
        ),
        SlotRefusal::OutsideHours => error_reply(
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_bookable",
            "This is not one of the open times. Please pick one of the times offered.",
            Some(("alternatives", alternatives)),
        ),
        SlotRefusal::NotOffered | SlotRefusal::UnknownLocation | SlotRefusal::UnknownProvider | SlotRefusal::UnknownVisitType => error_reply(
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_bookable",
            "This provider does not offer this visit at this place. Please pick one of the times offered.",
            Some(("alternatives", alternatives)),
        ),
    })
}

fn idempotency_key(headers: &HeaderMap) -> Result<String, AppError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Err(AppError::bad_request(
            "idempotency_key_missing",
            "Send an Idempotency-Key header with a new random value (like a UUID) for each booking.",
        ));
    };
    // A value that is not plain ASCII is there but wrong: say so, not "missing".
    let key = value.to_str().map(str::trim).unwrap_or("\u{FFFD}");
    if key.is_empty() {
        return Err(AppError::bad_request(
            "idempotency_key_missing",
            "Send an Idempotency-Key header with a new random value (like a UUID) for each booking.",
        ));
    }
    if !(8..=128).contains(&key.len())
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(AppError::bad_request(
            "idempotency_key_invalid",
            "The Idempotency-Key must be 8 to 128 letters, digits, dashes or underscores, like a UUID.",
        ));
    }
    Ok(key.to_string())
}

/// The appointment, if the bearer token is its manage token and has not expired.
async fn authorized(
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
) -> Result<(AppointmentRow, Arc<ClinicConfig>), AppError> {
    let token = bearer_token(headers);
    let row = booking::find(&state.db, id).await?;
    let phone_of = |clinic: &str| {
        state
            .clinics
            .get(clinic)
            .map(|c| c.clinic.phone.clone())
            .unwrap_or_default()
    };
    match (row, token) {
        (Some(row), Some(token)) if tokens::hash(&token) == row.manage_token_hash => {
            let config = find_clinic(state, &row.clinic_id)?;
            if Utc::now().timestamp() > row.manage_expires_at {
                return Err(AppError::not_authorized(&config.clinic.phone));
            }
            Ok((row, config))
        }
        (Some(row), _) => Err(AppError::not_authorized(&phone_of(&row.clinic_id))),
        // Unknown ids get the same answer as wrong tokens: ids are not to be probed.
        (None, _) => Err(AppError::not_authorized("")),
    }
}

/// Reads a visit with its manage token.
#[utoipa::path(
    get,
    path = "/api/v1/appointments/{id}",
    tag = "manage",
    params(("id" = String, Path, description = "Appointment id")),
    security(("manage_token" = [])),
    responses(
        (status = 200, description = "The visit", body = Appointment),
        (status = 401, description = "`not_authorized`: the token is wrong or expired", body = ErrorBody),
    )
)]
pub async fn read(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
) -> Result<Json<Appointment>, AppError> {
    let (row, config) = authorized(&state, &headers, &id).await?;
    audit::record_subject(
        &state.db,
        &row.clinic_id,
        &format!("patient:{id}"),
        "appointment.read",
        Some(&format!("appointment:{id}")),
    )
    .await?;
    Ok(Json(row.to_api(&config)))
}

/// Cancels a visit; the time is open again at once. Cancelling twice is harmless.
#[utoipa::path(
    post,
    path = "/api/v1/appointments/{id}/cancel",
    tag = "manage",
    params(("id" = String, Path, description = "Appointment id")),
    security(("manage_token" = [])),
    responses(
        (status = 200, description = "The visit, now `cancelled`", body = Appointment),
        (status = 401, description = "`not_authorized`", body = ErrorBody),
        (status = 422, description = "`visit_over`: the visit has already started", body = ErrorBody),
    )
)]
pub async fn cancel(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
) -> Result<Json<Appointment>, AppError> {
    let (_, config) = authorized(&state, &headers, &id).await?;
    let now = Utc::now();
    // Read, check and write in one write transaction: what is checked is what is changed.
    let mut tx = state.write_gate.begin(&state.db, &config.clinic.id).await?;
    let row = booking::find(&mut *tx, &id)
        .await?
        .ok_or_else(|| AppError::not_authorized(&config.clinic.phone))?;
    if row.status == "booked" {
        if now.timestamp() >= row.start_at {
            return Err(visit_over(&config));
        }
        let done = sqlx::query("UPDATE appointments SET status = 'cancelled', cancelled_at = $1 WHERE id = $2 AND status = 'booked'")
            .bind(now.timestamp())
            .bind(&row.id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Err(AppError::internal(
                "a booked visit did not cancel inside its write transaction",
            ));
        }
        audit::record_subject(
            &mut *tx,
            &row.clinic_id,
            &format!("patient:{id}"),
            "appointment.cancel",
            Some(&format!("appointment:{id}")),
        )
        .await?;
        sqlx::query(
            "UPDATE appointments SET calendar_sequence = calendar_sequence + 1 WHERE id = $1",
        )
        .bind(&row.id)
        .execute(&mut *tx)
        .await?;
        let row = booking::find(&mut *tx, &id)
            .await?
            .ok_or_else(|| AppError::internal("cancelled row vanished"))?;
        outbox::cancelled(&mut tx, &state.keys, &config, &row.visit_facts(), now).await?;
    }
    let row = booking::find(&mut *tx, &id)
        .await?
        .ok_or_else(|| AppError::internal("cancelled row vanished"))?;
    tx.commit().await?;
    Ok(Json(row.to_api(&config)))
}

fn visit_over(config: &ClinicConfig) -> AppError {
    AppError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "visit_over",
        format!("This visit has already started, so it can't be changed online. Please call the clinic at {}.", config.clinic.phone),
    )
}

/// Moves a visit to another open time, checked like a new booking.
#[utoipa::path(
    post,
    path = "/api/v1/appointments/{id}/reschedule",
    tag = "manage",
    params(("id" = String, Path, description = "Appointment id")),
    security(("manage_token" = [])),
    request_body = RescheduleRequest,
    responses(
        (status = 200, description = "The visit at its new time", body = Appointment),
        (status = 401, description = "`not_authorized`", body = ErrorBody),
        (status = 400, description = "`invalid_json`", body = ErrorBody),
        (status = 409, description = "`slot_taken`, with `alternatives`", body = SlotTakenBody),
        (status = 413, description = "`body_too_large`", body = ErrorBody),
        (status = 422, description = "`invalid_fields`, `invalid_body`, `not_bookable`, `visit_over` or `cancelled`", body = ErrorBody),
    )
)]
pub async fn reschedule(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<RescheduleRequest>,
) -> Result<Response, AppError> {
    let (_, config) = authorized(&state, &headers, &id).await?;
    // The token just checked; the messages about the new time carry it in their links.
    let token = bearer_token(&headers).unwrap_or_default();
    let Some(start) = parse_time(&request.start) else {
        return Err(AppError::invalid_fields(vec![FieldError {
            path: "start".into(),
            message: format!(
                "\"{}\" is not a time; use the start of an open time, like 2026-03-09T13:30:00Z",
                request.start
            ),
        }]));
    };
    let now = Utc::now();
    // The visit is read, checked and moved inside one write transaction, so a cancel or another
    // move that lands first is seen, and the overlap check sees every other visit as it is.
    let mut tx = state.write_gate.begin(&state.db, &config.clinic.id).await?;
    let row = booking::find(&mut *tx, &id)
        .await?
        .ok_or_else(|| AppError::not_authorized(&config.clinic.phone))?;
    if row.status != "booked" {
        return Err(AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "cancelled",
            format!(
                "This visit was cancelled. Please book a new visit, or call the clinic at {}.",
                config.clinic.phone
            ),
        ));
    }
    if now.timestamp() >= row.start_at {
        return Err(visit_over(&config));
    }
    let booked = booking::booked_between_except(
        &mut tx,
        &config.clinic.id,
        Some(&request.provider),
        start,
        start,
        Some(&row.id),
    )
    .await?;
    let slot = match slots::check_slot(
        &config,
        &row.visit_type_id,
        &request.provider,
        &request.location,
        start,
        &booked,
        now,
    ) {
        Ok(slot) => slot,
        Err(refusal) => {
            let reply = refused(
                &mut tx,
                &config,
                &row.visit_type_id,
                start,
                (&request.provider, &request.location),
                now,
                refusal,
            )
            .await?;
            tx.commit().await?;
            return Ok(reply.into_response());
        }
    };
    let updated = crate::store::try_execute(
        &mut tx,
        sqlx::query(
        "UPDATE appointments SET provider_id = $1, location_id = $2, start_at = $3, end_at = $4, manage_expires_at = $5,
            calendar_sequence = calendar_sequence + 1, busy_until = $8
         WHERE id = $6 AND status = 'booked' AND start_at = $7",
    )
    .bind(slot.provider)
    .bind(slot.location)
    .bind(slot.start.timestamp())
    .bind(slot.end.timestamp())
    .bind(slot.end.timestamp())
    .bind(&row.id)
    .bind(row.start_at)
    .bind(booking::busy_until(&config, slot.end))
    ,
    )
    .await?;
    match updated {
        Ok(done) if done.rows_affected() == 1 => {}
        Ok(_) => {
            return Err(AppError::internal(
                "a booked visit did not move inside its write transaction",
            ))
        }
        Err(e) if crate::store::is_slot_taken(&e) => {
            let reply = refused(
                &mut tx,
                &config,
                &row.visit_type_id,
                start,
                (&request.provider, &request.location),
                now,
                SlotRefusal::Taken,
            )
            .await?;
            tx.commit().await?;
            return Ok(reply.into_response());
        }
        Err(e) => return Err(e.into()),
    }
    audit::record_subject(
        &mut *tx,
        &row.clinic_id,
        &format!("patient:{id}"),
        "appointment.reschedule",
        Some(&format!("appointment:{id}")),
    )
    .await?;
    let row = booking::find(&mut *tx, &id)
        .await?
        .ok_or_else(|| AppError::internal("rescheduled row vanished"))?;
    outbox::moved(
        &mut tx,
        &state.keys,
        &config,
        &row.visit_facts(),
        &token,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(row.to_api(&config)).into_response())
}

/// The visit as an iCalendar file for the patient's calendar.
#[utoipa::path(
    get,
    path = "/api/v1/appointments/{id}/calendar.ics",
    tag = "manage",
    params(("id" = String, Path, description = "Appointment id")),
    security(("manage_token" = [])),
    responses(
        (status = 200, description = "An iCalendar (RFC 5545) file", content_type = "text/calendar", body = String),
        (status = 401, description = "`not_authorized`", body = ErrorBody),
    )
)]
pub async fn calendar(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (row, config) = authorized(&state, &headers, &id).await?;
    audit::record_subject(
        &state.db,
        &row.clinic_id,
        &format!("patient:{id}"),
        "appointment.calendar",
        Some(&format!("appointment:{id}")),
    )
    .await?;
    let method = if row.status == "booked" {
        Method::Publish
    } else {
        Method::Cancel
    };
    let ics = calendar_file(&row, &config, method);
    let mut response = ics.into_response();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    response.headers_mut().insert(
        axum::http::header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"visit.ics\""),
    );
    Ok(response)
}
