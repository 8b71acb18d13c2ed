//! `Deduplicator`: first time / repeat, bounded by count and by age (on tokio's paused clock).

use std::sync::Arc;
use std::time::Duration;

use attio_core::webhook::Deduplicator;

#[test]
fn a_key_is_new_once() {
    let seen = Deduplicator::default();
    assert!(seen.is_empty());
    assert!(seen.first_time("a"));
    assert!(!seen.first_time("a"));
    assert!(!seen.first_time("a"));
    assert!(seen.first_time("b"));
    assert!(!seen.first_time("b"));
    assert_eq!(seen.len(), 2);
}

#[test]
fn the_oldest_key_goes_when_full() {
    let seen = Deduplicator::new(3, Duration::from_secs(3600));
    for key in ["1", "2", "3"] {
        assert!(seen.first_time(key));
    }
    // A repeat does not make room nor refresh: "1" is still the oldest.
    assert!(!seen.first_time("1"));
    assert!(seen.first_time("4"));
    assert_eq!(seen.len(), 3);
    assert!(
        seen.first_time("1"),
        "the oldest key was forgotten to make room"
    );
    assert!(!seen.first_time("3"));
    assert!(!seen.first_time("4"));
}

#[test]
fn a_zero_capacity_still_remembers_the_last_key() {
    let seen = Deduplicator::new(0, Duration::from_secs(60));
    assert!(seen.first_time("a"));
    assert!(!seen.first_time("a"));
    assert!(seen.first_time("b"));
    assert!(seen.first_time("a"));
}

#[test]
fn forget_lets_a_retry_through() {
    let seen = Deduplicator::new(2, Duration::from_secs(60));
    assert!(seen.first_time("a"));
    seen.forget("a"); // handling failed: answer 500 so Attio retries
    assert!(seen.is_empty());
    assert!(seen.first_time("a"), "the retry is handled");
    assert!(!seen.first_time("a"));
    // The stale order entry of the first "a" must not evict the second one early.
    assert!(seen.first_time("b"));
    assert!(!seen.first_time("a"));
    assert!(!seen.first_time("b"));
    seen.forget("never seen"); // harmless
}

#[test]
fn a_forgotten_then_seen_again_key_counts_from_its_new_first_time() {
    let seen = Deduplicator::new(2, Duration::from_secs(60));
    assert!(seen.first_time("a"));
    seen.forget("a");
    assert!(seen.first_time("b"));
    assert!(seen.first_time("a")); // now newer than "b"
    assert!(seen.first_time("c")); // full: the oldest is "b", not "a"
    assert!(!seen.first_time("a"));
    assert!(!seen.first_time("c"));
    assert!(seen.first_time("b"));
}

#[test]
fn many_forgets_keep_it_bounded_and_correct() {
    let seen = Deduplicator::new(4, Duration::from_secs(60));
    for round in 0..1000 {
        let key = format!("k{round}");
        assert!(seen.first_time(&key));
        if round % 2 == 0 {
            seen.forget(&key);
        }
        assert!(seen.len() <= 4);
    }
    // The last four kept keys are remembered, the forgotten ones are not.
    for round in [993, 995, 997, 999] {
        assert!(!seen.first_time(&format!("k{round}")), "k{round}");
    }
    assert!(seen.first_time("k998"));
}

#[tokio::test(start_paused = true)]
async fn keys_expire_after_the_ttl() {
    let seen = Deduplicator::new(100, Duration::from_secs(60));
    assert!(seen.first_time("early"));
    tokio::time::advance(Duration::from_secs(30)).await;
    assert!(seen.first_time("later"));
    tokio::time::advance(Duration::from_secs(29)).await;
    assert!(!seen.first_time("early"), "59 s old: still remembered");
    tokio::time::advance(Duration::from_secs(2)).await;
    assert_eq!(seen.len(), 1, "61 s old: forgotten");
    assert!(seen.first_time("early"));
    assert!(!seen.first_time("later"), "31 s old: still remembered");
}

#[tokio::test(start_paused = true)]
async fn a_forgotten_key_seen_again_does_not_hold_back_older_expiries() {
    let seen = Deduplicator::new(100, Duration::from_secs(60));
    assert!(seen.first_time("x"));
    assert!(seen.first_time("a"));
    seen.forget("a");
    assert!(seen.first_time("b"));
    tokio::time::advance(Duration::from_secs(30)).await;
    // "x" is still fresh, so the first "a"'s stale entry stays queued behind it.
    assert!(seen.first_time("a"));
    tokio::time::advance(Duration::from_secs(31)).await;
    assert!(seen.first_time("b"), "61 s old: forgotten");
    assert!(!seen.first_time("a"), "31 s old: still remembered");
}

#[tokio::test(start_paused = true)]
async fn the_default_covers_attios_retry_window() {
    // Attio retries for about 3 days (https://docs.attio.com/rest-api/guides/webhooks).
    let seen = Deduplicator::default();
    assert!(seen.first_time("delivery"));
    tokio::time::advance(Duration::from_secs(3 * 24 * 3600)).await;
    assert!(!seen.first_time("delivery"));
    tokio::time::advance(Duration::from_secs(24 * 3600)).await;
    assert!(seen.first_time("delivery"));
}

#[test]
fn threads_agree_on_a_single_first_time() {
    let seen = Arc::new(Deduplicator::default());
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let seen = Arc::clone(&seen);
            std::thread::spawn(move || {
                (0..200)
                    .filter(|i| seen.first_time(&format!("key-{i}")))
                    .count()
            })
        })
        .collect();
    let firsts: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(
        firsts, 200,
        "each key is a first time for exactly one thread"
    );
}
