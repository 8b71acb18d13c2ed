use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::future::BoxFuture;
use tokio::time::{Duration, Instant};

use crate::pacing::{
    BudgetUnavailable, Pacer, PacingConfig, RequestClass, Reservation, SharedBudget, SharedPacing,
};

const UP: u8 = 0;
const FAILING: u8 = 1;
const HANGING: u8 = 2;
/// Answers after 300 ms.
const SLOW: u8 = 3;

/// An in-process budget with the GCRA of `gcra.lua` (without catch-up), that can be
/// made to fail or hang.
#[derive(Debug, Default)]
struct FakeBudget {
    next: Mutex<Option<Instant>>,
    mode: AtomicU8,
    calls: AtomicUsize,
}

impl FakeBudget {
    fn set(&self, mode: u8) {
        self.mode.store(mode, Ordering::SeqCst);
    }
}

impl SharedBudget for FakeBudget {
    fn reserve(
        &self,
        _class: RequestClass,
        interval: Duration,
        max_wait: Duration,
    ) -> BoxFuture<'_, Result<Reservation, BudgetUnavailable>> {
        Box::pin(async move {
            self.calls.fetch_add(1, Ordering::SeqCst);
            match self.mode.load(Ordering::SeqCst) {
                FAILING => return Err(BudgetUnavailable("connection refused".into())),
                HANGING => std::future::pending::<()>().await,
                SLOW => tokio::time::sleep(Duration::from_millis(300)).await,
                _ => {}
            }
            let now = Instant::now();
            let mut next = self.next.lock().unwrap();
            let slot = next.map_or(now, |at| at.max(now));
            let wait = slot - now;
            if wait > max_wait {
                return Ok(Reservation::TooFar(wait));
            }
            *next = Some(slot + interval);
            Ok(Reservation::Granted(wait))
        })
    }
}

fn writes_at(rate: f64) -> PacingConfig {
    PacingConfig {
        reads_per_second: None,
        writes_per_second: Some(rate),
        adaptive: true,
        ..PacingConfig::default()
    }
}

fn shared_pacer(budget: &Arc<FakeBudget>, rate: f64) -> Pacer {
    Pacer::with_shared_budget(writes_at(rate), SharedPacing::new(budget.clone()))
}

