//! Bench: the `fleet` bench's 4 processes sharing a budget in a real Redis, with Redis
//! killed for 5 s in the middle of the run and restarted (empty: it persists nothing).
//! Checks, against the emulator: every user landed exactly once; the fleet never sent
//! more than 1.1 L writes in any clock second (accepted or refused: the emulator's limit
//! caps what it accepts at L anyway); and after Redis is back the fleet returns to >= 0.9 L.
//!
//! `cargo bench --bench fleet_faults` (needs `redis-server`).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use attio_emulator::redis_server::RedisServer;
use attio_testkit::bench as support;
use attio_testkit::fleet::{self, Fleet};

const LIMIT: u32 = 200;
const USERS: u64 = 6_000;
const WORKERS: u16 = 4;
/// When Redis is killed, after the fleet starts.
const OUTAGE_AT: Duration = Duration::from_secs(8);
const OUTAGE: Duration = Duration::from_secs(5);
/// Seconds after the restart before "back to the limit" is measured, and seconds left out
/// at the end (the last writes).
const SETTLE: u64 = 2;
const TRIM: usize = 2;

fn unix_second() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[tokio::main]
async fn main() {
    if !support::measuring() {
        return;
    }
    let mut redis = RedisServer::start().expect("redis-server (apt-get install redis-server)");
    let binary = fleet::example_binary(true);
    let emu = support::paced_emulator(LIMIT, support::latency(100, 400)).await;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let input = dir.path().join("users.jsonl");
    fleet::write_users(&input, 0..USERS);
    let url = redis.url();
    let mut child = Fleet {
        binary: &binary,
        input: &input,
        workers: WORKERS,
        rate: f64::from(LIMIT),
        concurrency: 32,
        redis: Some(&url),
        pacing_workspace: "fleet-faults",
        dir: dir.path(),
    }
    .spawn(&emu);
    tokio::time::sleep(OUTAGE_AT).await;
    let killed = unix_second();
    redis.stop();
    tokio::time::sleep(OUTAGE).await;
    redis.restart().expect("redis-server restarts");
    let restarted = unix_second();
    let status = tokio::task::spawn_blocking(move || child.wait())
        .await
        .expect("the waiter")
        .expect("the fleet runs");

    let seconds = fleet::contiguous(&emu.write_seconds());
    let whole = fleet::pace(&seconds).expect("writes");
    let during = fleet::pace(
        &seconds
            .iter()
            .filter(|s| s.second >= killed && s.second <= restarted)
            .copied()
            .collect::<Vec<_>>(),
    );
    let tail = fleet::steady(&seconds, TRIM);
    let after: Vec<_> = tail
        .iter()
        .filter(|s| s.second > restarted + SETTLE)
        .copied()
        .collect();
    let after = fleet::pace(&after);
    let (once, nothing_else) = fleet::landed_once(&emu, 0..USERS);

    println!(
        "fleet_faults: {WORKERS} processes x disjoint shards of {USERS} users sharing a Redis budget, Redis killed {}s after the start for {}s, L = {LIMIT} writes/s, latency 100-400 ms (exit {status})",
        OUTAGE_AT.as_secs(),
        OUTAGE.as_secs()
    );
    support::report("seconds with writes", whole.seconds, "");
    support::report(
        "max writes arriving / accepted in a second",
        format!("{} / {}", whole.max_arrived, whole.max_accepted),
        "",
    );
    if let Some(during) = during {
        support::report(
            "during the outage: accepted per second",
            format!("{:.1}", during.accepted_per_second),
            &format!("({} 429s)", during.refused),
        );
    }
    support::report("429s answered in all", emu.stats().rate_limited, "");
    support::ratio(
        "users landed exactly once (share)",
        once as f64 / USERS as f64,
        "1.0",
        once == USERS && nothing_else,
    );
    let peak = f64::from(whole.max_arrived) / f64::from(LIMIT);
    support::ratio("max arriving in a second / L", peak, "<= 1.1", peak <= 1.1);
    match after {
        Some(after) => {
            let ratio = after.accepted_per_second / f64::from(LIMIT);
            support::ratio(
                &format!("after the restart ({} s) / L", after.seconds),
                ratio,
                ">= 0.9",
                ratio >= 0.9,
            );
        }
        None => println!("  the run ended before Redis had been back {SETTLE} s"),
    }
}
