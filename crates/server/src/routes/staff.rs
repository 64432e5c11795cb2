//! Staff accounts and sessions: sign in and out, who is signed in, setting a password from a
//! one-time link, and (for managers) adding accounts, resetting passwords and turning
//! accounts off. Every sign-in, failed or not, and every change is in the audit log.

use axum::extract::State;
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Duration;
use portal_core::api::{ErrorBody, ErrorCode, FieldError};
use serde::{Deserialize, Serialize};

use super::catalog::find_clinic;
use crate::client_addr::ClientAddr;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath};
use crate::staff::accounts::{self, AddAccount, AddRefused};
use crate::staff::{self, passwords, As, Managers, StaffAuth, Who};
use crate::startup::AppState;
use crate::store::{audit, staff as store};
use crate::tokens;

/// The account and session routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/clinics/{clinic}/staff/sign-in", post(sign_in))
        .route("/api/v1/clinics/{clinic}/staff/sign-out", post(sign_out))
        .route("/api/v1/clinics/{clinic}/staff/me", get(me))
        .route("/api/v1/clinics/{clinic}/staff/setup", post(setup_email))
        .route(
            "/api/v1/clinics/{clinic}/staff/password",
            post(set_password),
        )
        .route(
            "/api/v1/clinics/{clinic}/staff/accounts",
            get(list).post(add),
        )
        .route(
            "/api/v1/clinics/{clinic}/staff/accounts/{id}/reset",
            post(reset),
        )
        .route(
            "/api/v1/clinics/{clinic}/staff/accounts/{id}/disable",
            post(disable),
        )
}

/// A staff account as the console shows it.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Account {
    /// The account's id.
    pub id: i64,
    /// The email they sign in with.
    pub email: String,
    /// Their name.
    pub name: String,
    /// `front_desk`, `clinician` or `manager`.
    pub role: String,
    /// A clinician's provider id.
    pub provider: Option<String>,
    /// `active`, `waiting_for_password` (the set-password link is not used yet), `locked`
    /// (wrong passwords) or `off`.
    pub state: String,
}

impl Account {
    fn of(row: &store::AccountRow, now: i64) -> Account {
        let state = if row.disabled_at.is_some() {
            "off"
        } else if !row.has_password {
            "waiting_for_password"
        } else if row.locked_until.is_some_and(|until| until > now) {
            "locked"
        } else {
            "active"
        };
        Account {
            id: row.id,
            email: row.email.clone(),
            name: row.name.clone(),
            role: row.role.clone(),
            provider: row.provider_id.clone(),
            state: state.into(),
        }
    }
}

/// Who is signed in, and the token every change must carry.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Session {
    /// The account.
    pub account: Account,
    /// The clinic's id.
    pub clinic: String,
    /// The clinic's name.
    pub clinic_name: String,
    /// The clinic's IANA time zone.
    pub timezone: String,
    /// Send this in the `X-CSRF-Token` header with every change (POST).
    pub csrf_token: String,
    /// Minutes without use after which the session ends.
    pub idle_minutes: i64,
}

impl Session {
    fn of(
        state: &AppState,
        config: &portal_core::clinic::ClinicConfig,
        row: &store::AccountRow,
        token: &str,
    ) -> Session {
        Session {
            account: Account::of(row, state.clock.now().timestamp()),
            clinic: config.clinic.id.clone(),
            clinic_name: config.clinic.name.clone(),
            timezone: config.clinic.timezone.name().to_string(),
            csrf_token: staff::csrf_token(token),
            idle_minutes: state.staff_idle_minutes,
        }
    }
}

/// `POST .../staff/sign-in`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SignIn {
    /// The email of the account.
    pub email: String,
    /// Its password.
    pub password: String,
}

