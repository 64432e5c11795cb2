//! Staff routes for feedback: the follow-up queue and resolving, each feedback as FHIR,
//! "you said, we did" notes, feedback links, the day's visits, and the clinic's numbers.
//! Every route needs a staff key of the clinic in the path ([`StaffAuth`]); every read or write
//! of feedback data is written to the audit log (without patient data).

use axum::extract::State;
use axum::http::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Duration;
use portal_core::api::feedback::{
    ClinicNumbers, FeedbackLink, FeedbackLinkRequest, FollowUpItem, FollowUpQueue, FunnelStep,
    ResolveRequest, YouSaidWeDid, YouSaidWeDidRequest, FUNNEL_STEPS,
};
use portal_core::api::{AppointmentStatus, ErrorBody, ErrorCode, FieldError, LocalText};
use portal_core::clinic::{ClinicConfig, Language};
use portal_core::feedback::numbers::{follow_up_numbers, FollowUpTimes, Scored};
use portal_core::feedback::{self as rules, fhir, ValidFeedback};
use serde::{Deserialize, Serialize};

use crate::booking::day_start;
use crate::booking::{clinic_today, from_epoch, rfc3339};
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::feedback::{FollowUpRow, LINK_DAYS};
use crate::staff::{As, FrontDesk, Managers};
use crate::startup::AppState;
use crate::store::audit;
use crate::{store, tokens};

/// Longest resolution note, in characters.
pub const MAX_NOTE: usize = 2000;
/// Longest "you said, we did" note, per language, in characters.
pub const MAX_YOU_SAID: usize = 500;
/// Resolved follow-ups shown under the open ones: the most recent, at most this many.
pub const RESOLVED_SHOWN: i64 = 50;

/// The staff feedback routes (and the public list of notes, which shares its path).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/clinics/{clinic}/follow-ups", get(queue))
        .route(
            "/api/v1/clinics/{clinic}/follow-ups/{id}/resolve",
            post(resolve),
        )
        .route(
            "/api/v1/clinics/{clinic}/feedback/{id}/fhir",
            get(feedback_fhir),
        )
        .route(
            "/api/v1/clinics/{clinic}/you-said-we-did",
            get(super::feedback::you_said_we_did).post(publish),
        )
        .route("/api/v1/clinics/{clinic}/feedback-links", post(create_link))
        .route("/api/v1/clinics/{clinic}/appointments", get(day_visits))
        .route("/api/v1/clinics/{clinic}/numbers", get(numbers))
        .route("/api/v1/clinics/{clinic}/numbers/trend.svg", get(trend))
}

/// The path of one follow-up or feedback.
#[derive(Debug, Deserialize)]
pub struct ItemPath {
    /// The clinic's id (checked by [`StaffAuth`]).
    pub clinic: String,
    /// The item's public id.
    pub id: String,
}

/// `GET .../appointments` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DayQuery {
    /// The clinic-local day, `YYYY-MM-DD`; today when left out.
    pub date: Option<String>,
}

/// `GET .../numbers` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NumbersQuery {
    /// How many weeks back, counting this one: 1 to 104 (default 12).
    pub weeks: Option<u32>,
}

/// One visit of the day, as staff see it to send a feedback link.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DayVisit {
    /// The appointment's public id.
    pub id: String,
    /// Start, UTC RFC 3339.
    pub start: String,
    /// The provider's name.
    pub provider: String,
    /// The visit type's name (English).
    pub visit_type: String,
    /// The name to greet the patient by.
    pub preferred_name: String,
    /// Whether the visit is still booked.
    pub status: AppointmentStatus,
    /// Whether the patient already sent feedback after the visit.
    pub feedback_sent: bool,
}

