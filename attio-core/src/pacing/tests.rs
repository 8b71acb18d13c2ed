use std::sync::{Arc, Mutex};

use tokio::time::{Duration, Instant};

use super::lane::HEADROOM;
use super::{Pacer, PacingConfig, RequestClass};

/// `n` grid intervals at `rate` (the pacer aims `HEADROOM` under it).
fn intervals(rate: f64, n: u32) -> Duration {
    Duration::from_secs_f64(f64::from(n) / (rate * HEADROOM))
}

/// Equal within the paused clock's millisecond timer resolution.
fn assert_close(actual: Duration, expected: Duration) {
    let diff = actual.abs_diff(expected);
    assert!(
        diff <= Duration::from_millis(1),
        "{actual:?} != {expected:?}"
    );
}

fn writes_at(rate: f64) -> Pacer {
    Pacer::new(PacingConfig {
        reads_per_second: None,
        writes_per_second: Some(rate),
        adaptive: true,
        ..PacingConfig::default()
    })
}

/// Spawns `n` tasks that each acquire once (in spawn order) on a clone of `pacer` and
/// returns the instants at which they were let through, in the order they were.
async fn acquire_concurrently(
    pacer: &Pacer,
    class: RequestClass,
    n: usize,
) -> Vec<(usize, Instant)> {
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut tasks = Vec::new();
    for i in 0..n {
        let (pacer, log) = (pacer.clone(), log.clone());
        tasks.push(tokio::spawn(async move {
            pacer.acquire(class).await;
            log.lock().unwrap().push((i, Instant::now()));
        }));
        // Let the task reach the queue before the next one is spawned.
        tokio::task::yield_now().await;
    }
    for task in tasks {
        task.await.unwrap();
    }
    Arc::try_unwrap(log).unwrap().into_inner().unwrap()
}

#[tokio::test(start_paused = true)]
async fn sequential_acquires_take_n_over_rate() {
    let pacer = writes_at(25.0);
    let start = Instant::now();
    for _ in 0..51 {
        pacer.acquire(RequestClass::Write).await;
    }
    // The first goes at once, then one per 41.2 ms (3 % under 25/s).
    assert_close(start.elapsed(), intervals(25.0, 50));
}

#[tokio::test(start_paused = true)]
async fn concurrent_tasks_share_one_even_schedule() {
    let pacer = Pacer::default();
    let start = Instant::now();
    let grants = acquire_concurrently(&pacer, RequestClass::Read, 201).await;
    let times: Vec<Instant> = grants.iter().map(|(_, t)| *t).collect();
    for pair in times.windows(2) {
        assert!(pair[1] - pair[0] >= Duration::from_millis(9), "{pair:?}");
    }
    // No clock second holds more than 100 reads.
    for (i, t) in times.iter().enumerate().skip(100) {
        assert!(*t - times[i - 100] >= Duration::from_secs(1));
    }
    assert_close(start.elapsed(), intervals(100.0, 200));
}

#[tokio::test(start_paused = true)]
async fn waiters_are_served_first_come_first_served() {
    let pacer = writes_at(10.0);
    let grants = acquire_concurrently(&pacer, RequestClass::Write, 30).await;
    let order: Vec<usize> = grants.iter().map(|(i, _)| *i).collect();
    assert_eq!(order, (0..30).collect::<Vec<_>>());
}

