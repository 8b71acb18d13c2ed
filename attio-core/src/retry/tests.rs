use std::time::Duration;

use super::{Decision, Failure, Idempotency, RetryBudget, RetryPolicy, RetryState};

const SAFE: Idempotency = Idempotency::Safe;
const UNSAFE: Idempotency = Idempotency::Unsafe;
const UNAVAILABLE: Failure = Failure::Server { status: 503 };

/// A policy limited only by retry counts.
fn generous() -> RetryPolicy {
    RetryPolicy::default()
        .no_deadline()
        .budget(RetryBudget::unlimited())
}

fn retry_delay(decision: Decision) -> Duration {
    match decision {
        Decision::Retry(delay) => delay,
        other => panic!("expected a retry, got {other:?}"),
    }
}

fn rate_limited(secs: u64) -> Failure {
    Failure::RateLimited {
        retry_after: Some(Duration::from_secs(secs)),
    }
}

#[test]
fn safe_requests_retry_every_transient_failure() {
    let policy = generous();
    for failure in [
        UNAVAILABLE,
        Failure::Server { status: 500 },
        Failure::Server { status: 502 },
        Failure::Server { status: 504 },
        Failure::Server { status: 408 },
        Failure::Timeout,
        Failure::ConnectFailed,
        Failure::ConnectionLost,
        rate_limited(1),
    ] {
        let mut state = RetryState::new(&policy);
        assert!(
            matches!(
                policy.decide(&mut state, SAFE, &failure),
                Decision::Retry(_)
            ),
            "{failure:?}"
        );
        assert_eq!(state.attempt(), 2);
    }
}

#[test]
fn unsafe_requests_retry_only_what_certainly_was_not_applied() {
    let policy = generous();
    for failure in [Failure::ConnectFailed, rate_limited(1)] {
        let mut state = RetryState::new(&policy);
        assert!(matches!(
            policy.decide(&mut state, UNSAFE, &failure),
            Decision::Retry(_)
        ));
    }
    for failure in [UNAVAILABLE, Failure::Timeout, Failure::ConnectionLost] {
        let mut state = RetryState::new(&policy);
        assert_eq!(
            policy.decide(&mut state, UNSAFE, &failure),
            Decision::OutcomeUnknown
        );
        assert_eq!(state.attempt(), 1, "no retry recorded");
    }
}

#[test]
fn statuses_that_will_not_go_away_are_not_retried() {
    let policy = generous();
    for status in [501, 505, 400, 404] {
        for idem in [SAFE, UNSAFE] {
            let mut state = RetryState::new(&policy);
            let failure = Failure::Server { status };
            assert_eq!(
                policy.decide(&mut state, idem, &failure),
                Decision::GiveUp,
                "{status}"
            );
        }
    }
}

#[test]
fn backoff_is_full_jitter_under_a_doubling_ceiling_with_a_cap() {
    let policy = generous()
        .max_retries(8)
        .base_delay(Duration::from_millis(100))
        .max_delay(Duration::from_millis(1000));
    let ceilings = [100, 200, 400, 800, 1000, 1000, 1000, 1000];
    let mut samples: Vec<Vec<Duration>> = vec![Vec::new(); ceilings.len()];
    for _ in 0..200 {
        let mut state = RetryState::new(&policy);
        for slot in samples.iter_mut() {
            slot.push(retry_delay(policy.decide(&mut state, SAFE, &UNAVAILABLE)));
        }
        assert_eq!(
            policy.decide(&mut state, SAFE, &UNAVAILABLE),
            Decision::GiveUp
        );
        assert_eq!(state.retries(), 8);
    }
    for (ceiling, delays) in ceilings.iter().zip(&samples) {
        let ceiling = Duration::from_millis(*ceiling);
        assert!(delays.iter().all(|d| *d <= ceiling));
        // Full jitter: spread over the whole range, not bunched at the ceiling.
        assert!(delays.iter().any(|d| *d < ceiling / 4), "{ceiling:?}");
        assert!(delays.iter().any(|d| *d > ceiling * 3 / 4), "{ceiling:?}");
    }
}

#[test]
fn huge_retry_counts_do_not_overflow_the_backoff() {
    let policy = generous()
        .max_retries(100)
        .max_delay(Duration::from_secs(3));
    let mut state = RetryState::new(&policy);
    for _ in 0..100 {
        assert!(
            retry_delay(policy.decide(&mut state, SAFE, &Failure::Timeout))
                <= Duration::from_secs(3)
        );
    }
}

