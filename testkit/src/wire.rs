//! The wire tests' side: a wiremock server on 127.0.0.1, clients pointed at it, Attio's
//! documented fixtures and error bodies.

use attio_core::Client;
use attio_core::client::Values;
use attio_core::pacing::PacingConfig;
use attio_core::retry::RetryPolicy;

pub use crate::fast_retries;
pub use crate::user::{User, documented_user, email};
use serde_json::{Value, json};
use wiremock::matchers::header;
use wiremock::{MockServer, Request, ResponseTemplate};

/// The token every test client sends; it must never show up in any output.
pub const TOKEN: &str = "tok_wire_secret_6f1d2c";

/// The record id of Attio's documented example user.
pub const RECORD_ID: &str = "bf071e1f-6035-429d-b874-d83ea64ea13b";

/// A local address nothing listens on (the discard port): connections are refused.
/// (A dropped `MockServer` is no such address: wiremock pools and reuses its servers.)
pub const CLOSED_PORT: &str = "http://127.0.0.1:9";

/// The root package's `tests/fixtures/` (Attio's documented examples and fixtures).
pub fn fixtures_dir() -> String {
    format!("{}/../tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

/// A JSON fixture from `tests/fixtures/`.
pub fn fixture(name: &str) -> Value {
    let path = format!("{}/{name}", fixtures_dir());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The `data.values` of a request fixture.
pub fn fixture_values(name: &str) -> Values {
    match fixture(name).pointer("/data/values") {
        Some(Value::Object(values)) => values.clone(),
        other => panic!("{name} has no data.values object: {other:?}"),
    }
}

/// A mock server on 127.0.0.1 of the test's own: a fresh port, never one of wiremock's
/// pooled servers. `MockServer::start` hands a dropped test's server (same port) to the
/// next test, and requests the earlier test's client still had on the wire or in retry
/// then land in the new test's recordings: a bulk test counted 39 to 41 arrivals for 38
/// writes when many tests ran at once.
pub async fn server() -> MockServer {
    MockServer::builder().start().await
}

/// A client for `server` with pacing off, fast retries, and a short timeout.
pub fn client(server: &MockServer) -> Client {
    client_with(server, fast_retries())
}

/// A client for `server` with pacing off and this retry policy.
pub fn client_with(server: &MockServer, retry: RetryPolicy) -> Client {
    client_paced(server, PacingConfig::off(), retry)
}

/// A client for `server` with this pacing and retry policy.
pub fn client_paced(server: &MockServer, pacing: PacingConfig, retry: RetryPolicy) -> Client {
    crate::client_for(&server.uri(), TOKEN)
        .pacing(pacing)
        .retry_policy(retry)
        .build()
        .expect("test client")
}

/// Matches `Authorization: Bearer <TOKEN>`.
pub fn bearer() -> wiremock::matchers::HeaderExactMatcher {
    header("authorization", format!("Bearer {TOKEN}").as_str())
}

/// Matches `Content-Type: application/json`.
pub fn json_content() -> wiremock::matchers::HeaderExactMatcher {
    header("content-type", "application/json")
}

/// Matches a request without a body and without a `Content-Type`.
pub fn no_body(request: &Request) -> bool {
    request.body.is_empty() && !request.headers.contains_key("content-type")
}

/// Matches the raw (still percent-encoded) query string.
pub fn raw_query(expected: &'static str) -> impl Fn(&Request) -> bool {
    move |request: &Request| request.url.query() == Some(expected)
}

/// A 200 answer with Attio's documented assert response.
pub fn record_response() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(fixture("assert-user.response.json"))
}

/// Attio's error body.
pub fn error_body(status: u16, kind: &str, code: &str, message: &str) -> Value {
    json!({"status_code": status, "type": kind, "code": code, "message": message})
}
