//! Patient and public feedback routes: whether to ask, sending answers, "not now", the feedback
//! link, the booking funnel's counts, "you said, we did" notes, and the published FHIR
//! Questionnaire.
//!
//! Patients are authorised by `Authorization: Bearer` with their visit's manage token, a packet's
//! reading session or a feedback link's secret; the visit comes from the token, never from an id
//! in the request alone.

use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_core::api::feedback::{
    DismissRequest, FeedbackLinkView, FeedbackPrompt, FeedbackReceipt, FeedbackRequest,
    FunnelEvent, YouSaidWeDid, FUNNEL_STEPS,
};
use portal_core::api::{ErrorBody, ErrorCode, FieldError, Language, LocalText};
use portal_core::clinic::{Clinic, ClinicConfig};
use portal_core::feedback::{self as rules, fhir, Moment};
use serde::Deserialize;

use super::catalog::find_clinic;
use crate::booking::{self, from_epoch, rfc3339};
use crate::client_addr::ClientAddr;
use crate::error::AppError;
use crate::extract::{bearer_token, ApiJson, ApiPath, ApiQuery};
use crate::feedback::{AddressLimiter, Subject, Via};
use crate::startup::AppState;
use crate::store::audit;
use crate::{store, tokens};

/// The patient and public feedback routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/clinics/{clinic}/feedback/prompt", get(prompt))
        .route("/api/v1/clinics/{clinic}/feedback", post(send))
        .route(
            "/api/v1/clinics/{clinic}/feedback/dismissals",
            post(dismiss),
        )
        .route("/api/v1/feedback/link", get(link_view))
        .route("/api/v1/clinics/{clinic}/funnel", post(funnel))
        .route("/fhir/Questionnaire/{id}", get(questionnaire))
}

/// `GET .../feedback/prompt` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PromptQuery {
    /// `after_booking` or `after_visit`.
    pub moment: Option<String>,
    /// The appointment's public id; when given it must be the token's visit.
    pub appointment: Option<String>,
    /// The packet's id; when given it must be the token's packet.
    pub packet: Option<String>,
}

/// `GET .../you-said-we-did` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotesQuery {
    /// How many notes, newest first: 1 to 20 (default 3).
    pub limit: Option<u32>,
}

/// "call us at PHONE", in English or Spanish.
fn call_us(phone: &str, es: bool) -> String {
    match (phone.is_empty(), es) {
        (true, false) => "call the clinic".into(),
        (true, true) => "llame a la clínica".into(),
        (false, false) => format!("call us at {phone}"),
        (false, true) => format!("llámenos al {phone}"),
    }
}

/// The only clinic's phone, for errors that cannot tell which clinic a link was for.
fn any_phone(state: &AppState) -> String {
    let mut all = state.clinics.iter();
    match (all.next(), all.next()) {
        (Some(only), None) => only.clinic.phone.clone(),
        _ => String::new(),
    }
}

/// A 429 (with Retry-After) when this address has used up its minute on `limiter`, or the
/// patient link in the request (its bearer secret) has used up its own, wherever it comes from.
pub(crate) async fn check_limits(
    state: &AppState,
    limiter: &AddressLimiter,
    client: IpAddr,
    headers: &HeaderMap,
    phone: &str,
) -> Result<(), AppError> {
    let address_ok = limiter.allows(&client.to_string()).await;
    let link_ok = match bearer_token(headers) {
        None => true,
        Some(secret) => state.feedback_limits.link_allows(&secret).await,
    };
    if address_ok && link_ok {
        return Ok(());
    }
    Err(AppError::new(
        StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::RateLimited,
        format!(
            "Too many tries came in a short time. Please wait a minute, or {}.",
            call_us(phone, false)
        ),
    ))
}

