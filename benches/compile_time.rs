//! Bench 7: compile time of `cargo check` on a generated crate with 100 structs deriving
//! `AttioRecord` vs the same structs deriving serde's `Serialize, Deserialize` (goal:
//! ratio ≤ 1: users pay for generated code on every build).
//!
//! Both crates depend on the workspace's `attio-core` (by path) and `serde`, so their
//! dependencies are identical and built once (warm-up); then each crate alone is
//! re-checked (its `lib.rs` touched) several times, interleaved, and the fastest check
//! counts. Runs `cargo` offline with the workspace's `Cargo.lock`, in a scratch target
//! directory under the system temp dir.
//!
//! `cargo bench --bench compile_time`

use attio_testkit::bench as support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const STRUCTS: usize = 100;
const ROUNDS: usize = 3;

/// The source of a crate with [`STRUCTS`] structs, each with a unique id, a text, an
/// optional text, a number, a flag and a list.
fn source(derive: &str, attio: bool) -> String {
    let mut src = String::from("#![allow(dead_code)]\n");
    for i in 0..STRUCTS {
        if attio {
            let _ = writeln!(
                src,
                "#[derive({derive})]\n#[attio(object = \"object_{i}\")]"
            );
        } else {
            let _ = writeln!(src, "#[derive({derive})]");
        }
        let unique = if attio { "    #[attio(unique)]\n" } else { "" };
        let _ = writeln!(
            src,
            "pub struct Record{i} {{\n{unique}    pub external_id: String,\n    pub name: String,\n    \
             pub nickname: Option<String>,\n    pub score: f64,\n    pub active: bool,\n    \
             pub tags: Vec<String>,\n}}\n"
        );
    }
    src
}

fn write_crate(dir: &Path, name: &str, src: &str, workspace: &Path) {
    std::fs::create_dir_all(dir.join("src")).expect("crate dir");
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nattio-core = {{ path = \"{}\" }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n\n\
         [workspace]\n",
        workspace.join("attio-core").display()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("manifest");
    std::fs::write(dir.join("src/lib.rs"), src).expect("lib.rs");
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).expect("Cargo.lock");
}

/// `cargo check` of the crate at `dir`; panics with cargo's output when it fails.
fn check(dir: &Path, target: &Path) -> Duration {
    let start = Instant::now();
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["check", "--offline", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("cargo runs");
    let elapsed = start.elapsed();
    assert!(
        output.status.success(),
        "cargo check failed in {}:\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    elapsed
}

/// Re-checks the crate: its `lib.rs` is rewritten (new mtime), dependencies stay built.
fn recheck(dir: &Path, target: &Path) -> Duration {
    let lib = dir.join("src/lib.rs");
    let src = std::fs::read_to_string(&lib).expect("lib.rs");
    std::fs::write(&lib, src).expect("touch lib.rs");
    check(dir, target)
}

fn main() {
    if !support::measuring() {
        return;
    }
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let scratch = std::env::temp_dir().join("attio-bench-compile-time");
    let (attio, serde) = (scratch.join("with_attio"), scratch.join("with_serde"));
    let target = scratch.join("target");
    write_crate(
        &attio,
        "with_attio",
        &source("attio_core::AttioRecord", true),
        &workspace,
    );
    write_crate(
        &serde,
        "with_serde",
        &source("serde::Serialize, serde::Deserialize", false),
        &workspace,
    );

    let warm = Instant::now();
    check(&attio, &target);
    check(&serde, &target);
    let warm = warm.elapsed();
    let (mut ours, mut theirs) = (Duration::MAX, Duration::MAX);
    for _ in 0..ROUNDS {
        ours = ours.min(recheck(&attio, &target));
        theirs = theirs.min(recheck(&serde, &target));
    }
    println!(
        "bench 7: `cargo check` of a crate with {STRUCTS} structs (fastest of {ROUNDS}, dependencies warm)"
    );
    support::report(
        "warm-up (dependencies + both crates)",
        format!("{:.1}", warm.as_secs_f64()),
        "s",
    );
    support::report(
        "#[derive(AttioRecord)]",
        format!("{:.2}", ours.as_secs_f64()),
        "s",
    );
    support::report(
        "#[derive(Serialize, Deserialize)]",
        format!("{:.2}", theirs.as_secs_f64()),
        "s",
    );
    let ratio = ours.as_secs_f64() / theirs.as_secs_f64();
    support::ratio("AttioRecord / serde", ratio, "<= 1.0", ratio <= 1.0);
}
