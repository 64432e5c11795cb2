//! portal-core: the rules that the patient-portal widget and portal-server must agree on.
//!
//! Nothing here does I/O, so it compiles both natively (server, tests) and to wasm32 (widget).
//!
//! - [`Language`]: English or Spanish, the one language type of the clinic model, the API,
//!   readability and the widget.
//! - [`clock`]: days and times in patients' words ("Tuesday, March 3 at 9:30 AM"), for the
//!   messages, the instructions and the widget alike.
//! - [`api`]: the JSON types of API v1, shared by the server and the widget.
//! - [`ids`]: a visit type's, a provider's and a location's id, each its own type.
//! - [`patient`]: patient details parsed into domain types, with plain-language rejections.
//! - [`wire`] (feature `js`, the widget): the API types' readers and writers of JS values,
//!   derived from their declarations.
//! - [`words`]: words the widget and the server both say (the booking's first step).
//! - [`clinic`] (feature `engine`): a clinic's configuration: locations, providers, visit types,
//!   hours, time off and booking rules.
//! - [`slots`] (feature `engine`): the slot engine, a pure function from rules, bookings and "now"
//!   to the open times.
//! - [`feedback`] (feature `engine`): the feedback form, its checks, follow-up due times in
//!   business hours, the clinic's numbers and trend chart, and FHIR R4 forms.
//! - [`messages`] (feature `engine`): messages to patients by email and text: settings, when
//!   reminders are due (outside quiet hours), and their words in English and Spanish.
//!
//! ```
//! use portal_core::patient::ContactPhone;
//! assert!(ContactPhone::parse("(555) 010-2233").is_ok());
//! assert!(ContactPhone::parse("call me").is_err());
//! ```

// The derived code names `::portal_core::wire` and `::portal_core::UnknownWord`, also inside
// this crate.
extern crate self as portal_core;

pub mod api;
pub mod clock;
pub mod ids;
pub mod language;
pub mod patient;
#[cfg(feature = "js")]
pub mod wire;
pub mod words;

pub use language::Language;
/// `#[derive(ClosedSet)]`: an enum's words (`ALL`, `as_str`, `parse`, `TryFrom<String>`) from its
/// serde names, written once.
pub use portal_wire_derive::ClosedSet;

/// A word that is not one of a closed set's (a database column, a file), with the words allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownWord {
    /// The set, like `Moment`.
    pub set: &'static str,
    /// The word read.
    pub word: String,
    /// The words the set has.
    pub allowed: &'static [&'static str],
}

impl std::fmt::Display for UnknownWord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?} is not a {}: use one of {}",
            self.word,
            self.set,
            self.allowed.join(", ")
        )
    }
}

impl std::error::Error for UnknownWord {}

#[cfg(feature = "engine")]
pub mod clinic;
#[cfg(feature = "engine")]
pub mod feedback;
#[cfg(feature = "engine")]
pub mod instructions;
#[cfg(feature = "engine")]
pub mod messages;
#[cfg(feature = "engine")]
pub mod slots;

#[cfg(test)]
mod closed_set_tests {
    use crate::api::feedback::{ContactWay, Moment};
    use crate::Language;

    /// The derived words are serde's words: one declaration for the API, the files and the
    /// database.
    #[test]
    fn each_word_is_what_serde_writes_and_reads_back() {
        fn check<T: serde::Serialize + PartialEq + std::fmt::Debug + Copy>(
            all: &[T],
            word: fn(T) -> &'static str,
            parse: fn(&str) -> Option<T>,
        ) {
            for &value in all {
                let json = serde_json::to_string(&value).unwrap();
                assert_eq!(json, format!("\"{}\"", word(value)));
                assert_eq!(parse(word(value)), Some(value));
            }
        }
        check(&Moment::ALL, Moment::as_str, Moment::parse);
        check(&ContactWay::ALL, ContactWay::as_str, ContactWay::parse);
        check(&Language::ALL, Language::as_str, Language::parse);
        assert_eq!(Moment::AfterVisit.as_str(), "after_visit");
        assert_eq!(Moment::parse("After_visit"), None);
    }

    #[test]
    fn a_word_not_in_the_set_names_the_words_allowed() {
        let e = Moment::try_from("later".to_string()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "\"later\" is not a Moment: use one of after_booking, after_visit"
        );
        assert_eq!(
            ContactWay::try_from("text".to_string()),
            Ok(ContactWay::Text)
        );
    }
}
