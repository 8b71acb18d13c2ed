//! Attio's OpenAPI spec against the wire, end to end: every request body the library sends
//! for the `users` object in a realistic flow (assert, assert on another attribute,
//! update, overwrite; full and sparse users, `clear_on_none` `[]`, references by id and
//! by matching attribute) validates against the operation's request schema, and every
//! response body the emulator answers in that flow validates against its response schema.
//!
//! The request bodies are the ones the emulator received (its journal). The emulator does
//! not journal its answers, so the flow's requests are replayed byte for byte against a
//! second emulator with the same seed (hence the same record ids), and its raw answers are
//! validated; the replay must answer every request with the status the first run got.

use std::collections::BTreeSet;

use attio_core::value::MatchValue;
use attio_core::{AttioRecord, Client, ErrorCode, RecordRef};
use attio_emulator::{Emulator, JournalEntry};
use attio_testkit::emulator::*;
use attio_testkit::openapi::Spec;
use reqwest::Method;
use serde_json::Value;

/// A record id no record has.
const MISSING_ID: &str = "0b7c5e4a-3f7d-4c1e-9a51-5d2c8e1f0a99";

/// The spec's path template of a records path.
fn template(path: &str) -> Option<&'static str> {
    let rest = path.strip_prefix("/v2/objects/")?;
    let (_object, rest) = rest.split_once('/')?;
    match rest.split('/').collect::<Vec<_>>()[..] {
        ["records"] => Some("/v2/objects/{object}/records"),
        ["records", "query"] => Some("/v2/objects/{object}/records/query"),
        ["records", _] => Some("/v2/objects/{object}/records/{record_id}"),
        _ => None,
    }
}

/// Every write and read the library does for users, in every field shape. Returns
/// nothing: what matters is in the emulator's journal.
async fn users_flow(client: &Client) {
    let world = World::create(client).await;
    let full = User {
        person: Some(world.person(0)),
        workspaces: vec![world.workspace(0), world.workspace(1)],
        ..user("u-1", "ada@example.com")
    };
    let by_match = User {
        person: Some(RecordRef::matching(
            "people",
            "email_addresses",
            email("grace@example.com"),
        )),
        workspaces: vec![RecordRef::matching(
            "workspaces",
            "workspace_id",
            MatchValue::text("ws-3"),
        )],
        ..user("u-2", "grace@example.com")
    };
    let sparse = user("u-3", "sparse@example.com");

    let full_id = full
        .assert(client)
        .await
        .expect("assert full")
        .id()
        .to_owned();
    let match_id = by_match
        .assert(client)
        .await
        .expect("assert by match")
        .id()
        .to_owned();
    let sparse_id = sparse
        .assert(client)
        .await
        .expect("assert sparse")
        .id()
        .to_owned();
    let renamed = User {
        id: "u-1-renamed".into(),
        ..full.clone()
    };
    renamed
        .assert_on(client, User::EMAIL)
        .await
        .expect("assert on email");

    let more = User {
        workspaces: vec![world.workspace(2)],
        ..renamed.clone()
    };
    more.update(client, &full_id).await.expect("update adds");
    sparse
        .update(client, &sparse_id)
        .await
        .expect("update sparse");
    let clearing = ClearingUser {
        id: by_match.id.clone(),
        email: by_match.email.clone(),
        person: None,
    };
    clearing
        .update(client, &match_id)
        .await
        .expect("update clears");
    clearing.assert(client).await.expect("assert clears");
    clearing
        .overwrite(client, &match_id)
        .await
        .expect("overwrite clears");
    let emptied = User {
        person: Some(RecordRef::matching(
            "people",
            "email_addresses",
            email("ada@example.com"),
        )),
        workspaces: Vec::new(),
        ..renamed
    };
    emptied
        .overwrite(client, &full_id)
        .await
        .expect("overwrite empties");
    by_match
        .overwrite(client, &match_id)
        .await
        .expect("overwrite");

    for id in [&full_id, &match_id, &sparse_id] {
        User::get(client, id).await.expect("get");
    }
    // Attio's documented error answers in the same operations.
    let dangling = User {
        person: Some(RecordRef::new("people", MISSING_ID)),
        ..user("u-9", "nobody@example.com")
    };
    let error = dangling.assert(client).await.unwrap_err();
    assert_eq!(error.code(), Some(&ErrorCode::ValueNotFound), "{error:?}");
    let error = User::get(client, MISSING_ID).await.unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
}

