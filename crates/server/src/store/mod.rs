//! The store: the database behind every route, on one of two engines chosen by the URL.
//!
//! - **SQLite** (`sqlite://PATH`, the default and the demo's): one file, WAL mode, a busy
//!   timeout; one server process.
//! - **PostgreSQL** (`postgres://...`): several stateless portal-servers on one database.
//!
//! Both engines run the same SQL through `sqlx::Any` (numbered `$1` parameters, `ON CONFLICT`,
//! `RETURNING`, times as integer seconds): see docs/server.md, "Two engines, one store", for why.
//! What truly differs lives here: connecting, each engine's migrations (`migrations/sqlite`,
//! `migrations/postgres`), how a write transaction serialises with the others ([`WriteGate`]),
//! how the database refuses a double booking ([`is_slot_taken`]) and backups.

pub mod appointments;
pub mod audit;
pub mod copy;
pub mod feedback;
pub mod limits;
pub mod messages;
pub mod packets;
pub mod retention;
pub mod schedule;
pub mod secrets;
pub mod staff;
pub mod staff_keys;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyTypeInfoKind};
use sqlx::{Any, AnyPool, Decode, Type, ValueRef};

/// The database pool every route and job uses.
pub type Pool = AnyPool;
/// One connection (inside a transaction, usually).
pub type Conn = sqlx::AnyConnection;
/// The database type the queries are written for.
pub type Db = Any;

/// Which database engine a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// A SQLite file: one server.
    Sqlite,
    /// PostgreSQL: one or many servers.
    Postgres,
}

impl Engine {
    /// The engine a `--database` URL names, or a message saying which URLs work.
    pub fn of(url: &str) -> Result<Engine, String> {
        if url.starts_with("sqlite:") {
            Ok(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Engine::Postgres)
        } else {
            Err(format!(
                "--database \"{}\" is not supported; use a SQLite URL like sqlite://target/portal.db \
                 or a PostgreSQL URL like postgres://portal@db.example/portal",
                redact(url)
            ))
        }
    }

    /// `sqlite` or `postgres`, as `/healthz` and the logs name it.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

/// The database behind the app: the pool and the write turns of its engine. Cloning is cheap.
#[derive(Debug, Clone)]
pub struct Store {
    /// The connection pool.
    pub pool: Pool,
    /// Write transactions take turns here.
    pub gate: WriteGate,
}

impl Store {
    /// The engine this store runs on.
    pub fn engine(&self) -> Engine {
        self.gate.engine()
    }

    /// A write transaction for `scope` (a clinic id), taken in turn.
    pub async fn write(&self, scope: &str) -> Result<WriteTx, sqlx::Error> {
        self.gate.begin(&self.pool, scope).await
    }
}

/// How the pool is sized and how long one statement may run.
#[derive(Debug, Clone, Copy)]
pub struct PoolSettings {
    /// Most connections this process opens.
    pub max_connections: u32,
    /// PostgreSQL's `statement_timeout` for every connection (SQLite waits this long for a lock).
    pub statement_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings {
            max_connections: 8,
            statement_timeout: Duration::from_secs(5),
        }
    }
}

/// A URL with its password hidden, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let user_info = &url[scheme + 3..at];
            match user_info.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Opens (creating a SQLite file if missing) the database at `url` and brings its schema up to
/// date with that engine's migrations.
pub async fn connect(url: &str) -> Result<(Pool, Engine), String> {
    connect_with(url, PoolSettings::default()).await
}

