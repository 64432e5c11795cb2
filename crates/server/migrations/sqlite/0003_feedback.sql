-- Feedback: patients' answers at two moments, the follow-ups they open, the links clinics send
-- for feedback after a visit, "you said, we did" notes and the booking funnel's counts. Times
-- are UTC seconds since the epoch, like 0001 and 0002. Secrets are stored only as SHA-256.

-- One row per appointment (or packet) and moment: the UNIQUE constraints refuse a second one, so
-- two sends at once give exactly one row.
CREATE TABLE feedback (
    id              INTEGER PRIMARY KEY,
    public_id       TEXT NOT NULL UNIQUE,          -- random, 128 bits
    clinic_id       TEXT NOT NULL,
    moment          TEXT NOT NULL CHECK (moment IN ('after_booking', 'after_visit')),
    appointment_id  TEXT REFERENCES appointments(id),
    packet_id       TEXT,                          -- the packet's public id
    ease            INTEGER CHECK (ease BETWEEN 1 AND 5),
    overall         INTEGER CHECK (overall BETWEEN 1 AND 5),
    recommend       INTEGER CHECK (recommend BETWEEN 0 AND 10),
    better          TEXT,                          -- free text; shown as text, never HTML
    contact         TEXT CHECK (contact IN ('phone', 'email', 'text')),
    contact_value   TEXT,
    language        TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    CHECK (appointment_id IS NOT NULL OR packet_id IS NOT NULL),
    UNIQUE (appointment_id, moment),
    UNIQUE (packet_id, moment)
);
CREATE INDEX feedback_by_clinic_time ON feedback (clinic_id, created_at);

-- "Not now": remembered here, so the browser keeps nothing. `subject` is `appointment:<id>` or
-- `packet:<public id>`.
CREATE TABLE feedback_dismissals (
    clinic_id   TEXT NOT NULL,
    subject     TEXT NOT NULL,
    moment      TEXT NOT NULL,
    at          INTEGER NOT NULL,
    UNIQUE (subject, moment)
);

CREATE TABLE follow_ups (
    id               INTEGER PRIMARY KEY,
    public_id        TEXT NOT NULL UNIQUE,
    feedback_id      INTEGER NOT NULL UNIQUE REFERENCES feedback(id),
    reason           TEXT NOT NULL CHECK (reason IN ('low_score', 'asked_to_be_contacted')),
    opened_at        INTEGER NOT NULL,
    due_at           INTEGER NOT NULL,             -- counted in the clinic's business hours
    resolved_at      INTEGER,
    resolution_note  TEXT,                         -- for staff only; never shown to the patient
    resolved_by      TEXT                          -- staff:<key id>
);
CREATE INDEX follow_ups_open_by_due ON follow_ups (due_at) WHERE resolved_at IS NULL;

CREATE TABLE feedback_links (
    id              INTEGER PRIMARY KEY,
    link_hash       TEXT NOT NULL UNIQUE,
    appointment_id  TEXT NOT NULL REFERENCES appointments(id),
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    revoked_at      INTEGER
);

CREATE TABLE you_said_we_did (
    id            INTEGER PRIMARY KEY,
    public_id     TEXT NOT NULL UNIQUE,
    clinic_id     TEXT NOT NULL,
    published_at  INTEGER NOT NULL,
    text_en       TEXT NOT NULL,
    text_es       TEXT
);
CREATE INDEX you_said_we_did_by_clinic ON you_said_we_did (clinic_id, published_at);

-- The booking funnel: counts only, one row per clinic, clinic-local day and step. Nothing about
-- a visitor is kept.
CREATE TABLE funnel_counts (
    clinic_id  TEXT NOT NULL,
    day        TEXT NOT NULL,                      -- clinic-local YYYY-MM-DD
    step       TEXT NOT NULL,
    count      INTEGER NOT NULL,
    PRIMARY KEY (clinic_id, day, step)
);

-- Audit rows about feedback name what they touched (`feedback:<id>`, `follow_up:<id>`,
-- `appointment:<id>`); never patient data.
ALTER TABLE audit_log ADD COLUMN subject TEXT;
