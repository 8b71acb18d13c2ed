//! The client against an emulator that fails and rate-limits: safe requests are retried
//! through 5xx and 429 and succeed, an unsafe PATCH whose answer is lost is reported as
//! "outcome unknown" and lands at most once, and the pacer keeps a burst under the write
//! limit. Every run is short and bounded (a few seconds at most).

#[path = "support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use attio_core::pacing::PacingConfig;
use attio_core::{AttioRecord, Client, Error};
use attio_emulator::{Emulator, FaultConfig, RateLimitConfig, ScriptedFault};
use support::e2e::*;
use tokio::task::JoinSet;

const RECORDS: &str = "/v2/objects/{object}/records";
const RECORD: &str = "/v2/objects/{object}/records/{record_id}";

/// The statuses `method route` was answered with, in journal order (`None` = dropped).
fn statuses(emu: &Emulator, method: &str, path_prefix: &str) -> Vec<Option<u16>> {
    emu.journal()
        .into_iter()
        .filter(|e| e.method == method && e.path.starts_with(path_prefix))
        .map(|e| e.status)
        .collect()
}

/// Asserts `users` concurrently from clones of `client`; every outcome, in input order.
async fn assert_all(client: &Client, users: Vec<User>) -> Vec<Result<String, Error>> {
    let mut tasks = JoinSet::new();
    for (i, user) in users.into_iter().enumerate() {
        let client = client.clone();
        tasks.spawn(async move { (i, user.assert(&client).await.map(|r| r.id().to_owned())) });
    }
    let mut outcomes: Vec<(usize, Result<String, Error>)> =
        tasks.join_all().await.into_iter().collect();
    outcomes.sort_by_key(|(i, _)| *i);
    outcomes.into_iter().map(|(_, outcome)| outcome).collect()
}

fn numbered_users(n: usize) -> Vec<User> {
    (0..n)
        .map(|i| user(&format!("u-{i:03}"), &format!("user{i}@example.com")))
        .collect()
}

#[tokio::test]
async fn a_get_is_retried_through_5xx_and_429_and_succeeds() {
    let emu = emulator().await;
    let client = client(&emu);
    let written = user("u-1", "ada@example.com");
    let id = written
        .assert(&client)
        .await
        .expect("assert")
        .id()
        .to_owned();
    emu.reset_stats();

    emu.set_faults(FaultConfig::scripted([
        ScriptedFault::Status(500),
        ScriptedFault::Status(502),
        ScriptedFault::Status(429),
        ScriptedFault::Status(503),
    ]));
    let back = User::get(&client, &id)
        .await
        .expect("the fifth attempt succeeds");
    assert_eq!(back.email, written.email);
    assert_eq!(
        statuses(&emu, "GET", "/v2/objects/users/records/"),
        [Some(500), Some(502), Some(429), Some(503), Some(200)]
    );
    let stats = emu.stats();
    assert_eq!(stats.count_status("GET", RECORD, 200), 1);
    assert_eq!(stats.rate_limited, 1);
}

#[tokio::test]
async fn reads_over_the_emulators_limit_are_retried_until_they_pass() {
    let emu = emulator().await;
    let client = client(&emu);
    let id = user("u-1", "ada@example.com")
        .assert(&client)
        .await
        .expect("assert")
        .id()
        .to_owned();
    emu.reset_stats();
    emu.set_rate_limits(RateLimitConfig::new(3, 100));

    let mut reads = JoinSet::new();
    for _ in 0..7 {
        let (client, id) = (client.clone(), id.clone());
        reads.spawn(async move { User::get(&client, &id).await });
    }
    for read in reads.join_all().await {
        assert_eq!(read.expect("every read passes").id, "u-1");
    }
    let stats = emu.stats();
    assert_eq!(stats.count_status("GET", RECORD, 200), 7);
    assert!(stats.rate_limited > 0, "the limit was hit: {stats:?}");
}

#[tokio::test]
async fn an_assert_is_retried_through_5xx_and_429_and_lands_once() {
    let emu = emulator().await;
    let client = client(&emu);
    let before = emu.stats().writes_applied;
    emu.set_faults(FaultConfig::scripted([
        ScriptedFault::Status(503),
        ScriptedFault::Status(429),
        ScriptedFault::Status(500),
        ScriptedFault::DropBeforeWrite,
        ScriptedFault::DropAfterWrite,
    ]));
    let record = user("u-1", "ada@example.com")
        .assert(&client)
        .await
        .expect("the sixth attempt is answered");
    assert_eq!(
        statuses(&emu, "PUT", "/v2/objects/users/records"),
        [Some(503), Some(429), Some(500), None, None, Some(200)]
    );
    let users = emu.records("users");
    assert_eq!(users.len(), 1, "one record");
    assert_eq!(users[0]["id"]["record_id"], record.id());
    // The dropped-after-write attempt and the final one both applied the same assert.
    assert_eq!(emu.stats().writes_applied - before, 2);
}

#[tokio::test]
async fn asserts_over_the_emulators_write_limit_are_retried_and_all_land() {
    let emu = emulator().await;
    emu.set_rate_limits(RateLimitConfig::new(100, 3));
    let client = client(&emu); // no client-side pacing: the emulator's 429s do the work
    let outcomes = assert_all(&client, numbered_users(8)).await;
    for (i, outcome) in outcomes.iter().enumerate() {
        assert!(outcome.is_ok(), "user {i}: {outcome:?}");
    }
    assert_eq!(emu.records("users").len(), 8);
    let stats = emu.stats();
    assert!(stats.rate_limited > 0, "the limit was hit: {stats:?}");
    assert_eq!(stats.count_status("PUT", RECORDS, 200), 8);
}

