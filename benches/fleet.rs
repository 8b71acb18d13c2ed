//! Bench: a fleet of 4 and of 8 OS processes (the `sync_users` example with `--workers N`,
//! each worker a process of its own with its own pacer) syncing disjoint users into one
//! emulator workspace with write limit L = 200/s and 100–400 ms latency. Each worker is
//! configured for the whole limit (it is not told how many share it). With a shared
//! budget in a real Redis the fleet should pace like one client: combined >= 0.95 L and 0
//! answered 429s in steady state; the same fleet without Redis (each process's adaptive
//! pacer finding the limit by hitting it) is measured beside it in the same run.
//!
//! `cargo bench --bench fleet` (needs `redis-server`).

use attio_emulator::redis_server::RedisServer;
use attio_testkit::bench as support;
use attio_testkit::fleet::{self, Fleet};

const LIMIT: u32 = 200;
const USERS: u64 = 4_000;
/// Seconds left out at each end of a run (start-up, the last writes).
const TRIM: usize = 2;

#[tokio::main]
async fn main() {
    if !support::measuring() {
        return;
    }
    let redis = RedisServer::start().expect("redis-server (apt-get install redis-server)");
    let binary = fleet::example_binary(true);
    println!(
        "fleet: N processes x disjoint shards of {USERS} users, each paced for L, one emulator limit L = {LIMIT} writes/s, latency 100-400 ms"
    );
    for workers in [4, 8] {
        for shared in [true, false] {
            run(&binary, workers, shared.then(|| redis.url()).as_deref()).await;
        }
    }
}

async fn run(binary: &std::path::Path, workers: u16, redis: Option<&str>) {
    let emu = support::paced_emulator(LIMIT, support::latency(100, 400)).await;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let input = dir.path().join("users.jsonl");
    fleet::write_users(&input, 0..USERS);
    let name = format!("fleet-{workers}-{}", redis.is_some());
    let started = std::time::Instant::now();
    let status = Fleet {
        binary,
        input: &input,
        workers,
        rate: f64::from(LIMIT),
        concurrency: 32,
        redis,
        pacing_workspace: &name,
        dir: dir.path(),
    }
    .spawn(&emu)
    .wait()
    .expect("the fleet runs");
    let elapsed = started.elapsed();
    let seconds = emu.write_seconds();
    let steady = fleet::pace(&fleet::steady(&seconds, TRIM)).expect("a steady state");
    let (once, nothing_else) = fleet::landed_once(&emu, 0..USERS);

    let label = if redis.is_some() { "Redis" } else { "no Redis" };
    println!("  {workers} processes, {label} (exit {status}):");
    support::report(
        "whole run",
        format!(
            "{:.1} s, {:.1}",
            elapsed.as_secs_f64(),
            USERS as f64 / elapsed.as_secs_f64()
        ),
        "writes/s",
    );
    support::report(
        "steady state",
        format!("{} s", steady.seconds),
        &format!(
            "max {} accepted / {} arrived in a second",
            steady.max_accepted, steady.max_arrived
        ),
    );
    support::report("429s answered in steady state", steady.refused, "");
    support::report("429s answered in all", emu.stats().rate_limited, "");
    let ratio = steady.accepted_per_second / f64::from(LIMIT);
    if redis.is_some() {
        support::ratio(
            "steady combined / L",
            ratio,
            ">= 0.95",
            ratio >= 0.95 && steady.refused == 0,
        );
    } else {
        support::ratio("steady combined / L", ratio, "(beside)", true);
    }
    support::ratio(
        "users landed exactly once (share)",
        once as f64 / USERS as f64,
        "1.0",
        once == USERS && nothing_else,
    );
}
