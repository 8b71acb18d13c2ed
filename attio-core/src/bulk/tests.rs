use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{Map, Value, json};

use super::{Bulk, BulkOutcome, BulkSummary, OutcomeKind};
use crate::cache::SyncCache;
use crate::error::{DecodeError, DecodeErrorKind, Error, ValueError};
use crate::object::{AttioRecord, Unique};
use crate::record::{Record, RecordId};
use crate::value::{FieldWrite, Timestamp, ValuesWriter};

#[derive(Debug, Clone, PartialEq)]
struct User {
    id: String,
    email: String,
    name: String,
}

fn user(id: impl Into<String>, name: &str) -> User {
    let id = id.into();
    User {
        email: format!("{id}@example.com"),
        id,
        name: name.to_owned(),
    }
}

impl AttioRecord for User {
    const OBJECT: &'static str = "users";
    const MATCHING_ATTRIBUTE: Unique<Self> = Unique::__new("user_id");

    fn write_values(&self, values: &mut ValuesWriter) -> Result<(), Error> {
        let text = |s: &str| Ok(FieldWrite::Set(json!(s)));
        values.field("user_id", text(&self.id), true, false)?;
        let email = if self.email.contains('@') {
            text(&self.email)
        } else {
            Err(ValueError::Invalid("not an email address".into()))
        };
        values.field("primary_email_address", email, true, false)?;
        values.field("name", text(&self.name), false, false)
    }

    fn from_record(_: &Record) -> Result<Self, DecodeError> {
        Err(DecodeError {
            attribute: "user_id".into(),
            kind: DecodeErrorKind::Missing,
        })
    }
}

/// A stored record: (record id, created_at, values last written).
type Stored = (String, Timestamp, Map<String, Value>);

/// An in-memory stand-in for the assert endpoint that checks the bulk rules.
#[derive(Default)]
struct FakeAttio {
    /// matching value → (record id, created_at, values)
    records: Mutex<HashMap<String, Stored>>,
    in_flight: Mutex<HashSet<String>>,
    max_in_flight: AtomicUsize,
    overlapping_duplicates: AtomicUsize,
    writes: AtomicUsize,
    fail: Mutex<HashSet<String>>,
    latency: Duration,
    /// The matching attributes requests used.
    matching: Mutex<HashSet<&'static str>>,
}

impl FakeAttio {
    fn with_latency(latency: Duration) -> Arc<Self> {
        Arc::new(Self {
            latency,
            ..Self::default()
        })
    }

    fn seed(&self, id: &str, created_at: Timestamp) {
        self.records.lock().unwrap().insert(
            json!(id).to_string(),
            (format!("rec-{id}"), created_at, Map::new()),
        );
    }

    fn name_of(&self, id: &str) -> Option<Value> {
        let records = self.records.lock().unwrap();
        records
            .get(&json!(id).to_string())
            .and_then(|r| r.2.get("name").cloned())
    }

    async fn assert(
        self: Arc<Self>,
        object: &'static str,
        matching: &'static str,
        values: Map<String, Value>,
    ) -> Result<Record, Error> {
        assert_eq!(object, "users");
        self.matching.lock().unwrap().insert(matching);
        let key = values["user_id"].to_string();
        {
            let mut in_flight = self.in_flight.lock().unwrap();
            if !in_flight.insert(key.clone()) {
                self.overlapping_duplicates.fetch_add(1, Ordering::SeqCst);
            }
            self.max_in_flight
                .fetch_max(in_flight.len(), Ordering::SeqCst);
        }
        tokio::time::sleep(self.latency).await;
        self.in_flight.lock().unwrap().remove(&key);
        self.writes.fetch_add(1, Ordering::SeqCst);
        if self.fail.lock().unwrap().contains(&key) {
            return Err(Error::Record(DecodeError {
                attribute: "user_id".into(),
                kind: DecodeErrorKind::Invalid("server said no".into()),
            }));
        }
        let mut records = self.records.lock().unwrap();
        let id = format!("rec-{}", values["user_id"].as_str().unwrap_or_default());
        let entry = records
            .entry(key)
            .or_insert_with(|| (id, Timestamp::now(), Map::new()));
        entry.2 = values;
        Ok(Record::new(
            RecordId {
                workspace_id: "w".into(),
                object_id: "users".into(),
                record_id: entry.0.clone(),
            },
            entry.1,
            None,
            [],
        ))
    }
}

