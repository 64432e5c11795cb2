//! The front desk: the schedule (day and week, per provider and office, with the patient
//! details staff need), booking and cancelling for a patient on the phone (through the very
//! same booking path as the widget), blocked time (sick, meetings, whole days), and who came.
//! Every read and change is in the audit log under the person's name.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{Duration, NaiveDateTime, Utc};
use portal_core::api::{
    Appointment, AppointmentRequest, AppointmentStatus, ErrorBody, ErrorCode, FieldError,
    RescheduleRequest,
};
use portal_core::clinic::ClinicConfig;
use portal_core::ids::{LocationId, ProviderId, VisitTypeId};
use serde::{Deserialize, Serialize};

use super::appointments::{book_for, idempotency_key, move_for};
use crate::booking::{clinic_today, day_start, from_epoch, rfc3339};
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::staff::{As, FrontDesk, ScheduleReaders};
use crate::startup::AppState;
use crate::store::appointments::{self as visits, Cancelled, Desk};
use crate::store::schedule::{self, BlockRow, ScheduleRow, Span};
use crate::tokens;

/// The front desk's routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/clinics/{clinic}/schedule", get(read_schedule))
        .route("/api/v1/clinics/{clinic}/desk/open-times", get(open_times))
        .route("/api/v1/clinics/{clinic}/desk/bookings", post(desk_book))
        .route(
            "/api/v1/clinics/{clinic}/desk/appointments/{id}/cancel",
            post(desk_cancel),
        )
        .route(
            "/api/v1/clinics/{clinic}/desk/appointments/{id}/move",
            post(desk_move),
        )
        .route(
            "/api/v1/clinics/{clinic}/desk/appointments/{id}/attendance",
            post(attendance),
        )
        .route("/api/v1/clinics/{clinic}/blocked-times", post(block_time))
        .route(
            "/api/v1/clinics/{clinic}/blocked-times/{id}/remove",
            post(unblock_time),
        )
}

/// A name and its id.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Named {
    /// The id in the clinic file.
    pub id: String,
    /// The name (English).
    pub name: String,
}

/// One visit on the schedule.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ScheduleVisit {
    /// The appointment's id.
    pub id: String,
    /// Start, UTC RFC 3339.
    pub start: String,
    /// End, UTC RFC 3339.
    pub end: String,
    /// The provider.
    pub provider: Named,
    /// The office.
    pub location: Named,
    /// The visit type.
    pub visit_type: Named,
    /// The patient's full name.
    pub patient_name: String,
    /// The name to greet them by.
    pub preferred_name: String,
    /// Their phone, if given.
    pub phone: Option<String>,
    /// Their email, if given.
    pub email: Option<String>,
    /// The patient's language.
    pub language: portal_core::Language,
    /// The interpreter language they asked for.
    pub interpreter: Option<String>,
    /// Their access needs.
    pub access_needs: Option<String>,
    /// Whether they are new to the clinic.
    pub new_patient: bool,
    /// `booked`, `arrived`, `seen`, `no_show` or `cancelled`.
    pub status: String,
    /// `web` (the widget) or `desk` (booked by staff).
    pub source: String,
}

fn named(id: &str, name: Option<&portal_core::clinic::Text>) -> Named {
    Named {
        id: id.to_string(),
        name: name.map_or_else(|| id.to_string(), |n| n.en.clone()),
    }
}

