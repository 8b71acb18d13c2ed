//! Client-side pacing: keeps a [`Client`](crate::Client) under Attio's rate limits.
//!
//! Attio allows about 100 reads and 25 writes per second per workspace, counted per clock
//! second, and answers `429` beyond that. A [`Pacer`] spaces requests evenly at those rates
//! (separate budgets for reads and writes), so a steady bulk sync does not provoke 429s at
//! all, and shares that schedule between every clone of a client and every task.
//!
//! * **Even spacing, just under the limit.** Requests of one class are let through on a
//!   grid of `1 / (0.97 × rate)` seconds (a GCRA schedule without burst): with Attio
//!   counting per clock second, any burst would risk the 26th write landing in the same
//!   second as the first 25, and the 3 % headroom absorbs network jitter that would
//!   otherwise do the same to a pace of exactly 25 per second. Idle
//!   time is never saved up; only a request the runtime woke a little late (under one
//!   interval or 20 ms) lets the next ones catch up with the grid, so the long-run rate
//!   is the configured one even at hundreds of requests per second.
//! * **Fair.** Waiters are served first come, first served.
//! * **Adaptive** (AIMD, when [`PacingConfig::adaptive`] is on): a sustained run of 429s
//!   (a fifth of the answers of the last one to two seconds, and at least 3 of them; or two requests sent after a 429 was answered refused in a
//!   row; for 10 s after such a run, and while each further 429 comes within 10 s of the
//!   last, any 429 counts, until a request sent while one was on its way back succeeds; an
//!   isolated 429 among successes is a fault or a neighbour's
//!   burst and changes nothing, unless its `Retry-After` is further away than the next
//!   second: [`LIMIT_RETRY_HORIZON`]) makes every task wait
//!   until `Retry-After` ([`Pacer::pause_for`]), but never longer than
//!   [`PacingConfig::max_pause`] (60 s by default), and cuts the pace to 70 %
//!   ([`Pacer::record_rate_limited`], at most once per second, down to a tenth of the
//!   configured rate); each success adds back 2 % of the configured rate
//!   ([`Pacer::record_success`]), except in the second after a decrease (those successes
//!   are of requests sent at the old pace). Several processes sharing one workspace thus settle under
//!   its limit without talking to each other.
//! * **Bounded by the request's deadline.** [`Pacer::acquire_within`] returns at once with
//!   the instant it would have let the request through when that is after the request's
//!   deadline, so a long pause fails requests instead of holding them.
//! * **Shared by a fleet** (optional): [`Pacer::with_shared_budget`] paces on a schedule
//!   many processes share through a [`SharedBudget`] (`RedisBudget` with the `redis`
//!   feature: GCRA on Redis's clock). While the budget is unreachable or slow the pacer
//!   falls back to the schedule above, with one warning, at no more than the share of the
//!   fleet's rate it had through the budget (so a fleet whose Redis went away keeps its
//!   combined pace instead of each process sending the whole limit), and returns when it
//!   answers ([`SharedPacing`]).
//! * **Testable.** All waiting uses [`tokio::time`], so it follows tokio's paused test clock.
//!
//! # Why not a crate
//! We looked at `governor` (GCRA, but no FIFO order among waiters, its own clock rather than
//! tokio's, and a quota fixed at construction), `leaky-bucket` (fair and on tokio's clock, but
//! its refill rate cannot change at runtime, which AIMD needs) and `ratelimit` (runtime rate
//! changes, but synchronous and on its own clock). None gives fairness, the paused clock and
//! runtime rate changes together, so this module is a small scheduler built on
//! [`tokio::sync::Mutex`] (whose waiters are queued FIFO) and [`tokio::time::sleep_until`].

mod budget;
mod congestion;
mod lane;
#[cfg(feature = "redis")]
mod redis;
mod shared;
#[cfg(test)]
mod simulation;

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

use crate::retry::instant_after;

use lane::LaneState;
use shared::Health;

pub use budget::{BudgetUnavailable, Reservation, SharedBudget, SharedPacing};
#[cfg(feature = "redis")]
pub use redis::RedisBudget;
#[cfg(feature = "redis")]
pub(crate) use redis::redact_url;

/// The longest `Retry-After` a 429 of Attio's per-second limit carries: it names the start
/// of the next clock second, so at most a second away, plus a second for clock skew between
/// Attio and this machine. A 429 asking for longer pauses every request even when it looks
/// isolated ([`Pacer::answer_rate_limited`]).
pub const LIMIT_RETRY_HORIZON: Duration = Duration::from_secs(2);