/// As [`connect`], with the pool's size and the statement timeout.
pub async fn connect_with(url: &str, settings: PoolSettings) -> Result<(Pool, Engine), String> {
    sqlx::any::install_default_drivers();
    let engine = Engine::of(url)?;
    let shown = redact(url);
    let connect_url = match engine {
        Engine::Sqlite => {
            create_parent_dir(url)?;
            sqlite_url(url)
        }
        Engine::Postgres => url.to_string(),
    };
    let options = AnyConnectOptions::from_str(&connect_url)
        .map_err(|e| format!("--database \"{shown}\" is not a valid database URL ({e})"))?;
    let timeout_ms = settings.statement_timeout.as_millis();
    let setup: std::sync::Arc<str> = match engine {
        // WAL lets readers go on while one writer writes; NORMAL is safe in WAL mode.
        Engine::Sqlite => format!(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {timeout_ms}"
        ),
        Engine::Postgres => format!("SET statement_timeout = {timeout_ms}"),
    }
    .into();
    // An in-memory SQLite database lives as long as its one connection: keep exactly one.
    let in_memory = engine == Engine::Sqlite && url.contains(":memory:");
    let pool = AnyPoolOptions::new()
        .max_connections(if in_memory {
            1
        } else {
            settings.max_connections
        })
        .min_connections(u32::from(in_memory))
        .idle_timeout((!in_memory).then_some(Duration::from_secs(600)))
        .max_lifetime((!in_memory).then_some(Duration::from_secs(1800)))
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(move |conn, _| {
            let setup = setup.clone();
            Box::pin(async move {
                sqlx::Executor::execute(conn, &*setup).await?;
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .map_err(|e| format!("cannot open the database {shown}: {e}"))?;
    let migrated = match engine {
        Engine::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&pool).await,
        Engine::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await,
    };
    migrated.map_err(|e| format!("cannot update the database schema in {shown}: {e}"))?;
    Ok((pool, engine))
}

/// A SQLite URL that creates the file when missing (`mode=rwc`), keeping any options given.
fn sqlite_url(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// Creates the folder of a file database so `--database sqlite://new/dir/portal.db` just works.
fn create_parent_dir(url: &str) -> Result<(), String> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    match std::path::Path::new(path).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the database folder {}: {e}", dir.display())),
        _ => Ok(()),
    }
}

/// Asks the database a trivial question, to know it answers.
pub async fn ping(pool: &Pool) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT 1").execute(pool).await.map(|_| ())
}

/// Writes a consistent copy of a SQLite database to `to` (a new file) with `VACUUM INTO`, which
/// reads one snapshot while other connections keep writing. Returns the copy's size in bytes.
/// PostgreSQL is backed up with its own tools (`pg_dump`), as its administrators already do.
pub async fn backup(pool: &Pool, engine: Engine, to: &std::path::Path) -> Result<u64, String> {
    if engine == Engine::Postgres {
        return Err(format!(
            "backup --to {}: this server's database is PostgreSQL; back it up with pg_dump \
             (for example pg_dump --format=custom --file=portal.dump DATABASE_URL)",
            to.display()
        ));
    }
    if to.exists() {
        return Err(format!("backup --to {}: the file already exists; name a new file, so no backup is ever overwritten", to.display()));
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            format!(
                "backup --to {}: cannot create its folder ({e})",
                to.display()
            )
        })?;
    }
    let target = to
        .to_str()
        .ok_or_else(|| format!("backup --to {}: use a path in UTF-8", to.display()))?;
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(pool)
        .await
        .map_err(|e| format!("backup --to {}: {e}", to.display()))?;
    std::fs::metadata(to).map(|m| m.len()).map_err(|e| {
        format!(
            "backup --to {}: the copy is missing after writing it ({e})",
            to.display()
        )
    })
}

/// Write transactions take turns here, so each one's reads and checks still hold when it
/// writes, on either engine:
///
/// - SQLite: one request at a time of this process asks for SQLite's write lock
///   (`BEGIN IMMEDIATE`). Writers that found the lock taken would otherwise sleep in SQLite's
///   busy handler (1, 2, 5, 10, ... ms) and wake late; queued here they start the moment the
///   previous writer commits.
/// - PostgreSQL: the transaction takes a transaction-level advisory lock on its scope (the
///   clinic), which every portal-server on the database shares; it is released at commit or
///   rollback, also when a server dies. Writes for different clinics go side by side.
#[derive(Debug, Clone)]
pub struct WriteGate {
    engine: Engine,
    turn: std::sync::Arc<tokio::sync::Mutex<()>>,
}

impl WriteGate {
    /// A gate for this engine's write transactions.
    pub fn new(engine: Engine) -> Self {
        WriteGate {
            engine,
            turn: Default::default(),
        }
    }

    /// The engine behind the gate.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// This process's turn to write, for a single statement outside a transaction. (A single
    /// statement is atomic on PostgreSQL by itself; there the turn costs nothing.)
    pub async fn turn(&self) -> Option<tokio::sync::OwnedMutexGuard<()>> {
        match self.engine {
            Engine::Sqlite => Some(self.turn.clone().lock_owned().await),
            Engine::Postgres => None,
        }
    }

