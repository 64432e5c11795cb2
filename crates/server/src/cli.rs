//! The command line: with no subcommand, serve (flags in [`Settings`]); `staff-key` manages the
//! staff API keys that create instruction packets.
//!
//! ```text
//! portal-server --clinic clinic.toml --database sqlite://portal.db staff-key create --clinic-id maple-grove --label "Front desk"
//! ```

use std::process::ExitCode;

use chrono::SecondsFormat;
use clap::{Parser, Subcommand};

use crate::booking::from_epoch;
use crate::startup::{load_clinics, Settings};
use crate::{staff_keys, store};

/// portal-server's command line.
#[derive(Debug, Parser)]
#[command(
    name = "portal-server",
    version,
    about = "Serves the patient portal: the booking API, the widget and the demo site.",
    after_help = "The first manager: portal-server --clinic FILE --database URL staff add --clinic-id CLINIC_ID --email EMAIL --role manager\nStaff keys (other systems): portal-server --clinic FILE --database URL staff-key create --clinic-id CLINIC_ID [--label TEXT] [--role ROLE]\n(the clinic files and database come before staff-key)\nMoving to PostgreSQL: portal-server copy-data --from sqlite://portal.db --to postgres://portal@db/portal",
    subcommand_negates_reqs = true
)]
pub struct Cli {
    /// Serving settings; the database and clinic files are also used by the subcommands.
    #[command(flatten)]
    pub settings: Settings,
    /// What to do instead of serving.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do instead of serving.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Staff API keys (they create instruction packets). Flags of the server (--database,
    /// --clinic FILE) go before `staff-key`.
    #[command(subcommand)]
    StaffKey(StaffKeyCommand),
    /// Staff accounts for the console (people sign in with email and password). Flags of the
    /// server (--database, --clinic FILE, --public-url) go before `staff`.
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Writes a consistent copy of the database to a new file while the server keeps serving
    /// (SQLite's VACUUM INTO). Restore: stop the server, put the copy where --database points
    /// (removing the old file's -wal and -shm), start it. See docs/server.md, "Backups".
    Backup {
        /// The new file; it must not exist yet.
        #[arg(long, value_name = "FILE")]
        to: std::path::PathBuf,
    },
    /// Copies everything from a SQLite database into a new, empty PostgreSQL database, then
    /// checks the copy (row counts, and rows compared column by column). Stop the server first.
    /// See docs/server.md, "Moving to PostgreSQL".
    CopyData {
        /// The SQLite database, like sqlite:///var/lib/portal/portal.db.
        #[arg(long, value_name = "URL")]
        from: String,
        /// The empty PostgreSQL database, like postgres://portal@db.example/portal.
        #[arg(long, value_name = "URL")]
        to: String,
    },
}

/// Runs `copy-data`: exit 0 with what was copied and checked, 2 when it cannot.
pub async fn copy_data(from: &str, to: &str) -> ExitCode {
    match store::copy::copy_data(from, to).await {
        Ok(copied) => {
            let tables: Vec<String> = copied
                .tables
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|(table, n)| format!("{table} {n}"))
                .collect();
            println!(
                "Copied {} rows from {} to {}: {}.\nChecked: every table's row count matches, and {} rows compared column by column are the same.",
                copied.rows(),
                store::redact(from),
                store::redact(to),
                tables.join(", "),
                copied.compared
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("portal-server: {message}");
            ExitCode::from(2)
        }
    }
}