fn bulk(fake: &Arc<FakeAttio>) -> Bulk<User> {
    let fake = fake.clone();
    Bulk::with_writer(Arc::new(move |object, matching, values| {
        Box::pin(fake.clone().assert(object, matching, values))
    }))
}

async fn collect(stream: super::BulkStream<User>) -> Vec<BulkOutcome<User>> {
    let mut outcomes: Vec<_> = stream.collect().await;
    outcomes.sort_by_key(|o| o.index);
    outcomes
}

fn kinds(outcomes: &[BulkOutcome<User>]) -> Vec<OutcomeKind> {
    outcomes.iter().map(|o| o.outcome.kind()).collect()
}

#[tokio::test(start_paused = true)]
async fn every_input_gets_one_outcome_keyed_by_index() {
    let fake = FakeAttio::with_latency(Duration::from_millis(100));
    fake.seed("u1", Timestamp::from_unix_nanos(0).unwrap());
    let users: Vec<User> = (0..50).map(|i| user(format!("u{i}"), "n")).collect();
    let outcomes = collect(bulk(&fake).concurrency(8).assert_iter(users.clone())).await;
    assert_eq!(outcomes.len(), 50);
    for (i, outcome) in outcomes.iter().enumerate() {
        assert_eq!(outcome.index, i as u64);
        assert_eq!(outcome.input, users[i]);
        assert_eq!(outcome.matching_value, Some(json!(format!("u{i}"))));
        let expected = if i == 1 {
            OutcomeKind::Updated
        } else {
            OutcomeKind::Created
        };
        assert_eq!(outcome.outcome.kind(), expected, "{i}");
        assert!(outcome.outcome.record().is_some());
    }
}

#[tokio::test(start_paused = true)]
async fn concurrency_is_bounded_and_used() {
    let fake = FakeAttio::with_latency(Duration::from_millis(100));
    let start = tokio::time::Instant::now();
    let users = (0..100).map(|i| user(format!("u{i}"), "n"));
    let outcomes = collect(bulk(&fake).concurrency(10).assert_iter(users)).await;
    assert_eq!(outcomes.len(), 100);
    assert_eq!(fake.max_in_flight.load(Ordering::SeqCst), 10);
    // 100 writes of 100 ms, 10 at a time.
    assert_eq!(start.elapsed(), Duration::from_secs(1));
}

#[tokio::test(start_paused = true)]
async fn duplicates_are_written_one_after_the_other_in_input_order() {
    let fake = FakeAttio::with_latency(Duration::from_millis(50));
    let users = vec![
        user("a", "a1"),
        user("b", "b1"),
        user("a", "a2"),
        user("c", "c1"),
        user("a", "a3"),
        user("b", "b2"),
    ];
    let outcomes = collect(bulk(&fake).concurrency(8).assert_iter(users)).await;
    assert_eq!(fake.overlapping_duplicates.load(Ordering::SeqCst), 0);
    assert_eq!(fake.writes.load(Ordering::SeqCst), 6);
    assert_eq!(fake.name_of("a"), Some(json!("a3")));
    assert_eq!(fake.name_of("b"), Some(json!("b2")));
    use OutcomeKind::{Created, Updated};
    assert_eq!(
        kinds(&outcomes),
        [Created, Created, Updated, Created, Updated, Updated]
    );
}

#[tokio::test(start_paused = true)]
async fn invalid_records_are_rejected_without_a_request_and_the_rest_go_on() {
    let fake = FakeAttio::with_latency(Duration::from_millis(10));
    let mut bad_email = user("u1", "n");
    bad_email.email = "nope".into();
    let users = vec![
        user("u0", "n"),
        bad_email,
        user("", "no id"),
        user("u3", "n"),
    ];
    let outcomes = collect(bulk(&fake).assert_iter(users)).await;
    use OutcomeKind::{Created, Rejected};
    assert_eq!(kinds(&outcomes), [Created, Rejected, Rejected, Created]);
    assert_eq!(fake.writes.load(Ordering::SeqCst), 2);
    let reason = |i: usize| match outcomes[i].outcome.error() {
        Some(Error::InvalidValue { attribute, reason }) => (attribute.clone(), reason.clone()),
        other => panic!("{other:?}"),
    };
    assert_eq!(reason(1).0, "primary_email_address");
    assert_eq!(reason(2), ("user_id".into(), ValueError::EmptyUnique));
    assert_eq!(outcomes[1].matching_value, None);
}

