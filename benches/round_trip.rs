//! Bench 2: one assert round trip through `Client` vs raw reqwest sending the same bytes
//! to the same emulator and decoding the same `Record`, limits off (goal: within 5 %,
//! ratio ≤ 1.05). The ways take turns in every order and each round gives its own ratio;
//! the median of the rounds is reported, so load on a shared machine hits baseline and
//! client alike.
//!
//! Two more ways show where the client's extra time goes, step by step: raw reqwest on a
//! client set up as `Client`'s (its timeouts cost a timer per request), and that one also
//! encoding the struct for every request as `Client` does (`to_body_json`, the bytes the
//! client sends). What is left between the last and `Client` is the pipeline itself
//! (pacer, retry state, span, route cache, headers, reading the body).
//!
//! Two measurements, their rounds alternating. Judged: turns of ten asserts of one way,
//! so each way runs with its own code and data in the caches, as a sync's requests do.
//! Shown beside it: the ways interleaved request by request, where every request follows
//! another way's and finds the caches full of that one's. The client touches more code
//! than raw reqwest (encoding the struct, the pipeline), so it pays more for the cold
//! caches. Under callgrind its main thread runs ~122,000 instructions per assert, raw
//! reqwest + decode ~120,000 (54,000 of them the decode); encoding the struct is ~4,700.
//!
//! `cargo bench --bench round_trip`

use attio_testkit::bench as support;

use std::time::{Duration, Instant};

use attio_core::AttioRecord;
use attio_emulator::{Emulator, EmulatorConfig};
use support::{User, user};

const ROUNDS: usize = 15;
/// Asserts of each way per round: 10 turns of every order of the ways, or one turn of
/// every order in blocks of [`WARM_BLOCK`].
const PER_ROUND: usize = 240;
/// Asserts in a row of one way, in the warm measurement (24 turns per round: each order once).
const WARM_BLOCK: usize = 10;

/// The four ways one assert is sent, timed side by side.
#[derive(Clone, Copy)]
enum Way {
    Client,
    /// Raw reqwest sending pre-encoded bytes, decoding the `Record`: the baseline.
    RawDecoded,
    /// Raw reqwest + decode, on a reqwest client set up as `Client`'s is (timeouts, user
    /// agent, no redirects) and with the same headers: between this and `RawDecoded` are
    /// reqwest's settings (a timeout timer per request).
    LikeClient,
    /// [`LikeClient`](Self::LikeClient), encoding the struct for every request: what is
    /// left between this and `Client` is the pipeline.
    LikeEncoding,
}

/// One assert through `Client`: encode the struct, send, decode the `Record`.
async fn through_client(client: &attio_core::Client, user: &User) -> Duration {
    let start = Instant::now();
    user.assert(client).await.expect("the assert succeeds");
    start.elapsed()
}

/// The same assert's bytes through reqwest, the body read and decoded into a `Record`.
async fn through_reqwest(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    body: impl Into<reqwest::Body>,
) -> Duration {
    let start = Instant::now();
    let response = http
        .put(url)
        .bearer_auth(token)
        .header("accept", "application/json")
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("the request is answered");
    assert!(response.status().is_success(), "{}", response.status());
    let bytes = response.bytes().await.expect("the body arrives");
    // Straight from the bytes, as the client decodes its `{"data": …}` envelope.
    let envelope: Envelope = serde_json::from_slice(&bytes).expect("a record");
    std::hint::black_box(envelope.data);
    start.elapsed()
}

/// The reqwest clients the raw ways send through, one per way: every way has its own
/// connection (and its own emulator connection task), as `Client` has.
struct Raw<'a> {
    /// `reqwest::Client::new()`.
    plain: &'a reqwest::Client,
    /// Built with the settings `Client`'s builder gives its own.
    like_client: &'a reqwest::Client,
    /// Another of those, for the way that also encodes.
    like_encoding: &'a reqwest::Client,
    url: &'a str,
    token: &'a str,
}

const WAYS: [Way; 4] = [
    Way::Client,
    Way::RawDecoded,
    Way::LikeClient,
    Way::LikeEncoding,
];

/// Every order of the four ways (24). Cycling through them puts each way at each position
/// and after each other way equally often: a way's time depends on what ran just before it
/// (a plain rotation, in which each way always follows the same one, once showed raw
/// reqwest *without* the decode 10 µs slower than with it).
fn permutations() -> Vec<[usize; 4]> {
    let mut orders = Vec::new();
    for a in 0..4 {
        for b in (0..4).filter(|&b| b != a) {
            for c in (0..4).filter(|&c| c != a && c != b) {
                let d = 6 - a - b - c;
                orders.push([a, b, c, d]);
            }
        }
    }
    orders
}

