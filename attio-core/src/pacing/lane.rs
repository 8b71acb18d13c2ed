//! One request class's schedule: a GCRA-style slot grid at the current (adaptive) rate.

use tokio::time::{Duration, Instant};

use super::congestion::Window;

/// The pace is this fraction of the rate in force. Attio counts per clock second, so pacing
/// at exactly the limit leaves no room: a request delayed on the way by a few milliseconds
/// puts one write too many into a second. 3 % under the limit absorbs tens of milliseconds
/// of jitter (about 70 ms at 25 writes/s) for 3 % of throughput.
pub(super) const HEADROOM: f64 = 0.97;
/// The lowest rate adaptive decrease goes to, as a fraction of the configured rate.
const FLOOR_FRACTION: f64 = 0.1;
/// Multiplicative decrease applied on a 429. Measured against the emulator (limit 25/s,
/// 100–400 ms latency): 0.5 cost a single client about 10 % of its throughput for one stray
/// 429, 0.7 about nothing, while two clients sharing the limit still settle at ≈ 95 % of it.
const DECREASE_FACTOR: f64 = 0.7;
/// Additive increase applied on a success, as a fraction of the configured rate:
/// from the floor back to full speed takes a few seconds of successful requests.
const INCREASE_FRACTION: f64 = 0.02;
/// A burst of 429s (every request in flight when the limit was hit) counts as one
/// congestion signal: decreases closer together than this are ignored. Attio counts
/// per clock second, so one second is the natural window.
const DECREASE_COOLDOWN: Duration = Duration::from_secs(1);
/// How late a request may be let through and still keep the grid (at least one interval):
/// tokio's timers have millisecond granularity and a busy runtime wakes sleepers late, which
/// at 200 requests/s (5 ms apart) would otherwise cost several percent of the rate.
pub(super) const CATCH_UP: Duration = Duration::from_millis(20);
/// The slowest pace a rate is clamped to (one request per 1,000 s).
pub(super) const MIN_RATE: f64 = 0.001;

/// The schedule of one request class (reads or writes).
#[derive(Debug)]
pub(super) struct LaneState {
    /// The configured rate (requests per second), `None` for no limit.
    configured: Option<f64>,
    /// The rate in force now: equal to `configured`, or lower after 429s.
    current: f64,
    /// The grid slot of the last request let through.
    last_slot: Option<Instant>,
    /// When the rate was last decreased.
    last_decrease: Option<Instant>,
    /// Recent successes and 429s, telling isolated 429s from a sustained run.
    window: Window,
    /// Requests let through on a shared budget's schedule lately: this process's share.
    shared: Meter,
    /// While falling back from a shared budget: the rate this process had through it
    /// (the local pace does not climb above it, so a fleet whose budget went away keeps
    /// its combined pace), and the rate in force before, restored on return.
    fallback: Option<Fallback>,
}

#[derive(Debug, Clone, Copy)]
struct Fallback {
    ceiling: f64,
    before: f64,
}

/// Counts events over the current and the previous second.
#[derive(Debug, Default, Clone, Copy)]
struct Meter {
    started: Option<Instant>,
    current: u32,
    previous: u32,
}

impl Meter {
    fn count(&mut self, now: Instant) {
        let started = *self.started.get_or_insert(now);
        let age = now.saturating_duration_since(started);
        if age >= Duration::from_secs(1) {
            self.previous = if age < Duration::from_secs(2) {
                self.current
            } else {
                0
            };
            self.current = 0;
            self.started = Some(now);
        }
        self.current = self.current.saturating_add(1);
    }

    /// Events per second over the last one to two seconds, `None` without a full second
    /// of them behind.
    fn rate(&self, now: Instant) -> Option<f64> {
        let age = now.saturating_duration_since(self.started?);
        if age >= Duration::from_secs(2) || self.previous == 0 {
            return None;
        }
        let span = Duration::from_secs(1) + age;
        Some(f64::from(self.previous + self.current) / span.as_secs_f64())
    }
}

impl LaneState {
    /// A lane paced at `rate` requests per second (`None`: unpaced). A rate that is not a
    /// positive number is clamped to [`MIN_RATE`]; `+inf` means unpaced.
    pub(super) fn new(rate: Option<f64>) -> Self {
        let configured = rate.and_then(|r| {
            if r == f64::INFINITY {
                None
            } else if r.is_nan() || r < MIN_RATE {
                Some(MIN_RATE)
            } else {
                Some(r)
            }
        });
        Self {
            configured,
            current: configured.unwrap_or(f64::INFINITY),
            last_slot: None,
            last_decrease: None,
            window: Window::default(),
            shared: Meter::default(),
            fallback: None,
        }
    }

    /// Whether this lane paces at all.
    pub(super) fn is_paced(&self) -> bool {
        self.configured.is_some()
    }

