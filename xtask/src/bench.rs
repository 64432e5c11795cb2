//! `cargo xtask bench`: throughput and latency figures, and the page-load benchmark in real
//! Chromium (record them in BENCHMARKS.md).

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
        "== portal-server on SQLite and PostgreSQL ({} cores) ==",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    // A durable cluster (fsync on, as a clinic runs it), stopped when this returns.
    let cluster = crate::postgres::Cluster::start(&crate::postgres::ensure_installed()?, true)?;
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
        .env("BENCH_POSTGRES", &cluster.url)
        .current_dir(root()))?;
    drop(cluster);
    println!();
    println!("Targets (2 cores), each engine: booking >= 500/s held at p99 <= 50 ms and >= 50% of the raw insert rate; availability >= 2,000/s; slot engine well under 1 ms per provider.");
    println!();
    println!("== page load (Chromium, slow phone) ==");
    page_load()
}

/// The page-load benchmark (`e2e/bench/load.mjs`): the release widget and server, Debian's
/// Chromium through playwright-core, figures printed and written to `target/bench/load.json`.
fn page_load() -> Result<()> {
    let (chromium, _) = crate::tools::ensure_chromium()?;
    let site = crate::build::build_widget()?;
    let hello = build_hello()?;
    run(Command::new("cargo")
        .args([
            "build",
            "--quiet",
            "--release",
            "--package",
            "portal-server",
        ])
        .current_dir(root()))?;
    run(Command::new("node")
        .arg("bench/load.mjs")
        .current_dir(root().join("e2e"))
        .env("CHROMIUM_PATH", chromium)
        .env("PORTAL_ASSETS", &site)
        .env(
            "PORTAL_SERVER_BIN",
            root().join("target/release/portal-server"),
        )
        .env("PORTAL_CLINIC", root().join("examples/demo-clinic.toml"))
        .env("BENCH_OUT", root().join("target/bench/load.json"))
        .env("BENCH_HELLO", hello))?;
    println!("Targets: first step <= 1.5 s, open times <= 0.5 s after Continue, <= 140 KB and <= 4 requests in sequence before the first step, no layout shift, no task over 50 ms after the first step.");
    Ok(())
}

/// The yew "hello" reference (`crates/bench-hello`), built like the widget: the `widget`
/// profile, wasm-bindgen for the web, short import names, wasm-opt -Oz with the same features,
/// the glue minified. Into `target/bench/hello/`, with the page's start script.
fn build_hello() -> Result<std::path::PathBuf> {
    let out = root().join("target/bench/hello");
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    std::fs::create_dir_all(&out)?;
    run(Command::new("cargo")
        .args([
            "build",
            "--quiet",
            "--package",
            "portal-bench-hello",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            "widget",
        ])
        .current_dir(root()))?;
    let wasm = root().join("target/wasm32-unknown-unknown/widget/portal_bench_hello.wasm");
    run(Command::new(crate::tools::ensure_wasm_bindgen()?)
        .args(["--target", "web", "--no-typescript", "--out-dir"])
        .arg(&out)
        .arg(&wasm))?;
    // Finished as the widget's bundles are: short import names, wasm-opt, minified glue.
    crate::build::shorten_imports(&out, "portal_bench_hello")?;
    crate::build::shrink_wasm(
        &crate::tools::wasm_opt(),
        &out.join("portal_bench_hello_bg.wasm"),
    )?;
    let glue = out.join("portal_bench_hello.js");
    let minified = crate::build::minify(&out, &std::fs::read_to_string(&glue)?, true)?;
    std::fs::write(&glue, minified)?;
    std::fs::write(
        out.join("start.js"),
        "import init from './portal_bench_hello.js';\ninit();\n",
    )?;
    Ok(out)
}
