//! The retry policy: which failed requests are repeated, after how long, and how often.
//!
//! The policy is pure decision-making; the client's request pipeline asks it after each
//! failure ([`RetryPolicy::decide`]) and sleeps for the returned delay.
//!
//! * **Only what is safe to repeat is repeated.** A [`Safe`](Idempotency::Safe) request
//!   (`GET`, query, assert, overwrite-`PUT`, `DELETE`) is retried after a 429, a 5xx, a
//!   timeout or a lost connection. An [`Unsafe`](Idempotency::Unsafe) one (a `POST` create,
//!   a `PATCH` that appends multi-value values) is retried only when it certainly was not
//!   applied: after a 429 (Attio did not process it) or a connection that could not be
//!   opened. After a 5xx, a timeout or a lost connection its fate is unknown and the
//!   decision is [`Decision::OutcomeUnknown`]: repeating it could duplicate the write.
//! * **429** waits for `Retry-After` (see [`retry_after`]) plus up to
//!   [`rate_limit_jitter`](RetryPolicy::rate_limit_jitter), counted separately
//!   ([`max_rate_limited_retries`](RetryPolicy::max_rate_limited_retries)) and not charged to
//!   the retry budget. Without a readable `Retry-After` it waits at least one second.
//!   A `Retry-After` longer than [`max_rate_limit_wait`](RetryPolicy::max_rate_limit_wait)
//!   (default 60 s), or one that would end after the deadline, is not waited for: the
//!   request fails at once with [`Error::RateLimited`](crate::Error::RateLimited), which
//!   says when to come back.
//! * **Other failures** back off exponentially with full jitter: a uniformly random delay
//!   between zero and `base_delay × 2^retries`, capped at `max_delay`, at most
//!   [`max_retries`](RetryPolicy::max_retries) times, and only while the
//!   [`RetryBudget`] allows.
//! * **Deadline.** No retry is scheduled that would start after the overall
//!   [`deadline`](RetryPolicy::deadline), measured from the first attempt; the client
//!   also fails a request at once when its pacer would hold it past the deadline (see
//!   [`RetryState::deadline`]).
//!
//! The retry loop is written here rather than taken from a crate (`backoff`, `backon`,
//! `tokio-retry`) because none of them distinguishes "retry", "give up" and "outcome
//! unknown", honours `Retry-After`, or shares a retry budget between requests.

mod after;
mod budget;

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

pub use after::{MAX_RETRY_AFTER, retry_after};
pub(crate) use after::{instant_after, system_time_after};
pub use budget::RetryBudget;

/// Whether a request may be sent twice without changing the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Idempotency {
    /// Repeating it is harmless: `GET`, record query, assert (`PUT …/records?matching_attribute`),
    /// overwrite (`PUT …/records/{id}`), `DELETE`.
    Safe,
    /// Repeating it after it was applied would duplicate something: a `POST` create, a
    /// `PATCH` (it appends to multi-value attributes).
    Unsafe,
}

/// How an attempt failed, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// HTTP 429: not processed. `retry_after` is the parsed `Retry-After` (see [`retry_after`]).
    RateLimited {
        /// How long the server asked to wait, if it said so readably.
        retry_after: Option<Duration>,
    },
    /// An HTTP 5xx status (or 408).
    Server {
        /// The status code.
        status: u16,
    },
    /// No response in time after the request was sent.
    Timeout,
    /// The connection could not be opened: the request certainly was not sent.
    ConnectFailed,
    /// The connection broke after the request was (perhaps) sent.
    ConnectionLost,
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Wait this long, then send the request again.
    Retry(Duration),
    /// Return the failure to the caller.
    GiveUp,
    /// Do not repeat the request, and tell the caller its outcome is unknown: it may or
    /// may not have been applied.
    OutcomeUnknown,
}

