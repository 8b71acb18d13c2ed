//! Bulk assert against the in-process emulator: limits, faults, and re-syncs.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use attio_core::Client;
use attio_core::bulk::{Bulk, BulkSummary};
use attio_core::cache::SyncCache;
use attio_core::pacing::PacingConfig;
use attio_core::retry::RetryPolicy;
use attio_core::value::Email;
use attio_emulator::{Emulator, EmulatorConfig, FaultConfig, RateLimitConfig};
use attio_testkit::User;

fn users(n: usize, domain: &str) -> Vec<User> {
    (0..n)
        .map(|i| attio_testkit::user(&format!("user-{i:05}"), &format!("user{i}@{domain}")))
        .collect()
}

/// Production's default timeout (the tests below run into the emulator's limits on purpose).
fn client(emu: &Emulator, pacing: PacingConfig, retry: RetryPolicy) -> Client {
    Client::builder()
        .base_url(emu.base_url())
        .token(emu.token())
        .pacing(pacing)
        .retry_policy(retry)
        .build()
        .unwrap()
}

fn quick_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_retries(8)
        .base_delay(Duration::from_millis(10))
        .max_delay(Duration::from_millis(200))
}

fn writes_at(rate: f64) -> PacingConfig {
    PacingConfig {
        writes_per_second: Some(rate),
        ..PacingConfig::default()
    }
}

async fn sync(bulk: Bulk<User>, input: Vec<User>) -> BulkSummary {
    bulk.assert_iter(input).run(|_, _| {}).await
}

/// user_id of every stored user, checking none is stored twice.
fn stored_ids(emu: &Emulator) -> HashSet<String> {
    let records = emu.records("users");
    let ids: Vec<String> = records
        .iter()
        .map(|r| {
            r["values"]["user_id"][0]["value"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let unique: HashSet<String> = ids.iter().cloned().collect();
    assert_eq!(unique.len(), ids.len(), "a user was stored twice");
    unique
}

#[tokio::test]
async fn faults_and_limits_lose_and_duplicate_nothing() {
    let mut config = EmulatorConfig::for_tests();
    config.rate_limits = RateLimitConfig::new(100, 60);
    config.faults = FaultConfig {
        writes_only: true,
        error_503: 0.10,
        rate_limited: 0.05,
        drop_before_write: 0.01,
        drop_after_write: 0.01,
        ..FaultConfig::none()
    };
    let emu = Emulator::start(config).await.unwrap();
    let client = client(&emu, writes_at(60.0), quick_retries());
    let summary = sync(
        Bulk::new(&client).concurrency(12),
        users(200, "example.com"),
    )
    .await;
    assert_eq!(summary.created + summary.updated, 200, "{summary:?}");
    assert_eq!(summary.failed + summary.rejected, 0);
    let ids = stored_ids(&emu);
    assert_eq!(ids.len(), 200);
    assert!(emu.stats().rate_limited > 0, "the run saw 429s");
}

#[tokio::test]
async fn a_resync_sends_no_writes_and_a_change_sends_one() {
    let emu = Emulator::start(EmulatorConfig::for_tests()).await.unwrap();
    let client = client(&emu, PacingConfig::off(), quick_retries());
    let cache = Arc::new(SyncCache::new());
    let first = sync(
        Bulk::new(&client).cache(cache.clone()),
        users(100, "example.com"),
    )
    .await;
    assert_eq!(first.created, 100, "{first:?}");
    let writes = emu.stats().writes_applied;

    let second = sync(
        Bulk::new(&client).cache(cache.clone()),
        users(100, "example.com"),
    )
    .await;
    assert_eq!(second.unchanged, 100, "{second:?}");
    assert_eq!(emu.stats().writes_applied, writes, "no write was sent");

    let mut changed = users(100, "example.com");
    changed[42].email = Email::new("new-address@example.org").unwrap();
    let third = sync(Bulk::new(&client).cache(cache), changed).await;
    assert_eq!((third.unchanged, third.updated), (99, 1), "{third:?}");
    assert_eq!(emu.stats().writes_applied, writes + 1);
}

/// The pacer aims 3 % under the configured limit, which absorbs the arrival jitter of a
/// loaded machine: configured at exactly the emulator's limit, no write is refused.
#[tokio::test]
async fn paced_at_the_emulators_limit_the_sync_provokes_no_429() {
    let mut config = EmulatorConfig::for_tests();
    config.rate_limits = RateLimitConfig::new(100, 50);
    let emu = Emulator::start(config).await.unwrap();
    let client = client(&emu, writes_at(50.0), quick_retries());
    let summary = sync(
        Bulk::new(&client).concurrency(16),
        users(150, "example.com"),
    )
    .await;
    assert_eq!(summary.created, 150);
    assert_eq!(emu.stats().rate_limited, 0);
}