/// Runs `backup --to FILE`: exit 0 with a line saying what was written, 2 when it cannot.
pub async fn backup(settings: &Settings, to: &std::path::Path) -> ExitCode {
    let run = async {
        let (pool, engine) = store::connect_with(&settings.database, settings.pool()).await?;
        let result = store::backup(&pool, engine, to).await;
        pool.close().await;
        result
    };
    match run.await {
        Ok(bytes) => {
            eprintln!(
                "Backed up {} to {} ({bytes} bytes).",
                settings.database,
                to.display()
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("portal-server: {message}");
            ExitCode::from(2)
        }
    }
}

/// `staff-key` subcommands.
#[derive(Debug, Subcommand)]
pub enum StaffKeyCommand {
    /// Creates a key and prints it once on standard output; only its SHA-256 is stored.
    Create {
        /// The clinic's id (from its file's clinic.id), like maple-grove.
        #[arg(long = "clinic-id", value_name = "ID")]
        clinic: String,
        /// A label for people, like "Front desk".
        #[arg(long, default_value = "")]
        label: String,
        /// What the key may do: front_desk, clinician or manager.
        #[arg(long, default_value = "manager", value_parser = ["front_desk", "clinician", "manager"])]
        role: String,
    },
    /// Lists keys (id, clinic, label, created, state); never the keys themselves.
    List {
        /// Only this clinic's keys.
        #[arg(long = "clinic-id", value_name = "ID")]
        clinic: Option<String>,
    },
    /// Revokes a key at once.
    Revoke {
        /// The key's id, from `create` or `list`.
        #[arg(value_name = "KEY_ID")]
        id: i64,
    },
}

/// `staff` subcommands.
#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Adds an account (the first manager, say) and prints its one-time set-password link on
    /// standard output; it works for 72 hours.
    Add {
        /// The clinic's id (from its file's clinic.id), like maple-grove.
        #[arg(long = "clinic-id", value_name = "ID")]
        clinic: String,
        /// The email they sign in with.
        #[arg(long)]
        email: String,
        /// front_desk, clinician or manager.
        #[arg(long)]
        role: String,
        /// Their name, as colleagues know them.
        #[arg(long, default_value = "")]
        name: String,
        /// For a clinician: their provider id at the clinic (their own schedule).
        #[arg(long)]
        provider: Option<String>,
    },
    /// Resets an account's password (when no manager can, say): the old password and its
    /// sessions stop at once, and a new one-time set-password link is printed.
    Reset {
        /// The clinic's id.
        #[arg(long = "clinic-id", value_name = "ID")]
        clinic: String,
        /// The account's email.
        #[arg(long)]
        email: String,
    },
}

/// Runs a `staff` subcommand: exit 0 on success, 2 when the input or start-up is wrong.
pub async fn staff(settings: &Settings, command: StaffCommand) -> ExitCode {
    let run = async {
        let (clinic, email, role, name, provider) = match command {
            StaffCommand::Add {
                clinic,
                email,
                role,
                name,
                provider,
            } => (clinic, email, role, name, provider),
            StaffCommand::Reset { clinic, email } => {
                return staff_reset(settings, &clinic, &email).await
            }
        };
        let clinics = load_clinics(settings)?;
        let Some(config) = clinics.get(&clinic) else {
            let mut known: Vec<&str> = clinics.iter().map(|c| c.clinic.id.as_str()).collect();
            known.sort_unstable();
            return Err(format!(
                "staff add --clinic-id \"{clinic}\": no clinic file has this id; use one of: {}",
                known.join(", ")
            ));
        };
        let (pool, _) = store::connect_with(&settings.database, settings.pool()).await?;
        let account = crate::staff::accounts::AddAccount {
            email: &email,
            name: &name,
            role: &role,
            provider: provider.as_deref(),
        };
        let added =
            crate::staff::accounts::add(&pool, config, &account, "cli", chrono::Utc::now()).await;
        pool.close().await;
        let (row, code) = added.map_err(|refused| match refused {
            crate::staff::accounts::AddRefused::Fields(fields) => fields
                .iter()
                .map(|f| format!("staff add --{}: {}", f.path, f.message))
                .collect::<Vec<_>>()
                .join("\n"),
            crate::staff::accounts::AddRefused::Exists => format!(
                "staff add --email {email}: {clinic} already has an account with this email"
            ),
            crate::staff::accounts::AddRefused::Database(e) => {
                format!(
                    "cannot use the database {}: {e}",
                    store::redact(&settings.database)
                )
            }
        })?;
        let public_url = settings.public_url(settings.listen);
        println!(
            "{}",
            crate::staff::accounts::setup_link(&public_url, &clinic, &code)
        );
        eprintln!(
            "Added {} ({}) to {clinic}. Give them the link above: it sets their password, works once, and stops working in {} hours.",
            row.email,
            row.role.replace('_', " "),
            crate::staff::SETUP_HOURS
        );
        Ok::<(), String>(())
    };
    match run.await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("portal-server: {message}");
            ExitCode::from(2)
        }
    }
}

