//! The emulator binary against hostile input: malformed JSON, invalid UTF-8, huge and
//! never-finished bodies, deep nesting, huge numbers, long URLs, header tricks and
//! unauthenticated big bodies. After each: an Attio-shaped error (where the emulator can
//! answer at all, see the README's "Limits and timeouts"), the server still answers, and its
//! memory stays bounded. Linux only (it reads `/proc/<pid>/status` and `/proc/<pid>/stat`).
#![cfg(target_os = "linux")]

mod common;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::raw::{
    self, NoReply, PROMPT, bearer, closes_within, connect, exchange, read_reply, request, send,
};

const TOKEN: &str = "hostile-token";

/// The emulator binary, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    /// Starts the binary with `extra` flags, optionally under `ulimit -n FDS`.
    fn start(extra: &[&str], fd_limit: Option<u32>) -> Self {
        let binary = env!("CARGO_BIN_EXE_attio-emulator");
        let mut args = vec!["--port", "0", "--no-rate-limits", "--token", TOKEN];
        args.extend_from_slice(extra);
        let mut command = match fd_limit {
            // `exec` keeps the pid: the child is the emulator itself.
            Some(fds) => {
                let mut sh = Command::new("sh");
                sh.arg("-c")
                    .arg(format!("ulimit -n {fds} && exec \"$0\" \"$@\""))
                    .arg(binary);
                sh
            }
            None => Command::new(binary),
        };
        let mut child = command
            .args(&args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the listening line");
        let addr = line
            .split_whitespace()
            .find_map(|w| w.strip_prefix("http://"))
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("an address in {line:?}"));
        Self { child, addr }
    }

    fn proc_file(&self, name: &str) -> String {
        std::fs::read_to_string(format!("/proc/{}/{name}", self.child.id())).expect("procfs")
    }

    /// Resident memory in MiB (`VmRSS`).
    fn rss_mib(&self) -> u64 {
        let status = self.proc_file("status");
        let kib: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS");
        kib / 1024
    }

    /// CPU time used so far (user + system), in clock ticks (100 a second on Linux).
    fn cpu_ticks(&self) -> u64 {
        let stat = self.proc_file("stat");
        // Fields after the `(comm)`; utime and stime are the 12th and 13th of them.
        let after = &stat[stat.rfind(')').expect("comm") + 2..];
        let fields: Vec<&str> = after.split_whitespace().collect();
        fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
    }

    fn auth(&self) -> (&'static str, String) {
        bearer(TOKEN)
    }

    /// One request on a fresh connection.
    async fn ask(&self, bytes: &[u8]) -> Result<raw::RawReply, NoReply> {
        exchange(self.addr, bytes).await
    }

    /// An authenticated request with these extra headers and body.
    fn authed(&self, method: &str, target: &str, extra: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
        raw::authed(TOKEN, method, target, extra, body)
    }

    /// Asserts that a normal request is answered normally.
    async fn assert_alive(&self) {
        let reply = self
            .ask(&self.authed("GET", "/v2/self", &[], b""))
            .await
            .expect("the emulator still answers");
        assert_eq!(reply.status, 200);
    }

    /// Asserts an Attio-shaped error with `status` for `bytes`, then that the server answers.
    async fn assert_refused(&self, bytes: &[u8], status: u16) -> serde_json::Value {
        let reply = self.ask(bytes).await.expect("an answer");
        let code = expected_code(status);
        let body = reply.expect_error(status, code);
        self.assert_alive().await;
        body
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `code` the emulator answers with for `status` (for the HTTP layer's own refusals).
fn expected_code(status: u16) -> &'static str {
    match status {
        400 => "validation_type",
        401 => "unauthorized",
        404 => "not_found",
        408 => "request_timeout",
        413 => "payload_too_large",
        414 => "uri_too_long",
        431 => "request_header_fields_too_large",
        other => panic!("no expected code for {other}"),
    }
}

const JSON: (&str, &str) = ("Content-Type", "application/json");
const CREATE: &str = "/v2/objects/users/records";

#[tokio::test]
async fn malformed_json_and_invalid_utf8_get_attios_400() {
    let server = Server::start(&[], None);
    let bodies: [&[u8]; 8] = [
        b"{\"data\": {",
        b"\xFF\xFE\xFD",
        b"{\"data\":{\"values\":{\"user_id\":\"\xFF\xC3\x28\"}}}",
        b"\xEF\xBB\xBF{\"data\":{}}",
        b"{\"data\":{\"values\":{}}}\x00",
        b"[1, 2,]",
        b"{\"data\": \"\\uD800\"}",
        b"\"just a string\"",
    ];
    for body in bodies {
        let reply = server
            .ask(&server.authed("POST", CREATE, &[JSON], body))
            .await;
        let reply = reply.expect("an answer");
        let shaped = reply.expect_error(400, &expected_error_code(&reply));
        assert!(shaped["message"].is_string());
        server.assert_alive().await;
    }
}

/// Any 400 code is fine for bodies that are JSON but not a valid record write.
fn expected_error_code(reply: &raw::RawReply) -> String {
    serde_json::from_slice::<serde_json::Value>(&reply.body)
        .ok()
        .and_then(|b| b["code"].as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[tokio::test]
async fn deep_nesting_and_huge_numbers_get_attios_400() {
    let server = Server::start(&[], None);
    let deep_array = "[".repeat(200_000);
    let deep_object = format!("{}1{}", "{\"a\":".repeat(50_000), "}".repeat(50_000));
    let bodies = [
        deep_array,
        deep_object,
        r#"{"data":{"values":{"user_id":1e999999}}}"#.to_owned(),
        format!(
            r#"{{"data":{{"values":{{"user_id":{}}}}}}}"#,
            "9".repeat(5000)
        ),
    ];
    for body in &bodies {
        let body = server
            .assert_refused(
                &server.authed("POST", CREATE, &[JSON], body.as_bytes()),
                400,
            )
            .await;
        assert_eq!(body["type"], "invalid_request_error");
    }
    let query = "/v2/objects/users/records/query";
    let deep_filter = format!(
        r#"{{"filter":{}{{"user_id":"x"}}{}}}"#,
        r#"{"$not":"#.repeat(100),
        "}".repeat(100)
    );
    // `1e30` is a whole number (a saturated count, see store::whole), so only fractions and
    // negatives are refused.
    for body in [r#"{"limit":1.5}"#.to_owned(), r#"{"limit":-1}"#.to_owned()] {
        server
            .assert_refused(&server.authed("POST", query, &[JSON], body.as_bytes()), 400)
            .await;
    }
    let nested = server
        .ask(&server.authed("POST", query, &[JSON], deep_filter.as_bytes()))
        .await
        .expect("an answer");
    assert!(
        nested.status == 200
            || nested
                .expect_error(400, &expected_error_code(&nested))
                .is_object(),
        "a deep filter is answered: {}",
        nested.status
    );
    server.assert_alive().await;
    // A count of 40 nines saturates (store::whole); a negative one is refused.
    let target = "/v2/objects/users/attributes?limit=-3".to_owned();
    server
        .assert_refused(&server.authed("GET", &target, &[], b""), 400)
        .await;
}

#[tokio::test]
async fn huge_and_never_finished_bodies_are_refused() {
    let server = Server::start(&["--body-timeout", "1", "--head-timeout", "1"], None);
    // Over the body limit: 413 once the limit is read.
    let over = vec![b' '; attio_emulator::MAX_BODY_BYTES + 1];
    server
        .assert_refused(&server.authed("POST", CREATE, &[JSON], &over), 413)
        .await;
    // Half a body: 408 after the body timeout, then the connection is closed.
    let mut half = server.authed("POST", CREATE, &[JSON, ("Content-Length", "1000")], b"");
    half.extend_from_slice(b"{\"data\":");
    let mut stalled = connect(server.addr).await;
    send(&mut stalled, &half).await;
    read_reply(&mut stalled, PROMPT)
        .await
        .expect("an answer")
        .expect_error(408, "request_timeout");
    assert!(closes_within(&mut stalled, PROMPT).await);
    // Half a head: closed after the head timeout, without an answer.
    let mut stalled = connect(server.addr).await;
    send(
        &mut stalled,
        b"POST /v2/objects/users/records HTTP/1.1\r\nHost: x\r\n",
    )
    .await;
    assert!(closes_within(&mut stalled, PROMPT).await);
    server.assert_alive().await;
}

#[tokio::test]
async fn long_urls_get_attios_414() {
    let server = Server::start(&[], None);
    let long = format!("/v2/objects/{}", "a".repeat(20 * 1024));
    server
        .assert_refused(&server.authed("GET", &long, &[], b""), 414)
        .await;
    let long_query = format!("/v2/self?{}", "q=1&".repeat(5000));
    server
        .assert_refused(&server.authed("GET", &long_query, &[], b""), 414)
        .await;
    // Beyond hyper's own limits (a 64 KiB target, a 400 KiB head) hyper answers before a
    // request exists; the answer still gets Attio's body, and the emulator carries on.
    for (size, status) in [(70 * 1024, 414), (1024 * 1024, 431)] {
        let huge = format!("/v2/objects/{}", "a".repeat(size));
        server
            .assert_refused(&server.authed("GET", &huge, &[], b""), status)
            .await;
    }
}

#[tokio::test]
async fn header_tricks_get_attios_errors() {
    let server = Server::start(&[], None);
    let (name, value) = server.auth();
    // Two Authorization headers, even both right: 401.
    let twice = request("GET", "/v2/self", &[(name, &value), (name, &value)], b"");
    server.assert_refused(&twice, 401).await;
    // A token that is not UTF-8, a lower-case scheme, an empty header: 401.
    let not_utf8 =
        b"GET /v2/self HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xFF\xFE\r\n\r\n".to_vec();
    server.assert_refused(&not_utf8, 401).await;
    for header in ["bearer hostile-token", "Bearer", ""] {
        let bytes = request("GET", "/v2/self", &[("Authorization", header)], b"");
        server.assert_refused(&bytes, 401).await;
    }
    // Too many headers, one huge header: 431.
    let names: Vec<String> = (0..150).map(|i| format!("X-H{i}")).collect();
    let mut many: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "v")).collect();
    many.push((name, &value));
    server
        .assert_refused(&request("GET", "/v2/self", &many, b""), 431)
        .await;
    let big = "b".repeat(100 * 1024);
    server
        .assert_refused(
            &server.authed("GET", "/v2/self", &[("X-Big", &big)], b""),
            431,
        )
        .await;
    // Bad percent-escapes in the path: 400.
    for target in ["/v2/objects/%FF", "/v2/objects/users/records/%E2%82"] {
        server
            .assert_refused(&server.authed("GET", target, &[], b""), 400)
            .await;
    }
    // What hyper refuses before a request exists (conflicting lengths, a control character
    // in a header, a request line that is not HTTP) gets its 400 with Attio's body too.
    let conflicting = server.authed(
        "POST",
        CREATE,
        &[("Content-Length", "5"), ("Content-Length", "7")],
        b"{}",
    );
    let bad_byte = b"GET /v2/self HTTP/1.1\r\nHost: x\r\nX-Bad: a\x01b\r\n\r\n".to_vec();
    let not_http = b"GARBAGE\r\n\r\n".to_vec();
    for bytes in [conflicting, bad_byte, not_http] {
        server.assert_refused(&bytes, 400).await;
    }
}

#[tokio::test]
async fn big_bodies_leave_memory_bounded() {
    let server = Server::start(&[], None);
    let before = server.rss_mib();
    let length = attio_emulator::MAX_BODY_BYTES.to_string();
    let payload = vec![b'x'; attio_emulator::MAX_BODY_BYTES];
    // Unauthenticated: the 401 comes before the body is read; the body is sent anyway.
    for _ in 0..20 {
        let mut stream = connect(server.addr).await;
        send(
            &mut stream,
            &request("POST", CREATE, &[JSON, ("Content-Length", &length)], b""),
        )
        .await;
        read_reply(&mut stream, PROMPT)
            .await
            .expect("an answer")
            .expect_error(401, "unauthorized");
        send(&mut stream, &payload).await;
    }
    server.assert_alive().await;
    let after_unauthenticated = server.rss_mib();
    // Authenticated, to a path that does not exist: read, answered 404, journaled within
    // the journal's byte budget (64 MiB by default).
    let almost = vec![b'y'; attio_emulator::MAX_BODY_BYTES - 1024];
    for i in 0..20 {
        let target = format!("/v2/nowhere/{i}");
        server
            .assert_refused(&server.authed("POST", &target, &[JSON], &almost), 404)
            .await;
    }
    let after_authenticated = server.rss_mib();
    println!(
        "RSS: {before} MiB at start, {after_unauthenticated} MiB after 20 unauthenticated \
         12 MiB bodies, {after_authenticated} MiB after 20 authenticated ones"
    );
    assert!(
        after_unauthenticated < before + 50,
        "unauthenticated bodies are not buffered: {before} → {after_unauthenticated} MiB"
    );
    assert!(
        after_authenticated < 300,
        "the journal is bounded: {after_authenticated} MiB"
    );
}

#[tokio::test]
async fn accept_errors_back_off_instead_of_spinning() {
    let server = Server::start(&[], Some(48));
    // More connections than descriptors: the emulator hits EMFILE with clients queued.
    let mut held = Vec::new();
    for _ in 0..80 {
        held.push(connect(server.addr).await);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let start = server.cpu_ticks();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let used = server.cpu_ticks() - start;
    println!("CPU while out of descriptors: {used} ticks in 2 s");
    // A spinning accept loop burns up to 200 ticks here (less on a busy machine).
    assert!(used < 25, "{used} ticks of CPU in 2 s");
    drop(held);
    // Once descriptors are free again, the emulator answers (the back-off is at most 1 s).
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.assert_alive().await;
}
