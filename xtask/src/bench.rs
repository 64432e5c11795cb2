//! `cargo xtask bench`: throughput and latency figures (see BENCHMARKS.md).

use anyhow::{bail, Result};

/// Runs the benchmarks.
pub fn run(_args: &[String]) -> Result<()> {
    bail!("cargo xtask bench is not written yet: it arrives with the booking API (issue 3)")
}
