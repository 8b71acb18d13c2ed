//! The HTTP layer against slow, stalled and hostile clients (issue 8, items 8, 9, 10, 13 and
//! 14): read timeouts, a bounded shutdown, a connection limit, auth before the body, and
//! Attio-shaped errors for what the HTTP layer refuses. Raw TCP, since a well-behaved client
//! cannot send most of these requests.

mod common;

use std::time::{Duration, Instant};

use attio_emulator::{Emulator, EmulatorConfig, HttpLimits};
use common::raw::{
    NoReply, PROMPT, RawReply, authed, bearer, closes_within, connect, exchange, read_reply,
    request, send,
};

async fn start(http: HttpLimits) -> Emulator {
    Emulator::start(EmulatorConfig {
        http,
        ..EmulatorConfig::for_tests()
    })
    .await
    .expect("emulator starts")
}

/// An emulator with `http`, and a connection to it on which `first(&emulator)` was sent.
async fn connected(
    http: HttpLimits,
    first: impl FnOnce(&Emulator) -> Vec<u8>,
) -> (Emulator, tokio::net::TcpStream) {
    let emu = start(http).await;
    let mut stream = connect(emu.addr()).await;
    send(&mut stream, &first(&emu)).await;
    (emu, stream)
}

/// A GET of `/v2/self` with the token.
fn identify(emu: &Emulator) -> Vec<u8> {
    authed(emu.token(), "GET", "/v2/self", &[], b"")
}

/// Sends an authenticated GET of `target` with `extra` headers and returns the answer.
async fn get(emu: &Emulator, target: &str, extra: &[(&str, &str)]) -> RawReply {
    let bytes = authed(emu.token(), "GET", target, extra, b"");
    exchange(emu.addr(), &bytes).await.expect("an answer")
}

/// The head of an authenticated POST announcing `length` body bytes, and `sent` of them.
fn half_body(emu: &Emulator, length: usize, sent: usize) -> Vec<u8> {
    let mut bytes = authed(
        emu.token(),
        "POST",
        "/v2/objects/users/records",
        &[
            ("Content-Type", "application/json"),
            ("Content-Length", &length.to_string()),
        ],
        b"",
    );
    bytes.extend(std::iter::repeat_n(b' ', sent));
    bytes
}

#[tokio::test]
async fn shutdown_waits_at_most_the_grace_for_a_client_that_sends_half_a_body() {
    let http = HttpLimits {
        body_timeout: Duration::from_secs(600),
        shutdown_grace: Duration::from_millis(300),
        ..HttpLimits::default()
    };
    let (emu, mut stalled) = connected(http, |emu| half_body(emu, 1000, 10)).await;
    // Let the emulator start reading that body before it is told to stop.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let stopped = tokio::time::timeout(PROMPT, emu.shutdown()).await;
    assert!(
        matches!(stopped, Ok(Ok(()))),
        "shutdown finished: {stopped:?}"
    );
    assert!(
        closes_within(&mut stalled, PROMPT).await,
        "the stalled connection was dropped"
    );
}

#[tokio::test]
async fn a_half_sent_body_times_out_with_attios_408() {
    let http = HttpLimits {
        body_timeout: Duration::from_millis(300),
        ..HttpLimits::default()
    };
    let (emu, mut stalled) = connected(http, |emu| half_body(emu, 1000, 10)).await;
    let reply = read_reply(&mut stalled, PROMPT).await.expect("an answer");
    reply.expect_error(408, "request_timeout");
    assert_eq!(reply.header("connection"), Some("close"));
    assert!(closes_within(&mut stalled, PROMPT).await);
    let again = exchange(emu.addr(), &identify(&emu)).await.expect("answer");
    assert_eq!(again.status, 200, "the emulator still answers");
}

#[tokio::test]
async fn a_stalled_head_is_closed_after_the_head_timeout() {
    let http = HttpLimits {
        head_timeout: Duration::from_millis(300),
        ..HttpLimits::default()
    };
    let half_head = b"GET /v2/self HTTP/1.1\r\nHost: 127.0.0.1\r\n".to_vec();
    let (emu, mut stalled) = connected(http, |_| half_head).await;
    assert!(closes_within(&mut stalled, PROMPT).await, "closed");
    // A connection that never sends a byte is closed too.
    let mut silent = connect(emu.addr()).await;
    assert!(closes_within(&mut silent, PROMPT).await, "closed");
}

