//! Staff routes for post-visit instructions: templates, preview, create, list, status, revoke,
//! new link and the audit trail. Every route needs a staff key of the clinic in the path
//! ([`StaffAuth`]), and every read or write of a packet is written to the audit log.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Duration, Utc};
use portal_core::api::instructions::{
    PacketCreated, PacketPreview, PacketRequest, PacketStatus, ReadabilityReport,
};
use portal_core::api::{ErrorBody, ErrorCode, FieldError, LocalText};
use portal_core::clinic::ClinicConfig;
use portal_core::instructions::{self, RenderedPacket};
use portal_core::Language;
use serde::{Deserialize, Serialize};

use crate::booking::{clinic_today, from_epoch, rfc3339};
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::staff::{As, Clinical, StaffAuth};
use crate::startup::AppState;
use crate::store::audit;
use crate::store::packets::{self, PacketRow};
use crate::tokens;

/// The staff routes for instructions.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/clinics/{clinic}/instruction-templates",
            get(templates),
        )
        .route("/api/v1/clinics/{clinic}/packets/preview", post(preview))
        .route("/api/v1/clinics/{clinic}/packets", post(create).get(list))
        .route("/api/v1/clinics/{clinic}/packets/{id}", get(read))
        .route("/api/v1/clinics/{clinic}/packets/{id}/revoke", post(revoke))
        .route(
            "/api/v1/clinics/{clinic}/packets/{id}/new-link",
            post(new_link),
        )
        .route(
            "/api/v1/clinics/{clinic}/packets/{id}/audit",
            get(audit_trail),
        )
}

/// One instruction template, as staff pick it.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct InstructionTemplateSummary {
    /// The template id, used in `PacketRequest.template`.
    pub id: String,
    /// The title, in English and (when written) Spanish.
    pub title: LocalText,
    /// Visit types this template fits.
    pub visit_types: Vec<String>,
    /// Condition or procedure codes this template fits.
    pub codes: Vec<String>,
}

/// One line of a packet's audit trail. It never holds patient data.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditEntry {
    /// When, UTC RFC 3339.
    pub at: String,
    /// `staff:<key id>` or `patient:<packet id>`.
    pub actor: String,
    /// What was done, like `packet.create`, `packet.read`, `packet.verify_failed`.
    pub action: String,
}

/// The path of one packet's routes.
#[derive(Debug, Deserialize)]
pub struct PacketPath {
    /// The clinic's id (checked by [`StaffAuth`]).
    pub clinic: String,
    /// The packet's public id.
    pub id: String,
}

/// `GET .../packets` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PacketListQuery {
    /// Only packets in this state: `active`, `locked`, `revoked` or `expired`.
    pub state: Option<String>,
}

/// The most packets one list returns (newest first).
pub const LIST_LIMIT: i64 = 200;

/// The clinic's instruction templates.
#[utoipa::path(
    get,
    path = "/api/v1/clinics/{clinic}/instruction-templates",
    tag = "instructions (staff)",
    params(("clinic" = String, Path, description = "The clinic's id")),
    security(("staff_key" = [])),
    responses(
        (status = 200, description = "Every template of the clinic", body = [InstructionTemplateSummary]),
        (status = 401, description = "`staff_key_required` or `staff_key_invalid`", body = ErrorBody),
        (status = 404, description = "`not_found`: no clinic with this id", body = ErrorBody),
    )
)]
pub async fn templates(
    As(auth, _): As<Clinical>,
) -> Result<Json<Vec<InstructionTemplateSummary>>, AppError> {
    Ok(Json(
        auth.clinic
            .instruction_templates
            .iter()
            .map(|t| InstructionTemplateSummary {
                id: t.id.clone(),
                title: t.title.to_api(),
                visit_types: t.visit_types.clone(),
                codes: t.codes.clone(),
            })
            .collect(),
    ))
}

