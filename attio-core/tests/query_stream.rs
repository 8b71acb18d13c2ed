//! Query streams against the emulator (real HTTP on 127.0.0.1): pages are fetched only as
//! the consumer pulls, every record comes exactly once, a record that does not decode is
//! one `Err` item and the stream goes on, a failed page ends it, and the helpers
//! (`first`, `one`, a capped `collect`) keep their promises.

use std::collections::HashSet;

use attio_core::pacing::PacingConfig;
use attio_core::retry::RetryPolicy;
use attio_core::{AttioRecord, Client, Email, Error, Filter, Paging, RecordRef};
use attio_emulator::{Emulator, EmulatorConfig, FaultConfig, ScriptedFault};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, AttioRecord)]
#[attio(object = "users")]
struct User {
    #[attio(slug = "user_id", unique)]
    id: String,
    #[attio(slug = "primary_email_address", unique)]
    email: Email,
}

/// A user that must have a person: users seeded without one do not decode.
#[derive(Debug, Clone, PartialEq, AttioRecord)]
#[attio(object = "users")]
struct UserWithPerson {
    #[attio(slug = "user_id", unique)]
    id: String,
    person: RecordRef,
}

async fn emulator() -> Emulator {
    Emulator::start(EmulatorConfig::for_tests())
        .await
        .expect("emulator starts")
}

fn client(emu: &Emulator) -> Client {
    Client::builder()
        .base_url(emu.base_url())
        .token(emu.token())
        .pacing(PacingConfig::off())
        .retry_policy(
            RetryPolicy::default()
                .base_delay(std::time::Duration::from_millis(5))
                .max_delay(std::time::Duration::from_millis(20)),
        )
        .build()
        .expect("client")
}

fn record_id(n: usize) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

/// Seeds users `0..count` (`u-000000`, `user0@example.com`, …).
fn seed_users(emu: &Emulator, count: usize) {
    for n in 0..count {
        emu.seed_record(
            "users",
            &record_id(n),
            json!({"user_id": format!("u-{n:06}"), "primary_email_address": format!("user{n}@example.com")}),
        )
        .expect("seed");
    }
}

/// How many query requests the emulator answered.
fn queries(emu: &Emulator) -> usize {
    emu.journal()
        .iter()
        .filter(|entry| entry.path.ends_with("/records/query"))
        .count()
}

#[tokio::test]
async fn a_stream_over_10001_records_yields_each_exactly_once() {
    let emu = emulator().await;
    seed_users(&emu, 10_001);
    let users: Vec<User> = client(&emu)
        .query::<User>()
        .stream()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(users.len(), 10_001);
    let ids: HashSet<&str> = users.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids.len(), 10_001, "no user twice");
    // 20 full pages of 500 and one of 1.
    assert_eq!(queries(&emu), 21);
}

#[tokio::test]
async fn pages_are_fetched_only_as_the_consumer_pulls() {
    let emu = emulator().await;
    seed_users(&emu, 25);
    let stream = client(&emu).query::<User>().page_size(10).stream();
    let mut stream = std::pin::pin!(stream);
    assert_eq!(queries(&emu), 0, "nothing is sent before the first pull");
    stream.next().await.expect("an item").expect("a user");
    assert_eq!(queries(&emu), 1);
    for _ in 1..10 {
        stream.next().await.expect("an item").expect("a user");
    }
    assert_eq!(queries(&emu), 1, "the first page serves ten pulls");
    stream.next().await.expect("an item").expect("a user");
    assert_eq!(queries(&emu), 2);
    let rest: Vec<User> = stream.try_collect().await.expect("the rest");
    assert_eq!(rest.len(), 14);
    // The third page held 5 < 10 records: the last one, no fourth request.
    assert_eq!(queries(&emu), 3);
    let bodies: Vec<_> = emu.journal().into_iter().map(|e| e.path).collect();
    assert!(
        bodies
            .iter()
            .all(|p| p == "/v2/objects/users/records/query")
    );
}

