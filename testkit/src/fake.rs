//! A scripted stand-in for Attio's users assert endpoint on wiremock (127.0.0.1), for the
//! bulk and pacing tests: every arrival is recorded, and a script decides faults per request.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use attio_core::pacing::PacingConfig;
use attio_core::retry::RetryPolicy;
use attio_core::value::Timestamp;
use attio_core::{AttioRecord, Client};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The record the fake stores: a user reduced to an id and a name (the fake answers with
/// exactly these two values, which the README's [`User`](crate::User) would not decode from).
#[derive(AttioRecord, Debug, Clone, PartialEq)]
#[attio(object = "users")]
pub struct NamedUser {
    #[attio(slug = "user_id", unique)]
    pub id: String,
    pub name: String,
}

pub fn user(id: impl Into<String>, name: &str) -> NamedUser {
    NamedUser {
        id: id.into(),
        name: name.to_owned(),
    }
}

pub fn users(n: usize) -> Vec<NamedUser> {
    (0..n).map(|i| user(format!("u{i:05}"), "Ada")).collect()
}

/// One request the fake received.
#[derive(Debug, Clone)]
pub struct Arrival {
    pub at: Instant,
    pub user_id: String,
    pub status: u16,
}

/// Decides a fault for the `n`th request (from 0) for `user_id`, or `None` to answer normally.
pub type Script = Box<dyn Fn(usize, &str) -> Option<Fault> + Send + Sync>;

/// A scripted answer: its status and the response.
pub type Fault = (u16, ResponseTemplate);

#[derive(Default)]
struct State {
    /// user_id → (record id, created_at, name)
    records: HashMap<String, (String, Timestamp, Value)>,
    arrivals: Vec<Arrival>,
}

/// The fake endpoint: `PUT /v2/objects/users/records?matching_attribute=user_id`.
#[derive(Clone)]
pub struct FakeUsers {
    state: Arc<Mutex<State>>,
    script: Arc<Mutex<Option<Script>>>,
}

impl FakeUsers {
    /// Starts a mock server with the endpoint mounted.
    pub async fn start() -> (MockServer, Self) {
        let server = crate::wire::server().await;
        let fake = Self {
            state: Arc::default(),
            script: Arc::default(),
        };
        Mock::given(method("PUT"))
            .and(path("/v2/objects/users/records"))
            .and(query_param("matching_attribute", "user_id"))
            .respond_with(fake.clone())
            .mount(&server)
            .await;
        (server, fake)
    }

    pub fn set_script(&self, script: Script) {
        *self.script.lock().unwrap() = Some(script);
    }

    pub fn arrivals(&self) -> Vec<Arrival> {
        self.state.lock().unwrap().arrivals.clone()
    }

    /// Requests answered 200.
    pub fn writes(&self) -> usize {
        self.arrivals().iter().filter(|a| a.status == 200).count()
    }

    /// The stored records: user_id → name.
    pub fn records(&self) -> HashMap<String, Value> {
        let state = self.state.lock().unwrap();
        state
            .records
            .iter()
            .map(|(id, (_, _, name))| (id.clone(), name.clone()))
            .collect()
    }

    /// Seeds a record created long ago.
    pub fn seed(&self, user_id: &str) {
        let mut state = self.state.lock().unwrap();
        let n = state.records.len();
        state.records.insert(
            user_id.to_owned(),
            (
                record_id(n),
                "2020-01-01T00:00:00Z".parse().unwrap(),
                json!("seeded"),
            ),
        );
    }
}

fn record_id(n: usize) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

fn text_value(value: &Value, at: &str) -> Value {
    json!([{
        "active_from": at,
        "active_until": null,
        "created_by_actor": {"type": "api-token", "id": "tok"},
        "value": value,
        "attribute_type": "text"
    }])
}

impl Respond for FakeUsers {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let values = &body["data"]["values"];
        let user_id = values["user_id"].as_str().unwrap_or_default().to_owned();
        let mut state = self.state.lock().unwrap();
        let n = state.arrivals.len();
        let fault = self
            .script
            .lock()
            .unwrap()
            .as_ref()
            .and_then(|s| s(n, &user_id));
        let (status, response) = fault.unwrap_or_else(|| {
            let next_id = state.records.len();
            let now = Timestamp::now().to_string();
            let name = values["name"].clone();
            let entry = state
                .records
                .entry(user_id.clone())
                .or_insert_with(|| (record_id(next_id), Timestamp::now(), Value::Null));
            entry.2 = name.clone();
            let response = ResponseTemplate::new(200).set_body_json(json!({"data": {
                "id": {"workspace_id": record_id(0), "object_id": record_id(1), "record_id": entry.0},
                "created_at": entry.1.to_string(),
                "web_url": "https://app.attio.com/x",
                "values": {"user_id": text_value(&json!(user_id), &now), "name": text_value(&name, &now)}
            }}));
            (200, response)
        });
        state.arrivals.push(Arrival {
            at: Instant::now(),
            user_id,
            status,
        });
        response
    }
}

/// A client of the fake server.
pub fn client(server: &MockServer, pacing: PacingConfig, retry: RetryPolicy) -> Client {
    crate::client_for(&server.uri(), "test-token")
        .pacing(pacing)
        .retry_policy(retry)
        .build()
        .expect("a client of the fake")
}

/// A 429 with `Retry-After` in delta-seconds.
pub fn rate_limited(seconds: u64) -> Fault {
    let response = ResponseTemplate::new(429)
        .insert_header("retry-after", seconds.to_string().as_str())
        .set_body_json(json!({
            "status_code": 429, "type": "rate_limit_error", "code": "rate_limit_exceeded",
            "message": "Rate limit exceeded, please try again later"
        }));
    (429, response)
}

/// A 503 with a JSON body.
pub fn unavailable() -> Fault {
    let response = ResponseTemplate::new(503).set_body_json(json!({
        "status_code": 503, "type": "internal_error", "code": "unavailable", "message": "try later"
    }));
    (503, response)
}