/// Renders a packet and grades its reading level without storing anything.
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/packets/preview",
    tag = "instructions (staff)",
    params(("clinic" = String, Path, description = "The clinic's id")),
    security(("staff_key" = [])),
    request_body = PacketRequest,
    responses(
        (status = 200, description = "What the patient would see, in their language, and the reading level of every section", body = PacketPreview),
        (status = 401, description = "`staff_key_required` or `staff_key_invalid`", body = ErrorBody),
        (status = 422, description = "`invalid_fields` (see `fields`) or `invalid_body`", body = ErrorBody),
    )
)]
pub async fn preview(
    State(state): State<AppState>,
    As(auth, _): As<Clinical>,
    ApiJson(request): ApiJson<PacketRequest>,
) -> Result<Json<PacketPreview>, AppError> {
    let config = &auth.clinic;
    audit::record(
        &state.store.pool,
        &config.clinic.id,
        &auth.actor(),
        "packet.preview",
        None,
    )
    .await?;
    let rendered = render(&state, config, &request, Utc::now()).await?;
    let packet = rendered
        .views
        .into_iter()
        .next()
        .ok_or_else(|| AppError::internal("render gave no view"))?;
    Ok(Json(PacketPreview {
        packet,
        readability: rendered.readability,
    }))
}