impl ScheduleVisit {
    fn of(row: ScheduleRow, config: &ClinicConfig) -> ScheduleVisit {
        let status = match (row.status, row.attendance) {
            (AppointmentStatus::Booked, Some(attendance)) => attendance,
            (status, _) => status.as_str().to_string(),
        };
        ScheduleVisit {
            start: rfc3339(from_epoch(row.start_at)),
            end: rfc3339(from_epoch(row.end_at)),
            provider: named(
                &row.provider_id,
                config.provider(&row.provider_id).map(|p| &p.name),
            ),
            location: named(
                &row.location_id,
                config.location(&row.location_id).map(|l| &l.name),
            ),
            visit_type: named(
                &row.visit_type_id,
                config.visit_type(&row.visit_type_id).map(|v| &v.name),
            ),
            preferred_name: row
                .preferred_name
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| row.patient_name.clone()),
            patient_name: row.patient_name,
            phone: row.phone.filter(|p| !p.is_empty()),
            email: row.email.filter(|e| !e.is_empty()),
            language: row.language,
            interpreter: row.interpreter_language.filter(|i| !i.trim().is_empty()),
            access_needs: row.accessibility_notes.filter(|a| !a.trim().is_empty()),
            new_patient: row.new_patient,
            status,
            source: row.source,
            id: row.id,
        }
    }
}

/// Time a provider is away.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BlockedTime {
    /// The block's id (to open the time again).
    pub id: String,
    /// The provider.
    pub provider: Named,
    /// Start, UTC RFC 3339.
    pub start: String,
    /// End, UTC RFC 3339.
    pub end: String,
    /// Why ("Sick", "Team meeting").
    pub reason: String,
    /// Who blocked it.
    pub blocked_by: String,
}

impl BlockedTime {
    fn of(row: BlockRow, config: &ClinicConfig) -> BlockedTime {
        BlockedTime {
            provider: named(
                &row.provider_id,
                config.provider(&row.provider_id).map(|p| &p.name),
            ),
            start: rfc3339(from_epoch(row.start_at)),
            end: rfc3339(from_epoch(row.end_at)),
            reason: row.reason,
            blocked_by: row
                .created_by
                .strip_prefix("staff:")
                .unwrap_or(&row.created_by)
                .to_string(),
            id: row.public_id,
        }
    }
}

/// `GET .../schedule` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScheduleQuery {
    /// The first clinic-local day, `YYYY-MM-DD`; today when left out.
    pub date: Option<String>,
    /// How many days: 1 (a day) to 7 (a week). Default 1.
    pub days: Option<u32>,
    /// Only this provider's visits and blocked time.
    pub provider: Option<ProviderId>,
    /// Only this office's visits.
    pub location: Option<LocationId>,
}

/// The schedule of one day or a week.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Schedule {
    /// The clinic's IANA time zone: show every time in it.
    pub timezone: String,
    /// The first day, `YYYY-MM-DD`.
    pub date: String,
    /// How many days.
    pub days: u32,
    /// Visits starting in these days (cancelled ones too), earliest first.
    pub visits: Vec<ScheduleVisit>,
    /// Blocked time overlapping these days.
    pub blocked: Vec<BlockedTime>,
}

