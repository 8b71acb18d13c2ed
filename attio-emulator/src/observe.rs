//! What tests can read back: counters by route and status, and the journal of requests.

use std::collections::{BTreeMap, VecDeque};

/// The journal keeps the most recent requests only, so a long-running binary does not grow
/// without bound: at most this many, and at most
/// [`HttpLimits::journal_bytes`](crate::HttpLimits::journal_bytes) bytes.
pub const JOURNAL_CAPACITY: usize = 100_000;

/// The route every request whose path matches no route is counted under (one key, so
/// clients probing random paths cannot grow the counters).
pub const UNMATCHED_ROUTE: &str = "(unmatched)";

/// The method requests with a method other than the standard ones are counted under.
pub const OTHER_METHOD: &str = "OTHER";

/// Bytes of a body the journal keeps when it does not keep all of it (a body that is not
/// UTF-8, or one larger than the whole journal budget).
pub const JOURNAL_EXCERPT_BYTES: usize = 1024;

/// What one entry costs beyond its strings, for the journal's byte budget.
const ENTRY_OVERHEAD: usize = std::mem::size_of::<JournalEntry>();

/// A route as counted: the method and the route template, e.g. `("PUT", "/v2/objects/{object}/records")`.
pub type RouteKey = (String, String);

/// Seconds of write counts [`Emulator::write_seconds`](crate::Emulator::write_seconds)
/// keeps (an hour), so a long-running binary does not grow without bound.
pub const WRITE_SECONDS_KEPT: usize = 3600;

/// The write requests of one clock second (UNIX seconds), as the rate limiter saw them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteSecond {
    /// The clock second, in seconds since the UNIX epoch.
    pub second: u64,
    /// Write requests within the limit, counted against it (an injected 5xx or dropped
    /// connection may still fail them).
    pub accepted: u32,
    /// Write requests refused with 429: by the limit, or by an injected 429 (which, like
    /// the limit's, uses none of the budget).
    pub refused: u32,
}

impl WriteSecond {
    /// Every write request that arrived in this second.
    pub fn arrived(&self) -> u32 {
        self.accepted + self.refused
    }
}

/// The most recent [`WRITE_SECONDS_KEPT`] seconds with writes, oldest first.
#[derive(Debug, Default)]
pub(crate) struct WriteSeconds(VecDeque<WriteSecond>);

impl WriteSeconds {
    /// Counts one write request arriving in `second`, accepted or refused.
    pub(crate) fn count(&mut self, second: u64, accepted: bool) {
        if self.0.back().is_none_or(|last| last.second != second) {
            if self.0.len() == WRITE_SECONDS_KEPT {
                self.0.pop_front();
            }
            self.0.push_back(WriteSecond {
                second,
                ..WriteSecond::default()
            });
        }
        if let Some(last) = self.0.back_mut() {
            if accepted {
                last.accepted += 1;
            } else {
                last.refused += 1;
            }
        }
    }

    /// Moves one write request of `second` from accepted to refused: a 429 injected after
    /// the limit let it through, which used none of its budget.
    pub(crate) fn refuse_accepted(&mut self, second: u64) {
        if let Some(entry) = self.0.iter_mut().rev().find(|s| s.second == second)
            && entry.accepted > 0
        {
            entry.accepted -= 1;
            entry.refused += 1;
        }
    }

    pub(crate) fn to_vec(&self) -> Vec<WriteSecond> {
        self.0.iter().copied().collect()
    }
}

/// A snapshot of the emulator's counters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Responses by route and status code. Paths that match no route count under
    /// [`UNMATCHED_ROUTE`], non-standard methods under [`OTHER_METHOD`].
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
    /// The request body as text when it is UTF-8 and fits the journal; otherwise an excerpt
    /// of its first [`JOURNAL_EXCERPT_BYTES`] (lossy UTF-8). Empty when the body was not
    /// read (refused before it: no token, over the size limit, too slow).
    pub body: String,
    /// The size of the body received, in bytes (more than `body.len()` when `body` is an
    /// excerpt).
    pub body_len: usize,
}

impl JournalEntry {
    /// Keeps `bytes` as the entry's body: all of it when it is UTF-8 and at most `budget`
    /// bytes, else an excerpt.
    pub(crate) fn set_body(&mut self, bytes: &[u8], budget: usize) {
        self.body_len = bytes.len();
        self.body = match std::str::from_utf8(bytes) {
            Ok(text) if text.len() <= budget => text.to_owned(),
            _ => {
                let head = &bytes[..bytes.len().min(JOURNAL_EXCERPT_BYTES)];
                String::from_utf8_lossy(head).into_owned()
            }
        };
    }

    /// What the entry counts for in the journal's byte budget.
    fn cost(&self) -> usize {
        ENTRY_OVERHEAD
            + self.method.len()
            + self.path.len()
            + self.query.as_ref().map_or(0, String::len)
            + self.request_id.len()
            + self.body.len()
    }

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

/// The counting key of a request: its method (standard ones as sent, others as
/// [`OTHER_METHOD`]) and its route template, or [`UNMATCHED_ROUTE`].
pub(crate) fn route_key(method: &axum::http::Method, template: Option<&str>) -> RouteKey {
    use axum::http::Method;
    let standard = [
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::HEAD,
        Method::OPTIONS,
        Method::CONNECT,
        Method::TRACE,
    ];
    let method = if standard.contains(method) {
        method.as_str()
    } else {
        OTHER_METHOD
    };
    (
        method.to_owned(),
        template.unwrap_or(UNMATCHED_ROUTE).to_owned(),
    )
}

/// The mutable record behind [`Stats`] and the journal.
#[derive(Debug)]
pub(crate) struct Observer {
    pub stats: Stats,
    pub journal: VecDeque<JournalEntry>,
    /// The journal's byte budget and what its entries cost now.
    journal_limit: usize,
    journal_bytes: usize,
}

impl Observer {
    /// An empty record whose journal holds at most `journal_limit` bytes.
    pub fn new(journal_limit: usize) -> Self {
        Self {
            stats: Stats::default(),
            journal: VecDeque::new(),
            journal_limit,
            journal_bytes: 0,
        }
    }

    /// Forgets the counters and the journal (the budget stays).
    pub fn clear(&mut self) {
        *self = Self::new(self.journal_limit);
    }

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
        self.journal_bytes += entry.cost();
        self.journal.push_back(entry);
        while self.journal.len() > JOURNAL_CAPACITY
            || (self.journal_bytes > self.journal_limit && self.journal.len() > 1)
        {
            if let Some(oldest) = self.journal.pop_front() {
                self.journal_bytes -= oldest.cost();
            }
        }
    }
}
