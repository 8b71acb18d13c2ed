//! Helpers shared by the `wire_*` tests: a wiremock server on 127.0.0.1, clients pointed
//! at it, Attio's documented fixtures and error bodies.
#![allow(dead_code)]

use std::time::Duration;

use attio_core::client::Values;
use attio_core::pacing::PacingConfig;
use attio_core::retry::RetryPolicy;
use attio_core::{AttioRecord, Client, Email, RecordRef};
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

/// A JSON fixture from `tests/fixtures/`.
pub fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
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

/// A mock server on 127.0.0.1.
pub async fn server() -> MockServer {
    MockServer::start().await
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
    Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .timeout(Duration::from_secs(5))
        .pacing(pacing)
        .retry_policy(retry)
        .build()
        .expect("test client")
}

/// Retries with millisecond backoff, so tests stay fast.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .base_delay(Duration::from_millis(5))
        .max_delay(Duration::from_millis(20))
        .rate_limit_jitter(Duration::ZERO)
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

/// The user of the issue, derived, holding the values of Attio's documented example.
#[derive(AttioRecord, Debug, Clone, PartialEq)]
#[attio(object = "users")]
pub struct User {
    #[attio(slug = "user_id", unique)]
    pub id: String,
    #[attio(slug = "primary_email_address", unique)]
    pub email: Email,
    pub person: Option<RecordRef>,
    #[attio(slug = "workspace")]
    pub workspaces: Vec<RecordRef>,
    #[attio(skip)]
    pub password_hash: String,
}

/// The documented example user (`assert-user.request.json`).
pub fn documented_user() -> User {
    User {
        id: "123".into(),
        email: Email::new("person@company.com").expect("valid email"),
        person: Some(RecordRef::new(
            "people",
            "891dcbfc-9141-415d-9b2a-2238a6cc012d",
        )),
        workspaces: vec![RecordRef::new(
            "workspaces",
            "72ef5feaf-4919-4208-b332-1339ab8ba040",
        )],
        password_hash: "never sent".into(),
    }
}
