//! Shared helpers for the emulator's HTTP tests: start an emulator and talk JSON to it.
#![allow(dead_code)]

pub mod raw;

use attio_emulator::{Emulator, EmulatorConfig};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// An emulator plus a client that sends its token.
pub struct Api {
    pub emu: Emulator,
    pub client: reqwest::Client,
}

/// A response: status, headers and JSON body (`Value::Null` when the body is not JSON).
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Reply {
    /// Asserts an Attio error body with this status and code, and returns the body.
    #[track_caller]
    pub fn expect_error(&self, status: u16, code: &str) -> &Value {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        assert_eq!(self.body["status_code"], status, "body: {}", self.body);
        assert_eq!(self.body["code"], code, "body: {}", self.body);
        assert!(self.body["type"].is_string(), "body: {}", self.body);
        assert!(self.body["message"].is_string(), "body: {}", self.body);
        &self.body
    }

    /// Asserts a 200 and returns `data`.
    #[track_caller]
    pub fn data(&self) -> &Value {
        assert_eq!(self.status, StatusCode::OK, "body: {}", self.body);
        &self.body["data"]
    }
}

impl Api {
    pub async fn start() -> Self {
        Self::with(EmulatorConfig::for_tests()).await
    }

    pub async fn with(config: EmulatorConfig) -> Self {
        let emu = Emulator::start(config).await.expect("emulator starts");
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            .expect("client");
        Self { emu, client }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.emu.base_url())
    }

    /// Sends `method path` with the token and an optional JSON body.
    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let mut request = self
            .client
            .request(method, self.url(path))
            .bearer_auth(self.emu.token());
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request reaches the emulator");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("body");
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Reply {
        self.send(Method::PUT, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Reply {
        self.send(Method::PATCH, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.send(Method::DELETE, path, None).await
    }

    /// Creates a record of `object` from `values` and returns its record id.
    pub async fn create(&self, object: &str, values: Value) -> String {
        let reply = self
            .post(
                &format!("/v2/objects/{object}/records"),
                json!({"data": {"values": values}}),
            )
            .await;
        record_id(reply.data())
    }

    /// Asserts a user by `user_id`.
    pub async fn assert_user(&self, user_id: &str, email: &str) -> Reply {
        self.put(
            "/v2/objects/users/records?matching_attribute=user_id",
            json!({"data": {"values": {"user_id": user_id, "primary_email_address": email}}}),
        )
        .await
    }
}

/// `data.id.record_id` of a record.
#[track_caller]
pub fn record_id(record: &Value) -> String {
    record["id"]["record_id"]
        .as_str()
        .expect("record id")
        .to_owned()
}

/// The current values of `slug` on a record.
#[track_caller]
pub fn values<'v>(record: &'v Value, slug: &str) -> &'v Vec<Value> {
    record["values"][slug].as_array().expect("values array")
}

/// `field` of every current value of `slug`.
pub fn fields(record: &Value, slug: &str, field: &str) -> Vec<Value> {
    values(record, slug)
        .iter()
        .map(|v| v[field].clone())
        .collect()
}

/// Asserts `2022-11-21T13:22:49.061281000Z` form: UTC with exactly nine fractional digits.
#[track_caller]
pub fn assert_attio_timestamp(value: &Value) {
    let text = value.as_str().expect("timestamp string");
    let (_, fraction) = text.split_once('.').expect("fractional part");
    assert_eq!(fraction.len(), 10, "{text}");
    assert!(
        fraction.ends_with('Z') && fraction[..9].chars().all(|c| c.is_ascii_digit()),
        "{text}"
    );
}
