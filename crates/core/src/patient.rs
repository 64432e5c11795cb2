//! Patient details, parsed into domain types. Each rejection is a plain sentence a patient can
//! act on (see shared/VOICE.md).

use std::fmt;

/// A phone number a patient can be reached at: 7 to 15 digits, with the usual punctuation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactPhone(String);

impl ContactPhone {
    /// Accepts `(555) 010-2233`, `555-010-2233`, `+1 555 010 2233`.
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let trimmed = input.trim();
        let digits = trimmed.chars().filter(|c| c.is_ascii_digit()).count();
        let allowed = trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.' | '+'));
        if allowed && (7..=15).contains(&digits) {
            Ok(ContactPhone(trimmed.to_string()))
        } else {
            Err("This phone number doesn't look right. Try the 10 digits, like 555-010-2233.")
        }
    }

    /// The number as the patient wrote it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ContactPhone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
