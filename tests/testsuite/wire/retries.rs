//! The pipeline retries per the policy: safe requests after 5xx and timeouts, every request
//! after a 429 (waiting for `Retry-After`), and never a write whose outcome is unknown.

use std::time::{Duration, Instant, SystemTime};

use attio_core::pacing::PacingConfig;
use attio_core::retry::RetryPolicy;
use attio_core::{Client, Error};
use attio_testkit::wire::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Mounts `first` for the first `times` requests of `verb`, then `then`.
async fn fail_then(server: &MockServer, verb: &str, first: ResponseTemplate, times: u64) {
    Mock::given(method(verb))
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .expect(times)
        .mount(server)
        .await;
    Mock::given(method(verb))
        .respond_with(record_response())
        .with_priority(2)
        .mount(server)
        .await;
}

/// A client of `server` with no pacing, the given per-request timeout (ms) and retry policy.
fn client_with_timeout(server: &MockServer, timeout_ms: u64, retries: RetryPolicy) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .timeout(Duration::from_millis(timeout_ms))
        .pacing(PacingConfig::off())
        .retry_policy(retries)
        .build()
        .expect("client")
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |r| r.len())
}

#[tokio::test]
async fn a_get_answered_503_is_retried() {
    let server = server().await;
    fail_then(&server, "GET", ResponseTemplate::new(503), 2).await;
    let record = client(&server)
        .get_record("users", RECORD_ID)
        .await
        .expect("third attempt succeeds");
    assert_eq!(record.id(), RECORD_ID);
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn a_get_that_keeps_failing_gives_up_after_max_retries() {
    let server = server().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_body_json(error_body(
            503,
            "api_error",
            "service_unavailable",
            "Down for maintenance",
        )))
        .expect(3)
        .mount(&server)
        .await;
    let error = client_with(&server, fast_retries().max_retries(2))
        .get_record("users", RECORD_ID)
        .await
        .expect_err("gives up");
    assert!(error.is_server_error(), "{error:?}");
    assert_eq!(
        error.api().map(|api| api.message.as_str()),
        Some("Down for maintenance")
    );
}

#[tokio::test]
async fn an_assert_is_safe_to_repeat_after_a_timeout() {
    let server = server().await;
    fail_then(
        &server,
        "PUT",
        record_response().set_delay(Duration::from_millis(2000)),
        1,
    )
    .await;
    let client = client_with_timeout(&server, 600, fast_retries());
    client
        .assert_record(
            "users",
            "user_id",
            fixture_values("assert-user.request.json"),
        )
        .await
        .expect("the retry succeeds");
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_patch_that_times_out_after_sending_has_an_unknown_outcome_and_is_not_repeated() {
    let server = server().await;
    Mock::given(method("PATCH"))
        .respond_with(record_response().set_delay(Duration::from_millis(2000)))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_with_timeout(&server, 600, fast_retries());
    let error = client
        .update_record(
            "users",
            RECORD_ID,
            fixture_values("update-user.request.json"),
        )
        .await
        .expect_err("unknown outcome");
    let Error::OutcomeUnknown { operation, reason } = &error else {
        panic!("outcome unknown: {error:?}")
    };
    assert_eq!(operation, "PATCH /v2/objects/{object}/records/{record_id}");
    assert!(reason.contains("timeout"), "{reason}");
    server.verify().await;
}

#[tokio::test]
async fn unsafe_writes_answered_5xx_are_not_repeated() {
    let server = server().await;
    for verb in ["PATCH", "POST"] {
        Mock::given(method(verb))
            .respond_with(ResponseTemplate::new(502))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);
    let values = fixture_values("assert-user.request.json");
    let patch = client
        .update_record("users", RECORD_ID, values.clone())
        .await
        .unwrap_err();
    let create = client.create_record("users", values).await.unwrap_err();
    for error in [patch, create] {
        assert!(error.is_outcome_unknown(), "{error:?}");
        assert!(error.to_string().contains("502"), "{error}");
    }
    server.verify().await;
}

#[tokio::test]
async fn a_create_answered_429_was_not_processed_and_is_repeated_after_retry_after() {
    let server = server().await;
    fail_then(
        &server,
        "POST",
        ResponseTemplate::new(429)
            .insert_header("retry-after", "1")
            .set_body_json(error_body(
                429,
                "rate_limit_error",
                "rate_limit_exceeded",
                "Rate limit exceeded, please try again later",
            )),
        1,
    )
    .await;
    let started = Instant::now();
    client(&server)
        .create_record("users", fixture_values("assert-user.request.json"))
        .await
        .expect("created after the wait");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(950), "{waited:?}");
    assert!(waited < Duration::from_secs(3), "{waited:?}");
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_measured_against_the_response_date() {
    // The server's clock is 100 s behind ours: measured against our clock the date would
    // already be past, measured against `Date` it is one second away.
    let server_now = SystemTime::now() - Duration::from_secs(100);
    let server = server().await;
    fail_then(
        &server,
        "GET",
        ResponseTemplate::new(429)
            .insert_header("date", httpdate::fmt_http_date(server_now).as_str())
            .insert_header(
                "retry-after",
                httpdate::fmt_http_date(server_now + Duration::from_secs(1)).as_str(),
            ),
        1,
    )
    .await;
    let started = Instant::now();
    client(&server)
        .get_record("users", RECORD_ID)
        .await
        .expect("read after the wait");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(950), "{waited:?}");
}

