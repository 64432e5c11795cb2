//! Appointments: book (with an Idempotency-Key), read, cancel, reschedule, and a calendar file.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Utc;
use portal_core::api::{
    ApiError, Appointment, AppointmentRequest, AppointmentStatus, ErrorBody, ErrorCode, FieldError,
    OpenSlot, RescheduleRequest,
};
use portal_core::clinic::{Clinic, ClinicConfig};
use portal_core::patient::Patient;
use portal_core::slots::SlotRefusal;
use portal_core::Language;
use serde_json::Value;

use super::catalog::find_clinic;
use crate::booking::{parse_time, AppointmentRow};
use crate::client_addr::ClientAddr;
use crate::error::AppError;
use crate::extract::{bearer_token, ApiJson, ApiPath};
use crate::outbox::calendar::{calendar_file, Method};
use crate::startup::AppState;
use crate::store::appointments::{
    self, BookResult, Cancelled, Move, Moved, NewBooking, Outcome, Refusal,
};
use crate::store::audit;
use crate::tokens;

/// The appointment routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/clinics/{clinic}/appointments", post(create))
        .route("/api/v1/appointments/{id}", get(read))
        .route("/api/v1/appointments/{id}/cancel", post(cancel))
        .route("/api/v1/appointments/{id}/reschedule", post(reschedule))
        .route("/api/v1/appointments/{id}/calendar.ics", get(calendar))
}

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

/// A refusal without other times, in the API's error shape.
fn error_reply(status: StatusCode, code: ErrorCode, message: String) -> Reply {
    let body = ErrorBody {
        error: ApiError {
            code: code.as_str().into(),
            message,
            ..ApiError::default()
        },
    };
    Reply {
        status,
        body: serde_json::to_value(body).unwrap_or(Value::Null),
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
        (status = 409, description = "`slot_taken` (with `alternatives`), `too_many_bookings`, or `same_day_visit` (the patient has a visit that day; send again with `also_same_day: true` to book both)", body = ErrorBody),
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
    if !state.booking_limiter.allows(&client.to_string()).await {
        let mut response = AppError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
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
    book_for(&state, &config, &key, &request, None).await
}

/// A booking, by a patient (`desk` is None) or by staff for a patient: the one path both take,
/// from the checks of the request to the reply. Retrying with the same Idempotency-Key and body
/// returns the first reply.
pub async fn book_for(
    state: &AppState,
    config: &Clinic,
    key: &str,
    request: &AppointmentRequest,
    desk: Option<appointments::Desk<'_>>,
) -> Result<Response, AppError> {
    let request_hash = tokens::hash(&serde_json::to_string(request).map_err(AppError::internal)?);
    let now = Utc::now();
    let lang = request.language;

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
                    Language::Es => "Esta visita es para pacientes que ya vinieron antes. Elija otra visita o llame a la clínica.".into(),
                    Language::En => "This visit is for patients who have been here before. Please pick another visit or call the clinic.".into(),
                },
            );
        }
    }
    let patient = match Patient::parse(&request.patient, crate::booking::clinic_today(config, now))
    {
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

    let booking = NewBooking {
        config,
        key,
        request_hash: &request_hash,
        request,
        patient: &patient,
        start,
        now,
        desk,
    };
    let result = appointments::book(&state.store, &state.keys, booking, |outcome| {
        let reply = outcome_reply(config, outcome);
        (reply.status.as_u16(), reply.body)
    })
    .await?;
    let replayed = |status: u16, body: Value| -> Result<Response, AppError> {
        let status = StatusCode::from_u16(status).map_err(AppError::internal)?;
        let mut response = Reply { status, body }.into_response();
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
        Ok(response)
    };
    match result {
        BookResult::New(outcome) => Ok(outcome_reply(config, &outcome).into_response()),
        BookResult::ReplayedVisit { status, row, token } => {
            let mut appointment = row.to_api(config);
            appointment.manage_token = token;
            replayed(status, serde_json::to_value(&appointment).map_err(AppError::internal)?)
        }
        BookResult::ReplayedReply { status, body } => replayed(status, body),
        BookResult::KeyReused => Err(AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::IdempotencyKeyReused,
            "This Idempotency-Key was already used for a different booking. Use a new key for each new booking, and the same key only to retry the same request.",
        )),
    }
}

/// The reply to a booking's outcome: the new visit with its manage token, or the refusal.
fn outcome_reply(config: &ClinicConfig, outcome: &Outcome) -> Reply {
    let phone = &config.clinic.phone;
    match outcome {
        Outcome::Booked { row, token } => {
            let mut appointment = row.to_api(config);
            appointment.manage_token = Some(token.clone());
            Reply {
                status: StatusCode::CREATED,
                body: serde_json::to_value(&appointment).unwrap_or(Value::Null),
            }
        }
        Outcome::Refused {
            refusal: Refusal::TooManyBookings { upcoming },
            ..
        } => error_reply(
            StatusCode::CONFLICT,
            ErrorCode::TooManyBookings,
            format!(
                "You already have {upcoming} visits booked with us, which is the most we can take online. To add another, please call the clinic at {phone}."
            ),
        ),
        Outcome::Refused {
            refusal: Refusal::SameDayVisit,
            ..
        } => error_reply(
            StatusCode::CONFLICT,
            ErrorCode::SameDayVisit,
            format!(
                "You already have a visit with us that day. To change that visit instead, use the link you got when you booked it, or call the clinic at {phone}. To book this one too, send the request again with \"also_same_day\": true."
            ),
        ),
        Outcome::Refused {
            refusal: Refusal::Slot(refusal),
            alternatives,
        } => refused(config, refusal, alternatives),
    }
}

