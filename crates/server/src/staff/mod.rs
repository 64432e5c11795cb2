//! Who is asking, on every staff route: a person signed in to the console (their own account,
//! a session cookie, and a CSRF token on every change) or a machine client with a staff key
//! (`Authorization: Bearer pps_...`). Both carry a [`Role`]; each route says which roles may
//! reach it ([`StaffAuth::allow`]), and the audit log names the person ([`StaffAuth::actor`]).
//!
//! - [`passwords`]: argon2id hashing and the password rules.
//! - The accounts and sessions themselves are kept by [`crate::store::staff`].

pub mod accounts;
pub mod passwords;

use std::sync::Arc;

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode};
use portal_core::api::ErrorCode;
use portal_core::clinic::Clinic;

use crate::error::AppError;
use crate::extract::bearer_token;
use crate::routes::catalog::find_clinic;
use crate::startup::AppState;
use crate::tokens;

/// The session cookie's name. `__Host-` makes browsers keep it only when it is Secure, for the
/// whole site (Path=/) and for this host alone (no Domain).
pub const COOKIE_NAME: &str = "__Host-portal_staff";
/// The header every change made with a session must carry: the session's CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// Failed sign-ins in a row that lock an account.
pub const LOCK_AFTER: i64 = 5;
/// How long a locked account stays locked, in minutes.
pub const LOCK_MINUTES: i64 = 15;
/// The longest a session lasts however it is used, in hours (a working day).
pub const SESSION_HOURS: i64 = 12;
/// How long a set-password link works, in hours.
pub const SETUP_HOURS: i64 = 72;

/// What a person may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Schedule, bookings, blocked time, arrivals, follow-ups, feedback links.
    FrontDesk,
    /// Instruction packets and their own schedule.
    Clinician,
    /// Everything, plus staff accounts, numbers and "you said, we did".
    Manager,
}

impl Role {
    /// Every role, as the API names them.
    pub const ALL: [Role; 3] = [Role::FrontDesk, Role::Clinician, Role::Manager];

    /// The role's name in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::FrontDesk => "front_desk",
            Role::Clinician => "clinician",
            Role::Manager => "manager",
        }
    }

    /// The role named `name`.
    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == name)
    }

    /// For people: "front desk".
    pub fn words(self) -> &'static str {
        match self {
            Role::FrontDesk => "front desk",
            Role::Clinician => "clinician",
            Role::Manager => "manager",
        }
    }
}

/// Who made a request.
#[derive(Debug, Clone)]
pub enum Who {
    /// A person signed in to the console.
    Person {
        /// Their account's id.
        id: i64,
        /// Their email (lower case).
        email: String,
        /// Their name.
        name: String,
        /// A clinician's provider id: their own schedule.
        provider: Option<String>,
    },
    /// A machine client with a staff key.
    Key {
        /// The key's id.
        id: i64,
    },
}

/// A request from staff of the clinic named in the path (`{clinic}`), with their role.
#[derive(Debug, Clone)]
pub struct StaffAuth {
    /// Who.
    pub who: Who,
    /// Their role.
    pub role: Role,
    /// The clinic.
    pub clinic: Arc<Clinic>,
}

impl StaffAuth {
    /// The audit log's actor: `staff:<email>` for a person, `key:<id>` for a machine client.
    pub fn actor(&self) -> String {
        match &self.who {
            Who::Person { email, .. } => format!("staff:{email}"),
            Who::Key { id } => format!("key:{id}"),
        }
    }

    /// Goes on when the role is one of `roles` (a manager may do everything); else a 403 that
    /// says what the route needs and who can help.
    pub fn allow(&self, roles: &[Role]) -> Result<(), AppError> {
        if self.role == Role::Manager || roles.contains(&self.role) {
            return Ok(());
        }
        let mut needed: Vec<&str> = roles.iter().map(|r| r.words()).collect();
        needed.push("manager");
        Err(AppError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::RoleNotAllowed,
            format!(
                "This needs a {} account, and you are signed in as {}. Ask a manager at {} if you need it.",
                needed.join(" or "),
                self.role.words(),
                self.clinic.clinic.name
            ),
        ))
    }

    /// The provider whose schedule alone this person may see: a clinician's own.
    pub fn own_provider(&self) -> Option<&str> {
        match (&self.who, self.role) {
            (Who::Person { provider, .. }, Role::Clinician) => provider.as_deref(),
            _ => None,
        }
    }
}

/// Which roles may reach a route: the marker of an [`As`] extractor.
pub trait Roles {
    /// The roles (a manager may always).
    const ROLES: &'static [Role];
}

/// Front desk work: the schedule's changes, phone bookings, blocked time, arrivals,
/// follow-ups, feedback links.
pub struct FrontDesk;
impl Roles for FrontDesk {
    const ROLES: &'static [Role] = &[Role::FrontDesk];
}

/// Clinical work: instruction packets.
pub struct Clinical;
impl Roles for Clinical {
    const ROLES: &'static [Role] = &[Role::Clinician];
}

/// Reading the schedule: front desk and clinicians (their own).
pub struct ScheduleReaders;
impl Roles for ScheduleReaders {
    const ROLES: &'static [Role] = &[Role::FrontDesk, Role::Clinician];
}

/// Managers only: staff accounts, the numbers, "you said, we did".
pub struct Managers;
impl Roles for Managers {
    const ROLES: &'static [Role] = &[Role::Manager];
}

/// A staff request whose role is one of `R`'s, checked before the body is read (so a role
/// that may not reach a route gets its 403 whatever it sent).
pub struct As<R>(pub StaffAuth, pub std::marker::PhantomData<R>);