/// Signs in: a session cookie (HttpOnly, Secure, SameSite=Strict) and the CSRF token.
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/staff/sign-in",
    tag = "staff",
    params(("clinic" = String, Path, description = "The clinic's id")),
    request_body = SignIn,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = Session),
        (status = 401, description = "`sign_in_failed`: the email and password do not match an account", body = ErrorBody),
        (status = 429, description = "`sign_in_locked` (5 wrong passwords in a row lock the account for 15 minutes) or `rate_limited`; see Retry-After", body = ErrorBody),
    )
)]
pub async fn sign_in(
    State(state): State<AppState>,
    ApiPath(clinic): ApiPath<String>,
    ClientAddr(client): ClientAddr,
    ApiJson(request): ApiJson<SignIn>,
) -> Result<Response, AppError> {
    let config = find_clinic(&state, &clinic)?;
    let phone = &config.clinic.phone;
    if !state.sign_in_limiter.allows(&client.to_string()).await {
        return Err(AppError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
            "Too many sign-ins were tried from this computer in a short time. Please wait a minute and try again.",
        ));
    }
    let db = &state.store.pool;
    let now = state.clock.now();
    let email = request.email.trim().to_lowercase();
    let found = store::credentials(db, &config.clinic.id, &email).await?;
    if let Some(until) = found
        .as_ref()
        .and_then(|c| c.locked_until)
        .filter(|until| *until > now.timestamp())
    {
        let minutes = ((until - now.timestamp()) + 59) / 60;
        let mut response = AppError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::SignInLocked,
            format!(
                "This account is locked for {minutes} more minute(s) after {} wrong passwords in a row. Try again then, or ask a manager to reset your password (or call {phone}).",
                staff::LOCK_AFTER
            ),
        )
        .into_response();
        if let Ok(value) = HeaderValue::from_str(&(until - now.timestamp()).to_string()) {
            response.headers_mut().insert(RETRY_AFTER, value);
        }
        return Ok(response);
    }
    let usable = found.as_ref().filter(|c| c.disabled_at.is_none());
    let hash = usable.and_then(|c| c.password_hash.clone());
    if !passwords::verify(request.password, hash).await {
        if let Some(account) = usable {
            let until = (now + Duration::minutes(staff::LOCK_MINUTES)).timestamp();
            let failures = store::sign_in_failed(db, account.id, staff::LOCK_AFTER, until).await?;
            audit::record_subject(
                db,
                &config.clinic.id,
                &format!("staff:{email}"),
                "staff.sign_in_failed",
                None,
            )
            .await?;
            // Slower with every wrong password in a row: guessing gets no faster from here.
            let pause = 250 * failures.min(8) as u64;
            tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
        }
        return Err(AppError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::SignInFailed,
            format!(
                "That email and password do not match an account at {}. Check both and try again; after {} wrong tries in a row the account locks for {} minutes. Forgot your password? Ask a manager to reset it.",
                config.clinic.name,
                staff::LOCK_AFTER,
                staff::LOCK_MINUTES
            ),
        ));
    }
    let account = usable.ok_or_else(|| AppError::internal("a password matched no account"))?;
    let token = tokens::new_secret();
    let expires = (now + Duration::hours(staff::SESSION_HOURS)).timestamp();
    store::sign_in(
        db,
        account.id,
        &tokens::hash(&token),
        now.timestamp(),
        expires,
    )
    .await?;
    audit::record_subject(
        db,
        &config.clinic.id,
        &format!("staff:{email}"),
        "staff.sign_in",
        None,
    )
    .await?;
    let row = store::find(db, account.id)
        .await?
        .ok_or_else(|| AppError::internal("a signed-in account vanished"))?;
    let session = Session::of(&state, &config, &row, &token);
    let mut response = Json(session).into_response();
    let cookie =
        HeaderValue::from_str(&staff::session_set_cookie(&token)).map_err(AppError::internal)?;
    response.headers_mut().insert(SET_COOKIE, cookie);
    Ok(response)
}

