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
            .args([
                "build",
                "--package",
                "portal-widget",
                "--lib",
                "--target",
                "wasm32-unknown-unknown",
                "--profile",
                "widget",
            ])
            .args(["--no-default-features", "--features", bundle])
            .env("RUSTFLAGS", short_paths(&root))
            .current_dir(&root))?;
        // Every build writes the same .wasm: bind each before the next build replaces it.
        let name = format!("portal_widget_{bundle}");
        run(Command::new(&wasm_bindgen)
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                &name,
                "--out-dir",
            ])
            .arg(&out)
            .arg(&wasm))?;
        shorten_imports(&out, &name)?;
        shrink_wasm(&wasm_opt, &out.join(format!("{name}_bg.wasm")))?;
    }
    // The embed page links the stable widget.css; the loader uses the hashed copy.
    std::fs::write(out.join("widget.css"), minified_css(&root, None)?)?;
    copy(
        &root.join("src/loader/patient-portal.schema.json"),
        &out.join("patient-portal.schema.json"),
    )?;
    let files = hash_files(&root, &out)?;
    copy(&root.join("index.html"), &site.join("index.html"))?;
    print_integrity(&out, &files)?;
    // What the server names in the frame's page (preloads with their SRI hashes), by key:
    // `booking` (glue), `booking_wasm`, `css_booking`, `config`, `loader`, ...
    let table: serde_json::Map<String, serde_json::Value> = files
        .iter()
        .map(|f| (f.key.clone(), serde_json::json!([f.name, f.integrity])))
        .collect();
    std::fs::write(
        out.join("files.json"),
        serde_json::to_string_pretty(&table)?,
    )?;
    compress_all(&out)?;
    compress_all(&site)?;
    Ok(site)
}

/// wasm-bindgen's `{stem}_bg.wasm` and `{stem}.js` in `dir`, in place, with short names for
/// what the wasm imports from its glue (see [`crate::imports`]).
pub fn shorten_imports(dir: &Path, stem: &str) -> Result<()> {
    let wasm_path = dir.join(format!("{stem}_bg.wasm"));
    let glue_path = dir.join(format!("{stem}.js"));
    let (wasm, glue) = crate::imports::shorten(
        &std::fs::read(&wasm_path)?,
        &std::fs::read_to_string(&glue_path)?,
    )
    .with_context(|| format!("shortening the import names of {}", wasm_path.display()))?;
    std::fs::write(&wasm_path, wasm)?;
    std::fs::write(&glue_path, glue)?;
    Ok(())
}

/// `wasm-opt -Oz` in place, without the custom sections, with the features every phone of 2020
/// on runs (the widget's and the benchmark's yew "hello" alike).
pub fn shrink_wasm(wasm_opt: &Path, wasm: &Path) -> Result<()> {
    run(Command::new(wasm_opt)
        .args(["-Oz", "--converge"])
        .args([
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
        ])
        // Sections no browser reads: which compiler made it, and the features it was built
        // for (given above). About 190 bytes of gzip.
        .args(["--strip-producers", "--strip-target-features"])
        .arg(wasm)
        .arg("-o")
        .arg(wasm))
}

/// styles/widget.css without its comments and spaces (lightningcss): the same rules in about
/// 590 fewer bytes of gzip for every bundle. Written for the old phones patients have (Safari
/// and Chrome of 2020), so nothing comes out in a newer syntax than the source's, like
/// `(width<=30rem)` for `(max-width: 30rem)`.
///
/// With `used` (the text of a bundle's wasm, its glue and the loader), only the rules the
/// bundle can use: a selector that needs a `pp-` class whose name appears nowhere in that text
/// is left out, and a rule left with no selector goes. Names are looked for as substrings (the
/// wasm keeps its strings end to end, like `pp-partpp-times`), so a doubt keeps the rule.
/// Classes inside `:is()`, `:where()`, `:not()` and `:has()` are not required.
fn minified_css(root: &Path, used: Option<&str>) -> Result<String> {
    use lightningcss::printer::PrinterOptions;
    use lightningcss::stylesheet::{MinifyOptions, ParserOptions, StyleSheet};
    use lightningcss::targets::{Browsers, Targets};
    let old_phones = Targets::from(Browsers {
        safari: Some(14 << 16),
        ios_saf: Some(14 << 16),
        chrome: Some(80 << 16),
        android: Some(80 << 16),
        samsung: Some(12 << 16),
        firefox: Some(78 << 16),
        ..Browsers::default()
    });
    let path = root.join("styles/widget.css");
    let source = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let mut sheet = StyleSheet::parse(&source, ParserOptions::default())
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    if let Some(used) = used {
        keep_used(&mut sheet.rules, used);
    }
    sheet
        .minify(MinifyOptions {
            targets: old_phones,
            ..MinifyOptions::default()
        })
        .map_err(|e| anyhow::anyhow!("{}: cannot minify: {e}", path.display()))?;
    let printed = sheet
        .to_css(PrinterOptions {
            minify: true,
            targets: old_phones,
            ..PrinterOptions::default()
        })
        .map_err(|e| anyhow::anyhow!("{}: cannot print: {e}", path.display()))?;
    Ok(printed.code)
}

