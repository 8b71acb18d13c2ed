//! Bench 1: encoding a derived `User` to its request body vs a hand-written
//! `serde_json::json!` body with the same values (goal: ratio ≤ 1, no slower).
//!
//! `cargo bench --bench encode`

use attio_testkit::bench as support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use attio_core::AttioRecord;
use serde_json::json;
use support::{User, user};

const ROUNDS: usize = 7;
const PER_ROUND: usize = 100_000;

/// The body the client sends for an assert of `user`, from the derive.
fn derived_body(user: &User) -> Vec<u8> {
    serde_json::to_vec(&user.to_body().expect("valid values")).expect("serializable")
}

/// The same body, written by hand.
fn hand_written_body(user: &User) -> Vec<u8> {
    let workspaces: Vec<_> = user
        .workspaces
        .iter()
        .map(|w| {
            json!({
                "target_object": w.target_object(),
                "target_record_id": w.record_id(),
            })
        })
        .collect();
    let body = json!({
        "data": {
            "values": {
                "user_id": user.id,
                "primary_email_address": user.email.as_str(),
                "workspace": workspaces,
            }
        }
    });
    serde_json::to_vec(&body).expect("serializable")
}

/// The fastest of [`ROUNDS`] rounds, per encoding.
fn time(encode: fn(&User) -> Vec<u8>, users: &[User]) -> Duration {
    let start = Instant::now();
    for i in 0..PER_ROUND {
        black_box(encode(black_box(&users[i % users.len()])));
    }
    start.elapsed() / PER_ROUND as u32
}

fn main() {
    if !support::measuring() {
        return;
    }
    let users: Vec<User> = (0..64).map(user).collect();
    for u in &users {
        let derived: serde_json::Value = serde_json::from_slice(&derived_body(u)).expect("json");
        let by_hand: serde_json::Value =
            serde_json::from_slice(&hand_written_body(u)).expect("json");
        assert_eq!(derived, by_hand, "both bodies must be the same JSON");
    }
    let (mut derived, mut by_hand) = (Duration::MAX, Duration::MAX);
    for _ in 0..ROUNDS {
        // Interleaved rounds, so a change in machine load hits both sides alike.
        derived = derived.min(time(derived_body, &users));
        by_hand = by_hand.min(time(hand_written_body, &users));
    }
    println!(
        "bench 1: encode a User's assert body ({ROUNDS} rounds of {PER_ROUND}, fastest round)"
    );
    support::report(
        "derived (to_values + serialize)",
        format!("{derived:.2?}"),
        "per body",
    );
    support::report(
        "hand-written json! + serialize",
        format!("{by_hand:.2?}"),
        "per body",
    );
    let ratio = derived.as_secs_f64() / by_hand.as_secs_f64();
    support::ratio("derived / hand-written", ratio, "<= 1.0", ratio <= 1.0);
}
