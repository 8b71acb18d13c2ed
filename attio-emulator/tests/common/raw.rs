//! Raw HTTP/1.1 over TCP, for what a well-behaved client never sends: half bodies, stalled
//! heads, duplicate or oversized headers, bad percent-escapes. Responses are parsed with
//! `httparse` (hyper's own parser).

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long a test waits for an answer the emulator should give promptly. Generous: the CI
/// machine is a slow, shared 2-core box.
pub const PROMPT: Duration = Duration::from_secs(10);

/// A parsed response.
#[derive(Debug)]
pub struct RawReply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawReply {
    /// The header `name` (case-insensitive), if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Asserts Attio's error body (`status_code`, `type`, `code`, `message`) with this
    /// status and code, and returns it.
    #[track_caller]
    pub fn expect_error(&self, status: u16, code: &str) -> Value {
        let text = String::from_utf8_lossy(&self.body[..self.body.len().min(300)]);
        assert_eq!(self.status, status, "body: {text}");
        assert_eq!(
            self.header("content-type"),
            Some("application/json"),
            "body: {text}"
        );
        let body: Value = serde_json::from_slice(&self.body).expect("a JSON error body");
        assert_eq!(body["status_code"], status, "body: {text}");
        assert_eq!(body["code"], code, "body: {text}");
        assert!(body["type"].is_string(), "body: {text}");
        assert!(body["message"].is_string(), "body: {text}");
        body
    }
}

/// Why no response was read.
#[derive(Debug)]
pub enum NoReply {
    /// Nothing complete arrived within the wait.
    TimedOut,
    /// The server closed the connection (or reset it) without a complete response.
    Closed,
}

/// Opens a connection.
pub async fn connect(addr: SocketAddr) -> TcpStream {
    TcpStream::connect(addr).await.expect("connects")
}

/// A request with `Host`, the given extra header lines and body (`Content-Length` is the
/// body's length unless `headers` sets it).
pub fn request(method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-length"))
    {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// The `Authorization` header for `token`.
pub fn bearer(token: &str) -> (&'static str, String) {
    ("Authorization", format!("Bearer {token}"))
}

/// [`request`] with `Authorization: Bearer <token>` first.
pub fn authed(
    token: &str,
    method: &str,
    target: &str,
    extra: &[(&str, &str)],
    body: &[u8],
) -> Vec<u8> {
    let (name, value) = bearer(token);
    let mut headers = vec![(name, value.as_str())];
    headers.extend_from_slice(extra);
    request(method, target, &headers, body)
}

/// Writes `bytes`; a connection the server already closed is not an error here (the test
/// looks at what the server answered, not at whether it read everything).
pub async fn send(stream: &mut TcpStream, bytes: &[u8]) {
    let _ = stream.write_all(bytes).await;
}

/// Reads one response (head, then a `Content-Length` body) within `within`.
pub async fn read_reply(stream: &mut TcpStream, within: Duration) -> Result<RawReply, NoReply> {
    tokio::time::timeout(within, read_one(stream))
        .await
        .unwrap_or(Err(NoReply::TimedOut))
}

async fn read_one(stream: &mut TcpStream) -> Result<RawReply, NoReply> {
    let mut buf = Vec::new();
    loop {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut parsed = httparse::Response::new(&mut headers);
        if let Ok(httparse::Status::Complete(head_len)) = parsed.parse(&buf) {
            let status = parsed.code.unwrap_or(0);
            let headers: Vec<(String, String)> = parsed
                .headers
                .iter()
                .map(|h| {
                    (
                        h.name.to_owned(),
                        String::from_utf8_lossy(h.value).into_owned(),
                    )
                })
                .collect();
            let length = headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.parse::<usize>().ok())
                .unwrap_or(0);
            while buf.len() < head_len + length {
                read_more(stream, &mut buf).await?;
            }
            let body = buf[head_len..head_len + length].to_vec();
            return Ok(RawReply {
                status,
                headers,
                body,
            });
        }
        read_more(stream, &mut buf).await?;
    }
}

/// Appends what the next read returns; EOF or an error is [`NoReply::Closed`].
async fn read_more(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Result<(), NoReply> {
    let mut chunk = [0u8; 16 * 1024];
    match stream.read(&mut chunk).await {
        Ok(0) | Err(_) => Err(NoReply::Closed),
        Ok(n) => {
            buf.extend_from_slice(&chunk[..n]);
            Ok(())
        }
    }
}

/// Whether the server closes the connection (EOF or reset) within `within`, discarding
/// anything it sends first.
pub async fn closes_within(stream: &mut TcpStream, within: Duration) -> bool {
    let mut chunk = [0u8; 4096];
    tokio::time::timeout(within, async {
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .is_ok()
}

/// Sends one request on a fresh connection and reads the answer.
pub async fn exchange(addr: SocketAddr, bytes: &[u8]) -> Result<RawReply, NoReply> {
    let mut stream = connect(addr).await;
    send(&mut stream, bytes).await;
    read_reply(&mut stream, PROMPT).await
}