/// The schedule: visits with the patient details staff need, and blocked time. A clinician
/// sees their own. Reading it is audited.
#[utoipa::path(
    get,
    path = "/api/v1/clinics/{clinic}/schedule",
    tag = "front desk",
    params(("clinic" = String, Path, description = "The clinic's id"), ScheduleQuery),
    security(("staff_session" = []), ("staff_key" = [])),
    responses(
        (status = 200, description = "The schedule", body = Schedule),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "`invalid_query`: see `fields`", body = ErrorBody),
    )
)]
pub async fn read_schedule(
    State(state): State<AppState>,
    As(auth, _): As<ScheduleReaders>,
    ApiQuery(query): ApiQuery<ScheduleQuery>,
) -> Result<Json<Schedule>, AppError> {
    let config = &auth.clinic;
    let now = state.clock.now();
    let mut problems = Vec::new();
    let date = crate::booking::staff_day(config, now, "date", query.date.as_deref())
        .unwrap_or_else(|e| {
            problems.push(e);
            clinic_today(config, now)
        });
    let days = query.days.unwrap_or(1);
    if !(1..=7).contains(&days) {
        problems.push(FieldError {
            path: "days".into(),
            message: format!("{days} days can't be shown at once; use 1 (a day) to 7 (a week)"),
        });
    }
    let provider = query
        .provider
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    if let Some(provider) = provider {
        if config.provider(provider).is_none() {
            problems.push(unknown_provider(config, provider));
        }
    }
    let location = query
        .location
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    if let Some(location) = location {
        if config.location(location).is_none() {
            let ids: Vec<&str> = config.locations.iter().map(|l| l.id.as_str()).collect();
            problems.push(FieldError {
                path: "location".into(),
                message: format!(
                    "\"{location}\" is not an office of this clinic; use one of: {}",
                    ids.join(", ")
                ),
            });
        }
    }
    if !problems.is_empty() {
        return Err(AppError::invalid_query(problems));
    }
    // A clinician sees their own schedule, whatever they asked for.
    let provider = auth.own_provider().or(provider);
    let span = Span {
        clinic: &config.clinic.id,
        from: day_start(config, date).timestamp(),
        to: day_start(config, date + Duration::days(i64::from(days))).timestamp(),
        provider,
        location,
    };
    let db = &state.store.pool;
    let rows = schedule::visits(db, &span, &auth.actor()).await?;
    let blocks = schedule::blocks(db, &span).await?;
    Ok(Json(Schedule {
        timezone: config.clinic.timezone.name().to_string(),
        date: date.format("%Y-%m-%d").to_string(),
        days,
        visits: rows
            .into_iter()
            .map(|r| ScheduleVisit::of(r, config))
            .collect(),
        blocked: blocks
            .into_iter()
            .map(|b| BlockedTime::of(b, config))
            .collect(),
    }))
}

fn unknown_provider(config: &ClinicConfig, provider: &str) -> FieldError {
    let ids: Vec<&str> = config.providers.iter().map(|p| p.id.as_str()).collect();
    FieldError {
        path: "provider".into(),
        message: format!(
            "\"{provider}\" is not a provider at this clinic; use one of: {}",
            ids.join(", ")
        ),
    }
}

/// `GET .../desk/open-times` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OpenTimesQuery {
    /// The visit type.
    pub visit_type: VisitTypeId,
    /// Only this provider's times.
    pub provider: Option<ProviderId>,
    /// The clinic-local day, `YYYY-MM-DD`; today when left out.
    pub date: Option<String>,
}

/// An open time as staff see it: with the overrides booking it needs.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DeskTime {
    /// Start, UTC RFC 3339.
    pub start: String,
    /// End, UTC RFC 3339.
    pub end: String,
    /// The provider's id.
    pub provider: ProviderId,
    /// The office's id.
    pub location: LocationId,
    /// `short_notice` or `past_horizon` when patients could not book it online; empty otherwise.
    pub needs: Vec<String>,
}

