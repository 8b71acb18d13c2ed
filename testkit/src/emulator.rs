//! The end-to-end tests' side: an emulator with a client pointed at it, the people and
//! workspaces users refer to, and readers of the journal.

use std::time::Duration;

use attio_core::client::Values;
use attio_core::pacing::PacingConfig;
use attio_core::retry::RetryPolicy;
use attio_core::{AttioRecord, Client, Email, RecordRef};

pub use crate::user::{User, documented_user, email, user};
use attio_emulator::{Emulator, EmulatorConfig, JournalEntry};
use serde_json::{Value, json};

/// The same user, but a `None` person clears the stored person instead of leaving it.
#[derive(Debug, Clone, PartialEq, AttioRecord)]
#[attio(object = "users")]
pub struct ClearingUser {
    #[attio(slug = "user_id", unique)]
    pub id: String,
    #[attio(slug = "primary_email_address", unique)]
    pub email: Email,
    #[attio(clear_on_none)]
    pub person: Option<RecordRef>,
}

/// Asserts `record` (upsert on its matching attribute) and returns the stored record's id.
///
/// Panics if the assert fails: every caller expects it to succeed.
pub async fn asserted_id<R: AttioRecord>(client: &Client, record: &R) -> String {
    record.assert(client).await.expect("assert").id().to_owned()
}

/// An emulator with limits off, no faults and no latency.
pub async fn emulator() -> Emulator {
    Emulator::start(EmulatorConfig::for_tests())
        .await
        .expect("the emulator starts")
}

/// The test house's [`fast_retries`](crate::fast_retries) with more room for an emulator
/// that enforces limits: backoff up to 50 ms, 20 ms of jitter on 429 waits (so clients do not
/// retry in lockstep), an 8 s deadline.
pub fn fast_retries() -> RetryPolicy {
    crate::fast_retries()
        .max_delay(Duration::from_millis(50))
        .rate_limit_jitter(Duration::from_millis(20))
        .deadline(Duration::from_secs(8))
}

/// A client for `emu` with its token, pacing off and fast retries.
pub fn client(emu: &Emulator) -> Client {
    client_with(emu, emu.token(), PacingConfig::off())
}

/// A client for `emu` with this token and pacing, fast retries and a 5 s timeout.
pub fn client_with(emu: &Emulator, token: &str, pacing: PacingConfig) -> Client {
    crate::client_for(&emu.base_url(), token)
        .pacing(pacing)
        .retry_policy(fast_retries())
        .build()
        .expect("a client")
}

/// The id of the workspace member the emulator's token belongs to, from `GET /v2/self`
/// (what a writable `actor-reference` value names).
pub async fn member_id(emu: &Emulator) -> String {
    let answer: Value = reqwest::Client::new()
        .get(format!("{}/v2/self", emu.base_url()))
        .bearer_auth(emu.token())
        .send()
        .await
        .expect("GET /v2/self")
        .json()
        .await
        .expect("JSON");
    answer["authorized_by_workspace_member_id"]
        .as_str()
        .unwrap_or_else(|| panic!("no member id in {answer}"))
        .to_owned()
}

/// A `data.values` object from JSON.
pub fn values(json: Value) -> Values {
    match json {
        Value::Object(map) => map,
        other => panic!("not a JSON object: {other}"),
    }
}

/// The records users refer to, created over HTTP.
pub struct World {
    /// Record ids of people with `ada@example.com` and `grace@example.com`.
    pub people: [String; 2],
    /// Record ids of workspaces `ws-1`, `ws-2` and `ws-3`.
    pub workspaces: [String; 3],
}

impl World {
    /// Creates two people and three workspaces through `client`.
    pub async fn create(client: &Client) -> Self {
        let person = |address: &str| values(json!({ "email_addresses": [address] }));
        let workspace = |id: &str| values(json!({ "workspace_id": id, "name": id }));
        let mut people = Vec::new();
        for address in ["ada@example.com", "grace@example.com"] {
            let record = client
                .create_record("people", person(address))
                .await
                .expect("a person is created");
            people.push(record.id().to_owned());
        }
        let mut workspaces = Vec::new();
        for id in ["ws-1", "ws-2", "ws-3"] {
            let record = client
                .create_record("workspaces", workspace(id))
                .await
                .expect("a workspace is created");
            workspaces.push(record.id().to_owned());
        }
        Self {
            people: people.try_into().expect("two people"),
            workspaces: workspaces.try_into().expect("three workspaces"),
        }
    }

    /// A reference to person `i` by id.
    pub fn person(&self, i: usize) -> RecordRef {
        RecordRef::new("people", &self.people[i])
    }

    /// A reference to workspace `i` by id.
    pub fn workspace(&self, i: usize) -> RecordRef {
        RecordRef::new("workspaces", &self.workspaces[i])
    }
}

/// The one request the journal holds; panics when it holds another number.
pub fn only_request(emu: &Emulator) -> JournalEntry {
    let journal = emu.journal();
    assert_eq!(
        journal.len(),
        1,
        "expected exactly one request: {journal:#?}"
    );
    journal.into_iter().next().expect("one entry")
}

/// The JSON body of a journal entry.
pub fn body(entry: &JournalEntry) -> Value {
    entry
        .body_json()
        .unwrap_or_else(|| panic!("the body is not JSON: {entry:?}"))
}

/// The stored record `record_id` of `object`, in Attio's read shape.
pub fn stored(emu: &Emulator, object: &str, record_id: &str) -> Value {
    emu.records(object)
        .into_iter()
        .find(|r| r["id"]["record_id"] == record_id)
        .unwrap_or_else(|| panic!("no {object} record {record_id}"))
}

/// The `target_record_id`s of an attribute's current values in a stored record.
pub fn stored_targets(record: &Value, slug: &str) -> Vec<String> {
    current(record, slug)
        .iter()
        .map(|v| {
            v["target_record_id"]
                .as_str()
                .unwrap_or_else(|| panic!("{slug} value without a target: {v}"))
                .to_owned()
        })
        .collect()
}

/// The current values (no `active_until`) of an attribute in a stored record.
pub fn current<'a>(record: &'a Value, slug: &str) -> Vec<&'a Value> {
    record["values"][slug]
        .as_array()
        .map(|values| {
            values
                .iter()
                .filter(|v| v["active_until"].is_null())
                .collect()
        })
        .unwrap_or_default()
}