/// `staff reset`: a new set-password link for an account, printed on standard output.
async fn staff_reset(settings: &Settings, clinic: &str, email: &str) -> Result<(), String> {
    let clinics = load_clinics(settings)?;
    if clinics.get(clinic).is_none() {
        return Err(format!(
            "staff reset --clinic-id \"{clinic}\": no clinic file has this id"
        ));
    }
    let (pool, _) = store::connect_with(&settings.database, settings.pool()).await?;
    let failed = |e: sqlx::Error| {
        format!(
            "cannot use the database {}: {e}",
            store::redact(&settings.database)
        )
    };
    let email = email.trim().to_lowercase();
    let found = store::staff::credentials(&pool, clinic, &email)
        .await
        .map_err(failed)?;
    let Some(account) = found else {
        pool.close().await;
        return Err(format!("staff reset --email {email}: {clinic} has no account with this email; add one with staff add"));
    };
    let code = crate::tokens::new_secret();
    let until =
        (chrono::Utc::now() + chrono::Duration::hours(crate::staff::SETUP_HOURS)).timestamp();
    let reset = store::staff::reset(
        &pool,
        clinic,
        account.id,
        &crate::tokens::hash(&code),
        until,
    )
    .await;
    let audited = store::audit::record_subject(
        &pool,
        clinic,
        "cli",
        "staff.password_reset",
        Some(&format!("staff_account:{}", account.id)),
    )
    .await;
    pool.close().await;
    reset.and(audited).map_err(failed)?;
    let public_url = settings.public_url(settings.listen);
    println!(
        "{}",
        crate::staff::accounts::setup_link(&public_url, clinic, &code)
    );
    eprintln!(
        "Reset the password of {email} at {clinic}: the old one and its sessions stopped working. Give them the link above; it works once, for {} hours.",
        crate::staff::SETUP_HOURS
    );
    Ok(())
}

/// Runs a `staff-key` subcommand: exit 0 on success, 2 when the input or start-up is wrong.
pub async fn staff_key(settings: &Settings, command: StaffKeyCommand) -> ExitCode {
    match run_staff_key(settings, command).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("portal-server: {message}");
            ExitCode::from(2)
        }
    }
}

async fn run_staff_key(settings: &Settings, command: StaffKeyCommand) -> Result<(), String> {
    if settings.clinics.is_empty() {
        return Err("staff-key needs the clinic files: put --clinic FILE (and --database URL) before staff-key".into());
    }
    let clinics = load_clinics(settings)?;
    let (pool, _) = store::connect_with(&settings.database, settings.pool()).await?;
    let result = run_on(&pool, &clinics, settings, command).await;
    pool.close().await;
    result
}

async fn run_on(
    pool: &crate::store::Pool,
    clinics: &crate::clinics::Clinics,
    settings: &Settings,
    command: StaffKeyCommand,
) -> Result<(), String> {
    let failed = |e: sqlx::Error| format!("cannot use the database {}: {e}", settings.database);
    match command {
        StaffKeyCommand::Create {
            clinic,
            label,
            role,
        } => {
            if clinics.get(&clinic).is_none() {
                let mut known: Vec<&str> = clinics.iter().map(|c| c.clinic.id.as_str()).collect();
                known.sort_unstable();
                return Err(format!(
                    "staff-key create --clinic-id \"{clinic}\": no clinic file has this id; use one of: {}",
                    known.join(", ")
                ));
            }
            let (id, key) = staff_keys::create(pool, &clinic, label.trim(), &role)
                .await
                .map_err(failed)?;
            println!("{key}");
            eprintln!(
                "Created staff key {id} ({role}) for {clinic}. This is the only time it is shown: keep it somewhere safe. \
                 Revoke it with: portal-server staff-key revoke {id}"
            );
        }
        StaffKeyCommand::List { clinic } => {
            let keys = staff_keys::list(pool, clinic.as_deref())
                .await
                .map_err(failed)?;
            println!("ID\tCLINIC\tLABEL\tCREATED\tSTATE\tROLE");
            for key in keys {
                let created = from_epoch(key.created_at).to_rfc3339_opts(SecondsFormat::Secs, true);
                let state = match key.revoked_at {
                    Some(at) => format!(
                        "revoked {}",
                        from_epoch(at).to_rfc3339_opts(SecondsFormat::Secs, true)
                    ),
                    None => "active".to_string(),
                };
                println!(
                    "{}\t{}\t{}\t{created}\t{state}\t{}",
                    key.id, key.clinic_id, key.label, key.role
                );
            }
        }
        StaffKeyCommand::Revoke { id } => {
            if !staff_keys::revoke(pool, id).await.map_err(failed)? {
                return Err(format!("staff-key revoke {id}: there is no staff key with this id; see portal-server staff-key list"));
            }
            eprintln!("Staff key {id} is revoked; it stops working at once.");
        }
    }
    Ok(())
}
