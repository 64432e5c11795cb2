//! Logging. Requests are logged by method, matched route and status only: never query strings,
//! bodies or headers, which may carry patient data or tokens.

use tracing_subscriber::EnvFilter;

/// Starts logging to stderr; `RUST_LOG` overrides the default `info` level.
pub fn init() {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    // Colours only for a person at a terminal; files and log collectors get plain text.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .try_init();
}
