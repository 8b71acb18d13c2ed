//! What tests can read back: counters by route and status, and the journal of requests.

use std::collections::{BTreeMap, VecDeque};

/// The journal keeps the most recent requests only, so a long-running binary does not grow
/// without bound.
pub const JOURNAL_CAPACITY: usize = 100_000;

/// A route as counted: the method and the route template, e.g. `("PUT", "/v2/objects/{object}/records")`.
pub type RouteKey = (String, String);

/// A snapshot of the emulator's counters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Responses by route and status code. Unmatched paths count under their raw path.
    pub requests: BTreeMap<RouteKey, BTreeMap<u16, u64>>,
    /// Writes the store applied (creates, asserts, updates, deletes; a write answered by an
    /// injected drop-after-write counts, one refused by a fault or a limit does not).
    pub writes_applied: u64,
    /// 429 answers sent (by the rate limiter or injected).
    pub rate_limited: u64,
    /// Connections closed without a response by fault injection
    /// ([`ScriptedFault::DropBeforeWrite`](crate::ScriptedFault::DropBeforeWrite) and
    /// [`ScriptedFault::DropAfterWrite`](crate::ScriptedFault::DropAfterWrite) and their
    /// probabilities). Requests the client gave up on are not counted here.
    pub dropped_connections: u64,
    /// Requests whose client closed the connection (e.g. it timed out) before the answer
    /// was sent. The emulator finishes such a request anyway, as Attio processes a request
    /// it has received: a write the client abandoned during injected latency is applied
    /// (and counted in `writes_applied`), only its answer is lost.
    pub abandoned_requests: u64,
}

impl Stats {
    /// Requests on `method route` with any status.
    pub fn count(&self, method: &str, route: &str) -> u64 {
        self.requests
            .get(&(method.to_owned(), route.to_owned()))
            .map_or(0, |by_status| by_status.values().sum())
    }

    /// Requests on `method route` answered with `status`.
    pub fn count_status(&self, method: &str, route: &str, status: u16) -> u64 {
        self.requests
            .get(&(method.to_owned(), route.to_owned()))
            .and_then(|by_status| by_status.get(&status))
            .copied()
            .unwrap_or(0)
    }

    /// All responses with `status`, any route.
    pub fn with_status(&self, status: u16) -> u64 {
        self.requests.values().filter_map(|s| s.get(&status)).sum()
    }

    /// All requests answered (dropped connections are not answers).
    pub fn total(&self) -> u64 {
        self.requests.values().flat_map(|s| s.values()).sum()
    }
}

/// One request the emulator received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    /// HTTP method.
    pub method: String,
    /// Path without the query string.
    pub path: String,
    /// Raw query string, if any.
    pub query: Option<String>,
    /// Status answered; `None` when no response was delivered: the connection was dropped
    /// by fault injection, or the client went away first (see [`Stats`]).
    pub status: Option<u16>,
    /// The `x-request-id` header of the answer (a fresh UUID per request; also assigned to
    /// requests that got no answer).
    pub request_id: String,
    /// The request body as text (lossy UTF-8; empty when over the size limit).
    pub body: String,
}

impl JournalEntry {
    /// The body parsed as JSON, if it is JSON.
    pub fn body_json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.body).ok()
    }
}

/// How a request ended, for the counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ending {
    /// A response was produced (its status is in the journal entry).
    Answered,
    /// Fault injection closed the connection without a response.
    FaultDrop,
    /// The client closed the connection before the answer.
    Abandoned,
}

/// The mutable record behind [`Stats`] and the journal.
#[derive(Debug, Default)]
pub(crate) struct Observer {
    pub stats: Stats,
    pub journal: VecDeque<JournalEntry>,
}

impl Observer {
    pub fn record(&mut self, route: RouteKey, entry: JournalEntry, ending: Ending) {
        match (ending, entry.status) {
            (Ending::Answered, Some(status)) => {
                *self
                    .stats
                    .requests
                    .entry(route)
                    .or_default()
                    .entry(status)
                    .or_default() += 1;
                if status == 429 {
                    self.stats.rate_limited += 1;
                }
            }
            (Ending::FaultDrop, _) => self.stats.dropped_connections += 1,
            (Ending::Abandoned, _) | (Ending::Answered, None) => {
                self.stats.abandoned_requests += 1;
            }
        }
        if self.journal.len() == JOURNAL_CAPACITY {
            self.journal.pop_front();
        }
        self.journal.push_back(entry);
    }
}
