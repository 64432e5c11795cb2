//! portal-server's API tests: one binary; each test starts the app on port 0 with a fresh
//! SQLite database (see `helpers::spawn_app`).

mod availability;
mod booking;
mod cli;
mod concurrency;
mod embedding;
mod feedback;
mod hardening;
mod health;
mod helpers;
mod instructions;
mod manage;
mod messages;
mod staff;
mod texts;