/// When and how often failed requests are retried (see the [module docs](self)).
///
/// Clones share one [`RetryBudget`], so give each client its own policy value (cloning
/// the client shares it, which is the point).
///
/// ```
/// use std::time::Duration;
/// use attio_core::retry::RetryPolicy;
///
/// let patient = RetryPolicy::default()
///     .max_retries(8)
///     .base_delay(Duration::from_millis(200))
///     .max_delay(Duration::from_secs(5))
///     .deadline(Duration::from_secs(120));
/// let never = RetryPolicy::none(); // every failure is returned as it happens
/// # let _ = (patient, never);
/// ```
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    max_retries: u32,
    max_rate_limited_retries: u32,
    deadline: Option<Duration>,
    base_delay: Duration,
    max_delay: Duration,
    rate_limit_jitter: Duration,
    max_rate_limit_wait: Duration,
    budget: Arc<RetryBudget>,
}

/// The shortest wait after a 429 that gave no readable `Retry-After`: Attio's limits
/// reset every clock second.
const RATE_LIMIT_FALLBACK: Duration = Duration::from_secs(1);

impl Default for RetryPolicy {
    /// 5 retries of errors, 10 of 429s, a 30 s deadline, backoff from 100 ms capped at
    /// 10 s, up to 100 ms of jitter after `Retry-After`, `Retry-After` waits of at most
    /// 60 s, and the default [`RetryBudget`].
    fn default() -> Self {
        Self {
            max_retries: 5,
            max_rate_limited_retries: 10,
            deadline: Some(Duration::from_secs(30)),
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(10),
            rate_limit_jitter: Duration::from_millis(100),
            max_rate_limit_wait: Self::DEFAULT_MAX_RATE_LIMIT_WAIT,
            budget: Arc::new(RetryBudget::default()),
        }
    }
}

impl RetryPolicy {
    /// The default [`max_rate_limit_wait`](Self::max_rate_limit_wait).
    pub const DEFAULT_MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(60);

    /// Never retry. (An unsafe request whose fate is unknown still gets
    /// [`Decision::OutcomeUnknown`].)
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            max_rate_limited_retries: 0,
            ..Self::default()
        }
    }

    /// How many times a request is retried after 5xx, timeouts and connection failures.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// How many times a request is retried after 429s.
    pub fn max_rate_limited_retries(mut self, retries: u32) -> Self {
        self.max_rate_limited_retries = retries;
        self
    }

    /// No retry starts later than this after the first attempt.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Retries are limited by count and budget only, not by time.
    pub fn no_deadline(mut self) -> Self {
        self.deadline = None;
        self
    }

    /// The backoff ceiling of the first retry; it doubles with each retry.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The largest backoff ceiling.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The most random time added to a `Retry-After` wait, so tasks that all hit the
    /// limit do not all come back at the same instant.
    pub fn rate_limit_jitter(mut self, jitter: Duration) -> Self {
        self.rate_limit_jitter = jitter;
        self
    }

    /// The longest `Retry-After` a 429 is retried after (default 60 s, at most
    /// [`MAX_RETRY_AFTER`]). A 429 asking for longer fails at once with
    /// [`Error::RateLimited`](crate::Error::RateLimited) instead of holding the request
    /// (and the task awaiting it) for that long.
    pub fn max_rate_limit_wait(mut self, wait: Duration) -> Self {
        self.max_rate_limit_wait = wait.min(MAX_RETRY_AFTER);
        self
    }

    /// Replaces the retry budget (with a new one shared by this policy's clones).
    pub fn budget(mut self, budget: RetryBudget) -> Self {
        self.budget = Arc::new(budget);
        self
    }

    /// The retry budget this policy draws on.
    pub fn retry_budget(&self) -> &RetryBudget {
        &self.budget
    }

    /// Decides what to do after `failure` of a request whose retries so far are in
    /// `state`, and records a retry in `state` when the answer is [`Decision::Retry`].
    pub fn decide(&self, state: &mut RetryState, idem: Idempotency, failure: &Failure) -> Decision {
        match (*failure, idem) {
            (Failure::RateLimited { retry_after }, _) => self.after_rate_limit(state, retry_after),
            (Failure::Server { status }, _) if !retryable_status(status) => Decision::GiveUp,
            (Failure::ConnectFailed, _)
            | (
                Failure::Server { .. } | Failure::Timeout | Failure::ConnectionLost,
                Idempotency::Safe,
            ) => self.after_error(state),
            (
                Failure::Server { .. } | Failure::Timeout | Failure::ConnectionLost,
                Idempotency::Unsafe,
            ) => Decision::OutcomeUnknown,
        }
    }

    fn after_rate_limit(&self, state: &mut RetryState, retry_after: Option<Duration>) -> Decision {
        if state.rate_limited_retries >= self.max_rate_limited_retries {
            return Decision::GiveUp;
        }
        let wait = retry_after.unwrap_or_else(|| {
            self.backoff_ceiling(state.rate_limited_retries)
                .max(RATE_LIMIT_FALLBACK)
        });
        if wait > self.max_rate_limit_wait {
            return Decision::GiveUp;
        }
        let wait = wait.saturating_add(jitter(self.rate_limit_jitter));
        if !self.within_deadline(state, wait) {
            return Decision::GiveUp;
        }
        state.rate_limited_retries += 1;
        Decision::Retry(wait)
    }

    fn after_error(&self, state: &mut RetryState) -> Decision {
        if state.retries >= self.max_retries {
            return Decision::GiveUp;
        }
        let wait = jitter(self.backoff_ceiling(state.retries));
        if !self.within_deadline(state, wait) || !self.budget.withdraw() {
            return Decision::GiveUp;
        }
        state.retries += 1;
        Decision::Retry(wait)
    }

    /// `base_delay × 2^retries`, capped at `max_delay`.
    fn backoff_ceiling(&self, retries: u32) -> Duration {
        2u32.checked_pow(retries)
            .and_then(|factor| self.base_delay.checked_mul(factor))
            .map_or(self.max_delay, |delay| delay.min(self.max_delay))
    }

    fn within_deadline(&self, state: &RetryState, wait: Duration) -> bool {
        state
            .deadline
            .is_none_or(|deadline| instant_after(Instant::now(), wait) <= deadline)
    }
}

