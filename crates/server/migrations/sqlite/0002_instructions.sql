-- Post-visit instructions: staff keys, packets rendered for one patient, the patient's short
-- sessions, what they acknowledged and answered, and the audit log. Times are UTC seconds since
-- the epoch, like 0001 (the API writes them as RFC 3339). Secrets (staff keys, patient links,
-- sessions) are stored only as their SHA-256, hex-encoded.

CREATE TABLE staff_keys (
    id          INTEGER PRIMARY KEY,
    clinic_id   TEXT NOT NULL,
    key_hash    TEXT NOT NULL UNIQUE,
    label       TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);

CREATE TABLE packets (
    id                   INTEGER PRIMARY KEY,
    public_id            TEXT NOT NULL UNIQUE,     -- random, 128 bits
    clinic_id            TEXT NOT NULL,
    template_id          TEXT NOT NULL,
    appointment_id       TEXT REFERENCES appointments(id),
    preferred_name       TEXT NOT NULL,
    date_of_birth        TEXT NOT NULL,            -- YYYY-MM-DD, checked before reading
    language             TEXT NOT NULL,
    views_json           TEXT NOT NULL,            -- the rendered PacketViews, patient's language first
    answers_json         TEXT NOT NULL,            -- teach-back question id -> right choice
    reread_json          TEXT NOT NULL,            -- teach-back question id -> section to read again
    readability_json     TEXT NOT NULL,            -- the ReadabilityReport at publishing
    readability_override INTEGER NOT NULL,
    link_hash            TEXT NOT NULL UNIQUE,
    failed_attempts      INTEGER NOT NULL DEFAULT 0,
    state                TEXT NOT NULL CHECK (state IN ('active', 'locked', 'revoked')),
    created_at           INTEGER NOT NULL,
    expires_at           INTEGER NOT NULL,
    opened_at            INTEGER,
    revoked_at           INTEGER
);
CREATE INDEX packets_by_clinic ON packets (clinic_id, created_at);

CREATE TABLE packet_sessions (
    session_hash  TEXT NOT NULL UNIQUE,
    packet_id     INTEGER NOT NULL REFERENCES packets(id),
    expires_at    INTEGER NOT NULL
);
CREATE INDEX packet_sessions_by_packet ON packet_sessions (packet_id);

CREATE TABLE packet_acknowledgements (
    packet_id   INTEGER NOT NULL REFERENCES packets(id),
    section_id  TEXT NOT NULL,
    at          INTEGER NOT NULL,
    UNIQUE (packet_id, section_id)
);

CREATE TABLE teach_back_answers (
    id           INTEGER PRIMARY KEY,
    packet_id    INTEGER NOT NULL REFERENCES packets(id),
    question_id  TEXT NOT NULL,
    choice       INTEGER NOT NULL,
    correct      INTEGER NOT NULL,
    at           INTEGER NOT NULL
);
CREATE INDEX teach_back_answers_by_packet ON teach_back_answers (packet_id, question_id, id);

-- Who did what to which packet, and when. Never patient data: no names, dates of birth,
-- answers or secrets.
CREATE TABLE audit_log (
    id                INTEGER PRIMARY KEY,
    at                INTEGER NOT NULL,
    clinic_id         TEXT NOT NULL,
    actor             TEXT NOT NULL,               -- staff:<key id> or patient:<packet public id>
    action            TEXT NOT NULL,               -- like packet.read
    packet_public_id  TEXT
);
CREATE INDEX audit_log_by_packet ON audit_log (packet_public_id, id);