/// A client with adaptive pacing and fast retries of `server`.
fn adaptive_client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .pacing(PacingConfig::default())
        .retry_policy(fast_retries())
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_run_of_429s_slows_every_clone_of_the_client() {
    let server = server().await;
    fail_then(
        &server,
        "GET",
        ResponseTemplate::new(429).insert_header("retry-after", "0"),
        3,
    )
    .await;
    let client = adaptive_client(&server);
    client
        .get_record("users", RECORD_ID)
        .await
        .expect("after the 429s");
    // The clone shares the pacer, which saw three 429s in a row.
    assert!(
        client
            .clone()
            .pacer()
            .current_rate(attio_core::pacing::RequestClass::Read)
            < Some(PacingConfig::ATTIO_READS_PER_SECOND)
    );
}

#[tokio::test]
async fn an_isolated_429_neither_slows_nor_pauses_the_client() {
    let server = server().await;
    fail_then(
        &server,
        "GET",
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
        1,
    )
    .await;
    let client = adaptive_client(&server);
    client
        .get_record("users", RECORD_ID)
        .await
        .expect("after the wait");
    // The request that met the 429 waited for its Retry-After; nothing else did.
    let clone = client.clone();
    let pacer = clone.pacer();
    assert_eq!(
        pacer.current_rate(attio_core::pacing::RequestClass::Read),
        Some(PacingConfig::ATTIO_READS_PER_SECOND)
    );
    assert_eq!(pacer.paused_until(), None);
}

#[tokio::test]
async fn a_patch_whose_connection_is_refused_was_not_sent_so_it_ends_as_transport_not_outcome_unknown()
 {
    let client = Client::builder()
        .base_url(CLOSED_PORT)
        .token(TOKEN)
        .pacing(PacingConfig::off())
        .retry_policy(fast_retries().max_retries(2))
        .build()
        .expect("client");
    let error = client
        .update_record("users", RECORD_ID, Default::default())
        .await
        .expect_err("nothing listens");
    let Error::Transport(source) = &error else {
        panic!("transport: {error:?}")
    };
    assert!(source.is_connect(), "{source:?}");
}

#[tokio::test]
async fn a_get_that_always_times_out_ends_in_a_timeout_error() {
    let server = server().await;
    Mock::given(method("GET"))
        .respond_with(record_response().set_delay(Duration::from_millis(1500)))
        .expect(2)
        .mount(&server)
        .await;
    let client = client_with_timeout(&server, 300, fast_retries().max_retries(1));
    let error = client
        .get_record("users", RECORD_ID)
        .await
        .expect_err("times out");
    assert!(error.is_timeout(), "{error:?}");
    server.verify().await;
}
