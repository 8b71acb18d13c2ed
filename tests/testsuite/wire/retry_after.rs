//! Hostile `Retry-After` and `Date` headers: whatever a 429 says, the client neither panics
//! nor waits unboundedly, and a wait beyond a request's deadline fails it at once with
//! `Error::RateLimited` instead of freezing every request behind the pause.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use attio_core::pacing::PacingConfig;
use attio_core::retry::{MAX_RETRY_AFTER, RetryPolicy};
use attio_core::{Client, Error};
use attio_testkit::wire::*;
use proptest::prelude::*;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Answers every request 429 with the `Retry-After` and `Date` headers set last.
#[derive(Clone, Default)]
struct RateLimiter {
    headers: Arc<Mutex<(String, Option<String>)>>,
}

impl RateLimiter {
    fn set(&self, retry_after: &str, date: Option<&str>) {
        *self.headers.lock().unwrap() = (retry_after.to_owned(), date.map(str::to_owned));
    }
}

impl Respond for RateLimiter {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let (retry_after, date) = self.headers.lock().unwrap().clone();
        let mut response = ResponseTemplate::new(429)
            .insert_header("retry-after", retry_after.as_str())
            .set_body_json(error_body(
                429,
                "rate_limit_error",
                "rate_limit_exceeded",
                "Rate limit exceeded, please try again later",
            ));
        if let Some(date) = date {
            response = response.insert_header("date", date.as_str());
        }
        response
    }
}

async fn rate_limited_server() -> (MockServer, RateLimiter) {
    let server = server().await;
    let limiter = RateLimiter::default();
    Mock::given(wiremock::matchers::any())
        .respond_with(limiter.clone())
        .mount(&server)
        .await;
    (server, limiter)
}

/// A client of `server` with adaptive pacing (so 429s pause it) and `retry`.
fn paced_client(server: &MockServer, retry: RetryPolicy) -> Client {
    client_paced(server, PacingConfig::default(), retry)
}

/// `retry_at` of a rate-limited error, which it must be.
fn retry_at(result: Result<attio_core::Record, Error>) -> SystemTime {
    match result {
        Err(Error::RateLimited { retry_at, .. }) => retry_at,
        other => panic!("expected Error::RateLimited, got {other:?}"),
    }
}

/// Asserts the pacer pauses for at most its cap and the error names a bounded instant.
fn assert_bounded(client: &Client, retry_at: SystemTime) {
    let cap = PacingConfig::DEFAULT_MAX_PAUSE;
    if let Some(until) = client.pacer().paused_until() {
        let left = until.saturating_duration_since(tokio::time::Instant::now());
        assert!(left <= cap, "paused for {left:?}, over the cap {cap:?}");
    }
    let ahead = retry_at
        .duration_since(SystemTime::now())
        .unwrap_or_default();
    assert!(
        ahead <= MAX_RETRY_AFTER,
        "retry_at is {ahead:?} away, over {MAX_RETRY_AFTER:?}"
    );
}

#[tokio::test]
async fn a_huge_retry_after_or_a_far_future_date_does_not_panic_the_client() {
    let (server, limiter) = rate_limited_server().await;
    let client = paced_client(&server, RetryPolicy::default());
    for (retry_after, date) in [
        ("99999999999999999999", None),
        ("18446744073709551615", None),
        ("Fri, 31 Dec 9999 23:59:59 GMT", None),
        (
            "Fri, 31 Dec 9999 23:59:59 GMT",
            Some("Thu, 01 Jan 1970 00:00:00 GMT"),
        ),
        ("3", Some("Fri, 31 Dec 9999 23:59:59 GMT")),
    ] {
        limiter.set(retry_after, date);
        let started = Instant::now();
        let result = client.get_record("users", RECORD_ID).await;
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{retry_after:?}: took {:?}",
            started.elapsed()
        );
        let at = retry_at(result);
        assert_bounded(&client, at);
    }
}

#[tokio::test]
async fn a_retry_after_of_an_hour_fails_at_once_and_does_not_freeze_other_requests() {
    let (server, limiter) = rate_limited_server().await;
    limiter.set("3600", None);
    let client = paced_client(&server, RetryPolicy::default());
    let started = Instant::now();
    let first = retry_at(client.get_record("users", RECORD_ID).await);
    // Attio's own instant is reported, not the capped pause.
    let ahead = first.duration_since(SystemTime::now()).unwrap_or_default();
    assert!(ahead > Duration::from_secs(3500), "{ahead:?}");
    // The pause is capped and past every new request's 30 s deadline: they fail at once,
    // without being sent, naming when the pause ends.
    let sent = server.received_requests().await.map_or(0, |r| r.len());
    let mut others = Vec::new();
    for _ in 0..8 {
        let client = client.clone();
        others.push(tokio::spawn(async move {
            client.get_record("users", RECORD_ID).await
        }));
    }
    for other in others {
        let result = tokio::time::timeout(Duration::from_secs(10), other)
            .await
            .expect("a request behind the pause is not held for the hour")
            .expect("task");
        assert!(result.unwrap_err().is_rate_limited());
    }
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        server.received_requests().await.map_or(0, |r| r.len()),
        sent,
        "requests the pacer would hold past their deadline are not sent"
    );
}

#[tokio::test]
async fn a_retry_after_over_max_rate_limit_wait_is_not_slept_even_without_a_deadline() {
    let (server, limiter) = rate_limited_server().await;
    limiter.set("120", None);
    let client = paced_client(
        &server,
        RetryPolicy::default()
            .no_deadline()
            .max_rate_limit_wait(Duration::from_secs(60)),
    );
    let started = Instant::now();
    let error = tokio::time::timeout(
        Duration::from_secs(10),
        client.get_record("users", RECORD_ID),
    )
    .await
    .expect("not slept for two minutes")
    .unwrap_err();
    assert!(error.is_rate_limited(), "{error}");
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(server.received_requests().await.map_or(0, |r| r.len()), 1);
}

/// A `Retry-After` or `Date` value: mostly the shapes servers send, at every size.
fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<u64>().prop_map(|n| n.to_string()),
        "[0-9]{1,40}",
        (1u64..=253_402_300_799).prop_map(|secs| {
            // Any second from 1970 to the end of year 9999, as an HTTP date.
            httpdate::fmt_http_date(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
        }),
        "(Mon|Tue|Fri), [0-9]{1,2} (Jan|Dec) [0-9]{1,5} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT",
        "[ -~]{0,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_retry_after_or_date_header_panics_the_client_or_makes_it_wait_unboundedly(
        retry_after in header_value(),
        date in proptest::option::of(header_value()),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let (server, limiter) = rate_limited_server().await;
            limiter.set(&retry_after, date.as_deref());
            // Retries only for waits under 50 ms, so the test never sleeps for long; the
            // headers go through parsing, the pause and the retry decision every time.
            let client = paced_client(
                &server,
                RetryPolicy::default().max_rate_limit_wait(Duration::from_millis(50)),
            );
            let started = Instant::now();
            let result = client.get_record("users", RECORD_ID).await;
            prop_assert!(started.elapsed() < Duration::from_secs(10));
            match result {
                Err(Error::RateLimited { retry_at, .. }) => assert_bounded(&client, retry_at),
                other => prop_assert!(false, "expected a rate-limited error, got {other:?}"),
            }
            Ok(())
        })?;
    }
}