/// 408 and the 5xx statuses that may go away on their own; not 501 (Not Implemented)
/// or 505 (HTTP Version Not Supported), which will not.
fn retryable_status(status: u16) -> bool {
    status == 408 || ((500..600).contains(&status) && !matches!(status, 501 | 505))
}

/// A uniformly random duration in `0..=max`.
fn jitter(max: Duration) -> Duration {
    let nanos = u64::try_from(max.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(fastrand::u64(0..=nanos))
}

/// The retry bookkeeping of one request: create it before the first attempt.
#[derive(Debug, Clone)]
pub struct RetryState {
    retries: u32,
    rate_limited_retries: u32,
    started: Instant,
    deadline: Option<Instant>,
}

impl RetryState {
    /// Starts the bookkeeping of a new request (now is its start for the deadline) and
    /// credits the policy's [`RetryBudget`] with it.
    pub fn new(policy: &RetryPolicy) -> Self {
        policy.budget.deposit();
        let started = Instant::now();
        Self {
            retries: 0,
            rate_limited_retries: 0,
            started,
            // A deadline too far away to be an instant is no deadline.
            deadline: policy
                .deadline
                .and_then(|deadline| started.checked_add(deadline)),
        }
    }

    /// The number of the attempt that follows the retries decided so far (1 = the first).
    pub fn attempt(&self) -> u32 {
        self.retries + self.rate_limited_retries + 1
    }

    /// Retries decided so far after 5xx, timeouts and connection failures.
    pub fn retries(&self) -> u32 {
        self.retries
    }

    /// Retries decided so far after 429s.
    pub fn rate_limited_retries(&self) -> u32 {
        self.rate_limited_retries
    }

    /// The instant after which no retry starts (the policy's
    /// [`deadline`](RetryPolicy::deadline) after the start), `None` without one. The client
    /// does not let its pacer hold a request past it either.
    pub fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    /// Time since the request started.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}

#[cfg(test)]
mod tests;