/// The follow-ups: open ones by due time (overdue flagged), then the most recently resolved.
#[utoipa::path(
    get,
    path = "/api/v1/clinics/{clinic}/follow-ups",
    tag = "feedback (staff)",
    params(("clinic" = String, Path, description = "The clinic's id")),
    security(("staff_key" = [])),
    responses(
        (status = 200, description = "The queue", body = FollowUpQueue),
        (status = 401, description = "`staff_key_required` or `staff_key_invalid`", body = ErrorBody),
    )
)]
pub async fn queue(
    State(state): State<AppState>,
    As(auth, _): As<FrontDesk>,
) -> Result<Json<FollowUpQueue>, AppError> {
    let now = state.clock.now();
    let clinic = &auth.clinic.clinic.id;
    let mut conn = state.store.pool.acquire().await?;
    let (open, resolved) = store::feedback::follow_ups(&mut conn, clinic, RESOLVED_SHOWN).await?;
    let items: Vec<FollowUpItem> = open
        .iter()
        .chain(resolved.iter())
        .map(|r| r.to_api(&auth.clinic, now))
        .collect();
    let overdue = items.iter().filter(|i| i.overdue).count() as u32;
    audit::record_subject(&mut *conn, clinic, &auth.actor(), "follow_up.list", None).await?;
    Ok(Json(FollowUpQueue { items, overdue }))
}

/// Resolves a follow-up with a note of what was done. The patient then sees it was handled.
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/follow-ups/{id}/resolve",
    tag = "feedback (staff)",
    params(("clinic" = String, Path, description = "The clinic's id"), ("id" = String, Path, description = "The follow-up's id")),
    security(("staff_key" = [])),
    request_body = ResolveRequest,
    responses(
        (status = 200, description = "The follow-up, now resolved", body = FollowUpItem),
        (status = 401, description = "`staff_key_required` or `staff_key_invalid`", body = ErrorBody),
        (status = 404, description = "`follow_up_not_found`", body = ErrorBody),
        (status = 409, description = "`follow_up_already_resolved`", body = ErrorBody),
        (status = 422, description = "`invalid_fields`: `note` is empty or longer than 2000 characters", body = ErrorBody),
    )
)]
pub async fn resolve(
    State(state): State<AppState>,
    As(auth, _): As<FrontDesk>,
    ApiPath(path): ApiPath<ItemPath>,
    ApiJson(request): ApiJson<ResolveRequest>,
) -> Result<Json<FollowUpItem>, AppError> {
    let note = request.note.trim();
    let problem = if note.is_empty() {
        Some(
            "Write what you did, like \"Called her back and moved the visit to Tuesday.\""
                .to_string(),
        )
    } else if note.chars().count() > MAX_NOTE {
        Some(format!(
            "This note is too long; use {MAX_NOTE} characters or fewer."
        ))
    } else {
        None
    };
    if let Some(message) = problem {
        return Err(AppError::invalid_fields(vec![FieldError {
            path: "note".into(),
            message,
        }]));
    }
    let now = state.clock.now();
    let clinic = &auth.clinic.clinic.id;
    let mut tx = state.store.gate.begin(&state.store.pool, clinic).await?;
    let row = find_follow_up(&mut tx, clinic, &path.id).await?;
    if let Some(at) = row.resolved_at {
        tx.rollback().await?;
        return Err(AppError::new(
            StatusCode::CONFLICT,
            ErrorCode::FollowUpAlreadyResolved,
            format!("This follow-up was already resolved on {}. Nothing was changed; refresh the queue to see its note.", rfc3339(from_epoch(at))),
        ));
    }
    store::feedback::resolve(&mut tx, row.row_id, note, &auth.actor(), now).await?;
    audit::record_subject(
        &mut *tx,
        clinic,
        &auth.actor(),
        "follow_up.resolve",
        Some(&format!("follow_up:{}", row.public_id)),
    )
    .await?;
    // The patient asked to hear back: tell them, in the same transaction as the resolution.
    if let (Some(_), Some(appointment)) = (row.contact.0, &row.appointment_id) {
        if let Some(visit) = crate::store::appointments::find(&mut *tx, appointment).await? {
            crate::outbox::follow_up_handled(
                &mut tx,
                &state.keys,
                &auth.clinic,
                &visit.visit_facts(),
                &row.public_id,
                now,
            )
            .await?;
        }
    }
    let row = find_follow_up(&mut tx, clinic, &path.id).await?;
    tx.commit().await?;
    Ok(Json(row.to_api(&auth.clinic, now)))
}

