//! The client against the emulator (a local Attio on 127.0.0.1): every record operation
//! round-trips, Attio's error answers arrive typed, and the retry rules hold under the
//! faults that matter (a write applied but unanswered).

use std::time::Duration;

use attio_core::client::{RecordQuery, Values};
use attio_core::pacing::PacingConfig;
use attio_core::{Client, Email, ErrorCode, Record};
use attio_emulator::{Emulator, EmulatorConfig, FaultConfig, Latency, ScriptedFault};
use attio_testkit::wire::fast_retries;
use serde_json::json;

async fn emulator() -> Emulator {
    Emulator::start(EmulatorConfig::for_tests())
        .await
        .expect("emulator starts")
}

/// An emulator, a client of it with its own token, and the user "u-1" (ada@example.com)
/// already asserted there.
async fn emulator_with_ada() -> (Emulator, Client, Record) {
    let emu = emulator().await;
    let client = client_for(&emu, emu.token());
    let record = client
        .assert_record("users", "user_id", user("u-1", "ada@example.com"))
        .await
        .expect("assert");
    (emu, client, record)
}

fn client_for(emu: &Emulator, token: &str) -> Client {
    Client::builder()
        .base_url(emu.base_url())
        .token(token)
        .pacing(PacingConfig::off())
        .retry_policy(fast_retries())
        .build()
        .expect("client")
}

fn user(id: &str, email: &str) -> Values {
    json!({"user_id": id, "primary_email_address": email})
        .as_object()
        .cloned()
        .expect("a JSON object")
}

#[tokio::test]
async fn every_record_operation_round_trips() {
    let emu = emulator().await;
    let client = client_for(&emu, emu.token());

    let created = client
        .assert_record("users", "user_id", user("u-1", "ada@example.com"))
        .await
        .expect("assert creates");
    let id = created.id().to_owned();
    let again = client
        .assert_record("users", "user_id", user("u-1", "ada@example.com"))
        .await
        .expect("assert matches");
    assert_eq!(again.id(), id);

    let updated = client
        .update_record("users", &id, user("u-1", "ada@lovelace.dev"))
        .await
        .expect("update");
    let email: Email = updated.field("primary_email_address").expect("email");
    assert_eq!(email.as_str(), "ada@lovelace.dev");
    client
        .overwrite_record("users", &id, user("u-1", "ada@example.org"))
        .await
        .expect("overwrite");
    let read = client.get_record("users", &id).await.expect("get");
    assert_eq!(
        read.field::<Email>("primary_email_address")
            .expect("email")
            .as_str(),
        "ada@example.org"
    );

    let second = client
        .create_record("users", user("u-2", "grace@example.com"))
        .await
        .expect("create");
    let found = client
        .query_records(
            "users",
            &RecordQuery::new().filter(json!({"user_id": "u-2"})),
        )
        .await
        .expect("query");
    assert_eq!(
        found.iter().map(|r| r.id()).collect::<Vec<_>>(),
        [second.id()]
    );

    client.delete_record("users", &id).await.expect("delete");
    let gone = client.get_record("users", &id).await.unwrap_err();
    assert!(gone.is_not_found(), "{gone:?}");
    assert_eq!(emu.records("users").len(), 1);
}