fn forbidden(phone: &str, es: bool) -> AppError {
    AppError::new(
        StatusCode::FORBIDDEN,
        ErrorCode::NotYourVisit,
        if es {
            format!(
                "Este enlace es de otra visita. Abra el enlace de su propia visita, o {}.",
                call_us(phone, true)
            )
        } else {
            format!(
                "This link is for another visit. Please open the link from your own visit, or {}.",
                call_us(phone, false)
            )
        },
    )
}

/// The visit the request's token speaks for, checked against the clinic in the path, the ids in
/// the request (when given) and the moment (`after_booking` needs the visit's manage token).
async fn authorize(
    state: &AppState,
    conn: &mut crate::store::Conn,
    headers: &HeaderMap,
    config: &ClinicConfig,
    appointment: Option<&str>,
    packet: Option<&str>,
    moment: Option<Moment>,
) -> Result<Subject, AppError> {
    let phone = &config.clinic.phone;
    let token = bearer_token(headers).ok_or_else(|| AppError::not_authorized(phone))?;
    let subject = crate::store::feedback::subject_of(conn, &token, state.clock.now())
        .await?
        .ok_or_else(|| AppError::not_authorized(phone))?;
    let es = subject.language == Language::Es;
    let given = |v: Option<&str>| {
        v.map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    if subject.clinic_id != config.clinic.id
        || given(appointment).is_some_and(|a| subject.appointment.as_deref() != Some(a.as_str()))
        || given(packet).is_some_and(|p| subject.packet.as_deref() != Some(p.as_str()))
    {
        return Err(forbidden(phone, es));
    }
    if moment == Some(Moment::AfterBooking) && subject.via != Via::ManageToken {
        return Err(AppError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::MomentNotAllowed,
            format!("Questions about booking come right after booking. Tell us about your visit instead, or {}.", call_us(phone, es)),
        ));
    }
    Ok(subject)
}

fn parse_moment(moment: Option<&str>) -> Result<Moment, AppError> {
    let m = moment.unwrap_or_default().trim();
    Moment::parse(m).ok_or_else(|| {
        AppError::invalid_query(vec![FieldError {
            path: "moment".into(),
            message: format!("\"{m}\" is not a moment; use after_booking or after_visit"),
        }])
    })
}

/// The prompt for one subject and moment: ask only when the moment is on, nothing was sent and
/// the patient did not say "not now".
async fn prompt_for(
    conn: &mut crate::store::Conn,
    config: &ClinicConfig,
    subject: &Subject,
    moment: Moment,
) -> Result<FeedbackPrompt, AppError> {
    let sent = crate::store::feedback::status(conn, subject, moment).await?;
    let dismissed = crate::store::feedback::dismissed(conn, subject, moment).await?;
    let ask = config.feedback.moment(moment).enabled && sent.is_none() && !dismissed;
    Ok(FeedbackPrompt {
        ask,
        form: if ask {
            rules::feedback_form(&config.feedback, &config.clinic, moment)
        } else {
            None
        },
        sent,
    })
}

/// Whether the widget should ask for feedback now, the questions, and what was sent before.
#[utoipa::path(
    get,
    path = "/api/v1/clinics/{clinic}/feedback/prompt",
    tag = "feedback (patient)",
    params(("clinic" = String, Path, description = "The clinic's id"), PromptQuery),
    security(("manage_token" = []), ("packet_session" = []), ("feedback_link" = [])),
    responses(
        (status = 200, description = "Whether to ask; the form when asking; the earlier feedback's status when sent", body = FeedbackPrompt),
        (status = 401, description = "`not_authorized`: no token, or it is wrong or expired", body = ErrorBody),
        (status = 403, description = "`not_your_visit` (the ids are not the token's visit) or `moment_not_allowed` (`after_booking` needs the manage token)", body = ErrorBody),
        (status = 422, description = "`invalid_query`: `moment` is missing or unknown", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many tries from this address or with this link; see Retry-After", body = ErrorBody),
    )
)]
pub async fn prompt(
    State(state): State<AppState>,
    ApiPath(clinic): ApiPath<String>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<PromptQuery>,
) -> Result<Json<FeedbackPrompt>, AppError> {
    let config = find_clinic(&state, &clinic)?;
    check_limits(
        &state,
        &state.feedback_limits.feedback,
        client,
        &headers,
        &config.clinic.phone,
    )
    .await?;
    let moment = parse_moment(query.moment.as_deref())?;
    let mut conn = state.store.pool.acquire().await?;
    let subject = authorize(
        &state,
        &mut conn,
        &headers,
        &config,
        query.appointment.as_deref(),
        query.packet.as_deref(),
        Some(moment),
    )
    .await?;
    let prompt = prompt_for(&mut conn, &config, &subject, moment).await?;
    if let Some(sent) = &prompt.sent {
        audit::record_subject(
            &mut *conn,
            &clinic,
            &subject.actor(),
            "feedback.status",
            Some(&format!("feedback:{}", sent.id)),
        )
        .await?;
    }
    Ok(Json(prompt))
}