async fn find_follow_up(
    conn: &mut crate::store::Conn,
    clinic: &str,
    id: &str,
) -> Result<FollowUpRow, AppError> {
    let row = store::feedback::follow_up(conn, clinic, id).await?;
    row.ok_or_else(|| {
        AppError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::FollowUpNotFound,
            format!("There is no follow-up \"{id}\" at this clinic."),
        )
    })
}

/// One feedback as a FHIR R4 QuestionnaireResponse pointing at the clinic's Questionnaire.
#[utoipa::path(
    get,
    path = "/api/v1/clinics/{clinic}/feedback/{id}/fhir",
    tag = "feedback (staff)",
    params(("clinic" = String, Path, description = "The clinic's id"), ("id" = String, Path, description = "The feedback's id")),
    security(("staff_key" = [])),
    responses(
        (status = 200, description = "A FHIR R4 QuestionnaireResponse", content_type = "application/fhir+json", body = Object),
        (status = 401, description = "`staff_key_required` or `staff_key_invalid`", body = ErrorBody),
        (status = 404, description = "`feedback_not_found`", body = ErrorBody),
    )
)]
pub async fn feedback_fhir(
    State(state): State<AppState>,
    As(auth, _): As<FrontDesk>,
    ApiPath(path): ApiPath<ItemPath>,
) -> Result<Response, AppError> {
    let config = &auth.clinic;
    let mut conn = state.store.pool.acquire().await?;
    let row = store::feedback::by_public_id(&mut conn, &config.clinic.id, &path.id).await?;
    let Some(store::feedback::FeedbackRow {
        moment,
        appointment_id: appointment,
        packet_id: packet,
        ease,
        overall,
        recommend,
        better,
        contact,
        contact_value,
        language,
        created_at,
    }) = row
    else {
        return Err(AppError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::FeedbackNotFound,
            format!("There is no feedback \"{}\" at this clinic.", path.id),
        ));
    };
    let feedback = ValidFeedback {
        moment,
        appointment,
        packet,
        ease: crate::store::score(ease),
        overall: crate::store::score(overall),
        recommend: crate::store::score(recommend),
        better,
        contact: contact.0,
        contact_value,
        language,
    };
    let base = state.public_url.to_string();
    let response = fhir::questionnaire_response(
        &config.feedback,
        &config.clinic,
        &base,
        &path.id,
        &feedback,
        from_epoch(created_at),
    );
    audit::record_subject(
        &mut *conn,
        &config.clinic.id,
        &auth.actor(),
        "feedback.read",
        Some(&format!("feedback:{}", path.id)),
    )
    .await?;
    Ok(super::feedback::fhir_json(StatusCode::OK, &response))
}

/// Publishes a "you said, we did" note.
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/you-said-we-did",
    tag = "feedback (staff)",
    params(("clinic" = String, Path, description = "The clinic's id")),
    security(("staff_key" = [])),
    request_body = YouSaidWeDidRequest,
    responses(
        (status = 201, description = "Published", body = YouSaidWeDid),
        (status = 401, description = "`staff_key_required` or `staff_key_invalid`", body = ErrorBody),
        (status = 422, description = "`invalid_fields`: `text.en` is empty, or a text is longer than 500 characters", body = ErrorBody),
    )
)]
pub async fn publish(
    State(state): State<AppState>,
    As(auth, _): As<Managers>,
    ApiJson(request): ApiJson<YouSaidWeDidRequest>,
) -> Result<Response, AppError> {
    let en = request.text.en.trim();
    let es = request
        .text
        .es
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let mut fields = Vec::new();
    if en.is_empty() {
        fields.push(FieldError { path: "text.en".into(), message: "Write the note in English, like \"You said the wait was long. We now text you when the doctor is ready.\"".into() });
    }
    for (path, text) in [("text.en", Some(en)), ("text.es", es)] {
        let Some(text) = text else { continue };
        if text.chars().count() > MAX_YOU_SAID {
            fields.push(FieldError {
                path: path.into(),
                message: format!("This is too long; use {MAX_YOU_SAID} characters or fewer."),
            });
        } else if text.chars().any(|c| c.is_control()) {
            fields.push(FieldError {
                path: path.into(),
                message: "Use one paragraph of plain text, without line breaks or tabs.".into(),
            });
        }
    }
    if !fields.is_empty() {
        return Err(AppError::invalid_fields(fields));
    }
    let now = state.clock.now();
    let id = tokens::new_id();
    let clinic = &auth.clinic.clinic.id;
    let mut tx = state.store.gate.begin(&state.store.pool, clinic).await?;
    store::feedback::publish_note(&mut tx, &id, clinic, now, en, es).await?;
    audit::record_subject(
        &mut *tx,
        clinic,
        &auth.actor(),
        "you_said_we_did.publish",
        Some(&format!("note:{id}")),
    )
    .await?;
    tx.commit().await?;
    let note = YouSaidWeDid {
        id,
        published_at: rfc3339(now),
        text: LocalText {
            en: en.to_string(),
            es: es.map(str::to_string),
        },
    };
    Ok((StatusCode::CREATED, Json(note)).into_response())
}