/// One day's open times for a visit type as staff may book them: the times patients see, and
/// those only staff may book (sooner than the notice, past the horizon), each saying which
/// override it needs.
#[utoipa::path(
    get,
    path = "/api/v1/clinics/{clinic}/desk/open-times",
    tag = "front desk",
    params(("clinic" = String, Path, description = "The clinic's id"), OpenTimesQuery),
    security(("staff_session" = []), ("staff_key" = [])),
    responses(
        (status = 200, description = "The day's open times, earliest first", body = [DeskTime]),
        (status = 422, description = "`invalid_query`", body = ErrorBody),
    )
)]
pub async fn open_times(
    State(state): State<AppState>,
    As(auth, _): As<FrontDesk>,
    ApiQuery(query): ApiQuery<OpenTimesQuery>,
) -> Result<Json<Vec<DeskTime>>, AppError> {
    let config = &auth.clinic;
    let now = state.clock.now();
    let mut problems = Vec::new();
    if config.visit_type(&query.visit_type).is_none() {
        let ids: Vec<&str> = config.visit_types.iter().map(|v| v.id.as_str()).collect();
        problems.push(FieldError {
            path: "visit_type".into(),
            message: format!(
                "\"{}\" is not a visit type at this clinic; use one of: {}",
                query.visit_type,
                ids.join(", ")
            ),
        });
    }
    let provider = query
        .provider
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    if let Some(provider) = provider {
        if config.provider(provider).is_none() {
            problems.push(unknown_provider(config, provider));
        }
    }
    let date = crate::booking::staff_day(config, now, "date", query.date.as_deref())
        .unwrap_or_else(|e| {
            problems.push(e);
            clinic_today(config, now)
        });
    if !problems.is_empty() {
        return Err(AppError::invalid_query(problems));
    }
    let from = day_start(config, date);
    let to = day_start(config, date + Duration::days(1));
    let booked =
        visits::booked_for_availability(&state.store.pool, &config.clinic.id, provider, from, to)
            .await?;
    let request = portal_core::slots::SlotRequest {
        visit_type: query.visit_type.clone(),
        provider: provider.map(ProviderId::from),
        location: None,
        from: date,
        to: date,
    };
    let all = portal_core::slots::Overrides {
        short_notice: true,
        past_horizon: true,
    };
    let slots = portal_core::slots::open_slots_with(config, &request, &booked, now, all);
    Ok(Json(
        slots
            .iter()
            .map(|slot| {
                let needs = portal_core::slots::overrides_needed(config, slot.start, now);
                DeskTime {
                    start: rfc3339(slot.start),
                    end: rfc3339(slot.end),
                    provider: slot.provider.into(),
                    location: slot.location.into(),
                    needs: [
                        (needs.short_notice, "short_notice"),
                        (needs.past_horizon, "past_horizon"),
                    ]
                    .iter()
                    .filter(|(needed, _)| *needed)
                    .map(|(_, name)| name.to_string())
                    .collect(),
                }
            })
            .collect(),
    ))
}

/// Rules of online booking staff may set aside for one booking; each one used is audited.
#[derive(Debug, Clone, Copy, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeskOverrides {
    /// Book sooner than the clinic's notice (never in the past).
    #[serde(default)]
    pub short_notice: bool,
    /// Book past the clinic's booking horizon.
    #[serde(default)]
    pub past_horizon: bool,
    /// Book beyond the most future visits a patient may hold online.
    #[serde(default)]
    pub booking_limit: bool,
}

/// `POST .../desk/bookings`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeskBooking {
    /// The booking, exactly as the widget sends it.
    pub booking: AppointmentRequest,
    /// Rules to set aside, if the time needs it.
    #[serde(default)]
    pub overrides: DeskOverrides,
}

/// Books a visit for a patient (on the phone, at the desk) through the same checks, slot
/// engine and transaction as the widget; the patient gets the same confirmation and manage
/// link. Retrying with the same `Idempotency-Key` and body returns the first reply.
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/desk/bookings",
    tag = "front desk",
    params(
        ("clinic" = String, Path, description = "The clinic's id"),
        ("Idempotency-Key" = String, Header, description = "A new random key per booking attempt"),
    ),
    request_body = DeskBooking,
    security(("staff_session" = []), ("staff_key" = [])),
    responses(
        (status = 201, description = "Booked", body = Appointment),
        (status = 403, description = "`role_not_allowed` or `csrf_invalid`", body = ErrorBody),
        (status = 409, description = "`slot_taken` (with `alternatives`), `too_many_bookings`, or `same_day_visit`", body = ErrorBody),
        (status = 422, description = "`invalid_fields`, `not_bookable` (with `alternatives`; set an override if the time is only too soon or too far)", body = ErrorBody),
    )
)]
pub async fn desk_book(
    State(state): State<AppState>,
    As(auth, _): As<FrontDesk>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<DeskBooking>,
) -> Result<Response, AppError> {
    let key = idempotency_key(&headers)?;
    let actor = auth.actor();
    let desk = Desk {
        actor: &actor,
        overrides: portal_core::slots::Overrides {
            short_notice: request.overrides.short_notice,
            past_horizon: request.overrides.past_horizon,
        },
        over_limit: request.overrides.booking_limit,
    };
    book_for(&state, &auth.clinic, &key, &request.booking, Some(desk)).await
}