/// Sends a patient's answers. One feedback per visit (or packet) and moment.
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/feedback",
    tag = "feedback (patient)",
    params(("clinic" = String, Path, description = "The clinic's id")),
    security(("manage_token" = []), ("packet_session" = []), ("feedback_link" = [])),
    request_body = FeedbackRequest,
    responses(
        (status = 201, description = "Saved; `follow_up` holds the clinic's promise when someone will contact the patient", body = FeedbackReceipt),
        (status = 401, description = "`not_authorized`", body = ErrorBody),
        (status = 403, description = "`not_your_visit` or `moment_not_allowed`", body = ErrorBody),
        (status = 409, description = "`feedback_already_sent`: this visit already has feedback at this moment", body = ErrorBody),
        (status = 422, description = "`invalid_fields` (messages in the request's language) or `invalid_body`", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many tries from this address or with this link; see Retry-After", body = ErrorBody),
    )
)]
pub async fn send(
    State(state): State<AppState>,
    ApiPath(clinic): ApiPath<String>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    ApiJson(mut request): ApiJson<FeedbackRequest>,
) -> Result<Response, AppError> {
    let config = find_clinic(&state, &clinic)?;
    check_limits(
        &state,
        &state.feedback_limits.feedback,
        client,
        &headers,
        &config.clinic.phone,
    )
    .await?;
    let now = state.clock.now();
    let es = request.language == Language::Es;
    let mut conn = state.store.pool.acquire().await?;
    let moment = Some(request.moment);
    let subject = authorize(
        &state,
        &mut conn,
        &headers,
        &config,
        request.appointment.as_deref(),
        request.packet.as_deref(),
        moment,
    )
    .await?;
    request.appointment = subject.appointment.clone();
    request.packet = subject.packet.clone();
    let settings = &config.feedback;
    let valid = rules::validate_feedback(settings, &request).map_err(|fields| {
        let mut error = AppError::invalid_fields(fields);
        if es {
            error.message =
                "Algunas respuestas necesitan un cambio. Lea las notas junto a ellas.".into();
        }
        error
    })?;
    let reason = rules::needs_follow_up(settings, &valid);
    let public_id = tokens::new_id();
    // The write goes on the connection the request already holds: a second one from the pool
    // while holding this one lets a burst of requests take every connection and wait forever.
    let mut tx = state
        .store
        .gate
        .begin_on(&mut conn, &config.clinic.id)
        .await?;
    let inserted = store::feedback::insert(
        &mut tx,
        &store::feedback::NewFeedback {
            public_id: &public_id,
            clinic: &config.clinic.id,
            moment: valid.moment,
            appointment: valid.appointment.as_deref(),
            packet: valid.packet.as_deref(),
            ease: valid.ease,
            overall: valid.overall,
            recommend: valid.recommend,
            better: valid.better.as_deref(),
            contact: valid.contact,
            contact_value: valid.contact_value.as_deref(),
            language: valid.language,
            at: now,
        },
    )
    .await?;
    let row_id = match inserted {
        Some(id) => id,
        // The database refuses a second feedback for the same visit and moment.
        None => {
            tx.rollback().await?;
            let phone = &config.clinic.phone;
            return Err(AppError::new(
                StatusCode::CONFLICT,
                ErrorCode::FeedbackAlreadySent,
                if es {
                    format!("Ya tenemos sus respuestas de esta visita. Gracias. Si algo no está bien, llámenos al {phone}.")
                } else {
                    format!("We already have your answers for this visit. Thank you. If something is wrong, call us at {phone}.")
                },
            ));
        }
    };
    let mut promise = None;
    if let Some(reason) = reason {
        let due = rules::due_at(settings, config.clinic.timezone, &config.holidays, now);
        store::feedback::open_follow_up(&mut tx, row_id, reason, now, due).await?;
        promise = Some(rules::follow_up_promise(
            settings,
            &config.clinic,
            due,
            valid.language,
        ));
    }
    audit::record_subject(
        &mut *tx,
        &config.clinic.id,
        &subject.actor(),
        "feedback.create",
        Some(&format!("feedback:{public_id}")),
    )
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(FeedbackReceipt {
            id: public_id,
            follow_up: promise,
        }),
    )
        .into_response())
}