/// Signs out: the session ends on the server and the cookie is cleared.
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/staff/sign-out",
    tag = "staff",
    params(("clinic" = String, Path, description = "The clinic's id")),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "`csrf_invalid`", body = ErrorBody),
    )
)]
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    auth: StaffAuth,
) -> Result<Response, AppError> {
    if let Some(token) = staff::session_cookie(&headers) {
        store::end_session(&state.store.pool, &tokens::hash(&token)).await?;
    }
    audit::record_subject(
        &state.store.pool,
        &auth.clinic.clinic.id,
        &auth.actor(),
        "staff.sign_out",
        None,
    )
    .await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    let cookie =
        HeaderValue::from_str(&staff::session_clear_cookie()).map_err(AppError::internal)?;
    response.headers_mut().insert(SET_COOKIE, cookie);
    Ok(response)
}

/// Who is signed in (the console asks when it opens, so a reload keeps the session).
#[utoipa::path(
    get,
    path = "/api/v1/clinics/{clinic}/staff/me",
    tag = "staff",
    params(("clinic" = String, Path, description = "The clinic's id")),
    responses(
        (status = 200, description = "The signed-in account and the CSRF token", body = Session),
        (status = 401, description = "Not signed in, or the session ended (`session_expired`)", body = ErrorBody),
    )
)]
pub async fn me(
    State(state): State<AppState>,
    headers: HeaderMap,
    auth: StaffAuth,
) -> Result<Json<Session>, AppError> {
    let (Who::Person { id, .. }, Some(token)) = (&auth.who, staff::session_cookie(&headers)) else {
        return Err(AppError::bad_request(
            ErrorCode::NotASession,
            "This tells the console who is signed in; a staff key has no session.",
        ));
    };
    let row = store::find(&state.store.pool, *id)
        .await?
        .ok_or_else(|| AppError::internal("a signed-in account vanished"))?;
    Ok(Json(Session::of(&state, &auth.clinic, &row, &token)))
}

/// `POST .../staff/setup` and `.../staff/password`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SetPassword {
    /// The code from the set-password link (after `#setup=`).
    pub code: String,
    /// The new password (for `.../staff/password`).
    #[serde(default)]
    pub password: Option<String>,
}

/// The email a set-password link is for.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SetupFor {
    /// The account's email.
    pub email: String,
}

fn setup_gone(config: &portal_core::clinic::ClinicConfig) -> AppError {
    AppError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::SetupLinkInvalid,
        format!(
            "This set-password link does not work: it was used already, is older than {} hours, or was replaced by a newer one. Ask a manager at {} for a new link.",
            staff::SETUP_HOURS,
            config.clinic.name
        ),
    )
}

/// Which account a set-password link is for, while it works.
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/staff/setup",
    tag = "staff",
    params(("clinic" = String, Path, description = "The clinic's id")),
    request_body = SetPassword,
    responses(
        (status = 200, description = "The account's email", body = SetupFor),
        (status = 404, description = "`setup_link_invalid`", body = ErrorBody),
    )
)]
pub async fn setup_email(
    State(state): State<AppState>,
    ApiPath(clinic): ApiPath<String>,
    ApiJson(request): ApiJson<SetPassword>,
) -> Result<Json<SetupFor>, AppError> {
    let config = find_clinic(&state, &clinic)?;
    let now = state.clock.now().timestamp();
    match store::setup_email(
        &state.store.pool,
        &config.clinic.id,
        request.code.trim(),
        now,
    )
    .await?
    {
        Some(email) => Ok(Json(SetupFor { email })),
        None => Err(setup_gone(&config)),
    }
}