/// Total time of each way over one round of `PER_ROUND` asserts each, sent in turns of
/// `block` asserts of one way. The turns are interleaved in an order that rotates through
/// every permutation, so a burst of load on this shared machine hits all ways alike
/// instead of whichever happened to run then. With `block` 1 each request follows one of
/// another way, whose code and data have just evicted its own from the caches; with
/// [`WARM_BLOCK`] each way runs warm, as a sync's requests do (still milliseconds apart,
/// well under the length of a burst of load).
async fn round(
    client: &attio_core::Client,
    raw: &Raw<'_>,
    users: &[User],
    bodies: &[bytes::Bytes],
    block: usize,
) -> [Duration; 4] {
    let mut totals = [Duration::ZERO; 4];
    let orders = permutations();
    for turn in 0..PER_ROUND / block {
        for &slot in &orders[turn % orders.len()] {
            for k in 0..block {
                let n = (turn * block + k) % users.len();
                let (user, body) = (&users[n], bodies[n].clone());
                totals[slot] += match WAYS[slot] {
                    Way::Client => through_client(client, user).await,
                    Way::RawDecoded => through_reqwest(raw.plain, raw.url, raw.token, body).await,
                    Way::LikeClient => {
                        through_reqwest(raw.like_client, raw.url, raw.token, body).await
                    }
                    Way::LikeEncoding => {
                        let start = Instant::now();
                        let body = user.to_body_json().expect("a body");
                        through_reqwest(raw.like_encoding, raw.url, raw.token, body).await;
                        start.elapsed()
                    }
                };
            }
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

/// Per-assert times and ratios to the client, round by round.
#[derive(Default)]
struct Measurement {
    per_assert: [Vec<f64>; 4],
    ratios: [Vec<f64>; 3],
}

impl Measurement {
    fn add(&mut self, totals: [Duration; 4]) {
        for (list, total) in self.per_assert.iter_mut().zip(totals) {
            list.push(total.as_secs_f64() * 1e6 / PER_ROUND as f64);
        }
        let ours = totals[0].as_secs_f64();
        for (list, base) in self.ratios.iter_mut().zip(&totals[1..]) {
            list.push(ours / base.as_secs_f64());
        }
    }

    /// Prints the medians; only the measurement that `judged` checks the goal.
    fn report(self, title: &str, judged: bool) {
        println!("{title}:");
        let [ours, decoded, like, encoding] = self.per_assert.map(median);
        for (name, value) in [
            ("Client (encode, send, decode Record)", ours),
            ("raw reqwest + decode into Record (same bytes)", decoded),
            ("  the same on a reqwest set up as Client's", like),
            ("  the same, encoding the struct as Client does", encoding),
        ] {
            support::report(name, format!("{value:.1} µs"), "per assert");
        }
        let [vs_decoded, vs_like, vs_encoding] = self.ratios.map(median);
        let goal = "Client / (raw reqwest + same decode)";
        if judged {
            support::ratio(goal, vs_decoded, "<= 1.05", vs_decoded <= 1.05);
        } else {
            support::report(goal, format!("{vs_decoded:.3}"), "(not judged)");
        }
        // Where the difference goes: shown, never judged.
        for (name, value) in [
            ("Client / (the same, reqwest set up as Client's)", vs_like),
            ("Client / (the same, also encoding the struct)", vs_encoding),
        ] {
            support::report(name, format!("{value:.3}"), "(shown)");
        }
    }
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
    // The baselines send these, pre-encoded (a clone is a reference count).
    let bodies: Vec<bytes::Bytes> = users
        .iter()
        .map(|u| u.to_body_json().expect("a body").into())
        .collect();

    let like_client = || {
        reqwest::Client::builder()
            .user_agent(concat!("attio-core/", env!("CARGO_PKG_VERSION")))
            .timeout(Duration::from_secs(30))
            .connect_timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a reqwest client")
    };
    let raw = Raw {
        plain: &http,
        like_client: &like_client(),
        like_encoding: &like_client(),
        url: &url,
        token: emu.token(),
    };

    // Warm up (connections; the records exist, so every later assert is an update).
    round(&client, &raw, &users, &bodies, 1).await;
    println!(
        "bench 2: one assert round trip, emulator limits off ({ROUNDS} rounds of {PER_ROUND} of each way per measurement, the two measurements' rounds alternating; medians)"
    );
    let mut cold = Measurement::default();
    let mut warm = Measurement::default();
    for _ in 0..ROUNDS {
        cold.add(round(&client, &raw, &users, &bodies, 1).await);
        warm.add(round(&client, &raw, &users, &bodies, WARM_BLOCK).await);
    }
    warm.report(
        &format!("in turns of {WARM_BLOCK} asserts of one way (warm, as in a sync)"),
        true,
    );
    cold.report(
        "interleaved request by request (each after another way's: cold caches)",
        false,
    );
    emu.shutdown().await.expect("the emulator stops");
}