#[test]
fn rate_limited_waits_for_retry_after_plus_a_little_jitter() {
    let policy = generous().rate_limit_jitter(Duration::from_millis(100));
    let mut state = RetryState::new(&policy);
    let wait = retry_delay(policy.decide(&mut state, UNSAFE, &rate_limited(2)));
    assert!(
        wait >= Duration::from_secs(2) && wait <= Duration::from_millis(2100),
        "{wait:?}"
    );
    assert_eq!((state.rate_limited_retries(), state.retries()), (1, 0));
}

#[test]
fn rate_limited_without_retry_after_waits_at_least_a_second() {
    let policy = generous().rate_limit_jitter(Duration::ZERO);
    let mut state = RetryState::new(&policy);
    let failure = Failure::RateLimited { retry_after: None };
    assert_eq!(
        retry_delay(policy.decide(&mut state, SAFE, &failure)),
        Duration::from_secs(1)
    );
}

#[test]
fn rate_limited_retries_are_counted_apart_and_cost_no_budget() {
    let policy = RetryPolicy::default()
        .max_retries(1)
        .max_rate_limited_retries(3)
        .no_deadline()
        .budget(RetryBudget::new(0.0, 0.0, 0.0));
    let mut state = RetryState::new(&policy);
    for _ in 0..3 {
        assert!(matches!(
            policy.decide(&mut state, SAFE, &rate_limited(0)),
            Decision::Retry(_)
        ));
    }
    assert_eq!(
        policy.decide(&mut state, SAFE, &rate_limited(0)),
        Decision::GiveUp
    );
    // The empty budget stops error retries, though the count would allow one.
    assert_eq!(
        policy.decide(&mut state, SAFE, &UNAVAILABLE),
        Decision::GiveUp
    );
    assert_eq!(state.attempt(), 4);
}

#[test]
fn budget_limits_retries_to_a_share_of_requests_and_is_shared_by_clones() {
    let policy = RetryPolicy::default()
        .no_deadline()
        .budget(RetryBudget::new(0.2, 0.0, 100.0));
    let clone = policy.clone();
    // Ten requests (five through each clone) earn two retries between them.
    let mut states: Vec<RetryState> = (0..10)
        .map(|i| RetryState::new(if i % 2 == 0 { &policy } else { &clone }))
        .collect();
    assert!((policy.retry_budget().available() - 2.0).abs() < 1e-9);
    let decisions: Vec<Decision> = states
        .iter_mut()
        .map(|state| clone.decide(state, SAFE, &Failure::ConnectionLost))
        .collect();
    let retried = decisions
        .iter()
        .filter(|d| matches!(d, Decision::Retry(_)))
        .count();
    assert_eq!(retried, 2, "{decisions:?}");
    assert!(decisions[2..].iter().all(|d| *d == Decision::GiveUp));
}

#[test]
fn deposits_folded_in_later_still_stop_at_the_capacity() {
    let policy = RetryPolicy::default()
        .no_deadline()
        .budget(RetryBudget::new(1.0, 0.0, 3.0));
    let mut states: Vec<RetryState> = (0..10).map(|_| RetryState::new(&policy)).collect();
    assert!((policy.retry_budget().available() - 3.0).abs() < 1e-9);
    let retried = states
        .iter_mut()
        .map(|state| policy.decide(state, SAFE, &Failure::ConnectionLost))
        .filter(|d| matches!(d, Decision::Retry(_)))
        .count();
    assert_eq!(retried, 3);
    assert!(policy.retry_budget().available().abs() < 1e-9);
    // A deposit after the withdrawals counts again.
    let _next = RetryState::new(&policy);
    assert!((policy.retry_budget().available() - 1.0).abs() < 1e-9);
}

#[tokio::test(start_paused = true)]
async fn budget_earns_a_floor_of_retries_per_second() {
    let budget = RetryBudget::new(0.0, 2.0, 3.0);
    assert_eq!(budget.available(), 2.0);
    assert!(budget.withdraw() && budget.withdraw() && !budget.withdraw());
    tokio::time::advance(Duration::from_millis(500)).await;
    assert!(budget.withdraw() && !budget.withdraw());
    // Saving up stops at the capacity.
    tokio::time::advance(Duration::from_secs(60)).await;
    assert_eq!(budget.available(), 3.0);
}

