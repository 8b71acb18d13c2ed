//! Bench 5: two clients with separate pacers (as two processes would have), each
//! configured for the whole limit L, sharing one emulator's limit L with 100–400 ms
//! latency: combined writes/s ÷ L and the 429s received. The adaptive pacers are expected
//! to settle under L after the first 429s.
//!
//! `cargo bench --bench two_clients`

use attio_testkit::bench as support;

const LIMIT: u32 = 200;
const USERS_EACH: u64 = 3_000;
const CONCURRENCY: usize = 128;

#[tokio::main]
async fn main() {
    if !support::measuring() {
        return;
    }
    let emu = support::paced_emulator(LIMIT, support::latency(100, 400)).await;
    let (a, b) = (
        support::client(&emu, Some(f64::from(LIMIT))),
        support::client(&emu, Some(f64::from(LIMIT))),
    );
    let start = std::time::Instant::now();
    let (run_a, run_b) = tokio::join!(
        support::bulk(
            &a,
            0..USERS_EACH,
            CONCURRENCY,
            support::user_without_workspaces
        ),
        support::bulk(
            &b,
            USERS_EACH..2 * USERS_EACH,
            CONCURRENCY,
            support::user_without_workspaces
        ),
    );
    let elapsed = start.elapsed();
    let stats = emu.stats();

    println!(
        "bench 5: two clients x {USERS_EACH} users, separate pacers each set to L, one emulator limit L = {LIMIT} writes/s, latency 100-400 ms"
    );
    support::report_summary(&run_a);
    support::report_summary(&run_b);
    support::report("elapsed", format!("{:.2}", elapsed.as_secs_f64()), "s");
    let written = run_a.summary.written() + run_b.summary.written();
    let rate = written as f64 / elapsed.as_secs_f64();
    support::report("combined", format!("{rate:.1}"), "writes/s");
    support::report("429 answers received", stats.rate_limited, "");
    support::report(
        "429s per 1000 writes",
        format!(
            "{:.1}",
            stats.rate_limited as f64 * 1000.0 / written.max(1) as f64
        ),
        "",
    );
    let ratio = rate / f64::from(LIMIT);
    support::ratio(
        "combined / L",
        ratio,
        ">= 0.8 (shared, unaware)",
        ratio >= 0.8,
    );
    assert!(
        emu.records("users").len() as u64 >= written,
        "every write reported as done landed"
    );
}
