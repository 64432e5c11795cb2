//! portal-server's API tests: one binary; each test starts the app on port 0 with a fresh
//! database (see `helpers::spawn_app`): SQLite, or PostgreSQL when `PORTAL_TEST_POSTGRES` names a
//! server (`cargo xtask test` runs the suite both ways).

mod availability;
mod booking;
mod cli;
mod concurrency;
mod copy_data;
mod embedding;
mod feedback;
mod front_desk;
mod hardening;
mod health;
mod helpers;
mod instances;
mod instructions;
mod manage;
mod messages;
mod staff;
mod staff_accounts;
mod texts;
