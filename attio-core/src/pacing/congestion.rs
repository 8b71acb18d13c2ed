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
    /// After a 429 answered at `.0`: how many requests sent after it were refused too
    /// (kept across [`Window::clear`]); `None` when no 429 is being checked.
    probe: Option<(Instant, u32)>,
}

/// Refusals of requests sent after a 429 was answered that confirm the limit: the limit
/// refuses every request until the clock second ends, chance (5 % faults) two in a row
/// once in 400.
const CONFIRMING: u32 = 2;

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    ok: u32,
    limited: u32,
}

impl Window {
    /// Counts a success at `now`.
    pub(super) fn success(&mut self, now: Instant, sent_at: Option<Instant>) {
        // A request sent after the 429 went through: that 429 was isolated.
        if let (Some((at, _)), Some(sent)) = (self.probe, sent_at)
            && sent > at
        {
            self.probe = None;
        }
        self.roll(now);
        self.current.ok = self.current.ok.saturating_add(1);
    }

    /// Counts a 429 at `now` and says whether the window now shows congestion: 429s making
    /// at least [`MIN_SHARE`] of its answers, and at least [`MIN_LIMITED`] of them unless
    /// the window holds fewer than [`MIN_EVIDENCE`] answers.
    ///
    /// Also congestion at once: [`CONFIRMING`] 429s in a row for requests sent (at
    /// `sent_at`) after a 429 was answered, within a second of it, with no success between
    /// them: the limit, not chance, refuses requests sent with the refusal known.
    pub(super) fn rate_limited(&mut self, now: Instant, sent_at: Option<Instant>) -> bool {
        let confirmed = match (self.probe, sent_at) {
            (Some((at, refused)), Some(sent)) if sent > at && sent - at < BUCKET => {
                self.probe = Some((at, refused + 1));
                refused + 1 >= CONFIRMING
            }
            (Some((at, _)), _) if now - at < BUCKET => false,
            _ => {
                self.probe = Some((now, 0));
                false
            }
        };
        if confirmed {
            self.probe = None;
            self.current.limited = self.current.limited.saturating_add(1);
            return true;
        }
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
        *self = Self {
            probe: self.probe,
            ..Self::default()
        };
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
            window.success(start + Duration::from_millis(i * 10), None);
        }
        assert!(!window.rate_limited(start + Duration::from_millis(200), None));
        // A second one within the window, at 2 of 21 answers (9.5 %): still not.
        for i in 0..20 {
            window.success(start + Duration::from_millis(300 + i * 10), None);
        }
        assert!(!window.rate_limited(start + Duration::from_millis(600), None));
    }

    #[test]
    fn a_429_with_few_answers_around_it_is_congestion() {
        let start = Instant::now();
        let mut window = Window::default();
        for i in 0..8 {
            window.success(start + Duration::from_millis(i), None);
        }
        assert!(window.rate_limited(start + Duration::from_millis(20), None));
    }

    #[test]
    fn a_429_for_a_request_sent_after_a_429_was_answered_is_congestion() {
        let start = Instant::now();
        let mut window = Window::default();
        for i in 0..50 {
            window.success(start + Duration::from_millis(i), None);
        }
        let first = start + Duration::from_millis(100);
        assert!(!window.rate_limited(first, Some(first - Duration::from_millis(200))));
        // Sent before the first was answered: in flight, says nothing.
        let in_flight = first - Duration::from_millis(10);
        assert!(!window.rate_limited(first + Duration::from_millis(150), Some(in_flight)));
        // Two sent after, refused in a row: the limit refuses.
        let after = first + Duration::from_millis(300);
        assert!(!window.rate_limited(after, Some(after - Duration::from_millis(100))));
        assert!(window.rate_limited(after, Some(after - Duration::from_millis(90))));
    }

    #[test]
    fn a_success_sent_after_a_429_marks_it_isolated() {
        let start = Instant::now();
        let mut window = Window::default();
        for i in 0..50 {
            window.success(start + Duration::from_millis(i), None);
        }
        let first = start + Duration::from_millis(100);
        assert!(!window.rate_limited(first, Some(start)));
        let later = first + Duration::from_millis(200);
        assert!(!window.rate_limited(later, Some(first + Duration::from_millis(10))));
        window.success(later, Some(first + Duration::from_millis(20)));
        // The check starts over: this 429 is a new first.
        assert!(!window.rate_limited(later, Some(first + Duration::from_millis(30))));
    }

    #[test]
    fn a_run_of_429s_is_congestion() {
        let start = Instant::now();
        let mut window = Window::default();
        for i in 0..18 {
            window.success(start + Duration::from_millis(i), None);
        }
        assert!(!window.rate_limited(start + Duration::from_millis(20), None));
        assert!(window.rate_limited(start + Duration::from_millis(21), None));
    }

    #[test]
    fn answers_older_than_two_buckets_are_forgotten() {
        let start = Instant::now();
        let mut window = Window::default();
        for i in 0..15 {
            window.success(start + Duration::from_millis(i), None);
        }
        assert!(!window.rate_limited(start + Duration::from_millis(100), None));
        // Within the window: the second 429 of 17 answers.
        let second = start + Duration::from_millis(1500);
        assert!(window.rate_limited(second, None));
        window.clear();
        // Three seconds later the successes no longer count: a lone 429 with no
        // evidence around it is taken as the limit.
        assert!(window.rate_limited(second + Duration::from_secs(3), None));
    }
}
