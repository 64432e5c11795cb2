//! Installing what the build and tests need, idempotently and without questions.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::root;

/// The wasm-bindgen version; must equal the `wasm-bindgen` crate pinned in Cargo.toml.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";

/// Runs a command, failing with its name when it fails.
pub fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd
        .status()
        .with_context(|| format!("cannot start {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed ({status})");
    }
    Ok(())
}

/// The project's private tool folder (`.tools/`, git-ignored).
pub fn tools_bin() -> PathBuf {
    root().join(".tools/bin")
}

/// `rustup target add wasm32-unknown-unknown` unless it is there.
pub fn ensure_wasm_target() -> Result<()> {
    let output = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    if let Ok(output) = output {
        if String::from_utf8_lossy(&output.stdout)
            .lines()
            .any(|l| l.trim() == "wasm32-unknown-unknown")
        {
            return Ok(());
        }
    }
    println!("xtask: installing the wasm32-unknown-unknown target");
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// `wasm-bindgen` and `wasm-bindgen-test-runner` at the pinned version, in `.tools/bin`.
pub fn ensure_wasm_bindgen() -> Result<PathBuf> {
    let bin = tools_bin().join("wasm-bindgen");
    let wanted = format!("wasm-bindgen {WASM_BINDGEN_VERSION}");
    let current = Command::new(&bin).arg("--version").output().ok();
    let ok = current
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == wanted)
        .unwrap_or(false);
    if !ok || !tools_bin().join("wasm-bindgen-test-runner").exists() {
        println!("xtask: installing wasm-bindgen-cli {WASM_BINDGEN_VERSION} into .tools (about 2 minutes, once)");
        // `--locked` fails here: a locked dependency version is missing from the registry.
        run(Command::new("cargo").args([
            "install",
            "--root",
            root()
                .join(".tools")
                .to_str()
                .context("project path is not UTF-8")?,
            "wasm-bindgen-cli",
            "--version",
            WASM_BINDGEN_VERSION,
            "--force",
        ]))?;
    }
    Ok(bin)
}

/// `npm ci` in `e2e/` when `node_modules` does not match the committed lockfile.
pub fn ensure_npm_packages() -> Result<()> {
    let e2e = root().join("e2e");
    let lock =
        std::fs::read(e2e.join("package-lock.json")).context("e2e/package-lock.json is missing")?;
    let stamp_file = e2e.join("node_modules/.xtask-lock-stamp");
    let stamp = format!("{:x}", fnv1a(&lock));
    if std::fs::read_to_string(&stamp_file).ok().as_deref() == Some(stamp.as_str()) {
        return Ok(());
    }
    which("npm").context(
        "npm is missing: install Node.js 20 or newer (Debian: apt-get install nodejs npm)",
    )?;
    println!("xtask: npm ci in e2e/ (playwright-core, axe-core, binaryen, maildev)");
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--prefer-offline"])
        .current_dir(&e2e)
        .stdin(Stdio::null()))?;
    std::fs::write(&stamp_file, stamp)?;
    Ok(())
}

/// The `wasm-opt` from npm's binaryen 132 (Debian's is too old for this rustc).
pub fn wasm_opt() -> PathBuf {
    root().join("e2e/node_modules/.bin/wasm-opt")
}

/// Paths to Debian's Chromium and ChromeDriver, installing them when running as root.
pub fn ensure_chromium() -> Result<(PathBuf, PathBuf)> {
    let chromium = PathBuf::from("/usr/bin/chromium");
    let driver = PathBuf::from("/usr/bin/chromedriver");
    if chromium.exists() && driver.exists() {
        return Ok((chromium, driver));
    }
    if !is_root() {
        bail!(
            "Chromium and ChromeDriver are needed for the browser tests. Install them with:\n    \
             sudo apt-get install -y chromium chromium-driver\nthen run cargo xtask test again."
        );
    }
    apt_install(&["chromium", "chromium-driver"])?;
    if !(chromium.exists() && driver.exists()) {
        bail!("apt-get installed chromium, but /usr/bin/chromium or /usr/bin/chromedriver is still missing");
    }
    Ok((chromium, driver))
}

/// Installs Debian packages, without questions (root only).
pub fn apt_install(packages: &[&str]) -> Result<()> {
    println!("xtask: installing Debian's {}", packages.join(" and "));
    run(Command::new("apt-get")
        .args(["update", "-q"])
        .stdin(Stdio::null()))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-q", "--no-install-recommends"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .stdin(Stdio::null()))
}

pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// The full path of a program on PATH.
pub fn which(program: &str) -> Result<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
        .with_context(|| format!("{program} is not on PATH"))
}

/// A small stable hash for change stamps.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x100000001b3)
    })
}

/// True when `path` exists and is a file.
#[allow(dead_code)]
pub fn exists(path: &Path) -> bool {
    path.is_file()
}
