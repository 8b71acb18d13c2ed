//! Bench: reading users back as a lazy query stream.
//!
//! 1. Throughput: 50,000 users streamed (pages of 500) from an emulator enforcing a read
//!    limit L_r (requests per clock second, like Attio) with a client pacing reads at
//!    L_r: achieved pages/s ÷ L_r (goal ≥ 0.95), for the lazy stream (one page's round
//!    trip after another) and with `read_ahead` (the next page on its way meanwhile).
//! 2. Memory: peak resident set of streaming 50,000 vs 5,000 users (goal ≈ 1.0: a stream
//!    holds one page). Each size runs in a child process (this binary again) against an
//!    in-process stub that generates pages on the fly, so only the client is measured.
//! 3. Decoding: one page of 500 users decoded into `User`s (what the stream does per
//!    page) vs `serde_json::from_slice::<Value>` of the same bytes (goal ≤ 1.2); also
//!    `Record`s by the stream's decoder and by the generic `Deserialize` (the old path).
//!
//! `cargo bench --bench query_stream`

use attio_testkit::bench as support;

use std::process::Command;
use std::time::{Duration, Instant};

use attio_core::pacing::PacingConfig;
use attio_core::query::QueryItem;
use attio_core::{Client, Record};
use attio_emulator::{Emulator, EmulatorConfig, Latency, RateLimitConfig};
use axum::Json;
use axum::routing::post;
use futures_util::TryStreamExt;
use serde_json::{Value, json};
use support::User;

const CHILD_ENV: &str = "ATTIO_BENCH_QUERY_USERS";
const USERS: usize = 50_000;
const SMALL: usize = 5_000;
const PAGE: usize = 500;
/// Reads per second the emulator allows and the client paces to.
const READ_LIMIT: u32 = 20;

/// One stored user value, in Attio's read shape.
fn value(attribute_type: &str, body: Value) -> Value {
    let mut v = body;
    v["active_from"] = "2024-01-01T00:00:00.000000000Z".into();
    v["active_until"] = Value::Null;
    v["created_by_actor"] = json!({"type": "api-token", "id": "t"});
    v["attribute_type"] = attribute_type.into();
    json!([v])
}

/// User `n` as Attio returns it from a query.
fn user_json(n: usize) -> Value {
    json!({
        "id": {
            "workspace_id": "2b1b5d4e-0000-4000-8000-000000000000",
            "object_id": "3c2c6e5f-0000-4000-8000-000000000000",
            "record_id": format!("00000000-0000-4000-8000-{n:012}"),
        },
        "created_at": "2024-01-01T00:00:00.000000000Z",
        "web_url": "https://app.attio.com/x/user/1",
        "values": {
            "user_id": value("text", json!({"value": format!("usr_{n:07}")})),
            "primary_email_address": value("email-address", json!({
                "original_email_address": format!("user{n}@example.com"),
                "email_address": format!("user{n}@example.com"),
                "email_domain": "example.com",
                "email_root_domain": "example.com",
                "email_local_specifier": format!("user{n}"),
            })),
            "person": [],
            "workspace": value("record-reference", json!({
                "target_object": "workspaces",
                "target_record_id": "5b3f9f9e-0000-4000-8000-000000000001",
            })),
        }
    })
}

/// The peak resident set of this process, in KiB (Linux).
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmHWM line")
}

/// Child: stream `total` users from a stub that generates them, print the peak RSS.
async fn child(total: usize) {
    let app = axum::Router::new().route(
        "/v2/objects/users/records/query",
        post(move |Json(body): Json<Value>| async move {
            let offset = body["offset"].as_u64().unwrap_or(0) as usize;
            let limit = body["limit"].as_u64().unwrap_or(500) as usize;
            let end = (offset + limit).min(total);
            Json(json!({"data": (offset..end).map(user_json).collect::<Vec<_>>()}))
        }),
    );
    let client = support::local_server(app).await;
    let mut count = 0usize;
    let stream = client.query::<User>().stream();
    let mut stream = std::pin::pin!(stream);
    while let Some(user) = stream.try_next().await.expect("every page") {
        std::hint::black_box(&user);
        count += 1;
    }
    assert_eq!(count, total);
    println!("{}", peak_rss_kib());
}

