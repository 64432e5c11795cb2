//! `cargo xtask size`: the widget's download size, raw, gzip and brotli, against its budget.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::build;
use crate::root;

/// Everything the widget downloads (wasm + JS glue + CSS + loader), gzip.
///
/// Raised from 110 KB to 150 KB when the full booking flow landed (146.4 KB), then lowered to
/// 140 KB once the flow was trimmed to 138.8 KB: the yew shell
/// with API decoding is ~88 KB and the flow ~62 KB (details 8.7, time 7.7, manage 7.4,
/// review 3.2, visit 2.0, provider 1.8, confirmation 1.1, frame + reducer + calls + i18n ~30).
/// Tried: JSON parsed by the browser, tracing compiled out, a message-free deserializer
/// instead of serde-wasm-bindgen, wasm-opt --converge, table-driven fields. See BENCHMARKS.md.
pub const TOTAL_BUDGET_GZIP: usize = 140 * 1024;
/// The loader script, gzip.
pub const LOADER_BUDGET_GZIP: usize = 3 * 1024;

/// Sizes of one file, in bytes.
struct Sizes {
    raw: usize,
    gzip: usize,
    brotli: usize,
}

fn measure(path: &Path) -> Result<Sizes> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bytes)?;
    let gzip = gz.finish()?.len();
    let mut br = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        writer.write_all(&bytes)?;
    }
    Ok(Sizes { raw: bytes.len(), gzip, brotli: br.len() })
}

/// Builds the widget, prints the table, writes `target/size.json`; fails over budget.
/// Returns the total gzip size.
pub fn run() -> Result<usize> {
    let site = build::build_widget()?;
    let widget = site.join("widget");
    let files = [
        ("wasm", "portal_widget_bg.wasm"),
        ("js", "portal_widget.js"),
        ("css", "widget.css"),
        ("loader", "patient-portal.js"),
    ];
    let mut json = serde_json::Map::new();
    let (mut raw, mut gzip, mut brotli) = (0, 0, 0);
    println!();
    println!("{:<8} {:>10} {:>10} {:>10}", "file", "raw", "gzip", "brotli");
    for (name, file) in files {
        let s = measure(&widget.join(file))?;
        println!("{:<8} {:>10} {:>10} {:>10}", name, s.raw, s.gzip, s.brotli);
        raw += s.raw;
        gzip += s.gzip;
        brotli += s.brotli;
        json.insert(format!("{name}_raw"), s.raw.into());
        json.insert(format!("{name}_gzip"), s.gzip.into());
        json.insert(format!("{name}_brotli"), s.brotli.into());
    }
    println!("{:<8} {:>10} {:>10} {:>10}", "total", raw, gzip, brotli);
    json.insert("total_raw".into(), raw.into());
    json.insert("total_gzip".into(), gzip.into());
    json.insert("total_brotli".into(), brotli.into());
    json.insert("budget_total_gzip".into(), TOTAL_BUDGET_GZIP.into());
    json.insert("budget_loader_gzip".into(), LOADER_BUDGET_GZIP.into());
    let out = root().join("target/size.json");
    std::fs::write(&out, serde_json::to_string_pretty(&json)?)?;
    let loader = json["loader_gzip"].as_u64().unwrap_or(u64::MAX) as usize;
    println!(
        "\nbudget: total {gzip} / {TOTAL_BUDGET_GZIP} bytes gzip ({:.1} of {} KB); loader {loader} / {LOADER_BUDGET_GZIP} bytes gzip. Written to {}",
        gzip as f64 / 1024.0,
        TOTAL_BUDGET_GZIP / 1024,
        out.display()
    );
    if gzip > TOTAL_BUDGET_GZIP {
        bail!("the widget is {gzip} bytes gzip, over its budget of {TOTAL_BUDGET_GZIP}; see `twiggy top` on the un-optimised wasm");
    }
    if loader > LOADER_BUDGET_GZIP {
        bail!("the loader is {loader} bytes gzip, over its budget of {LOADER_BUDGET_GZIP}");
    }
    Ok(gzip)
}
