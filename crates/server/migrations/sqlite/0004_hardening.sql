-- The server's own secret (see src/secrets.rs), made once when no --secret-key-file is given,
-- so every server on this database derives the same keys.
CREATE TABLE server_secrets (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- A retried booking answers with the visit as it is now and the same manage token, so the key
-- remembers which visit it made and the token, sealed under the server's token key.
ALTER TABLE idempotency_keys ADD COLUMN appointment_id TEXT;
ALTER TABLE idempotency_keys ADD COLUMN manage_token_sealed TEXT;

-- Purges look up old rows by these times.
CREATE INDEX appointments_by_end ON appointments (clinic_id, end_at);
CREATE INDEX audit_log_by_time ON audit_log (clinic_id, at);

-- Background jobs (the retention purge) take a lease, so among several servers on one
-- database one job runs at a time.
CREATE TABLE job_leases (
    name   TEXT PRIMARY KEY,
    until  INTEGER NOT NULL
);