/// Makes a feedback link for a booked visit of this clinic (shown only this once).
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/feedback-links",
    tag = "feedback (staff)",
    params(("clinic" = String, Path, description = "The clinic's id")),
    security(("staff_key" = [])),
    request_body = FeedbackLinkRequest,
    responses(
        (status = 201, description = "The link, with the secret in its `#pp-feedback=` fragment; it works for 60 days", body = FeedbackLink),
        (status = 401, description = "`staff_key_required` or `staff_key_invalid`", body = ErrorBody),
        (status = 422, description = "`invalid_fields`: `appointment` is not a booked visit of this clinic", body = ErrorBody),
    )
)]
pub async fn create_link(
    State(state): State<AppState>,
    As(auth, _): As<FrontDesk>,
    ApiJson(request): ApiJson<FeedbackLinkRequest>,
) -> Result<Response, AppError> {
    let config = &auth.clinic;
    let now = state.clock.now();
    let mut tx = state
        .store
        .gate
        .begin(&state.store.pool, &config.clinic.id)
        .await?;
    let found = store::appointments::find(&mut *tx, request.appointment.trim())
        .await?
        .filter(|visit| visit.clinic_id == config.clinic.id)
        .map(|visit| (visit.status, visit.language));
    let problem = match &found {
        None => Some(format!(
            "\"{}\" is not a visit at this clinic; use the id from the list of visits",
            request.appointment
        )),
        Some((status, _)) if *status != AppointmentStatus::Booked => {
            Some("This visit was cancelled, so there is nothing to ask about.".to_string())
        }
        Some(_) => None,
    };
    if let Some(message) = problem {
        return Err(AppError::invalid_fields(vec![FieldError {
            path: "appointment".into(),
            message,
        }]));
    }
    let secret = crate::feedback::new_link(&mut *tx, request.appointment.trim(), now).await?;
    let expires_at = now + Duration::days(LINK_DAYS);
    audit::record_subject(
        &mut *tx,
        &config.clinic.id,
        &auth.actor(),
        "feedback_link.create",
        Some(&format!("appointment:{}", request.appointment.trim())),
    )
    .await?;
    tx.commit().await?;
    let link = FeedbackLink {
        link: super::instructions::link_with_fragment(
            config,
            &state.public_url,
            "pp-feedback",
            &secret,
            found
                .as_ref()
                .map_or(Language::En, |(_, language)| *language),
        ),
        expires_at: rfc3339(expires_at),
    };
    Ok((StatusCode::CREATED, Json(link)).into_response())
}