/// How a [`Pacer`] paces requests.
///
/// The default is Attio's documented limits, 100 reads and 25 writes per second, adaptive.
/// A rate of `None` (or `f64::INFINITY`) does not pace that class; a rate that is not a
/// positive number (zero, negative, NaN) is treated as the slowest pace, one request per
/// 1,000 seconds, rather than as "no limit".
///
/// ```
/// use std::time::Duration;
/// use attio_core::pacing::PacingConfig;
///
/// // A workspace that shares its limit with another integration: half of Attio's rates.
/// let half = PacingConfig {
///     reads_per_second: Some(50.0),
///     writes_per_second: Some(12.5),
///     max_pause: Duration::from_secs(30), // the longest a 429's Retry-After may stop everything
///     ..PacingConfig::default()
/// };
/// assert!(half.adaptive);
/// assert_eq!(PacingConfig::off().writes_per_second, None); // tests against a local emulator
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PacingConfig {
    /// The limit on reads (`GET` and record queries) per second to stay under (the pacer
    /// aims 3 % below it), `None` for no limit.
    pub reads_per_second: Option<f64>,
    /// The limit on writes (every other request) per second to stay under (the pacer aims
    /// 3 % below it), `None` for no limit.
    pub writes_per_second: Option<f64>,
    /// Whether 429s pause every task until `Retry-After` and lower the pace (AIMD).
    pub adaptive: bool,
    /// The longest a 429 pauses every task for, whatever its `Retry-After` says (default
    /// [`DEFAULT_MAX_PAUSE`](Self::DEFAULT_MAX_PAUSE)). A request that would wait past its
    /// retry deadline fails at once with [`Error::RateLimited`](crate::Error::RateLimited)
    /// anyway; the cap keeps one long `Retry-After` from holding requests without a
    /// deadline.
    pub max_pause: Duration,
}

impl PacingConfig {
    /// Attio's documented read limit, requests per second.
    pub const ATTIO_READS_PER_SECOND: f64 = 100.0;
    /// Attio's documented write limit, requests per second.
    pub const ATTIO_WRITES_PER_SECOND: f64 = 25.0;
    /// The default [`max_pause`](Self::max_pause): a minute.
    pub const DEFAULT_MAX_PAUSE: Duration = Duration::from_secs(60);

    /// No pacing at all: requests are never delayed by the pacer, not even after a 429
    /// (the retry policy still waits for `Retry-After` before repeating that request).
    pub const fn off() -> Self {
        Self {
            reads_per_second: None,
            writes_per_second: None,
            adaptive: false,
            max_pause: Self::DEFAULT_MAX_PAUSE,
        }
    }
}

impl Default for PacingConfig {
    fn default() -> Self {
        Self {
            reads_per_second: Some(Self::ATTIO_READS_PER_SECOND),
            writes_per_second: Some(Self::ATTIO_WRITES_PER_SECOND),
            adaptive: true,
            max_pause: Self::DEFAULT_MAX_PAUSE,
        }
    }
}

/// Which budget a request draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestClass {
    /// `GET` requests and record/entry queries (Attio counts query `POST`s as reads).
    Read,
    /// Every other request: creates, asserts, updates, deletes.
    Write,
}

/// A shared, fair, adaptive request pacer (see the [module docs](self)).
///
/// Cloning is cheap and every clone shares one schedule.
#[derive(Clone)]
pub struct Pacer {
    shared: Arc<Shared>,
}

struct Shared {
    config: PacingConfig,
    read: Lane,
    write: Lane,
    /// Every acquire waits until this instant (set from a 429's `Retry-After`).
    paused_until: Mutex<Option<Instant>>,
    /// Woken when a pause begins or grows, so queued waiters with a deadline look again.
    pause_changed: Notify,
    /// The budget shared with other processes, if any; the lanes are the fallback.
    shared_budget: Option<SharedPacing>,
    /// Whether the shared budget is in use or the pacer has fallen back to the lanes.
    health: Health,
}

struct Lane {
    /// Held by the one waiter at the head of the queue; tokio's mutex queues the others FIFO.
    turn: tokio::sync::Mutex<()>,
    state: Mutex<LaneState>,
}