/// Sets a password with a set-password link's code; the code is used up.
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/staff/password",
    tag = "staff",
    params(("clinic" = String, Path, description = "The clinic's id")),
    request_body = SetPassword,
    responses(
        (status = 200, description = "The password is set; sign in with it", body = Account),
        (status = 404, description = "`setup_link_invalid`", body = ErrorBody),
        (status = 422, description = "`invalid_fields`: the password breaks a rule (see `fields`)", body = ErrorBody),
    )
)]
pub async fn set_password(
    State(state): State<AppState>,
    ApiPath(clinic): ApiPath<String>,
    ApiJson(request): ApiJson<SetPassword>,
) -> Result<Json<Account>, AppError> {
    let config = find_clinic(&state, &clinic)?;
    let db = &state.store.pool;
    let now = state.clock.now().timestamp();
    let code = request.code.trim();
    let Some(email) = store::setup_email(db, &config.clinic.id, code, now).await? else {
        return Err(setup_gone(&config));
    };
    let password = request.password.unwrap_or_default();
    if let Some(problem) = passwords::problem(&password, &email) {
        return Err(AppError::invalid_fields(vec![FieldError {
            path: "password".into(),
            message: problem,
        }]));
    }
    let hash = passwords::hash(password)
        .await
        .map_err(AppError::internal)?;
    let Some(row) = store::set_password(db, &config.clinic.id, code, &hash, now).await? else {
        return Err(setup_gone(&config));
    };
    audit::record_subject(
        db,
        &config.clinic.id,
        &format!("staff:{}", row.email),
        "staff.password_set",
        Some(&format!("staff_account:{}", row.id)),
    )
    .await?;
    Ok(Json(Account::of(&row, now)))
}

/// A clinic's staff accounts (managers only).
#[utoipa::path(
    get,
    path = "/api/v1/clinics/{clinic}/staff/accounts",
    tag = "staff",
    params(("clinic" = String, Path, description = "The clinic's id")),
    security(("staff_session" = []), ("staff_key" = [])),
    responses(
        (status = 200, description = "The accounts, active first", body = [Account]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "`role_not_allowed`: managers only", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    As(auth, _): As<Managers>,
) -> Result<Json<Vec<Account>>, AppError> {
    let now = state.clock.now().timestamp();
    let rows = store::list(&state.store.pool, &auth.clinic.clinic.id).await?;
    Ok(Json(rows.iter().map(|row| Account::of(row, now)).collect()))
}

/// `POST .../staff/accounts`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewAccountRequest {
    /// Their email.
    pub email: String,
    /// Their name.
    #[serde(default)]
    pub name: String,
    /// `front_desk`, `clinician` or `manager`.
    pub role: String,
    /// For a clinician: their provider id.
    #[serde(default)]
    pub provider: Option<String>,
}

/// A new account (or a reset one) and the link that sets its password.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WithSetupLink {
    /// The account.
    pub account: Account,
    /// Give this link to the person (it works once, for 72 hours); it is not shown again.
    pub setup_link: String,
}