fn memory_of(total: usize) -> u64 {
    let out = Command::new(std::env::current_exe().expect("this binary"))
        .arg("--bench")
        .env(CHILD_ENV, total.to_string())
        .output()
        .expect("the child runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .expect("the child's peak RSS")
}

async fn throughput() {
    let config = EmulatorConfig {
        rate_limits: RateLimitConfig::new(READ_LIMIT, 25),
        latency: Latency::None,
        ..EmulatorConfig::default()
    };
    let emu = Emulator::start(config).await.expect("the emulator starts");
    for n in 0..USERS {
        let user = support::user_without_workspaces(n as u64);
        emu.seed_record(
            "users",
            &format!("00000000-0000-4000-8000-{n:012}"),
            json!({"user_id": user.id, "primary_email_address": user.email.as_str()}),
        )
        .expect("seed");
    }
    let client = Client::builder()
        .base_url(emu.base_url())
        .token(emu.token())
        .pacing(PacingConfig {
            reads_per_second: Some(f64::from(READ_LIMIT)),
            writes_per_second: Some(25.0),
            adaptive: true,
            ..PacingConfig::default()
        })
        .build()
        .expect("client");
    println!("streaming {USERS} users in pages of {PAGE}, read limit L_r = {READ_LIMIT}/s");
    for read_ahead in [false, true] {
        emu.reset_stats();
        let started = Instant::now();
        let query = client.query::<User>();
        let query = if read_ahead {
            query.read_ahead()
        } else {
            query
        };
        let users: Vec<User> = query.stream().try_collect().await.expect("every page");
        let elapsed = started.elapsed();
        let stats = emu.stats();
        assert_eq!(users.len(), USERS);
        let pages = USERS.div_ceil(PAGE) + usize::from(USERS.is_multiple_of(PAGE));
        // Pacing spaces n requests n − 1 intervals apart: count the intervals.
        let rate = (pages - 1) as f64 / elapsed.as_secs_f64();
        let mode = if read_ahead {
            "read-ahead"
        } else {
            "lazy (default)"
        };
        println!("  {mode}:");
        support::report("    pages", pages, "");
        support::report("    elapsed", format!("{:.2}", elapsed.as_secs_f64()), "s");
        support::report("    achieved", format!("{rate:.2}"), "pages/s");
        support::report("    429 answers", stats.rate_limited, "");
        let ratio = rate / f64::from(READ_LIMIT);
        support::ratio("    achieved / L_r", ratio, ">= 0.95", ratio >= 0.95);
    }
}

fn decoding() {
    let page = serde_json::to_vec(&json!({"data": (0..PAGE).map(user_json).collect::<Vec<_>>()}))
        .expect("page");
    #[derive(serde::Deserialize)]
    struct Items<'a> {
        #[serde(borrow)]
        data: Vec<&'a serde_json::value::RawValue>,
    }
    let typed = || {
        let items: Items<'_> = serde_json::from_slice(&page).expect("page");
        let users: Vec<User> = items
            .data
            .iter()
            .map(|raw| User::from_page(raw).expect("a user"))
            .collect();
        std::hint::black_box(users);
    };
    let untyped = || {
        std::hint::black_box(serde_json::from_slice::<Value>(&page).expect("JSON"));
    };
    let records = || {
        let items: Items<'_> = serde_json::from_slice(&page).expect("page");
        let records: Vec<Record> = items
            .data
            .iter()
            .map(|raw| Record::from_page(raw).expect("a record"))
            .collect();
        std::hint::black_box(records);
    };
    // The generic path (`Deserialize for Record`, each value's body through a `Value`):
    // what the stream used before it decoded bodies straight from the text.
    let generic = || {
        let items: Items<'_> = serde_json::from_slice(&page).expect("page");
        let records: Vec<Record> = items
            .data
            .iter()
            .map(|raw| serde_json::from_str::<Record>(raw.get()).expect("a record"))
            .collect();
        std::hint::black_box(records);
    };
    let time = |f: &dyn Fn()| {
        let mut best = Duration::MAX;
        for _ in 0..15 {
            let start = Instant::now();
            for _ in 0..10 {
                f();
            }
            best = best.min(start.elapsed());
        }
        best.as_secs_f64() / 10.0
    };
    let (value, users, recs) = (time(&untyped), time(&typed), time(&records));
    let generic = time(&generic);
    println!("decoding one page of {PAGE} users ({} bytes)", page.len());
    support::report("serde_json::Value", format!("{:.3}", value * 1e3), "ms");
    support::report(
        "Vec<Record> (generic Deserialize)",
        format!("{:.3}", generic * 1e3),
        "ms",
    );
    support::report("Vec<Record>", format!("{:.3}", recs * 1e3), "ms");
    support::report("Vec<User>", format!("{:.3}", users * 1e3), "ms");
    let ratio = users / value;
    support::ratio("User / Value", ratio, "<= 1.2", ratio <= 1.2);
}

#[tokio::main]
async fn main() {
    if let Some(total) = std::env::var(CHILD_ENV).ok().and_then(|v| v.parse().ok()) {
        child(total).await;
        return;
    }
    if !support::measuring() {
        return;
    }
    throughput().await;
    let (small, large) = (memory_of(SMALL), memory_of(USERS));
    println!("peak memory of a stream: {SMALL} vs {USERS} users");
    support::report(&format!("{SMALL} users"), small, "KiB");
    support::report(&format!("{USERS} users"), large, "KiB");
    let ratio = large as f64 / small as f64;
    support::ratio(
        "peak 50,000 / peak 5,000",
        ratio,
        "≈ 1.0 (<= 1.1)",
        ratio <= 1.1,
    );
    decoding();
}
