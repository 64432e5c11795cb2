//! Staff accounts and their sessions: every query of `staff_accounts` and `staff_sessions`.
//! Passwords are kept only as argon2id hashes, session tokens and set-password codes only as
//! SHA-256 hashes.

use super::Pool;
use crate::tokens;

/// One staff account, as the console lists it (never a hash).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountRow {
    /// The account's id.
    pub id: i64,
    /// The clinic.
    pub clinic_id: String,
    /// The email they sign in with, in lower case.
    pub email: String,
    /// Their name, as colleagues know them.
    pub name: String,
    /// `front_desk`, `clinician` or `manager`.
    pub role: String,
    /// A clinician's provider id (their own schedule).
    pub provider_id: Option<String>,
    /// Whether a password is set (false until the set-password link is used).
    #[sqlx(try_from = "super::Flag")]
    pub has_password: bool,
    /// UTC seconds.
    pub created_at: i64,
    /// UTC seconds, once turned off.
    pub disabled_at: Option<i64>,
    /// UTC seconds until which sign-in is refused after failed tries.
    pub locked_until: Option<i64>,
}

const COLUMNS: &str = "id, clinic_id, email, name, role, provider_id,
    CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END AS has_password, created_at, disabled_at, locked_until";

/// What signing in needs of an account.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Credentials {
    /// The account's id.
    pub id: i64,
    /// The argon2id hash, when a password is set.
    pub password_hash: Option<String>,
    /// Failed tries since the last success.
    pub failed_sign_ins: i64,
    /// UTC seconds until which sign-in is refused.
    pub locked_until: Option<i64>,
    /// UTC seconds, once turned off.
    pub disabled_at: Option<i64>,
}

/// A new account.
pub struct NewAccount<'a> {
    /// The clinic.
    pub clinic: &'a str,
    /// Lower-case email.
    pub email: &'a str,
    /// Their name.
    pub name: &'a str,
    /// The role's name.
    pub role: &'a str,
    /// A clinician's provider.
    pub provider: Option<&'a str>,
    /// The SHA-256 of the set-password code.
    pub setup_hash: &'a str,
    /// When the code stops working.
    pub setup_expires_at: i64,
    /// Who made it (`staff:<email>`, `key:<id>` or `cli`).
    pub created_by: &'a str,
    /// Now.
    pub now: i64,
}

/// Creates an account without a password; `Ok(None)` when the clinic has one with this email.
pub async fn create(db: &Pool, new: &NewAccount<'_>) -> Result<Option<AccountRow>, sqlx::Error> {
    let id: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO staff_accounts (clinic_id, email, name, role, provider_id, setup_hash, setup_expires_at, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (clinic_id, email) DO NOTHING RETURNING id",
    )
    .bind(new.clinic)
    .bind(new.email)
    .bind(new.name)
    .bind(new.role)
    .bind(new.provider)
    .bind(new.setup_hash)
    .bind(new.setup_expires_at)
    .bind(new.now)
    .bind(new.created_by)
    .fetch_optional(db)
    .await?;
    match id {
        Some((id,)) => find(db, id).await,
        None => Ok(None),
    }
}

/// One account by id.
pub async fn find(db: &Pool, id: i64) -> Result<Option<AccountRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM staff_accounts WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await
}

/// A clinic's accounts, by name.
pub async fn list(db: &Pool, clinic: &str) -> Result<Vec<AccountRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM staff_accounts WHERE clinic_id = $1 ORDER BY disabled_at IS NOT NULL, name, email"
    ))
    .bind(clinic)
    .fetch_all(db)
    .await
}

/// What signing in needs of the account with this email at this clinic.
pub async fn credentials(
    db: &Pool,
    clinic: &str,
    email: &str,
) -> Result<Option<Credentials>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, password_hash, failed_sign_ins, locked_until, disabled_at FROM staff_accounts
         WHERE clinic_id = $1 AND email = $2",
    )
    .bind(clinic)
    .bind(email)
    .fetch_optional(db)
    .await
}

/// Counts a failed sign-in; from the `lock_after`th in a row, locks the account until
/// `locked_until`. Returns the count.
pub async fn sign_in_failed(
    db: &Pool,
    id: i64,
    lock_after: i64,
    locked_until: i64,
) -> Result<i64, sqlx::Error> {
    let (count,): (i64,) = sqlx::query_as(
        "UPDATE staff_accounts SET failed_sign_ins = failed_sign_ins + 1,
            locked_until = CASE WHEN failed_sign_ins + 1 >= $2 THEN $3 ELSE locked_until END
         WHERE id = $1 RETURNING failed_sign_ins",
    )
    .bind(id)
    .bind(lock_after)
    .bind(locked_until)
    .fetch_one(db)
    .await?;
    Ok(count)
}

