-- Each visit's busy time ends after the clinic's buffer (rules.buffer_minutes): the same
-- column PostgreSQL's exclusion constraint uses, so both engines store the same rows and
-- copy-data moves them as they are. Visits booked before this knew no buffer here.
ALTER TABLE appointments ADD COLUMN busy_until INTEGER;
UPDATE appointments SET busy_until = end_at WHERE busy_until IS NULL;