/// Drops the selectors (and then rules) that need a class outside `used` (see [`minified_css`]).
fn keep_used(rules: &mut lightningcss::rules::CssRuleList<'_>, used: &str) {
    use lightningcss::rules::CssRule;
    use lightningcss::selector::Component;
    rules.0.retain_mut(|rule| match rule {
        CssRule::Style(style) => {
            style.selectors.0.retain(|selector| {
                selector.iter_raw_match_order().all(|c| match c {
                    Component::Class(class) => {
                        !class.0.starts_with("pp-") || used.contains(class.0.as_ref() as &str)
                    }
                    _ => true,
                })
            });
            keep_used(&mut style.rules, used);
            !style.selectors.0.is_empty()
        }
        CssRule::Media(media) => {
            keep_used(&mut media.rules, used);
            !media.rules.0.is_empty()
        }
        CssRule::Container(container) => {
            keep_used(&mut container.rules, used);
            !container.rules.0.is_empty()
        }
        CssRule::Supports(supports) => {
            keep_used(&mut supports.rules, used);
            !supports.rules.0.is_empty()
        }
        _ => true,
    });
}

/// RUSTFLAGS that shorten the source paths the widget keeps for its panic messages
/// (`/root/.cargo/registry/src/index.crates.io-…/yew-0.23.0/src/…` becomes `yew-0.23.0/src/…`,
/// this checkout's own path goes): fewer bytes to send, and no build machine's paths in them.
/// Added to any RUSTFLAGS already set.
fn short_paths(root: &Path) -> String {
    let mut flags = std::env::var("RUSTFLAGS").unwrap_or_default();
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let mut prefixes: Vec<PathBuf> = vec![root.to_path_buf()];
    if let Some(Ok(registries)) = home.map(|h| std::fs::read_dir(h.join("registry/src"))) {
        prefixes.extend(registries.flatten().map(|e| e.path()));
    }
    for prefix in prefixes {
        flags.push_str(&format!(" --remap-path-prefix={}/=", prefix.display()));
    }
    flags.trim().to_string()
}

/// Writes `name.br` (brotli, quality 11) and `name.gz` (gzip, best) beside every text or wasm
/// file directly in `dir`: portal-server sends them to browsers that accept them
/// (`Content-Encoding`), so what travels is what `cargo xtask size` counts.
fn compress_all(dir: &Path) -> Result<()> {
    use std::io::Write;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let compressible = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "js" | "wasm" | "css" | "json" | "html"));
        if !path.is_file() || !compressible {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&bytes)?;
        std::fs::write(format!("{}.gz", path.display()), gz.finish()?)?;
        let mut br = Vec::new();
        {
            let mut writer = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
            writer.write_all(&bytes)?;
        }
        std::fs::write(format!("{}.br", path.display()), br)?;
    }
    Ok(())
}

/// The loader's name for a file, its hashed file name and its SRI hash.
pub struct Hashed {
    /// `booking`, `css`, `config`...: the key in the loader's `FILES` table.
    pub key: String,
    /// Like `portal_widget_booking.3f2a9c1d.js`.
    pub name: String,
    /// `sha384-...`.
    pub integrity: String,
}

/// `sha384-<base64>` of `bytes`, as Subresource Integrity wants it.
pub fn sri(bytes: &[u8]) -> String {
    use base64::Engine;
    use sha2::Digest;
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(bytes))
    )
}