/// The visits of one clinic-local day, earliest first, so staff can make feedback links.
#[utoipa::path(
    get,
    path = "/api/v1/clinics/{clinic}/appointments",
    tag = "feedback (staff)",
    params(("clinic" = String, Path, description = "The clinic's id"), DayQuery),
    security(("staff_key" = [])),
    responses(
        (status = 200, description = "The day's visits", body = [DayVisit]),
        (status = 401, description = "`staff_key_required` or `staff_key_invalid`", body = ErrorBody),
        (status = 422, description = "`invalid_query`: `date` is not YYYY-MM-DD, or is more than ten years back or a year past the booking horizon", body = ErrorBody),
    )
)]
pub async fn day_visits(
    State(state): State<AppState>,
    As(auth, _): As<FrontDesk>,
    ApiQuery(query): ApiQuery<DayQuery>,
) -> Result<Json<Vec<DayVisit>>, AppError> {
    let config = &auth.clinic;
    let date = crate::booking::staff_day(config, state.clock.now(), "date", query.date.as_deref())
        .map_err(|e| AppError::invalid_query(vec![e]))?;
    let from = day_start(config, date);
    let to = day_start(config, date + Duration::days(1));
    let mut conn = state.store.pool.acquire().await?;
    let rows = store::feedback::visits_between(&mut conn, &config.clinic.id, from, to).await?;
    audit::record_subject(
        &mut *conn,
        &config.clinic.id,
        &auth.actor(),
        "appointment.list",
        None,
    )
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(
                |store::feedback::DayVisitRow {
                     id,
                     start_at: start,
                     provider_id: provider,
                     visit_type_id: visit_type,
                     preferred_name,
                     status,
                     feedback_sent,
                 }| {
                    DayVisit {
                        id,
                        start: rfc3339(from_epoch(start)),
                        provider: config
                            .provider(&provider)
                            .map(|p| p.name.en.clone())
                            .unwrap_or(provider),
                        visit_type: config
                            .visit_type(&visit_type)
                            .map(|v| v.name.en.clone())
                            .unwrap_or(visit_type),
                        preferred_name: preferred_name.unwrap_or_default(),
                        status,
                        feedback_sent,
                    }
                },
            )
            .collect(),
    ))
}

/// The clinic's numbers over the last `weeks` weeks (counting this one), as of `now`.
async fn clinic_numbers(
    state: &AppState,
    config: &ClinicConfig,
    weeks: Option<u32>,
) -> Result<ClinicNumbers, AppError> {
    let weeks = weeks.unwrap_or(12);
    if !(1..=104).contains(&weeks) {
        return Err(AppError::invalid_query(vec![FieldError {
            path: "weeks".into(),
            message: "use a number from 1 to 104".into(),
        }]));
    }
    let now = state.clock.now();
    let tz = config.clinic.timezone;
    let clinic = &config.clinic.id;
    let first_day = rules::week_start(now, tz) - Duration::days(7 * i64::from(weeks - 1));
    let last_day = clinic_today(config, now);
    let from = day_start(config, first_day).timestamp();
    let mut conn = state.store.pool.acquire().await?;

    let counts = store::feedback::counts(
        &mut conn,
        clinic,
        &first_day.format("%Y-%m-%d").to_string(),
        &last_day.format("%Y-%m-%d").to_string(),
        from,
        now,
    )
    .await?;
    let counted = &counts.funnel;
    let funnel = FUNNEL_STEPS
        .iter()
        .map(|step| FunnelStep {
            step: step.to_string(),
            count: counted
                .iter()
                .find(|(s, _)| s == step)
                .map_or(0, |(_, n)| (*n).max(0) as u64),
        })
        .collect();

    let bookings = counts.bookings;
    let online_bookings = bookings.max(0) as u64;

    let scored = counts.scores;
    let scored: Vec<Scored> = scored
        .into_iter()
        .map(|(at, ease, overall, recommend)| Scored {
            at: from_epoch(at),
            ease: crate::store::score(ease),
            overall: crate::store::score(overall),
            recommend: crate::store::score(recommend),
        })
        .collect();
    let weeks = rules::weekly_scores(&scored, tz);

    let times = counts.follow_ups;
    let times: Vec<FollowUpTimes> = times
        .into_iter()
        .map(|(opened, due, resolved)| FollowUpTimes {
            opened_at: from_epoch(opened),
            due_at: from_epoch(due),
            resolved_at: resolved.map(from_epoch),
        })
        .collect();
    let minutes_per_call = config.feedback.minutes_per_call;
    let mut messages = portal_core::api::feedback::MessageNumbers::default();
    let by_state = counts.messages;
    for (state, count) in by_state {
        let count = count.max(0) as u64;
        match state.as_str() {
            "sent" => messages.sent = count,
            "failed" => messages.failed = count,
            "not_sent" => messages.not_sent = count,
            "opted_out" => messages.opted_out = count,
            "planned" => messages.planned = count,
            _ => {}
        }
    }
    let opened = counts.links_opened;
    messages.links_opened = opened.max(0) as u64;
    let attended: Vec<portal_core::feedback::Attended> = counts
        .attended
        .into_iter()
        .map(
            |(start, visit_type, no_show)| portal_core::feedback::Attended {
                start: from_epoch(start),
                visit_type,
                no_show: no_show != 0,
            },
        )
        .collect();
    let (no_shows_by_week, mut no_shows_by_visit_type) =
        portal_core::feedback::no_shows(&attended, tz);
    for row in &mut no_shows_by_visit_type {
        if let Some(kind) = config.visit_type(&row.group) {
            row.group = kind.name.en.clone();
        }
    }
    Ok(ClinicNumbers {
        desk_bookings: counts.desk_bookings.max(0) as u64,
        no_shows_by_week,
        no_shows_by_visit_type,
        from: first_day.format("%Y-%m-%d").to_string(),
        to: last_day.format("%Y-%m-%d").to_string(),
        funnel,
        online_bookings,
        phone_minutes_saved: rules::phone_minutes_saved(online_bookings, minutes_per_call),
        minutes_per_call,
        trend_svg: rules::trend_svg(&weeks, portal_core::Language::En),
        weeks,
        follow_ups: follow_up_numbers(&times, now),
        messages,
    })
}