/// "Not now": the prompt is not shown again for this visit and moment. Saying it twice is harmless.
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/feedback/dismissals",
    tag = "feedback (patient)",
    params(("clinic" = String, Path, description = "The clinic's id")),
    security(("manage_token" = []), ("packet_session" = []), ("feedback_link" = [])),
    request_body = DismissRequest,
    responses(
        (status = 204, description = "Remembered"),
        (status = 401, description = "`not_authorized`", body = ErrorBody),
        (status = 403, description = "`not_your_visit` or `moment_not_allowed`", body = ErrorBody),
        (status = 422, description = "`invalid_body`: unknown `moment` (the message names the values allowed)", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many tries from this address or with this link; see Retry-After", body = ErrorBody),
    )
)]
pub async fn dismiss(
    State(state): State<AppState>,
    ApiPath(clinic): ApiPath<String>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    ApiJson(request): ApiJson<DismissRequest>,
) -> Result<StatusCode, AppError> {
    let config = find_clinic(&state, &clinic)?;
    check_limits(
        &state,
        &state.feedback_limits.feedback,
        client,
        &headers,
        &config.clinic.phone,
    )
    .await?;
    let moment = request.moment;
    let mut conn = state.store.pool.acquire().await?;
    let subject = authorize(
        &state,
        &mut conn,
        &headers,
        &config,
        request.appointment.as_deref(),
        request.packet.as_deref(),
        Some(moment),
    )
    .await?;
    store::feedback::dismiss(
        &mut conn,
        &config.clinic.id,
        &subject,
        moment,
        state.clock.now(),
    )
    .await?;
    audit::record_subject(
        &mut *conn,
        &config.clinic.id,
        &subject.actor(),
        "feedback.dismiss",
        None,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What a feedback link is about: the clinic, the visit, and the prompt after the visit.
#[utoipa::path(
    get,
    path = "/api/v1/feedback/link",
    tag = "feedback (patient)",
    security(("feedback_link" = [])),
    responses(
        (status = 200, description = "The visit and whether to ask; `prompt.sent.follow_up` says whether the clinic has handled it", body = FeedbackLinkView),
        (status = 404, description = "`link_not_found`", body = ErrorBody),
        (status = 410, description = "`link_expired`", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many tries from this address or with this link; see Retry-After", body = ErrorBody),
    )
)]
pub async fn link_view(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
) -> Result<Json<FeedbackLinkView>, AppError> {
    let now = state.clock.now();
    let not_found = |phone: &str| {
        AppError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::LinkNotFound,
            format!(
                "We can't find this link. Please check that you used the whole link from your message, or {} and we will help.",
                call_us(phone, false)
            ),
        )
    };
    let Some(secret) = bearer_token(&headers) else {
        return Err(not_found(&any_phone(&state)));
    };
    check_limits(
        &state,
        &state.feedback_limits.feedback,
        client,
        &headers,
        &any_phone(&state),
    )
    .await?;
    let mut conn = state.store.pool.acquire().await?;
    let row = store::feedback::linked_visit(&mut conn, &tokens::hash(&secret)).await?;
    let Some(store::feedback::LinkedVisit {
        appointment,
        clinic_id,
        preferred_name,
        start_at,
        language,
        expires_at,
        revoked_at,
    }) = row
    else {
        return Err(not_found(&any_phone(&state)));
    };
    let config: Arc<Clinic> = find_clinic(&state, &clinic_id)?;
    if revoked_at.is_some() || expires_at <= now.timestamp() {
        let es = language == Language::Es;
        return Err(AppError::new(
            StatusCode::GONE,
            ErrorCode::LinkExpired,
            if es {
                format!(
                    "Este enlace ya no funciona. Por favor, {} y le ayudaremos.",
                    call_us(&config.clinic.phone, true)
                )
            } else {
                format!(
                    "This link has expired. Please {} and we will help.",
                    call_us(&config.clinic.phone, false)
                )
            },
        ));
    }
    let subject = Subject {
        clinic_id: clinic_id.clone(),
        appointment: Some(appointment.clone()),
        packet: None,
        via: Via::FeedbackLink,
        language,
    };
    let prompt = prompt_for(&mut conn, &config, &subject, Moment::AfterVisit).await?;
    audit::record_subject(
        &mut *conn,
        &clinic_id,
        &subject.actor(),
        "feedback_link.read",
        Some(&format!("appointment:{appointment}")),
    )
    .await?;
    Ok(Json(FeedbackLinkView {
        clinic: clinic_id,
        appointment,
        preferred_name: preferred_name.unwrap_or_default(),
        visit_start: rfc3339(from_epoch(start_at)),
        visit_date: from_epoch(start_at)
            .with_timezone(&config.clinic.timezone)
            .format("%Y-%m-%d")
            .to_string(),
        timezone: config.clinic.timezone.name().to_string(),
        prompt,
    }))
}

