//! A fleet of OS processes syncing into one emulator workspace: the `sync_users` example
//! run with `--workers N` (one process of itself per disjoint shard) against an emulator
//! the caller owns, and the emulator's per-second write counts read back as the fleet's
//! pace. Used by `benches/fleet*.rs` and by a short test, so the machinery cannot rot.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use attio_emulator::{Emulator, WriteSecond};
use serde_json::Value;

/// The `sync_users` example's executable, built (once per process) by `cargo build`
/// (`--release` when `release`), so a test or bench can spawn it.
///
/// # Panics
/// When cargo fails or names no executable (a test cannot go on without it).
pub fn example_binary(release: bool) -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command.args(["build", "--example", "sync_users", "--message-format=json"]);
    if release {
        command.arg("--release");
    }
    let output = command
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .stderr(Stdio::inherit())
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "cargo build --example sync_users");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .find(|message| {
            message["reason"] == "compiler-artifact" && message["target"]["name"] == "sync_users"
        })
        .and_then(|message| message["executable"].as_str().map(PathBuf::from))
        .expect("cargo names the example's executable")
}

/// The id of fleet user `n` (the example's input has no workspaces for these, so each row
/// is exactly one write).
pub fn user_id(n: u64) -> String {
    format!("usr_{n:07}")
}

/// Writes users `range` as the example's JSON Lines input to `path`.
///
/// # Panics
/// When the file cannot be written.
pub fn write_users(path: &Path, range: std::ops::Range<u64>) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("input file"));
    for n in range {
        let row = serde_json::json!({"id": user_id(n), "email": format!("user{n}@example.com")});
        writeln!(file, "{row}").expect("input row");
    }
    file.flush().expect("input file");
}

/// One fleet run to start: `workers` processes of `binary` syncing `input` into `emu`.
#[derive(Debug, Clone)]
pub struct Fleet<'a> {
    /// The `sync_users` executable ([`example_binary`]).
    pub binary: &'a Path,
    /// The users file ([`write_users`]).
    pub input: &'a Path,
    /// Worker processes.
    pub workers: u16,
    /// Writes per second each worker paces to (the whole limit: they are not told how many
    /// share it).
    pub rate: f64,
    /// Writes in flight per worker.
    pub concurrency: u16,
    /// The shared pacing budget, if any.
    pub redis: Option<&'a str>,
    /// Names the budget's keys (distinct per run, so one run's schedule never delays the
    /// next).
    pub pacing_workspace: &'a str,
    /// Where the workers' caches go.
    pub dir: &'a Path,
}

impl Fleet<'_> {
    /// Starts the fleet's parent process against `emu` (its output is discarded).
    ///
    /// # Panics
    /// When the process cannot be started.
    pub fn spawn(&self, emu: &Emulator) -> Child {
        let mut command = Command::new(self.binary);
        command
            .arg("--input")
            .arg(self.input)
            .arg("--cache")
            .arg(self.dir.join("cache.json"))
            .args(["--workers", &self.workers.to_string()])
            .args(["--rate", &self.rate.to_string()])
            .args(["--concurrency", &self.concurrency.to_string()])
            .args(["--fresh", "--list", "0"])
            .env(attio_core::client::ENV_API_KEY, emu.token())
            .env(attio_core::client::ENV_BASE_URL, emu.base_url())
            .env(
                attio_core::client::ENV_PACING_WORKSPACE,
                self.pacing_workspace,
            )
            .env_remove(attio_core::client::ENV_REDIS_URL)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(url) = self.redis {
            command.args(["--redis", url]);
        }
        command.spawn().expect("the fleet starts")
    }
}

/// How many stored `users` records hold each `user_id` value.
pub fn stored_user_ids(emu: &Emulator) -> std::collections::BTreeMap<String, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for record in emu.records("users") {
        let id = record["values"]["user_id"][0]["value"]
            .as_str()
            .unwrap_or("?")
            .to_owned();
        *counts.entry(id).or_insert(0) += 1;
    }
    counts
}

/// Users of `range` stored exactly once, and whether nothing else is stored.
pub fn landed_once(emu: &Emulator, range: std::ops::Range<u64>) -> (u64, bool) {
    let stored = stored_user_ids(emu);
    let once = range
        .clone()
        .filter(|n| stored.get(&user_id(*n)) == Some(&1))
        .count() as u64;
    (once, stored.len() as u64 == range.end - range.start)
}

/// The fleet's pace over `seconds` (from [`Emulator::write_seconds`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pace {
    /// Seconds counted.
    pub seconds: usize,
    /// Accepted writes per second, on average.
    pub accepted_per_second: f64,
    /// Refused writes (429s from the limit) in those seconds.
    pub refused: u64,
    /// The most writes accepted in any one of them.
    pub max_accepted: u32,
    /// The most writes arriving (accepted or refused) in any one of them.
    pub max_arrived: u32,
}

/// The pace over `seconds`, `None` when there are none.
pub fn pace(seconds: &[WriteSecond]) -> Option<Pace> {
    if seconds.is_empty() {
        return None;
    }
    let accepted: u64 = seconds.iter().map(|s| u64::from(s.accepted)).sum();
    Some(Pace {
        seconds: seconds.len(),
        accepted_per_second: accepted as f64 / seconds.len() as f64,
        refused: seconds.iter().map(|s| u64::from(s.refused)).sum(),
        max_accepted: seconds.iter().map(|s| s.accepted).max().unwrap_or(0),
        max_arrived: seconds.iter().map(WriteSecond::arrived).max().unwrap_or(0),
    })
}

/// The steady state of a run: every second from its first write to its last (seconds
/// without writes included, as zeros), without the first `trim` (start-up: the processes
/// start, check the schema) and the last `trim` (the last writes trickle in).
pub fn steady(seconds: &[WriteSecond], trim: usize) -> Vec<WriteSecond> {
    let all = contiguous(seconds);
    if all.len() <= 2 * trim {
        return Vec::new();
    }
    all[trim..all.len() - trim].to_vec()
}

/// `seconds` with the seconds between them that had no writes filled in as zeros.
pub fn contiguous(seconds: &[WriteSecond]) -> Vec<WriteSecond> {
    let (Some(first), Some(last)) = (seconds.first(), seconds.last()) else {
        return Vec::new();
    };
    let mut by_second = seconds
        .iter()
        .map(|s| (s.second, *s))
        .collect::<std::collections::BTreeMap<_, _>>();
    (first.second..=last.second)
        .map(|second| {
            by_second.remove(&second).unwrap_or(WriteSecond {
                second,
                ..WriteSecond::default()
            })
        })
        .collect()
}