#[tokio::test(start_paused = true)]
async fn reads_and_writes_have_separate_budgets() {
    let pacer = Pacer::default();
    let start = Instant::now();
    for _ in 0..26 {
        pacer.acquire(RequestClass::Write).await;
    }
    let after_writes = start.elapsed();
    assert!(after_writes >= Duration::from_secs(1));
    // The read lane is untouched by the writes: the first read goes at once.
    let before = Instant::now();
    pacer.acquire(RequestClass::Read).await;
    assert_eq!(before.elapsed(), Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn pause_blocks_waiting_and_future_acquires() {
    let pacer = writes_at(25.0);
    pacer.acquire(RequestClass::Write).await;
    let start = Instant::now();
    let until = start + Duration::from_secs(3);
    let waiting = {
        let pacer = pacer.clone();
        tokio::spawn(async move {
            pacer.acquire(RequestClass::Write).await;
            Instant::now()
        })
    };
    tokio::task::yield_now().await;
    pacer.pause_until(until);
    assert_eq!(pacer.paused_until(), Some(until));
    let first = waiting.await.unwrap();
    assert_eq!(first, until);
    // Later acquires, of either class, are spaced after the pause, not bunched at its end.
    pacer.acquire(RequestClass::Write).await;
    assert_close(Instant::now() - until, intervals(25.0, 1));
    // A shorter pause does not shorten the one in force.
    pacer.pause_until(Instant::now() + Duration::from_secs(5));
    pacer.pause_until(Instant::now() + Duration::from_secs(1));
    let before = Instant::now();
    pacer.acquire(RequestClass::Read).await;
    assert_eq!(before.elapsed(), Duration::from_secs(5));
    assert_eq!(pacer.paused_until(), None);
}

fn assert_near(actual: f64, expected: f64) {
    assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
}

/// A sustained run: three 429s in a row (no success between them).
fn congestion(pacer: &Pacer) -> bool {
    (0..3).fold(false, |run, _| {
        pacer.record_rate_limited(RequestClass::Write) | run
    })
}

#[tokio::test(start_paused = true)]
async fn a_run_of_429s_cuts_the_pace_once_per_second_down_to_a_floor() {
    let pacer = writes_at(20.0);
    let rate = || pacer.current_rate(RequestClass::Write).unwrap();
    assert!(congestion(&pacer));
    assert_near(rate(), 14.0);
    // The other 429s of the same burst count once.
    assert!(congestion(&pacer));
    assert_near(rate(), 14.0);
    tokio::time::advance(Duration::from_secs(1)).await;
    assert!(congestion(&pacer));
    assert_near(rate(), 9.8);
    for _ in 0..10 {
        tokio::time::advance(Duration::from_secs(1)).await;
        congestion(&pacer);
    }
    assert_near(rate(), 2.0);
    // The slower pace is what acquires follow.
    pacer.acquire(RequestClass::Write).await;
    let before = Instant::now();
    pacer.acquire(RequestClass::Write).await;
    assert_close(before.elapsed(), intervals(2.0, 1));
    // Reads are untouched.
    assert_eq!(pacer.current_rate(RequestClass::Read), None);
}

#[tokio::test(start_paused = true)]
async fn isolated_429s_among_successes_leave_the_pace_alone() {
    let pacer = writes_at(200.0);
    // 5 % of the answers are 429s, spread out: a fault rate, not the limit.
    for i in 0..400 {
        tokio::time::advance(Duration::from_millis(5)).await;
        if i % 20 == 10 {
            assert!(!pacer.record_rate_limited(RequestClass::Write), "429 #{i}");
        } else {
            pacer.record_success(RequestClass::Write);
        }
    }
    assert_eq!(pacer.current_rate(RequestClass::Write), Some(200.0));
    // But three 429s with hardly any answers around them (after a quiet spell) are taken
    // as the limit: nothing says they are isolated. One or two are not (a client starting
    // at the limit has many requests in flight before ten answers are in).
    tokio::time::advance(Duration::from_secs(5)).await;
    assert!(!pacer.record_rate_limited(RequestClass::Write));
    assert!(!pacer.record_rate_limited(RequestClass::Write));
    assert_eq!(pacer.current_rate(RequestClass::Write), Some(200.0));
    assert!(pacer.record_rate_limited(RequestClass::Write));
    assert_near(pacer.current_rate(RequestClass::Write).unwrap(), 140.0);
}

#[tokio::test(start_paused = true)]
async fn an_isolated_429_pauses_everyone_only_when_its_retry_after_is_past_the_next_second() {
    let pacer = writes_at(200.0);
    let class = RequestClass::Write;
    for _ in 0..50 {
        tokio::time::advance(Duration::from_millis(5)).await;
        pacer.record_success(class);
    }
    // The per-second limit's "next second": only the request that met it waits.
    let short = Some(Duration::from_millis(900));
    assert!(!pacer.answer_rate_limited(class, Instant::now(), short));
    assert_eq!(pacer.paused_until(), None);
    // Attio asking for ten seconds is a pause for every request, however isolated.
    tokio::time::advance(Duration::from_millis(5)).await;
    let long = Some(Duration::from_secs(10));
    assert!(pacer.answer_rate_limited(class, Instant::now(), long));
    let until = pacer.paused_until().expect("paused");
    assert_close(until - Instant::now(), Duration::from_secs(10));
    // Neither cut the pace: two 429s among fifty successes are not the limit.
    assert_eq!(pacer.current_rate(class), Some(200.0));
}

#[tokio::test(start_paused = true)]
async fn a_sustained_share_of_429s_among_successes_cuts_the_pace() {
    let pacer = writes_at(200.0);
    // A fleet over the limit: a third of the answers are 429s.
    let mut congested = false;
    for i in 0..30 {
        tokio::time::advance(Duration::from_millis(5)).await;
        if i % 3 == 2 {
            congested |= pacer.record_rate_limited(RequestClass::Write);
        } else {
            pacer.record_success(RequestClass::Write);
        }
    }
    assert!(congested);
    assert_near(pacer.current_rate(RequestClass::Write).unwrap(), 140.0);
}

#[tokio::test(start_paused = true)]
async fn successes_recover_the_pace_additively_up_to_the_configured_rate() {
    let pacer = writes_at(20.0);
    let rate = || pacer.current_rate(RequestClass::Write).unwrap();
    congestion(&pacer);
    // Successes of requests sent before the 429 do not count.
    pacer.record_success(RequestClass::Write);
    assert_near(rate(), 14.0);
    tokio::time::advance(Duration::from_secs(1)).await;
    pacer.record_success(RequestClass::Write);
    assert_near(rate(), 14.4);
    for _ in 0..14 {
        pacer.record_success(RequestClass::Write);
    }
    assert_near(rate(), 20.0);
    for _ in 0..10 {
        pacer.record_success(RequestClass::Write);
    }
    assert_eq!(rate(), 20.0);
}

#[tokio::test(start_paused = true)]
async fn off_never_waits() {
    let pacer = Pacer::new(PacingConfig::off());
    pacer.pause_until(Instant::now() + Duration::from_secs(60));
    pacer.record_rate_limited(RequestClass::Write);
    let start = Instant::now();
    for _ in 0..1000 {
        pacer.acquire(RequestClass::Write).await;
        pacer.acquire(RequestClass::Read).await;
    }
    assert_eq!(start.elapsed(), Duration::ZERO);
    assert_eq!(pacer.paused_until(), None);
    assert_eq!(pacer.current_rate(RequestClass::Write), None);
}

#[tokio::test(start_paused = true)]
async fn not_adaptive_ignores_429_signals() {
    let pacer = Pacer::new(PacingConfig {
        adaptive: false,
        ..PacingConfig::default()
    });
    pacer.pause_until(Instant::now() + Duration::from_secs(60));
    assert!(!congestion(&pacer));
    assert_eq!(pacer.current_rate(RequestClass::Write), Some(25.0));
    let start = Instant::now();
    pacer.acquire(RequestClass::Write).await;
    assert_eq!(start.elapsed(), Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn unpaced_class_still_honours_a_pause_when_adaptive() {
    let pacer = writes_at(25.0);
    let start = Instant::now();
    for _ in 0..100 {
        pacer.acquire(RequestClass::Read).await;
    }
    assert_eq!(start.elapsed(), Duration::ZERO);
    pacer.pause_until(start + Duration::from_millis(1500));
    pacer.acquire(RequestClass::Read).await;
    assert_eq!(start.elapsed(), Duration::from_millis(1500));
}

#[tokio::test(start_paused = true)]
async fn idle_time_is_not_saved_up_into_a_burst() {
    let pacer = writes_at(20.0);
    pacer.acquire(RequestClass::Write).await;
    tokio::time::sleep(Duration::from_secs(10)).await;
    let start = Instant::now();
    for _ in 0..3 {
        pacer.acquire(RequestClass::Write).await;
    }
    assert_close(start.elapsed(), intervals(20.0, 2));
}

#[tokio::test(start_paused = true)]
async fn a_request_woken_a_little_late_keeps_the_grid() {
    let pacer = writes_at(100.0);
    pacer.acquire(RequestClass::Write).await;
    // About 15 ms late for the 10.3 ms slot: the grid is kept, and the next ones catch up.
    tokio::time::sleep(Duration::from_millis(25)).await;
    let start = Instant::now();
    for _ in 0..3 {
        pacer.acquire(RequestClass::Write).await;
    }
    // Slots at 10.3 and 20.6 ms are past; the third is at 30.9 ms, 5.9 ms from now.
    assert_close(
        start.elapsed(),
        intervals(100.0, 3) - Duration::from_millis(25),
    );
}

#[tokio::test(start_paused = true)]
async fn a_dropped_acquire_gives_up_its_place_without_using_a_slot() {
    let pacer = writes_at(1.0);
    pacer.acquire(RequestClass::Write).await;
    let start = Instant::now();
    let gave_up = tokio::time::timeout(
        Duration::from_millis(300),
        pacer.acquire(RequestClass::Write),
    )
    .await;
    assert!(gave_up.is_err());
    pacer.acquire(RequestClass::Write).await;
    // The next slot was one interval after the first acquire; the dropped one did not
    // take it.
    assert_close(start.elapsed(), intervals(1.0, 1));
}

#[tokio::test(start_paused = true)]
async fn rates_that_are_not_positive_numbers_are_clamped_not_unlimited() {
    for rate in [0.0, -3.0, f64::NAN] {
        let pacer = writes_at(rate);
        assert_eq!(pacer.current_rate(RequestClass::Write), Some(0.001));
    }
    assert_eq!(
        writes_at(f64::INFINITY).current_rate(RequestClass::Write),
        None
    );
}

#[test]
fn default_config_is_attios_documented_limits() {
    let config = PacingConfig::default();
    assert_eq!(config.reads_per_second, Some(100.0));
    assert_eq!(config.writes_per_second, Some(25.0));
    assert!(config.adaptive);
    let debug = format!("{:?}", Pacer::default());
    assert!(debug.contains("write_rate: Some(25.0)"), "{debug}");
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_of_an_hour_pauses_for_at_most_max_pause() {
    let pacer = writes_at(25.0);
    let start = Instant::now();
    pacer.pause_for(Duration::from_secs(3600));
    assert_eq!(
        pacer.paused_until(),
        Some(start + PacingConfig::DEFAULT_MAX_PAUSE)
    );
    // Even an instant that far away (or beyond any clock) is capped, not overflowed.
    pacer.pause_for(Duration::MAX);
    assert_eq!(
        pacer.paused_until(),
        Some(start + PacingConfig::DEFAULT_MAX_PAUSE)
    );
    pacer.acquire(RequestClass::Write).await;
    assert_eq!(start.elapsed(), PacingConfig::DEFAULT_MAX_PAUSE);

    let short = Pacer::new(PacingConfig {
        max_pause: Duration::from_secs(2),
        ..PacingConfig::default()
    });
    short.pause_until(Instant::now() + Duration::from_secs(3600));
    let before = Instant::now();
    short.acquire(RequestClass::Read).await;
    assert_eq!(before.elapsed(), Duration::from_secs(2));
}

#[tokio::test(start_paused = true)]
async fn acquire_within_gives_up_at_once_when_the_pause_outlasts_the_deadline() {
    let pacer = writes_at(25.0);
    pacer.pause_for(Duration::from_secs(40));
    let start = Instant::now();
    let deadline = start + Duration::from_secs(30);
    assert_eq!(
        pacer
            .acquire_within(RequestClass::Write, Some(deadline))
            .await,
        Err(start + Duration::from_secs(40))
    );
    assert_eq!(start.elapsed(), Duration::ZERO, "no time passed");
    // Within the deadline, it waits.
    let later = start + Duration::from_secs(50);
    assert_eq!(
        pacer.acquire_within(RequestClass::Write, Some(later)).await,
        Ok(())
    );
    assert_eq!(start.elapsed(), Duration::from_secs(40));
}

#[tokio::test(start_paused = true)]
async fn a_pause_that_begins_while_queued_ends_the_wait_of_requests_it_would_hold_too_long() {
    let pacer = writes_at(1.0);
    pacer.acquire(RequestClass::Write).await;
    let start = Instant::now();
    // The head of the queue waits for its slot a second away; the next one queues behind it.
    let head = {
        let pacer = pacer.clone();
        tokio::spawn(async move { pacer.acquire(RequestClass::Write).await })
    };
    tokio::task::yield_now().await;
    let queued = {
        let pacer = pacer.clone();
        let deadline = start + Duration::from_secs(5);
        tokio::spawn(async move {
            let result = pacer
                .acquire_within(RequestClass::Write, Some(deadline))
                .await;
            (result, Instant::now())
        })
    };
    tokio::task::yield_now().await;
    pacer.pause_for(Duration::from_secs(20));
    let (result, at) = queued.await.unwrap();
    assert_eq!(result, Err(start + Duration::from_secs(20)));
    assert_eq!(at, start, "given up the moment the pause began");
    head.await.unwrap();
}

/// Against a simulated Attio (limit per clock second, 100–400 ms latency; see
/// `simulation`), on the paused clock, over several seeds.
mod simulated {
    use super::super::simulation::{self, Faults};
    use super::*;

    const LIMIT: u32 = 200;
    const SEEDS: std::ops::RangeInclusive<u64> = 1..=4;

    fn at_limit() -> Pacer {
        writes_at(f64::from(LIMIT))
    }

    /// The `two_clients` case: two processes, each paced for the whole limit, share it.
    /// Once a run of 429s is confirmed, each later one pauses at once: about 10 refused
    /// per 1,000 writes (28 when every hit of the limit waited for fresh evidence).
    #[tokio::test(start_paused = true)]
    async fn two_clients_each_paced_for_the_whole_limit_share_it_with_few_429s() {
        for seed in SEEDS {
            let pacers = vec![at_limit(), at_limit()];
            let run = simulation::run(LIMIT, Faults::default(), pacers, 3000, 128, seed).await;
            let (share, refused) = (run.share_of(LIMIT), run.limited_per_1000());
            assert!(share >= 0.95, "seed {seed}: {share:.3} of the limit");
            assert!(
                refused <= 13.0,
                "seed {seed}: {refused:.1} 429s per 1000 writes"
            );
        }
    }

    /// The `bulk_faults` case: 10 % 5xx and 5 % injected 429s. Isolated 429s must not
    /// pause the client (0.60 on one seed when a 10 % share of 429s in a small window
    /// counted as a run), and give their slot back, as they used none of the limit:
    /// 0.77–0.82 of the limit over the whole run, start and tail included, against
    /// 0.74–0.77 when each 429 kept its slot (the ceiling is 0.97 × 0.85 / 0.95 = 0.87).
    #[tokio::test(start_paused = true)]
    async fn one_client_under_injected_faults_keeps_its_pace() {
        let faults = Faults {
            server_error: 0.10,
            rate_limited: 0.05,
        };
        for seed in SEEDS {
            let run = simulation::run(LIMIT, faults, vec![at_limit()], 3000, 128, seed).await;
            let share = run.share_of(LIMIT);
            assert!(share >= 0.76, "seed {seed}: {share:.3} of the limit");
        }
    }
}
