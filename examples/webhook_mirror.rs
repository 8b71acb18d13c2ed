//! A local mirror of Attio's users kept up to date by webhooks, end to end with no account:
//! the bundled emulator in process, a receiver (axum on 127.0.0.1) that verifies each
//! delivery's signature and skips redeliveries, and a worker that applies the events.
//!
//! ```text
//! cargo run --example webhook_mirror
//! ```
//!
//! Steps: start the emulator and the receiver, subscribe the receiver to user events
//! (`POST /v2/webhooks`, keeping the secret the answer carries), write and change users,
//! and wait until the mirror equals what was written. The receiver answers at once and
//! leaves the work to a worker, as Attio asks ("answer quickly"): for every event the
//! worker reads the record as it is now (so events arriving out of order or twice still
//! converge) and updates or removes its copy.
//!
//! Against a real workspace the receiver must be reachable over `https://` from Attio;
//! the emulator also delivers to `http://` on loopback (its documented departure).

use std::collections::BTreeMap;
use std::error::Error;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use attio_core::webhook::{
    Deduplicator, EventType, FilterCondition, NewWebhook, Subscription, SubscriptionFilter,
    VerifiedWebhook, WebhookEvent, WebhookSecret,
};
use attio_core::{AttioRecord, Client, Email};
use attio_emulator::{Emulator, EmulatorConfig};
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::post;
use tokio::sync::mpsc;

/// The users being mirrored.
#[derive(Debug, Clone, PartialEq, Eq, AttioRecord)]
#[attio(object = "users")]
pub struct User {
    #[attio(slug = "user_id", unique)]
    pub id: String,
    #[attio(slug = "primary_email_address", unique)]
    pub email: Email,
}

/// The mirror: record id → user, as the webhooks told it.
pub type Mirror = Arc<Mutex<BTreeMap<String, User>>>;

/// What the receiver shares with its handler.
#[derive(Clone)]
struct Receiver {
    /// Set once the webhook exists (Attio shows the secret only in the create answer).
    secret: Arc<OnceLock<WebhookSecret>>,
    seen: Arc<Deduplicator>,
    /// Record ids to refresh, for the worker.
    work: mpsc::UnboundedSender<String>,
}

impl FromRef<Receiver> for WebhookSecret {
    fn from_ref(receiver: &Receiver) -> Self {
        // Until the webhook exists nothing is signed for us: a key no delivery matches.
        receiver
            .secret
            .get()
            .cloned()
            .unwrap_or_else(|| WebhookSecret::new(format!("unset-{:x}", fastrand::u128(..))))
    }
}

/// Answers 200 to a verified delivery (401/400 are answered by the extractor) and queues
/// the records its events name; a redelivery (same `Idempotency-Key`) is acknowledged and
/// skipped.
async fn receive(
    State(receiver): State<Receiver>,
    VerifiedWebhook(delivery): VerifiedWebhook,
) -> StatusCode {
    let first = delivery
        .idempotency_key
        .as_deref()
        .is_none_or(|key| receiver.seen.first_time(key));
    if first {
        for event in &delivery.payload.events {
            let record_id = match event {
                WebhookEvent::RecordCreated(e) | WebhookEvent::RecordDeleted(e) => {
                    e.id.record_id.clone()
                }
                WebhookEvent::RecordUpdated(e) => e.id.record_id.clone(),
                _ => continue,
            };
            // The worker lives as long as the receiver; if it is gone there is no mirror.
            let _ = receiver.work.send(record_id);
        }
    }
    StatusCode::OK
}

/// Reads each named record as it is now and updates or removes its copy.
async fn apply(client: Client, mirror: Mirror, mut work: mpsc::UnboundedReceiver<String>) {
    while let Some(record_id) = work.recv().await {
        match User::get(&client, &record_id).await {
            Ok(user) => {
                mirror.lock().unwrap().insert(record_id, user);
            }
            Err(error) if error.is_not_found() => {
                mirror.lock().unwrap().remove(&record_id);
            }
            Err(error) => eprintln!("mirror: cannot read {record_id}: {error}"),
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let emulator = Emulator::start(EmulatorConfig::for_tests()).await?;
    let client = Client::builder()
        .base_url(emulator.base_url())
        .token(emulator.token())
        .build()?;
    println!("emulator at {}", emulator.base_url());
    let mirror = run(&client).await?;
    for (record_id, user) in &mirror {
        println!("mirror: {record_id} {} {}", user.id, user.email.as_str());
    }
    let deliveries = emulator.webhook_deliveries();
    println!("emulator: {} webhook deliveries", deliveries.len());
    emulator.shutdown().await?;
    Ok(())
}

/// Starts the receiver, subscribes it, writes users, and returns the mirror once it equals
/// the users written (record id → user).
///
/// # Errors
/// A request that fails, or a mirror that has not converged within 30 seconds.
pub async fn run(client: &Client) -> Result<BTreeMap<String, User>, Box<dyn Error>> {
    let mirror = Mirror::default();
    let (work, queue) = mpsc::unbounded_channel();
    tokio::spawn(apply(client.clone(), mirror.clone(), queue));
    let receiver = Receiver {
        secret: Arc::default(),
        seen: Arc::default(),
        work,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let target = format!("http://{}/attio", listener.local_addr()?);
    let app = axum::Router::new()
        .route("/attio", post(receive))
        .with_state(receiver.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    println!("receiver at {target}");

    // Record events of API writes (not the system's recomputations).
    let by_api =
        || SubscriptionFilter::All(vec![FilterCondition::equals("actor.type", "api-token")]);
    let created = client
        .webhooks()
        .create(
            &NewWebhook::new(&target)
                .subscribe(Subscription::filtered(EventType::RecordCreated, by_api()))
                .subscribe(Subscription::filtered(EventType::RecordUpdated, by_api()))
                .subscribe(Subscription::filtered(EventType::RecordDeleted, by_api())),
        )
        .await?;
    println!("webhook {} created", created.webhook.id.webhook_id);
    let _ = receiver.secret.set(created.secret);

    // Write and change users; remember what Attio should hold.
    let mut expected = BTreeMap::new();
    for (id, email) in [
        ("u-1", "ada@example.com"),
        ("u-2", "grace@example.com"),
        ("u-3", "alan@example.com"),
    ] {
        let user = User {
            id: id.into(),
            email: Email::new(email)?,
        };
        let record = user.assert(client).await?;
        println!("assert user {id}: record {}", record.id());
        expected.insert(record.id().to_owned(), user);
    }
    let (ada_id, ada) = expected
        .iter_mut()
        .find(|(_, user)| user.id == "u-1")
        .ok_or("u-1 was written")?;
    ada.email = Email::new("ada.lovelace@example.com")?;
    ada.update(client, ada_id).await?;
    println!("update user u-1's email");
    let alan_id = expected
        .iter()
        .find(|(_, user)| user.id == "u-3")
        .map(|(record_id, _)| record_id.clone())
        .ok_or("u-3 was written")?;
    client.delete_record(User::OBJECT, &alan_id).await?;
    expected.remove(&alan_id);
    println!("delete user u-3");

    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let now = mirror.lock().unwrap().clone();
        if now == expected {
            println!("the mirror converged: {} users", now.len());
            client
                .webhooks()
                .delete(&created.webhook.id.webhook_id)
                .await?;
            return Ok(now);
        }
        if tokio::time::Instant::now() > deadline {
            return Err(format!("the mirror did not converge: {now:?} vs {expected:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