/// Counts one step of a booking. No ids, no times, nothing about the visitor is kept or logged.
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/funnel",
    tag = "feedback (patient)",
    params(("clinic" = String, Path, description = "The clinic's id")),
    request_body = FunnelEvent,
    responses(
        (status = 204, description = "Counted for the clinic's local day"),
        (status = 404, description = "`not_found`: no clinic with this id", body = ErrorBody),
        (status = 422, description = "`invalid_fields`: unknown `step`, or `clinic` is not the clinic in the path", body = ErrorBody),
        (status = 429, description = "`rate_limited`: see Retry-After", body = ErrorBody),
    )
)]
pub async fn funnel(
    State(state): State<AppState>,
    ApiPath(clinic): ApiPath<String>,
    ClientAddr(client): ClientAddr,
    ApiJson(event): ApiJson<FunnelEvent>,
) -> Result<Response, AppError> {
    let config = find_clinic(&state, &clinic)?;
    if !state
        .feedback_limits
        .funnel
        .allows(&client.to_string())
        .await
    {
        return Err(AppError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
            format!("Too many requests came from this device in a short time. Please wait a minute, or {}.", call_us(&config.clinic.phone, false)),
        ));
    }
    let mut fields = Vec::new();
    if event.clinic != config.clinic.id {
        fields.push(FieldError {
            path: "clinic".into(),
            message: format!("use the clinic in the path, \"{}\"", config.clinic.id),
        });
    }
    if !FUNNEL_STEPS.contains(&event.step.as_str()) {
        fields.push(FieldError {
            path: "step".into(),
            message: format!("use one of {}", FUNNEL_STEPS.join(", ")),
        });
    }
    if !fields.is_empty() {
        return Err(AppError::invalid_fields(fields));
    }
    let day = booking::clinic_today(&config, state.clock.now())
        .format("%Y-%m-%d")
        .to_string();
    store::feedback::count_funnel_step(&state.store.pool, &config.clinic.id, &day, &event.step)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The clinic's latest "you said, we did" notes, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/clinics/{clinic}/you-said-we-did",
    tag = "feedback (patient)",
    params(("clinic" = String, Path, description = "The clinic's id"), NotesQuery),
    responses(
        (status = 200, description = "Notes, newest first", body = [YouSaidWeDid]),
        (status = 404, description = "`not_found`: no clinic with this id", body = ErrorBody),
        (status = 422, description = "`invalid_query`: `limit` is not 1 to 20", body = ErrorBody),
    )
)]
pub async fn you_said_we_did(
    State(state): State<AppState>,
    ApiPath(clinic): ApiPath<String>,
    ApiQuery(query): ApiQuery<NotesQuery>,
) -> Result<Json<Vec<YouSaidWeDid>>, AppError> {
    let config = find_clinic(&state, &clinic)?;
    let limit = query.limit.unwrap_or(3);
    if !(1..=20).contains(&limit) {
        return Err(AppError::invalid_query(vec![FieldError {
            path: "limit".into(),
            message: "use a number from 1 to 20".into(),
        }]));
    }
    Ok(Json(
        notes(&state.store.pool, &config.clinic.id, limit).await?,
    ))
}