#[tokio::test]
async fn idle_keep_alive_connections_are_closed() {
    let http = HttpLimits {
        head_timeout: Duration::from_millis(300),
        ..HttpLimits::default()
    };
    let (_emu, mut idle) = connected(http, identify).await;
    let reply = read_reply(&mut idle, PROMPT).await.expect("an answer");
    assert_eq!(reply.status, 200);
    let answered = Instant::now();
    assert!(closes_within(&mut idle, PROMPT).await, "closed when idle");
    assert!(
        answered.elapsed() >= Duration::from_millis(250),
        "kept open for the timeout first"
    );
}

#[tokio::test]
async fn connections_beyond_the_limit_wait_for_a_free_slot() {
    let http = HttpLimits {
        max_connections: 1,
        ..HttpLimits::default()
    };
    let (emu, mut first) = connected(http, identify).await;
    assert_eq!(
        read_reply(&mut first, PROMPT).await.expect("answer").status,
        200
    );
    // `first` stays open (keep-alive): the second connection is not served meanwhile.
    let mut second = connect(emu.addr()).await;
    send(&mut second, &identify(&emu)).await;
    let waiting = read_reply(&mut second, Duration::from_millis(500)).await;
    assert!(
        matches!(waiting, Err(NoReply::TimedOut)),
        "not served while the slot is taken: {waiting:?}"
    );
    drop(first);
    let served = read_reply(&mut second, PROMPT).await.expect("served");
    assert_eq!(served.status, 200);
}

#[tokio::test]
async fn auth_is_checked_before_the_body_is_read() {
    let emu = start(HttpLimits::default()).await;
    let length = attio_emulator::MAX_BODY_BYTES.to_string();
    let head = request(
        "POST",
        "/v2/objects/users/records",
        &[("Content-Length", &length)],
        b"",
    );
    // Only the head is sent: the 401 must come without the 12 MiB.
    let reply = exchange(emu.addr(), &head).await.expect("an answer");
    reply.expect_error(401, "unauthorized");
    let journal = emu.journal();
    assert_eq!(journal.len(), 1);
    assert_eq!(journal[0].status, Some(401));
    assert_eq!(journal[0].body, "", "the body was not read");
}

#[tokio::test]
async fn two_authorization_headers_get_attios_401() {
    let emu = start(HttpLimits::default()).await;
    let (name, value) = bearer(emu.token());
    let twice = request("GET", "/v2/self", &[(name, &value), (name, &value)], b"");
    let reply = exchange(emu.addr(), &twice).await.expect("an answer");
    let body = reply.expect_error(401, "unauthorized");
    assert_eq!(body["type"], "auth_error");
    let wrong_second = request(
        "GET",
        "/v2/self",
        &[(name, &value), (name, "Bearer other")],
        b"",
    );
    let reply = exchange(emu.addr(), &wrong_second).await.expect("answer");
    reply.expect_error(401, "unauthorized");
}

#[tokio::test]
async fn a_bad_percent_escape_in_the_path_gets_attios_400() {
    let emu = start(HttpLimits::default()).await;
    for target in [
        "/v2/objects/%FF",
        "/v2/objects/users/records/%C3%28",
        "/v2/objects/users/attributes/%FF/options",
    ] {
        get(&emu, target, &[])
            .await
            .expect_error(400, "validation_type");
    }
}

#[tokio::test]
async fn an_over_long_uri_gets_attios_414() {
    let emu = start(HttpLimits::default()).await;
    let long = format!("/v2/objects/{}", "a".repeat(attio_emulator::MAX_URI_BYTES));
    get(&emu, &long, &[])
        .await
        .expect_error(414, "uri_too_long");
    let query = format!("/v2/self?x={}", "b".repeat(attio_emulator::MAX_URI_BYTES));
    let reply = exchange(emu.addr(), &request("GET", &query, &[], b""))
        .await
        .expect("an answer");
    reply.expect_error(414, "uri_too_long");
}

#[tokio::test]
async fn too_many_or_too_large_headers_get_attios_431() {
    let emu = start(HttpLimits::default()).await;
    let names: Vec<String> = (0..attio_emulator::MAX_HEADERS)
        .map(|i| format!("X-Extra-{i}"))
        .collect();
    let many: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "1")).collect();
    get(&emu, "/v2/self", &many)
        .await
        .expect_error(431, "request_header_fields_too_large");
    let big = "c".repeat(attio_emulator::MAX_HEADER_BYTES);
    get(&emu, "/v2/self", &[("X-Big", &big)])
        .await
        .expect_error(431, "request_header_fields_too_large");
    let fine = exchange(emu.addr(), &identify(&emu)).await.expect("answer");
    assert_eq!(fine.status, 200);
}
