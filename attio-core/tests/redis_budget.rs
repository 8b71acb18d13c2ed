//! `RedisBudget` against a real `redis-server` (started on a free loopback port, killed
//! afterwards) and the emulator: the GCRA script, clients sharing one budget, the fallback
//! when Redis dies and the return when it comes back, and password redaction.
//!
//! Without `redis-server` on `PATH` these tests print why and pass, unless
//! `ATTIO_REQUIRE_REDIS=1` (CI), which makes them fail.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use attio_core::Client;
use attio_core::pacing::{
    PacingConfig, RedisBudget, RequestClass, Reservation, SharedBudget, SharedPacing,
};
use attio_emulator::redis_server::RedisServer;
use attio_emulator::{Emulator, EmulatorConfig, RateLimitConfig};
use serde_json::json;

const INTERVAL: Duration = Duration::from_millis(100);

fn reserved(answer: Reservation) -> Duration {
    match answer {
        Reservation::Granted(wait) => wait,
        Reservation::TooFar(wait) => panic!("not reserved: next slot in {wait:?}"),
    }
}

#[tokio::test]
async fn the_gcra_script_reserves_consecutive_slots_on_redis_time_and_expires() {
    let Some(redis) = RedisServer::for_test() else {
        return;
    };
    let budget = RedisBudget::new(&redis.url(), "gcra-unit").unwrap();
    let max_wait = Duration::from_secs(1);
    let first = reserved(
        budget
            .reserve(RequestClass::Write, INTERVAL, max_wait)
            .await
            .unwrap(),
    );
    let second = reserved(
        budget
            .reserve(RequestClass::Write, INTERVAL, max_wait)
            .await
            .unwrap(),
    );
    let third = reserved(
        budget
            .reserve(RequestClass::Write, INTERVAL, max_wait)
            .await
            .unwrap(),
    );
    assert_eq!(first, Duration::ZERO);
    // Each next slot is one interval further (less the few ms between the calls).
    let slack = Duration::from_millis(50);
    assert!(
        second <= INTERVAL && second + slack >= INTERVAL,
        "{second:?}"
    );
    assert!(
        third <= 2 * INTERVAL && third + slack >= 2 * INTERVAL,
        "{third:?}"
    );
    // A slot further than max_wait is not reserved: asking again gives the same slot.
    let far = budget
        .reserve(RequestClass::Write, INTERVAL, Duration::from_millis(10))
        .await
        .unwrap();
    let Reservation::TooFar(wait) = far else {
        panic!("{far:?}");
    };
    assert!(
        wait > Duration::from_millis(10) && wait <= 3 * INTERVAL,
        "{wait:?}"
    );
    // Reads have their own key and schedule.
    let read = reserved(
        budget
            .reserve(RequestClass::Read, INTERVAL, max_wait)
            .await
            .unwrap(),
    );
    assert_eq!(read, Duration::ZERO);

    // The key lives a little longer than its schedule, then expires.
    let key = budget.key(RequestClass::Write);
    let ttl = redis.command(&["PTTL", key]).unwrap();
    let ttl: u64 = ttl.trim().trim_start_matches(':').parse().unwrap();
    assert!((1000..=1500).contains(&ttl), "PTTL {ttl}");
    tokio::time::sleep(Duration::from_millis(1700)).await;
    assert_eq!(redis.command(&["EXISTS", key]).unwrap(), ":0\r\n");
    // And a fresh schedule starts at once.
    let fresh = reserved(
        budget
            .reserve(RequestClass::Write, INTERVAL, max_wait)
            .await
            .unwrap(),
    );
    assert_eq!(fresh, Duration::ZERO);
}

/// An emulator allowing `writes_per_second` (reads four times that).
async fn emulator(writes_per_second: u32) -> Emulator {
    Emulator::start(EmulatorConfig {
        rate_limits: RateLimitConfig::new(writes_per_second * 4, writes_per_second),
        ..EmulatorConfig::for_tests()
    })
    .await
    .unwrap()
}

/// A client of `emu` pacing writes at `rate`, through the Redis at `redis_url` if given.
fn client(emu: &Emulator, rate: f64, redis_url: Option<&str>) -> Client {
    let builder = Client::builder()
        .base_url(emu.base_url())
        .token(emu.token())
        .pacing(PacingConfig {
            writes_per_second: Some(rate),
            reads_per_second: Some(rate * 4.0),
            ..PacingConfig::default()
        });
    match redis_url {
        Some(url) => builder
            .shared_pacing_redis(url)
            .shared_pacing_workspace(format!("test-{}", emu.addr().port())),
        None => builder,
    }
    .build()
    .unwrap()
}

