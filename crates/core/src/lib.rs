//! portal-core: the rules that the patient-portal widget and portal-server must agree on.
//!
//! Nothing here does I/O, so it compiles both natively (server, tests) and to wasm32 (widget).
//!
//! - [`Language`]: English or Spanish, the one language type of the clinic model, the API,
//!   readability and the widget.
//! - [`api`]: the JSON types of API v1, shared by the server and the widget.
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

// The derived wire code names `::portal_core::wire`, also inside this crate.
extern crate self as portal_core;

pub mod api;
pub mod language;
pub mod patient;
#[cfg(feature = "js")]
pub mod wire;
pub mod words;

pub use language::Language;

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
