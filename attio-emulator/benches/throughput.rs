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
/// Rounds, each timing every server once.
const ROUNDS: usize = 12;

/// The middle value (the mean of the two middle ones for an even count).
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}

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

    // Warm up all (connections, allocator). Then rounds: each measures the four servers
    // back to back, in an order that turns every round, and gives its own ratios; the
    // medians are reported, so a burst of load on a shared machine moves one round, not the
    // result.
    measure(&client, &base_url, "t", 0).await;
    measure(&client, &emu_url, emu.token(), 1_000_000).await;
    measure(&client, &persisted_url, emu.token(), 1_000_000).await;
    measure(&client, &synced_url, emu.token(), 1_000_000).await;
    let mut rates: [Vec<f64>; 4] = Default::default();
    let mut ratios: [Vec<f64>; 3] = Default::default();
    for round in 0..ROUNDS {
        let first = round * TASKS * PER_TASK;
        let mut rate = [0.0f64; 4];
        for k in 0..4 {
            let way = (round + k) % 4;
            rate[way] = match way {
                0 => measure(&client, &base_url, "t", 0).await,
                1 => measure(&client, &emu_url, emu.token(), first).await,
                2 => measure(&client, &persisted_url, emu.token(), first).await,
                _ => measure(&client, &synced_url, emu.token(), first).await,
            };
        }
        for (all, r) in rates.iter_mut().zip(rate) {
            all.push(r);
        }
        ratios[0].push(rate[1] / rate[0]);
        ratios[1].push(rate[2] / rate[1]);
        ratios[2].push(rate[3] / rate[1]);
    }
    let [base_rate, emu_rate, persisted_rate, synced_rate] = rates.map(median);
    let [emu_ratio, persisted_ratio, synced_ratio] = ratios.map(median);
    let stored = emu.records("users").len();
    println!(
        "emulator asserts/s (limits off, {TASKS} tasks, {stored} users stored, median of {ROUNDS} rounds): {emu_rate:.0}"
    );
    println!("minimal axum handler requests/s (same client and body):        {base_rate:.0}");
    println!("ratio emulator / baseline (median of the rounds' ratios): {emu_ratio:.2}");
    println!(
        "persisted emulator (--persist) asserts/s: {persisted_rate:.0}, ratio persisted / in-memory: {persisted_ratio:.2}"
    );
    println!(
        "persisted, fsync after each write, asserts/s: {synced_rate:.0}, ratio / in-memory: {synced_ratio:.2}"
    );
    println!(
        "store alone (no HTTP, one thread) asserts/s: {:.0}",
        store_only()
    );
    println!(
        "Attio's documented write limit is 25/s: emulator headroom x{:.0}",
        emu_rate / 25.0
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