/// The path of one visit or block.
#[derive(Debug, Deserialize)]
pub struct ItemPath {
    /// The clinic's id.
    pub clinic: String,
    /// The visit's or block's id.
    pub id: String,
}

fn no_visit() -> AppError {
    AppError::not_found("There is no visit with this id at this clinic.")
}

/// The visit `id` of this clinic, or a 404 (a visit of another clinic is not found here).
async fn clinic_visit(
    state: &AppState,
    config: &ClinicConfig,
    id: &str,
) -> Result<ScheduleRow, AppError> {
    let mut conn = state.store.pool.acquire().await?;
    schedule::visit(&mut conn, &config.clinic.id, id)
        .await?
        .ok_or_else(no_visit)
}

/// Cancels a visit for a patient; the patient gets the same cancellation message as when they
/// cancel themselves.
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/desk/appointments/{id}/cancel",
    tag = "front desk",
    params(("clinic" = String, Path, description = "The clinic's id"), ("id" = String, Path, description = "The appointment's id")),
    security(("staff_session" = []), ("staff_key" = [])),
    responses(
        (status = 200, description = "Cancelled (cancelling twice is harmless)", body = Appointment),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 422, description = "`visit_over`: it has started", body = ErrorBody),
    )
)]
pub async fn desk_cancel(
    State(state): State<AppState>,
    As(auth, _): As<FrontDesk>,
    ApiPath(path): ApiPath<ItemPath>,
) -> Result<Json<Appointment>, AppError> {
    let config = &auth.clinic;
    clinic_visit(&state, config, &path.id).await?;
    let actor = auth.actor();
    let cancelled = visits::cancel(
        &state.store,
        &state.keys,
        config,
        &path.id,
        Some(&actor),
        Utc::now(),
    )
    .await?;
    match cancelled {
        Cancelled::Visit(row) => Ok(Json(row.to_api(config))),
        Cancelled::VisitOver => Err(AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::VisitOver,
            "This visit has started, so it can't be cancelled. Mark it as arrived or missed instead.",
        )),
        Cancelled::NotFound => Err(no_visit()),
    }
}

/// `POST .../desk/appointments/{id}/move`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeskMove {
    /// The new time, exactly as the widget sends a reschedule.
    pub to: RescheduleRequest,
    /// Rules to set aside, if the time needs it.
    #[serde(default)]
    pub overrides: DeskOverrides,
}

/// Moves a visit for a patient through the same checks and transaction as the patient's own
/// reschedule. The visit gets a new manage token (in the answer and in the messages about the
/// new time); the patient's old link stops working.
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/desk/appointments/{id}/move",
    tag = "front desk",
    params(("clinic" = String, Path, description = "The clinic's id"), ("id" = String, Path, description = "The appointment's id")),
    request_body = DeskMove,
    security(("staff_session" = []), ("staff_key" = [])),
    responses(
        (status = 200, description = "The visit at its new time, with its new manage token", body = Appointment),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 409, description = "`slot_taken`, with `alternatives`", body = ErrorBody),
        (status = 422, description = "`invalid_fields`, `not_bookable`, `cancelled` or `visit_over`", body = ErrorBody),
    )
)]
pub async fn desk_move(
    State(state): State<AppState>,
    As(auth, _): As<FrontDesk>,
    ApiPath(path): ApiPath<ItemPath>,
    ApiJson(request): ApiJson<DeskMove>,
) -> Result<Response, AppError> {
    let config = &auth.clinic;
    clinic_visit(&state, config, &path.id).await?;
    let actor = auth.actor();
    let desk = Desk {
        actor: &actor,
        overrides: portal_core::slots::Overrides {
            short_notice: request.overrides.short_notice,
            past_horizon: request.overrides.past_horizon,
        },
        over_limit: false,
    };
    move_for(&state, config, &path.id, &request.to, None, Some(desk)).await
}

