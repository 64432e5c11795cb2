-- Messages to patients (email and text), planned in the same transaction as the event that
-- causes them and sent by the dispatcher (src/outbox/).

-- How the patient asked to hear about the visit: text, email, both or neither.
ALTER TABLE appointments ADD COLUMN contact_by TEXT NOT NULL DEFAULT 'email';
-- The calendar file's SEQUENCE: raised by every change, so calendars replace the old event.
ALTER TABLE appointments ADD COLUMN calendar_sequence INTEGER NOT NULL DEFAULT 0;

CREATE TABLE messages (
    id                 INTEGER PRIMARY KEY,
    public_id          TEXT NOT NULL UNIQUE,            -- random; names the message in its Message-ID and unsubscribe link
    clinic_id          TEXT NOT NULL,
    appointment_id     TEXT REFERENCES appointments(id),
    kind               TEXT NOT NULL,                   -- confirmation, changed, cancelled, reminder, after_visit, ...
    channel            TEXT NOT NULL CHECK (channel IN ('email', 'text')),
    -- One message per (visit, kind, channel, lead time or change): planning twice is harmless.
    dedupe_key         TEXT NOT NULL UNIQUE,
    due_at             INTEGER NOT NULL,
    state              TEXT NOT NULL CHECK (state IN ('planned', 'sent', 'failed', 'cancelled', 'opted_out', 'not_sent')),
    link_sealed        TEXT,                            -- the link's secret, sealed under the server's token key
    calendar_sequence  INTEGER,
    attempts           INTEGER NOT NULL DEFAULT 0,
    lease_until        INTEGER,                         -- a dispatcher holds it until then
    last_error         TEXT,                            -- why the last try failed, for staff (no patient data)
    sent_at            INTEGER,
    to_hash            TEXT,                            -- hash of the address it went to (for STOP replies)
    created_at         INTEGER NOT NULL
);
CREATE INDEX messages_due ON messages (due_at) WHERE state = 'planned';
CREATE INDEX messages_by_appointment ON messages (appointment_id, id);
CREATE INDEX messages_by_address ON messages (to_hash) WHERE to_hash IS NOT NULL;

-- Addresses that asked for no more messages from a clinic, by the hash of the address.
CREATE TABLE message_opt_outs (
    clinic_id     TEXT NOT NULL,
    channel       TEXT NOT NULL,
    address_hash  TEXT NOT NULL,
    at            INTEGER NOT NULL,
    PRIMARY KEY (clinic_id, channel, address_hash)
);