/// Asserts users `range` one after another through `client`; panics on any error.
async fn write_users(client: Client, range: std::ops::Range<u32>) {
    for n in range {
        let values = json!({
            "user_id": format!("usr_{n:05}"),
            "primary_email_address": format!("user{n}@example.com"),
        });
        let serde_json::Value::Object(values) = values else {
            unreachable!()
        };
        client
            .assert_record("users", "user_id", values)
            .await
            .unwrap_or_else(|error| panic!("user {n}: {error}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_clients_sharing_a_budget_keep_the_limit_together() {
    let Some(redis) = RedisServer::for_test() else {
        return;
    };
    const LIMIT: u32 = 10;
    let emu = emulator(LIMIT).await;
    // Each is configured for the whole limit; alone, each would go at it.
    let (a, b) = (
        client(&emu, f64::from(LIMIT), Some(&redis.url())),
        client(&emu, f64::from(LIMIT), Some(&redis.url())),
    );
    let start = Instant::now();
    tokio::join!(
        // Several writers per client, as a bulk sync has.
        async {
            tokio::join!(
                write_users(a.clone(), 0..10),
                write_users(a.clone(), 10..20)
            )
        },
        async {
            tokio::join!(
                write_users(b.clone(), 20..30),
                write_users(b.clone(), 30..40)
            )
        },
    );
    let elapsed = start.elapsed();
    // 40 writes at 10/s together take at least 3.9 s (two separate pacers: about 2 s).
    assert!(elapsed >= Duration::from_millis(3900), "{elapsed:?}");
    assert!(a.pacer().is_shared() && b.pacer().is_shared());
    let stats = emu.stats();
    assert_eq!(stats.rate_limited, 0, "no 429 with one shared budget");
    assert_eq!(emu.records("users").len(), 40);
}

/// A tracing subscriber writing into a buffer, for counting events.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn install(&self) -> tracing::subscriber::DefaultGuard {
        let writer = self.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_default(subscriber)
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test]
async fn redis_killed_mid_run_falls_back_with_one_warning_and_comes_back() {
    let Some(mut redis) = RedisServer::for_test() else {
        return;
    };
    let logs = Captured::default();
    let _guard = logs.install();
    let emu = emulator(20).await;
    let client = client(&emu, 20.0, Some(&redis.url()));
    write_users(client.clone(), 0..10).await;
    assert!(client.pacer().is_shared());

    redis.stop();
    let during = Instant::now();
    write_users(client.clone(), 10..40).await;
    // The outage cost at most one call timeout per probe, never a stall.
    assert!(
        during.elapsed() < Duration::from_secs(20),
        "{:?}",
        during.elapsed()
    );
    assert!(!client.pacer().is_shared());

    redis.restart().unwrap();
    // Within a probe interval or two of Redis returning, the client paces through it again.
    let back = Instant::now();
    let mut n = 40;
    while !client.pacer().is_shared() {
        assert!(
            back.elapsed() < Duration::from_secs(20),
            "never went back to Redis"
        );
        write_users(client.clone(), n..n + 1).await;
        n += 1;
    }
    write_users(client.clone(), n..n + 5).await;
    assert!(client.pacer().is_shared());

    let text = logs.text();
    let warnings = text.matches("shared pacing budget unavailable").count();
    assert_eq!(warnings, 1, "one warning per outage:\n{text}");
    assert_eq!(text.matches("reachable again").count(), 1, "{text}");
    // Nothing lost: every write landed.
    assert_eq!(emu.records("users").len(), n as usize + 5);
}

#[tokio::test]
async fn redis_passwords_never_appear_in_debug_logs_or_errors() {
    let password = "s3cr3t-pw-for-test";
    let Some(redis) = RedisServer::for_test_with_password(Some(password)) else {
        return;
    };
    let logs = Captured::default();
    let _guard = logs.install();
    let emu = emulator(50).await;

    // The right password: shared pacing works; Debug shows the URL redacted.
    let good = client(&emu, 50.0, Some(&redis.url()));
    write_users(good.clone(), 0..3).await;
    assert!(good.pacer().is_shared());
    let debug = format!("{good:?}");
    assert!(!debug.contains(password), "{debug}");
    assert!(debug.contains(":redacted@127.0.0.1"), "{debug}");

    // A wrong password: Redis refuses, the client paces alone, and the warning does not
    // quote what was sent.
    let wrong_password = "wr0ng-pw-for-test";
    let wrong_url = format!("redis://:{wrong_password}@127.0.0.1:{}", redis.port());
    let wrong = client(&emu, 50.0, Some(&wrong_url));
    write_users(wrong.clone(), 3..6).await;
    assert!(!wrong.pacer().is_shared());
    let text = logs.text();
    assert!(text.contains("shared pacing budget unavailable"), "{text}");
    assert!(
        !text.contains(wrong_password) && !text.contains(password),
        "{text}"
    );
    assert!(!format!("{wrong:?}").contains(wrong_password));

    // The builder's Debug hides it too.
    let builder = Client::builder().shared_pacing_redis(wrong_url.as_str());
    assert!(!format!("{builder:?}").contains(wrong_password));
    // And a pacer built from a budget directly.
    let budget = RedisBudget::new(&wrong_url, "ws").unwrap();
    let shared = SharedPacing::new(Arc::new(budget));
    assert!(!format!("{shared:?}").contains(wrong_password));
}
