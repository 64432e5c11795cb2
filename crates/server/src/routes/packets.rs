//! Patient routes for post-visit instructions: confirm the date of birth with the link's
//! secret, then read, acknowledge and answer the teach-back questions with a short session.
//!
//! Packets are found only by the SHA-256 of a secret (the link's or the session's), never by an
//! id a patient could change, so one patient's link or session can never open another's packet.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, NaiveDate, Utc};
use portal_core::api::instructions::{
    AcknowledgeRequest, PacketSession, PacketView, TeachBackAnswer, TeachBackVerdict, VerifyRequest,
};
use portal_core::api::{ErrorBody, ErrorCode, FieldError, Language};
use serde::{Deserialize, Serialize};

use crate::booking::{from_epoch, rfc3339};
use crate::client_addr::ClientAddr;
use crate::error::AppError;
use crate::extract::{bearer_token, ApiJson, ApiQuery};
use crate::startup::AppState;
use crate::store::audit;
use crate::store::packets::{self, PacketRow, SESSION_MINUTES};
use crate::tokens;

/// The patient routes for instructions.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/packets/verify", post(verify))
        .route("/api/v1/packets/current", get(current))
        .route(
            "/api/v1/packets/current/acknowledgements",
            post(acknowledge),
        )
        .route("/api/v1/packets/current/teach-back", post(teach_back))
}

/// `GET /api/v1/packets/current` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LanguageQuery {
    /// `en` or `es`; the patient's language when left out or when the packet lacks it.
    pub lang: Option<String>,
}

/// The sections acknowledged so far, after an acknowledgement.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Acknowledged {
    /// Section ids, in the order they were acknowledged.
    pub acknowledged: Vec<String>,
}

/// The clinic's phone, or the only clinic's phone when the clinic is not known (an unknown link).
fn phone_of(state: &AppState, clinic: Option<&str>) -> String {
    match clinic.and_then(|c| state.clinics.get(c)) {
        Some(config) => config.clinic.phone.clone(),
        None => {
            let mut all = state.clinics.iter();
            match (all.next(), all.next()) {
                (Some(only), None) => only.clinic.phone.clone(),
                _ => String::new(),
            }
        }
    }
}

/// "call us at PHONE" or "call the clinic" when no phone is known, in English or Spanish.
fn call_us(phone: &str, es: bool) -> String {
    match (phone.is_empty(), es) {
        (true, false) => "call the clinic".to_string(),
        (true, true) => "llame a la clínica".to_string(),
        (false, false) => format!("call us at {phone}"),
        (false, true) => format!("llámenos al {phone}"),
    }
}

fn link_not_found(phone: &str, es: bool) -> AppError {
    let message = if es {
        format!(
            "No encontramos este enlace. Revise que usó el enlace completo de su mensaje, o {} y se lo enviamos otra vez.",
            call_us(phone, es)
        )
    } else {
        format!(
            "We can't find this link. Please check that you used the whole link from your message, or {} and we will send it again.",
            call_us(phone, es)
        )
    };
    AppError::new(StatusCode::NOT_FOUND, ErrorCode::LinkNotFound, message)
}

/// The refusal for a packet that cannot be opened: revoked, locked or expired.
fn closed(row: &PacketRow, phone: &str, now: DateTime<Utc>, es: bool) -> Option<AppError> {
    let call = call_us(phone, es);
    match row.state.as_str() {
        "revoked" => Some(AppError::new(
            StatusCode::GONE,
            ErrorCode::LinkRevoked,
            if es {
                format!("Este enlace ya no funciona. Por favor, {call} y le ayudaremos.")
            } else {
                format!("This link no longer works. Please {call} and we will help.")
            },
        )),
        "locked" => Some(locked(phone, es)),
        _ if row.expires_at <= now.timestamp() => Some(AppError::new(
            StatusCode::GONE,
            ErrorCode::LinkExpired,
            if es {
                format!("Este enlace ya venció. Por favor, {call} y le enviaremos uno nuevo.")
            } else {
                format!("This link has expired. Please {call} and we will send you a new one.")
            },
        )),
        _ => None,
    }
}

fn locked(phone: &str, es: bool) -> AppError {
    let message = if es {
        format!(
            "Por su seguridad, cerramos esta página. Por favor, {} y le ayudaremos.",
            call_us(phone, es)
        )
    } else {
        format!(
            "For your safety we locked this page. Please {} and we will help.",
            call_us(phone, es)
        )
    };
    AppError::new(StatusCode::LOCKED, ErrorCode::PacketLocked, message)
}

