//! What a user write costs when its workspace already holds many users, measured in the
//! store (no HTTP, one thread), in one run:
//!
//! - **link**: creating a user that links to a workspace, in a store whose 20,000 users sit
//!   in 2,000 workspaces of ~10 vs in 2 workspaces of ~10,000;
//! - **unlink**: a write that moves an existing user to the next workspace (its old
//!   workspace loses the link, the new one gains it), in the same two stores.
//!
//! Both stores hold as many users, so the only difference is the length of the inverse
//! `workspaces.users` lists: a write whose cost followed that length would slow every sync
//! into a large workspace. The two sizes run in alternating rounds (noise hits both); each
//! line prints the median of the rounds' ratios. At the end every workspace's `users` list
//! is checked against the moves made, so the bench cannot time writes that did nothing.
//! Run: `cargo bench -p attio-emulator --bench link_cost`.

use std::time::Instant;

use attio_emulator::Store;
use serde_json::{Value, json};

/// Users in each store before the measurement.
const USERS: usize = 20_000;
/// Writes timed per line, size and round.
const WRITES: usize = 400;
/// Rounds; the median of their ratios is printed.
const ROUNDS: usize = 15;

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

/// A store whose users are spread over workspaces, and where each user is.
struct Fixture {
    store: Store,
    names: Vec<String>,
    /// Workspace index of user `i`.
    home: Vec<usize>,
    /// The next user to move.
    cursor: usize,
}

impl Fixture {
    fn new(workspaces: usize) -> Self {
        let mut fixture = Self {
            store: Store::new(&[], 7),
            names: (0..workspaces).map(|w| format!("ws-{w}")).collect(),
            home: Vec::new(),
            cursor: 0,
        };
        for name in &fixture.names {
            fixture
                .store
                .assert_record("workspaces", Some("workspace_id"), &workspace(name))
                .expect("assert workspace");
        }
        for _ in 0..USERS {
            fixture.create();
        }
        fixture
    }

    /// Creates the next user, in the workspace after the previous user's.
    fn create(&mut self) {
        let i = self.home.len();
        let w = i % self.names.len();
        self.write(i, w);
        self.home.push(w);
    }

    /// Moves the next user (in creation order) to the next workspace.
    fn move_one(&mut self) {
        let i = self.cursor;
        self.cursor = (self.cursor + 1) % self.home.len();
        let w = (self.home[i] + 1) % self.names.len();
        self.write(i, w);
        self.home[i] = w;
    }

    fn write(&mut self, i: usize, w: usize) {
        self.store
            .assert_record("users", Some("user_id"), &user(i, &self.names[w]))
            .expect("assert user");
    }

    /// Microseconds per call of `step`, over [`WRITES`] calls.
    fn time(&mut self, step: fn(&mut Self)) -> f64 {
        let started = Instant::now();
        for _ in 0..WRITES {
            step(self);
        }
        started.elapsed().as_secs_f64() * 1e6 / WRITES as f64
    }

    /// Every workspace lists exactly the users whose home it is.
    fn check(&self) {
        let mut expected = vec![0usize; self.names.len()];
        for w in &self.home {
            expected[*w] += 1;
        }
        let records = self.store.records_json("workspaces").expect("workspaces");
        for record in records {
            let name = record["values"]["workspace_id"][0]["value"]
                .as_str()
                .expect("workspace_id");
            let w: usize = name["ws-".len()..].parse().expect("workspace index");
            let users = record["values"]["users"].as_array().map_or(0, Vec::len);
            assert_eq!(users, expected[w], "users of {name}");
        }
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Times `step` on both fixtures in alternating rounds (the order flips every round):
/// median µs of each and the median of the per-round ratios large / small.
fn line(small: &mut Fixture, large: &mut Fixture, step: fn(&mut Fixture)) -> (f64, f64, f64) {
    let (mut s, mut l, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let (a, b) = if round % 2 == 0 {
            let a = small.time(step);
            (a, large.time(step))
        } else {
            let b = large.time(step);
            (small.time(step), b)
        };
        s.push(a);
        l.push(b);
        ratios.push(b / a);
    }
    (median(s), median(l), median(ratios))
}

fn main() {
    let mut small = Fixture::new(USERS / 10);
    let mut large = Fixture::new(2);
    // Warm up (allocator, caches) with one untimed round of each.
    for fixture in [&mut small, &mut large] {
        fixture.time(Fixture::create);
        fixture.time(Fixture::move_one);
    }
    let (ls, ll, lr) = line(&mut small, &mut large, Fixture::create);
    let (us, ul, ur) = line(&mut small, &mut large, Fixture::move_one);
    small.check();
    large.check();
    println!(
        "link (create a user), workspaces of ~10 vs ~10,000 users: {ls:.1} vs {ll:.1} µs, ratio {lr:.2} (goal ≤ 1.2)"
    );
    println!(
        "unlink (move a user to another workspace), same stores:   {us:.1} vs {ul:.1} µs, ratio {ur:.2} (goal ≤ 1.2)"
    );
    println!(
        "(median of {ROUNDS} alternating rounds of {WRITES} writes; {USERS} users in each store)"
    );
}