#[tokio::test(start_paused = true)]
async fn a_failed_write_is_reported_and_does_not_stop_the_rest() {
    let fake = FakeAttio::with_latency(Duration::from_millis(10));
    fake.fail.lock().unwrap().insert(json!("u2").to_string());
    let users = (0..5).map(|i| user(format!("u{i}"), "n"));
    let outcomes = collect(bulk(&fake).assert_iter(users)).await;
    use OutcomeKind::{Created, Failed};
    assert_eq!(
        kinds(&outcomes),
        [Created, Created, Failed, Created, Created]
    );
    assert!(!outcomes[2].outcome.is_success());
}

#[tokio::test(start_paused = true)]
async fn a_resync_of_unchanged_records_sends_no_writes() {
    let fake = FakeAttio::with_latency(Duration::from_millis(10));
    let cache = Arc::new(SyncCache::new());
    let users: Vec<User> = (0..20).map(|i| user(format!("u{i}"), "n")).collect();
    let first = collect(bulk(&fake).cache(cache.clone()).assert_iter(users.clone())).await;
    assert!(
        first
            .iter()
            .all(|o| o.outcome.kind() == OutcomeKind::Created)
    );
    assert_eq!(cache.len(), 20);
    assert_eq!(fake.writes.load(Ordering::SeqCst), 20);

    let mut again = users.clone();
    again[7].name = "changed".into();
    let second = collect(bulk(&fake).cache(cache.clone()).assert_iter(again)).await;
    assert_eq!(fake.writes.load(Ordering::SeqCst), 21);
    for outcome in &second {
        let expected = if outcome.index == 7 {
            OutcomeKind::Updated
        } else {
            OutcomeKind::Unchanged
        };
        assert_eq!(outcome.outcome.kind(), expected);
    }
}

#[tokio::test(start_paused = true)]
async fn a_failed_write_forgets_the_cache_entry() {
    let fake = FakeAttio::with_latency(Duration::from_millis(10));
    let cache = Arc::new(SyncCache::new());
    collect(
        bulk(&fake)
            .cache(cache.clone())
            .assert_iter([user("u1", "old")]),
    )
    .await;
    fake.fail.lock().unwrap().insert(json!("u1").to_string());
    collect(
        bulk(&fake)
            .cache(cache.clone())
            .assert_iter([user("u1", "new")]),
    )
    .await;
    assert!(cache.is_empty());
    // So going back to the old values writes them again rather than skipping.
    fake.fail.lock().unwrap().clear();
    let resync = bulk(&fake)
        .cache(cache.clone())
        .clock_tolerance(Duration::ZERO);
    let outcomes = collect(resync.assert_iter([user("u1", "old")])).await;
    assert_eq!(kinds(&outcomes), [OutcomeKind::Updated]);
}

#[tokio::test(start_paused = true)]
async fn a_duplicate_waits_for_the_cache_entry_its_predecessor_writes() {
    let fake = FakeAttio::with_latency(Duration::from_millis(10));
    let cache = Arc::new(SyncCache::new());
    let users = [user("a", "same"), user("a", "same"), user("a", "other")];
    let outcomes = collect(bulk(&fake).cache(cache).assert_iter(users)).await;
    use OutcomeKind::{Created, Unchanged, Updated};
    assert_eq!(kinds(&outcomes), [Created, Unchanged, Updated]);
    assert_eq!(fake.writes.load(Ordering::SeqCst), 2);
}

#[tokio::test(start_paused = true)]
async fn input_is_pulled_lazily_so_memory_is_bounded() {
    let fake = FakeAttio::with_latency(Duration::from_millis(10));
    let pulled = Arc::new(AtomicU64::new(0));
    let counter = pulled.clone();
    let endless = (0u64..).map(move |i| {
        counter.fetch_add(1, Ordering::SeqCst);
        user(format!("u{i}"), "n")
    });
    let mut outcomes = bulk(&fake).concurrency(4).assert_iter(endless);
    for _ in 0..100 {
        outcomes.next().await.unwrap();
    }
    // What was pulled is what finished plus at most what is in flight (and waiting).
    assert!(pulled.load(Ordering::SeqCst) <= 100 + 4 + 16, "{pulled:?}");
}

