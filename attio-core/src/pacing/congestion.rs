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
/// The fewest 429s in the window that count as congestion, however few answers it holds.
/// A client starting at the limit has dozens of requests in flight before ten answers are
/// in; taking one or two 429s among the first answers as the limit paused `bulk_faults`
/// (5 % injected 429s; two of its first five answers were 429s) until the next clock
/// second and cut its pace for a second. The limit refuses every request until its clock
/// second ends, so a real one shows a third 429 (or the probe's two in a row) within a few
/// answers, and a client sending little meets it again at its next requests.
const MIN_LIMITED: u32 = 3;
/// The least share of 429s among the window's answers that counts as congestion: four
/// times a fault rate of 5 % (whose share in a window of a few dozen answers reaches 10 %
/// by chance often enough to have paused a faulty run every few seconds), while a fleet at
/// twice the limit sees about half of its requests refused.
const MIN_SHARE: f64 = 0.2;

/// Answers (successes and 429s) of one request class over a recent window.
#[derive(Debug, Default, Clone)]
pub(super) struct Window {
    started: Option<Instant>,
    current: Counts,
    previous: Counts,
    /// After a 429 answered at `.0`: how many requests sent after it were refused too
    /// (kept across [`Window::clear`]); `None` when no 429 is being checked.
    probe: Option<(Instant, u32)>,
    /// When the last run of 429s was confirmed by evidence (the share or the probe; kept
    /// across [`Window::clear`]): within [`REGIME`] of it every 429 counts as the limit.
    congested_at: Option<Instant>,
    /// The last 429 taken as the limit by the regime alone: when it was sent and answered.
    /// A success for a request sent between the two shows it was isolated (the limit
    /// refuses every request until the clock second ends), and ends the regime.
    regime_check: Option<(Instant, Instant)>,
}