/// Each of `pacers` acquires `each` writes concurrently; returns when the last went.
async fn run_together(pacers: &[Pacer], each: usize) -> Duration {
    let start = Instant::now();
    let tasks: Vec<_> = pacers
        .iter()
        .map(|pacer| {
            let pacer = pacer.clone();
            tokio::spawn(async move {
                for _ in 0..each {
                    pacer.acquire(RequestClass::Write).await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    start.elapsed()
}

#[tokio::test(start_paused = true)]
async fn pacers_sharing_a_budget_keep_its_rate_together() {
    let budget = Arc::new(FakeBudget::default());
    let pacers: Vec<Pacer> = (0..4).map(|_| shared_pacer(&budget, 20.0)).collect();
    // 4 × 25 = 100 writes at 20/s (less the headroom) take about 5.1 s together,
    // not the 1.3 s four separate pacers would.
    let elapsed = run_together(&pacers, 25).await;
    let expected = Duration::from_secs_f64(99.0 / (20.0 * super::super::lane::HEADROOM));
    assert!(
        elapsed.abs_diff(expected) <= Duration::from_millis(5),
        "{elapsed:?} vs {expected:?}"
    );
    assert!(pacers.iter().all(Pacer::is_shared));
    assert_eq!(budget.calls.load(Ordering::SeqCst), 100);
}

#[tokio::test(start_paused = true)]
async fn a_failing_budget_falls_back_to_local_pacing_and_probes_once_a_second() {
    let budget = Arc::new(FakeBudget::default());
    budget.set(FAILING);
    let pacer = shared_pacer(&budget, 20.0);
    let elapsed = run_together(std::slice::from_ref(&pacer), 41).await;
    // The local schedule: 40 intervals, about 2.06 s.
    let expected = Duration::from_secs_f64(40.0 / (20.0 * super::super::lane::HEADROOM));
    assert!(
        elapsed.abs_diff(expected) <= Duration::from_millis(5),
        "{elapsed:?}"
    );
    assert!(!pacer.is_shared());
    // The first call, then one probe per second: the acquire begun at about 1.03 s (the
    // next probe would be at 2.03 s, after the last acquire began).
    assert_eq!(budget.calls.load(Ordering::SeqCst), 2);

    // Back: the next probe succeeds and the pacer uses the budget again.
    budget.set(UP);
    tokio::time::advance(Duration::from_secs(1)).await;
    pacer.acquire(RequestClass::Write).await;
    assert!(pacer.is_shared());
    let calls = budget.calls.load(Ordering::SeqCst);
    run_together(std::slice::from_ref(&pacer), 5).await;
    assert_eq!(budget.calls.load(Ordering::SeqCst), calls + 5);
}

#[tokio::test(start_paused = true)]
async fn a_hanging_budget_costs_one_first_call_timeout_then_paces_locally() {
    let budget = Arc::new(FakeBudget::default());
    budget.set(HANGING);
    let pacer = Pacer::with_shared_budget(
        writes_at(20.0),
        SharedPacing::new(budget.clone())
            .call_timeout(Duration::from_millis(80))
            .first_call_timeout(Duration::from_millis(400)),
    );
    let start = Instant::now();
    pacer.acquire(RequestClass::Write).await;
    assert_eq!(start.elapsed(), Duration::from_millis(400));
    // The next ones do not wait for the budget at all until the next probe.
    let before = Instant::now();
    pacer.acquire(RequestClass::Write).await;
    let interval = Duration::from_secs_f64(1.0 / (20.0 * super::super::lane::HEADROOM));
    assert!(
        before.elapsed() <= interval + Duration::from_millis(1),
        "{:?}",
        before.elapsed()
    );
    assert_eq!(budget.calls.load(Ordering::SeqCst), 1);
}

#[tokio::test(start_paused = true)]
async fn a_fleet_whose_budget_fails_keeps_its_combined_pace_and_resumes_its_rate() {
    let budget = Arc::new(FakeBudget::default());
    let pacers = [shared_pacer(&budget, 20.0), shared_pacer(&budget, 20.0)];
    // Three seconds through the budget: each process gets half of its 19.4/s.
    run_together(&pacers, 30).await;
    budget.set(FAILING);
    let elapsed = run_together(&pacers, 20).await;
    assert!(pacers.iter().all(|pacer| !pacer.is_shared()));
    for pacer in &pacers {
        // Its share (9.7/s), as a rate the local schedule paces 3 % under.
        let rate = pacer.current_rate(RequestClass::Write).unwrap();
        assert!((9.0..=11.0).contains(&rate), "{rate}");
    }
    // 20 each at the share take about 2 s; pacing alone at 20/s they would take 1 s and
    // send the fleet at twice the rate.
    assert!(elapsed >= Duration::from_millis(1800), "{elapsed:?}");
    budget.set(UP);
    tokio::time::advance(Duration::from_secs(1)).await;
    for pacer in &pacers {
        pacer.acquire(RequestClass::Write).await;
    }
    assert!(pacers.iter().all(Pacer::is_shared));
    // Back on the shared schedule at the rate it had: the fleet's spacing, not a share.
    assert_eq!(pacers[0].current_rate(RequestClass::Write), Some(20.0));
}

#[tokio::test(start_paused = true)]
async fn the_first_call_may_take_longer_than_the_later_ones() {
    let budget = Arc::new(FakeBudget::default());
    budget.set(SLOW);
    // Defaults: 100 ms per call, 1 s for the first (the connection's opening).
    let pacer = shared_pacer(&budget, 20.0);
    let start = Instant::now();
    pacer.acquire(RequestClass::Write).await;
    assert_eq!(start.elapsed(), Duration::from_millis(300));
    assert!(pacer.is_shared(), "a slow first answer is not an outage");
    // Once connected, 300 ms is too slow: the pacer falls back after 100 ms.
    let before = Instant::now();
    pacer.acquire(RequestClass::Write).await;
    assert_eq!(before.elapsed(), SharedPacing::DEFAULT_CALL_TIMEOUT);
    assert!(!pacer.is_shared());
}

#[tokio::test(start_paused = true)]
async fn a_slot_beyond_the_deadline_fails_at_once_without_reserving() {
    let budget = Arc::new(FakeBudget::default());
    let pacer = shared_pacer(&budget, 1.0);
    pacer.acquire(RequestClass::Write).await;
    let start = Instant::now();
    let deadline = start + Duration::from_millis(200);
    let result = pacer
        .acquire_within(RequestClass::Write, Some(deadline))
        .await;
    let free_at = result.unwrap_err();
    assert!(free_at > deadline);
    assert_eq!(start.elapsed(), Duration::ZERO);
    assert!(
        pacer.is_shared(),
        "a slot too far is an answer, not a failure"
    );
}

#[tokio::test(start_paused = true)]
async fn a_pause_after_a_429_holds_shared_requests_too() {
    let budget = Arc::new(FakeBudget::default());
    let pacer = shared_pacer(&budget, 20.0);
    let start = Instant::now();
    pacer.pause_for(Duration::from_secs(2));
    pacer.acquire(RequestClass::Write).await;
    assert_eq!(start.elapsed(), Duration::from_secs(2));
}
