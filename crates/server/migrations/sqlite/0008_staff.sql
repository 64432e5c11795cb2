-- The front desk (issue 12): staff accounts with roles and sessions, blocked time kept in the
-- database (it wins over the clinic file's regular hours), who came to a visit, and where a
-- booking came from.

CREATE TABLE staff_accounts (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    clinic_id         TEXT NOT NULL,
    email             TEXT NOT NULL,            -- lower case
    name              TEXT NOT NULL,
    role              TEXT NOT NULL CHECK (role IN ('front_desk', 'clinician', 'manager')),
    provider_id       TEXT,                     -- a clinician's own schedule
    password_hash     TEXT,                     -- argon2id (PHC string); NULL until set
    setup_hash        TEXT UNIQUE,              -- SHA-256 of a one-time set-password code
    setup_expires_at  INTEGER,
    failed_sign_ins   INTEGER NOT NULL DEFAULT 0,
    locked_until      INTEGER,
    created_at        INTEGER NOT NULL,
    created_by        TEXT NOT NULL,
    disabled_at       INTEGER,
    UNIQUE (clinic_id, email)
);

CREATE TABLE staff_sessions (
    token_hash    TEXT PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES staff_accounts(id),
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL
);
CREATE INDEX staff_sessions_by_account ON staff_sessions (account_id);

CREATE TABLE blocked_times (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    public_id   TEXT NOT NULL UNIQUE,
    clinic_id   TEXT NOT NULL,
    provider_id TEXT NOT NULL,
    start_at    INTEGER NOT NULL,
    end_at      INTEGER NOT NULL CHECK (end_at > start_at),
    reason      TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    removed_at  INTEGER
);
CREATE INDEX blocked_times_by_provider ON blocked_times (clinic_id, provider_id, start_at);

ALTER TABLE appointments ADD COLUMN attendance TEXT CHECK (attendance IN ('arrived', 'seen', 'no_show'));
ALTER TABLE appointments ADD COLUMN attendance_at INTEGER;
ALTER TABLE appointments ADD COLUMN source TEXT NOT NULL DEFAULT 'web' CHECK (source IN ('web', 'desk'));
ALTER TABLE appointments ADD COLUMN booked_by TEXT;

ALTER TABLE staff_keys ADD COLUMN role TEXT NOT NULL DEFAULT 'manager' CHECK (role IN ('front_desk', 'clinician', 'manager'));