/// How long after a run of 429s was confirmed, or a 429 taken as the limit in this regime,
/// every 429 is taken as the limit at once. A fleet over the limit meets it again each clock
/// second; waiting for fresh evidence every time would cost a few more refused requests
/// per second. An isolated 429 (faults, a neighbour's burst) seldom confirms a run, and a
/// success for a request sent while one was on its way back ends the regime.
const REGIME: Duration = Duration::from_secs(10);

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
        // One sent while a 429 taken as the limit was on its way back: it was not.
        if let (Some((refused, answered)), Some(sent)) = (self.regime_check, sent_at)
            && sent > refused
            && sent < answered
        {
            self.regime_check = None;
            self.congested_at = None;
        }
        self.roll(now);
        self.current.ok = self.current.ok.saturating_add(1);
    }

    /// Counts a 429 at `now` and says whether the window now shows congestion: 429s making
    /// at least [`MIN_SHARE`] of its answers, and at least [`MIN_LIMITED`] of them.
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
        self.roll(now);
        self.current.limited = self.current.limited.saturating_add(1);
        if confirmed {
            self.probe = None;
            self.congested_at = Some(now);
            return true;
        }
        let limited = self.current.limited.saturating_add(self.previous.limited);
        let ok = self.current.ok.saturating_add(self.previous.ok);
        let total = limited.saturating_add(ok);
        let shown = limited >= MIN_LIMITED && f64::from(limited) >= MIN_SHARE * f64::from(total);
        if shown {
            return true;
        }
        if !self.in_regime(now) {
            return false;
        }
        self.congested_at = Some(now);
        if let Some(sent) = sent_at {
            self.regime_check = Some((sent, now));
        }
        true
    }

    /// Whether a run of 429s was confirmed less than [`REGIME`] ago.
    fn in_regime(&self, now: Instant) -> bool {
        self.congested_at
            .is_some_and(|at| now.saturating_duration_since(at) < REGIME)
    }

    /// Forgets everything counted: after the pace changed, the old answers say nothing
    /// about the new pace.
    pub(super) fn clear(&mut self) {
        *self = Self {
            probe: self.probe,
            congested_at: self.congested_at,
            regime_check: self.regime_check,
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
    fn three_429s_with_few_answers_around_them_are_congestion() {
        let start = Instant::now();
        let mut window = Window::default();
        for i in 0..3 {
            window.success(start + Duration::from_millis(i), None);
        }
        // Two among five answers: a client starting at the limit has dozens in flight,
        // and two faults among them are not the limit.
        assert!(!window.rate_limited(start + Duration::from_millis(20), None));
        assert!(!window.rate_limited(start + Duration::from_millis(21), None));
        assert!(window.rate_limited(start + Duration::from_millis(22), None));
    }

    #[test]
    fn a_client_sending_little_is_congested_at_its_third_429() {
        let start = Instant::now();
        let mut window = Window::default();
        assert!(!window.rate_limited(start, None));
        assert!(!window.rate_limited(start + Duration::from_millis(500), None));
        assert!(window.rate_limited(start + Duration::from_millis(900), None));
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
        for i in 0..10 {
            window.success(start + Duration::from_millis(i), None);
        }
        // 1 of 11, 2 of 12: not yet; 3 of 13 (23 %): a run.
        assert!(!window.rate_limited(start + Duration::from_millis(20), None));
        assert!(!window.rate_limited(start + Duration::from_millis(21), None));
        assert!(window.rate_limited(start + Duration::from_millis(22), None));
    }

    #[test]
    fn answers_older_than_two_buckets_are_forgotten() {
        let start = Instant::now();
        let mut window = Window::default();
        for i in 0..15 {
            window.success(start + Duration::from_millis(i), None);
        }
        assert!(!window.rate_limited(start + Duration::from_millis(100), None));
        // Three seconds later the successes no longer count: three 429s with no evidence
        // around them are taken as the limit.
        let later = start + Duration::from_secs(3);
        assert!(!window.rate_limited(later, None));
        assert!(!window.rate_limited(later + Duration::from_millis(1), None));
        assert!(window.rate_limited(later + Duration::from_millis(2), None));
    }

    /// 50 successes, then a run of 429s confirmed by two requests sent after the first
    /// was answered; returns when the run was confirmed.
    fn confirmed_run(window: &mut Window, start: Instant) -> Instant {
        for i in 0..50 {
            window.success(start + Duration::from_millis(i), None);
        }
        let first = start + Duration::from_millis(100);
        assert!(!window.rate_limited(first, Some(start + Duration::from_millis(60))));
        let after = first + Duration::from_millis(10);
        assert!(!window.rate_limited(after, Some(first + Duration::from_millis(1))));
        assert!(window.rate_limited(after, Some(first + Duration::from_millis(2))));
        after
    }

    /// Successes from `from`, 5 ms apart for `count`, all sent before `from` (in flight).
    fn successes(window: &mut Window, from: Instant, count: u64) -> Instant {
        for i in 0..count {
            window.success(from + Duration::from_millis(i * 5), Some(from));
        }
        from + Duration::from_millis(count * 5)
    }

    #[test]
    fn after_a_confirmed_run_a_lone_429_is_the_limit_until_the_regime_lapses() {
        let start = Instant::now();
        let mut window = Window::default();
        let confirmed = confirmed_run(&mut window, start);
        // A second later, one 429 among 200 successes: the limit again (a fleet meets it
        // each second), and that keeps the regime going.
        let now = successes(&mut window, confirmed + Duration::from_millis(1), 200);
        assert!(window.rate_limited(now, Some(now - Duration::from_millis(1))));
        // Quiet for longer than the regime: a lone 429 among successes is isolated again.
        let later = now + REGIME + Duration::from_secs(1);
        let now = successes(&mut window, later, 200);
        assert!(!window.rate_limited(now, Some(now - Duration::from_millis(1))));
    }

    #[test]
    fn a_success_sent_while_a_429_of_the_regime_was_on_its_way_back_ends_the_regime() {
        let start = Instant::now();
        let mut window = Window::default();
        let confirmed = confirmed_run(&mut window, start);
        let now = successes(&mut window, confirmed + Duration::from_millis(1), 200);
        // Sent 300 ms before its answer (an injected fault's latency, not the limit's
        // instant refusal): taken as the limit, for now.
        let sent = now - Duration::from_millis(300);
        assert!(window.rate_limited(now, Some(sent)));
        // A request sent after it went through before the second ended: it was isolated.
        window.success(
            now + Duration::from_millis(5),
            Some(sent + Duration::from_millis(50)),
        );
        let now = successes(&mut window, now + Duration::from_millis(10), 200);
        assert!(!window.rate_limited(now, Some(now - Duration::from_millis(300))));
    }
}