fn session_expired(phone: &str) -> AppError {
    AppError::new(
        StatusCode::UNAUTHORIZED,
        ErrorCode::SessionExpired,
        format!(
            "Please enter your date of birth again. For your safety, the page closes after {SESSION_MINUTES} minutes without use. If you need help, {}.",
            call_us(phone, false)
        ),
    )
}

/// Checks the patient's date of birth with the link's secret and opens a 30-minute session.
#[utoipa::path(
    post,
    path = "/api/v1/packets/verify",
    tag = "instructions (patient)",
    security(("packet_link" = [])),
    request_body = VerifyRequest,
    responses(
        (status = 200, description = "The date matches: a session for reading the packet", body = PacketSession),
        (status = 403, description = "`date_of_birth_mismatch`: the message says how many tries are left, and the error object also has `tries_left` (schema `TriesLeft`)", body = ErrorBody),
        (status = 404, description = "`link_not_found`: no packet has this link", body = ErrorBody),
        (status = 410, description = "`link_expired` or `link_revoked`", body = ErrorBody),
        (status = 422, description = "`invalid_fields` (`date_of_birth` is not a date) or `invalid_body`", body = ErrorBody),
        (status = 423, description = "`packet_locked`: too many wrong dates; staff can send a new link", body = ErrorBody),
        (status = 429, description = "`rate_limited`: too many tries from this address or with this link; see Retry-After", body = ErrorBody),
    )
)]
pub async fn verify(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    ApiJson(request): ApiJson<VerifyRequest>,
) -> Result<Json<PacketSession>, AppError> {
    let now = Utc::now();
    let es = request.language == Language::Es;
    let Some(secret) = bearer_token(&headers) else {
        return Err(link_not_found(&phone_of(&state, None), es));
    };
    super::feedback::check_limits(
        &state,
        &state.feedback_limits.verify,
        client,
        &headers,
        &phone_of(&state, None),
    )
    .await?;
    // One write transaction from the first read: simultaneous wrong tries are counted one
    // after the other, so they can never exceed the limit.
    let mut tx = state
        .store
        .gate
        .begin(&state.store.pool, crate::store::PATIENT_LINKS)
        .await?;
    let Some(row) = packets::by_link_hash(&mut tx, &tokens::hash(&secret)).await? else {
        tx.commit().await?;
        return Err(link_not_found(&phone_of(&state, None), es));
    };
    let phone = phone_of(&state, Some(&row.clinic_id));
    let actor = format!("patient:{}", row.public_id);
    if let Some(refusal) = closed(&row, &phone, now, es) {
        audit::record(
            &mut *tx,
            &row.clinic_id,
            &actor,
            "packet.verify_refused",
            Some(&row.public_id),
        )
        .await?;
        tx.commit().await?;
        return Err(refusal);
    }
    let Ok(date) = NaiveDate::parse_from_str(request.date_of_birth.trim(), "%Y-%m-%d") else {
        tx.commit().await?;
        return Err(AppError::invalid_fields(vec![FieldError {
            path: "date_of_birth".into(),
            message: if es {
                "Esta fecha no parece correcta. Escriba año-mes-día, como 1961-04-17.".into()
            } else {
                "This date doesn't look right. Try year-month-day, like 1961-04-17.".into()
            },
        }]));
    };
    if date.format("%Y-%m-%d").to_string() != row.date_of_birth {
        let attempts = row.failed_attempts + 1;
        let limit = state
            .clinics
            .get(&row.clinic_id)
            .map(|c| c.instructions.verify_attempts)
            .unwrap_or(5)
            .max(1) as i64;
        let lock = attempts >= limit;
        packets::count_failed_try(&mut tx, row.id, attempts, lock).await?;
        audit::record(
            &mut *tx,
            &row.clinic_id,
            &actor,
            "packet.verify_failed",
            Some(&row.public_id),
        )
        .await?;
        if lock {
            audit::record(
                &mut *tx,
                &row.clinic_id,
                &actor,
                "packet.locked",
                Some(&row.public_id),
            )
            .await?;
            tx.commit().await?;
            return Err(locked(&phone, es));
        }
        tx.commit().await?;
        let left = limit - attempts;
        let message = if es {
            let tries = if left == 1 {
                "1 intento más".to_string()
            } else {
                format!("{left} intentos más")
            };
            format!(
                "Esta fecha de nacimiento no es la que tenemos. Revísela e intente de nuevo. Le quedan {tries}. Si necesita ayuda, {}.",
                call_us(&phone, es)
            )
        } else {
            let tries = if left == 1 {
                "1 more try".to_string()
            } else {
                format!("{left} more tries")
            };
            format!(
                "This date of birth does not match the one we have. Please check it and try again. You have {tries}. If you need help, {}.",
                call_us(&phone, es)
            )
        };
        return Err(AppError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::DateOfBirthMismatch,
            message,
        )
        .with_extra(&portal_core::api::instructions::TriesLeft {
            tries_left: u32::try_from(left).unwrap_or(0),
        }));
    }
    let session = tokens::new_secret();
    let expires_at = now.timestamp() + SESSION_MINUTES * 60;
    packets::open_session(&mut tx, row.id, &tokens::hash(&session), expires_at, now).await?;
    audit::record(
        &mut *tx,
        &row.clinic_id,
        &actor,
        "packet.verify",
        Some(&row.public_id),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(PacketSession {
        session,
        expires_at: rfc3339(from_epoch(expires_at)),
    }))
}