    /// A write transaction for `scope` (a clinic id, or a job's name), taken in turn.
    pub async fn begin(&self, pool: &Pool, scope: &str) -> Result<WriteTx, sqlx::Error> {
        match self.engine {
            Engine::Sqlite => {
                let turn = self.turn.clone().lock_owned().await;
                let tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                Ok(WriteTx {
                    tx,
                    _turn: Some(turn),
                })
            }
            Engine::Postgres => {
                // One round trip: BEGIN and the lock in one simple query.
                let begin = format!("BEGIN; SELECT pg_advisory_xact_lock({})", lock_key(scope));
                let tx = pool.begin_with(begin).await?;
                Ok(WriteTx { tx, _turn: None })
            }
        }
    }
}

impl WriteGate {
    /// A write transaction for `scope` on a connection the request already holds (a second one
    /// from the pool while holding this one lets a burst of requests take every connection and
    /// wait forever). On SQLite it asks for the write lock at once, without this process's turn.
    pub async fn begin_on<'c>(
        &self,
        conn: &'c mut Conn,
        scope: &str,
    ) -> Result<sqlx::Transaction<'c, Any>, sqlx::Error> {
        match self.engine {
            Engine::Sqlite => sqlx::Connection::begin_with(conn, "BEGIN IMMEDIATE").await,
            Engine::Postgres => {
                let begin = format!("BEGIN; SELECT pg_advisory_xact_lock({})", lock_key(scope));
                sqlx::Connection::begin_with(conn, begin).await
            }
        }
    }
}

/// The write scope of patients' packet links and sessions, which are found before their
/// clinic is known.
pub const PATIENT_LINKS: &str = "patient-links";

/// The advisory lock number of a write scope: the first 8 bytes of its SHA-256.
fn lock_key(scope: &str) -> i64 {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(scope.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

/// A write transaction holding its turn at the [`WriteGate`]; it derefs to the connection.
pub struct WriteTx {
    tx: sqlx::Transaction<'static, Any>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTx {
    /// Commits, and lets the next writer in.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }

    /// Undoes the transaction's writes, and lets the next writer in.
    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        self.tx.rollback().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = Conn;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

/// Runs one write inside a savepoint and gives back its result, so that when the database
/// refuses it (a double booking, say) the transaction goes on and can still read and answer:
/// PostgreSQL refuses every later statement of a transaction in which one statement failed.
///
/// `query` builds the statement; it is built again when PostgreSQL breaks a deadlock by failing
/// it. Two moves racing into each other's times both write their new row before the exclusion
/// constraint checks it, and then each waits for the other. The one PostgreSQL fails runs its
/// write again, which now waits for the other to finish and gets the clean answer: the time is
/// taken, or free after all.
pub async fn try_execute<'q>(
    conn: &mut Conn,
    query: impl Fn() -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
) -> Result<Result<sqlx::any::AnyQueryResult, sqlx::Error>, sqlx::Error> {
    let mut tries = 0;
    loop {
        tries += 1;
        let mut savepoint = sqlx::Connection::begin(&mut *conn).await?;
        let result = query().execute(&mut *savepoint).await;
        match result {
            Ok(_) => savepoint.commit().await?,
            Err(_) => savepoint.rollback().await?,
        }
        match result {
            Err(e) if is_deadlock(&e) && tries < DEADLOCK_TRIES => {
                tracing::info!(
                    tries,
                    "a write was chosen to break a deadlock; running it again"
                );
            }
            result => return Ok(result),
        }
    }
}

/// How many times [`try_execute`] runs a write that PostgreSQL failed to break a deadlock.
const DEADLOCK_TRIES: u32 = 3;

/// True when PostgreSQL failed the statement to break a deadlock (SQLSTATE 40P01).
fn is_deadlock(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.code().as_deref() == Some("40P01"))
}

/// True when the error is the database refusing a second active booking: the unique index on a
/// provider's start time (both engines), or PostgreSQL's exclusion constraint over each
/// provider's booked time ranges with their buffers.
pub fn is_slot_taken(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            db.is_unique_violation() || db.code().as_deref() == Some("23P01")
        }
        _ => false,
    }
}

