-- When a patient first opened a link in a message (through /m/{clinic}/{message}, which only
-- records the time and sends the browser on to the clinic's page). Counts only, for the
-- clinic's numbers; the link's secret stays in the fragment and never reaches the server.
ALTER TABLE messages ADD COLUMN opened_at INTEGER;
