//! portal-server: parses the command line and runs the app; everything else lives in the library.

use std::process::ExitCode;

use clap::Parser;
use portal_server::cli::{Cli, Command};
use portal_server::startup::Application;

#[tokio::main]
async fn main() -> ExitCode {
    let Cli { settings, command } = Cli::parse();
    portal_server::telemetry::init();
    match command {
        Some(Command::StaffKey(command)) => {
            return portal_server::cli::staff_key(&settings, command).await
        }
        Some(Command::Staff(command)) => {
            return portal_server::cli::staff(&settings, command).await
        }
        Some(Command::Backup { to }) => return portal_server::cli::backup(&settings, &to).await,
        Some(Command::CopyData { from, to }) => {
            return portal_server::cli::copy_data(&from, &to).await
        }
        None => {}
    }
    let app = match Application::build(settings).await {
        Ok(app) => app,
        Err(message) => {
            eprintln!("portal-server: {message}");
            return ExitCode::from(2);
        }
    };
    println!("portal-server listening on http://{}", app.address());
    match app.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("portal-server: {e}");
            ExitCode::FAILURE
        }
    }
}
