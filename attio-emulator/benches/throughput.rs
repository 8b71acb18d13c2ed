//! Emulator throughput on loopback: asserts per second (rate limits off, distinct users),
//! printed as a ratio against a minimal axum handler measured in the same run with the same
//! client, concurrency and body. Run: `cargo bench -p attio-emulator --bench throughput`.

use std::time::{Duration, Instant};

use attio_emulator::{Emulator, EmulatorConfig};
use axum::Router;
use axum::routing::put;
use serde_json::{Value, json};

/// Concurrent client tasks.
const TASKS: usize = 8;
/// Requests per task per measurement.
const PER_TASK: usize = 250;

fn user(i: usize) -> Value {
    json!({"data": {"values": {
        "user_id": format!("user-{i}"),
        "primary_email_address": format!("user{i}@example.com"),
    }}})
}

/// Sends `TASKS * PER_TASK` asserts of distinct users starting at `first` and returns
/// requests per second.
async fn measure(client: &reqwest::Client, url: &str, token: &str, first: usize) -> f64 {
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(TASKS);
    for t in 0..TASKS {
        let client = client.clone();
        let url = url.to_owned();
        let token = token.to_owned();
        tasks.push(tokio::spawn(async move {
            for i in 0..PER_TASK {
                let body = user(first + t * PER_TASK + i);
                let response = client
                    .put(&url)
                    .bearer_auth(&token)
                    .json(&body)
                    .send()
                    .await;
                match response {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                    }
                    Ok(r) => panic!("unexpected status {}", r.status()),
                    Err(e) => panic!("request failed: {e}"),
                }
            }
        }));
    }
    for task in tasks {
        task.await.expect("client task panicked");
    }
    (TASKS * PER_TASK) as f64 / started.elapsed().as_secs_f64()
}

/// The baseline: one axum route that reads the JSON body and answers a fixed `{"data":{}}`.
async fn baseline() -> (String, tokio::task::JoinHandle<()>) {
    let app = Router::new().route(
        "/v2/objects/users/records",
        put(|axum::Json(body): axum::Json<Value>| async move {
            axum::Json(json!({"data": {"echo": body["data"]["values"]["user_id"]}}))
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind baseline");
    let addr = listener.local_addr().expect("baseline addr");
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}"), task)
}

/// Asserts per second straight into the store (no HTTP), to show where the time goes.
fn store_only() -> f64 {
    let mut store = attio_emulator::Store::new(&[], 1);
    let n = TASKS * PER_TASK * 2;
    let started = Instant::now();
    for i in 0..n {
        store
            .assert_record("users", Some("user_id"), &user(i))
            .expect("assert");
    }
    n as f64 / started.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let emu = Emulator::start(EmulatorConfig::for_tests())
        .await
        .expect("start emulator");
    let emu_url = assert_url(&emu);
    let dir = std::env::temp_dir().join(format!("attio-emu-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("bench dir");
    let persisted = Emulator::start(EmulatorConfig {
        persist_path: Some(dir.join("store.json")),
        ..EmulatorConfig::for_tests()
    })
    .await
    .expect("start persisted emulator");
    let persisted_url = assert_url(&persisted);
    let synced = Emulator::start(EmulatorConfig {
        persist_path: Some(dir.join("synced.json")),
        persistence: attio_emulator::PersistOptions {
            sync_each_write: true,
            ..Default::default()
        },
        ..EmulatorConfig::for_tests()
    })
    .await
    .expect("start fsyncing emulator");
    let synced_url = assert_url(&synced);
    let (base, server) = baseline().await;
    let base_url = format!("{base}/v2/objects/users/records");

    // Warm up all (connections, allocator), then alternate rounds and keep the best of each.
    measure(&client, &base_url, "t", 0).await;
    measure(&client, &emu_url, emu.token(), 1_000_000).await;
    measure(&client, &persisted_url, emu.token(), 1_000_000).await;
    measure(&client, &synced_url, emu.token(), 1_000_000).await;
    let (mut best_emu, mut best_base, mut best_persisted, mut best_synced) =
        (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for round in 0..3 {
        let first = round * TASKS * PER_TASK;
        best_base = best_base.max(measure(&client, &base_url, "t", 0).await);
        best_emu = best_emu.max(measure(&client, &emu_url, emu.token(), first).await);
        best_persisted =
            best_persisted.max(measure(&client, &persisted_url, emu.token(), first).await);
        best_synced = best_synced.max(measure(&client, &synced_url, emu.token(), first).await);
    }
    let stored = emu.records("users").len();
    println!(
        "emulator asserts/s (limits off, {TASKS} tasks, {stored} users stored): {best_emu:.0}"
    );
    println!("minimal axum handler requests/s (same client and body):        {best_base:.0}");
    println!("ratio emulator / baseline: {:.2}", best_emu / best_base);
    println!(
        "persisted emulator (--persist) asserts/s: {best_persisted:.0}, ratio persisted / in-memory: {:.2}",
        best_persisted / best_emu
    );
    println!(
        "persisted, fsync after each write, asserts/s: {best_synced:.0}, ratio / in-memory: {:.2}",
        best_synced / best_emu
    );
    println!(
        "store alone (no HTTP, one thread) asserts/s: {:.0}",
        store_only()
    );
    println!(
        "Attio's documented write limit is 25/s: emulator headroom x{:.0}",
        best_emu / 25.0
    );
    server.abort();
    emu.shutdown().await.expect("shutdown");
    persisted.shutdown().await.expect("shutdown persisted");
    synced.shutdown().await.expect("shutdown fsyncing");
    let _ = std::fs::remove_dir_all(&dir);
}

fn assert_url(emu: &Emulator) -> String {
    format!(
        "{}/v2/objects/users/records?matching_attribute=user_id",
        emu.base_url()
    )
}