/// A write transaction (taken first, so the reads and writes that follow see one state) and the
/// packet of the session in the request, or the refusal the patient should see.
async fn open_session(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(crate::store::WriteTx, PacketRow), AppError> {
    let mut tx = state
        .store
        .gate
        .begin(&state.store.pool, crate::store::PATIENT_LINKS)
        .await?;
    match session_packet(state, &mut tx, headers).await {
        Ok(row) => Ok((tx, row)),
        Err(e) => {
            tx.commit().await?;
            Err(e)
        }
    }
}

/// The packet of the session in the request, or the refusal the patient should see.
async fn session_packet(
    state: &AppState,
    conn: &mut crate::store::Conn,
    headers: &HeaderMap,
) -> Result<PacketRow, AppError> {
    let now = Utc::now();
    let Some(session) = bearer_token(headers) else {
        return Err(session_expired(&phone_of(state, None)));
    };
    match packets::by_session_hash(conn, &tokens::hash(&session), now).await? {
        None => Err(session_expired(&phone_of(state, None))),
        Some((row, false)) => Err(session_expired(&phone_of(state, Some(&row.clinic_id)))),
        Some((row, true)) => match closed(
            &row,
            &phone_of(state, Some(&row.clinic_id)),
            now,
            row.language == Language::Es,
        ) {
            Some(refusal) => Err(refusal),
            None => Ok(row),
        },
    }
}

/// The packet in one language, with what the patient already acknowledged and answered right.
#[utoipa::path(
    get,
    path = "/api/v1/packets/current",
    tag = "instructions (patient)",
    params(LanguageQuery),
    security(("packet_session" = [])),
    responses(
        (status = 200, description = "The packet", body = PacketView),
        (status = 401, description = "`session_expired`: confirm the date of birth again", body = ErrorBody),
        (status = 410, description = "`link_expired` or `link_revoked`", body = ErrorBody),
        (status = 423, description = "`packet_locked`", body = ErrorBody),
    )
)]
pub async fn current(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<LanguageQuery>,
) -> Result<Json<PacketView>, AppError> {
    let (mut tx, row) = open_session(&state, &headers).await?;
    let views = row.views()?;
    // A language the packet lacks (or none) gives the patient's own.
    let wanted = match query.lang.as_deref() {
        Some("en") => Language::En,
        Some("es") => Language::Es,
        _ => row.language,
    };
    let mut view = views
        .iter()
        .find(|v| v.language == wanted)
        .or_else(|| views.iter().find(|v| v.language == row.language))
        .or_else(|| views.first())
        .cloned()
        .ok_or_else(|| AppError::internal("a packet without views"))?;
    view.acknowledged = packets::acknowledged(&mut tx, row.id).await?;
    view.teach_back_passed = packets::teach_back_results(&mut tx, row.id)
        .await?
        .into_iter()
        .filter(|r| r.correct)
        .map(|r| r.question)
        .collect();
    packets::mark_opened(&mut tx, row.id, Utc::now()).await?;
    audit::record(
        &mut *tx,
        &row.clinic_id,
        &format!("patient:{}", row.public_id),
        "packet.read",
        Some(&row.public_id),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(view))
}

