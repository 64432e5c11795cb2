-- Appointments. Times are UTC seconds since the epoch; each clinic's IANA zone lives in its
-- configuration file.
CREATE TABLE appointments (
    id                  TEXT PRIMARY KEY,          -- random public id
    clinic_id           TEXT NOT NULL,
    visit_type_id       TEXT NOT NULL,
    provider_id         TEXT NOT NULL,
    location_id         TEXT NOT NULL,
    start_at            INTEGER NOT NULL,
    end_at              INTEGER NOT NULL CHECK (end_at > start_at),
    status              TEXT NOT NULL CHECK (status IN ('booked', 'cancelled')),
    new_patient         INTEGER NOT NULL,
    patient_name        TEXT NOT NULL,
    preferred_name      TEXT,
    date_of_birth       TEXT NOT NULL,
    phone               TEXT,
    email               TEXT,
    patient_key         TEXT NOT NULL,             -- hash of name + date of birth, to count bookings
    reason              TEXT NOT NULL,
    interpreter_language TEXT,
    accessibility_notes TEXT,
    language            TEXT NOT NULL,
    manage_token_hash   TEXT NOT NULL UNIQUE,
    manage_expires_at   INTEGER NOT NULL,
    created_at          INTEGER NOT NULL,
    cancelled_at        INTEGER,
    rescheduled_from    TEXT REFERENCES appointments(id)
);

-- The database refuses a second active visit for one provider at one start time.
CREATE UNIQUE INDEX appointments_one_active_per_provider_start
    ON appointments (clinic_id, provider_id, start_at) WHERE status = 'booked';

CREATE INDEX appointments_by_provider_time ON appointments (clinic_id, provider_id, start_at, end_at)
    WHERE status = 'booked';
CREATE INDEX appointments_by_patient ON appointments (clinic_id, patient_key, start_at)
    WHERE status = 'booked';

-- Replies to appointment requests, kept so a retry with the same Idempotency-Key gets the same
-- answer.
CREATE TABLE idempotency_keys (
    clinic_id     TEXT NOT NULL,
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status        INTEGER NOT NULL,
    response      TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (clinic_id, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
