-- Rate limits shared by every server of the database (see src/store/limits.rs): one row per
-- hashed key, with its theoretical arrival time in UTC microseconds. SQLite runs one server,
-- which keeps its limits in memory.
CREATE TABLE rate_limits (
    key  TEXT PRIMARY KEY,
    tat  BIGINT NOT NULL
);
