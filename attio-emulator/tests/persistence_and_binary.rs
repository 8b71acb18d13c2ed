//! Persistence of the store across restarts (clean stops, SIGTERM, `kill -9`, damaged
//! files), and the `attio-emulator` binary.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use attio_emulator::{Emulator, EmulatorConfig, StartError};
use common::{Api, fields, record_id};
use serde_json::{Value, json};

#[tokio::test]
async fn the_store_survives_a_restart_when_persisted() {
    let dir = std::env::temp_dir().join(format!("attio-emu-persist-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("store.json");
    let _ = std::fs::remove_file(&path);
    let config = || EmulatorConfig {
        persist_path: Some(path.clone()),
        ..EmulatorConfig::for_tests()
    };

    let api = Api::with(config()).await;
    api.assert_user("u1", "one@example.com").await.data();
    api.assert_user("u1", "two@example.com").await.data();
    let before = api.emu.records("users");
    api.emu.shutdown().await.unwrap();
    assert!(path.exists());

    let again = Emulator::start(config()).await.unwrap();
    let after = again.records("users");
    assert_eq!(after, before, "records, ids and values are restored");
    assert_eq!(
        fields(&after[0], "primary_email_address", "email_address"),
        [json!("two@example.com")]
    );
    // History survives too, and uniqueness still holds against restored data.
    let api = Api {
        emu: again,
        client: reqwest::Client::new(),
    };
    let id = after[0]["id"]["record_id"].as_str().unwrap();
    let history = api
        .get(&format!("/v2/objects/users/records/{id}/attributes/primary_email_address/values?show_historic=true"))
        .await;
    assert_eq!(history.data().as_array().unwrap().len(), 2);
    api.post(
        "/v2/objects/users/records",
        json!({"data": {"values": {"user_id": "u1", "primary_email_address": "x@example.com"}}}),
    )
    .await
    .expect_error(400, "uniqueness_conflict");
    drop(api);
    std::fs::write(&path, "not json").unwrap();
    match Emulator::start(config()).await {
        Err(StartError::Damaged { path: damaged, .. }) => assert_eq!(damaged, path),
        other => panic!("a corrupt snapshot is reported, not ignored: {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "not json");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `user_id` → record id of every user an emulator holds.
fn user_ids(emu: &Emulator) -> BTreeMap<String, String> {
    emu.records("users")
        .iter()
        .map(|r| {
            let user = fields(r, "user_id", "value")[0]
                .as_str()
                .unwrap()
                .to_owned();
            (user, record_id(r))
        })
        .collect()
}

#[tokio::test]
async fn restarts_never_reuse_record_ids_or_overwrite_records() {
    let dir = tempfile::tempdir().unwrap();
    let config = || EmulatorConfig {
        persist_path: Some(dir.path().join("store.json")),
        ..EmulatorConfig::for_tests()
    };
    let mut created = BTreeMap::new();
    for session in 0..4 {
        let api = Api::with(config()).await;
        for n in 0..3 {
            let user = format!("s{session}-u{n}");
            let values =
                json!({"user_id": user, "primary_email_address": format!("{user}@example.com")});
            created.insert(user, api.create("users", values).await);
        }
        api.emu.shutdown().await.unwrap();
    }
    let emu = Emulator::start(config()).await.unwrap();
    assert_eq!(
        user_ids(&emu),
        created,
        "every session's records are there, under the ids they were given"
    );
    let distinct: BTreeSet<&String> = created.values().collect();
    assert_eq!(distinct.len(), created.len(), "no id was handed out twice");
}

#[test]
fn binary_help_lists_its_options() {
    let out = Command::new(env!("CARGO_BIN_EXE_attio-emulator"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--port",
        "--token",
        "--objects",
        "--persist",
        "--no-rate-limits",
        "--lists",
        "--webhook-retry-base",
    ] {
        assert!(help.contains(flag), "{flag} in:\n{help}");
    }
}

#[tokio::test]
async fn binary_serves_on_loopback_with_custom_objects() {
    let dir = std::env::temp_dir().join(format!("attio-emu-bin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let objects = dir.join("objects.json");
    std::fs::write(&objects, r#"[{"api_slug":"deals","attributes":[{"api_slug":"stage","type":"status","statuses":["Lead","Won"]}]}]"#).unwrap();
    let objects_arg = objects.to_str().unwrap();
    let lists = dir.join("lists.json");
    std::fs::write(&lists, r#"[{"api_slug":"pipeline","parent_object":"deals","attributes":[{"api_slug":"score","type":"number"}]}]"#).unwrap();
    let lists_arg = lists.to_str().unwrap();
    let (mut child, url) = spawn(&[
        "--port",
        "0",
        "--token",
        "bin-token",
        "--objects",
        objects_arg,
        "--lists",
        lists_arg,
        "--webhook-retry-base",
        "0.05",
    ]);
    let client = reqwest::Client::new();
    let reply = client
        .get(format!("{url}/v2/objects/deals/attributes/stage/statuses"))
        .bearer_auth("bin-token")
        .send()
        .await
        .unwrap();
    let status = reply.status();
    let body: serde_json::Value = reply.json().await.unwrap();
    let list: serde_json::Value = client
        .get(format!("{url}/v2/lists/pipeline"))
        .bearer_auth("bin-token")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    child.kill().unwrap();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(status, 200);
    assert_eq!(body["data"][1]["title"], "Won");
    assert_eq!(list["data"]["parent_object"], serde_json::json!(["deals"]));
}

/// Starts the binary with `args` and returns it with the base URL it printed (its stderr
/// is piped: see [`stderr_of`]).
fn spawn(args: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_attio-emulator"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .expect("printed URL")
        .to_owned();
    (child, url)
}

/// Waits for a child that was stopped or killed and returns what it wrote to stderr.
fn stderr_of(mut child: Child) -> String {
    let _ = child.wait();
    let mut text = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        let _ = stderr.read_to_string(&mut text);
    }
    text
}

/// Sends `signal` (`INT`, `TERM`) to a child we started, by its pid, asserts a clean exit
/// and returns what the child wrote to stderr.
#[cfg(unix)]
fn stop(mut child: Child, signal: &str) -> String {
    let signalled = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(signalled.success());
    let status = child.wait().unwrap();
    let stderr = stderr_of(child);
    assert!(
        status.success(),
        "clean exit on SIG{signal}: {status}, {stderr}"
    );
    stderr
}

/// Asserts a user; `Some((user_id, record_id))` when the emulator answered 200.
async fn assert_user(client: &reqwest::Client, url: &str, user: &str) -> Option<(String, String)> {
    let reply = client
        .put(format!("{url}/v2/objects/users/records?matching_attribute=user_id"))
        .bearer_auth(attio_emulator::DEFAULT_TOKEN)
        .json(&json!({"data": {"values": {"user_id": user, "primary_email_address": format!("{user}@example.com")}}}))
        .send()
        .await
        .ok()?;
    if !reply.status().is_success() {
        return None;
    }
    let body: Value = reply.json().await.ok()?;
    Some((user.to_owned(), record_id(&body["data"])))
}

/// `user_id` → (record id, primary email) of every user the binary at `url` holds.
async fn stored_users(client: &reqwest::Client, url: &str) -> BTreeMap<String, (String, String)> {
    let body: Value = client
        .post(format!("{url}/v2/objects/users/records/query"))
        .bearer_auth(attio_emulator::DEFAULT_TOKEN)
        .json(&json!({"limit": 1_000_000}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let user = fields(r, "user_id", "value")[0]
                .as_str()
                .unwrap()
                .to_owned();
            let email = fields(r, "primary_email_address", "email_address")[0]
                .as_str()
                .unwrap()
                .to_owned();
            (user, (record_id(r), email))
        })
        .collect()
}

/// Four writers assert fresh users (`r{round}-w{writer}-{n}`) until `stop`; every user the
/// emulator acknowledged is pushed to `acked`.
fn start_writers(
    client: &reqwest::Client,
    url: &str,
    round: usize,
    stop: &Arc<AtomicBool>,
    acked: &Arc<Mutex<Vec<(String, String)>>>,
) -> Vec<tokio::task::JoinHandle<()>> {
    (0..4)
        .map(|writer| {
            let (client, url) = (client.clone(), url.to_owned());
            let (stop, acked) = (stop.clone(), acked.clone());
            tokio::spawn(async move {
                for n in 0.. {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let user = format!("r{round}-w{writer}-{n}");
                    if let Some(pair) = assert_user(&client, &url, &user).await {
                        acked.lock().unwrap().push(pair);
                    }
                }
            })
        })
        .collect()
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_keeps_every_acknowledged_write_through_kill_9_three_times() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.json");
    let store_arg = store.to_str().unwrap();
    let args = ["--port", "0", "--no-rate-limits", "--persist", store_arg];
    let client = reqwest::Client::new();
    // user_id → (record id, email) of every acknowledged write so far.
    let mut expected: BTreeMap<String, (String, String)> = BTreeMap::new();
    for round in 0..3 {
        let (child, url) = spawn(&args);
        let stored = stored_users(&client, &url).await;
        for (user, record) in &expected {
            assert_eq!(
                stored.get(user),
                Some(record),
                "round {round}: {user} survived kill -9"
            );
        }
        let old_ids: BTreeSet<String> = stored.values().map(|(id, _)| id.clone()).collect();
        // An update of an earlier record, acknowledged before the kill, survives too.
        if let Some((user, (id, _))) = expected.iter().next().map(|(u, r)| (u.clone(), r.clone())) {
            let email = format!("round{round}@example.com");
            let status = client
                .patch(format!("{url}/v2/objects/users/records/{id}"))
                .bearer_auth(attio_emulator::DEFAULT_TOKEN)
                .json(&json!({"data": {"values": {"primary_email_address": email}}}))
                .send()
                .await
                .unwrap()
                .status();
            assert_eq!(status, 200);
            expected.insert(user, (id, email));
        }
        // Kill -9 while four writers are mid-stream, once 40 writes were acknowledged.
        let stop = Arc::new(AtomicBool::new(false));
        let acked = Arc::new(Mutex::new(Vec::new()));
        let writers = start_writers(&client, &url, round, &stop, &acked);
        let started = Instant::now();
        while acked.lock().unwrap().len() < 40 {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "writes are acknowledged"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let mut child = child;
        child.kill().unwrap();
        let _ = child.wait();
        stop.store(true, Ordering::Relaxed);
        for writer in writers {
            writer.await.unwrap();
        }
        for (user, id) in acked.lock().unwrap().drain(..) {
            assert!(
                !old_ids.contains(&id),
                "round {round}: {user} got a new id, not {id} again"
            );
            let email = format!("{user}@example.com");
            expected.insert(user, (id, email));
        }
    }
    let (child, url) = spawn(&args);
    let stored = stored_users(&client, &url).await;
    stop(child, "TERM");
    for (user, record) in &expected {
        assert_eq!(
            stored.get(user),
            Some(record),
            "{user} is there after three kill -9s"
        );
    }
    let ids: BTreeSet<&String> = stored.values().map(|(id, _)| id).collect();
    assert_eq!(ids.len(), stored.len(), "no two users share a record id");
}

#[cfg(unix)]
#[tokio::test]
async fn binary_saves_on_sigint_and_sigterm_and_loads_on_start() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.json");
    let store_arg = store.to_str().unwrap();
    let client = reqwest::Client::new();
    for signal in ["INT", "TERM"] {
        let (child, url) = spawn(&["--port", "0", "--no-rate-limits", "--persist", store_arg]);
        let user = format!("sig{signal}");
        let (_, id) = assert_user(&client, &url, &user).await.expect("written");
        stop(child, signal);
        assert!(store.exists(), "saved on SIG{signal}");
        let log = std::fs::metadata(dir.path().join("store.json.log")).unwrap();
        assert_eq!(
            log.len(),
            0,
            "the log was folded into the snapshot on SIG{signal}"
        );

        let (again, url) = spawn(&["--port", "0", "--persist", store_arg]);
        let stored = stored_users(&client, &url).await;
        stop(again, "TERM");
        assert_eq!(
            stored[&user].0, id,
            "the record is back after SIG{signal} and a restart"
        );
    }
}

/// Runs the binary on a store that must not load and returns its stderr.
fn refused(store: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_attio-emulator"))
        .args(["--port", "0", "--persist", store.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success(), "refuses to start");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[cfg(unix)]
#[tokio::test]
async fn binary_refuses_damaged_store_files_until_told_to_reset_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.json");
    let log = dir.path().join("store.json.log");
    let store_arg = store.to_str().unwrap();
    let client = reqwest::Client::new();

    // A truncated snapshot: refused, naming the file, which is left as it was.
    let truncated = r#"{"workspace":{"id":"8c2f"#;
    std::fs::write(&store, truncated).unwrap();
    let message = refused(&store);
    assert!(
        message.contains(store_arg) && message.contains("--reset-damaged"),
        "{message}"
    );
    assert_eq!(std::fs::read_to_string(&store).unwrap(), truncated);

    // --reset-damaged: moved aside (and said where), then a fresh store.
    let (child, url) = spawn(&["--port", "0", "--persist", store_arg, "--reset-damaged"]);
    let (_, id) = assert_user(&client, &url, "kept").await.expect("written");
    let stderr = stop(child, "TERM");
    assert!(
        stderr.contains(store_arg) && stderr.contains("moved to"),
        "{stderr}"
    );
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("store.json.damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(std::fs::read_to_string(&aside[0]).unwrap(), truncated);

    // A complete but unreadable log line: refused, naming the log.
    std::fs::write(&log, "not json\n").unwrap();
    let message = refused(&store);
    assert!(message.contains(log.to_str().unwrap()), "{message}");

    // A torn final line (what kill -9 mid-append leaves): dropped with a note; data kept.
    std::fs::write(&log, r#"{"seq":2,"generator":1"#).unwrap();
    let (child, url) = spawn(&["--port", "0", "--persist", store_arg]);
    let stored = stored_users(&client, &url).await;
    let stderr = stop(child, "TERM");
    assert!(
        stderr.contains("torn final line") && stderr.contains(log.to_str().unwrap()),
        "{stderr}"
    );
    assert_eq!(stored["kept"].0, id);
}

/// Sends one authenticated JSON request to the binary at `url` and returns status and body.
async fn call(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    path: &str,
    body: Value,
) -> (u16, Value) {
    let reply = client
        .request(method, format!("{url}{path}"))
        .bearer_auth(attio_emulator::DEFAULT_TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = reply.status().as_u16();
    (status, reply.json().await.unwrap_or(Value::Null))
}

/// The record ids a workspace's inverse `users` attribute holds, as the binary serves them.
async fn workspace_users(client: &reqwest::Client, url: &str, workspace: &str) -> BTreeSet<String> {
    let path = format!("/v2/objects/workspaces/records/{workspace}");
    let (status, body) = call(client, reqwest::Method::GET, url, &path, Value::Null).await;
    assert_eq!(status, 200, "{body}");
    fields(&body["data"], "users", "target_record_id")
        .into_iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

/// The binary's arguments for a store persisted at `store`, on any free port.
fn persisted_args(store: &Path) -> [&str; 5] {
    [
        "--port",
        "0",
        "--no-rate-limits",
        "--persist",
        store.to_str().unwrap(),
    ]
}

/// Linking a user to a workspace also writes the workspace's inverse `users` value (an
/// append, not a rewrite of the workspace record); that second record must reach the write
/// log too, or a `kill -9` keeps the user's side of the link and loses the workspace's.
#[cfg(unix)]
#[tokio::test]
async fn binary_keeps_both_sides_of_relationship_links_through_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.json");
    let args = persisted_args(&store);
    let client = reqwest::Client::new();
    let users_path = "/v2/objects/users/records?matching_attribute=user_id";

    let (child, url) = spawn(&args);
    let (status, body) = call(
        &client,
        reqwest::Method::POST,
        &url,
        "/v2/objects/workspaces/records",
        json!({"data": {"values": {"workspace_id": "ws-1"}}}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let workspace = record_id(&body["data"]);
    let mut linked = BTreeSet::new();
    for n in 0..3 {
        let values = json!({"user_id": format!("u{n}"), "primary_email_address": format!("u{n}@example.com"),
            "workspace": [{"target_object": "workspaces", "target_record_id": workspace}]});
        let (status, body) = call(
            &client,
            reqwest::Method::PUT,
            &url,
            users_path,
            json!({"data": {"values": values}}),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        linked.insert(record_id(&body["data"]));
    }
    let mut child = child;
    child.kill().unwrap();
    let _ = child.wait();

    let (child, url) = spawn(&args);
    assert_eq!(
        workspace_users(&client, &url, &workspace).await,
        linked,
        "the inverse side of every acknowledged link survived kill -9"
    );
    // Unlinking one user closes its inverse value; that survives too.
    let unlinked = linked.pop_first().unwrap();
    let path = format!("/v2/objects/users/records/{unlinked}");
    let (status, body) = call(
        &client,
        reqwest::Method::PUT,
        &url,
        &path,
        json!({"data": {"values": {"workspace": []}}}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let mut child = child;
    child.kill().unwrap();
    let _ = child.wait();

    let (child, url) = spawn(&args);
    let after = workspace_users(&client, &url, &workspace).await;
    stop(child, "TERM");
    assert_eq!(after, linked, "the closed link stays closed after kill -9");
}

/// The `Attio-Signature` and body of every delivery a receiver got.
type Signed = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

/// Creates a person with this email through the binary at `url`; returns the answer.
async fn create_person(client: &reqwest::Client, url: &str, email: &str) -> Value {
    let person = json!({"data": {"values": {"email_addresses": [email]}}});
    let path = "/v2/objects/people/records";
    let (status, body) = call(client, reqwest::Method::POST, url, path, person).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// A receiver on 127.0.0.1 keeping the `Attio-Signature` and body of every delivery.
async fn signature_receiver() -> (String, Signed) {
    let got: Signed = Arc::default();
    let kept = got.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(
            move |headers: axum::http::HeaderMap, body: axum::body::Bytes| async move {
                let signature = headers
                    .get("attio-signature")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                kept.lock().unwrap().push((signature, body.to_vec()));
                axum::http::StatusCode::OK
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, got)
}

/// Lists created through the API (with their entries and changes) and webhooks (their
/// secrets included, so deliveries after a restart are signed as before) are logged like
/// records: they survive `kill -9`. The secret never appears in what the binary logs.
#[cfg(unix)]
#[tokio::test]
async fn binary_keeps_api_lists_entries_and_webhooks_through_kill_9() {
    use reqwest::Method;
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.json");
    let args = persisted_args(&store);
    let client = reqwest::Client::new();
    let (receiver, deliveries) = signature_receiver().await;

    let (child, url) = spawn(&args);
    let list = json!({"data": {"name": "Hiring", "api_slug": "hiring", "parent_object": "people",
        "workspace_access": "full-access", "workspace_member_access": []}});
    let (status, body) = call(&client, Method::POST, &url, "/v2/lists", list).await;
    assert_eq!(status, 200, "{body}");
    let body = create_person(&client, &url, "ada@example.com").await;
    let parent = record_id(&body["data"]);
    let entry = json!({"data": {"parent_record_id": parent, "parent_object": "people", "entry_values": {}}});
    let (status, body) = call(
        &client,
        Method::POST,
        &url,
        "/v2/lists/hiring/entries",
        entry,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let entry_id = body["data"]["id"]["entry_id"].clone();
    let rename = json!({"data": {"name": "Hiring 2026"}});
    let (status, body) = call(&client, Method::PATCH, &url, "/v2/lists/hiring", rename).await;
    assert_eq!(status, 200, "{body}");
    let subscriptions = json!([{"event_type": "record.created", "filter": null}]);
    let hook = json!({"data": {"target_url": receiver, "subscriptions": subscriptions}});
    let (status, body) = call(&client, Method::POST, &url, "/v2/webhooks", hook.clone()).await;
    assert_eq!(status, 200, "{body}");
    let webhook_id = body["data"]["id"]["webhook_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let secret = body["data"]["secret"].as_str().unwrap().to_owned();
    let (status, body) = call(&client, Method::POST, &url, "/v2/webhooks", hook).await;
    assert_eq!(status, 200, "{body}");
    let deleted = body["data"]["id"]["webhook_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/v2/webhooks/{deleted}");
    let (status, _) = call(&client, Method::DELETE, &url, &path, Value::Null).await;
    assert_eq!(status, 200);
    let mut child = child;
    child.kill().unwrap();
    let first_log = stderr_of(child);

    let (child, url) = spawn(&args);
    let (status, body) = call(&client, Method::GET, &url, "/v2/lists/hiring", Value::Null).await;
    assert_eq!(status, 200, "the API-created list survived kill -9: {body}");
    assert_eq!(body["data"]["name"], "Hiring 2026");
    let (status, body) = call(
        &client,
        Method::POST,
        &url,
        "/v2/lists/hiring/entries/query",
        json!({}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let entries = body["data"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{body}");
    assert_eq!(entries[0]["id"]["entry_id"], entry_id);
    assert_eq!(entries[0]["parent_record_id"], json!(parent));
    let path = format!("/v2/webhooks/{webhook_id}");
    let (status, body) = call(&client, Method::GET, &url, &path, Value::Null).await;
    assert_eq!(status, 200, "the webhook survived kill -9: {body}");
    assert_eq!(body["data"]["target_url"], json!(receiver));
    assert_eq!(body["data"]["subscriptions"], subscriptions);
    let path = format!("/v2/webhooks/{deleted}");
    let (status, _) = call(&client, Method::GET, &url, &path, Value::Null).await;
    assert_eq!(status, 404, "the deleted webhook stays deleted");

    // A write after the restart is delivered, signed with the secret given on create.
    create_person(&client, &url, "bob@example.com").await;
    let started = Instant::now();
    while deliveries.lock().unwrap().is_empty() && started.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (signature, payload) = deliveries
        .lock()
        .unwrap()
        .first()
        .cloned()
        .expect("a delivery");
    attio_core::webhook::WebhookSecret::new(secret.clone())
        .verify(&payload, &signature)
        .expect("signed with the persisted secret");
    let second_log = stop(child, "TERM");
    for log in [first_log, second_log] {
        assert!(!log.contains(&secret), "the secret is not logged: {log}");
    }
    for file in [store.clone(), attio_emulator::write_log_path(&store)] {
        assert!(file.exists(), "{}", file.display());
    }
}
