//! The database: SQLite in WAL mode with a busy timeout; migrations run at start.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

/// Opens (creating if missing) the database at `url` and brings its schema up to date.
pub async fn connect(url: &str) -> Result<SqlitePool, String> {
    if !url.starts_with("sqlite:") {
        return Err(format!(
            "--database \"{url}\" is not supported; use a SQLite URL like sqlite://target/portal.db"
        ));
    }
    create_parent_dir(url)?;
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| {
            format!("--database \"{url}\" is not a valid SQLite URL ({e}); use sqlite://PATH")
        })?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .map_err(|e| format!("cannot open the database {url}: {e}"))?;
    sqlx::migrate!("./migrations")
        .run(&pool)
        .await
        .map_err(|e| format!("cannot update the database schema in {url}: {e}"))?;
    Ok(pool)
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

/// Writes a consistent copy of the whole database to `to` (a new file) with `VACUUM INTO`, which
/// reads one snapshot while other connections keep writing. Returns the copy's size in bytes.
pub async fn backup(pool: &SqlitePool, to: &std::path::Path) -> Result<u64, String> {
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
    sqlx::query("VACUUM INTO ?")
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

/// Lets one request at a time of this process ask SQLite for its write lock. Writers that find
/// the lock taken would otherwise sleep in SQLite's busy handler (1, 2, 5, 10, ... ms) and wake
/// late; queued here they start the moment the previous writer commits. (Other processes on
/// the same file still meet the busy timeout.)
#[derive(Debug, Clone, Default)]
pub struct WriteGate(std::sync::Arc<tokio::sync::Mutex<()>>);

impl WriteGate {
    /// This process's turn to write, for a single statement outside a transaction.
    pub async fn turn(&self) -> tokio::sync::OwnedMutexGuard<()> {
        self.0.clone().lock_owned().await
    }

    /// A write transaction (`BEGIN IMMEDIATE`), taken in turn.
    pub async fn begin(&self, pool: &SqlitePool) -> Result<WriteTx, sqlx::Error> {
        let turn = self.0.clone().lock_owned().await;
        let tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        Ok(WriteTx { tx, _turn: turn })
    }
}

/// A write transaction holding its turn at the [`WriteGate`]; it derefs to the connection.
pub struct WriteTx {
    tx: sqlx::Transaction<'static, sqlx::Sqlite>,
    _turn: tokio::sync::OwnedMutexGuard<()>,
}

impl WriteTx {
    /// Commits, and lets the next writer in.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::SqliteConnection;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}
