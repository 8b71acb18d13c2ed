//! What a user write costs when its workspace already holds many users: the store's
//! per-write time creating users that link to a workspace holding ~10 users vs one holding
//! ~10,000, measured in the same run (no HTTP, one thread). The inverse `workspaces.users`
//! list grows with every user, so a write whose cost follows that list's length slows every
//! sync into a large workspace. Run: `cargo bench -p attio-emulator --bench link_cost`.

use std::time::Instant;

use attio_emulator::Store;
use serde_json::{Value, json};

/// Users created (and timed) per measurement.
const WRITES: usize = 2_000;

fn workspace(id: &str) -> Value {
    json!({"data": {"values": {"workspace_id": id}}})
}

fn user(i: usize, workspace: &str) -> Value {
    json!({"data": {"values": {
        "user_id": format!("user-{i}"),
        "primary_email_address": format!("user{i}@example.com"),
        "workspace": [{"target_object": "workspaces", "workspace_id": workspace}],
    }}})
}

fn assert_user(store: &mut Store, i: usize, workspace: &str) {
    store
        .assert_record("users", Some("user_id"), &user(i, workspace))
        .expect("assert user");
}

/// Microseconds per user write when each write links into a workspace that already holds
/// `existing` users (`workspaces` of them share the writes round robin, so each grows by
/// `WRITES / workspaces` during the measurement).
fn per_write_us(existing: usize, workspaces: usize) -> f64 {
    let mut store = Store::new(&[], 7);
    let names: Vec<String> = (0..workspaces).map(|w| format!("ws-{w}")).collect();
    let mut next = 0;
    for name in &names {
        store
            .assert_record("workspaces", Some("workspace_id"), &workspace(name))
            .expect("assert workspace");
        for _ in 0..existing {
            assert_user(&mut store, next, name);
            next += 1;
        }
    }
    let started = Instant::now();
    for k in 0..WRITES {
        assert_user(&mut store, next + k, &names[k % workspaces]);
    }
    started.elapsed().as_secs_f64() * 1e6 / WRITES as f64
}

fn main() {
    // Warm up the allocator, then alternate and keep the best of three of each.
    per_write_us(10, 200);
    let (mut small, mut big) = (f64::MAX, f64::MAX);
    for _ in 0..3 {
        small = small.min(per_write_us(10, 200));
        big = big.min(per_write_us(10_000, 1));
    }
    println!("user write, workspace holding ~10 users:     {small:.1} µs");
    println!("user write, workspace holding ~10,000 users: {big:.1} µs");
    println!("ratio (goal ≤ 1.2): {:.2}", big / small);
}