/// Runs the flow against a fresh emulator and returns its journal.
async fn recorded_flow() -> Vec<JournalEntry> {
    let emu = emulator().await;
    users_flow(&client(&emu)).await;
    let journal = emu.journal();
    emu.shutdown().await.expect("shutdown");
    journal
}

#[tokio::test]
async fn every_users_request_body_validates_against_the_request_schema() {
    let spec = Spec::load();
    let journal = recorded_flow().await;

    let mut seen = BTreeSet::new();
    let mut shapes = BTreeSet::new();
    for entry in journal
        .iter()
        .filter(|e| e.path.starts_with("/v2/objects/users/"))
    {
        let Some(template) = template(&entry.path) else {
            panic!("unexpected path {}", entry.path)
        };
        if entry.method == "GET" {
            assert_eq!(entry.body, "", "a GET has no body");
            continue;
        }
        let body = body(entry);
        spec.request(&entry.method, template).assert_valid(&body);
        seen.insert((entry.method.clone(), template));
        let values = &body["data"]["values"];
        if values["person"] == serde_json::json!([]) {
            shapes.insert("person cleared with []");
        }
        if values["person"].get("email_addresses").is_some() {
            shapes.insert("person by matching email");
        }
        if values["person"].get("target_record_id").is_some() {
            shapes.insert("person by id");
        }
        if values.get("person").is_none() {
            shapes.insert("person left out");
        }
        if values["workspace"] == serde_json::json!([]) {
            shapes.insert("no workspaces");
        }
        if values["workspace"].as_array().is_some_and(|w| w.len() > 1) {
            shapes.insert("several workspaces");
        }
        if values["workspace"][0].get("workspace_id").is_some() {
            shapes.insert("workspace by matching id");
        }
    }
    let expected_ops = [
        ("PATCH", "/v2/objects/{object}/records/{record_id}"),
        ("PUT", "/v2/objects/{object}/records"),
        ("PUT", "/v2/objects/{object}/records/{record_id}"),
    ]
    .map(|(m, t)| (m.to_owned(), t))
    .into_iter()
    .collect::<BTreeSet<_>>();
    assert_eq!(seen, expected_ops, "every write operation was checked");
    assert_eq!(
        shapes.len(),
        7,
        "every field shape was sent and checked: {shapes:?}"
    );
}

#[tokio::test]
async fn every_response_in_the_flow_validates_against_the_response_schema() {
    let spec = Spec::load();
    let journal = recorded_flow().await;

    let replay = emulator().await;
    let http = reqwest::Client::new();
    let mut validated = BTreeSet::new();
    for entry in &journal {
        let answer = send(&http, &replay, entry).await;
        assert_eq!(
            Some(answer.0),
            entry.status,
            "the replay answers {} {} as the first run did",
            entry.method,
            entry.path
        );
        let template =
            template(&entry.path).unwrap_or_else(|| panic!("unexpected path {}", entry.path));
        spec.response(&entry.method, template, answer.0)
            .assert_valid(&answer.1);
        validated.insert((entry.method.clone(), template, answer.0));
    }
    for operation in [
        ("POST", "/v2/objects/{object}/records", 200),
        ("PUT", "/v2/objects/{object}/records", 200),
        ("PUT", "/v2/objects/{object}/records", 400),
        ("PATCH", "/v2/objects/{object}/records/{record_id}", 200),
        ("PUT", "/v2/objects/{object}/records/{record_id}", 200),
        ("GET", "/v2/objects/{object}/records/{record_id}", 200),
        ("GET", "/v2/objects/{object}/records/{record_id}", 404),
    ] {
        let key = (operation.0.to_owned(), operation.1, operation.2);
        assert!(validated.contains(&key), "{operation:?} was not validated");
    }
}

/// Sends a journaled request as it was received; the status and the JSON body answered.
async fn send(http: &reqwest::Client, emu: &Emulator, entry: &JournalEntry) -> (u16, Value) {
    let method = Method::from_bytes(entry.method.as_bytes()).expect("a method");
    let mut url = format!("{}{}", emu.base_url(), entry.path);
    if let Some(query) = &entry.query {
        url = format!("{url}?{query}");
    }
    let mut request = http.request(method, url).bearer_auth(emu.token());
    if !entry.body.is_empty() {
        request = request
            .header("content-type", "application/json")
            .body(entry.body.clone());
    }
    let response = request.send().await.expect("the replay is answered");
    let status = response.status().as_u16();
    let body = response.json().await.expect("a JSON answer");
    (status, body)
}
