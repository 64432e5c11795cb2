//! A throwaway PostgreSQL cluster for the tests and the benchmark: Debian's `postgresql`
//! (installed when missing and running as root), initialised in a temp folder on a free port,
//! and stopped when the [`Cluster`] is dropped, also when tests fail.
//!
//! `initdb` and `pg_ctl` refuse to run as root, so as root they run as the `postgres` user in
//! a folder that user owns.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::tools::{apt_install, is_root, run};

/// A running cluster; dropping it stops the server and deletes its folder.
pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    as_postgres: bool,
    /// The admin URL: `postgres://portal@127.0.0.1:PORT/postgres`.
    pub url: String,
}

/// The folder of Debian's PostgreSQL programs (`/usr/lib/postgresql/N/bin`), installing the
/// `postgresql` package when it is missing and this runs as root.
pub fn ensure_installed() -> Result<PathBuf> {
    if let Some(bin) = find_bin() {
        return Ok(bin);
    }
    if !is_root() {
        bail!(
            "PostgreSQL is needed for the server tests on PostgreSQL. Install it with:\n    \
             sudo apt-get install -y postgresql\nthen run cargo xtask test again."
        );
    }
    apt_install(&["postgresql"])?;
    find_bin().context(
        "apt-get installed postgresql, but /usr/lib/postgresql/*/bin/initdb is still missing",
    )
}

fn find_bin() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").is_file() && bin.join("pg_ctl").is_file())
        .collect();
    // The newest version.
    found.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    found.pop()
}

impl Cluster {
    /// Starts a new cluster. `durable: false` turns fsync off (tests: faster, and nothing to
    /// keep); the benchmark keeps it on, as a clinic would.
    pub fn start(bin: &Path, durable: bool) -> Result<Cluster> {
        let as_postgres = is_root();
        let dir = std::env::temp_dir().join(format!(
            "portal-pg-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or_default()
        ));
        std::fs::create_dir_all(&dir)?;
        if as_postgres {
            run(Command::new("chown").arg("postgres:postgres").arg(&dir))?;
        }
        let port = free_port()?;
        let cluster = Cluster {
            bin: bin.to_path_buf(),
            dir,
            as_postgres,
            url: format!("postgres://portal@127.0.0.1:{port}/postgres"),
        };
        let data = cluster.dir.join("data");
        cluster
            .pg("initdb")
            .args([
                "-A",
                "trust",
                "-U",
                "portal",
                "--no-sync",
                "--encoding",
                "UTF8",
                "-D",
            ])
            .arg(&data)
            .run_quiet()
            .context("initdb")?;
        let mut options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c max_connections=400",
            cluster.dir.display()
        );
        if !durable {
            options.push_str(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        }
        cluster
            .pg("pg_ctl")
            .args(["-w", "-t", "60", "-D"])
            .arg(&data)
            .args(["-o", &options, "-l"])
            .arg(cluster.dir.join("log"))
            .arg("start")
            .run_quiet()
            .with_context(|| {
                let log = std::fs::read_to_string(cluster.dir.join("log")).unwrap_or_default();
                format!("pg_ctl start; its log:\n{log}")
            })?;
        println!("xtask: PostgreSQL test cluster at {}", cluster.url);
        Ok(cluster)
    }

    fn pg(&self, program: &str) -> Pg {
        let path = self.bin.join(program);
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        };
        command.stdin(Stdio::null()).current_dir(&self.dir);
        Pg(command)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self
            .pg("pg_ctl")
            .args(["-w", "-D"])
            .arg(self.dir.join("data"))
            .args(["stop", "-m", "fast"])
            .run_quiet();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

struct Pg(Command);

impl Pg {
    fn args<I, S>(&mut self, args: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.0.args(args);
        self
    }

    fn arg(&mut self, arg: impl AsRef<std::ffi::OsStr>) -> &mut Self {
        self.0.arg(arg);
        self
    }

    /// Runs it; its output is shown only when it fails.
    fn run_quiet(&mut self) -> Result<()> {
        let output = self.0.output().with_context(|| format!("{:?}", self.0))?;
        if !output.status.success() {
            bail!(
                "{:?} failed ({}):\n{}{}",
                self.0,
                output.status,
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(())
    }
}

fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}
