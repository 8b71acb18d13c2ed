//! The client against an emulator that fails and rate-limits: safe requests are retried
//! through 5xx and 429 and succeed, an unsafe PATCH whose answer is lost is reported as
//! "outcome unknown" and lands at most once, and the pacer keeps a burst under the write
//! limit. Every run is short and bounded (a few seconds at most).

use std::time::{Duration, Instant};

use attio_core::pacing::PacingConfig;
use attio_core::{AttioRecord, Client, Error};
use attio_emulator::{Emulator, FaultConfig, RateLimitConfig, ScriptedFault};
use attio_testkit::emulator::*;
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
    let id = asserted_id(&client, &written).await;
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
    let id = asserted_id(&client, &user("u-1", "ada@example.com")).await;
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
    let id = asserted_id(&client, &ada).await;
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
    let id = asserted_id(&client, &ada).await;

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

/// A client whose retries give up early: 2 retries of 5xx, 1 of 429.
fn impatient_client(emu: &Emulator) -> Client {
    Client::builder()
        .base_url(emu.base_url())
        .token(emu.token())
        .timeout(Duration::from_secs(5))
        .pacing(PacingConfig::off())
        .retry_policy(fast_retries().max_retries(2).max_rate_limited_retries(1))
        .build()
        .expect("a client")
}