/// The reply for a time that cannot be booked: taken (with the nearest other times) or not
/// bookable (too soon, too far, outside hours).
fn refused(config: &ClinicConfig, refusal: &SlotRefusal, alternatives: &[OpenSlot]) -> Reply {
    let phone = &config.clinic.phone;
    let (status, code, message) = match refusal {
        SlotRefusal::Taken => (
            StatusCode::CONFLICT,
            ErrorCode::SlotTaken,
            "Someone just booked this time. These times are still open.".to_string(),
        ),
        SlotRefusal::TooSoon => (
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::NotBookable,
            format!("This time is too soon to book online. Please pick a later time, or call the clinic at {phone}."),
        ),
        SlotRefusal::TooFar => (
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::NotBookable,
            format!("This time is too far ahead to book online. Please pick an earlier time, or call the clinic at {phone}."),
        ),
        SlotRefusal::OutsideHours => (
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::NotBookable,
            "This is not one of the open times. Please pick one of the times offered.".to_string(),
        ),
        SlotRefusal::NotOffered
        | SlotRefusal::UnknownLocation
        | SlotRefusal::UnknownProvider
        | SlotRefusal::UnknownVisitType => (
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::NotBookable,
            "This provider does not offer this visit at this place. Please pick one of the times offered.".to_string(),
        ),
    };
    // The same shape for `slot_taken` and `not_bookable`: the error with the nearest open times.
    let body = ErrorBody {
        error: ApiError {
            code: code.as_str().into(),
            message,
            alternatives: alternatives.to_vec(),
            ..ApiError::default()
        },
    };
    Reply {
        status,
        body: serde_json::to_value(body).unwrap_or(Value::Null),
    }
}

pub fn idempotency_key(headers: &HeaderMap) -> Result<String, AppError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Err(AppError::bad_request(
            ErrorCode::IdempotencyKeyMissing,
            "Send an Idempotency-Key header with a new random value (like a UUID) for each booking.",
        ));
    };
    // A value that is not plain ASCII is there but wrong: say so, not "missing".
    let key = value.to_str().map(str::trim).unwrap_or("\u{FFFD}");
    if key.is_empty() {
        return Err(AppError::bad_request(
            ErrorCode::IdempotencyKeyMissing,
            "Send an Idempotency-Key header with a new random value (like a UUID) for each booking.",
        ));
    }
    if !(8..=128).contains(&key.len())
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(AppError::bad_request(
            ErrorCode::IdempotencyKeyInvalid,
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
) -> Result<(AppointmentRow, Arc<Clinic>), AppError> {
    let token = bearer_token(headers);
    let row = appointments::find(&state.store.pool, id).await?;
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
        &state.store.pool,
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
    match appointments::cancel(&state.store, &state.keys, &config, &id, None, Utc::now()).await? {
        Cancelled::Visit(row) => Ok(Json(row.to_api(&config))),
        Cancelled::VisitOver => Err(visit_over(&config)),
        Cancelled::NotFound => Err(AppError::not_authorized(&config.clinic.phone)),
    }
}

fn visit_over(config: &ClinicConfig) -> AppError {
    AppError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::VisitOver,
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
        (status = 409, description = "`slot_taken`, with `alternatives`", body = ErrorBody),
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
    move_for(&state, &config, &id, &request, Some(&token), None).await
}

/// A move, by the patient (with their manage token) or by staff for them (`desk`; the visit
/// gets a new manage token, which the answer and the messages carry): the one path both take.
pub async fn move_for(
    state: &AppState,
    config: &Clinic,
    id: &str,
    request: &RescheduleRequest,
    token: Option<&str>,
    desk: Option<appointments::Desk<'_>>,
) -> Result<Response, AppError> {
    let Some(start) = parse_time(&request.start) else {
        return Err(AppError::invalid_fields(vec![FieldError {
            path: "start".into(),
            message: format!(
                "\"{}\" is not a time; use the start of an open time, like 2026-03-09T13:30:00Z",
                request.start
            ),
        }]));
    };
    let to = Move {
        id,
        provider: request.provider.clone(),
        location: request.location.clone(),
        start,
        token,
        now: Utc::now(),
        desk,
    };
    match appointments::move_visit(&state.store, &state.keys, config, to).await? {
        Moved::Visit(row, new_token) => {
            let mut appointment = row.to_api(config);
            appointment.manage_token = new_token;
            Ok(Json(appointment).into_response())
        }
        Moved::Refused {
            refusal,
            alternatives,
        } => Ok(refused(config, &refusal, &alternatives).into_response()),
        Moved::Cancelled => Err(AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::Cancelled,
            format!(
                "This visit was cancelled. Please book a new visit, or call the clinic at {}.",
                config.clinic.phone
            ),
        )),
        Moved::VisitOver => Err(visit_over(config)),
        Moved::NotFound => Err(AppError::not_authorized(&config.clinic.phone)),
    }
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
        &state.store.pool,
        &row.clinic_id,
        &format!("patient:{id}"),
        "appointment.calendar",
        Some(&format!("appointment:{id}")),
    )
    .await?;
    let method = if row.status == AppointmentStatus::Booked {
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
