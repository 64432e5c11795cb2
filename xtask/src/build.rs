//! Building the widget and the demo site, and running the demo.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::root;
use crate::tools::{self, run};

/// The built site: the demo page at `/`, the widget under `/widget/`.
pub fn site_dir() -> PathBuf {
    root().join("target/site")
}

/// The widget's bundles: one per view (a cargo feature of the widget), each its own
/// `portal_widget_<view>.js` + `portal_widget_<view>_bg.wasm`. The loader imports the one the
/// page needs, so a patient downloads one view only: booking (with the one-tap question after
/// it), manage (from the link after booking), instructions (with the after-visit questions),
/// feedback (the link a clinic sends after a visit).
pub const BUNDLES: [&str; 4] = ["booking", "manage", "instructions", "feedback"];

/// Builds the release widget (size-tuned profile, wasm-bindgen, wasm-opt -Oz), one bundle per
/// view, into `target/site/widget/`, with the demo page at `target/site/index.html`.
pub fn build_widget() -> Result<PathBuf> {
    tools::ensure_wasm_target()?;
    let wasm_bindgen = tools::ensure_wasm_bindgen()?;
    tools::ensure_npm_packages()?;
    let wasm_opt = tools::wasm_opt();
    if !wasm_opt.exists() {
        bail!("{} is missing; run `npm ci` in e2e/", wasm_opt.display());
    }
    let root = root();
    let site = site_dir();
    let out = site.join("widget");
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("cannot clean {}", out.display()))?;
    }
    std::fs::create_dir_all(&out)?;
    let wasm = root.join("target/wasm32-unknown-unknown/widget/portal_widget.wasm");
    for bundle in BUNDLES {
        println!("xtask: building the {bundle} bundle (release, size-tuned)");
        run(Command::new("cargo")
            .args(["build", "--package", "portal-widget", "--lib", "--target", "wasm32-unknown-unknown", "--profile", "widget"])
            .args(["--no-default-features", "--features", bundle])
            .current_dir(&root))?;
        // Every build writes the same .wasm: bind each before the next build replaces it.
        let name = format!("portal_widget_{bundle}");
        run(Command::new(&wasm_bindgen)
            .args(["--target", "web", "--no-typescript", "--out-name", &name, "--out-dir"])
            .arg(&out)
            .arg(&wasm))?;
        let bg = out.join(format!("{name}_bg.wasm"));
        run(Command::new(&wasm_opt)
            .args(["-Oz", "--converge"])
            .args(["--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext", "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue"])
            .arg(&bg)
            .arg("-o")
            .arg(&bg))?;
    }
    copy(&root.join("src/loader/patient-portal.js"), &out.join("patient-portal.js"))?;
    copy(&root.join("styles/widget.css"), &out.join("widget.css"))?;
    copy(&root.join("index.html"), &site.join("index.html"))?;
    Ok(site)
}

/// Builds portal-server (debug: quick to build, plenty fast for a demo and the tests).
pub fn build_server() -> Result<PathBuf> {
    println!("xtask: building portal-server");
    run(Command::new("cargo").args(["build", "--package", "portal-server", "--bin", "portal-server"]).current_dir(root()))?;
    Ok(root().join("target/debug/portal-server"))
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to).with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))?;
    Ok(())
}

/// `cargo xtask demo [--port PORT] [--db PATH]`.
pub fn demo(args: &[String]) -> Result<()> {
    let mut port: u16 = 8080;
    let mut db = root().join("target/demo/portal.db");
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--port" => {
                let value = it.next().context("--port needs a number, like --port 8080")?;
                port = value.parse().with_context(|| format!("--port \"{value}\" is not a port number; use 1 to 65535, like 8080"))?;
            }
            "--db" => {
                let value = it.next().context("--db needs a file path, like --db target/demo/portal.db")?;
                db = std::env::current_dir()?.join(value);
            }
            other => bail!("unknown option \"{other}\"; use --port PORT or --db PATH"),
        }
    }
    let site = build_widget()?;
    let server = build_server()?;
    let clinic = root().join("examples/demo-clinic.toml");
    let staff_key = demo_staff_key(&server, &db, &clinic)?;
    let mut child = Command::new(&server)
        .arg("--listen")
        .arg(format!("127.0.0.1:{port}"))
        .arg("--database")
        .arg(format!("sqlite://{}", db.display()))
        .arg("--clinic")
        .arg(&clinic)
        .arg("--assets")
        .arg(&site)
        .stdout(Stdio::null())
        .spawn()
        .context("cannot start portal-server")?;
    // Wait for health so the URL printed works at once.
    let url = format!("http://localhost:{port}/");
    for _ in 0..100 {
        if let Some(status) = child.try_wait()? {
            bail!("portal-server stopped ({status}); see the message above");
        }
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    println!();
    println!("  The demo clinic's website, with the widget booking for real:");
    println!();
    println!("      {url}");
    println!();
    println!("  Clinic staff write post-visit instructions at {url}staff");
    println!("  (clinic id: maple-grove, staff key: {staff_key})");
    println!();
    println!("  Database: {}   API: {url}api/v1/openapi.json", db.display());
    println!("  Press Ctrl-C to stop.");
    println!();
    let status = child.wait()?;
    // Ctrl-C reaches the server too; it stops cleanly with success or by the signal.
    if !status.success() && status.code().is_some() {
        bail!("portal-server stopped ({status})");
    }
    Ok(())
}

/// A fresh staff key for the demo clinic, made with `portal-server staff-key create` as a
/// clinic's administrator would; the demo prints it so the staff page can be tried at once.
fn demo_staff_key(server: &Path, db: &Path, clinic: &Path) -> Result<String> {
    if let Some(dir) = db.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let output = Command::new(server)
        .arg("--database")
        .arg(format!("sqlite://{}", db.display()))
        .arg("--clinic")
        .arg(clinic)
        .args(["staff-key", "create", "--clinic-id", "maple-grove", "--label", "cargo xtask demo"])
        .output()
        .context("cannot run portal-server staff-key create")?;
    if !output.status.success() {
        bail!("portal-server staff-key create failed ({}): {}", output.status, String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}
