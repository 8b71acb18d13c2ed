//! What an admitted request meets before its route: the per-second rate limits, then fault
//! injection (latency, error statuses, 429s, dropped connections). Both are decided under
//! one lock of [`Control`], so a request takes that lock once.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::layers::FaultDrop;
use super::{Control, Shared, Window, lock};
use crate::config::{Latency, ScriptedFault};
use crate::error::ApiError;

/// Reads are GETs and the query/search POSTs; everything else writes.
fn is_write(method: &Method, path: &str) -> bool {
    !(method == Method::GET
        || method == Method::HEAD
        || path.ends_with("/query")
        || path.ends_with("/records/search"))
}

/// Runs the request through the limits and the faults to its route (`next`).
pub(super) async fn gate(shared: Arc<Shared>, request: Request, next: Next) -> Response {
    let write = is_write(request.method(), request.uri().path());
    let Some((fault, delay)) = decide(&shared, write) else {
        return too_many_requests();
    };
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    let dropped = || {
        let mut response = Response::new(Body::empty());
        response.extensions_mut().insert(FaultDrop);
        response
    };
    match fault {
        ScriptedFault::Ok => next.run(request).await,
        ScriptedFault::Delay(d) => {
            tokio::time::sleep(d).await;
            next.run(request).await
        }
        // Refused on arrival (its slot was given back in `decide`), answered after the
        // latency like any answer.
        ScriptedFault::Status(429) => too_many_requests(),
        ScriptedFault::Status(code) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            ApiError::injected(status).into_response()
        }
        ScriptedFault::DropBeforeWrite => dropped(),
        ScriptedFault::DropAfterWrite => {
            let _applied = next.run(request).await;
            dropped()
        }
    }
}

/// Counts the request against its clock second's budget and, when the limit lets it
/// through, draws its fault and latency; `None` when the limit refuses it.
fn decide(shared: &Shared, write: bool) -> Option<(ScriptedFault, Option<Duration>)> {
    let mut control = lock(&shared.control);
    let second = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    if !count(&mut control, second, write) {
        return None;
    }
    let (fault, delay) = draw(&mut control, shared.latency, write);
    if fault == ScriptedFault::Status(429) {
        give_back(&mut control, second, write);
    }
    Some((fault, delay))
}

/// Counts one request in `second` if its budget has room; whether it had. Every write is
/// also counted in the per-second record, accepted or refused.
fn count(control: &mut Control, second: u64, write: bool) -> bool {
    if control.window.second != second {
        control.window = Window {
            second,
            reads: 0,
            writes: 0,
        };
    }
    let (limit, used) = if write {
        (control.limits.writes_per_second, &mut control.window.writes)
    } else {
        (control.limits.reads_per_second, &mut control.window.reads)
    };
    let allowed = limit.is_none_or(|l| *used < l);
    if allowed {
        *used += 1;
    }
    if write {
        control.write_seconds.count(second, allowed);
    }
    allowed
}

/// An injected 429 stands for Attio refusing the request: Attio does not process a request
/// it answers 429 (its rate-limiting guide), and the limiter counts none of its own
/// refusals against the budget, so the slot [`count`] took is given back and a write's
/// second records it as refused. (Injected 5xx answers and dropped connections keep
/// theirs: those requests reached Attio.)
fn give_back(control: &mut Control, second: u64, write: bool) {
    let used = if write {
        &mut control.window.writes
    } else {
        &mut control.window.reads
    };
    *used = used.saturating_sub(1);
    if write {
        control.write_seconds.refuse_accepted(second);
    }
}

/// The request's fault, from the script first, then the probabilities; and its latency.
fn draw(control: &mut Control, latency: Latency, write: bool) -> (ScriptedFault, Option<Duration>) {
    let base = sample(latency, &mut control.rng);
    if control.faults.writes_only && !write {
        return (ScriptedFault::Ok, base);
    }
    if let Some(next) = control.script.pop_front() {
        return (next, base);
    }
    let faults = &control.faults;
    let draws = [
        (faults.error_500, ScriptedFault::Status(500)),
        (faults.error_502, ScriptedFault::Status(502)),
        (faults.error_503, ScriptedFault::Status(503)),
        (faults.rate_limited, ScriptedFault::Status(429)),
        (faults.drop_before_write, ScriptedFault::DropBeforeWrite),
        (faults.drop_after_write, ScriptedFault::DropAfterWrite),
    ];
    let (slow, slow_latency) = (faults.slow, faults.slow_latency);
    for (probability, fault) in draws {
        if probability > 0.0 && control.rng.f64() < probability {
            return (fault, base);
        }
    }
    let slow = if slow > 0.0 && control.rng.f64() < slow {
        sample(slow_latency, &mut control.rng)
    } else {
        None
    };
    let total = match (base, slow) {
        (Some(a), Some(b)) => Some(a + b),
        (a, b) => a.or(b),
    };
    (ScriptedFault::Ok, total)
}

fn sample(latency: Latency, rng: &mut fastrand::Rng) -> Option<Duration> {
    match latency {
        Latency::None => None,
        Latency::Fixed(d) => Some(d),
        Latency::Range(min, max) if max > min => {
            let span = u64::try_from((max - min).as_nanos()).unwrap_or(u64::MAX);
            Some(min + Duration::from_nanos(rng.u64(0..=span)))
        }
        Latency::Range(min, _) => Some(min),
    }
}

/// A 429 with `Retry-After` set to the start of the next clock second (HTTP-date).
fn too_many_requests() -> Response {
    let now = SystemTime::now();
    let seconds = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let reset = UNIX_EPOCH + Duration::from_secs(seconds + 1);
    let mut response = ApiError::rate_limited().into_response();
    if let Ok(value) = HeaderValue::from_str(&httpdate::fmt_http_date(reset)) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}