/// Adds an account (managers only); the answer has its one-time set-password link.
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/staff/accounts",
    tag = "staff",
    params(("clinic" = String, Path, description = "The clinic's id")),
    request_body = NewAccountRequest,
    security(("staff_session" = []), ("staff_key" = [])),
    responses(
        (status = 201, description = "Added", body = WithSetupLink),
        (status = 403, description = "`role_not_allowed` or `csrf_invalid`", body = ErrorBody),
        (status = 409, description = "`account_exists`", body = ErrorBody),
        (status = 422, description = "`invalid_fields`", body = ErrorBody),
    )
)]
pub async fn add(
    State(state): State<AppState>,
    As(auth, _): As<Managers>,
    ApiJson(request): ApiJson<NewAccountRequest>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let account = AddAccount {
        email: &request.email,
        name: &request.name,
        role: &request.role,
        provider: request.provider.as_deref(),
    };
    let db = &state.store.pool;
    let (row, code) = match accounts::add(db, &auth.clinic, &account, &auth.actor(), now).await {
        Ok(added) => added,
        Err(AddRefused::Fields(fields)) => return Err(AppError::invalid_fields(fields)),
        Err(AddRefused::Exists) => {
            return Err(AppError::new(
                StatusCode::CONFLICT,
                ErrorCode::AccountExists,
                format!(
                    "{} already has an account here. To let them in again, reset its password.",
                    request.email.trim()
                ),
            ))
        }
        Err(AddRefused::Database(e)) => return Err(e.into()),
    };
    audit::record_subject(
        db,
        &auth.clinic.clinic.id,
        &auth.actor(),
        "staff.account_add",
        Some(&format!("staff_account:{}", row.id)),
    )
    .await?;
    let body = WithSetupLink {
        account: Account::of(&row, now.timestamp()),
        setup_link: accounts::setup_link(&state.public_url, &auth.clinic.clinic.id, &code),
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// The path of one account.
#[derive(Debug, Deserialize)]
pub struct AccountPath {
    /// The clinic's id.
    pub clinic: String,
    /// The account's id.
    pub id: i64,
}

/// Resets an account's password (managers only): the old password and every session of the
/// account stop at once, and the answer has a new set-password link.
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/staff/accounts/{id}/reset",
    tag = "staff",
    params(("clinic" = String, Path, description = "The clinic's id"), ("id" = i64, Path, description = "The account's id")),
    security(("staff_session" = []), ("staff_key" = [])),
    responses(
        (status = 200, description = "Reset", body = WithSetupLink),
        (status = 403, description = "`role_not_allowed` or `csrf_invalid`", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
    )
)]
pub async fn reset(
    State(state): State<AppState>,
    As(auth, _): As<Managers>,
    ApiPath(path): ApiPath<AccountPath>,
) -> Result<Json<WithSetupLink>, AppError> {
    let db = &state.store.pool;
    let now = state.clock.now();
    let code = tokens::new_secret();
    let until = (now + Duration::hours(staff::SETUP_HOURS)).timestamp();
    let clinic = &auth.clinic.clinic.id;
    if !store::reset(db, clinic, path.id, &tokens::hash(&code), until).await? {
        return Err(AppError::not_found(
            "There is no staff account with this id here.",
        ));
    }
    audit::record_subject(
        db,
        clinic,
        &auth.actor(),
        "staff.password_reset",
        Some(&format!("staff_account:{}", path.id)),
    )
    .await?;
    let row = store::find(db, path.id)
        .await?
        .ok_or_else(|| AppError::internal("a reset account vanished"))?;
    Ok(Json(WithSetupLink {
        account: Account::of(&row, now.timestamp()),
        setup_link: accounts::setup_link(&state.public_url, clinic, &code),
    }))
}

/// Turns an account off (managers only); its sessions end at once.
#[utoipa::path(
    post,
    path = "/api/v1/clinics/{clinic}/staff/accounts/{id}/disable",
    tag = "staff",
    params(("clinic" = String, Path, description = "The clinic's id"), ("id" = i64, Path, description = "The account's id")),
    security(("staff_session" = []), ("staff_key" = [])),
    responses(
        (status = 200, description = "Turned off", body = Account),
        (status = 403, description = "`role_not_allowed` or `csrf_invalid`", body = ErrorBody),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 422, description = "`own_account`: managers cannot turn off their own account", body = ErrorBody),
    )
)]
pub async fn disable(
    State(state): State<AppState>,
    As(auth, _): As<Managers>,
    ApiPath(path): ApiPath<AccountPath>,
) -> Result<Json<Account>, AppError> {
    if matches!(auth.who, Who::Person { id, .. } if id == path.id) {
        return Err(AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::OwnAccount,
            "You cannot turn off your own account; ask another manager.",
        ));
    }
    let db = &state.store.pool;
    let now = state.clock.now().timestamp();
    let clinic = &auth.clinic.clinic.id;
    if !store::set_disabled(db, clinic, path.id, Some(now)).await? {
        return Err(AppError::not_found(
            "There is no staff account with this id here.",
        ));
    }
    audit::record_subject(
        db,
        clinic,
        &auth.actor(),
        "staff.account_disable",
        Some(&format!("staff_account:{}", path.id)),
    )
    .await?;
    let row = store::find(db, path.id)
        .await?
        .ok_or_else(|| AppError::internal("a turned-off account vanished"))?;
    Ok(Json(Account::of(&row, now)))
}