/// Renders a packet, stores it and returns the patient's link (shown only this once).
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/packets",
    tag = "instructions (staff)",
    params(("clinic" = String, Path, description = "The clinic's id")),
    security(("staff_key" = [])),
    request_body = PacketRequest,
    responses(
        (status = 201, description = "Created; `patient_link` carries the secret and is shown only once", body = PacketCreated),
        (status = 401, description = "`staff_key_required` or `staff_key_invalid`", body = ErrorBody),
        (status = 422, description = "`invalid_fields` (see `fields`), `invalid_body`, or `readability_above_max` (the error object also has `readability`, the full report: schema `ReadabilityRefusal`; send `override_readability: true` to publish anyway)", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    As(auth, _): As<Clinical>,
    ApiJson(request): ApiJson<PacketRequest>,
) -> Result<Response, AppError> {
    let config = &auth.clinic;
    let now = Utc::now();
    let rendered = render(&state, config, &request, now).await?;
    if rendered.readability.above_max && !request.override_readability {
        return Err(readability_above_max(&rendered.readability));
    }
    let secret = tokens::new_secret();
    let public_id = tokens::new_id();
    let expires_at = now + Duration::days(i64::from(config.instructions.link_days));
    let appointment = request
        .appointment
        .as_deref()
        .filter(|a| !a.trim().is_empty());
    let mut tx = state
        .store
        .gate
        .begin(&state.store.pool, &config.clinic.id)
        .await?;
    packets::insert(
        &mut tx,
        &packets::NewPacket {
            public_id: &public_id,
            clinic: &config.clinic.id,
            template: &request.template,
            appointment,
            preferred_name: request.preferred_name.trim(),
            date_of_birth: rendered.date_of_birth,
            language: rendered.language.code(),
            views_json: to_json(&rendered.views)?,
            answers_json: to_json(&rendered.answers)?,
            reread_json: to_json(&rendered.reread)?,
            readability_json: to_json(&rendered.readability)?,
            readability_override: rendered.readability.above_max,
            link_hash: tokens::hash(&secret),
            created_at: now,
            expires_at,
        },
    )
    .await?;
    audit::record(
        &mut *tx,
        &config.clinic.id,
        &auth.actor(),
        "packet.create",
        Some(&public_id),
    )
    .await?;
    // A packet for a booked visit: "your visit notes are ready", by the visit's way of contact.
    if let Some(visit) = match appointment {
        Some(id) => crate::store::appointments::find(&mut *tx, id).await?,
        None => None,
    } {
        crate::outbox::notes_ready(
            &mut tx,
            &state.keys,
            config,
            &visit.visit_facts(),
            &public_id,
            &secret,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    let created = PacketCreated {
        id: public_id,
        patient_link: patient_link(config, &state.public_url, &secret, rendered.language),
        expires_at: rfc3339(expires_at),
        readability: rendered.readability,
    };
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

/// The clinic's packets, newest first (at most 200), optionally in one state.
#[utoipa::path(
    get,
    path = "/api/v1/clinics/{clinic}/packets",
    tag = "instructions (staff)",
    params(("clinic" = String, Path, description = "The clinic's id"), PacketListQuery),
    security(("staff_key" = [])),
    responses(
        (status = 200, description = "Packets, newest first", body = [PacketStatus]),
        (status = 401, description = "`staff_key_required` or `staff_key_invalid`", body = ErrorBody),
        (status = 422, description = "`invalid_query`: an unknown state", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    As(auth, _): As<Clinical>,
    ApiQuery(query): ApiQuery<PacketListQuery>,
) -> Result<Json<Vec<PacketStatus>>, AppError> {
    let now = Utc::now();
    let wanted = query
        .state
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if let Some(s) = wanted {
        if !matches!(s, "active" | "locked" | "revoked" | "expired") {
            return Err(AppError::invalid_query(vec![FieldError {
                path: "state".into(),
                message: format!("\"{s}\" is not a state; use active, locked, revoked or expired"),
            }]));
        }
    }
    let mut conn = state.store.pool.acquire().await?;
    let clinic = &auth.clinic.clinic.id;
    // `expired` is not stored: it is an active packet whose link has run out.
    let rows = packets::list(&mut conn, clinic, wanted, now, LIST_LIMIT).await?;
    let mut list = Vec::with_capacity(rows.len());
    for row in &rows {
        list.push(packets::status(&mut conn, row, now).await?);
    }
    audit::record(&mut *conn, clinic, &auth.actor(), "packet.list", None).await?;
    Ok(Json(list))
}

/// One packet's status: opened, acknowledged sections, teach-back answers.
#[utoipa::path(
    get,
    path = "/api/v1/clinics/{clinic}/packets/{id}",
    tag = "instructions (staff)",
    params(("clinic" = String, Path, description = "The clinic's id"), ("id" = String, Path, description = "The packet's id")),
    security(("staff_key" = [])),
    responses(
        (status = 200, description = "The packet's status", body = PacketStatus),
        (status = 401, description = "`staff_key_required` or `staff_key_invalid`", body = ErrorBody),
        (status = 404, description = "`packet_not_found`", body = ErrorBody),
    )
)]
pub async fn read(
    State(state): State<AppState>,
    As(auth, _): As<Clinical>,
    ApiPath(path): ApiPath<PacketPath>,
) -> Result<Json<PacketStatus>, AppError> {
    let mut conn = state.store.pool.acquire().await?;
    let row = find(&mut conn, &auth, &path.id).await?;
    audit::record(
        &mut *conn,
        &row.clinic_id,
        &auth.actor(),
        "packet.status",
        Some(&row.public_id),
    )
    .await?;
    Ok(Json(packets::status(&mut conn, &row, Utc::now()).await?))
}

/// Revokes a packet: its link and sessions stop working at once. Revoking twice is harmless.
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/packets/{id}/revoke",
    tag = "instructions (staff)",
    params(("clinic" = String, Path, description = "The clinic's id"), ("id" = String, Path, description = "The packet's id")),
    security(("staff_key" = [])),
    responses(
        (status = 200, description = "The packet, now `revoked`", body = PacketStatus),
        (status = 401, description = "`staff_key_required` or `staff_key_invalid`", body = ErrorBody),
        (status = 404, description = "`packet_not_found`", body = ErrorBody),
    )
)]
pub async fn revoke(
    State(state): State<AppState>,
    As(auth, _): As<Clinical>,
    ApiPath(path): ApiPath<PacketPath>,
) -> Result<Json<PacketStatus>, AppError> {
    let now = Utc::now();
    let mut tx = state
        .store
        .gate
        .begin(&state.store.pool, &auth.clinic.clinic.id)
        .await?;
    let row = find(&mut tx, &auth, &path.id).await?;
    packets::revoke(&mut tx, row.id, now).await?;
    audit::record(
        &mut *tx,
        &row.clinic_id,
        &auth.actor(),
        "packet.revoke",
        Some(&row.public_id),
    )
    .await?;
    let row = find(&mut tx, &auth, &path.id).await?;
    let status = packets::status(&mut tx, &row, now).await?;
    tx.commit().await?;
    Ok(Json(status))
}

/// Issues a new patient link: the old link and any open session stop working, wrong tries are
/// forgotten, a locked packet is unlocked, and the new link works for `link_days` again.
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/packets/{id}/new-link",
    tag = "instructions (staff)",
    params(("clinic" = String, Path, description = "The clinic's id"), ("id" = String, Path, description = "The packet's id")),
    security(("staff_key" = [])),
    responses(
        (status = 200, description = "The new link, shown only this once", body = PacketCreated),
        (status = 401, description = "`staff_key_required` or `staff_key_invalid`", body = ErrorBody),
        (status = 404, description = "`packet_not_found`", body = ErrorBody),
        (status = 409, description = "`packet_revoked`: a revoked packet stays revoked; create a new one", body = ErrorBody),
    )
)]
pub async fn new_link(
    State(state): State<AppState>,
    As(auth, _): As<Clinical>,
    ApiPath(path): ApiPath<PacketPath>,
) -> Result<Json<PacketCreated>, AppError> {
    let config = &auth.clinic;
    let now = Utc::now();
    let mut tx = state
        .store
        .gate
        .begin(&state.store.pool, &config.clinic.id)
        .await?;
    let row = find(&mut tx, &auth, &path.id).await?;
    if row.state == "revoked" {
        tx.commit().await?;
        return Err(AppError::new(
            StatusCode::CONFLICT,
            ErrorCode::PacketRevoked,
            "This packet was revoked, so it cannot get a new link. Create a new packet for the patient instead.",
        ));
    }
    let secret = tokens::new_secret();
    let expires_at = now + Duration::days(i64::from(config.instructions.link_days));
    packets::new_link(&mut tx, row.id, &tokens::hash(&secret), expires_at).await?;
    audit::record(
        &mut *tx,
        &row.clinic_id,
        &auth.actor(),
        "packet.new_link",
        Some(&row.public_id),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(PacketCreated {
        id: row.public_id.clone(),
        patient_link: patient_link(config, &state.public_url, &secret, row.language),
        expires_at: rfc3339(expires_at),
        readability: row.readability()?,
    }))
}

