//! Persistence of the store across restarts, and the `attio-emulator` binary.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use attio_emulator::{Emulator, EmulatorConfig};
use common::{Api, fields};
use serde_json::json;

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
    assert!(
        Emulator::start(config()).await.is_err(),
        "a corrupt snapshot is reported, not ignored"
    );
    let _ = std::fs::remove_dir_all(&dir);
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
    let (mut child, url) = spawn(&[
        "--port",
        "0",
        "--token",
        "bin-token",
        "--objects",
        objects_arg,
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
    child.kill().unwrap();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(status, 200);
    assert_eq!(body["data"][1]["title"], "Won");
}

/// Starts the binary with `args` and returns it with the base URL it printed.
fn spawn(args: &[&str]) -> (std::process::Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_attio-emulator"))
        .args(args)
        .stdout(Stdio::piped())
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

#[cfg(unix)]
#[tokio::test]
async fn binary_saves_on_ctrl_c_and_loads_on_start() {
    let dir = std::env::temp_dir().join(format!("attio-emu-sigint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = dir.join("store.json");
    let store_arg = store.to_str().unwrap();
    let client = reqwest::Client::new();

    let (mut child, url) = spawn(&["--port", "0", "--no-rate-limits", "--persist", store_arg]);
    let created: serde_json::Value = client
        .put(format!("{url}/v2/objects/users/records?matching_attribute=user_id"))
        .bearer_auth(attio_emulator::DEFAULT_TOKEN)
        .json(&json!({"data": {"values": {"user_id": "u1", "primary_email_address": "u1@example.com"}}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["data"]["id"]["record_id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Ctrl-C: SIGINT to the child we started, by its pid.
    let signalled = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(signalled.success());
    assert!(child.wait().unwrap().success(), "clean exit on Ctrl-C");
    assert!(store.exists(), "saved on Ctrl-C");

    let (mut again, url) = spawn(&["--port", "0", "--persist", store_arg]);
    let status = client
        .get(format!("{url}/v2/objects/users/records/{id}"))
        .bearer_auth(attio_emulator::DEFAULT_TOKEN)
        .send()
        .await
        .unwrap()
        .status();
    again.kill().unwrap();
    let _ = again.wait();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(status, 200, "the record is back after a restart");
}
