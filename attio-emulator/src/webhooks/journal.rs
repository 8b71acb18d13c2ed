//! The journal of webhook deliveries: one [`WebhookDelivery`] per event and webhook, with
//! every attempt, for tests to inspect ([`Emulator::webhook_deliveries`](crate::Emulator::webhook_deliveries)).

use std::collections::VecDeque;

use serde_json::Value;

/// How a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryState {
    /// Not yet answered 200/202, and retries remain.
    Pending,
    /// The receiver answered 200 or 202.
    Delivered,
    /// Every attempt failed (the webhook is now `degraded`), or the webhook was deleted
    /// before a retry.
    Failed,
    /// Not attempted: the delivery queue was full
    /// ([`WebhookConfig::queue_capacity`](crate::WebhookConfig::queue_capacity)).
    Dropped,
}

/// One attempt to deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryAttempt {
    /// The receiver's HTTP status, when it answered.
    pub status: Option<u16>,
    /// Why there was no answer (connection refused, timeout), when there was none.
    pub error: Option<String>,
}

/// One event delivered (or being delivered) to one webhook.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookDelivery {
    /// Position in the journal, from 0 in the order the events happened.
    pub seq: u64,
    /// The webhook delivered to.
    pub webhook_id: String,
    /// Its target URL at the time of the event.
    pub target_url: String,
    /// The event's `event_type`.
    pub event_type: String,
    /// The `Idempotency-Key` header, the same on every attempt.
    pub idempotency_key: String,
    /// The body sent: `{"webhook_id", "events": [event]}`.
    pub payload: Value,
    /// Every attempt so far, in order.
    pub attempts: Vec<DeliveryAttempt>,
    /// How it stands.
    pub state: DeliveryState,
}

/// The most recent deliveries, at most `capacity`.
#[derive(Debug)]
pub(crate) struct Journal {
    capacity: usize,
    /// `seq` of `entries[0]`.
    first: u64,
    entries: VecDeque<WebhookDelivery>,
}

impl Journal {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            first: 0,
            entries: VecDeque::new(),
        }
    }

    /// Adds a pending delivery and returns its `seq`.
    pub(crate) fn push(&mut self, mut delivery: WebhookDelivery) -> u64 {
        let seq = self.first + self.entries.len() as u64;
        delivery.seq = seq;
        if self.entries.len() == self.capacity {
            self.entries.pop_front();
            self.first += 1;
        }
        self.entries.push_back(delivery);
        seq
    }

    /// The delivery `seq`, unless it has been evicted.
    pub(crate) fn get_mut(&mut self, seq: u64) -> Option<&mut WebhookDelivery> {
        let index = usize::try_from(seq.checked_sub(self.first)?).ok()?;
        self.entries.get_mut(index)
    }

    pub(crate) fn all(&self) -> Vec<WebhookDelivery> {
        self.entries.iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery() -> WebhookDelivery {
        WebhookDelivery {
            seq: 0,
            webhook_id: "w".into(),
            target_url: "http://127.0.0.1/".into(),
            event_type: "record.created".into(),
            idempotency_key: "k".into(),
            payload: Value::Null,
            attempts: Vec::new(),
            state: DeliveryState::Pending,
        }
    }

    #[test]
    fn the_journal_keeps_the_newest_and_finds_by_seq() {
        let mut journal = Journal::new(2);
        assert_eq!(journal.push(delivery()), 0);
        assert_eq!(journal.push(delivery()), 1);
        assert_eq!(journal.push(delivery()), 2);
        assert!(journal.get_mut(0).is_none());
        assert_eq!(journal.get_mut(2).map(|d| d.seq), Some(2));
        assert!(journal.get_mut(3).is_none());
        assert_eq!(
            journal.all().iter().map(|d| d.seq).collect::<Vec<_>>(),
            [1, 2]
        );
    }
}