/// Who read or changed the packet, and when, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/clinics/{clinic}/packets/{id}/audit",
    tag = "instructions (staff)",
    params(("clinic" = String, Path, description = "The clinic's id"), ("id" = String, Path, description = "The packet's id")),
    security(("staff_key" = [])),
    responses(
        (status = 200, description = "The packet's audit trail, oldest first", body = [AuditEntry]),
        (status = 401, description = "`staff_key_required` or `staff_key_invalid`", body = ErrorBody),
        (status = 404, description = "`packet_not_found`", body = ErrorBody),
    )
)]
pub async fn audit_trail(
    State(state): State<AppState>,
    As(auth, _): As<Clinical>,
    ApiPath(path): ApiPath<PacketPath>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    let mut conn = state.store.pool.acquire().await?;
    let row = find(&mut conn, &auth, &path.id).await?;
    let rows = audit::of_packet(&mut *conn, &row.clinic_id, &row.public_id).await?;
    // Who looked at a packet's trail is itself part of the trail, after what it showed.
    audit::record(
        &mut *conn,
        &row.clinic_id,
        &auth.actor(),
        "packet.audit_read",
        Some(&row.public_id),
    )
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(|(at, actor, action)| AuditEntry {
                at: rfc3339(from_epoch(at)),
                actor,
                action,
            })
            .collect(),
    ))
}

/// A value as the JSON text stored in a column.
fn to_json<T: Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(AppError::internal)
}

/// The packet with this id at the key's clinic, or a 404 (another clinic's packet too).
async fn find(
    conn: &mut crate::store::Conn,
    auth: &StaffAuth,
    id: &str,
) -> Result<PacketRow, AppError> {
    packets::by_public_id(conn, &auth.clinic.clinic.id, id)
        .await?
        .ok_or_else(|| {
            AppError::new(
                StatusCode::NOT_FOUND,
                ErrorCode::PacketNotFound,
                format!("There is no packet \"{id}\" at this clinic."),
            )
        })
}