#[tokio::test]
async fn the_emulators_error_answers_arrive_typed() {
    let emu = emulator().await;
    let client = client_for(&emu, emu.token());
    client
        .create_record("users", user("u-1", "ada@example.com"))
        .await
        .expect("create");

    let conflict = client
        .create_record("users", user("u-1", "other@example.com"))
        .await
        .unwrap_err();
    assert!(conflict.is_uniqueness_conflict(), "{conflict:?}");
    // The error carries the `x-request-id` the emulator answered with (and journaled).
    let answered = emu.journal().last().expect("journaled").request_id.clone();
    assert_eq!(
        conflict.request_id(),
        Some(answered.as_str()),
        "{conflict:?}"
    );

    let missing = client
        .create_record(
            "users",
            user("u-9", "x@example.com").into_iter().take(1).collect(),
        )
        .await
        .unwrap_err();
    assert_eq!(
        missing.code(),
        Some(&ErrorCode::MissingValue),
        "{missing:?}"
    );

    let not_unique = client
        .assert_record("users", "person", user("u-1", "ada@example.com"))
        .await
        .unwrap_err();
    assert_eq!(
        not_unique.code(),
        Some(&ErrorCode::MatchingAttributeNotUnique),
        "{not_unique:?}"
    );

    let unauthorized = client_for(&emu, "tok_wrong")
        .get_record("users", "bf071e1f-6035-429d-b874-d83ea64ea13b")
        .await
        .unwrap_err();
    assert!(unauthorized.is_unauthorized(), "{unauthorized:?}");
    let answered = emu.journal().last().expect("journaled").request_id.clone();
    assert_eq!(unauthorized.request_id(), Some(answered.as_str()));
    assert!(!format!("{unauthorized:?}").contains("tok_wrong"));

    let unknown_object = client
        .get_record("no_such_object", "bf071e1f-6035-429d-b874-d83ea64ea13b")
        .await
        .unwrap_err();
    assert!(unknown_object.is_not_found(), "{unknown_object:?}");
}

#[tokio::test]
async fn an_applied_but_unanswered_patch_is_outcome_unknown_and_not_repeated() {
    let (emu, client, record) = emulator_with_ada().await;

    emu.set_faults(FaultConfig::scripted([ScriptedFault::DropAfterWrite]));
    let error = client
        .update_record("users", record.id(), user("u-1", "ada@lovelace.dev"))
        .await
        .unwrap_err();
    assert!(error.is_outcome_unknown(), "{error:?}");

    // It was applied; reading tells the caller so.
    let read = client.get_record("users", record.id()).await.expect("get");
    assert_eq!(
        read.field::<Email>("primary_email_address")
            .expect("email")
            .as_str(),
        "ada@lovelace.dev"
    );
}

#[tokio::test]
async fn an_applied_but_unanswered_assert_is_repeated_and_lands_once() {
    let emu = emulator().await;
    let client = client_for(&emu, emu.token());
    emu.set_faults(FaultConfig::scripted([
        ScriptedFault::DropAfterWrite,
        ScriptedFault::Status(503),
        ScriptedFault::Status(429),
    ]));
    let record = client
        .assert_record("users", "user_id", user("u-1", "ada@example.com"))
        .await
        .expect("the fourth attempt is answered");
    assert_eq!(emu.records("users").len(), 1);
    let stored = &emu.records("users")[0];
    assert_eq!(stored["id"]["record_id"], record.id());
}

#[tokio::test]
async fn a_delete_applied_but_unanswered_counts_as_done_on_retry() {
    let (emu, client, record) = emulator_with_ada().await;

    emu.set_faults(FaultConfig::scripted([ScriptedFault::DropAfterWrite]));
    client
        .delete_record("users", record.id())
        .await
        .expect("the retry's not_found means the first attempt deleted it");
    assert!(emu.records("users").is_empty());

    // Without an earlier attempt that may have been applied, not_found is an error.
    let error = client
        .delete_record("users", record.id())
        .await
        .unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
}

#[tokio::test]
async fn a_create_whose_client_times_out_in_the_servers_latency_still_lands() {
    let emu = Emulator::start(EmulatorConfig {
        latency: Latency::Fixed(Duration::from_millis(400)),
        ..EmulatorConfig::for_tests()
    })
    .await
    .expect("emulator starts");
    let impatient = Client::builder()
        .base_url(emu.base_url())
        .token(emu.token())
        .pacing(PacingConfig::off())
        .retry_policy(fast_retries())
        .timeout(Duration::from_millis(100))
        .build()
        .expect("client");
    let error = impatient
        .create_record("users", user("u-1", "ada@example.com"))
        .await
        .unwrap_err();
    assert!(error.is_outcome_unknown(), "{error:?}");
    // Attio keeps processing what it received: the create lands after the latency.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while emu.records("users").is_empty() && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(emu.records("users").len(), 1, "applied once");
    assert_eq!(emu.stats().abandoned_requests, 1, "{:?}", emu.stats());
    assert_eq!(emu.stats().dropped_connections, 0);
}
