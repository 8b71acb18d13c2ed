//! The pacer's shared path: reserving slots from a [`SharedBudget`], and falling back to
//! the local schedule (one warning) while the budget is unavailable, probing it again
//! every [`SharedPacing::probe_interval`].

use std::sync::Mutex;

use tokio::time::{Duration, Instant};

use super::budget::{Reservation, SharedPacing};
use super::{Lane, Pacer, RequestClass, lock};

/// The longest a request without a deadline reserves ahead. Slots further away (a very
/// slow pace) are waited for in steps of this length, so a dropped request never holds a
/// slot far in the future.
const MAX_RESERVE_AHEAD: Duration = Duration::from_secs(10);

/// Whether the shared budget is in use, with the state that keeps the fallback to one
/// warning per outage.
#[derive(Debug)]
pub(super) struct Health {
    state: Mutex<HealthState>,
}

#[derive(Debug, Clone, Copy)]
struct HealthState {
    /// `None` while the budget is in use; while pacing locally, when to try it again.
    next_probe: Option<Instant>,
    /// Counts switches, so the answer to a call begun before a switch does not switch again.
    epoch: u64,
    /// Whether the budget has answered a reservation yet (the first call opens the
    /// connection and gets [`SharedPacing::first_call_timeout`]).
    answered: bool,
}

/// A call to the budget: whether it may be made, and the epoch it was made in.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ticket {
    epoch: u64,
}

impl Health {
    pub(super) fn new() -> Self {
        Self {
            state: Mutex::new(HealthState {
                next_probe: None,
                epoch: 0,
                answered: false,
            }),
        }
    }

    /// Whether the budget is in use now (not falling back to the local schedule).
    pub(super) fn in_use(&self) -> bool {
        lock(&self.state).next_probe.is_none()
    }

    /// A ticket to call the budget, or `None` to pace locally: while the budget is
    /// unavailable only one call per probe interval gets a ticket.
    fn ticket(&self, now: Instant, probe_interval: Duration) -> Option<Ticket> {
        let mut state = lock(&self.state);
        match state.next_probe {
            None => Some(Ticket { epoch: state.epoch }),
            Some(at) if now >= at => {
                // This call probes; the others keep pacing locally until the next probe.
                state.next_probe = Some(now + probe_interval);
                Some(Ticket { epoch: state.epoch })
            }
            Some(_) => None,
        }
    }

    /// How long the next call may take: longer until the budget first answered.
    fn timeout(&self, shared: &SharedPacing) -> Duration {
        if lock(&self.state).answered {
            shared.call_timeout
        } else {
            shared.first_call_timeout.max(shared.call_timeout)
        }
    }

    /// Records an answer; returns whether it ends a fallback.
    fn succeeded(&self, ticket: Ticket) -> bool {
        let mut state = lock(&self.state);
        state.answered = true;
        if state.next_probe.is_some() && ticket.epoch == state.epoch {
            state.next_probe = None;
            state.epoch += 1;
            tracing::info!("shared pacing budget reachable again: pacing through it");
            return true;
        }
        false
    }

    /// Records a failure; returns whether it begins a fallback.
    fn failed(&self, ticket: Ticket, now: Instant, probe_interval: Duration, reason: &str) -> bool {
        let mut state = lock(&self.state);
        if ticket.epoch != state.epoch {
            return false;
        }
        if state.next_probe.is_none() {
            state.next_probe = Some(now + probe_interval);
            state.epoch += 1;
            tracing::warn!(
                reason,
                "shared pacing budget unavailable: pacing locally until it answers again"
            );
            true
        } else {
            tracing::debug!(reason, "shared pacing budget still unavailable");
            false
        }
    }
}

impl Pacer {
    /// Lets the request at the head of `lane`'s queue through on the shared budget's
    /// schedule (after any pause in force). `None`: the budget is unavailable, pace locally.
    pub(super) async fn acquire_shared(
        &self,
        shared: &SharedPacing,
        lane: &Lane,
        class: RequestClass,
        deadline: Option<Instant>,
    ) -> Option<Result<(), Instant>> {
        let too_late = |at: Instant| deadline.is_some_and(|deadline| at > deadline);
        let health = &self.shared.health;
        loop {
            if let Some(until) = self.paused_until() {
                if too_late(until) {
                    return Some(Err(until));
                }
                tokio::time::sleep_until(until).await;
                continue;
            }
            let interval = lock(&lane.state).paced_interval()?;
            let now = Instant::now();
            let ticket = health.ticket(now, shared.probe_interval)?;
            let max_wait = deadline
                .map_or(MAX_RESERVE_AHEAD, |at| at.saturating_duration_since(now))
                .min(MAX_RESERVE_AHEAD);
            let timeout = health.timeout(shared);
            let reserved =
                tokio::time::timeout(timeout, shared.budget.reserve(class, interval, max_wait))
                    .await;
            let failure = match reserved {
                Ok(Ok(Reservation::Granted(wait))) => {
                    self.answered(health.succeeded(ticket));
                    lock(&lane.state).granted_shared(now + wait);
                    tokio::time::sleep_until(now + wait).await;
                    return Some(Ok(()));
                }
                Ok(Ok(Reservation::TooFar(wait))) => {
                    self.answered(health.succeeded(ticket));
                    let at = now + wait;
                    if too_late(at) {
                        return Some(Err(at));
                    }
                    tokio::time::sleep_until(now + wait.min(MAX_RESERVE_AHEAD)).await;
                    continue;
                }
                Ok(Err(unavailable)) => unavailable.0,
                Err(_) => format!("no answer within {timeout:?}"),
            };
            if health.failed(ticket, Instant::now(), shared.probe_interval, &failure) {
                // Every class falls back at the share it had (see `LaneState::fall_back`).
                let now = Instant::now();
                for lane in [&self.shared.read, &self.shared.write] {
                    lock(&lane.state).fall_back(now);
                }
            }
            return None;
        }
    }

    /// After an answer from the budget: when it ends a fallback, every class paces on
    /// the shared schedule at its former rate again.
    fn answered(&self, rejoined: bool) {
        if rejoined {
            for lane in [&self.shared.read, &self.shared.write] {
                lock(&lane.state).rejoin();
            }
        }
    }
}

#[cfg(test)]
mod tests;