/// Whether the portal pays off: the booking funnel, online bookings and phone time saved,
/// scores by week, follow-ups, and the weekly trend as SVG.
#[utoipa::path(
    get,
    path = "/api/v1/clinics/{clinic}/numbers",
    tag = "feedback (staff)",
    params(("clinic" = String, Path, description = "The clinic's id"), NumbersQuery),
    security(("staff_key" = [])),
    responses(
        (status = 200, description = "The numbers; no patient data", body = ClinicNumbers),
        (status = 401, description = "`staff_key_required` or `staff_key_invalid`", body = ErrorBody),
        (status = 422, description = "`invalid_query`: `weeks` is not 1 to 104", body = ErrorBody),
    )
)]
pub async fn numbers(
    State(state): State<AppState>,
    As(auth, _): As<Managers>,
    ApiQuery(query): ApiQuery<NumbersQuery>,
) -> Result<Json<ClinicNumbers>, AppError> {
    let numbers = clinic_numbers(&state, &auth.clinic, query.weeks).await?;
    audit::record_subject(
        &state.store.pool,
        &auth.clinic.clinic.id,
        &auth.actor(),
        "numbers.read",
        None,
    )
    .await?;
    Ok(Json(numbers))
}

/// The weekly trend chart alone, as an SVG image.
#[utoipa::path(
    get,
    path = "/api/v1/clinics/{clinic}/numbers/trend.svg",
    tag = "feedback (staff)",
    params(("clinic" = String, Path, description = "The clinic's id"), NumbersQuery),
    security(("staff_key" = [])),
    responses(
        (status = 200, description = "An accessible SVG line chart", content_type = "image/svg+xml", body = String),
        (status = 401, description = "`staff_key_required` or `staff_key_invalid`", body = ErrorBody),
        (status = 422, description = "`invalid_query`", body = ErrorBody),
    )
)]
pub async fn trend(
    State(state): State<AppState>,
    As(auth, _): As<Managers>,
    ApiQuery(query): ApiQuery<NumbersQuery>,
) -> Result<Response, AppError> {
    let numbers = clinic_numbers(&state, &auth.clinic, query.weeks).await?;
    audit::record_subject(
        &state.store.pool,
        &auth.clinic.clinic.id,
        &auth.actor(),
        "numbers.read",
        None,
    )
    .await?;
    let mut response = numbers.trend_svg.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
    );
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    Ok(response)
}
