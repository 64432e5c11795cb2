//! `cargo xtask demo | test | size | bench`: the only entry points a person needs.
//!
//! - `demo`: installs what is missing, builds the widget, starts portal-server with the demo
//!   clinic and prints the demo site's URL.
//! - `test`: installs what is missing, then runs every test (native, wasm in Chromium, e2e with
//!   axe-core) and the size budget; exits non-zero on any failure.
//! - `size`: builds the release widget and checks its size budget.
//! - `bench`: prints the server and slot-engine figures, and the page-load benchmark in Chromium.

mod bench;
mod build;
mod imports;
mod postgres;
mod size;
mod test;
mod tools;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  demo [--port PORT] [--db PATH]   build the widget and run the demo clinic site
  test                             install what is missing and run every test
  size                             build the release widget and check its size budget
  bench                            print throughput, latency and page-load figures";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => build::demo(&args[1..]),
        Some("test") => test::run(&args[1..]),
        Some("size") => size::run().map(|summary| println!("size: {summary}")),
        Some("bench") => bench::run_all(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(anyhow::anyhow!("unknown command \"{other}\"\n\n{USAGE}")),
        None => Err(anyhow::anyhow!("{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The project root (the workspace).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}