/// Waits (up to 5 s) until the emulator has answered `count` queries.
async fn until_queries(emu: &Emulator, count: usize) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    while queries(emu) < count && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn read_ahead_requests_the_next_page_while_the_consumer_takes_this_one() {
    let emu = emulator().await;
    seed_users(&emu, 25);
    let stream = client(&emu)
        .query::<User>()
        .page_size(10)
        .read_ahead()
        .stream();
    let mut stream = std::pin::pin!(stream);
    assert_eq!(queries(&emu), 0, "nothing is sent before the first pull");
    stream.next().await.expect("an item").expect("a user");
    until_queries(&emu, 2).await;
    assert_eq!(
        queries(&emu),
        2,
        "the second page is asked for with the first"
    );
    for _ in 1..10 {
        stream.next().await.expect("an item").expect("a user");
    }
    assert_eq!(
        queries(&emu),
        2,
        "no third request before the second page is taken"
    );
    stream.next().await.expect("an item").expect("a user");
    until_queries(&emu, 3).await;
    let rest: Vec<User> = stream.try_collect().await.expect("the rest");
    assert_eq!(rest.len(), 14);
    // The third page held 5 < 10 records: nothing is read ahead after it.
    assert_eq!(queries(&emu), 3);
}

#[tokio::test]
async fn read_ahead_yields_each_record_exactly_once_with_either_paging() {
    let emu = emulator().await;
    seed_users(&emu, 2_501);
    for paging in [Paging::Offset, Paging::Keyset] {
        let before = queries(&emu);
        let users: Vec<User> = client(&emu)
            .query::<User>()
            .paging(paging)
            .read_ahead()
            .stream()
            .try_collect()
            .await
            .expect("every page");
        let ids: HashSet<&str> = users.iter().map(|u| u.id.as_str()).collect();
        assert_eq!((users.len(), ids.len()), (2_501, 2_501), "{paging:?}");
        // 5 full pages of 500 and one of 1, as without read-ahead.
        assert_eq!(queries(&emu) - before, 6, "{paging:?}");
    }
}