#[tokio::test]
async fn when_retries_run_out_the_last_answer_arrives_typed() {
    let emu = emulator().await;
    let client = impatient_client(&emu);
    let id = asserted_id(&client, &user("u-1", "ada@example.com")).await;

    emu.reset_stats();
    emu.set_faults(FaultConfig::scripted([ScriptedFault::Status(503); 4]));
    let error = User::get(&client, &id).await.unwrap_err();
    assert!(error.is_server_error(), "{error:?}");
    assert_eq!(error.status(), Some(503), "{error:?}");
    assert_eq!(
        statuses(&emu, "GET", "/v2/objects/users/records/"),
        [Some(503); 3],
        "the first attempt and two retries"
    );

    emu.reset_stats();
    emu.set_faults(FaultConfig::scripted([ScriptedFault::Status(429); 4]));
    let asked = std::time::SystemTime::now();
    let error = user("u-1", "ada@example.com")
        .assert(&client)
        .await
        .unwrap_err();
    match &error {
        Error::RateLimited { retry_at, .. } => {
            // The emulator's Retry-After is the start of the next clock second.
            let wait = retry_at
                .duration_since(asked)
                .expect("retry_at is after the request");
            assert!(wait <= Duration::from_secs(3), "{wait:?}");
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert!(error.is_rate_limited());
    assert_eq!(
        statuses(&emu, "PUT", "/v2/objects/users/records"),
        [Some(429); 2],
        "the first attempt and one retry"
    );
}

#[tokio::test]
async fn a_create_whose_answer_is_lost_is_outcome_unknown_and_not_repeated() {
    let emu = emulator().await;
    let client = client(&emu);
    let values = |id: &str| {
        values(
            serde_json::json!({"user_id": id, "primary_email_address": format!("{id}@example.com")}),
        )
    };
    emu.set_faults(FaultConfig::scripted([ScriptedFault::DropAfterWrite]));
    let error = client
        .create_record("users", values("u-1"))
        .await
        .unwrap_err();
    assert!(error.is_outcome_unknown(), "{error:?}");
    assert_eq!(emu.records("users").len(), 1, "applied once, not repeated");

    emu.reset_stats();
    emu.set_faults(FaultConfig::scripted([ScriptedFault::Status(429)]));
    client
        .create_record("users", values("u-2"))
        .await
        .expect("a 429 certainly was not applied: retried");
    assert_eq!(
        statuses(&emu, "POST", "/v2/objects/users/records"),
        [Some(429), Some(200)]
    );
    assert_eq!(emu.records("users").len(), 2);
}

#[tokio::test]
async fn a_bulk_assert_under_faults_and_the_limit_gives_one_outcome_per_input() {
    use attio_core::bulk::{Bulk, OutcomeKind};
    use futures_util::StreamExt;

    let emu = emulator().await;
    emu.set_rate_limits(RateLimitConfig::new(100, 25));
    emu.set_faults(FaultConfig {
        writes_only: true,
        error_503: 0.15,
        drop_after_write: 0.1,
        ..FaultConfig::none()
    });
    let client = client_with(
        &emu,
        emu.token(),
        PacingConfig {
            writes_per_second: Some(25.0),
            ..PacingConfig::default()
        },
    );
    let mut input = numbered_users(16);
    input[3].id = String::new(); // rejected before sending
    input[9] = User {
        email: email("second-write@example.com"),
        ..input[2].clone()
    }; // the same user_id as input 2, written after it

    let outcomes: Vec<_> = Bulk::new(&client)
        .concurrency(6)
        .assert_iter(input)
        .collect()
        .await;
    let mut indices: Vec<u64> = outcomes.iter().map(|o| o.index).collect();
    indices.sort_unstable();
    assert_eq!(
        indices,
        (0..16).collect::<Vec<_>>(),
        "one outcome per input"
    );
    for done in &outcomes {
        let expected = match done.index {
            3 => OutcomeKind::Rejected,
            9 => OutcomeKind::Updated,
            _ => OutcomeKind::Created,
        };
        assert_eq!(
            done.outcome.kind(),
            expected,
            "input {}: {:?}",
            done.index,
            done.outcome
        );
    }
    let by_index = |i: u64| {
        outcomes
            .iter()
            .find(|o| o.index == i)
            .and_then(|o| o.outcome.record())
            .map(|r| r.id().to_owned())
    };
    assert_eq!(
        by_index(2),
        by_index(9),
        "the duplicate updated the same record"
    );
    assert_eq!(emu.stats().rate_limited, 0, "{:?}", emu.stats());

    let users = emu.records("users");
    assert_eq!(users.len(), 14, "15 valid inputs, one of them a duplicate");
    let second = users
        .iter()
        .find(|u| current(u, "user_id")[0]["value"] == "u-002")
        .expect("u-002 is stored");
    assert_eq!(
        current(second, "primary_email_address")[0]["email_address"],
        "second-write@example.com",
        "the later duplicate wins"
    );
    assert!(
        emu.journal()
            .iter()
            .all(|e| !e.body.contains(r#""user_id":"""#)),
        "the rejected input was never sent"
    );
}

/// Two clients (as two processes would be) each paced at the whole limit share one
/// emulator; returns the 429s the emulator sent while all `n` asserts landed.
async fn two_clients_sharing_the_limit(n: usize, adaptive: bool) -> u64 {
    let emu = emulator().await;
    emu.set_rate_limits(RateLimitConfig::new(100, WRITE_LIMIT));
    let pacing = PacingConfig {
        writes_per_second: Some(f64::from(WRITE_LIMIT)),
        adaptive,
        ..PacingConfig::default()
    };
    let clients = [
        client_with(&emu, emu.token(), pacing),
        client_with(&emu, emu.token(), pacing),
    ];
    let mut tasks = JoinSet::new();
    for (i, user) in numbered_users(n).into_iter().enumerate() {
        let client = clients[i % 2].clone();
        tasks.spawn(async move { user.assert(&client).await.map(drop) });
    }
    for outcome in tasks.join_all().await {
        outcome.expect("every assert lands");
    }
    assert_eq!(emu.records("users").len(), n);
    emu.stats().rate_limited
}

#[tokio::test]
async fn two_adaptive_clients_settle_under_a_shared_limit() {
    const N: usize = 32;
    let (adaptive, fixed) = tokio::join!(
        two_clients_sharing_the_limit(N, true),
        two_clients_sharing_the_limit(N, false),
    );
    // Measured (six runs, 32 asserts each, after the 429-run rule of stop 17): adaptive
    // 4-10 429s against fixed 14-20 (it was about 6 against 52 of 60 before), so the
    // margin is looser than it was; the two_clients bench and `pacing::tests::simulated`
    // measure the steady state.
    assert!(
        adaptive * 3 <= fixed * 2 && adaptive <= (N / 2) as u64,
        "429s: adaptive {adaptive}, fixed pace {fixed}"
    );
}

#[tokio::test]
async fn a_lost_assert_or_overwrite_with_workspaces_is_repeated_without_duplicates() {
    let emu = emulator().await;
    let client = client(&emu);
    let world = World::create(&client).await;
    let ada = User {
        person: Some(world.person(0)),
        workspaces: vec![world.workspace(0), world.workspace(1)],
        ..user("u-1", "ada@example.com")
    };
    emu.set_faults(FaultConfig::scripted([ScriptedFault::DropAfterWrite]));
    let id = asserted_id(&client, &ada).await;
    let mut expected = world.workspaces[..2].to_vec();
    expected.sort();
    let mut stored_workspaces = stored_targets(&stored(&emu, "users", &id), "workspace");
    stored_workspaces.sort();
    assert_eq!(stored_workspaces, expected, "each workspace once");

    let moved = User {
        workspaces: vec![world.workspace(2)],
        ..ada
    };
    emu.reset_stats();
    emu.set_faults(FaultConfig::scripted([
        ScriptedFault::DropAfterWrite,
        ScriptedFault::Status(502),
    ]));
    moved.overwrite(&client, &id).await.expect("overwrite");
    assert_eq!(
        statuses(&emu, "PUT", &format!("/v2/objects/users/records/{id}")),
        [None, Some(502), Some(200)]
    );
    assert_eq!(
        stored_targets(&stored(&emu, "users", &id), "workspace"),
        [world.workspaces[2].clone()]
    );
    assert_eq!(emu.records("users").len(), 1);
}

#[tokio::test]
async fn the_pacer_keeps_a_burst_of_reads_under_the_read_limit() {
    const READ_LIMIT: u32 = 10;
    let emu = emulator().await;
    let id = asserted_id(&client(&emu), &user("u-1", "ada@example.com")).await;
    emu.set_rate_limits(RateLimitConfig::new(READ_LIMIT, 100));
    let client = client_with(
        &emu,
        emu.token(),
        PacingConfig {
            reads_per_second: Some(f64::from(READ_LIMIT)),
            ..PacingConfig::default()
        },
    );
    let mut reads = JoinSet::new();
    for _ in 0..BURST {
        let (client, id) = (client.clone(), id.clone());
        reads.spawn(async move { User::get(&client, &id).await.map(drop) });
    }
    for read in reads.join_all().await {
        read.expect("every read passes");
    }
    let stats = emu.stats();
    assert_eq!(stats.rate_limited, 0, "no 429 at all: {stats:?}");
    assert_eq!(stats.count_status("GET", RECORD, 200), BURST as u64);
}
