//! portal-server: the patient portal's API, the widget's assets and the demo site.
//!
//! - [`startup`]: settings (flags and environment), building the app, serving.
//! - [`clinics`]: clinic configuration files, with errors naming file, line and field.
//! - [`store`]: the database on SQLite or PostgreSQL, migrations, write turns.
//! - [`routes`]: the HTTP API, one module per resource.
//! - [`booking`]: appointments in the database, re-checked inside the booking transaction.
//! - [`packets`], [`staff_keys`], [`audit`]: post-visit instruction packets, the staff keys that
//!   create them, and the audit log of every read and write.
//! - [`feedback`], [`clock`]: patients' feedback, follow-ups and the clinic's numbers; the
//!   clock they go by (tests can set it).
//! - [`client_addr`]: the client's address for rate limits, through trusted proxies.
//! - [`cli`]: the command line, including `staff-key create|list|revoke`.
//! - [`error`]: the one error shape every route returns.
//! - [`secrets`]: the server's secret and the keys derived from it (booking-limit hashes,
//!   sealed manage tokens kept for retries).
//! - [`retention`]: how long each kind of row is kept, and the purge that runs on schedule.
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
pub mod staff_keys;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod tokens;