/// The newest notes of a clinic.
pub(crate) async fn notes(
    db: &crate::store::Pool,
    clinic: &str,
    limit: u32,
) -> Result<Vec<YouSaidWeDid>, sqlx::Error> {
    let rows = store::feedback::notes(db, clinic, limit).await?;
    Ok(rows
        .into_iter()
        .map(|note| YouSaidWeDid {
            id: note.public_id,
            published_at: rfc3339(from_epoch(note.published_at)),
            text: LocalText {
                en: note.text_en,
                es: note.text_es,
            },
        })
        .collect())
}

/// A FHIR R4 `OperationOutcome` with one issue.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct OperationOutcome {
    resource_type: &'static str,
    issue: [OutcomeIssue; 1],
}

/// One issue of an [`OperationOutcome`].
#[derive(serde::Serialize)]
struct OutcomeIssue {
    severity: &'static str,
    code: &'static str,
    diagnostics: &'static str,
}

/// A FHIR JSON reply.
pub(crate) fn fhir_json<T: serde::Serialize>(status: StatusCode, value: &T) -> Response {
    let mut response = (status, Json(value)).into_response();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/fhir+json"),
    );
    response
}

/// The clinic's feedback form as a FHIR R4 Questionnaire (`{clinic}-feedback`).
#[utoipa::path(
    get,
    path = "/fhir/Questionnaire/{id}",
    tag = "fhir",
    params(("id" = String, Path, description = "`{clinic}-feedback`, like maple-grove-feedback")),
    responses(
        (status = 200, description = "A FHIR R4 Questionnaire", content_type = "application/fhir+json", body = Object),
        (status = 404, description = "A FHIR OperationOutcome: no such Questionnaire", content_type = "application/fhir+json", body = Object),
    )
)]
pub async fn questionnaire(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Response {
    let config = id
        .strip_suffix("-feedback")
        .and_then(|clinic| state.clinics.get(clinic));
    match config {
        Some(config) => fhir_json(
            StatusCode::OK,
            &fhir::questionnaire(&config.feedback, &config.clinic, &state.public_url),
        ),
        None => fhir_json(
            StatusCode::NOT_FOUND,
            &OperationOutcome {
                resource_type: "OperationOutcome",
                issue: [OutcomeIssue {
                    severity: "error",
                    code: "not-found",
                    diagnostics: "There is no Questionnaire with this id; use {clinic}-feedback.",
                }],
            },
        ),
    }
}