/// `POST .../attendance`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceRequest {
    /// `arrived`, `seen` or `no_show`; null to undo a mark.
    pub attendance: Option<String>,
}

/// Marks who came: arrived, seen, or no-show (only once the visit's time has come).
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/desk/appointments/{id}/attendance",
    tag = "front desk",
    params(("clinic" = String, Path, description = "The clinic's id"), ("id" = String, Path, description = "The appointment's id")),
    request_body = AttendanceRequest,
    security(("staff_session" = []), ("staff_key" = [])),
    responses(
        (status = 200, description = "The visit as the schedule shows it now", body = ScheduleVisit),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 409, description = "`visit_cancelled`", body = ErrorBody),
        (status = 422, description = "`invalid_fields`: an unknown mark, or too early for it", body = ErrorBody),
    )
)]
pub async fn attendance(
    State(state): State<AppState>,
    As(auth, _): As<FrontDesk>,
    ApiPath(path): ApiPath<ItemPath>,
    ApiJson(request): ApiJson<AttendanceRequest>,
) -> Result<Json<ScheduleVisit>, AppError> {
    let config = &auth.clinic;
    let now = state.clock.now();
    let mark = request.attendance.as_deref().map(str::trim);
    let field = |message: String| {
        AppError::invalid_fields(vec![FieldError {
            path: "attendance".into(),
            message,
        }])
    };
    if let Some(mark) = mark {
        if !matches!(mark, "arrived" | "seen" | "no_show") {
            return Err(field(format!(
                "\"{mark}\" is not a mark; use arrived, seen or no_show (or null to undo)"
            )));
        }
    }
    let visit = clinic_visit(&state, config, &path.id).await?;
    if visit.status != AppointmentStatus::Booked {
        return Err(AppError::new(
            StatusCode::CONFLICT,
            ErrorCode::VisitCancelled,
            "This visit was cancelled, so it can't be marked.",
        ));
    }
    let visit_day = clinic_today(config, from_epoch(visit.start_at));
    match mark {
        Some("no_show") if now.timestamp() < visit.start_at => {
            return Err(field(
                "A visit can be marked as missed only once its time has come.".into(),
            ))
        }
        Some(_) if clinic_today(config, now) < visit_day => {
            return Err(field(
                "A visit can be marked only on its day or after.".into(),
            ))
        }
        _ => {}
    }
    let row = schedule::set_attendance(
        &state.store.pool,
        &config.clinic.id,
        &path.id,
        mark,
        &auth.actor(),
        now.timestamp(),
    )
    .await?
    .ok_or_else(no_visit)?;
    Ok(Json(ScheduleVisit::of(row, config)))
}

/// `POST .../blocked-times`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BlockRequest {
    /// The provider who is away.
    pub provider: ProviderId,
    /// Clinic-local start, `YYYY-MM-DDTHH:MM` (a whole day starts at `T00:00`).
    pub start: String,
    /// Clinic-local end, `YYYY-MM-DDTHH:MM` (a whole day ends at the next day's `T00:00`).
    pub end: String,
    /// Why, for colleagues ("Sick", "Team meeting"). Patients never see it.
    pub reason: String,
}

/// The new block and the booked visits it clashes with: the patients to call.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Blocked {
    /// The block.
    pub blocked: BlockedTime,
    /// Booked visits in the blocked time, earliest first; they stay booked until moved or
    /// cancelled.
    pub to_call: Vec<ScheduleVisit>,
}

/// Longest span blocked at once, in days.
const MAX_BLOCK_DAYS: i64 = 62;

