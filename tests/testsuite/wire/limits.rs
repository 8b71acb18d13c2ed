//! The client bounds what a server can make it hold: response bodies over
//! `max_response_bytes` fail with `Error::ResponseTooLarge` (refused unread when declared,
//! abandoned at the limit when streamed), and opening a connection is bounded by the
//! connect timeout.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use attio_core::pacing::PacingConfig;
use attio_core::retry::RetryPolicy;
use attio_core::{Client, ClientBuilder, Error};
use attio_testkit::wire::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use wiremock::Mock;
use wiremock::matchers::method;

/// A builder for `base_url` with no pacing, no retries and a 20 s timeout: any test that
/// passes quickly did not wait for the timeout.
fn builder(base_url: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .token(TOKEN)
        .timeout(Duration::from_secs(20))
        .pacing(PacingConfig::off())
        .retry_policy(RetryPolicy::none())
}

/// Reads one request head (up to the blank line) from `stream`.
async fn read_head(stream: &mut TcpStream) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).await.unwrap_or(0) == 1 {
        head.push(byte[0]);
    }
}

/// A raw HTTP server on 127.0.0.1 answering one connection with `head` and then, when
/// `endless`, chunks of 64 KiB until the client goes away. Counts the body bytes written.
async fn raw_server(head: &'static str, endless: bool) -> (String, Arc<AtomicU64>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let written = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&written);
    tokio::spawn(async move {
        let Ok((mut stream, _)) = listener.accept().await else {
            return;
        };
        read_head(&mut stream).await;
        if stream.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        if !endless {
            // Never send the body the head promised; hold the connection open.
            tokio::time::sleep(Duration::from_secs(60)).await;
            return;
        }
        let chunk = format!("10000\r\n{}\r\n", "x".repeat(0x10000));
        while stream.write_all(chunk.as_bytes()).await.is_ok() {
            counter.fetch_add(0x10000, Ordering::Relaxed);
        }
    });
    (format!("http://{address}"), written)
}

#[tokio::test]
async fn a_response_declaring_a_huge_content_length_is_refused_unread() {
    let (url, _) = raw_server(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 10737418240\r\n\r\n",
        false,
    )
    .await;
    let client = builder(&url).build().expect("client");
    let started = Instant::now();
    let error = client.get_record("users", RECORD_ID).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "refused at once, not after waiting for 10 GiB: {:?}",
        started.elapsed()
    );
    match &error {
        Error::ResponseTooLarge {
            status: 200,
            limit,
            declared: Some(10_737_418_240),
            ..
        } => assert_eq!(*limit, attio_core::client::DEFAULT_MAX_RESPONSE_BYTES),
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
    assert_eq!(error.status(), Some(200));
    assert!(error.to_string().contains("larger than"), "{error}");
}

#[tokio::test]
async fn an_endless_response_body_is_abandoned_at_the_limit() {
    const LIMIT: u64 = 1024 * 1024;
    let (url, written) = raw_server(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
        true,
    )
    .await;
    let client = builder(&url)
        .max_response_bytes(LIMIT)
        .build()
        .expect("client");
    let error = client.get_record("users", RECORD_ID).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::ResponseTooLarge {
                status: 200,
                limit: LIMIT,
                declared: None,
                ..
            }
        ),
        "{error:?}"
    );
    // The client stopped reading at the limit and dropped the connection: the server
    // could only push what fits in the socket buffers on top.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = written.load(Ordering::Relaxed);
    assert!(
        sent < LIMIT + 32 * 1024 * 1024,
        "the server wrote {sent} bytes"
    );
}

#[tokio::test]
async fn a_body_of_exactly_the_limit_is_read_and_one_byte_more_is_not() {
    let server = server().await;
    Mock::given(method("GET"))
        .respond_with(record_response())
        .mount(&server)
        .await;
    let len = serde_json::to_vec(&fixture("assert-user.response.json"))
        .expect("json")
        .len() as u64;
    let at_limit = builder(&server.uri())
        .max_response_bytes(len)
        .build()
        .expect("client");
    at_limit
        .get_record("users", RECORD_ID)
        .await
        .expect("a body of exactly the limit is read");
    let under = builder(&server.uri())
        .max_response_bytes(len - 1)
        .build()
        .expect("client");
    let error = under.get_record("users", RECORD_ID).await.unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { declared: Some(d), .. } if d == len),
        "{error:?}"
    );
}

/// A raw HTTP server on 127.0.0.1 answering every connection's first request with `body`
/// in chunked encoding, cut into `pieces` chunks written a few milliseconds apart (so the
/// client receives them as separate chunks), with no `Content-Length`.
async fn chunked_server(body: Vec<u8>, pieces: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let body = Arc::new(body);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let body = Arc::clone(&body);
            tokio::spawn(async move {
                read_head(&mut stream).await;
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
                let _ = stream.write_all(head.as_bytes()).await;
                for piece in body.chunks(body.len().div_ceil(pieces)) {
                    let mut chunk = format!("{:x}\r\n", piece.len()).into_bytes();
                    chunk.extend_from_slice(piece);
                    chunk.extend_from_slice(b"\r\n");
                    let _ = stream.write_all(&chunk).await;
                    let _ = stream.flush().await;
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                let _ = stream.write_all(b"0\r\n\r\n").await;
                tokio::time::sleep(Duration::from_secs(1)).await;
            });
        }
    });
    format!("http://{address}")
}

#[tokio::test]
async fn a_body_in_several_chunks_is_read_whole_up_to_the_limit_and_not_past_it() {
    let body = serde_json::to_vec(&fixture("assert-user.response.json")).expect("json");
    let len = body.len() as u64;
    let url = chunked_server(body, 3).await;
    let record = builder(&url)
        .max_response_bytes(len)
        .build()
        .expect("client")
        .get_record("users", RECORD_ID)
        .await
        .expect("three chunks of exactly the limit in all are read and joined");
    let expected: attio_core::Record =
        serde_json::from_value(fixture("assert-user.response.json")["data"].clone())
            .expect("the fixture is a record");
    assert_eq!(record, expected, "the chunks joined in order");
    let error = builder(&url)
        .max_response_bytes(len - 1)
        .build()
        .expect("client")
        .get_record("users", RECORD_ID)
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { declared: None, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_connection_that_is_never_accepted_fails_after_the_connect_timeout() {
    // A listener with a backlog of one that never accepts: once its queue is full the
    // kernel ignores further connection attempts, so they hang until the client gives up.
    let socket = TcpSocket::new_v4().expect("socket");
    socket
        .bind("127.0.0.1:0".parse().expect("address"))
        .expect("bind");
    let listener = socket.listen(1).expect("listen");
    let address = listener.local_addr().expect("address");
    let mut fillers = Vec::new();
    for _ in 0..8 {
        let filler = TcpSocket::new_v4().expect("socket");
        if let Ok(Ok(stream)) =
            tokio::time::timeout(Duration::from_millis(200), filler.connect(address)).await
        {
            fillers.push(stream);
        }
    }
    let client = builder(&format!("http://{address}"))
        .connect_timeout(Duration::from_millis(500))
        .build()
        .expect("client");
    let started = Instant::now();
    let error = client.get_record("users", RECORD_ID).await.unwrap_err();
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(450) && took < Duration::from_secs(10),
        "bounded by the connect timeout, not the 20 s request timeout: {took:?} ({error:?})"
    );
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    drop((fillers, listener));
}
