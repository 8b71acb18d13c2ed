//! Bench 2: one assert round trip through `Client` vs raw reqwest sending the same bytes
//! to the same emulator, limits off (goal: within 5 %, ratio ≤ 1.05).
//!
//! `cargo bench --bench round_trip`

use attio_testkit::bench as support;

use std::time::{Duration, Instant};

use attio_core::AttioRecord;
use attio_emulator::{Emulator, EmulatorConfig};
use serde_json::json;
use support::{User, user};

const ROUNDS: usize = 7;
const PER_ROUND: usize = 300;

async fn through_client(client: &attio_core::Client, users: &[User]) -> Duration {
    let start = Instant::now();
    for i in 0..PER_ROUND {
        users[i % users.len()]
            .assert(client)
            .await
            .expect("the assert succeeds");
    }
    start.elapsed() / PER_ROUND as u32
}

async fn through_reqwest(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    bodies: &[Vec<u8>],
    decode: bool,
) -> Duration {
    let start = Instant::now();
    for i in 0..PER_ROUND {
        let response = http
            .put(url)
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(bodies[i % bodies.len()].clone())
            .send()
            .await
            .expect("the request is answered");
        assert!(response.status().is_success(), "{}", response.status());
        let bytes = response.bytes().await.expect("the body arrives");
        if decode {
            // Straight from the bytes, as the client decodes its `{"data": …}` envelope.
            let envelope: Envelope = serde_json::from_slice(&bytes).expect("a record");
            std::hint::black_box(envelope.data);
        }
    }
    start.elapsed() / PER_ROUND as u32
}

/// Attio's `{"data": …}` envelope around one record.
#[derive(serde::Deserialize)]
struct Envelope {
    data: attio_core::Record,
}

#[tokio::main]
async fn main() {
    if !support::measuring() {
        return;
    }
    let emu = Emulator::start(EmulatorConfig::for_tests())
        .await
        .expect("the emulator starts");
    support::seed_workspaces(&emu);
    let client = support::client(&emu, None);
    let http = reqwest::Client::new();
    let url = format!(
        "{}/v2/objects/users/records?matching_attribute=user_id",
        emu.base_url()
    );
    let users: Vec<User> = (0..50).map(user).collect();
    let bodies: Vec<Vec<u8>> = users
        .iter()
        .map(|u| {
            let values = u.to_values().expect("valid values");
            serde_json::to_vec(&json!({ "data": { "values": values } })).expect("json")
        })
        .collect();

    // Warm up both (connections, the records exist: every later assert is an update).
    through_client(&client, &users).await;
    through_reqwest(&http, &url, emu.token(), &bodies, true).await;
    let (mut ours, mut raw, mut raw_decoded) = (Duration::MAX, Duration::MAX, Duration::MAX);
    for _ in 0..ROUNDS {
        ours = ours.min(through_client(&client, &users).await);
        raw = raw.min(through_reqwest(&http, &url, emu.token(), &bodies, false).await);
        raw_decoded =
            raw_decoded.min(through_reqwest(&http, &url, emu.token(), &bodies, true).await);
    }
    println!(
        "bench 2: one assert round trip, emulator limits off ({ROUNDS} rounds of {PER_ROUND}, fastest round)"
    );
    support::report(
        "Client (encode, send, decode Record)",
        format!("{ours:.1?}"),
        "per assert",
    );
    support::report(
        "raw reqwest (same bytes, body read)",
        format!("{raw:.1?}"),
        "per assert",
    );
    support::report(
        "raw reqwest + decode into Record",
        format!("{raw_decoded:.1?}"),
        "per assert",
    );
    let ratio = ours.as_secs_f64() / raw.as_secs_f64();
    support::ratio("Client / raw reqwest", ratio, "<= 1.05", ratio <= 1.05);
    let ratio = ours.as_secs_f64() / raw_decoded.as_secs_f64();
    support::ratio(
        "Client / (raw reqwest + same decode)",
        ratio,
        "<= 1.05",
        ratio <= 1.05,
    );
    emu.shutdown().await.expect("the emulator stops");
}
