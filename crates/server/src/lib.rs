//! portal-server: the patient portal's API, the widget's assets and the demo site.
//!
//! - [`startup`]: settings (flags and environment), building the app, serving.
//! - [`clinics`]: clinic configuration files, with errors naming file, line and field.
//! - [`store`]: all SQL, one module per domain, on SQLite or PostgreSQL (chosen by the URL):
//!   migrations, write turns, the booking, move and cancel transactions, packets, feedback,
//!   messages, staff keys, the audit log, retention, shared rate limits, `copy-data`.
//! - [`routes`]: the HTTP API, one module per resource: parse, call the store, shape the answer.
//! - [`booking`]: booking's rules on the server side (API times, the clinic's days, the nearest
//!   other open times, a visit as the API shows it).
//! - [`staff_keys`]: the extractor that checks a staff key on every staff route.
//! - [`limits`]: rate limits, in memory on SQLite and in the database on PostgreSQL.
//! - [`feedback`], [`clock`]: patients' feedback, follow-ups and the clinic's numbers; the
//!   clock they go by (tests can set it).
//! - [`client_addr`]: the client's address for rate limits, through trusted proxies.
//! - [`cli`]: the command line: `staff-key create|list|revoke`, `backup`, `copy-data`.
//! - [`error`]: the one error shape every route returns.
//! - [`secrets`]: the server's secret and the keys derived from it (booking-limit hashes,
//!   sealed manage tokens kept for retries).
//! - [`retention`]: the hourly purge's schedule, run once across servers by a lease.
//! - [`serve`]: accepting connections, with deadlines for slow clients.
//! - [`outbox`]: messages to patients (confirmations, changes, reminders, after the visit),
//!   planned in the transaction of the event and sent by email by its dispatcher.
//!
//! Tests build the app with [`startup::Application::build`] on port 0 and a fresh database.

pub mod booking;
pub mod cli;
pub mod client_addr;
pub mod clinics;
pub mod clock;

pub mod error;
pub mod extract;
pub mod feedback;
pub mod limits;
pub mod outbox;

pub mod retention;
pub mod routes;
pub mod secrets;
pub mod serve;
pub mod staff;
pub mod staff_keys;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod tokens;