#[tokio::test(start_paused = true)]
async fn no_retry_is_scheduled_past_the_deadline() {
    let policy = generous()
        .deadline(Duration::from_secs(5))
        .rate_limit_jitter(Duration::ZERO);
    let mut state = RetryState::new(&policy);
    tokio::time::advance(Duration::from_secs(3)).await;
    assert_eq!(state.elapsed(), Duration::from_secs(3));
    assert_eq!(
        policy.decide(&mut state, SAFE, &rate_limited(3)),
        Decision::GiveUp
    );
    assert_eq!(
        policy.decide(&mut state, SAFE, &rate_limited(2)),
        Decision::Retry(Duration::from_secs(2))
    );
    tokio::time::advance(Duration::from_millis(2001)).await;
    assert_eq!(
        policy.decide(&mut state, SAFE, &UNAVAILABLE),
        Decision::GiveUp
    );
    assert_eq!(
        policy.decide(&mut state, SAFE, &rate_limited(0)),
        Decision::GiveUp
    );
    // Unsafe requests whose fate is unknown say so, deadline or not.
    assert_eq!(
        policy.decide(&mut state, UNSAFE, &Failure::Timeout),
        Decision::OutcomeUnknown
    );
}

#[test]
fn none_never_retries_but_still_reports_unknown_outcomes() {
    let policy = RetryPolicy::none();
    for failure in [
        UNAVAILABLE,
        Failure::Timeout,
        Failure::ConnectFailed,
        rate_limited(0),
    ] {
        let mut state = RetryState::new(&policy);
        assert_eq!(
            policy.decide(&mut state, SAFE, &failure),
            Decision::GiveUp,
            "{failure:?}"
        );
    }
    let mut state = RetryState::new(&policy);
    assert_eq!(
        policy.decide(&mut state, UNSAFE, &Failure::ConnectionLost),
        Decision::OutcomeUnknown
    );
}

#[test]
fn default_policy_retries_five_errors_within_thirty_seconds() {
    let policy = RetryPolicy::default();
    let mut state = RetryState::new(&policy);
    for _ in 0..5 {
        assert!(
            retry_delay(policy.decide(&mut state, SAFE, &Failure::Timeout))
                <= Duration::from_secs(10)
        );
    }
    assert_eq!(
        policy.decide(&mut state, SAFE, &Failure::Timeout),
        Decision::GiveUp
    );
    assert_eq!(state.attempt(), 6);
}

#[test]
fn a_retry_after_over_max_rate_limit_wait_gives_up_at_once() {
    let policy = generous().rate_limit_jitter(Duration::ZERO);
    let mut state = RetryState::new(&policy);
    assert_eq!(
        policy.decide(&mut state, SAFE, &rate_limited(3600)),
        Decision::GiveUp
    );
    assert_eq!(
        retry_delay(policy.decide(&mut state, SAFE, &rate_limited(60))),
        Duration::from_secs(60)
    );
    let patient = generous()
        .rate_limit_jitter(Duration::ZERO)
        .max_rate_limit_wait(Duration::from_secs(7200));
    let mut state = RetryState::new(&patient);
    assert_eq!(
        retry_delay(patient.decide(&mut state, SAFE, &rate_limited(3600))),
        Duration::from_secs(3600)
    );
    // However patient, a wait is never longer than any Retry-After is read as.
    let unbounded = generous().max_rate_limit_wait(Duration::MAX);
    let mut state = RetryState::new(&unbounded);
    let huge = Failure::RateLimited {
        retry_after: Some(Duration::MAX),
    };
    assert_eq!(unbounded.decide(&mut state, SAFE, &huge), Decision::GiveUp);
}

#[test]
fn the_deadline_is_an_instant_after_the_start() {
    let policy = RetryPolicy::default().deadline(Duration::from_secs(30));
    let state = RetryState::new(&policy);
    let deadline = state.deadline().expect("a deadline");
    let left = deadline - tokio::time::Instant::now();
    assert!(left <= Duration::from_secs(30) && left > Duration::from_secs(29));
    assert_eq!(RetryState::new(&generous()).deadline(), None);
    // A deadline beyond any instant is no deadline (and no panic).
    let forever = RetryPolicy::default().deadline(Duration::MAX);
    assert_eq!(RetryState::new(&forever).deadline(), None);
}