#[tokio::test(start_paused = true)]
async fn records_waiting_for_duplicates_are_bounded_too() {
    let fake = FakeAttio::with_latency(Duration::from_millis(10));
    let pulled = Arc::new(AtomicU64::new(0));
    let counter = pulled.clone();
    let same_key = (0u64..).map(move |i| {
        counter.fetch_add(1, Ordering::SeqCst);
        user("a", &i.to_string())
    });
    let mut outcomes = bulk(&fake)
        .concurrency(4)
        .max_waiting(5)
        .assert_iter(same_key);
    for i in 0..30 {
        assert_eq!(
            outcomes.next().await.unwrap().index,
            i,
            "written in input order"
        );
    }
    assert!(pulled.load(Ordering::SeqCst) <= 30 + 1 + 5, "{pulled:?}");
    assert_eq!(fake.overlapping_duplicates.load(Ordering::SeqCst), 0);
    assert_eq!(fake.max_in_flight.load(Ordering::SeqCst), 1);
}

#[tokio::test(start_paused = true)]
async fn run_reports_progress_and_totals() {
    let fake = FakeAttio::with_latency(Duration::from_millis(10));
    fake.seed("u0", Timestamp::from_unix_nanos(0).unwrap());
    let mut bad = user("u3", "n");
    bad.email = "x".into();
    let users = vec![user("u0", "n"), user("u1", "n"), user("u2", "n"), bad];
    let mut seen = Vec::new();
    let summary = bulk(&fake)
        .assert_stream(futures_util::stream::iter(users))
        .run(|outcome, so_far| {
            seen.push((outcome.index, so_far.total()));
        })
        .await;
    assert_eq!(
        summary,
        BulkSummary {
            created: 2,
            updated: 1,
            unchanged: 0,
            rejected: 1,
            failed: 0,
            not_attempted: 0,
        }
    );
    assert_eq!(seen.len(), 4);
    assert_eq!(seen.iter().map(|s| s.1).collect::<Vec<_>>(), [1, 2, 3, 4]);
    assert_eq!(summary.written(), 3);
}

#[tokio::test(start_paused = true)]
async fn another_matching_attribute_is_sent_and_keys_duplicates() {
    let fake = FakeAttio::with_latency(Duration::from_millis(10));
    let email: Unique<User> = Unique::__new("primary_email_address");
    // Two user ids, one email: duplicates by the matching attribute in use.
    let mut second = user("u2", "n");
    second.email = "u1@example.com".into();
    let outcomes = collect(
        bulk(&fake)
            .matching(email)
            .assert_iter([user("u1", "n"), second]),
    )
    .await;
    assert_eq!(outcomes.len(), 2);
    assert_eq!(outcomes[1].matching_value, Some(json!("u1@example.com")));
    assert_eq!(
        *fake.matching.lock().unwrap(),
        HashSet::from(["primary_email_address"])
    );
    assert_eq!(
        fake.max_in_flight.load(Ordering::SeqCst),
        1,
        "same email: one at a time"
    );
}

/// Bulk streams and their `run` futures can be spawned.
#[allow(dead_code)]
fn streams_and_run_futures_are_send() {
    fn send<T: Send + 'static>(_: T) {}
    let fake = FakeAttio::with_latency(Duration::ZERO);
    send(bulk(&fake).assert_iter(Vec::new()));
    send(bulk(&fake).assert_iter(Vec::new()).run(|_, _| {}));
}

#[tokio::test(start_paused = true)]
async fn an_empty_input_ends_at_once() {
    let fake = FakeAttio::with_latency(Duration::from_millis(10));
    assert!(
        collect(bulk(&fake).assert_iter(Vec::new()))
            .await
            .is_empty()
    );
}

mod classify {
    use tokio::time::Duration;

    use super::super::classify::Classifier;
    use super::*;

    fn record(id: &str, created_at: Timestamp) -> Record {
        let ids = RecordId {
            workspace_id: "w".into(),
            object_id: "o".into(),
            record_id: id.into(),
        };
        Record::new(ids, created_at, None, [])
    }

    fn at_secs(secs: i128) -> Timestamp {
        Timestamp::from_unix_nanos(secs * 1_000_000_000).unwrap()
    }

    #[test]
    fn created_at_after_the_start_less_the_tolerance_is_a_create() {
        let mut classifier = Classifier::new(Duration::from_secs(5));
        assert!(classifier.created(&record("a", at_secs(1000)), at_secs(1000)));
        // The server's clock is 4 s behind ours: still a create.
        assert!(classifier.created(&record("b", at_secs(996)), at_secs(1000)));
        assert!(!classifier.created(&record("c", at_secs(994)), at_secs(1000)));
    }

