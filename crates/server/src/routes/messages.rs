//! Messages to patients: what staff see of a visit's messages, and the unsubscribe page every
//! email links to (one click, RFC 8058).

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use portal_core::api::{AppointmentStatus, ErrorCode};
use portal_core::Language;
use serde::{Deserialize, Serialize};

use super::embed::escape;
use crate::booking::{from_epoch, rfc3339};
use crate::error::AppError;
use crate::extract::ApiPath;
use crate::staff::{As, FrontDesk};
use crate::startup::AppState;
use crate::{outbox, store};

/// The message routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/clinics/{clinic}/appointments/{id}/messages",
            get(of_visit),
        )
        .route(
            "/api/v1/clinics/{clinic}/appointments/{id}/messages/resend",
            axum::routing::post(resend),
        )
        .route("/unsubscribe/{id}", get(unsubscribe_page).post(unsubscribe))
        .route("/m/{clinic}/{message}", get(open_link))
        .route("/api/v1/sms/inbound", axum::routing::post(sms_inbound))
}

/// A text reply from a patient, sent on by the SMS provider (Twilio's webhook shape): STOP ends
/// texts to that number from the clinics that texted it, START turns them back on, HELP
/// answers with the clinic's name and phone. The request must carry the provider's signature.
async fn sms_inbound(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    use crate::outbox::sms::{keyword, verify, Reply};
    use portal_core::messages::Channel;
    let Some(sms) = &state.transports.sms else {
        return Err(AppError::not_found(
            "Texts are not set up on this server (--sms-account-sid).",
        ));
    };
    let fields: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let url = format!(
        "{}/api/v1/sms/inbound",
        state.public_url.trim_end_matches('/')
    );
    let signature = headers
        .get("x-twilio-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !verify(sms.token(), &url, &fields, signature) {
        return Err(AppError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::BadSignature,
            "This request does not carry the SMS provider's signature for this address (X-Twilio-Signature over --public-url).",
        ));
    }
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    };
    let from = field("From");
    let hash = outbox::address_hash(Channel::Text, from);
    let mut clinics = store::messages::clinics_that_texted(&state.store.pool, &hash).await?;
    if clinics.is_empty() {
        let mut all = state.clinics.iter();
        if let (Some(only), None) = (all.next(), all.next()) {
            clinics.push(only.clinic.id.clone());
        }
    }
    let configs: Vec<_> = clinics
        .iter()
        .filter_map(|c| state.clinics.get(c).cloned())
        .collect();
    let names = configs
        .iter()
        .map(|c| c.clinic.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let now = state.clock.now();
    let (reply, spanish) = keyword(field("Body"));
    let answer = match reply {
        Reply::Stop => {
            for config in &configs {
                store::messages::opt_out(&state.store.pool, &config.clinic.id, "text", &hash, now)
                    .await?;
                crate::store::audit::record_subject(
                    &state.store.pool,
                    &config.clinic.id,
                    "patient:sms",
                    "messages.opt_out",
                    None,
                )
                .await?;
            }
            Some(if spanish {
                format!("Ya no recibirá más mensajes de texto de {names}. Para recibirlos otra vez, responda COMENZAR.")
            } else {
                format!("You will get no more texts from {names}. Reply START to get them again.")
            })
        }
        Reply::Start => {
            for config in &configs {
                store::messages::opt_in(&state.store.pool, &config.clinic.id, "text", &hash)
                    .await?;
                crate::store::audit::record_subject(
                    &state.store.pool,
                    &config.clinic.id,
                    "patient:sms",
                    "messages.opt_in",
                    None,
                )
                .await?;
            }
            Some(if spanish {
                format!("Volverá a recibir mensajes de texto de {names}. Para no recibirlos, responda PARAR.")
            } else {
                format!("Texts from {names} are on again. Reply STOP to end them.")
            })
        }
        Reply::Help => Some(
            configs
                .iter()
                .map(|c| {
                    if spanish {
                        format!(
                            "{}: para recibir ayuda, llame al {}.",
                            c.clinic.name, c.clinic.phone
                        )
                    } else {
                        format!("{}: for help, call {}.", c.clinic.name, c.clinic.phone)
                    }
                })
                .chain(std::iter::once(
                    if spanish {
                        "Para no recibir más textos, responda PARAR."
                    } else {
                        "Reply STOP to end texts."
                    }
                    .to_string(),
                ))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Reply::Other => None,
    };
    let twiml = match answer {
        Some(words) => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>{}</Message></Response>",
            escape(&words)
        ),
        None => "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>".to_string(),
    };
    let mut response = twiml.into_response();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/xml; charset=utf-8"),
    );
    Ok(response)
}

/// `{clinic}` and `{message}` of a message's link.
#[derive(Debug, Deserialize)]
pub struct LinkPath {
    /// The clinic's id.
    pub clinic: String,
    /// The message's public id.
    pub message: String,
}

