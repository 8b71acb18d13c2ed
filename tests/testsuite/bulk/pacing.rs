//! The client's pacer, seen from the server (wiremock on 127.0.0.1).
//!
//! These check limits (lower bounds on spacing), not speed.

use attio_testkit::fake;

use std::time::Duration;

use attio_core::bulk::Bulk;
use attio_core::pacing::{PacingConfig, RequestClass};
use attio_core::retry::RetryPolicy;
use fake::{FakeUsers, client, rate_limited, users};

fn writes_at(rate: f64) -> PacingConfig {
    PacingConfig {
        reads_per_second: None,
        writes_per_second: Some(rate),
        adaptive: true,
        ..PacingConfig::default()
    }
}

#[tokio::test]
async fn concurrent_writes_arrive_spread_at_the_configured_rate() {
    let (server, fake) = FakeUsers::start().await;
    let client = client(&server, writes_at(40.0), RetryPolicy::default());
    let summary = Bulk::new(&client)
        .concurrency(16)
        .assert_iter(users(81))
        .run(|_, _| {})
        .await;
    assert_eq!(summary.created, 81);
    let arrivals = fake.arrivals();
    let span = arrivals[80].at - arrivals[0].at;
    // 80 intervals of 25 ms; network jitter can only shorten a span by a little.
    assert!(span >= Duration::from_millis(1950), "{span:?}");
    // No second holds more than 40 writes (with a margin for loopback jitter).
    for i in 40..arrivals.len() {
        let window = arrivals[i].at - arrivals[i - 40].at;
        assert!(
            window >= Duration::from_millis(900),
            "arrivals {} to {i}: {window:?}",
            i - 40
        );
    }
}

#[tokio::test]
async fn a_run_of_429s_pauses_every_task_until_retry_after_and_lowers_the_pace() {
    let (server, fake) = FakeUsers::start().await;
    // Three in a row (the second and third sent after the first was answered): a run,
    // not an isolated 429.
    fake.set_script(Box::new(|n, _| {
        (10..=12).contains(&n).then(|| rate_limited(2))
    }));
    let retry = RetryPolicy::default().rate_limit_jitter(Duration::ZERO);
    let client = client(&server, writes_at(50.0), retry);
    let summary = Bulk::new(&client)
        .concurrency(8)
        .assert_iter(users(30))
        .run(|_, _| {})
        .await;
    assert_eq!(summary.created, 30);
    let arrivals = fake.arrivals();
    let statuses: Vec<u16> = arrivals[10..13].iter().map(|a| a.status).collect();
    assert_eq!(statuses, [429, 429, 429]);
    let limited_at = arrivals[12].at;
    // Requests already on the wire may land just after the 429; then nobody sends
    // until Retry-After has passed.
    let next = arrivals[13..]
        .iter()
        .find(|a| a.at - limited_at > Duration::from_millis(200))
        .expect("more requests after the pause");
    assert!(
        next.at - limited_at >= Duration::from_millis(1950),
        "{:?}",
        next.at - limited_at
    );
    let during_pause = arrivals[13..]
        .iter()
        .filter(|a| {
            let after = a.at - limited_at;
            after > Duration::from_millis(200) && after < Duration::from_millis(1950)
        })
        .count();
    assert_eq!(during_pause, 0);
    // After the pause the pace is cut to 70 % (35/s: 28.6 ms apart) and recovers by 1/s
    // per success: the first five gaps average well above the 20 ms of full speed.
    let resumed: Vec<_> = arrivals
        .iter()
        .filter(|a| a.at >= next.at)
        .take(6)
        .collect();
    let mean_gap = (resumed[5].at - resumed[0].at) / 5;
    assert!(mean_gap >= Duration::from_millis(24), "{mean_gap:?}");
}

#[tokio::test]
async fn an_isolated_429_among_successes_neither_pauses_nor_slows_the_others() {
    let (server, fake) = FakeUsers::start().await;
    fake.set_script(Box::new(|n, _| (n == 20).then(|| rate_limited(2))));
    let retry = RetryPolicy::default().rate_limit_jitter(Duration::ZERO);
    let client = client(&server, writes_at(50.0), retry);
    let summary = Bulk::new(&client)
        .concurrency(8)
        .assert_iter(users(40))
        .run(|_, _| {})
        .await;
    assert_eq!(summary.created, 40);
    let arrivals = fake.arrivals();
    assert_eq!(arrivals[20].status, 429);
    // The others keep the full pace (50/s, 20.6 ms apart): the next ten requests come
    // within a generous 600 ms, not after the 2 s Retry-After.
    let after = arrivals[30].at - arrivals[20].at;
    assert!(after < Duration::from_millis(600), "{after:?}");
    assert_eq!(
        client.pacer().current_rate(RequestClass::Write),
        Some(50.0),
        "the pace was not cut"
    );
}

#[tokio::test]
async fn pacing_off_lets_a_burst_through() {
    let (server, fake) = FakeUsers::start().await;
    let client = client(&server, PacingConfig::off(), RetryPolicy::default());
    let summary = Bulk::new(&client)
        .concurrency(16)
        .assert_iter(users(64))
        .run(|_, _| {})
        .await;
    assert_eq!(summary.created, 64);
    let arrivals = fake.arrivals();
    // At 25 writes/s this would take 2.5 s; unpaced it is limited by loopback only.
    assert!(arrivals[63].at - arrivals[0].at < Duration::from_secs(2));
}
