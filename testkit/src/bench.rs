//! What the bench binaries share: lazily generated users, an emulator and a client for
//! it, and the way results are printed.
//!
//! Every bench is a `harness = false` binary that only measures when `cargo bench` runs
//! it (cargo passes `--bench`); under `cargo test` it prints a note and exits, so the
//! test suite only compiles it.

use std::time::Duration;

use attio_core::pacing::PacingConfig;
use attio_core::retry::RetryPolicy;
use attio_core::{Client, Email, RecordRef};

pub use crate::user::User;
use attio_emulator::{Emulator, EmulatorConfig, Latency, RateLimitConfig};

/// Workspace record ids the generated users refer to (seeded with [`seed_workspaces`]).
pub const WORKSPACE_IDS: [&str; 4] = [
    "5b3f9f9e-0000-4000-8000-000000000001",
    "5b3f9f9e-0000-4000-8000-000000000002",
    "5b3f9f9e-0000-4000-8000-000000000003",
    "5b3f9f9e-0000-4000-8000-000000000004",
];

/// User number `n`: a distinct id and email, one or two workspaces.
pub fn user(n: u64) -> User {
    let first = WORKSPACE_IDS[(n % 4) as usize];
    let second = WORKSPACE_IDS[((n + 1) % 4) as usize];
    let workspaces = if n.is_multiple_of(3) {
        vec![RecordRef::new("workspaces", first)]
    } else {
        vec![
            RecordRef::new("workspaces", first),
            RecordRef::new("workspaces", second),
        ]
    };
    User {
        id: format!("usr_{n:07}"),
        email: Email::new(format!("user{n}@example.com")).expect("a valid generated email"),
        person: None,
        workspaces,
        password_hash: String::new(),
    }
}

/// User number `n` without workspaces: the pacing benches use these to measure the pacing
/// alone, beside [`user`]'s realistic case (each reference also links the user into the
/// workspace's inverse `users` list in the emulator, at a cost that does not grow with it).
pub fn user_without_workspaces(n: u64) -> User {
    User {
        workspaces: Vec::new(),
        ..user(n)
    }
}

/// Users `0..count`, generated on demand.
pub fn users(count: u64) -> impl Iterator<Item = User> + Send + 'static {
    (0..count).map(user)
}

/// Creates the workspaces [`user`] refers to.
pub fn seed_workspaces(emu: &Emulator) {
    for (i, id) in WORKSPACE_IDS.iter().enumerate() {
        let values = serde_json::json!({ "workspace_id": format!("ws_{i:03}") });
        emu.seed_record("workspaces", id, values)
            .expect("the workspace is seeded");
    }
}

/// An emulator enforcing `writes_per_second` (reads four times that) with `latency`.
pub async fn paced_emulator(writes_per_second: u32, latency: Latency) -> Emulator {
    let config = EmulatorConfig {
        rate_limits: RateLimitConfig::new(writes_per_second * 4, writes_per_second),
        latency,
        ..EmulatorConfig::default()
    };
    let emu = Emulator::start(config).await.expect("the emulator starts");
    seed_workspaces(&emu);
    emu
}

/// A client for `emu` pacing writes at `writes_per_second` (adaptive), `None` for no pacing,
/// with its own pacer and retry budget. Unlike [`client_for`](crate::client_for) it keeps
/// the production defaults (timeout, retry policy): benches measure what users get.
pub fn client(emu: &Emulator, writes_per_second: Option<f64>) -> Client {
    let pacing = match writes_per_second {
        Some(rate) => PacingConfig {
            writes_per_second: Some(rate),
            reads_per_second: Some(rate * 4.0),
            adaptive: true,
            ..PacingConfig::default()
        },
        None => PacingConfig::off(),
    };
    Client::builder()
        .base_url(emu.base_url())
        .token(emu.token())
        .pacing(pacing)
        .retry_policy(RetryPolicy::default())
        .build()
        .expect("a client")
}

/// Latency uniformly within `min_ms..=max_ms`.
pub fn latency(min_ms: u64, max_ms: u64) -> Latency {
    Latency::Range(Duration::from_millis(min_ms), Duration::from_millis(max_ms))
}

/// Whether `cargo bench` runs this binary (cargo passes `--bench`); under `cargo test`
/// benches only print a note, so the test suite does not spend minutes on them.
pub fn measuring() -> bool {
    let measuring = std::env::args().any(|arg| arg == "--bench");
    if !measuring {
        println!("skipped: run with `cargo bench --bench <name>` to measure");
    }
    measuring
}

/// Prints one result line: `name: value unit`.
pub fn report(name: &str, value: impl std::fmt::Display, unit: &str) {
    println!("  {name:<44} {value:>12} {unit}");
}

/// Prints a ratio with its goal and whether it is met.
pub fn ratio(name: &str, value: f64, goal: &str, met: bool) {
    let verdict = if met { "goal met" } else { "goal NOT met" };
    println!("  {name:<44} {value:>12.3}   (goal {goal}: {verdict})");
}

/// What a bulk run did.
pub struct BulkRun {
    /// Wall time from the first write to the last outcome.
    pub elapsed: Duration,
    /// Outcome counts.
    pub summary: attio_core::bulk::BulkSummary,
    /// The ids of the users reported created, updated or unchanged.
    pub succeeded: Vec<String>,
    /// The first few errors, for the printout.
    pub errors: Vec<String>,
}

/// Asserts users `make(n)` for `n` in `range` through `client` with `concurrency` writes
/// in flight.
pub async fn bulk(
    client: &Client,
    range: std::ops::Range<u64>,
    concurrency: usize,
    make: fn(u64) -> User,
) -> BulkRun {
    use futures_util::StreamExt;
    let start = std::time::Instant::now();
    let mut outcomes = attio_core::bulk::Bulk::<User>::new(client)
        .concurrency(concurrency)
        .assert_iter(range.map(make));
    let mut run = BulkRun {
        elapsed: Duration::ZERO,
        summary: Default::default(),
        succeeded: Vec::new(),
        errors: Vec::new(),
    };
    while let Some(done) = outcomes.next().await {
        run.summary.add(&done.outcome);
        if done.outcome.is_success() {
            run.succeeded.push(done.input.id.clone());
        } else if let Some(error) = done.outcome.error()
            && run.errors.len() < 5
        {
            run.errors.push(format!("{}: {error}", done.input.id));
        }
    }
    run.elapsed = start.elapsed();
    run
}

/// Prints a bulk run's outcome counts.
pub fn report_summary(run: &BulkRun) {
    let s = &run.summary;
    report(
        "outcomes (created/updated/unchanged/rejected/failed)",
        format!(
            "{}/{}/{}/{}/{}",
            s.created, s.updated, s.unchanged, s.rejected, s.failed
        ),
        "",
    );
    for error in &run.errors {
        println!("    e.g. {error}");
    }
}

/// Serves `app` on a free 127.0.0.1 port and returns an unpaced client for it (production
/// retries and timeout), for benches that measure the client against a canned server.
pub async fn local_server(app: axum::Router) -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let addr = listener.local_addr().expect("its address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    Client::builder()
        .base_url(format!("http://{addr}"))
        .token("tok_bench_1234567890")
        .pacing(PacingConfig::off())
        .build()
        .expect("a client")
}