/// `stem.<first 10 hex of sha256>.ext`.
fn hashed_name(stem: &str, ext: &str, bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    let hex: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    format!("{stem}.{hex}.{ext}")
}

fn write_hashed(out: &Path, key: &str, stem: &str, ext: &str, bytes: &[u8]) -> Result<Hashed> {
    let name = hashed_name(stem, ext, bytes);
    std::fs::write(out.join(&name), bytes).with_context(|| format!("cannot write {name}"))?;
    Ok(Hashed {
        key: key.to_string(),
        name,
        integrity: sri(bytes),
    })
}

/// Gives every bundle file, the CSS and the config module a content-hashed name (served
/// immutable), points each JS glue at its hashed wasm, inlines the schema into the config
/// module and the name table into the loader (which keeps its stable, `no-cache` URL).
fn hash_files(root: &Path, out: &Path) -> Result<Vec<Hashed>> {
    let mut files = Vec::new();
    let mut loader_text = String::new();
    for loader in [
        "src/loader/patient-portal.js",
        "src/loader/patient-portal-config.js",
    ] {
        loader_text.push_str(&std::fs::read_to_string(root.join(loader))?);
    }
    for bundle in BUNDLES {
        let stem = format!("portal_widget_{bundle}");
        let wasm_path = out.join(format!("{stem}_bg.wasm"));
        let wasm = std::fs::read(&wasm_path)?;
        let wasm_file = write_hashed(
            out,
            &format!("{bundle}_wasm"),
            &format!("{stem}_bg"),
            "wasm",
            &wasm,
        )?;
        std::fs::remove_file(&wasm_path)?;
        let js_path = out.join(format!("{stem}.js"));
        let glue = std::fs::read_to_string(&js_path)?;
        let reference = format!("'{stem}_bg.wasm'");
        if !glue.contains(&reference) {
            bail!("the {stem}.js glue does not name {reference}; wasm-bindgen changed how it loads the wasm");
        }
        let glue = glue.replace(&reference, &format!("'{}'", wasm_file.name));
        // Minified like the loader: the same code in about 2 KB less gzip per bundle (the
        // import object's keys, which the wasm names, are properties and keep their names).
        let glue = minify(out, &glue, true)?;
        // The bundle's own CSS: only the rules for the classes it (or the loader) can use.
        let used = [loader_text.as_str(), &String::from_utf8_lossy(&wasm), &glue].concat();
        let css = minified_css(root, Some(&used))?;
        files.push(write_hashed(
            out,
            &format!("css_{bundle}"),
            &format!("widget_{bundle}"),
            "css",
            css.as_bytes(),
        )?);
        files.push(write_hashed(out, bundle, &stem, "js", glue.as_bytes())?);
        std::fs::remove_file(&js_path)?;
        files.push(wasm_file);
    }
    let css = minified_css(root, None)?;
    files.push(write_hashed(out, "css", "widget", "css", css.as_bytes())?);
    // The config module names and pins the bundles and the CSS, and names each wasm (asked for
    // beside its glue; the glue fetches it without an SRI hash, so the preload has none either);
    // the loader pins the config module.
    let table = |files: &[Hashed]| -> String {
        let map: serde_json::Map<String, serde_json::Value> = files
            .iter()
            .map(|f| {
                let entry = if f.key.ends_with("_wasm") {
                    serde_json::json!([f.name])
                } else {
                    serde_json::json!([f.name, f.integrity])
                };
                (f.key.clone(), entry)
            })
            .collect();
        serde_json::Value::Object(map).to_string()
    };
    let config = std::fs::read_to_string(root.join("src/loader/patient-portal-config.js"))?;
    let schema = compact_schema(&std::fs::read_to_string(
        root.join("src/loader/patient-portal.schema.json"),
    )?)?;
    for placeholder in ["/*PP_SCHEMA*/null", "/*PP_FILES*/{}"] {
        if !config.contains(placeholder) {
            bail!("src/loader/patient-portal-config.js lost its {placeholder} placeholder");
        }
    }
    let config = config
        .replace("/*PP_SCHEMA*/null", &schema)
        .replace("/*PP_FILES*/{}", &table(&files));
    let config = minify(out, &config, true)?;
    let config_file = write_hashed(
        out,
        "config",
        "patient-portal-config",
        "js",
        config.as_bytes(),
    )?;

    let loader = std::fs::read_to_string(root.join("src/loader/patient-portal.js"))?;
    let placeholder = "var FILES = {};";
    if !loader.contains(placeholder) {
        bail!("src/loader/patient-portal.js lost its `{placeholder}` placeholder");
    }
    let loader = loader.replace(
        placeholder,
        &format!("var FILES = {};", table(std::slice::from_ref(&config_file))),
    );
    let loader = minify(out, &loader, false)?;
    std::fs::write(out.join("patient-portal.js"), &loader)?;
    files.push(config_file);
    // The frame's page runs the loader and embed.js as one file named by its hash: the frame
    // never asks for the loader again by its stable, revalidated name, and caches this for good.
    let embed = std::fs::read_to_string(root.join("crates/server/embed/embed.js"))?;
    let frame = [loader.trim_end(), ";\n", &minify(out, &embed, false)?].concat();
    files.push(write_hashed(
        out,
        "frame",
        "patient-portal-frame",
        "js",
        frame.as_bytes(),
    )?);
    files.insert(
        0,
        Hashed {
            key: "loader".into(),
            name: "patient-portal.js".into(),
            integrity: sri(loader.as_bytes()),
        },
    );
    Ok(files)
}