#[tokio::test]
async fn a_patch_whose_answer_is_lost_is_outcome_unknown_and_applied_once() {
    let emu = emulator().await;
    let client = client(&emu);
    let world = World::create(&client).await;
    let mut ada = User {
        workspaces: vec![world.workspace(0)],
        ..user("u-1", "ada@example.com")
    };
    let id = ada.assert(&client).await.expect("assert").id().to_owned();
    ada.workspaces = vec![world.workspace(1)];

    emu.reset_stats();
    let before = emu.stats().writes_applied;
    emu.set_faults(FaultConfig::scripted([ScriptedFault::DropAfterWrite]));
    let error = ada.update(&client, &id).await.unwrap_err();
    match &error {
        Error::OutcomeUnknown { operation, .. } => {
            assert_eq!(operation, &format!("PATCH {RECORD}"));
        }
        other => panic!("expected OutcomeUnknown, got {other:?}"),
    }
    assert_eq!(
        statuses(&emu, "PATCH", "/v2/objects/users/records/"),
        [None],
        "sent once, not repeated"
    );
    assert_eq!(emu.stats().writes_applied - before, 1, "applied once");
    let mut workspaces = stored_targets(&stored(&emu, "users", &id), "workspace");
    workspaces.sort();
    let mut expected = world.workspaces[..2].to_vec();
    expected.sort();
    assert_eq!(workspaces, expected, "the added workspace is there once");
}

#[tokio::test]
async fn a_patch_that_may_have_landed_is_not_repeated_but_one_refused_is() {
    let emu = emulator().await;
    let client = client(&emu);
    let world = World::create(&client).await;
    let mut ada = user("u-1", "ada@example.com");
    let id = ada.assert(&client).await.expect("assert").id().to_owned();

    // 503 and a connection dropped before the write: the client cannot tell them from an
    // applied write, so it does not repeat them. Neither was applied here.
    for (fault, workspace) in [
        (ScriptedFault::Status(503), 0),
        (ScriptedFault::DropBeforeWrite, 1),
    ] {
        ada.workspaces = vec![world.workspace(workspace)];
        emu.reset_stats();
        let before = emu.stats().writes_applied;
        emu.set_faults(FaultConfig::scripted([fault]));
        let error = ada.update(&client, &id).await.unwrap_err();
        assert!(error.is_outcome_unknown(), "{fault:?}: {error:?}");
        assert_eq!(
            only_request(&emu).method,
            "PATCH",
            "{fault:?}: not repeated"
        );
        assert_eq!(emu.stats().writes_applied, before, "{fault:?}: not applied");
    }
    assert!(stored_targets(&stored(&emu, "users", &id), "workspace").is_empty());

    // A 429 certainly was not applied: it is retried, and lands once.
    ada.workspaces = vec![world.workspace(2)];
    emu.reset_stats();
    let before = emu.stats().writes_applied;
    emu.set_faults(FaultConfig::scripted([ScriptedFault::Status(429)]));
    ada.update(&client, &id)
        .await
        .expect("retried after the 429");
    assert_eq!(
        statuses(&emu, "PATCH", "/v2/objects/users/records/"),
        [Some(429), Some(200)]
    );
    assert_eq!(emu.stats().writes_applied - before, 1);
    assert_eq!(
        stored_targets(&stored(&emu, "users", &id), "workspace"),
        [world.workspaces[2].clone()]
    );
}

/// Attio's limit shape at a small scale: writes per clock second.
const WRITE_LIMIT: u32 = 8;
const BURST: usize = 20;

fn paced_at_the_limit() -> PacingConfig {
    PacingConfig {
        writes_per_second: Some(f64::from(WRITE_LIMIT)),
        ..PacingConfig::default()
    }
}

#[tokio::test]
async fn the_pacer_keeps_a_burst_of_asserts_under_the_write_limit() {
    let emu = emulator().await;
    emu.set_rate_limits(RateLimitConfig::new(100, WRITE_LIMIT));
    let client = client_with(&emu, emu.token(), paced_at_the_limit());

    let started = Instant::now();
    let outcomes = assert_all(&client, numbered_users(BURST)).await;
    let elapsed = started.elapsed();
    for (i, outcome) in outcomes.iter().enumerate() {
        assert!(outcome.is_ok(), "user {i}: {outcome:?}");
    }
    let stats = emu.stats();
    assert_eq!(stats.rate_limited, 0, "no 429 at all: {stats:?}");
    assert_eq!(stats.count_status("PUT", RECORDS, 200), BURST as u64);
    assert_eq!(emu.records("users").len(), BURST);
    // Paced, not merely lucky: BURST writes at WRITE_LIMIT/s need (BURST-1)/WRITE_LIMIT s.
    let floor = Duration::from_secs_f64((BURST - 1) as f64 / f64::from(WRITE_LIMIT));
    assert!(elapsed >= floor, "{elapsed:?} < {floor:?}");
}

#[tokio::test]
async fn without_the_pacer_the_same_burst_is_rate_limited() {
    // The control for the test above: the limit is real, so zero 429s there is the pacer's doing.
    let emu = emulator().await;
    emu.set_rate_limits(RateLimitConfig::new(100, WRITE_LIMIT));
    let client = client(&emu);
    let outcomes = assert_all(&client, numbered_users(BURST)).await;
    assert!(outcomes.iter().all(Result::is_ok), "{outcomes:?}");
    assert!(emu.stats().rate_limited > 0, "{:?}", emu.stats());
    assert_eq!(emu.records("users").len(), BURST);
}