/// A good sign-in: the failed count starts again, and a new session is kept (by its hash).
pub async fn sign_in(
    db: &Pool,
    id: i64,
    token_hash: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE staff_accounts SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO staff_sessions (token_hash, account_id, created_at, last_seen_at, expires_at)
         VALUES ($1, $2, $3, $3, $4)",
    )
    .bind(token_hash)
    .bind(id)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// A live session: the account and when it was last used.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    /// The account.
    #[sqlx(flatten)]
    pub account: AccountRow,
    /// UTC seconds of the last request.
    pub last_seen_at: i64,
    /// UTC seconds after which the session ends however it is used.
    pub expires_at: i64,
}

/// The session with this token's hash, with its account.
pub async fn session(db: &Pool, token_hash: &str) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id, a.clinic_id, a.email, a.name, a.role, a.provider_id,
            CASE WHEN a.password_hash IS NULL THEN 0 ELSE 1 END AS has_password, a.created_at, a.disabled_at,
            a.locked_until, s.last_seen_at, s.expires_at
         FROM staff_sessions s JOIN staff_accounts a ON a.id = s.account_id WHERE s.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(db)
    .await
}

/// Notes that a session was used now.
pub async fn touch(db: &Pool, token_hash: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE staff_sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(now)
        .bind(token_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// Ends one session.
pub async fn end_session(db: &Pool, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// Starts a password reset: the password and every session end, and a new set-password code
/// (by its hash) works until `expires_at`. `Ok(false)` when the clinic has no such account.
pub async fn reset(
    db: &Pool,
    clinic: &str,
    id: i64,
    setup_hash: &str,
    expires_at: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE staff_accounts SET password_hash = NULL, setup_hash = $1, setup_expires_at = $2,
            failed_sign_ins = 0, locked_until = NULL
         WHERE id = $3 AND clinic_id = $4",
    )
    .bind(setup_hash)
    .bind(expires_at)
    .bind(id)
    .bind(clinic)
    .execute(&mut *tx)
    .await?;
    end_sessions_of(&mut tx, id).await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// Ends every session of an account (its password was reset, or it was turned off).
async fn end_sessions_of(tx: &mut super::Conn, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM staff_sessions WHERE account_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Turns an account off (its sessions end) or on again. `Ok(false)` when there is none.
pub async fn set_disabled(
    db: &Pool,
    clinic: &str,
    id: i64,
    disabled_at: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let done =
        sqlx::query("UPDATE staff_accounts SET disabled_at = $1 WHERE id = $2 AND clinic_id = $3")
            .bind(disabled_at)
            .bind(id)
            .bind(clinic)
            .execute(&mut *tx)
            .await?;
    end_sessions_of(&mut tx, id).await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// Sets the password of the account whose set-password code this is, if the code still works;
/// the code is used up. Returns the account.
pub async fn set_password(
    db: &Pool,
    clinic: &str,
    code: &str,
    password_hash: &str,
    now: i64,
) -> Result<Option<AccountRow>, sqlx::Error> {
    let id: Option<(i64,)> = sqlx::query_as(
        "UPDATE staff_accounts SET password_hash = $1, setup_hash = NULL, setup_expires_at = NULL,
            failed_sign_ins = 0, locked_until = NULL
         WHERE clinic_id = $2 AND setup_hash = $3 AND setup_expires_at > $4 AND disabled_at IS NULL
         RETURNING id",
    )
    .bind(password_hash)
    .bind(clinic)
    .bind(tokens::hash(code))
    .bind(now)
    .fetch_optional(db)
    .await?;
    match id {
        Some((id,)) => find(db, id).await,
        None => Ok(None),
    }
}

/// The email of the account a set-password code is for, while the code works.
pub async fn setup_email(
    db: &Pool,
    clinic: &str,
    code: &str,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT email FROM staff_accounts
         WHERE clinic_id = $1 AND setup_hash = $2 AND setup_expires_at > $3 AND disabled_at IS NULL",
    )
    .bind(clinic)
    .bind(tokens::hash(code))
    .bind(now)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(email,)| email))
}