/// A link in a message: notes that it was opened (for the clinic's count of links opened) and
/// sends the browser on to the clinic's page with the widget. The link's secret is in the
/// fragment (`#pp-manage=...`), which browsers never send and keep across a redirect
/// (RFC 9110 section 10.2.2), so this server never sees it.
async fn open_link(
    State(state): State<AppState>,
    ApiPath(path): ApiPath<LinkPath>,
) -> Result<Response, AppError> {
    let Some(config) = state.clinics.get(&path.clinic) else {
        return Ok(unknown());
    };
    let page = outbox::dispatch::patient_page(config, &state.public_url);
    let mut conn = state.store.pool.acquire().await?;
    if !outbox::link_opened(
        &mut conn,
        &config.clinic.id,
        &path.message,
        state.clock.now(),
    )
    .await?
    {
        tracing::info!("a message link for a message that is no longer kept was opened");
    }
    drop(conn);
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let Ok(location) = HeaderValue::from_str(&page) {
        headers.insert(axum::http::header::LOCATION, location);
    }
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    Ok(response)
}

/// One message of a visit, as staff see it (never its words or address).
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct VisitMessage {
    /// The message's id.
    pub id: String,
    /// `confirmation`, `changed`, `cancelled`, `reminder`, `after_visit`, ...
    pub kind: String,
    /// `email` or `text`.
    pub channel: String,
    /// When it is (or was) due, UTC RFC 3339.
    pub due: String,
    /// `planned`, `sent`, `failed`, `cancelled`, `opted_out` or `not_sent`.
    pub state: String,
    /// Tries so far.
    pub attempts: i64,
    /// Why it failed or was not sent, in plain words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// When it was sent, UTC RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent: Option<String>,
    /// When the patient first opened a link in it, UTC RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened: Option<String>,
}

/// `{clinic}` and `{id}` of a visit's staff routes.
#[derive(Debug, Deserialize)]
pub struct VisitPath {
    /// The clinic's id.
    pub clinic: String,
    /// The appointment's id.
    pub id: String,
}

/// A visit's messages with their state, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/clinics/{clinic}/appointments/{id}/messages",
    tag = "messages (staff)",
    params(("clinic" = String, Path, description = "The clinic's id"), ("id" = String, Path, description = "The appointment's id")),
    security(("staff_key" = [])),
    responses(
        (status = 200, description = "The visit's messages", body = [VisitMessage]),
        (status = 401, description = "`staff_key_required` or `staff_key_invalid`", body = portal_core::api::ErrorBody),
    )
)]
pub async fn of_visit(
    State(state): State<AppState>,
    As(auth, _): As<FrontDesk>,
    ApiPath(path): ApiPath<VisitPath>,
) -> Result<Json<Vec<VisitMessage>>, AppError> {
    let clinic = &auth.clinic.clinic.id;
    let mut conn = state.store.pool.acquire().await?;
    let rows = outbox::of_visit(&mut conn, clinic, &path.id).await?;
    crate::store::audit::record_subject(
        &mut *conn,
        clinic,
        &auth.actor(),
        "messages.list",
        Some(&format!("appointment:{}", path.id)),
    )
    .await?;
    Ok(Json(rows.into_iter().map(to_api).collect()))
}

/// Sends the booking confirmation again, by the ways the patient chose.
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/appointments/{id}/messages/resend",
    tag = "messages (staff)",
    params(("clinic" = String, Path, description = "The clinic's id"), ("id" = String, Path, description = "The appointment's id")),
    security(("staff_key" = [])),
    responses(
        (status = 202, description = "Planned; the visit's messages, the new one last", body = [VisitMessage]),
        (status = 401, description = "`staff_key_required` or `staff_key_invalid`", body = portal_core::api::ErrorBody),
        (status = 404, description = "`not_found`: no such visit at this clinic", body = portal_core::api::ErrorBody),
        (status = 409, description = "`visit_cancelled`, or `nothing_to_resend` (the patient asked for no messages, or none could be sent)", body = portal_core::api::ErrorBody),
    )
)]
pub async fn resend(
    State(state): State<AppState>,
    As(auth, _): As<FrontDesk>,
    ApiPath(path): ApiPath<VisitPath>,
) -> Result<Response, AppError> {
    let config = &auth.clinic;
    let clinic = &config.clinic.id;
    let mut tx = state.store.gate.begin(&state.store.pool, clinic).await?;
    let visit = crate::store::appointments::find(&mut *tx, &path.id)
        .await?
        .filter(|v| &v.clinic_id == clinic);
    let Some(visit) = visit else {
        return Err(AppError::not_found(format!(
            "There is no visit \"{}\" at this clinic.",
            path.id
        )));
    };
    if visit.status != AppointmentStatus::Booked {
        return Err(AppError::new(
            StatusCode::CONFLICT,
            ErrorCode::VisitCancelled,
            "This visit is cancelled; there is no confirmation to send.",
        ));
    }
    if !outbox::resend_confirmation(
        &mut tx,
        &state.keys,
        config,
        &visit.visit_facts(),
        state.clock.now(),
    )
    .await?
    {
        return Err(AppError::new(
            StatusCode::CONFLICT,
            ErrorCode::NothingToResend,
            "Nothing can be sent for this visit: the patient asked for no messages, or gave no address the clinic sends to. Please call them.",
        ));
    }
    crate::store::audit::record_subject(
        &mut *tx,
        clinic,
        &auth.actor(),
        "messages.resend",
        Some(&format!("appointment:{}", path.id)),
    )
    .await?;
    let rows = outbox::of_visit(&mut tx, clinic, &path.id).await?;
    tx.commit().await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(rows.into_iter().map(to_api).collect::<Vec<_>>()),
    )
        .into_response())
}