/// Blocks a provider's time: it closes in availability at once (the clinic file's hours stay;
/// this wins). The answer lists the booked patients to call.
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/blocked-times",
    tag = "front desk",
    params(("clinic" = String, Path, description = "The clinic's id")),
    request_body = BlockRequest,
    security(("staff_session" = []), ("staff_key" = [])),
    responses(
        (status = 201, description = "Blocked", body = Blocked),
        (status = 422, description = "`invalid_fields`", body = ErrorBody),
    )
)]
pub async fn block_time(
    State(state): State<AppState>,
    As(auth, _): As<FrontDesk>,
    ApiJson(request): ApiJson<BlockRequest>,
) -> Result<Response, AppError> {
    let config = &auth.clinic;
    let tz = config.clinic.timezone;
    let now = state.clock.now();
    let mut fields = Vec::new();
    if config.provider(request.provider.trim()).is_none() {
        fields.push(unknown_provider(config, request.provider.trim()));
    }
    let mut local = |path: &str, text: &str| {
        let parsed = NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M")
            .ok()
            .and_then(|t| t.and_local_timezone(tz).earliest());
        if parsed.is_none() {
            fields.push(FieldError {
                path: path.into(),
                message: format!(
                    "\"{text}\" is not a clinic time; write it like 2026-03-09T13:00 ({} time)",
                    tz.name()
                ),
            });
        }
        parsed.map(|t| t.with_timezone(&Utc))
    };
    let start = local("start", &request.start);
    let end = local("end", &request.end);
    if let (Some(start), Some(end)) = (start, end) {
        let problem = if end <= start {
            Some("The end must come after the start.".to_string())
        } else if end <= now {
            Some("This time is already over; block time that is still to come.".into())
        } else if end - start > Duration::days(MAX_BLOCK_DAYS) {
            Some(format!("Block at most {MAX_BLOCK_DAYS} days at once."))
        } else {
            None
        };
        if let Some(message) = problem {
            fields.push(FieldError {
                path: "end".into(),
                message,
            });
        }
    }
    let reason = request.reason.trim();
    if reason.is_empty() || reason.chars().count() > 200 {
        fields.push(FieldError {
            path: "reason".into(),
            message:
                "Say why in a few words (up to 200 characters), like \"Sick\" or \"Team meeting\"."
                    .into(),
        });
    }
    let (Some(start), Some(end), true) = (start, end, fields.is_empty()) else {
        return Err(AppError::invalid_fields(fields));
    };
    let row = BlockRow {
        public_id: tokens::new_id(),
        provider_id: request.provider.trim().to_string(),
        start_at: start.timestamp(),
        end_at: end.timestamp(),
        reason: reason.to_string(),
        created_by: auth.actor(),
    };
    let clashes = schedule::block(&state.store, &config.clinic.id, &row, now.timestamp()).await?;
    let body = Blocked {
        blocked: BlockedTime::of(row, config),
        to_call: clashes
            .into_iter()
            .map(|r| ScheduleVisit::of(r, config))
            .collect(),
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// Opens blocked time again.
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/blocked-times/{id}/remove",
    tag = "front desk",
    params(("clinic" = String, Path, description = "The clinic's id"), ("id" = String, Path, description = "The block's id")),
    security(("staff_session" = []), ("staff_key" = [])),
    responses(
        (status = 204, description = "Open again"),
        (status = 404, description = "`not_found`", body = ErrorBody),
    )
)]
pub async fn unblock_time(
    State(state): State<AppState>,
    As(auth, _): As<FrontDesk>,
    ApiPath(path): ApiPath<ItemPath>,
) -> Result<StatusCode, AppError> {
    let now = state.clock.now().timestamp();
    let clinic = &auth.clinic.clinic.id;
    if schedule::unblock(&state.store.pool, clinic, &path.id, &auth.actor(), now).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::not_found(
            "There is no blocked time with this id here (it may be open again already).",
        ))
    }
}
