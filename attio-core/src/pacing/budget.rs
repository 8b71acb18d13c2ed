//! The seam between the [`Pacer`](super::Pacer) and a budget it shares with other
//! processes: [`SharedBudget`] (implemented by `RedisBudget`, feature `redis`), and
//! [`SharedPacing`], how the pacer uses one.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;

use super::RequestClass;

/// A rate budget shared by every process pacing one Attio workspace (see `RedisBudget`,
/// feature `redis`).
///
/// The budget keeps one schedule per workspace and [`RequestClass`]: each call reserves the
/// next slot of that schedule, so however many processes draw from it, together they go no
/// faster than the rate. Errors and slow answers are not fatal: the [`Pacer`](super::Pacer)
/// falls back to its local schedule (see [`SharedPacing`]).
pub trait SharedBudget: Send + Sync + fmt::Debug + 'static {
    /// Reserves the next slot of `class`'s schedule, whose slots are `interval` apart,
    /// unless that slot is more than `max_wait` from now: then nothing is reserved and the
    /// answer says how far away it was.
    ///
    /// # Errors
    /// [`BudgetUnavailable`] when the budget cannot be reached or answered nonsense; the
    /// text must not contain secrets (it is logged).
    fn reserve(
        &self,
        class: RequestClass,
        interval: Duration,
        max_wait: Duration,
    ) -> BoxFuture<'_, Result<Reservation, BudgetUnavailable>>;
}

/// What a [`SharedBudget`] answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reservation {
    /// A slot is reserved this far from now: send the request then.
    Granted(Duration),
    /// The next slot is this far from now, more than the `max_wait` asked for; nothing was
    /// reserved.
    TooFar(Duration),
}

/// A [`SharedBudget`] could not be used (unreachable, refused, answered nonsense).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("shared pacing budget unavailable: {0}")]
pub struct BudgetUnavailable(pub String);

/// How a [`Pacer`](super::Pacer) uses a [`SharedBudget`]: each reservation may take at most
/// [`call_timeout`](Self::call_timeout) (the first one, which opens the connection, at most
/// [`first_call_timeout`](Self::first_call_timeout)); one that fails or takes longer switches the pacer
/// to its local adaptive schedule (with one `WARN` event), and while there it tries the
/// budget again every [`probe_interval`](Self::probe_interval), switching back (with an
/// `INFO` event) as soon as one reservation succeeds. A request is never failed or held
/// because the budget is unavailable.
#[derive(Clone)]
pub struct SharedPacing {
    pub(super) budget: Arc<dyn SharedBudget>,
    pub(super) call_timeout: Duration,
    pub(super) first_call_timeout: Duration,
    pub(super) probe_interval: Duration,
}

impl SharedPacing {
    /// The default [`call_timeout`](Self::call_timeout): 100 ms, far above a healthy
    /// Redis round trip (well under a millisecond on a LAN), far below a request's.
    pub const DEFAULT_CALL_TIMEOUT: Duration = Duration::from_millis(100);
    /// The default [`first_call_timeout`](Self::first_call_timeout): one second, for the
    /// TCP (and TLS) handshake and the script's first load on a busy machine.
    pub const DEFAULT_FIRST_CALL_TIMEOUT: Duration = Duration::from_secs(1);
    /// The default [`probe_interval`](Self::probe_interval): one second.
    pub const DEFAULT_PROBE_INTERVAL: Duration = Duration::from_secs(1);

    /// Pacing through `budget` with the default timeout and probe interval.
    pub fn new(budget: Arc<dyn SharedBudget>) -> Self {
        Self {
            budget,
            call_timeout: Self::DEFAULT_CALL_TIMEOUT,
            first_call_timeout: Self::DEFAULT_FIRST_CALL_TIMEOUT,
            probe_interval: Self::DEFAULT_PROBE_INTERVAL,
        }
    }

    /// The longest one reservation may take before the pacer gives up on the budget and
    /// paces locally (default [`DEFAULT_CALL_TIMEOUT`](Self::DEFAULT_CALL_TIMEOUT)).
    pub fn call_timeout(mut self, timeout: Duration) -> Self {
        self.call_timeout = timeout;
        self
    }

    /// The longest the first reservation may take, until one has been answered (default
    /// [`DEFAULT_FIRST_CALL_TIMEOUT`](Self::DEFAULT_FIRST_CALL_TIMEOUT)): it opens the
    /// connection and loads the script, which on a loaded machine takes longer than a
    /// reservation on an open connection, and falling back then would pace alone for a
    /// probe interval for nothing. Probes after an outage keep to
    /// [`call_timeout`](Self::call_timeout), so they never hold requests longer.
    pub fn first_call_timeout(mut self, timeout: Duration) -> Self {
        self.first_call_timeout = timeout;
        self
    }

    /// How often, while pacing locally, the pacer tries the budget again (default
    /// [`DEFAULT_PROBE_INTERVAL`](Self::DEFAULT_PROBE_INTERVAL)).
    pub fn probe_interval(mut self, interval: Duration) -> Self {
        self.probe_interval = interval;
        self
    }

    /// The budget.
    pub fn budget(&self) -> &Arc<dyn SharedBudget> {
        &self.budget
    }
}

impl fmt::Debug for SharedPacing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedPacing")
            .field("budget", &self.budget)
            .field("call_timeout", &self.call_timeout)
            .field("first_call_timeout", &self.first_call_timeout)
            .field("probe_interval", &self.probe_interval)
            .finish()
    }
}
