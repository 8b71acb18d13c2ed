//! Bench 3: bulk assert of N users against an emulator that enforces a write limit L
//! (counted per clock second, like Attio) with 100–400 ms latency per request: achieved
//! writes/s ÷ L (goal ≥ 0.95) and the 429s received (goal 0). L is Attio's 25/s scaled to
//! 200/s so each case takes about 30 s: users in 4 workspaces (each write also links the
//! user into its workspaces' inverse lists, the realistic case), then users without any.
//!
//! `cargo bench --bench bulk_pace`

use attio_testkit::bench as support;

const LIMIT: u32 = 200;
const USERS: u64 = 6_000;
/// Enough writes in flight to cover the latency: L × 0.4 s = 80, with headroom.
/// `BENCH_CONCURRENCY` overrides it, as `BENCH_USERS`, `BENCH_LATENCY_MIN_MS` and
/// `BENCH_LATENCY_MAX_MS` do the others.
const CONCURRENCY: usize = 128;

#[tokio::main]
async fn main() {
    if !support::measuring() {
        return;
    }
    let env = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (users, concurrency) = (
        env("BENCH_USERS", USERS),
        env("BENCH_CONCURRENCY", CONCURRENCY as u64) as usize,
    );
    let (min, max) = (
        env("BENCH_LATENCY_MIN_MS", 100),
        env("BENCH_LATENCY_MAX_MS", 400),
    );
    println!(
        "bench 3: bulk assert of {users} users, emulator limit L = {LIMIT} writes/s, latency {min}-{max} ms, concurrency {concurrency}"
    );
    // The realistic case first: each user in one or two of 4 workspaces, so every write
    // also links it into their inverse `users` lists (thousands long by the end). Then the
    // same users without workspaces, which measures the pacing alone.
    type Make = fn(u64) -> support::User;
    let cases: [(&str, Make); 2] = [
        ("users in 4 workspaces", support::user),
        ("users without workspaces", support::user_without_workspaces),
    ];
    for (case, make) in cases {
        let emu = support::paced_emulator(LIMIT, support::latency(min, max)).await;
        let client = support::client(&emu, Some(f64::from(LIMIT)));
        let run = support::bulk(&client, 0..users, concurrency, make).await;
        let stats = emu.stats();
        println!("-- {case}");
        support::report_summary(&run);
        support::report("elapsed", format!("{:.2}", run.elapsed.as_secs_f64()), "s");
        let rate = run.summary.written() as f64 / run.elapsed.as_secs_f64();
        support::report("achieved", format!("{rate:.1}"), "writes/s");
        support::report("429 answers received", stats.rate_limited, "");
        let ratio = rate / f64::from(LIMIT);
        support::ratio("achieved / L", ratio, ">= 0.95", ratio >= 0.95);
        support::ratio(
            "429s",
            stats.rate_limited as f64,
            "0",
            stats.rate_limited == 0,
        );
        assert_eq!(
            emu.records("users").len() as u64,
            users,
            "every user landed"
        );
        emu.shutdown().await.expect("the emulator shuts down");
    }
}
