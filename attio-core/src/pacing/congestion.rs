//! Telling an isolated 429 from a sustained run of them: the share of 429s among the
//! answers of a recent window.
//!
//! Attio answers 429 for a request it did not process; one now and then (a neighbour's
//! burst, a fault) says little about the pace, while a run of them (a fleet over the limit)
//! says the pace is too high. Only the second should cut the pace or pause every request.

use tokio::time::{Duration, Instant};

/// The length of one bucket; the window is the current bucket and the one before it, so
/// between one and two seconds of answers.
const BUCKET: Duration = Duration::from_secs(1);
/// The fewest 429s in the window that count as congestion.
const MIN_LIMITED: u32 = 2;
/// With fewer answers than this in the window, a single 429 is not known to be isolated
/// and counts as congestion (the start of a run, or a client sending little).
const MIN_EVIDENCE: u32 = 10;
/// The least share of 429s among the window's answers that counts as congestion: ten
/// times an occasional 1 % and twice a fault rate of 5 %, while a fleet at twice the limit
/// sees about half of its requests refused.
const MIN_SHARE: f64 = 0.1;

/// Answers (successes and 429s) of one request class over a recent window.
#[derive(Debug, Default, Clone)]
pub(super) struct Window {
    started: Option<Instant>,
    current: Counts,
    previous: Counts,
}

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    ok: u32,
    limited: u32,
}

impl Window {
    /// Counts a success at `now`.
    pub(super) fn success(&mut self, now: Instant) {
        self.roll(now);
        self.current.ok = self.current.ok.saturating_add(1);
    }

    /// Counts a 429 at `now` and says whether the window now shows congestion: 429s making
    /// at least [`MIN_SHARE`] of its answers, and at least [`MIN_LIMITED`] of them unless
    /// the window holds fewer than [`MIN_EVIDENCE`] answers.
    pub(super) fn rate_limited(&mut self, now: Instant) -> bool {
        self.roll(now);
        self.current.limited = self.current.limited.saturating_add(1);
        let limited = self.current.limited.saturating_add(self.previous.limited);
        let ok = self.current.ok.saturating_add(self.previous.ok);
        let total = limited.saturating_add(ok);
        (limited >= MIN_LIMITED || total < MIN_EVIDENCE)
            && f64::from(limited) >= MIN_SHARE * f64::from(total)
    }

    /// Forgets everything counted: after the pace changed, the old answers say nothing
    /// about the new pace.
    pub(super) fn clear(&mut self) {
        *self = Self::default();
    }

    fn roll(&mut self, now: Instant) {
        let started = *self.started.get_or_insert(now);
        let age = now.saturating_duration_since(started);
        if age < BUCKET {
            return;
        }
        self.previous = if age < 2 * BUCKET {
            self.current
        } else {
            Counts::default()
        };
        self.current = Counts::default();
        self.started = Some(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_isolated_429_among_successes_is_not_congestion() {
        let start = Instant::now();
        let mut window = Window::default();
        for i in 0..19 {
            window.success(start + Duration::from_millis(i * 10));
        }
        assert!(!window.rate_limited(start + Duration::from_millis(200)));
        // A second one within the window, at 2 of 21 answers (9.5 %): still not.
        for i in 0..20 {
            window.success(start + Duration::from_millis(300 + i * 10));
        }
        assert!(!window.rate_limited(start + Duration::from_millis(600)));
    }

    #[test]
    fn a_429_with_few_answers_around_it_is_congestion() {
        let start = Instant::now();
        let mut window = Window::default();
        for i in 0..8 {
            window.success(start + Duration::from_millis(i));
        }
        assert!(window.rate_limited(start + Duration::from_millis(20)));
    }

    #[test]
    fn a_run_of_429s_is_congestion() {
        let start = Instant::now();
        let mut window = Window::default();
        for i in 0..18 {
            window.success(start + Duration::from_millis(i));
        }
        assert!(!window.rate_limited(start + Duration::from_millis(20)));
        assert!(window.rate_limited(start + Duration::from_millis(21)));
    }

    #[test]
    fn answers_older_than_two_buckets_are_forgotten() {
        let start = Instant::now();
        let mut window = Window::default();
        for i in 0..15 {
            window.success(start + Duration::from_millis(i));
        }
        assert!(!window.rate_limited(start + Duration::from_millis(100)));
        // Within the window: the second 429 of 17 answers.
        let second = start + Duration::from_millis(1500);
        assert!(window.rate_limited(second));
        window.clear();
        // Three seconds later the successes no longer count: a lone 429 with no
        // evidence around it is taken as the limit.
        assert!(window.rate_limited(second + Duration::from_secs(3)));
    }
}
