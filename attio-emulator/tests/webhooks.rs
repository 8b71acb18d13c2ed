//! Webhooks end to end: webhooks managed through the API, and real deliveries to a
//! receiver (axum on 127.0.0.1) that verifies them with attio-core's webhook module.

mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use attio_core::webhook::{Deduplicator, VerifiedWebhook, WebhookEvent, WebhookSecret};
use attio_emulator::{DeliveryState, EmulatorConfig, WebhookConfig};
use axum::extract::{FromRef, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use common::{Api, record_id};
use serde_json::{Value, json};

/// A receiver on 127.0.0.1 that verifies deliveries and keeps the events of each
/// delivery once, whatever the redeliveries.
#[derive(Clone, Default)]
struct Receiver {
    secret: Arc<OnceLock<WebhookSecret>>,
    /// How many of the next verified deliveries to answer 500.
    fail_next: Arc<AtomicUsize>,
    /// Statuses to answer the next verified deliveries with, before anything else
    /// (the events of those deliveries are not kept).
    script: Arc<Mutex<std::collections::VecDeque<StatusCode>>>,
    /// Every verified request (redeliveries included).
    hits: Arc<AtomicUsize>,
    /// How long to take before answering.
    stall: Arc<Mutex<Duration>>,
    seen: Arc<Deduplicator>,
    events: Arc<Mutex<Vec<WebhookEvent>>>,
}

impl FromRef<Receiver> for WebhookSecret {
    fn from_ref(receiver: &Receiver) -> Self {
        // Before the webhook exists nothing is delivered; a secret nobody signs with.
        receiver
            .secret
            .get()
            .cloned()
            .unwrap_or_else(|| WebhookSecret::new(uuid::Uuid::new_v4().to_string()))
    }
}

async fn receive(
    State(receiver): State<Receiver>,
    headers: HeaderMap,
    VerifiedWebhook(delivery): VerifiedWebhook,
) -> StatusCode {
    // Attio sends the signature twice, for legacy middleware.
    assert_eq!(
        headers.get("attio-signature"),
        headers.get("x-attio-signature")
    );
    let stall = *receiver.stall.lock().unwrap();
    tokio::time::sleep(stall).await;
    receiver.hits.fetch_add(1, Ordering::SeqCst);
    if let Some(status) = receiver.script.lock().unwrap().pop_front() {
        return status;
    }
    let fail = receiver
        .fail_next
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    if fail {
        return StatusCode::INTERNAL_SERVER_ERROR;
    }
    let key = delivery
        .idempotency_key
        .expect("Attio sends an Idempotency-Key");
    if receiver.seen.first_time(&key) {
        receiver
            .events
            .lock()
            .unwrap()
            .extend(delivery.payload.events);
    }
    StatusCode::OK
}

impl Receiver {
    /// Serves on a free port of 127.0.0.1; returns the target URL.
    async fn serve(&self) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/attio", listener.local_addr().unwrap());
        let app = axum::Router::new()
            .route("/attio", post(receive))
            .with_state(self.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        url
    }

    fn events(&self) -> Vec<WebhookEvent> {
        self.events.lock().unwrap().clone()
    }
}

fn fast(retry_base: Duration, max_retries: u32) -> EmulatorConfig {
    EmulatorConfig {
        webhooks: WebhookConfig {
            retry_base,
            max_retries,
            attempt_timeout: Duration::from_secs(5),
            ..WebhookConfig::default()
        },
        ..EmulatorConfig::for_tests()
    }
}

/// Creates a webhook for `subscriptions` at `url` and gives its secret to `receiver`.
async fn subscribe(api: &Api, receiver: &Receiver, url: &str, subscriptions: Value) -> String {
    let reply = api
        .post(
            "/v2/webhooks",
            json!({"data": {"target_url": url, "subscriptions": subscriptions}}),
        )
        .await;
    let data = reply.data();
    let secret = data["secret"].as_str().expect("secret on create");
    assert_eq!(secret.len(), 64);
    let _ = receiver.secret.set(WebhookSecret::new(secret));
    data["id"]["webhook_id"].as_str().unwrap().to_owned()
}

/// The statuses of each delivery's attempts (`None`: no answer).
fn statuses(deliveries: &[attio_emulator::WebhookDelivery]) -> Vec<Vec<Option<u16>>> {
    deliveries
        .iter()
        .map(|d| d.attempts.iter().map(|a| a.status).collect())
        .collect()
}

/// Subscribes `receiver` at `url` to every `record.created`; returns the webhook id.
async fn on_created(api: &Api, receiver: &Receiver, url: &str) -> String {
    subscribe(
        api,
        receiver,
        url,
        json!([{"event_type": "record.created", "filter": null}]),
    )
    .await
}

async fn users_object_id(api: &Api) -> String {
    api.get("/v2/objects/users").await.data()["id"]["object_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn attribute_id(api: &Api, slug: &str) -> String {
    api.get(&format!("/v2/objects/users/attributes/{slug}"))
        .await
        .data()["id"]["attribute_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// What an event is, in a form to compare: type, record id, attribute id.
fn summary(event: &WebhookEvent) -> (String, String, Option<String>) {
    match event {
        WebhookEvent::RecordCreated(e) | WebhookEvent::RecordDeleted(e) => {
            (event.event_type().to_owned(), e.id.record_id.clone(), None)
        }
        WebhookEvent::RecordUpdated(e) => (
            event.event_type().to_owned(),
            e.id.record_id.clone(),
            Some(e.id.attribute_id.clone()),
        ),
        other => panic!("unexpected event {other:?}"),
    }
}

#[tokio::test]
async fn a_receiver_gets_exactly_the_events_of_the_writes_once_each_after_a_500() {
    let api = Api::with(fast(Duration::from_millis(20), 10)).await;
    let receiver = Receiver::default();
    let url = receiver.serve().await;
    let users = users_object_id(&api).await;
    let hook = subscribe(
        &api,
        &receiver,
        &url,
        json!([
            {"event_type": "record.created", "filter": null},
            {"event_type": "record.updated", "filter": {"$and": [
                {"field": "id.object_id", "operator": "equals", "value": users},
                {"field": "actor.type", "operator": "equals", "value": "api-token"}]}},
            {"event_type": "record.deleted", "filter": null}
        ]),
    )
    .await;
    // A second webhook whose filter matches none of the writes gets nothing.
    let silent = Receiver::default();
    let silent_url = silent.serve().await;
    let other_object = uuid::Uuid::new_v4().to_string();
    let silent_hook = subscribe(
        &api,
        &silent,
        &silent_url,
        json!([{"event_type": "record.created", "filter": {"$or": [
            {"field": "id.object_id", "operator": "equals", "value": other_object}]}}]),
    )
    .await;

    receiver.fail_next.store(1, Ordering::SeqCst);
    let created = api.assert_user("u-1", "ada@example.com").await;
    let id = record_id(created.data());
    // Asserting the same values again changes nothing, so it produces no event.
    api.assert_user("u-1", "ada@example.com").await.data();
    api.patch(
        &format!("/v2/objects/users/records/{id}"),
        json!({"data": {"values": {"primary_email_address": "ada@example.org"}}}),
    )
    .await
    .data();
    api.delete(&format!("/v2/objects/users/records/{id}"))
        .await
        .data();

    assert!(api.emu.webhooks_settled(Duration::from_secs(30)).await);
    let email = attribute_id(&api, "primary_email_address").await;
    let mut got: Vec<_> = receiver.events().iter().map(summary).collect();
    got.sort();
    let mut want = vec![
        ("record.created".to_owned(), id.clone(), None),
        ("record.updated".to_owned(), id.clone(), Some(email)),
        ("record.deleted".to_owned(), id.clone(), None),
    ];
    want.sort();
    assert_eq!(got, want);
    // The first delivery was answered 500 and redelivered: four requests, three events.
    assert_eq!(receiver.hits.load(Ordering::SeqCst), 4);
    assert!(silent.events().is_empty());

    let deliveries = api.emu.webhook_deliveries();
    assert_eq!(deliveries.len(), 3, "{deliveries:#?}");
    assert!(deliveries.iter().all(|d| d.webhook_id == hook));
    assert!(deliveries.iter().all(|d| d.webhook_id != silent_hook));
    assert!(
        deliveries
            .iter()
            .all(|d| d.state == DeliveryState::Delivered)
    );
    let statuses = statuses(&deliveries);
    assert_eq!(
        statuses,
        [vec![Some(500), Some(200)], vec![Some(200)], vec![Some(200)]]
    );
    assert_eq!(deliveries[0].payload["webhook_id"], json!(hook));
    assert_eq!(deliveries[0].event_type, "record.created");
}

/// Attio's webhook guide: a delivery must be answered 200 or 202; "if you answer with any
/// other code, Attio will retry delivery", so another 2xx is retried like an error.
#[tokio::test]
async fn only_200_and_202_count_as_delivered_as_attio_documents() {
    let api = Api::with(fast(Duration::from_millis(20), 10)).await;
    let receiver = Receiver::default();
    receiver.script.lock().unwrap().extend([
        StatusCode::NO_CONTENT,
        StatusCode::CREATED,
        StatusCode::ACCEPTED,
    ]);
    let url = receiver.serve().await;
    on_created(&api, &receiver, &url).await;
    api.assert_user("u-1", "ada@example.com").await.data();
    assert!(api.emu.webhooks_settled(Duration::from_secs(30)).await);
    api.assert_user("u-2", "bob@example.com").await.data();
    assert!(api.emu.webhooks_settled(Duration::from_secs(30)).await);
    let deliveries = api.emu.webhook_deliveries();
    let statuses = statuses(&deliveries);
    // 204 and 201 are retried; 202 ends the first delivery, 200 the second.
    assert_eq!(
        statuses,
        [vec![Some(204), Some(201), Some(202)], vec![Some(200)]]
    );
    assert!(
        deliveries
            .iter()
            .all(|d| d.state == DeliveryState::Delivered),
        "{deliveries:#?}"
    );
}

#[tokio::test]
async fn retries_follow_the_doubling_schedule_then_the_webhook_is_degraded() {
    let base = Duration::from_millis(50);
    let api = Api::with(fast(base, 3)).await;
    let receiver = Receiver::default();
    receiver.fail_next.store(usize::MAX, Ordering::SeqCst);
    let url = receiver.serve().await;
    let hook = subscribe(
        &api,
        &receiver,
        &url,
        json!([{"event_type": "record.created", "filter": null}]),
    )
    .await;
    let started = std::time::Instant::now();
    api.assert_user("u-1", "ada@example.com").await.data();
    assert!(api.emu.webhooks_settled(Duration::from_secs(30)).await);
    // 50 + 100 + 200 ms of waits at least (no upper bound: the machine may be slow).
    assert!(started.elapsed() >= Duration::from_millis(350));
    let deliveries = api.emu.webhook_deliveries();
    assert_eq!(deliveries[0].state, DeliveryState::Failed);
    assert_eq!(deliveries[0].attempts.len(), 4);
    assert!(receiver.events().is_empty());
    let webhook = api.get(&format!("/v2/webhooks/{hook}")).await;
    assert_eq!(webhook.data()["status"], "degraded");
}

/// An emulator with `config` (and a 60 s attempt timeout) delivering `record.created` to a
/// receiver that never answers.
async fn stalled(config: WebhookConfig) -> (Api, Receiver) {
    let api = Api::with(EmulatorConfig {
        webhooks: WebhookConfig {
            attempt_timeout: Duration::from_secs(60),
            ..config
        },
        ..EmulatorConfig::for_tests()
    })
    .await;
    let receiver = Receiver::default();
    *receiver.stall.lock().unwrap() = Duration::from_secs(3600);
    let url = receiver.serve().await;
    on_created(&api, &receiver, &url).await;
    (api, receiver)
}

#[tokio::test]
async fn a_stalled_receiver_does_not_hold_up_writes() {
    let (api, _receiver) = stalled(WebhookConfig::default()).await;
    let started = std::time::Instant::now();
    for n in 0..20 {
        api.assert_user(&format!("u-{n}"), &format!("u{n}@example.com"))
            .await
            .data();
    }
    // Generous: twenty local writes, while the receiver holds the first delivery.
    assert!(started.elapsed() < Duration::from_secs(20));
    let deliveries = api.emu.webhook_deliveries();
    assert_eq!(deliveries.len(), 20);
    assert!(deliveries.iter().all(|d| d.state == DeliveryState::Pending));
}

#[tokio::test]
async fn the_queue_is_bounded_and_overflow_is_journaled_as_dropped() {
    let (api, _receiver) = stalled(WebhookConfig {
        queue_capacity: 2,
        ..WebhookConfig::default()
    })
    .await;
    for n in 0..10 {
        api.assert_user(&format!("u-{n}"), &format!("u{n}@example.com"))
            .await
            .data();
    }
    let states: BTreeMap<String, usize> =
        api.emu
            .webhook_deliveries()
            .iter()
            .fold(BTreeMap::new(), |mut counts, d| {
                *counts.entry(format!("{:?}", d.state)).or_default() += 1;
                counts
            });
    // One in flight (stalled), two queued, the rest dropped.
    let dropped = states.get("Dropped").copied().unwrap_or(0);
    assert!((7..=8).contains(&dropped), "{states:?}");
}

#[tokio::test]
async fn management_follows_attio_rules() {
    let api = Api::start().await;
    for bad in [
        json!({"data": {"target_url": "http://example.com/hook", "subscriptions": []}}),
        json!({"data": {"target_url": "https://example.com/hook"}}),
        json!({"data": {"target_url": "https://example.com/hook",
                        "subscriptions": [{"event_type": "record.exploded", "filter": null}]}}),
        json!({"data": {"subscriptions": []}}),
        json!({}),
    ] {
        api.post("/v2/webhooks", bad)
            .await
            .expect_error(400, "validation_type");
    }
    let created = api
        .post(
            "/v2/webhooks",
            json!({"data": {"target_url": "https://example.com/hook",
                            "subscriptions": [{"event_type": "record.created", "filter": null}]}}),
        )
        .await;
    let data = created.data();
    let id = data["id"]["webhook_id"].as_str().unwrap().to_owned();
    assert_eq!(data["status"], "active");
    common::assert_attio_timestamp(&data["created_at"]);
    let read = api.get(&format!("/v2/webhooks/{id}")).await;
    assert!(
        read.data().get("secret").is_none(),
        "secret shown only on create"
    );
    assert_eq!(
        api.get("/v2/webhooks")
            .await
            .data()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    api.get("/v2/webhooks?limit=5")
        .await
        .expect_error(400, "validation_type");
    let patched = api
        .patch(
            &format!("/v2/webhooks/{id}"),
            json!({"data": {"subscriptions": [{"event_type": "record.deleted", "filter":
                {"$or": [{"field": "actor.type", "operator": "not_equals", "value": "system"}]}}]}}),
        )
        .await;
    assert_eq!(
        patched.data()["subscriptions"][0]["filter"]["$or"][0]["operator"],
        "not_equals"
    );
    assert_eq!(patched.data()["target_url"], "https://example.com/hook");
    assert_eq!(
        api.delete(&format!("/v2/webhooks/{id}")).await.data(),
        &Value::Null
    );
    api.get(&format!("/v2/webhooks/{id}"))
        .await
        .expect_error(404, "not_found");
    api.delete(&format!("/v2/webhooks/{id}"))
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn the_inverse_side_of_a_relationship_is_updated_by_the_system_actor() {
    let api = Api::with(fast(Duration::from_millis(20), 3)).await;
    let receiver = Receiver::default();
    let url = receiver.serve().await;
    subscribe(
        &api,
        &receiver,
        &url,
        json!([{"event_type": "record.updated", "filter": {"$and": [
            {"field": "actor.type", "operator": "equals", "value": "system"}]}}]),
    )
    .await;
    let person = api
        .create("people", json!({"email_addresses": ["ada@example.com"]}))
        .await;
    api.put(
        "/v2/objects/users/records?matching_attribute=user_id",
        json!({"data": {"values": {"user_id": "u-1", "primary_email_address": "ada@example.com",
            "person": [{"target_object": "people", "target_record_id": person}]}}}),
    )
    .await
    .data();
    assert!(api.emu.webhooks_settled(Duration::from_secs(30)).await);
    let inverse = api
        .get("/v2/objects/people/attributes/associated_users")
        .await;
    let attribute = inverse.data()["id"]["attribute_id"].clone();
    let events = receiver.events();
    assert_eq!(events.len(), 1, "{events:?}");
    match &events[0] {
        WebhookEvent::RecordUpdated(updated) => {
            assert_eq!(updated.id.record_id, person);
            assert_eq!(json!(updated.id.attribute_id), attribute);
        }
        other => panic!("{other:?}"),
    }
}