impl<R: Roles + Send + Sync> FromRequestParts<AppState> for As<R> {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let auth = StaffAuth::from_request_parts(parts, state).await?;
        auth.allow(R::ROLES)?;
        Ok(As(auth, std::marker::PhantomData))
    }
}

/// The value of the session cookie, if the request has one.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.trim().to_string())
        .filter(|value| !value.is_empty())
}

/// The CSRF token of a session: derived from its secret, so it is never stored, and useless
/// without the cookie.
pub fn csrf_token(session: &str) -> String {
    tokens::hash(&format!("csrf/{session}"))
}

/// The `Set-Cookie` value that starts a session.
pub fn session_set_cookie(token: &str) -> String {
    format!(
        "{COOKIE_NAME}={token}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={}",
        SESSION_HOURS * 3600
    )
}

/// The `Set-Cookie` value that ends a session in the browser.
pub fn session_clear_cookie() -> String {
    format!("{COOKIE_NAME}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0")
}

fn signed_out(code: ErrorCode, message: String) -> AppError {
    AppError::new(StatusCode::UNAUTHORIZED, code, message)
}

impl FromRequestParts<AppState> for StaffAuth {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|e| match e {
                axum::extract::rejection::RawPathParamsRejection::InvalidUtf8InPathParam(_) => AppError::bad_request(
                    ErrorCode::InvalidPath,
                    "This address has a part that can't be read (it is not UTF-8). Clinic ids are letters, digits and dashes.",
                ),
                _ => AppError::internal("StaffAuth used on a route without {clinic}"),
            })?;
        let clinic_id = params
            .iter()
            .find(|(name, _)| *name == "clinic")
            .map(|(_, value)| value.to_string())
            .ok_or_else(|| AppError::internal("StaffAuth used on a route without {clinic}"))?;
        let clinic = find_clinic(state, &clinic_id)?;
        let id = &clinic.clinic.id;
        if let Some(key) = bearer_token(&parts.headers) {
            return key_auth(state, clinic, &key).await;
        }
        let Some(session) = session_cookie(&parts.headers) else {
            return Err(signed_out(
                ErrorCode::StaffKeyRequired,
                format!(
                    "This is for clinic staff. Sign in at {}/staff/{id}, or (for other systems) send a staff key in the header Authorization: Bearer pps_... (create one with: portal-server staff-key create --clinic-id {id}).",
                    state.public_url
                ),
            ));
        };
        let hash = tokens::hash(&session);
        let now = state.clock.now().timestamp();
        let again = format!("Please sign in again at {}/staff/{id}.", state.public_url);
        let Some(row) = crate::store::staff::session(&state.store.pool, &hash).await? else {
            return Err(signed_out(
                ErrorCode::SignedOut,
                format!("You are signed out. {again}"),
            ));
        };
        let idle = state.staff_idle_minutes * 60;
        if row.account.clinic_id != *id {
            return Err(signed_out(
                ErrorCode::SignedOut,
                format!("You are signed in to another clinic, not this one. {again}"),
            ));
        }
        if row.account.disabled_at.is_some() {
            crate::store::staff::end_session(&state.store.pool, &hash).await?;
            return Err(signed_out(
                ErrorCode::SignedOut,
                "Your account was turned off. Ask a manager if you still need it.".into(),
            ));
        }
        if now - row.last_seen_at > idle || now >= row.expires_at {
            crate::store::staff::end_session(&state.store.pool, &hash).await?;
            let why = if now >= row.expires_at {
                format!("You were signed out after {SESSION_HOURS} hours.")
            } else {
                format!(
                    "You were signed out after {} minutes without use, to keep patients' details safe.",
                    state.staff_idle_minutes
                )
            };
            return Err(signed_out(
                ErrorCode::SessionExpired,
                format!("{why} {again} Anything you had saved is kept."),
            ));
        }
        // Every change made with a session carries its CSRF token: a page on another site can
        // make the browser send the cookie (SameSite aside), never read the token.
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            if !tokens::same(sent, &csrf_token(&session)) {
                return Err(AppError::new(
                    StatusCode::FORBIDDEN,
                    ErrorCode::CsrfInvalid,
                    "This change was not sent by the staff page (its X-CSRF-Token header is missing or wrong), so nothing was changed. Reload the staff page and try again.",
                ));
            }
        }
        if now - row.last_seen_at >= 60 {
            crate::store::staff::touch(&state.store.pool, &hash, now).await?;
        }
        let role = Role::parse(&row.account.role)
            .ok_or_else(|| AppError::internal("a staff account with an unknown role"))?;
        Ok(StaffAuth {
            who: Who::Person {
                id: row.account.id,
                email: row.account.email,
                name: row.account.name,
                provider: row.account.provider_id,
            },
            role,
            clinic,
        })
    }
}

async fn key_auth(state: &AppState, clinic: Arc<Clinic>, key: &str) -> Result<StaffAuth, AppError> {
    let row = crate::store::staff_keys::by_key(&state.store.pool, key).await?;
    match row {
        Some(row) if row.clinic_id == clinic.clinic.id && row.revoked_at.is_none() => {
            let role = Role::parse(&row.role)
                .ok_or_else(|| AppError::internal("a staff key with an unknown role"))?;
            Ok(StaffAuth {
                who: Who::Key { id: row.id },
                role,
                clinic,
            })
        }
        _ => Err(AppError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::StaffKeyInvalid,
            format!(
                "This staff key does not work for \"{}\": it is wrong, revoked, or made for another clinic. Check that you pasted the whole key, or ask your administrator for a new one.",
                clinic.clinic.id
            ),
        )),
    }
}