/// A word of a closed set read in a tuple (a language, a moment), as `#[sqlx(try_from =
/// "String")]` reads it in a row: a word the set does not have is a decode error naming the words
/// it has, never a default.
pub fn word<T: TryFrom<String, Error = portal_core::UnknownWord>>(
    word: String,
) -> Result<T, sqlx::Error> {
    T::try_from(word).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// A word of a closed set in a column that may be empty (`NULL`), read through
/// `#[sqlx(try_from = "Option<String>")]`: none, or a word the set has; any other word is a
/// decode error naming the words it has, as [`word`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MaybeWord<T>(pub Option<T>);

impl<T: TryFrom<String, Error = portal_core::UnknownWord>> TryFrom<Option<String>>
    for MaybeWord<T>
{
    type Error = portal_core::UnknownWord;

    fn try_from(word: Option<String>) -> Result<Self, portal_core::UnknownWord> {
        word.map(T::try_from).transpose().map(MaybeWord)
    }
}

/// A yes/no read from the database: SQLite gives integers (0 or 1), PostgreSQL booleans.
/// Rows use it through `#[sqlx(try_from = "Flag")]` or as `(Flag,)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flag(pub bool);

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0
    }
}

impl Type<Any> for Flag {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <bool as Type<Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        ty.kind() == AnyTypeInfoKind::Bool || ty.kind().is_integer()
    }
}

impl<'r> Decode<'r, Any> for Flag {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        if value.type_info().kind() == AnyTypeInfoKind::Bool {
            <bool as Decode<Any>>::decode(value).map(Flag)
        } else {
            <i64 as Decode<Any>>::decode(value).map(|n| Flag(n != 0))
        }
    }
}

/// A small score read back (ease, overall, recommend): the columns are integers on both
/// engines, and their CHECK constraints keep them in 0 to 10.
pub fn score(value: Option<i16>) -> Option<u8> {
    value.and_then(|v| u8::try_from(v).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_word_column_is_none_and_a_stray_word_is_an_error_naming_the_set() {
        use portal_core::api::feedback::ContactWay;
        let read = |word: Option<&str>| MaybeWord::<ContactWay>::try_from(word.map(String::from));
        assert_eq!(read(None), Ok(MaybeWord(None)));
        assert_eq!(read(Some("text")), Ok(MaybeWord(Some(ContactWay::Text))));
        let stray = read(Some("fax")).unwrap_err().to_string();
        assert_eq!(
            stray,
            "\"fax\" is not a ContactWay: use one of phone, email, text"
        );
    }

    #[test]
    fn the_engine_comes_from_the_url_and_a_wrong_url_says_which_work() {
        assert_eq!(Engine::of("sqlite://portal.db"), Ok(Engine::Sqlite));
        assert_eq!(
            Engine::of("postgres://portal@db/portal"),
            Ok(Engine::Postgres)
        );
        assert_eq!(Engine::of("postgresql://db/portal"), Ok(Engine::Postgres));
        let e = Engine::of("mysql://root:hunter2@db/portal").unwrap_err();
        assert!(e.contains("postgres://") && e.contains("sqlite://"), "{e}");
        assert!(
            !e.contains("hunter2"),
            "the password must not be shown: {e}"
        );
    }

    /// Routes speak HTTP and call the store; the store owns all SQL. This fails on any query,
    /// or SQL text, in a file of the server outside `src/store/`.
    #[test]
    fn no_sql_outside_the_store() {
        fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    if !path.ends_with("store") {
                        walk(&path, found);
                    }
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for (n, line) in text.lines().enumerate() {
                        let sql = [
                            "sqlx::query",
                            "sqlx::raw_sql",
                            "QueryBuilder",
                            "query_as",
                            "query_scalar",
                        ]
                        .iter()
                        .any(|call| line.contains(call))
                            || [
                                "\"SELECT ",
                                "\"INSERT ",
                                "\"UPDATE ",
                                "\"DELETE ",
                                "\"CREATE ",
                            ]
                            .iter()
                            .any(|start| line.contains(start));
                        if sql {
                            found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                        }
                    }
                }
            }
        }
        let mut found = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        );
        assert!(
            found.is_empty(),
            "SQL outside src/store/:\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn passwords_are_hidden_in_messages() {
        assert_eq!(
            redact("postgres://portal:s3cret@db:5432/p"),
            "postgres://portal:***@db:5432/p"
        );
        assert_eq!(redact("postgres://portal@db/p"), "postgres://portal@db/p");
        assert_eq!(redact("sqlite://portal.db"), "sqlite://portal.db");
    }
}