/// The state under these locks stays consistent at every point a panic could happen,
/// so a poisoned lock is safe to keep using.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Pacer {
    /// A pacer with its own schedule.
    pub fn new(config: PacingConfig) -> Self {
        Self::build(config, None)
    }

    /// A pacer whose requests go on the schedule of a budget shared with other processes
    /// (a `RedisBudget` with the `redis` feature), at the rates of `config`: however many
    /// processes share that budget, together they keep under the rates. While the budget is
    /// unavailable the pacer paces alone, as [`new`](Self::new) does (see [`SharedPacing`]).
    pub fn with_shared_budget(config: PacingConfig, shared: SharedPacing) -> Self {
        Self::build(config, Some(shared))
    }

    fn build(config: PacingConfig, shared_budget: Option<SharedPacing>) -> Self {
        let lane = |rate| Lane {
            turn: tokio::sync::Mutex::new(()),
            state: Mutex::new(LaneState::new(rate)),
        };
        Self {
            shared: Arc::new(Shared {
                config,
                read: lane(config.reads_per_second),
                write: lane(config.writes_per_second),
                paused_until: Mutex::new(None),
                pause_changed: Notify::new(),
                shared_budget,
                health: Health::new(),
            }),
        }
    }

    /// The configuration this pacer was built with.
    pub fn config(&self) -> PacingConfig {
        self.shared.config
    }

    /// The limit in force now for `class` (lower than configured after 429s; requests go
    /// at 97 % of it), `None` when that class is not paced.
    pub fn current_rate(&self, class: RequestClass) -> Option<f64> {
        lock(&self.lane(class).state).current_rate()
    }

    /// The shared budget this pacer draws from, if any.
    pub fn shared_budget(&self) -> Option<&SharedPacing> {
        self.shared.shared_budget.as_ref()
    }

    /// Whether requests go on the shared budget's schedule now: `false` without one, and
    /// while the pacer has fallen back to its local schedule because the budget is
    /// unavailable.
    pub fn is_shared(&self) -> bool {
        self.shared.shared_budget.is_some() && self.shared.health.in_use()
    }

    /// The instant every request waits for after a 429, if it is still in the future.
    pub fn paused_until(&self) -> Option<Instant> {
        lock(&self.shared.paused_until).filter(|until| *until > Instant::now())
    }

    fn lane(&self, class: RequestClass) -> &Lane {
        match class {
            RequestClass::Read => &self.shared.read,
            RequestClass::Write => &self.shared.write,
        }
    }

    /// Waits until a request of `class` may be sent, in first-come, first-served order.
    ///
    /// Returns at once for an unpaced class (unless a pause is in force). Dropping the
    /// future gives up the place in the queue without using a slot.
    pub async fn acquire(&self, class: RequestClass) {
        // Without a deadline nothing is ever too late.
        let _ = self.acquire_within(class, None).await;
    }

    /// Like [`acquire`](Self::acquire), but gives up at once, returning the instant the
    /// request would have been let through, when that is after `deadline`: a request that
    /// would wait past its deadline (a long pause after a 429, a very slow pace) fails
    /// now instead of after the wait. Giving up uses no slot.
    ///
    /// # Errors
    /// The instant the request could go, when it is after `deadline`.
    pub async fn acquire_within(
        &self,
        class: RequestClass,
        deadline: Option<Instant>,
    ) -> Result<(), Instant> {
        let lane = self.lane(class);
        if !self.shared.config.adaptive && !lock(&lane.state).is_paced() {
            return Ok(());
        }
        let too_late = |at: Instant| deadline.is_some_and(|deadline| at > deadline);
        let _turn = match deadline {
            None => lane.turn.lock().await,
            Some(_) => {
                // Wait for the turn (keeping the place in the queue), but look again
                // whenever a pause begins: one past the deadline ends the wait now.
                let turn = lane.turn.lock();
                tokio::pin!(turn);
                loop {
                    let changed = self.shared.pause_changed.notified();
                    tokio::pin!(changed);
                    changed.as_mut().enable();
                    if let Some(until) = self.paused_until().filter(|until| too_late(*until)) {
                        return Err(until);
                    }
                    tokio::select! {
                        biased;
                        turn = &mut turn => break turn,
                        () = &mut changed => {}
                    }
                }
            }
        };
        if let Some(shared) = &self.shared.shared_budget
            && let Some(result) = self.acquire_shared(shared, lane, class, deadline).await
        {
            return result;
        }
        // Re-check after every sleep: the rate may have dropped or a pause begun meanwhile.
        while let Some(at) = self.try_grant(lane) {
            if too_late(at) {
                return Err(at);
            }
            tokio::time::sleep_until(at).await;
        }
        Ok(())
    }

    /// Lets the request at the head of `lane`'s queue through if its time has come, or
    /// returns the instant to wait for.
    fn try_grant(&self, lane: &Lane) -> Option<Instant> {
        let now = Instant::now();
        // A pause already over still counts: the grid restarts where the pause ended.
        let paused = *lock(&self.shared.paused_until);
        let mut state = lock(&lane.state);
        let ready = match (state.ready_at(), paused) {
            (Some(slot), Some(pause)) => Some(slot.max(pause)),
            (slot, pause) => slot.or(pause),
        };
        match ready {
            Some(at) if at > now => Some(at),
            _ => {
                state.grant(now, ready);
                None
            }
        }
    }

    /// Makes every waiting and future [`acquire`](Self::acquire) wait until `until` (the
    /// instant a 429's `Retry-After` names), but no later than
    /// [`max_pause`](PacingConfig::max_pause) from now. A pause never shortens one already
    /// in force. Does nothing when the pacer is not adaptive.
    pub fn pause_until(&self, until: Instant) {
        if !self.shared.config.adaptive {
            return;
        }
        let now = Instant::now();
        let until = until.min(instant_after(now, self.shared.config.max_pause));
        {
            let mut paused = lock(&self.shared.paused_until);
            *paused = Some(paused.map_or(until, |current| current.max(until)));
        }
        self.shared.pause_changed.notify_waiters();
    }

    /// [`pause_until`](Self::pause_until) `wait` from now: what a 429's `Retry-After`
    /// asks for, however long (it is capped at [`max_pause`](PacingConfig::max_pause)).
    pub fn pause_for(&self, wait: Duration) {
        self.pause_until(instant_after(Instant::now(), wait));
    }

    /// What a 429 for a request of `class`, sent at `sent_at`, whose `Retry-After` asks for
    /// `wait`, does to the pacer: it is counted
    /// ([`record_rate_limited_sent_at`](Self::record_rate_limited_sent_at)), and every
    /// request waits for `wait` when it is part of a sustained run, or when `wait` is longer
    /// than [`LIMIT_RETRY_HORIZON`] (then it is not the per-second limit's "next second" but
    /// Attio asking for a pause, which a lone 429 is enough to honour). Returns whether
    /// every request was paused. Does nothing when the pacer is not adaptive.
    pub fn answer_rate_limited(
        &self,
        class: RequestClass,
        sent_at: Instant,
        wait: Option<Duration>,
    ) -> bool {
        let sustained = self.record_rate_limited_sent_at(class, sent_at);
        let Some(wait) = wait.filter(|_| self.shared.config.adaptive) else {
            return false;
        };
        let paused = sustained || wait > LIMIT_RETRY_HORIZON;
        if paused {
            self.pause_for(wait);
        }
        paused
    }

    /// Reports a 429 for a request of `class` and returns whether it is part of a
    /// sustained run: at least a fifth of the class's answers in the last one to two
    /// seconds, and at least 3 of them, were
    /// 429s, or a run was confirmed less than 10 s ago (see
    /// [`record_rate_limited_sent_at`](Self::record_rate_limited_sent_at)). Only such a run cuts that class's pace to 70 %
    /// (at most once per second, so the 429s of every request already in flight count
    /// once), down to a tenth of the configured rate; an isolated 429 (a fault, a
    /// neighbour's burst) leaves the pace alone, and the caller pauses every request for
    /// its `Retry-After` only when this returns `true`. Returns `false` and does nothing
    /// when the pacer is not adaptive.
    pub fn record_rate_limited(&self, class: RequestClass) -> bool {
        self.rate_limited(class, None)
    }

    /// [`record_rate_limited`](Self::record_rate_limited) for a request sent at `sent_at`:
    /// two 429s in a row for requests sent after an earlier 429 was answered (within a
    /// second of it, no success between them) confirm that the limit, not a fault, is
    /// refusing requests, and count as a sustained run at once. For 10 s after that (and
    /// after each later 429 within that time) every 429 counts as the limit, so a fleet
    /// meeting the limit each second pauses at its first 429; a success for a request
    /// sent while such a 429 was on its way back shows it was isolated and ends that.
    pub fn record_rate_limited_sent_at(&self, class: RequestClass, sent_at: Instant) -> bool {
        self.rate_limited(class, Some(sent_at))
    }

    fn rate_limited(&self, class: RequestClass, sent_at: Option<Instant>) -> bool {
        self.shared.config.adaptive
            && lock(&self.lane(class).state).rate_limited(Instant::now(), sent_at)
    }

    /// Reports a successful request of `class`: adds back 2 % of the configured rate, up
    /// to the configured rate, unless the pace was lowered less than a second ago. Does
    /// nothing when the pacer is not adaptive.
    pub fn record_success(&self, class: RequestClass) {
        self.success(class, None);
    }

    /// [`record_success`](Self::record_success) for a request sent at `sent_at`: one sent
    /// after a 429 was answered also marks that 429 as isolated (see
    /// [`record_rate_limited_sent_at`](Self::record_rate_limited_sent_at)).
    pub fn record_success_sent_at(&self, class: RequestClass, sent_at: Instant) {
        self.success(class, Some(sent_at));
    }

    fn success(&self, class: RequestClass, sent_at: Option<Instant>) {
        if self.shared.config.adaptive {
            lock(&self.lane(class).state).increase(Instant::now(), sent_at);
        }
    }
}

impl Default for Pacer {
    /// A pacer at Attio's documented limits ([`PacingConfig::default`]).
    fn default() -> Self {
        Self::new(PacingConfig::default())
    }
}

impl fmt::Debug for Pacer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pacer")
            .field("config", &self.shared.config)
            .field("read_rate", &self.current_rate(RequestClass::Read))
            .field("write_rate", &self.current_rate(RequestClass::Write))
            .field("shared_budget", &self.shared.shared_budget)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
