//! [`Deduplicator`]: drop redeliveries by their `Idempotency-Key`.
//!
//! Attio gives each delivery an `Idempotency-Key` header that "will be different for each
//! message, but the same between retries and redeliveries", and retries any answer other
//! than 200 or 202 up to 10 times over about 3 days
//! (<https://docs.attio.com/rest-api/guides/webhooks>). A receiver that answers slowly, or
//! whose 200 is lost, therefore sees the same delivery again.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// Remembers the idempotency keys seen recently, so each delivery is handled once.
///
/// Bounded two ways: at most `capacity` keys (the oldest is forgotten first) and each for
/// at most `ttl` after it was first seen. The defaults (10 000 keys, 4 days) cover Attio's
/// retry window of about 3 days for a receiver getting fewer than 10 000 deliveries in it.
///
/// **Per process.** The memory lives in this value: it is lost on restart and not shared
/// between replicas behind a load balancer. Where redeliveries can reach another process,
/// deduplicate in a shared store (e.g. a unique key in your database) instead.
///
/// Thread-safe and cheap: one short mutex-guarded map lookup per call; share it with an
/// `Arc` or in your application state. Time comes from [`tokio::time::Instant`], so tests
/// can drive it with a paused clock; outside a Tokio runtime it is the system clock.
///
/// ```
/// use attio_core::webhook::Deduplicator;
///
/// let seen = Deduplicator::default();
/// assert!(seen.first_time("5f8b1c1e-delivery-1"));
/// assert!(!seen.first_time("5f8b1c1e-delivery-1")); // a redelivery: skip it
/// ```
#[derive(Debug)]
pub struct Deduplicator {
    capacity: usize,
    ttl: Duration,
    state: Mutex<State>,
}

/// Keys in first-seen order, and for each key when it was seen and its place in the order.
#[derive(Debug, Default)]
struct State {
    seen: HashMap<String, Seen>,
    order: VecDeque<(String, u64)>,
    next: u64,
}

#[derive(Debug, Clone, Copy)]
struct Seen {
    at: Instant,
    /// Matches the `order` entry that still owns this key: an entry left behind by
    /// [`Deduplicator::forget`] has an older number and is skipped when it expires.
    number: u64,
}

impl Deduplicator {
    /// The default number of keys remembered.
    pub const DEFAULT_CAPACITY: usize = 10_000;
    /// The default time a key is remembered: Attio's ~3-day retry window plus a day.
    pub const DEFAULT_TTL: Duration = Duration::from_secs(4 * 24 * 60 * 60);

    /// Remembers at most `capacity` keys (at least one), each for at most `ttl`.
    pub fn new(capacity: usize, ttl: Duration) -> Self {
        Self {
            capacity: capacity.max(1),
            ttl,
            state: Mutex::new(State::default()),
        }
    }

    /// `true` the first time `key` is seen (within the bounds), `false` for a repeat.
    ///
    /// The key is remembered from this call on. If handling the delivery then fails and you
    /// answer with an error so that Attio retries, call [`forget`](Self::forget), or the
    /// retry will be taken for a duplicate.
    pub fn first_time(&self, key: &str) -> bool {
        let now = Instant::now();
        let mut state = self.lock();
        state.expire(now, self.ttl);
        if state.seen.contains_key(key) {
            return false;
        }
        while state.seen.len() >= self.capacity && state.evict_oldest() {}
        let number = state.next;
        state.next += 1;
        state.seen.insert(key.to_owned(), Seen { at: now, number });
        state.order.push_back((key.to_owned(), number));
        // Entries left behind by `forget` are dropped as they reach the front; compacting
        // when they pile up keeps `order` within twice the capacity whatever the pattern.
        if state.order.len() > 2 * self.capacity {
            state.compact();
        }
        true
    }

    /// Forgets `key`, so its next delivery counts as a first time.
    pub fn forget(&self, key: &str) {
        self.lock().seen.remove(key);
    }

    /// How many keys are remembered now.
    pub fn len(&self) -> usize {
        let mut state = self.lock();
        state.expire(Instant::now(), self.ttl);
        state.seen.len()
    }

    /// Whether no key is remembered now.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is consistent after every statement that mutates it, so a panic in
        // another thread while holding the lock leaves nothing half-done: keep going.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Default for Deduplicator {
    fn default() -> Self {
        Self::new(Self::DEFAULT_CAPACITY, Self::DEFAULT_TTL)
    }
}

impl State {
    /// Drops keys first seen more than `ttl` ago (they are at the front of `order`).
    fn expire(&mut self, now: Instant, ttl: Duration) {
        while let Some((key, number)) = self.order.front() {
            // An entry that owns nothing (forgotten, maybe seen again later) just goes.
            if let Some(seen) = self.seen.get(key).filter(|seen| seen.number == *number) {
                if now.duration_since(seen.at) < ttl {
                    return;
                }
                self.seen.remove(key);
            }
            self.order.pop_front();
        }
    }

    /// Whether this `order` entry is the one that owns its key.
    fn owns(&self, key: &str, number: u64) -> bool {
        self.seen.get(key).is_some_and(|seen| seen.number == number)
    }

    /// Drops the oldest remembered key; `false` when there was none.
    fn evict_oldest(&mut self) -> bool {
        while let Some((key, number)) = self.order.pop_front() {
            if self.owns(&key, number) {
                self.seen.remove(&key);
                return true;
            }
        }
        false
    }

    /// Drops the `order` entries that own no key.
    fn compact(&mut self) {
        let mut order = std::mem::take(&mut self.order);
        order.retain(|(key, number)| self.owns(key, *number));
        self.order = order;
    }
}
