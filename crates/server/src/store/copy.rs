//! `portal-server copy-data --from sqlite://... --to postgres://...`: moves a clinic's data from
//! SQLite to an empty PostgreSQL database when a clinic group outgrows one machine.
//!
//! Both databases are brought to the latest schema first. Every table is copied in one
//! PostgreSQL transaction (all or nothing), each column read as the type PostgreSQL keeps it in
//! (integers, yes/no, text); identity counters are moved past the copied ids. Then the copy is
//! checked: the row count of every table, and the first, middle and last rows of every table
//! compared column by column.

use std::fmt::Write as _;

use sqlx::Row;

use super::{connect_with, Engine, Flag, Pool, PoolSettings};

/// The tables, parents before children, each with the order its rows are read and compared in.
const TABLES: &[(&str, &str)] = &[
    ("server_secrets", "name"),
    ("staff_keys", "id"),
    ("appointments", "created_at, id"),
    ("idempotency_keys", "clinic_id, key"),
    ("packets", "id"),
    ("packet_sessions", "session_hash"),
    ("packet_acknowledgements", "packet_id, section_id"),
    ("teach_back_answers", "id"),
    ("audit_log", "id"),
    ("feedback", "id"),
    ("feedback_dismissals", "subject, moment"),
    ("follow_ups", "id"),
    ("feedback_links", "id"),
    ("you_said_we_did", "id"),
    ("funnel_counts", "clinic_id, day, step"),
    ("job_leases", "name"),
    ("messages", "id"),
    ("message_opt_outs", "clinic_id, channel, address_hash"),
    ("staff_accounts", "id"),
    ("staff_sessions", "token_hash"),
    ("blocked_times", "id"),
];

/// Tables whose `id` is an identity column on PostgreSQL.
const IDENTITY: &[&str] = &[
    "staff_keys",
    "packets",
    "teach_back_answers",
    "audit_log",
    "feedback",
    "follow_ups",
    "feedback_links",
    "you_said_we_did",
    "messages",
    "staff_accounts",
    "blocked_times",
];

/// What a copy moved and checked.
#[derive(Debug, Default)]
pub struct Copied {
    /// Rows per table.
    pub tables: Vec<(&'static str, u64)>,
    /// Rows compared column by column.
    pub compared: u64,
}

impl Copied {
    /// All rows copied.
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|(_, n)| n).sum()
    }
}

/// How PostgreSQL keeps a column, which says how to read it from SQLite.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Integer,
    YesNo,
    Text,
}

/// One value on its way, and as the check compares it.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Integer(Option<i64>),
    YesNo(Option<bool>),
    Text(Option<String>),
}

/// Copies everything from the SQLite database at `from` into the empty PostgreSQL database at
/// `to`, then checks the copy. The error says what is wrong and what to do.
pub async fn copy_data(from: &str, to: &str) -> Result<Copied, String> {
    if Engine::of(from)? != Engine::Sqlite {
        return Err(format!(
            "copy-data --from \"{}\": copy from a SQLite database, like sqlite:///var/lib/portal/portal.db",
            super::redact(from)
        ));
    }
    if Engine::of(to)? != Engine::Postgres {
        return Err(format!(
            "copy-data --to \"{}\": copy into a PostgreSQL database, like postgres://portal@db.example/portal",
            super::redact(to)
        ));
    }
    if !std::path::Path::new(
        from.trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:")
            .split('?')
            .next()
            .unwrap_or_default(),
    )
    .is_file()
    {
        return Err(format!(
            "copy-data --from \"{from}\": there is no such database file; name the file portal-server serves"
        ));
    }
    let settings = PoolSettings {
        max_connections: 2,
        statement_timeout: std::time::Duration::from_secs(600),
    };
    let (source, _) = connect_with(from, settings).await?;
    let (target, _) = connect_with(to, settings).await?;
    let result = copy_between(&source, &target).await;
    source.close().await;
    target.close().await;
    result
}