fn to_api(m: outbox::MessageRow) -> VisitMessage {
    VisitMessage {
        id: m.public_id,
        kind: m.kind,
        channel: m.channel,
        due: rfc3339(from_epoch(m.due_at)),
        state: m.state,
        attempts: m.attempts,
        reason: m.last_error,
        sent: m.sent_at.map(|t| rfc3339(from_epoch(t))),
        opened: m.opened_at.map(|t| rfc3339(from_epoch(t))),
    }
}

/// The clinic and language of a message, for the unsubscribe page.
async fn about(state: &AppState, id: &str) -> Result<Option<(String, String, Language)>, AppError> {
    let found = store::messages::clinic_and_language(&state.store.pool, id).await?;
    Ok(found.and_then(|(clinic, language)| {
        let config = state.clinics.get(&clinic)?;
        Some((
            config.clinic.name.clone(),
            config.clinic.phone.clone(),
            language.unwrap_or_default(),
        ))
    }))
}

/// The page's only style, allowed by its hash in the CSP (no `unsafe-inline`).
const PAGE_STYLE: &str = "body{font:1.125rem/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem}button{font:inherit;min-height:44px;min-width:44px;padding:.5rem 1rem}";

fn page(status: StatusCode, language: &str, title: &str, body: &str) -> Response {
    use base64::Engine;
    use sha2::Digest;
    let html = format!(
        "<!doctype html><html lang=\"{language}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>{PAGE_STYLE}</style></head><body><main><h1>{title}</h1>{body}</main></body></html>"
    );
    let style_hash = base64::engine::general_purpose::STANDARD
        .encode(sha2::Sha256::digest(PAGE_STYLE.as_bytes()));
    let csp = format!("default-src 'none'; style-src 'sha256-{style_hash}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        headers.insert(CONTENT_SECURITY_POLICY, csp);
    }
    response
}

fn unknown() -> Response {
    page(
        StatusCode::NOT_FOUND,
        "en",
        "We can't find this link",
        "<p>Please check that you used the whole link from the email, or call the clinic.</p>",
    )
}

/// The page an email's "stop emails" link opens: one button, so a mail scanner that opens
/// links does not unsubscribe anyone.
async fn unsubscribe_page(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, AppError> {
    let Some((clinic, phone, language)) = about(&state, &id).await? else {
        return Ok(unknown());
    };
    let (clinic, phone) = (escape(&clinic), escape(&phone));
    Ok(if language == Language::Es {
        page(
            StatusCode::OK,
            "es",
            "¿Dejar de recibir correos?",
            &format!("<p>{clinic} no le enviará más correos sobre sus visitas.</p><form method=\"post\"><button type=\"submit\">Dejar de recibir correos</button></form><p>¿Preguntas? Llame al {phone}.</p>"),
        )
    } else {
        page(
            StatusCode::OK,
            "en",
            "Stop getting emails?",
            &format!("<p>{clinic} will send you no more emails about your visits.</p><form method=\"post\"><button type=\"submit\">Stop emails</button></form><p>Questions? Call {phone}.</p>"),
        )
    })
}

/// One-click unsubscribe (RFC 8058: a POST with `List-Unsubscribe=One-Click`), and the page's
/// button.
async fn unsubscribe(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, AppError> {
    let Some((clinic, phone, language)) = about(&state, &id).await? else {
        return Ok(unknown());
    };
    outbox::dispatch::opt_out(&state.store.pool, &state.store.gate, &id, state.clock.now()).await?;
    let (clinic, phone) = (escape(&clinic), escape(&phone));
    Ok(if language == Language::Es {
        page(
            StatusCode::OK,
            "es",
            "Listo",
            &format!(
                "<p>{clinic} no le enviará más correos. Para cambiar esto, llame al {phone}.</p>"
            ),
        )
    } else {
        page(
            StatusCode::OK,
            "en",
            "Done",
            &format!("<p>{clinic} will send you no more emails. To change this, call {phone}.</p>"),
        )
    })
}