    #[test]
    fn a_record_this_run_created_is_updated_afterwards() {
        let mut classifier = Classifier::new(Duration::from_secs(5));
        assert!(classifier.created(&record("a", at_secs(1000)), at_secs(1000)));
        assert!(!classifier.created(&record("a", at_secs(1000)), at_secs(1001)));
    }

    #[tokio::test(start_paused = true)]
    async fn remembered_ids_are_pruned() {
        let mut classifier = Classifier::new(Duration::from_secs(1));
        for i in 0..1000 {
            tokio::time::advance(Duration::from_millis(100)).await;
            assert!(classifier.created(&record(&i.to_string(), at_secs(5)), at_secs(5)));
        }
        assert!(classifier.remembered() <= 64, "{}", classifier.remembered());
    }
}

#[tokio::test(start_paused = true)]
async fn an_auth_failure_cancels_the_writes_in_flight_and_reports_the_rest_not_attempted() {
    let fake = FakeAttio::with_latency(Duration::from_millis(10));
    let cache = Arc::new(SyncCache::new());
    let writer = {
        let fake = fake.clone();
        Bulk::<User>::with_writer(Arc::new(move |object, matching, values| {
            let fake = fake.clone();
            Box::pin(async move {
                let key = values["user_id"].as_str().unwrap_or_default().to_owned();
                if key == "u1" {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    return Err(crate::ApiError {
                        status: 401,
                        code: crate::ErrorCode::Unauthorized,
                        kind: "auth_error".into(),
                        message: "Invalid API key".into(),
                        validation_errors: Vec::new(),
                        request_id: None,
                    }
                    .into());
                }
                if key != "u0" {
                    // Still in flight when u1 fails.
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                fake.assert(object, matching, values).await
            })
        }))
    };
    // u2 appears twice: its second copy waits behind the first when the run stops.
    let mut input: Vec<User> = (0..30).map(|i| user(format!("u{i}"), "n")).collect();
    input.insert(3, user("u2", "again"));
    let mut stream = writer
        .concurrency(4)
        .cache(cache.clone())
        .assert_iter(input);
    let mut outcomes = Vec::new();
    while let Some(done) = stream.next().await {
        outcomes.push(done);
    }
    outcomes.sort_by_key(|o| o.index);
    assert_eq!(
        outcomes.iter().map(|o| o.index).collect::<Vec<_>>(),
        (0..31).collect::<Vec<_>>(),
        "every input exactly once"
    );
    use OutcomeKind::{Created, Failed, NotAttempted};
    assert_eq!(outcomes[0].outcome.kind(), Created);
    assert_eq!(outcomes[1].outcome.kind(), Failed);
    assert!(outcomes[1].outcome.error().unwrap().is_auth_failure());
    assert_eq!(stream.stopped_by(), Some(1));
    assert!(
        outcomes[2..]
            .iter()
            .all(|o| o.outcome.kind() == NotAttempted),
        "{:?}",
        kinds(&outcomes)
    );
    // The records that were in flight or waiting keep their matching value; the cache
    // holds only what was certainly written.
    assert_eq!(outcomes[3].matching_value, Some(json!("u2")));
    assert_eq!(cache.len(), 1);
    assert_eq!(
        fake.writes.load(Ordering::SeqCst),
        1,
        "the writes in flight were cancelled"
    );
}

#[tokio::test(start_paused = true)]
async fn every_error_refused_before_sending_is_a_rejection_but_configuration_is_a_failure() {
    // Each error the client returns before sending anything, because of the record's data,
    // is the record's rejection; a configuration problem is the client's, so a failure.
    let refusals: Vec<fn() -> Error> = vec![
        || Error::InvalidId {
            what: "list entry id",
            id: "not-a-uuid".into(),
        },
        || Error::InvalidRecordId {
            record_id: "nope".into(),
        },
        || Error::InvalidSlug {
            what: "object",
            value: "a b".into(),
            reason: "spaces",
        },
        || Error::Config("no token".into()),
    ];
    for (i, refusal) in refusals.iter().enumerate() {
        let refusal = *refusal;
        let writer = Bulk::<User>::with_writer(Arc::new(move |_, _, _| {
            Box::pin(async move { Err(refusal()) })
        }));
        let outcomes = collect(writer.assert_iter([user("u0", "n")])).await;
        let expected = if i + 1 == refusals.len() {
            OutcomeKind::Failed
        } else {
            OutcomeKind::Rejected
        };
        assert_eq!(kinds(&outcomes), [expected], "{}", refusal());
    }
}
