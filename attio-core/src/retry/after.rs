//! Parsing `Retry-After`, and adding what a server asks for to the clock without overflow.

use std::time::{Duration, SystemTime};

use tokio::time::Instant;

/// The longest wait a `Retry-After` is read as. A server can ask for any number of seconds
/// (`99999999999999999999`) or a date in the year 9999; longer requests are read as this,
/// so an instant computed from one can never overflow. No caller waits this long anyway:
/// the pacer's [`max_pause`](crate::pacing::PacingConfig::max_pause) and the retry policy's
/// [`max_rate_limit_wait`](super::RetryPolicy::max_rate_limit_wait) are far shorter.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// How long a `Retry-After` header asks to wait.
///
/// Accepts both forms of RFC 9110 §10.2.3: delta-seconds (`"2"`) and an HTTP-date
/// (`"Tue, 23 May 2023 14:42:01 GMT"`, which is what Attio sends). An HTTP-date is measured
/// against `date`, the response's own `Date` header, so the wait is right however far the
/// local clock is from the server's. Both headers have one-second resolution, though, and
/// Attio's limit resets at the next clock second, so "reset minus `Date`" is always a whole
/// second even when the reset is a few milliseconds away. When the local clock agrees with
/// `Date` (it reads a time within the second `Date` names), the local clock gives the
/// sub-second part instead; when it does not (clock skew), `Date` is used. Without a
/// readable `date`, the local clock is used. A date in the past gives `Duration::ZERO`.
///
/// Whatever either header says, the wait is at most [`MAX_RETRY_AFTER`].
///
/// Returns `None` when `retry_after` is neither form (the caller then uses its own backoff).
pub fn retry_after(retry_after: &str, date: Option<&str>) -> Option<Duration> {
    until(retry_after, date, SystemTime::now()).map(|wait| wait.min(MAX_RETRY_AFTER))
}

/// `now + wait`, with `wait` clamped to [`MAX_RETRY_AFTER`] so the sum cannot overflow
/// (`Instant + Duration` panics on overflow). The fallback to `now` is unreachable for a
/// clock within a day of overflowing, which no real clock is.
pub(crate) fn instant_after(now: Instant, wait: Duration) -> Instant {
    now.checked_add(wait.min(MAX_RETRY_AFTER)).unwrap_or(now)
}

/// [`instant_after`] for the wall clock.
pub(crate) fn system_time_after(now: SystemTime, wait: Duration) -> SystemTime {
    now.checked_add(wait.min(MAX_RETRY_AFTER)).unwrap_or(now)
}

/// [`retry_after`] with the local clock reading `local_now`.
fn until(retry_after: &str, date: Option<&str>, local_now: SystemTime) -> Option<Duration> {
    let value = retry_after.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More digits than a u64 holds is still "a very long time".
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    let server_now = match date.and_then(|d| httpdate::parse_http_date(d.trim()).ok()) {
        Some(server_second) => {
            let agrees = local_now
                .duration_since(server_second)
                .is_ok_and(|into_second| into_second < Duration::from_secs(1));
            if agrees { local_now } else { server_second }
        }
        None => local_now,
    };
    Some(at.duration_since(server_now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delta_seconds() {
        assert_eq!(retry_after("3", None), Some(Duration::from_secs(3)));
        assert_eq!(retry_after(" 0 ", None), Some(Duration::ZERO));
        assert_eq!(
            retry_after("99999999999999999999999", None),
            Some(MAX_RETRY_AFTER)
        );
    }

    #[test]
    fn http_date_is_measured_against_the_response_date_not_the_local_clock() {
        // Both in 2023: the local clock (2026 or whatever it is) plays no part.
        let wait = retry_after(
            "Tue, 23 May 2023 14:42:01 GMT",
            Some("Tue, 23 May 2023 14:42:00 GMT"),
        );
        assert_eq!(wait, Some(Duration::from_secs(1)));
        let wait = retry_after(
            "Tue, 23 May 2023 14:43:00 GMT",
            Some("Tue, 23 May 2023 14:42:00 GMT"),
        );
        assert_eq!(wait, Some(Duration::from_secs(60)));
    }

    #[test]
    fn http_date_in_the_past_means_no_wait() {
        let wait = retry_after(
            "Tue, 23 May 2023 14:41:59 GMT",
            Some("Tue, 23 May 2023 14:42:00 GMT"),
        );
        assert_eq!(wait, Some(Duration::ZERO));
        // Without a Date header, the local clock: 2023 is long past.
        assert_eq!(
            retry_after("Tue, 23 May 2023 14:42:01 GMT", None),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn unreadable_date_header_falls_back_to_the_local_clock() {
        let future = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        let wait = retry_after(&future, Some("yesterday-ish")).unwrap();
        assert!(
            wait > Duration::from_secs(28) && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
    }

    #[test]
    fn a_local_clock_that_agrees_with_date_gives_the_sub_second_part() {
        let date = "Tue, 23 May 2023 14:42:00 GMT";
        let second = httpdate::parse_http_date(date).unwrap();
        let reset = "Tue, 23 May 2023 14:42:01 GMT";
        let local = second + Duration::from_millis(800);
        assert_eq!(
            until(reset, Some(date), local),
            Some(Duration::from_millis(200))
        );
        // A local clock outside that second is skewed: Date alone decides.
        for skewed in [
            second + Duration::from_millis(1500),
            second - Duration::from_millis(1),
        ] {
            assert_eq!(
                until(reset, Some(date), skewed),
                Some(Duration::from_secs(1))
            );
        }
    }

    #[test]
    fn other_forms_are_not_understood() {
        for bad in ["", "soon", "-1", "1.5", "2023-05-23T14:42:01Z", "+3"] {
            assert_eq!(retry_after(bad, None), None, "{bad}");
        }
    }
}
