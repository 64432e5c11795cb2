//! `cargo xtask bench`: throughput and latency figures (record them in BENCHMARKS.md).

use std::process::Command;

use anyhow::Result;

use crate::root;
use crate::tools::run;

/// Runs the slot-engine and server benchmarks in release builds and prints their figures.
pub fn run_all(args: &[String]) -> Result<()> {
    if let Some(arg) = args.first() {
        anyhow::bail!("cargo xtask bench takes no options (got \"{arg}\")");
    }
    println!("== slot engine ==");
    run(Command::new("cargo")
        .args([
            "run",
            "--quiet",
            "--release",
            "--package",
            "portal-core",
            "--example",
            "slot_engine_bench",
        ])
        .current_dir(root()))?;
    println!();
    println!(
        "== portal-server ({} cores) ==",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    run(Command::new("cargo")
        .args([
            "run",
            "--quiet",
            "--release",
            "--package",
            "portal-server",
            "--example",
            "bench",
        ])
        .env("RUST_LOG", "warn")
        .current_dir(root()))?;
    println!();
    println!("Targets (2 cores): booking >= 500/s with p99 <= 50 ms; availability >= 2,000/s with p99 <= 20 ms; slot engine well under 1 ms per provider.");
    Ok(())
}
