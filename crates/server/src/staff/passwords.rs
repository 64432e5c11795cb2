//! Staff passwords: hashed with argon2id (the argon2 crate's defaults, OWASP's minimum: 19 MiB,
//! two passes), checked off the async threads, and the rules a new password must meet.

use std::sync::OnceLock;

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Argon2, PasswordVerifier};

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 12;
/// The longest password accepted (long enough for any passphrase, short enough to hash).
pub const MAX_LENGTH: usize = 200;

/// What is wrong with a new password, in words for the person choosing it; `None` when it is
/// fine.
pub fn problem(password: &str, email: &str) -> Option<String> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Some(format!(
            "Use at least {MIN_LENGTH} characters (this has {length}). A few words you will remember make a good one."
        ));
    }
    if length > MAX_LENGTH {
        return Some(format!("Use at most {MAX_LENGTH} characters."));
    }
    let lower = password.to_lowercase();
    let name = email.split('@').next().unwrap_or_default();
    if lower == email || (name.len() >= 4 && lower.contains(name)) {
        return Some("Use a password that does not contain your email address.".into());
    }
    if password
        .chars()
        .all(|c| c == password.chars().next().unwrap_or(c))
    {
        return Some("Use a password that is not one character repeated.".into());
    }
    None
}

/// The argon2id hash (PHC string) of a password, made on a blocking thread.
pub async fn hash(password: String) -> Result<String, String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| format!("hashing a password: {e}"))
    })
    .await
    .map_err(|e| format!("hashing a password: {e}"))?
}

/// Whether `password` matches `hash`, checked on a blocking thread. With no hash (no such
/// account, or no password set yet) a made-up hash is checked, so the answer takes as long.
pub async fn verify(password: String, hash: Option<String>) -> bool {
    let known = hash.is_some();
    let checked = tokio::task::spawn_blocking(move || {
        let hash = hash.unwrap_or_else(|| stand_in().to_string());
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false);
    known && checked
}

/// The hash checked when there is none, made once.
fn stand_in() -> &'static str {
    static STAND_IN: OnceLock<String> = OnceLock::new();
    STAND_IN.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"no account has this password", &salt)
            .map(|hash| hash.to_string())
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let hash = hash("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify("correct horse battery".into(), Some(hash.clone())).await);
        assert!(!verify("correct horse battery!".into(), Some(hash)).await);
        assert!(!verify("anything".into(), None).await);
    }

    #[test]
    fn the_rules_say_what_to_change() {
        assert!(problem("short", "a@b.example")
            .unwrap()
            .contains("at least 12"));
        assert!(problem("aaaaaaaaaaaaaaa", "a@b.example").is_some());
        assert!(problem("maria.lopez-2026!", "maria.lopez@clinic.example").is_some());
        assert_eq!(
            problem("blue kettle on a hill", "maria@clinic.example"),
            None
        );
    }
}
