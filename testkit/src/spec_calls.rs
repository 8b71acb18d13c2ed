//! Requests to the emulator whose bodies are checked against Attio's OpenAPI spec: the
//! request body (for a success) against the operation's request schema, the answer against
//! the response schema of its status.

use attio_emulator::Emulator;
use reqwest::Method;
use serde_json::Value;

use crate::openapi::Spec;

/// Sends `method path` (with the emulator's token and an optional JSON body), asserts the
/// status, validates request and answer against `spec_path`'s schemas, returns the answer.
pub async fn checked(
    emu: &Emulator,
    method: Method,
    path: &str,
    spec_path: &str,
    body: Option<Value>,
    status: u16,
) -> Value {
    let spec = Spec::load();
    let mut request = reqwest::Client::new()
        .request(method.clone(), format!("{}{path}", emu.base_url()))
        .bearer_auth(emu.token());
    if let Some(body) = body {
        if status == 200 {
            spec.request(method.as_str(), spec_path).assert_valid(&body);
        }
        request = request.json(&body);
    }
    let response = request.send().await.expect("the emulator answers");
    let got = response.status().as_u16();
    let answer: Value = response.json().await.expect("a JSON body");
    assert_eq!(got, status, "{method} {path}: {answer}");
    spec.response(method.as_str(), spec_path, status)
        .assert_valid(&answer);
    answer
}
