//! The retry budget: a token bucket shared by every request of one client.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use tokio::time::Instant;

/// Limits retries to a share of requests, so a broken server is not hammered.
///
/// A token bucket: every request adds `ratio` tokens, every second adds
/// `min_per_second` tokens (so a client that sends little can still retry), and every
/// retry of a server error, timeout or connection failure spends one token. When fewer
/// than one token is left, such failures are not retried. Retries after a 429 do not
/// spend tokens: Attio did not process the request and says when to come back.
///
/// The default allows retries of up to 20 % of requests plus 10 per second, with at most
/// 100 tokens saved up. A [`RetryPolicy`](super::RetryPolicy) and its clones share one budget.
#[derive(Debug)]
pub struct RetryBudget {
    ratio: f64,
    min_per_second: f64,
    capacity: f64,
    /// Requests recorded by [`deposit`](Self::deposit) and not yet added to the tokens. A
    /// deposit is on every request's path, so it is one atomic add rather than the lock
    /// and a clock read; the lock folds them in whenever the tokens are looked at. Adding
    /// them later gives the same tokens: every change but a withdrawal only adds, capped
    /// at `capacity`, and a withdrawal folds them in first.
    pending: AtomicU64,
    state: Mutex<BudgetState>,
}

#[derive(Debug)]
struct BudgetState {
    tokens: f64,
    refilled_at: Option<Instant>,
}

impl RetryBudget {
    /// A budget allowing retries of `ratio` of requests (0.2 = 20 %) plus `min_per_second`,
    /// saving up at most `capacity` retries. It starts with `min_per_second` tokens
    /// (at most `capacity`). Negative or NaN arguments count as zero.
    pub fn new(ratio: f64, min_per_second: f64, capacity: f64) -> Self {
        let clean = |x: f64| if x.is_nan() { 0.0 } else { x.max(0.0) };
        let (ratio, min_per_second, capacity) =
            (clean(ratio), clean(min_per_second), clean(capacity));
        Self {
            ratio,
            min_per_second,
            capacity,
            pending: AtomicU64::new(0),
            state: Mutex::new(BudgetState {
                tokens: min_per_second.min(capacity),
                refilled_at: None,
            }),
        }
    }

    /// A budget that never runs out.
    pub fn unlimited() -> Self {
        Self::new(0.0, f64::INFINITY, f64::INFINITY)
    }

    fn with_state<T>(&self, f: impl FnOnce(&mut BudgetState) -> T) -> T {
        // Every update below is a single assignment: a poisoned lock holds valid state.
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        if let Some(then) = state.refilled_at {
            let earned = now.saturating_duration_since(then).as_secs_f64() * self.min_per_second;
            if earned > 0.0 {
                state.tokens = (state.tokens + earned).min(self.capacity);
            }
        }
        state.refilled_at = Some(now);
        let deposits = self.pending.swap(0, Ordering::Relaxed);
        if deposits > 0 {
            // Above 2^53 deposits the count rounds, and is still many.
            let earned = deposits as f64 * self.ratio;
            state.tokens = (state.tokens + earned).min(self.capacity);
        }
        f(&mut state)
    }

    /// Records a new request (not a retry): earns `ratio` tokens.
    pub(super) fn deposit(&self) {
        if self.ratio > 0.0 {
            self.pending.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Spends one token for a retry; `false` (and nothing spent) when the budget is empty.
    pub(super) fn withdraw(&self) -> bool {
        self.with_state(|state| {
            // Tolerate rounding: five deposits of 0.2 make one whole retry.
            if state.tokens >= 1.0 - 1e-9 {
                state.tokens = (state.tokens - 1.0).max(0.0);
                true
            } else {
                false
            }
        })
    }

    /// The retries the budget allows right now.
    pub fn available(&self) -> f64 {
        self.with_state(|state| state.tokens)
    }
}

impl Default for RetryBudget {
    fn default() -> Self {
        Self::new(0.2, 10.0, 100.0)
    }
}
