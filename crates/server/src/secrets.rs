//! The server's own secret, and the two keys derived from it:
//!
//! - the **patient key** hashes a patient's normalised name and birth date for the per-patient
//!   booking limit (HMAC-SHA256), so the stored hash cannot be recomputed by someone who knows a
//!   name and a birth date but not the secret;
//! - the **token key** seals the manage token kept with an Idempotency-Key's reply
//!   (ChaCha20-Poly1305), so a retried booking gets back the very link that already works.
//!
//! The secret comes from `--secret-key-file` (64 hex characters; every server of one database
//! must use the same file), or, when none is given, is made once and kept in the database's
//! `server_secrets` table, where every server on that database finds it.

use std::path::Path;

use crate::store::Pool;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// The keys derived from the server's secret.
#[derive(Clone)]
pub struct ServerKeys {
    patient: [u8; 32],
    token: [u8; 32],
}

impl std::fmt::Debug for ServerKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerKeys(..)")
    }
}

/// The prefix of patient keys made by [`ServerKeys::patient_key`]; older rows lack it and are
/// re-keyed at start (see [`crate::booking::rekey_patients`]).
pub const PATIENT_KEY_PREFIX: &str = "v2:";

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    for part in parts {
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

impl ServerKeys {
    /// Keys derived from a 32-byte secret.
    pub fn from_secret(secret: &[u8; 32]) -> ServerKeys {
        ServerKeys {
            patient: hmac(secret, &[b"patient-key"]),
            token: hmac(secret, &[b"token-seal"]),
        }
    }

    /// The secret from `file` (64 hex characters), or the database's own (made on first use).
    pub async fn load(db: &Pool, file: Option<&Path>) -> Result<ServerKeys, String> {
        let secret = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    format!("--secret-key-file {}: cannot read it ({e})", path.display())
                })?;
                parse_secret(text.trim()).ok_or_else(|| {
                    format!(
                        "--secret-key-file {}: it must hold 64 hex characters (32 random bytes); make one with: openssl rand -hex 32",
                        path.display()
                    )
                })?
            }
            None => {
                let mut fresh = [0u8; 32];
                rand::rngs::OsRng.fill_bytes(&mut fresh);
                let stored = crate::store::secrets::main_secret(db, &hex::encode(fresh))
                    .await
                    .map_err(|e| format!("cannot keep the server's secret in the database: {e}"))?;
                parse_secret(&stored)
                    .ok_or("the server's secret in the database is damaged (server_secrets.main)")?
            }
        };
        Ok(ServerKeys::from_secret(&secret))
    }

    /// The key that counts a patient's bookings: a keyed hash of the name as
    /// [`portal_core::patient::name_for_matching`] reads it, and the birth date.
    pub fn patient_key(&self, name: &str, date_of_birth: chrono::NaiveDate) -> String {
        let name = portal_core::patient::name_for_matching(name);
        let born = date_of_birth.format("%Y-%m-%d").to_string();
        format!(
            "{PATIENT_KEY_PREFIX}{}",
            hex::encode(hmac(&self.patient, &[name.as_bytes(), born.as_bytes()]))
        )
    }

    /// `secret` encrypted and authenticated for keeping, bound to `context` (like the
    /// Idempotency-Key's row): hex of nonce and ciphertext.
    pub fn seal(&self, secret: &str, context: &str) -> String {
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&self.token));
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let payload = chacha20poly1305::aead::Payload {
            msg: secret.as_bytes(),
            aad: context.as_bytes(),
        };
        // Encryption with a 12-byte nonce and a short message does not fail.
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), payload)
            .unwrap_or_default();
        format!("{}{}", hex::encode(nonce), hex::encode(sealed))
    }

    /// The secret [`ServerKeys::seal`] kept, if `sealed` is intact and was sealed for `context`
    /// under this server's key.
    pub fn open(&self, sealed: &str, context: &str) -> Option<String> {
        let bytes = hex::decode(sealed).ok()?;
        if bytes.len() < 12 + 16 {
            return None;
        }
        let (nonce, body) = bytes.split_at(12);
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&self.token));
        let payload = chacha20poly1305::aead::Payload {
            msg: body,
            aad: context.as_bytes(),
        };
        String::from_utf8(cipher.decrypt(Nonce::from_slice(nonce), payload).ok()?).ok()
    }
}

fn parse_secret(text: &str) -> Option<[u8; 32]> {
    hex::decode(text).ok()?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_token_opens_only_with_the_same_key_and_context() {
        let keys = ServerKeys::from_secret(&[7; 32]);
        let sealed = keys.seal("the-token", "maple-grove/key-1");
        assert!(!sealed.contains("the-token"));
        assert_eq!(
            keys.open(&sealed, "maple-grove/key-1").as_deref(),
            Some("the-token")
        );
        assert_eq!(keys.open(&sealed, "maple-grove/key-2"), None);
        assert_eq!(
            ServerKeys::from_secret(&[8; 32]).open(&sealed, "maple-grove/key-1"),
            None
        );
        assert_eq!(keys.open("00ff", "maple-grove/key-1"), None);
    }

    #[test]
    fn patient_keys_match_look_alike_names_and_depend_on_the_secret() {
        let keys = ServerKeys::from_secret(&[7; 32]);
        let born = chrono::NaiveDate::from_ymd_opt(1961, 4, 17).unwrap();
        let plain = keys.patient_key("Max Limit", born);
        for trick in [
            "Max  Limit",
            " max limit ",
            "Max\u{200B} Limit",
            "MAX\u{00A0}LIMIT",
            "M\u{0430}x Limit",
            "Max\u{2060}Limit\u{FEFF}",
        ] {
            let tricked = keys.patient_key(trick, born);
            // "Max\u{2060}Limit" has no space left once the joiner goes: another name.
            if trick.contains('\u{2060}') {
                continue;
            }
            assert_eq!(tricked, plain, "{trick:?}");
        }
        assert_ne!(keys.patient_key("Max Lim", born), plain);
        assert_ne!(
            keys.patient_key("Max Limit", born.succ_opt().unwrap()),
            plain
        );
        assert_ne!(
            ServerKeys::from_secret(&[8; 32]).patient_key("Max Limit", born),
            plain
        );
        assert!(plain.starts_with(PATIENT_KEY_PREFIX));
    }
}
