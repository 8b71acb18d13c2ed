//! Bench 6: peak memory of a bulk sync of a lazily generated 100,000-user stream vs a
//! 10,000-user one (goal: ratio near 1, memory does not grow with the input).
//!
//! Each size runs in a child process (this binary again) so each peak is its own; the
//! child reads its peak resident set (`VmHWM` in `/proc/self/status`, Linux only). The
//! server is a minimal in-process HTTP stub that answers every assert with the same
//! record and stores nothing, so only the client side's memory is measured. No sync
//! cache: a cache holds one entry per record by design.
//!
//! `cargo bench --bench bulk_memory`

use attio_testkit::bench as support;

use std::process::Command;
use std::time::Instant;

use axum::Router;
use axum::routing::put;
use futures_util::StreamExt;

const CHILD_ENV: &str = "ATTIO_BENCH_MEMORY_USERS";
const SMALL: u64 = 10_000;
const LARGE: u64 = 100_000;

/// The peak resident set of this process, in KiB.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmHWM line")
}

/// An assert answer, as Attio shapes it (one current value per attribute).
fn answer() -> String {
    let value = |v: serde_json::Value| {
        let mut v = v;
        v["active_from"] = "2024-01-01T00:00:00.000000000Z".into();
        v["active_until"] = serde_json::Value::Null;
        v["created_by_actor"] = serde_json::json!({"type": "api-token", "id": "t"});
        serde_json::json!([v])
    };
    serde_json::json!({
        "data": {
            "id": {
                "workspace_id": "2b1b5d4e-0000-4000-8000-000000000000",
                "object_id": "3c2c6e5f-0000-4000-8000-000000000000",
                "record_id": "4d3d7f60-0000-4000-8000-000000000000",
            },
            "created_at": "2024-01-01T00:00:00.000000000Z",
            "web_url": "https://app.attio.com/x",
            "values": {
                "user_id": value(serde_json::json!({"value": "usr", "attribute_type": "text"})),
            }
        }
    })
    .to_string()
}

async fn child(count: u64) {
    let body = answer();
    let app = Router::new().route(
        "/v2/objects/users/records",
        put(move || {
            let body = body.clone();
            async move { ([("content-type", "application/json")], body) }
        }),
    );
    let client = support::local_server(app).await;
    let before = peak_rss_kib();
    let start = Instant::now();
    let mut outcomes = attio_core::bulk::Bulk::<support::User>::new(&client)
        .concurrency(32)
        .assert_iter(support::users(count));
    let mut written = 0u64;
    while let Some(done) = outcomes.next().await {
        if done.outcome.is_success() {
            written += 1;
        }
    }
    assert_eq!(written, count, "every write succeeded");
    println!(
        "{count} {before} {} {:.2}",
        peak_rss_kib(),
        start.elapsed().as_secs_f64()
    );
}

/// Runs this binary as a child syncing `count` users: (peak before, peak after, seconds).
fn measure(count: u64) -> (u64, u64, f64) {
    let exe = std::env::current_exe().expect("this binary");
    let output = Command::new(exe)
        .arg("--bench")
        .env(CHILD_ENV, count.to_string())
        .output()
        .expect("the child runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let fields: Vec<&str> = text.split_whitespace().collect();
    let number = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .expect("child output")
    };
    (number(1) as u64, number(2) as u64, number(3))
}

fn main() {
    if let Some(count) = std::env::var(CHILD_ENV).ok().and_then(|c| c.parse().ok()) {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        runtime.block_on(child(count));
        return;
    }
    if !support::measuring() {
        return;
    }
    let (small_before, small_peak, small_secs) = measure(SMALL);
    let (large_before, large_peak, large_secs) = measure(LARGE);
    println!("bench 6: peak RSS of a bulk sync, lazily generated users, concurrency 32, no cache");
    support::report(
        &format!("{SMALL} users: peak (before sync)"),
        format!("{small_peak} ({small_before})"),
        "KiB",
    );
    support::report(
        &format!("{LARGE} users: peak (before sync)"),
        format!("{large_peak} ({large_before})"),
        "KiB",
    );
    support::report(
        "time 10k / 100k",
        format!("{small_secs:.1} / {large_secs:.1}"),
        "s",
    );
    let ratio = large_peak as f64 / small_peak as f64;
    support::ratio("peak 100k / peak 10k", ratio, "<= 1.10", ratio <= 1.10);
}
