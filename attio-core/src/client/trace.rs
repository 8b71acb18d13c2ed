//! The `tracing` vocabulary of the request pipeline. Spans and events carry the method,
//! the route template, the status, the attempt and waits; never the token, the concrete
//! path (it holds record ids) or any attribute value.

use std::time::Duration;

use tracing::Span;

use crate::retry::Failure;

/// The span every request runs in (target `attio_core::client`, name `attio.request`).
pub(crate) fn request_span(method: &reqwest::Method, template: &'static str) -> Span {
    tracing::debug_span!(
        "attio.request",
        method = %method,
        route = template,
        status = tracing::field::Empty,
        attempt = tracing::field::Empty,
        wait_ms = tracing::field::Empty,
    )
}

/// Records the attempt about to be sent.
pub(crate) fn attempt(span: &Span, attempt: u32) {
    span.record("attempt", attempt);
}

/// Records the status of the latest response.
pub(crate) fn status(span: &Span, status: u16) {
    span.record("status", status);
}

/// Records the total time spent waiting (pacing and backoff) so far.
pub(crate) fn waited(span: &Span, waited: Duration) {
    span.record("wait_ms", millis(waited));
}

/// A failed attempt that will be repeated after `wait`.
pub(crate) fn retrying(attempt: u32, failure: &Failure, wait: Duration) {
    tracing::debug!(
        attempt,
        ?failure,
        wait_ms = millis(wait),
        "retrying Attio request"
    );
}

/// A failed attempt that is the request's last.
pub(crate) fn giving_up(attempt: u32, failure: &Failure, outcome_unknown: bool) {
    tracing::warn!(attempt, ?failure, outcome_unknown, "Attio request failed");
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
