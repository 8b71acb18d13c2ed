//! Webhooks: the management operations ([`registry`]), subscription filters ([`filter`]),
//! and real delivery ([`deliver`]) of the events every write produces, signed as Attio
//! signs them, retried on Attio's schedule, and recorded in a [`journal`].
//!
//! Writes never wait for deliveries: the HTTP layer hands a write's events to the
//! [`Hub`] after releasing the store lock; the hub matches them against the webhooks and
//! queues one job per event and webhook on a bounded queue, which a background task works
//! through (see [`deliver`]).

mod deliver;
mod filter;
pub(crate) mod journal;
mod registry;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::{mpsc, watch};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::http::lock;
use journal::{DeliveryState, Journal, WebhookDelivery};
pub(crate) use registry::{Registry, SavedWebhook};

/// How webhook deliveries are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WebhookConfig {
    /// The wait before the first retry; each later retry waits twice as long as the one
    /// before. Default 4 minutes, so Attio's documented 10 retries span about 2.8 days
    /// ("up to 10 times with an exponential back-off … over approximately 3 days"). Tests
    /// scale the schedule down by setting a few milliseconds.
    pub retry_base: Duration,
    /// Retries after the first attempt. Default 10, as Attio documents.
    pub max_retries: u32,
    /// How long one attempt may take (connect, send, answer). Default 10 s.
    pub attempt_timeout: Duration,
    /// Deliveries waiting for their first attempt; when full, further events are not
    /// delivered and are journaled as [`DeliveryState::Dropped`]. Default 10,000.
    pub queue_capacity: usize,
    /// Deliveries the journal keeps (oldest evicted first). Default 10,000.
    pub journal_capacity: usize,
    /// Retries waiting at once, across all webhooks; a failure beyond it is not retried
    /// ([`DeliveryState::Failed`]). Default 10,000.
    pub max_retrying: usize,
}

impl Default for WebhookConfig {
    fn default() -> Self {
        Self {
            retry_base: Duration::from_secs(4 * 60),
            max_retries: 10,
            attempt_timeout: Duration::from_secs(10),
            queue_capacity: 10_000,
            journal_capacity: 10_000,
            max_retrying: 10_000,
        }
    }
}

impl WebhookConfig {
    /// Attio's schedule with `retry_base` instead of 4 minutes (builder style).
    pub fn with_retry_base(mut self, retry_base: Duration) -> Self {
        self.retry_base = retry_base;
        self
    }

    /// The wait before retry `n` (1 = the first retry).
    pub fn retry_delay(&self, n: u32) -> Duration {
        self.retry_base
            .saturating_mul(2u32.saturating_pow(n.saturating_sub(1)))
    }
}

/// One delivery to make.
#[derive(Debug)]
pub(crate) struct Job {
    seq: u64,
    webhook_id: String,
    url: reqwest::Url,
    secret: registry::HookSecret,
    body: bytes::Bytes,
    idempotency_key: String,
}

/// The webhooks, their deliveries and the queue to the delivery task.
pub(crate) struct Hub {
    pub registry: Mutex<Registry>,
    journal: Mutex<Journal>,
    queue: mpsc::Sender<Job>,
    /// Deliveries not yet finished (pending).
    pending: watch::Sender<usize>,
    config: WebhookConfig,
    stop: CancellationToken,
    /// Retries waiting or running.
    retries: TaskTracker,
}

impl Hub {
    /// A hub and the receiving end of its queue (for [`Hub::spawn`]).
    pub(crate) fn new(
        registry: Registry,
        config: WebhookConfig,
    ) -> (Arc<Self>, mpsc::Receiver<Job>) {
        let (queue, jobs) = mpsc::channel(config.queue_capacity.max(1));
        let hub = Arc::new(Self {
            registry: Mutex::new(registry),
            journal: Mutex::new(Journal::new(config.journal_capacity)),
            queue,
            pending: watch::Sender::new(0),
            config,
            stop: CancellationToken::new(),
            retries: TaskTracker::new(),
        });
        (hub, jobs)
    }

    /// Queues every delivery `events` call for; never waits.
    pub(crate) fn publish(&self, events: Vec<Value>) {
        for event in events {
            let targets = lock(&self.registry).targets(&event);
            let event_type = event
                .get("event_type")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            for target in targets {
                let payload = json!({"webhook_id": target.webhook_id, "events": [event]});
                let idempotency_key = uuid::Uuid::new_v4().to_string();
                let seq = lock(&self.journal).push(WebhookDelivery {
                    seq: 0,
                    webhook_id: target.webhook_id.clone(),
                    target_url: target.url.to_string(),
                    event_type: event_type.clone(),
                    idempotency_key: idempotency_key.clone(),
                    payload: payload.clone(),
                    attempts: Vec::new(),
                    state: DeliveryState::Pending,
                });
                self.pending.send_modify(|n| *n += 1);
                let job = Job {
                    seq,
                    webhook_id: target.webhook_id,
                    url: target.url,
                    secret: target.secret,
                    body: bytes::Bytes::from(payload.to_string()),
                    idempotency_key,
                };
                if self.queue.try_send(job).is_err() {
                    self.finish(seq, DeliveryState::Dropped);
                }
            }
        }
    }

    /// Every delivery the journal holds, oldest first.
    pub(crate) fn deliveries(&self) -> Vec<WebhookDelivery> {
        lock(&self.journal).all()
    }

    /// Waits until no delivery is pending, at most `timeout`; whether none is.
    pub(crate) async fn idle(&self, timeout: Duration) -> bool {
        let mut pending = self.pending.subscribe();
        tokio::time::timeout(timeout, pending.wait_for(|n| *n == 0))
            .await
            .is_ok_and(|changed| changed.is_ok())
    }

    /// Stops the delivery task and every waiting retry.
    pub(crate) fn stop(&self) {
        self.stop.cancel();
        self.retries.close();
    }

    fn finish(&self, seq: u64, state: DeliveryState) {
        if let Some(delivery) = lock(&self.journal).get_mut(seq) {
            delivery.state = state;
        }
        self.pending.send_modify(|n| *n = n.saturating_sub(1));
    }
}
