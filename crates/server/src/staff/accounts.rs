//! Adding a staff account, the one way both the console (a manager) and the command line
//! (`portal-server staff add`, for the first manager) do it: the details checked, the account
//! made without a password, and a one-time set-password link to hand to the person.

use chrono::{DateTime, Duration, Utc};
use portal_core::api::FieldError;
use portal_core::clinic::ClinicConfig;

use super::{Role, SETUP_HOURS};
use crate::store::staff::{AccountRow, NewAccount};
use crate::store::Pool;
use crate::tokens;

/// An account to add, as typed.
#[derive(Debug, Clone)]
pub struct AddAccount<'a> {
    /// Their email.
    pub email: &'a str,
    /// Their name (the email's first part when empty).
    pub name: &'a str,
    /// The role's name: `front_desk`, `clinician` or `manager`.
    pub role: &'a str,
    /// For a clinician: their provider id at this clinic.
    pub provider: Option<&'a str>,
}

/// Why an account was not added.
#[derive(Debug)]
pub enum AddRefused {
    /// Fields to fix.
    Fields(Vec<FieldError>),
    /// The clinic already has an account with this email.
    Exists,
    /// The database failed.
    Database(sqlx::Error),
}

/// The link that sets a new account's password (or a reset one's): the code is in the
/// fragment, which browsers never send to a server or put in its logs.
pub fn setup_link(public_url: &str, clinic: &str, code: &str) -> String {
    format!("{public_url}/staff/{clinic}#setup={code}")
}

/// Checks and adds an account; returns it with its one-time set-password code.
pub async fn add(
    db: &Pool,
    config: &ClinicConfig,
    account: &AddAccount<'_>,
    created_by: &str,
    now: DateTime<Utc>,
) -> Result<(AccountRow, String), AddRefused> {
    let mut fields = Vec::new();
    let mut field = |path: &str, message: String| {
        fields.push(FieldError {
            path: path.into(),
            message,
        })
    };
    let email = account.email.trim().to_lowercase();
    if portal_core::patient::Email::parse(&email).is_err() {
        field(
            "email",
            format!(
                "\"{}\" is not an email address; write it like name@clinic.example",
                account.email
            ),
        );
    }
    let role = Role::parse(account.role);
    if role.is_none() {
        field(
            "role",
            format!(
                "\"{}\" is not a role; use front_desk, clinician or manager",
                account.role
            ),
        );
    }
    let provider = account.provider.map(str::trim).filter(|p| !p.is_empty());
    if let Some(provider) = provider {
        if config.provider(provider).is_none() {
            let ids: Vec<&str> = config.providers.iter().map(|p| p.id.as_str()).collect();
            field(
                "provider",
                format!(
                    "\"{provider}\" is not a provider at this clinic; use one of: {}",
                    ids.join(", ")
                ),
            );
        }
    } else if role == Some(Role::Clinician) {
        let ids: Vec<&str> = config.providers.iter().map(|p| p.id.as_str()).collect();
        field(
            "provider",
            format!(
                "A clinician's account shows their own schedule: name their provider id, one of: {}",
                ids.join(", ")
            ),
        );
    }
    let name = account.name.trim();
    if name.chars().count() > 100 {
        field("name", "Use at most 100 characters.".into());
    }
    let (Some(role), true) = (role, fields.is_empty()) else {
        return Err(AddRefused::Fields(fields));
    };
    let name = if name.is_empty() {
        email.split('@').next().unwrap_or_default()
    } else {
        name
    };
    let code = tokens::new_secret();
    let new = NewAccount {
        clinic: &config.clinic.id,
        email: &email,
        name,
        role: role.as_str(),
        provider: provider.filter(|_| role == Role::Clinician),
        setup_hash: &tokens::hash(&code),
        setup_expires_at: (now + Duration::hours(SETUP_HOURS)).timestamp(),
        created_by,
        now: now.timestamp(),
    };
    match crate::store::staff::create(db, &new).await {
        Ok(Some(row)) => Ok((row, code)),
        Ok(None) => Err(AddRefused::Exists),
        Err(e) => Err(AddRefused::Database(e)),
    }
}