/// Renders with the clinic-local today; also checks that a named appointment is this clinic's.
async fn render(
    state: &AppState,
    config: &ClinicConfig,
    request: &PacketRequest,
    now: DateTime<Utc>,
) -> Result<RenderedPacket, AppError> {
    let mut fields = Vec::new();
    if let Some(appointment) = request
        .appointment
        .as_deref()
        .filter(|a| !a.trim().is_empty())
    {
        let found = crate::store::appointments::find(&state.store.pool, appointment)
            .await?
            .filter(|visit| visit.clinic_id == config.clinic.id);
        if found.is_none() {
            fields.push(FieldError {
                path: "appointment".into(),
                message: format!("\"{appointment}\" is not a visit at this clinic; leave it out or use the visit's id"),
            });
        }
    }
    match instructions::render(config, request, clinic_today(config, now)) {
        Ok(rendered) if fields.is_empty() => Ok(rendered),
        Ok(_) => Err(AppError::invalid_fields(fields)),
        Err(mut problems) => {
            problems.append(&mut fields);
            Err(AppError::invalid_fields(problems))
        }
    }
}

/// The 422 for a packet that reads above the clinic's maximum, naming the sections.
fn readability_above_max(report: &ReadabilityReport) -> AppError {
    let above: Vec<String> = report
        .sections
        .iter()
        .filter(|s| s.above_max)
        .map(|s| format!("\"{}\" ({}, grade {:.1})", s.heading, s.language, s.grade))
        .collect();
    AppError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ReadabilityAboveMax,
        format!(
            "These sections read above grade {:.0}: {}. Use shorter sentences and simpler words, or publish anyway with override_readability.",
            report.max_grade,
            above.join(", ")
        ),
    )
    .with_extra(&portal_core::api::instructions::ReadabilityRefusal {
        readability: report.clone(),
    })
}

/// The link for the patient: the clinic's instructions page, or this server's `/`, with the
/// secret in the fragment (`#pp-packet=`), which browsers never send to a server, and the
/// packet's language (`&pp-lang=`), so that the widget around it speaks it too.
fn patient_link(
    config: &ClinicConfig,
    public_url: &str,
    secret: &str,
    language: Language,
) -> String {
    link_with_fragment(config, public_url, "pp-packet", secret, language)
}

/// The clinic's patient page (or this server's public URL) with `#{key}={secret}&pp-lang={lang}`
/// as the fragment: the loader opens the widget in that language whatever the browser's. Never
/// built from a request's headers: a forged Host must not reach a patient.
pub(crate) fn link_with_fragment(
    config: &ClinicConfig,
    public_url: &str,
    key: &str,
    secret: &str,
    language: Language,
) -> String {
    let page = match &config.instructions.patient_page {
        Some(page) if !page.trim().is_empty() => {
            page.split('#').next().unwrap_or_default().to_string()
        }
        _ => format!("{}/", public_url.trim_end_matches('/')),
    };
    format!("{page}#{key}={secret}&pp-lang={}", language.code())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::clinics::demo_clinic as demo;

    #[test]
    fn the_link_uses_the_clinics_page_and_keeps_the_secret_in_the_fragment() {
        let mut config = demo().into_config();
        config.instructions.patient_page =
            Some("https://maplegrove.example/after-your-visit#old".into());
        let link = patient_link(&config, "https://portal.example", "abc", Language::Es);
        assert_eq!(
            link,
            "https://maplegrove.example/after-your-visit#pp-packet=abc&pp-lang=es"
        );
    }

    #[test]
    fn without_a_page_the_link_uses_the_public_url() {
        let mut config = demo().into_config();
        config.instructions.patient_page = None;
        assert_eq!(
            patient_link(&config, "https://portal.example", "abc", Language::En),
            "https://portal.example/#pp-packet=abc&pp-lang=en"
        );
    }
}