/// Marks one section "I understand". Doing it twice is harmless.
#[utoipa::path(
    post,
    path = "/api/v1/packets/current/acknowledgements",
    tag = "instructions (patient)",
    security(("packet_session" = [])),
    request_body = AcknowledgeRequest,
    responses(
        (status = 200, description = "Every section acknowledged so far", body = Acknowledged),
        (status = 401, description = "`session_expired`", body = ErrorBody),
        (status = 410, description = "`link_expired` or `link_revoked`", body = ErrorBody),
        (status = 422, description = "`invalid_fields`: `section` is not a section of this packet", body = ErrorBody),
        (status = 423, description = "`packet_locked`", body = ErrorBody),
    )
)]
pub async fn acknowledge(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<AcknowledgeRequest>,
) -> Result<Json<Acknowledged>, AppError> {
    let (mut tx, row) = open_session(&state, &headers).await?;
    let views = row.views()?;
    let known = views
        .iter()
        .any(|v| v.sections.iter().any(|s| s.id == request.section));
    if !known {
        tx.commit().await?;
        return Err(AppError::invalid_fields(vec![FieldError {
            path: "section".into(),
            message: format!("\"{}\" is not a section of this packet", request.section),
        }]));
    }
    packets::acknowledge(&mut tx, row.id, &request.section, Utc::now()).await?;
    audit::record(
        &mut *tx,
        &row.clinic_id,
        &format!("patient:{}", row.public_id),
        "packet.acknowledge",
        Some(&row.public_id),
    )
    .await?;
    let acknowledged = packets::acknowledged(&mut tx, row.id).await?;
    tx.commit().await?;
    Ok(Json(Acknowledged { acknowledged }))
}

/// Checks one teach-back answer; a wrong one points to the section to read again. Every answer
/// is kept, so staff see how many tries it took.
#[utoipa::path(
    post,
    path = "/api/v1/packets/current/teach-back",
    tag = "instructions (patient)",
    security(("packet_session" = [])),
    request_body = TeachBackAnswer,
    responses(
        (status = 200, description = "Right, or the section to read again", body = TeachBackVerdict),
        (status = 401, description = "`session_expired`", body = ErrorBody),
        (status = 410, description = "`link_expired` or `link_revoked`", body = ErrorBody),
        (status = 422, description = "`invalid_fields`: an unknown `question`, or a `choice` out of range", body = ErrorBody),
        (status = 423, description = "`packet_locked`", body = ErrorBody),
    )
)]
pub async fn teach_back(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(answer): ApiJson<TeachBackAnswer>,
) -> Result<Json<TeachBackVerdict>, AppError> {
    let (mut tx, row) = open_session(&state, &headers).await?;
    let views = row.views()?;
    let question = views
        .first()
        .and_then(|v| v.teach_back.iter().find(|q| q.id == answer.question));
    let problem = match question {
        None => Some(FieldError {
            path: "question".into(),
            message: format!("\"{}\" is not a question of this packet", answer.question),
        }),
        Some(q) if answer.choice as usize >= q.choices.len() => Some(FieldError {
            path: "choice".into(),
            message: format!(
                "choose one of the {} answers (0 to {})",
                q.choices.len(),
                q.choices.len().saturating_sub(1)
            ),
        }),
        Some(_) => None,
    };
    if let Some(problem) = problem {
        tx.commit().await?;
        return Err(AppError::invalid_fields(vec![problem]));
    }
    let right = row
        .answers()?
        .into_iter()
        .find(|(q, _)| *q == answer.question)
        .map(|(_, c)| c);
    let correct = right == Some(answer.choice);
    packets::record_answer(
        &mut tx,
        row.id,
        &answer.question,
        answer.choice,
        correct,
        Utc::now(),
    )
    .await?;
    audit::record(
        &mut *tx,
        &row.clinic_id,
        &format!("patient:{}", row.public_id),
        "packet.teach_back",
        Some(&row.public_id),
    )
    .await?;
    tx.commit().await?;
    let reread = if correct {
        None
    } else {
        let from_render = row
            .reread()?
            .into_iter()
            .find(|(q, _)| *q == answer.question)
            .map(|(_, s)| s);
        from_render.or_else(|| question.map(|q| q.section.clone()))
    };
    Ok(Json(TeachBackVerdict { correct, reread }))
}