    /// The rate in force now, `None` when unpaced.
    pub(super) fn current_rate(&self) -> Option<f64> {
        self.configured.map(|_| self.current)
    }

    /// The spacing of the grid: one request per `1 / (rate × HEADROOM)` seconds.
    fn interval(&self) -> Duration {
        Duration::from_secs_f64(1.0 / (self.current * HEADROOM))
    }

    /// The spacing of the grid, `None` when unpaced.
    pub(super) fn paced_interval(&self) -> Option<Duration> {
        self.is_paced().then(|| self.interval())
    }

    /// The earliest instant the next request may go.
    pub(super) fn ready_at(&self) -> Option<Instant> {
        if !self.is_paced() {
            return None;
        }
        self.last_slot.map(|slot| slot + self.interval())
    }

    /// Lets one request through at `now`, which is at or after `ready` (the later of
    /// [`Self::ready_at`] and any pause).
    ///
    /// A request woken a little late (timer granularity, scheduling: less than one interval
    /// or [`CATCH_UP`]) keeps the grid, so the long-run rate is exact and the next requests
    /// catch up; one that comes later (after an idle gap) starts a new grid at `now`, so
    /// idle time is never saved up into a burst.
    pub(super) fn grant(&mut self, now: Instant, ready: Option<Instant>) {
        if !self.is_paced() {
            return;
        }
        let slot = match ready {
            Some(ready) if now < ready + self.interval().max(CATCH_UP) => ready,
            _ => now,
        };
        self.last_slot = Some(slot);
    }

    /// A 429: when it is part of a sustained run (see [`Window`]), cut the rate to 70 %
    /// (down to a floor), once per cooldown; an isolated one gives its slot back. Returns
    /// whether it is part of such a run.
    pub(super) fn rate_limited(&mut self, now: Instant, sent_at: Option<Instant>) -> bool {
        let congested = self.window.rate_limited(now, sent_at);
        let Some(configured) = self.configured else {
            return congested;
        };
        if !congested {
            self.give_back_slot();
            return false;
        }
        if !self.in_cooldown(now) {
            self.last_decrease = Some(now);
            self.current = (self.current * DECREASE_FACTOR).max(configured * FLOOR_FRACTION);
            // The answers so far were to the old pace.
            self.window.clear();
        }
        true
    }

    /// Moves the grid back by one interval, so the next request goes one slot sooner: an
    /// isolated 429 used no budget, since Attio does not process a request it answers 429
    /// (and its limiter, per second, counts what it processes). The retry takes a slot of
    /// its own. A run of 429s gives nothing back: there the limit is refusing, and the cut
    /// pace is the answer. On an idle grid this changes nothing (the next request starts a
    /// new grid at its own time).
    fn give_back_slot(&mut self) {
        if self.is_paced()
            && let Some(slot) = self.last_slot
        {
            self.last_slot = slot.checked_sub(self.interval());
        }
    }

    /// A success: add back a little rate, up to the configured one. Not within the
    /// cooldown after a decrease: those successes are of requests sent before the 429
    /// (at the old pace), and say nothing about the new one.
    pub(super) fn increase(&mut self, now: Instant, sent_at: Option<Instant>) {
        self.window.success(now, sent_at);
        if self.in_cooldown(now) {
            return;
        }
        if let Some(configured) = self.configured {
            let ceiling = self.fallback.map_or(configured, |f| f.ceiling);
            self.current = (self.current + configured * INCREASE_FRACTION).min(ceiling);
        }
    }

    /// A request let through on the shared budget's schedule at `now`.
    pub(super) fn granted_shared(&mut self, now: Instant) {
        self.shared.count(now);
    }

    /// The shared budget became unavailable at `now`: pace locally at the rate this
    /// process had through it (its share of the fleet's), not above, until it returns.
    /// Without a second of shared requests behind, the configured rate stands (a process
    /// alone, or one that never reached the budget, finds its pace as usual).
    pub(super) fn fall_back(&mut self, now: Instant) {
        let (Some(configured), Some(share)) = (self.configured, self.shared.rate(now)) else {
            return;
        };
        let ceiling = (share / HEADROOM).clamp(configured * FLOOR_FRACTION, configured);
        self.fallback = Some(Fallback {
            ceiling,
            before: self.current,
        });
        self.current = self.current.min(ceiling);
        self.shared = Meter::default();
    }

    /// The shared budget is back: its schedule is paced at the rate in force before the
    /// fallback again (the rate sets the fleet's spacing, not this process's share).
    pub(super) fn rejoin(&mut self) {
        if let Some(fallback) = self.fallback.take() {
            self.current = fallback.before;
        }
    }

    fn in_cooldown(&self, now: Instant) -> bool {
        self.last_decrease
            .is_some_and(|at| now.saturating_duration_since(at) < DECREASE_COOLDOWN)
    }
}