#[tokio::test]
async fn a_record_that_does_not_decode_is_one_err_item_and_the_stream_goes_on() {
    let emu = emulator().await;
    seed_users(&emu, 3);
    let items: Vec<Result<UserWithPerson, Error>> = client(&emu)
        .query::<UserWithPerson>()
        .page_size(2)
        .stream()
        .collect()
        .await;
    assert_eq!(items.len(), 3, "{items:?}");
    for (n, item) in items.iter().enumerate() {
        match item {
            Err(Error::RecordDecode {
                object, record_id, ..
            }) => {
                assert_eq!(object, "users");
                assert_eq!(record_id, &self::record_id(n));
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
    }
    let message = items[0].as_ref().expect_err("an error").to_string();
    assert!(message.contains(&record_id(0)), "{message}");
    assert!(message.contains("person"), "{message}");
}

#[tokio::test]
async fn a_failed_page_ends_the_stream_with_its_error() {
    let emu = emulator().await;
    let items: Vec<_> = client(&emu)
        .records("no_such_object")
        .stream()
        .collect()
        .await;
    assert_eq!(items.len(), 1);
    assert!(
        items[0].as_ref().is_err_and(Error::is_not_found),
        "{items:?}"
    );

    seed_users(&emu, 4);
    let bad = client(&emu).query::<User>().page_size(501).stream();
    let items: Vec<_> = bad.collect().await;
    assert!(
        matches!(items.as_slice(), [Err(Error::InvalidQuery(_))]),
        "{items:?}"
    );
    assert_eq!(queries(&emu), 1, "an invalid page size sends nothing");
}

#[tokio::test]
async fn a_page_answered_503_is_retried_and_nothing_repeats() {
    let emu = emulator().await;
    seed_users(&emu, 7);
    emu.set_faults(FaultConfig::scripted([
        ScriptedFault::Ok,
        ScriptedFault::Status(503),
    ]));
    let users: Vec<User> = client(&emu)
        .query::<User>()
        .page_size(3)
        .stream()
        .try_collect()
        .await
        .expect("retried");
    let ids: HashSet<String> = users.into_iter().map(|u| u.id).collect();
    assert_eq!(ids.len(), 7);
    assert_eq!(queries(&emu), 4, "three pages and one retry");
}

#[tokio::test]
async fn first_one_and_a_capped_collect() {
    let emu = emulator().await;
    seed_users(&emu, 5);
    let client = client(&emu);
    let only = |id: &str| Filter::raw(json!({"user_id": id}));

    let first = client.query::<User>().first().await.expect("first");
    assert_eq!(first.map(|u| u.id).as_deref(), Some("u-000000"));
    let none = client.query::<User>().filter(only("nope")).first().await;
    assert!(matches!(none, Ok(None)), "{none:?}");

    let one = client.query::<User>().filter(only("u-000003")).one().await;
    assert_eq!(one.expect("exactly one").id, "u-000003");
    let zero = client.query::<User>().filter(only("nope")).one().await;
    assert!(
        matches!(zero, Err(Error::NotExactlyOne { several: false, .. })),
        "{zero:?}"
    );
    let many = client.query::<User>().one().await;
    assert!(
        matches!(many, Err(Error::NotExactlyOne { several: true, .. })),
        "{many:?}"
    );

    let all = client.query::<User>().collect(5).await.expect("five fit");
    assert_eq!(all.len(), 5);
    let over = client.query::<User>().collect(4).await;
    assert!(
        matches!(over, Err(Error::TooManyRecords { cap: 4, .. })),
        "{over:?}"
    );
    emu.reset_stats();
}

#[tokio::test]
async fn keyset_paging_never_repeats_or_skips_when_records_are_deleted_during_the_stream() {
    let emu = emulator().await;
    seed_users(&emu, 30);
    let client = client(&emu);

    // Offset paging: deleting two records already yielded shifts the pages and skips two.
    let mut seen = Vec::new();
    let stream = client.query::<User>().page_size(10).stream();
    let mut stream = std::pin::pin!(stream);
    for _ in 0..10 {
        seen.push(stream.try_next().await.expect("page").expect("user").id);
    }
    for n in [0, 1] {
        client
            .delete_record("users", &record_id(n))
            .await
            .expect("delete");
    }
    seen.extend(
        stream
            .map_ok(|u| u.id)
            .try_collect::<Vec<_>>()
            .await
            .expect("rest"),
    );
    assert_eq!(seen.len(), 28, "offset paging skipped two live records");

    // Keyset paging: the same deletions skip nothing and repeat nothing.
    let emu = emulator().await;
    seed_users(&emu, 30);
    let client = self::client(&emu);
    let mut seen = Vec::new();
    let stream = client
        .query::<User>()
        .page_size(10)
        .paging(Paging::Keyset)
        .stream();
    let mut stream = std::pin::pin!(stream);
    for _ in 0..10 {
        seen.push(stream.try_next().await.expect("page").expect("user").id);
    }
    for n in [0, 1] {
        client
            .delete_record("users", &record_id(n))
            .await
            .expect("delete");
    }
    seen.extend(
        stream
            .map_ok(|u| u.id)
            .try_collect::<Vec<_>>()
            .await
            .expect("rest"),
    );
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(seen.len(), 30, "{seen:?}");
    assert_eq!(unique.len(), 30);
}

#[tokio::test]
async fn keyset_paging_refuses_custom_sorts() {
    let emu = emulator().await;
    let items: Vec<_> = client(&emu)
        .query::<User>()
        .sort(attio_core::Sort::raw(
            json!({"attribute": "user_id", "direction": "asc"}),
        ))
        .paging(Paging::Keyset)
        .stream()
        .collect()
        .await;
    assert!(
        matches!(items.as_slice(), [Err(Error::InvalidQuery(_))]),
        "{items:?}"
    );
}
