//! Bench 2: one assert round trip through `Client` vs raw reqwest sending the same bytes
//! to the same emulator, limits off (goal: within 5 %, ratio ≤ 1.05). The three ways are
//! interleaved request by request and each round gives its own ratio; the median of the
//! rounds is reported, so load on a shared machine hits baseline and client alike.
//!
//! `cargo bench --bench round_trip`

use attio_testkit::bench as support;

use std::time::{Duration, Instant};

use attio_core::AttioRecord;
use attio_emulator::{Emulator, EmulatorConfig};
use serde_json::json;
use support::{User, user};

const ROUNDS: usize = 15;
const PER_ROUND: usize = 200;

/// The three ways one assert is sent, timed side by side.
#[derive(Clone, Copy)]
enum Way {
    Client,
    Raw,
    RawDecoded,
}

/// One assert through `Client`: encode the struct, send, decode the `Record`.
async fn through_client(client: &attio_core::Client, user: &User) -> Duration {
    let start = Instant::now();
    user.assert(client).await.expect("the assert succeeds");
    start.elapsed()
}

/// The same assert's bytes through reqwest, the body read (and decoded when `decode`).
async fn through_reqwest(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    body: &[u8],
    decode: bool,
) -> Duration {
    let start = Instant::now();
    let response = http
        .put(url)
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body.to_vec())
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
    start.elapsed()
}

/// Total time of each way over one round. The three are interleaved request by request,
/// in an order that rotates, so a burst of load on this shared machine hits all three
/// alike instead of whichever happened to run then.
async fn round(
    client: &attio_core::Client,
    http: &reqwest::Client,
    url: &str,
    token: &str,
    users: &[User],
    bodies: &[Vec<u8>],
) -> [Duration; 3] {
    let mut totals = [Duration::ZERO; 3];
    let orders = [
        [Way::Client, Way::Raw, Way::RawDecoded],
        [Way::Raw, Way::RawDecoded, Way::Client],
        [Way::RawDecoded, Way::Client, Way::Raw],
    ];
    for i in 0..PER_ROUND {
        let n = i % users.len();
        for way in orders[i % orders.len()] {
            let (slot, took) = match way {
                Way::Client => (0, through_client(client, &users[n]).await),
                Way::Raw => (
                    1,
                    through_reqwest(http, url, token, &bodies[n], false).await,
                ),
                Way::RawDecoded => (2, through_reqwest(http, url, token, &bodies[n], true).await),
            };
            totals[slot] += took;
        }
    }
    totals
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
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

    // Warm up (connections; the records exist, so every later assert is an update).
    round(&client, &http, &url, emu.token(), &users, &bodies).await;
    let mut per_assert = [Vec::new(), Vec::new(), Vec::new()];
    let (mut vs_raw, mut vs_decoded) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let [ours, raw, decoded] = round(&client, &http, &url, emu.token(), &users, &bodies).await;
        for (list, total) in per_assert.iter_mut().zip([ours, raw, decoded]) {
            list.push(total.as_secs_f64() * 1e6 / PER_ROUND as f64);
        }
        vs_raw.push(ours.as_secs_f64() / raw.as_secs_f64());
        vs_decoded.push(ours.as_secs_f64() / decoded.as_secs_f64());
    }
    println!(
        "bench 2: one assert round trip, emulator limits off ({ROUNDS} rounds of {PER_ROUND} of each, interleaved; medians)"
    );
    let [ours, raw, decoded] = per_assert.map(median);
    support::report(
        "Client (encode, send, decode Record)",
        format!("{ours:.1} µs"),
        "per assert",
    );
    support::report(
        "raw reqwest (same bytes, body read)",
        format!("{raw:.1} µs"),
        "per assert",
    );
    support::report(
        "raw reqwest + decode into Record",
        format!("{decoded:.1} µs"),
        "per assert",
    );
    let ratio = median(vs_raw);
    support::ratio("Client / raw reqwest", ratio, "<= 1.05", ratio <= 1.05);
    let ratio = median(vs_decoded);
    support::ratio(
        "Client / (raw reqwest + same decode)",
        ratio,
        "<= 1.05",
        ratio <= 1.05,
    );
    emu.shutdown().await.expect("the emulator stops");
}
