//! `cargo xtask test`: install what is missing, then run every test and the size budget.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Result};

use crate::tools::{self, run as sh};
use crate::{build, postgres, root, size};

struct Step {
    name: &'static str,
    ok: bool,
    seconds: f64,
    note: String,
}

/// Runs every suite; prints a summary; fails when any failed.
pub fn run(args: &[String]) -> Result<()> {
    if let Some(arg) = args.first() {
        bail!("cargo xtask test takes no options (got \"{arg}\")");
    }
    let started = Instant::now();
    let mut steps: Vec<Step> = Vec::new();

    // Set-up failures stop the run: nothing after them could work.
    let setup = Instant::now();
    tools::ensure_wasm_target()?;
    tools::ensure_wasm_bindgen()?;
    tools::ensure_npm_packages()?;
    let (chromium, chromedriver) = tools::ensure_chromium()?;
    let postgres_bin = postgres::ensure_installed()?;
    steps.push(Step {
        name: "setup",
        ok: true,
        seconds: setup.elapsed().as_secs_f64(),
        note: String::new(),
    });

    let root = root();
    step(
        &mut steps,
        "native tests (unit, property, server API)",
        || {
            sh(Command::new("cargo")
                .args(["test", "--workspace"])
                .current_dir(&root))
        },
    );

    // The same API suite again, every test on its own database in a throwaway PostgreSQL
    // cluster, which is stopped when this step ends, whether the tests passed or not. It runs
    // the test binary the step above built: `cargo test -p portal-server` would resolve other
    // features than `--workspace` and build the server again.
    step(&mut steps, "server API tests on PostgreSQL", || {
        let api = api_test_binary(&root)?;
        let cluster = postgres::Cluster::start(&postgres_bin, false)?;
        sh(Command::new(api)
            .current_dir(root.join("crates/server"))
            .env("PORTAL_TEST_POSTGRES", &cluster.url))
    });

    // Default features: the browser tests see every view.
    step(
        &mut steps,
        "widget browser tests (wasm, headless Chromium)",
        || {
            sh(Command::new("cargo")
                .args([
                    "test",
                    "--package",
                    "portal-widget",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--tests",
                ])
                .current_dir(&root)
                .env(
                    "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                    tools::tools_bin().join("wasm-bindgen-test-runner"),
                )
                .env("CHROMEDRIVER", &chromedriver)
                .env("WASM_BINDGEN_TEST_TIMEOUT", "120"))
        },
    );

    let mut size_note = String::new();
    step(&mut steps, "size budget", || {
        size_note = size::run()?;
        Ok(())
    });
    if let Some(last) = steps.last_mut() {
        last.note = size_note;
    }

    step(&mut steps, "end-to-end specs (Chromium + axe-core)", || {
        let server = build::build_server()?;
        let site = build::site_dir();
        if !build::BUNDLES.iter().all(|b| {
            build::built_name(
                &site.join("widget"),
                &format!("portal_widget_{b}_bg"),
                ".wasm",
            )
            .is_ok()
        }) {
            build::build_widget()?;
        }
        let e2e = root.join("e2e");
        let mut specs: Vec<PathBuf> = std::fs::read_dir(e2e.join("specs"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with(".spec.mjs"))
            .collect();
        specs.sort();
        if specs.is_empty() {
            bail!("no e2e specs found in e2e/specs");
        }
        sh(Command::new("node")
            .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
            .args(&specs)
            .current_dir(&e2e)
            .env("PORTAL_SERVER_BIN", &server)
            .env("PORTAL_CLINIC", root.join("examples/demo-clinic.toml"))
            .env("PORTAL_ASSETS", &site)
            .env("CHROMIUM_PATH", &chromium))
    });

    println!();
    println!("== cargo xtask test: summary ==");
    for s in &steps {
        println!(
            "  {} {:<50} {:>6.1}s  {}",
            if s.ok { "ok  " } else { "FAIL" },
            s.name,
            s.seconds,
            s.note
        );
    }
    let failed = steps.iter().filter(|s| !s.ok).count();
    println!("  total {:.1}s", started.elapsed().as_secs_f64());
    println!("steps: {} passed, {} failed", steps.len() - failed, failed);
    if failed > 0 {
        bail!("{failed} step(s) failed");
    }
    Ok(())
}

/// The server's API test binary as `cargo test --workspace` builds it (nothing is rebuilt).
fn api_test_binary(root: &std::path::Path) -> Result<PathBuf> {
    let output = Command::new("cargo")
        .args(["test", "--workspace", "--no-run", "--message-format=json"])
        .current_dir(root)
        .stderr(std::process::Stdio::inherit())
        .output()?;
    if !output.status.success() {
        bail!("cargo test --workspace --no-run failed");
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|m| {
            m["reason"] == "compiler-artifact"
                && m["target"]["name"] == "api"
                && m["target"]["kind"][0] == "test"
        })
        .and_then(|m| m["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| anyhow::anyhow!("cargo built no `api` test binary for portal-server"))
}

fn step(steps: &mut Vec<Step>, name: &'static str, f: impl FnOnce() -> Result<()>) {
    println!();
    println!("== {name} ==");
    let started = Instant::now();
    let result = f();
    let note = match &result {
        Ok(()) => String::new(),
        Err(e) => {
            eprintln!("xtask: {name}: {e:#}");
            format!("{e:#}")
                .lines()
                .next()
                .unwrap_or_default()
                .chars()
                .take(80)
                .collect()
        }
    };
    steps.push(Step {
        name,
        ok: result.is_ok(),
        seconds: started.elapsed().as_secs_f64(),
        note,
    });
}