/// `source` minified by terser (from e2e/node_modules): names mangled, comments dropped.
pub fn minify(out: &Path, source: &str, module: bool) -> Result<String> {
    let input = out.join(".minify-input.js");
    std::fs::write(&input, source)?;
    let terser = root().join("e2e/node_modules/.bin/terser");
    let mut command = Command::new(&terser);
    command
        .arg(&input)
        .args(["--compress", "--mangle", "--ecma", "2017"]);
    if module {
        command.arg("--module");
    }
    let output = command
        .output()
        .with_context(|| format!("cannot run {}; run `npm ci` in e2e/", terser.display()))?;
    std::fs::remove_file(&input)?;
    if !output.status.success() {
        bail!("terser failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    Ok(String::from_utf8(output.stdout)?)
}

/// The schema without the words meant for people, for the config module.
pub fn compact_schema(text: &str) -> Result<String> {
    fn strip(v: &mut serde_json::Value) {
        if let serde_json::Value::Object(map) = v {
            for key in ["description", "$schema", "$id", "title", "default"] {
                map.remove(key);
            }
            map.values_mut().for_each(strip);
        }
    }
    let mut schema: serde_json::Value =
        serde_json::from_str(text).context("patient-portal.schema.json is not JSON")?;
    strip(&mut schema);
    Ok(schema.to_string())
}

/// Prints the SRI hash of every file and writes them to `integrity.json`.
fn print_integrity(out: &Path, files: &[Hashed]) -> Result<()> {
    println!();
    println!(
        "xtask: Subresource Integrity (also in {}):",
        out.join("integrity.json").display()
    );
    let mut json = serde_json::Map::new();
    for f in files {
        println!("  {:<48} {}", f.name, f.integrity);
        json.insert(f.name.clone(), f.integrity.clone().into());
    }
    std::fs::write(
        out.join("integrity.json"),
        serde_json::to_string_pretty(&json)?,
    )?;
    Ok(())
}

/// The file `key` (`booking`, `booking_wasm`, `css`, `config`) has in the built widget.
pub fn built_name(widget: &Path, prefix: &str, ext: &str) -> Result<PathBuf> {
    for entry in std::fs::read_dir(widget)? {
        let name = entry?.file_name().to_string_lossy().to_string();
        if let Some(rest) = name.strip_prefix(prefix).and_then(|r| r.strip_suffix(ext)) {
            if rest.len() >= 9
                && rest.starts_with('.')
                && rest[1..].bytes().all(|b| b.is_ascii_hexdigit())
            {
                return Ok(widget.join(name));
            }
        }
    }
    bail!(
        "no {prefix}.<hash>{ext} in {}; run cargo xtask size",
        widget.display()
    )
}

/// Builds portal-server (debug: quick to build, plenty fast for a demo and the tests).
pub fn build_server() -> Result<PathBuf> {
    println!("xtask: building portal-server");
    run(Command::new("cargo")
        .args([
            "build",
            "--package",
            "portal-server",
            "--bin",
            "portal-server",
        ])
        .current_dir(root()))?;
    Ok(root().join("target/debug/portal-server"))
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to)
        .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))?;
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
                let value = it
                    .next()
                    .context("--port needs a number, like --port 8080")?;
                port = value.parse().with_context(|| {
                    format!("--port \"{value}\" is not a port number; use 1 to 65535, like 8080")
                })?;
            }
            "--db" => {
                let value = it
                    .next()
                    .context("--db needs a file path, like --db target/demo/portal.db")?;
                db = std::env::current_dir()?.join(value);
            }
            other => bail!("unknown option \"{other}\"; use --port PORT or --db PATH"),
        }
    }
    let site = build_widget()?;
    let server = build_server()?;
    let clinic = demo_clinic_file(port, &db)?;
    let manager_link =
        demo_manager_link(&server, &db, &clinic, &format!("http://localhost:{port}"))?;
    // The demo's emails go to a local mail catcher (maildev, from e2e/'s lockfile), where they
    // can be read in a browser; nothing leaves the machine.
    let (mail_smtp, mail_web) = {
        let (a, b) = (
            std::net::TcpListener::bind("127.0.0.1:0")?,
            std::net::TcpListener::bind("127.0.0.1:0")?,
        );
        (a.local_addr()?.port(), b.local_addr()?.port())
    };
    let mut mail = Command::new(root().join("e2e/node_modules/.bin/maildev"))
        .args([
            "--smtp",
            &mail_smtp.to_string(),
            "--web",
            &mail_web.to_string(),
            "--ip",
            "127.0.0.1",
            "--silent",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot start maildev (the demo's mail catcher); run `npm ci` in e2e/")?;
    let mut child = Command::new(&server)
        .arg("--listen")
        .arg(format!("127.0.0.1:{port}"))
        .arg("--database")
        .arg(format!("sqlite://{}", db.display()))
        .arg("--clinic")
        .arg(&clinic)
        .arg("--assets")
        .arg(&site)
        // Patient links (instructions, feedback) point at the demo site the URL below opens.
        .arg("--public-url")
        .arg(format!("http://localhost:{port}"))
        .arg("--smtp-url")
        .arg(format!("smtp://127.0.0.1:{mail_smtp}"))
        .arg("--smtp-from")
        .arg("visits@maplegrove.example")
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
    println!("  The clinic's staff console (schedule, phone bookings, follow-ups, instructions):");
    println!("  open this one-time link to choose the demo manager's password ({DEMO_MANAGER}),");
    println!("  then sign in at {url}staff/maple-grove and add front-desk accounts under Staff:");
    println!();
    println!("      {manager_link}");
    println!();
    println!("  The demo's emails to patients (confirmations, changes, reminders) arrive here,");
    println!("  never in a real mailbox: http://localhost:{mail_web}/");
    println!();
    println!(
        "  Database: {}   API: {url}api/v1/openapi.json",
        db.display()
    );
    println!("  Press Ctrl-C to stop.");
    println!();
    let status = child.wait()?;
    let _ = mail.kill();
    let _ = mail.wait();
    // Ctrl-C reaches the server too; it stops cleanly with success or by the signal.
    if !status.success() && status.code().is_some() {
        bail!("portal-server stopped ({status})");
    }
    Ok(())
}

/// The demo manager's one-time set-password link, made with `portal-server staff add` as a
/// clinic makes its first manager (or `staff reset` when an earlier demo made the account); the
/// demo prints it so the staff console can be tried at once.
fn demo_manager_link(server: &Path, db: &Path, clinic: &Path, public_url: &str) -> Result<String> {
    if let Some(dir) = db.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let run = |args: &[&str]| {
        Command::new(server)
            .arg("--database")
            .arg(format!("sqlite://{}", db.display()))
            .arg("--clinic")
            .arg(clinic)
            .arg("--public-url")
            .arg(public_url)
            .args(args)
            .output()
            .context("cannot run portal-server staff add")
    };
    let email = ["--clinic-id", "maple-grove", "--email", DEMO_MANAGER];
    let mut output = run(&[
        &["staff", "add"],
        &email[..],
        &["--role", "manager", "--name", "Demo manager"],
    ]
    .concat())?;
    if !output.status.success()
        && String::from_utf8_lossy(&output.stderr).contains("already has an account")
    {
        output = run(&[&["staff", "reset"], &email[..]].concat())?;
    }
    if !output.status.success() {
        bail!(
            "portal-server staff add failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// The demo clinic's manager.
const DEMO_MANAGER: &str = "manager@maplegrove.example";

/// The demo clinic's file. Its `embed_origins` name port 8080; on another port the demo page's
/// isolated widget would be refused, so the demo runs on a copy that names that port instead.
fn demo_clinic_file(port: u16, db: &Path) -> Result<PathBuf> {
    let file = root().join("examples/demo-clinic.toml");
    if port == 8080 {
        return Ok(file);
    }
    let text = std::fs::read_to_string(&file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    let origins =
        format!("embed_origins = [\"http://localhost:{port}\", \"http://127.0.0.1:{port}\"]");
    let text: String = text
        .lines()
        .map(|line| {
            if line.starts_with("embed_origins") {
                origins.as_str()
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let dir = db
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| root().join("target/demo"));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let copy = dir.join(format!("demo-clinic-{port}.toml"));
    std::fs::write(&copy, text + "\n")
        .with_context(|| format!("cannot write {}", copy.display()))?;
    Ok(copy)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The leaf options of the schema, as `theme.primary`; the locales under `strings` as
    /// `strings.<locale>.visitTitle`.
    fn schema_options(
        schema: &serde_json::Value,
        node: &serde_json::Value,
        prefix: &str,
        out: &mut Vec<String>,
    ) {
        let node = match node.get("$ref").and_then(|r| r.as_str()) {
            Some(r) => &schema["$defs"][r.rsplit('/').next().unwrap_or_default()],
            None => node,
        };
        let Some(properties) = node.get("properties").and_then(|p| p.as_object()) else {
            out.push(prefix.to_string());
            return;
        };
        for (key, child) in properties {
            let key = if child.get("$ref").is_some() {
                "<locale>"
            } else {
                key.as_str()
            };
            let path = if prefix.is_empty() {
                key.to_string()
            } else {
                format!("{prefix}.{key}")
            };
            if !out.iter().any(|p| p.starts_with(&format!("{path}.")))
                || child.get("$ref").is_none()
            {
                schema_options(schema, child, &path, out);
            }
        }
    }

    #[test]
    fn every_schema_option_is_documented_and_every_documented_option_is_accepted() {
        let text =
            std::fs::read_to_string(root().join("src/loader/patient-portal.schema.json")).unwrap();
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut accepted = Vec::new();
        schema_options(&schema, &schema, "", &mut accepted);
        accepted.sort();
        accepted.dedup();
        let docs = std::fs::read_to_string(root().join("docs/widget-config.md")).unwrap();
        let table = docs
            .split("## Options")
            .nth(1)
            .expect("docs/widget-config.md has an ## Options section");
        let table = table.split("\n## ").next().unwrap_or_default();
        let mut documented: Vec<String> = table
            .lines()
            .filter(|l| l.starts_with("| `"))
            .filter_map(|l| l.split('`').nth(1).map(str::to_string))
            .collect();
        documented.sort();
        let undocumented: Vec<_> = accepted
            .iter()
            .filter(|o| !documented.contains(o))
            .collect();
        let unknown: Vec<_> = documented
            .iter()
            .filter(|o| !accepted.contains(o))
            .collect();
        assert!(
            undocumented.is_empty(),
            "options the loader accepts but docs/widget-config.md does not list: {undocumented:?}"
        );
        assert!(
            unknown.is_empty(),
            "options docs/widget-config.md lists but the schema does not accept: {unknown:?}"
        );
    }

    #[test]
    fn the_compact_schema_keeps_the_rules_and_drops_the_words() {
        let text =
            std::fs::read_to_string(root().join("src/loader/patient-portal.schema.json")).unwrap();
        let compact = compact_schema(&text).unwrap();
        assert!(
            compact.contains("\"x-css\":\"color\"")
                && compact.contains("\"additionalProperties\":false")
        );
        assert!(!compact.contains("description"));
    }

    #[test]
    fn sri_is_sha384_in_base64() {
        assert_eq!(
            sri(b"alert('Hello, world.');"),
            "sha384-H8BRh8j48O9oYatfu5AZzq6A9RINhZO5H16dQZngK7T62em8MUt1FLm52t+eX6xO"
        );
    }
}