async fn copy_between(source: &Pool, target: &Pool) -> Result<Copied, String> {
    let fail = |what: String| move |e: sqlx::Error| format!("copy-data: {what}: {e}");
    // Refuse a target that holds anything: a copy never mixes with other data.
    let mut held = Vec::new();
    for (table, _) in TABLES {
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(target)
            .await
            .map_err(fail(format!("counting {table} in the target")))?;
        if n > 0 {
            held.push(format!("{table} ({n})"));
        }
    }
    if !held.is_empty() {
        return Err(format!(
            "copy-data --to: the target database is not empty ({}); copy into a new, empty database \
             (createdb portal) and start no server on it before the copy",
            held.join(", ")
        ));
    }

    let mut copied = Copied::default();
    let mut tx = target
        .begin()
        .await
        .map_err(fail("starting the copy".into()))?;
    for (table, order) in TABLES {
        let columns = columns_of(target, table).await?;
        let names: Vec<&str> = columns.iter().map(|(name, _)| name.as_str()).collect();
        let rows = read(source, table, &columns, order, None).await?;
        // PostgreSQL takes at most 65535 parameters in one statement.
        let per_statement = (60_000 / columns.len().max(1)).max(1);
        for chunk in rows.chunks(per_statement) {
            let mut sql = format!("INSERT INTO {table} ({}) VALUES ", names.join(", "));
            let mut n = 0;
            for (i, _) in chunk.iter().enumerate() {
                sql.push_str(if i == 0 { "(" } else { ", (" });
                for c in 0..columns.len() {
                    n += 1;
                    let _ = write!(sql, "{}${n}", if c == 0 { "" } else { ", " });
                }
                sql.push(')');
            }
            let mut insert = sqlx::query(&sql);
            for row in chunk {
                for value in row {
                    insert = match value {
                        Value::Integer(v) => insert.bind(*v),
                        Value::YesNo(v) => insert.bind(*v),
                        Value::Text(v) => insert.bind(v.clone()),
                    };
                }
            }
            insert
                .execute(&mut *tx)
                .await
                .map_err(fail(format!("writing {table}")))?;
        }
        if IDENTITY.contains(table) {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            ))
            .execute(&mut *tx)
            .await
            .map_err(fail(format!("moving {table}'s id counter")))?;
        }
        copied.tables.push((table, rows.len() as u64));
    }
    tx.commit()
        .await
        .map_err(fail("finishing the copy".into()))?;

    // The check: counts, then the first, middle and last rows of every table.
    for (table, order) in TABLES {
        let count = |pool: &Pool| {
            let sql = format!("SELECT COUNT(*) FROM {table}");
            let pool = pool.clone();
            async move {
                sqlx::query_as::<_, (i64,)>(&sql)
                    .fetch_one(&pool)
                    .await
                    .map(|(n,)| n)
            }
        };
        let (from_n, to_n) = (
            count(source)
                .await
                .map_err(fail(format!("counting {table}")))?,
            count(target)
                .await
                .map_err(fail(format!("counting {table}")))?,
        );
        if from_n != to_n {
            return Err(format!(
                "copy-data: the check failed: {table} has {from_n} rows in the source and {to_n} in the copy"
            ));
        }
        let columns = columns_of(target, table).await?;
        for at in sample_offsets(from_n) {
            let a = read(source, table, &columns, order, Some(at)).await?;
            let b = read(target, table, &columns, order, Some(at)).await?;
            if a != b {
                return Err(format!(
                    "copy-data: the check failed: row {} of {table} (by {order}) differs between the source and the copy",
                    at + 1
                ));
            }
            copied.compared += 1;
        }
    }
    Ok(copied)
}

/// The first, middle and last row of a table of `n` rows.
fn sample_offsets(n: i64) -> Vec<i64> {
    let mut at = vec![0, n / 2, n - 1];
    at.retain(|&i| i >= 0 && i < n);
    at.dedup();
    at
}

/// A table's columns as PostgreSQL keeps them.
async fn columns_of(target: &Pool, table: &str) -> Result<Vec<(String, Kind)>, String> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT column_name::text, data_type::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(target)
    .await
    .map_err(|e| format!("copy-data: reading the columns of {table}: {e}"))?;
    if rows.is_empty() {
        return Err(format!(
            "copy-data: the target has no table {table}; is it a portal-server database?"
        ));
    }
    Ok(rows
        .into_iter()
        .map(|(name, kind)| {
            let kind = match kind.as_str() {
                "bigint" | "integer" | "smallint" => Kind::Integer,
                "boolean" => Kind::YesNo,
                _ => Kind::Text,
            };
            (name, kind)
        })
        .collect())
}

/// A table's rows (or the one row at `offset`) in `order`, each column read as `columns` says.
async fn read(
    pool: &Pool,
    table: &str,
    columns: &[(String, Kind)],
    order: &str,
    offset: Option<i64>,
) -> Result<Vec<Vec<Value>>, String> {
    let names: Vec<&str> = columns.iter().map(|(name, _)| name.as_str()).collect();
    let mut sql = format!("SELECT {} FROM {table} ORDER BY {order}", names.join(", "));
    if let Some(offset) = offset {
        let _ = write!(sql, " LIMIT 1 OFFSET {offset}");
    }
    let rows = sqlx::query(&sql)
        .fetch_all(pool)
        .await
        .map_err(|e| format!("copy-data: reading {table}: {e}"))?;
    rows.iter()
        .map(|row| {
            columns
                .iter()
                .enumerate()
                .map(|(i, (name, kind))| {
                    let value = match kind {
                        Kind::Integer => row.try_get::<Option<i64>, _>(i).map(Value::Integer),
                        Kind::YesNo => row
                            .try_get::<Option<Flag>, _>(i)
                            .map(|v| Value::YesNo(v.map(bool::from))),
                        Kind::Text => row.try_get::<Option<String>, _>(i).map(Value::Text),
                    };
                    value.map_err(|e| format!("copy-data: reading {table}.{name}: {e}"))
                })
                .collect()
        })
        .collect()
}
