//! The layers around the routes: observe (admission through [`intake`], counters,
//! journal, Attio-shaped errors), rate limits and fault injection.

use std::sync::Arc;
use std::task::Poll;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use tokio::task::JoinError;
use tokio_util::task::TaskTracker;

use super::{ConnectionKill, Shared, intake, lock};
use crate::config::{Latency, ScriptedFault};
use crate::error::ApiError;
use crate::observe::{Ending, JournalEntry, RouteKey, route_key};

/// Reads are GETs and the query/search POSTs; everything else writes.
fn is_write(method: &Method, path: &str) -> bool {
    !(method == Method::GET
        || method == Method::HEAD
        || path.ends_with("/query")
        || path.ends_with("/records/search"))
}

/// Records the request when dropped: answered (with its status), dropped by fault
/// injection, or abandoned by the client (the future was dropped while still waiting).
struct Pending {
    shared: Arc<Shared>,
    route: RouteKey,
    entry: Option<JournalEntry>,
    ending: Ending,
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(entry) = self.entry.take() {
            let route = std::mem::take(&mut self.route);
            lock(&self.shared.observer).record(route, entry, self.ending);
        }
    }
}

/// Marks a response that must not be sent: fault injection closes the connection instead.
#[derive(Debug, Clone, Copy)]
struct FaultDrop;

/// The header carrying the request id on every response.
const REQUEST_ID: &str = "x-request-id";

/// Admits the request (its target and headers within the limits, the token, then its body
/// within the size and time limits: see [`intake`]), runs the rest of the stack to the end
/// ([`run_to_end`]), then counts and journals the request, makes any error answer
/// Attio-shaped and sets `x-request-id`.
pub(super) async fn observe(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let template = parts
        .extensions
        .get::<MatchedPath>()
        .map(MatchedPath::as_str);
    let route = route_key(&parts.method, template);
    let request_id = request_id();
    let kill = parts.extensions.get::<ConnectionKill>().cloned();
    let mut pending = Pending {
        shared: shared.clone(),
        route,
        entry: Some(JournalEntry {
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(str::to_owned),
            status: None,
            request_id: request_id.clone(),
            body: String::new(),
            body_len: 0,
        }),
        ending: Ending::Abandoned,
    };
    let response = match admit(&shared, &parts, body).await {
        Err(err) => refusal(err),
        Ok(bytes) => {
            if let Some(entry) = pending.entry.as_mut() {
                entry.set_body(&bytes, shared.limits.journal_bytes);
            }
            let request = Request::from_parts(parts, Body::from(bytes));
            match run_to_end(&shared.tasks, next.run(request)).await {
                Ok(response) => response,
                Err(_) => ApiError::internal("The request handler failed.").into_response(),
            }
        }
    };
    if response.extensions().get::<FaultDrop>().is_some() {
        pending.ending = Ending::FaultDrop;
        drop(pending);
        return drop_connection(kill).await;
    }
    let mut response = attio_shaped(response).await;
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    pending.ending = Ending::Answered;
    if let Some(entry) = pending.entry.as_mut() {
        entry.status = Some(response.status().as_u16());
    }
    drop(pending);
    response
}

/// Runs the rest of the stack so that a received request finishes even when its client goes
/// away: hyper drops the [`observe`] future when the connection closes, so whatever still
/// has to wait (injected latency) continues in a task of its own, which hyper does not drop
/// (Attio keeps processing a request it has received: a write waiting out the latency is
/// still applied). The task is tracked so [`crate::Emulator::shutdown`] waits for it.
///
/// The stack is polled once here first: without latency or a fault that waits it is done
/// at once (the body is already read and the handlers do not wait), and then needs no task
/// (its allocation, scheduling and the wake-up of the connection when it ends).
async fn run_to_end<F>(tasks: &TaskTracker, future: F) -> Result<Response, JoinError>
where
    F: Future<Output = Response> + Send + 'static,
{
    let mut future = Box::pin(future);
    match std::future::poll_fn(|cx| Poll::Ready(future.as_mut().poll(cx))).await {
        Poll::Ready(response) => Ok(response),
        Poll::Pending => tasks.spawn(future).await,
    }
}

/// A fresh version-4 UUID from the thread's fast generator: `Uuid::new_v4` asks the OS for
/// the bytes, a system call on every request, and a request id needs no cryptographic
/// randomness.
fn request_id() -> String {
    uuid::Builder::from_random_bytes(fastrand::u128(..).to_le_bytes())
        .into_uuid()
        .to_string()
}

/// The checks of [`intake`], in order; the body is read only once the others passed.
async fn admit(shared: &Shared, parts: &Parts, body: Body) -> Result<Bytes, ApiError> {
    intake::check_head(parts)?;
    intake::authorize(&parts.headers, &shared.token)?;
    intake::read_body(body, shared.limits.body_timeout).await
}

/// The answer to a request refused by [`admit`]. When the body was being read (408, 413)
/// the rest of it is not, so the connection is closed after the answer.
fn refusal(err: ApiError) -> Response {
    let unread_body = matches!(
        err.status,
        StatusCode::REQUEST_TIMEOUT | StatusCode::PAYLOAD_TOO_LARGE
    );
    let mut response = err.into_response();
    if unread_body {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// Bytes of a framework error's text kept as the message of its Attio-shaped form.
const REJECTION_TEXT_BYTES: usize = 1024;

/// Every error answer in Attio's shape: one produced by the framework rather than by the
/// emulator (e.g. axum's plain-text 400 for a path segment whose percent-escapes are not
/// UTF-8) is replaced by [`ApiError::from_status`] with its status and text.
async fn attio_shaped(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = match axum::body::to_bytes(body, REJECTION_TEXT_BYTES).await {
        Ok(bytes) if !bytes.is_empty() => String::from_utf8_lossy(&bytes).trim().to_owned(),
        _ => status.canonical_reason().unwrap_or("Error").to_owned(),
    };
    let (shaped, shaped_body) = ApiError::from_status(status, text)
        .into_response()
        .into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.extend(shaped.headers);
    Response::from_parts(parts, shaped_body)
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

/// Marks a request the rate limiter counted against its budget: in which clock second, and
/// whether as a write.
#[derive(Debug, Clone, Copy)]
struct Counted {
    second: u64,
    write: bool,
}

/// Per clock second read and write budgets.
pub(super) async fn rate_limit(
    State(shared): State<Arc<Shared>>,
    mut request: Request,
    next: Next,
) -> Response {
    let write = is_write(request.method(), request.uri().path());
    let allowed = {
        let mut control = lock(&shared.control);
        let second = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        if control.window.second != second {
            control.window = super::Window {
                second,
                reads: 0,
                writes: 0,
            };
        }
        let (limit, used) = if write {
            (control.limits.writes_per_second, control.window.writes)
        } else {
            (control.limits.reads_per_second, control.window.reads)
        };
        let allowed = limit.is_none_or(|l| used < l);
        if allowed {
            if write {
                control.window.writes += 1;
            } else {
                control.window.reads += 1;
            }
        }
        if write {
            control.write_seconds.count(second, allowed);
        }
        // Only a counted slot can be given back: without a limit nothing is marked (an
        // extension costs an allocation per request).
        if allowed && limit.is_some() {
            request.extensions_mut().insert(Counted { second, write });
        }
        allowed
    };
    if allowed {
        next.run(request).await
    } else {
        too_many_requests()
    }
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

/// Decides this request's fault from the script, then the probabilities.
fn decide(shared: &Shared, write: bool) -> (ScriptedFault, Option<Duration>) {
    let mut control = lock(&shared.control);
    let base = sample(shared.latency, &mut control.rng);
    if control.faults.writes_only && !write {
        return (ScriptedFault::Ok, base);
    }
    if let Some(next) = control.script.pop_front() {
        return (next, base);
    }
    let faults = control.faults.clone();
    let draws = [
        (faults.error_500, ScriptedFault::Status(500)),
        (faults.error_502, ScriptedFault::Status(502)),
        (faults.error_503, ScriptedFault::Status(503)),
        (faults.rate_limited, ScriptedFault::Status(429)),
        (faults.drop_before_write, ScriptedFault::DropBeforeWrite),
        (faults.drop_after_write, ScriptedFault::DropAfterWrite),
    ];
    for (probability, fault) in draws {
        if probability > 0.0 && control.rng.f64() < probability {
            return (fault, base);
        }
    }
    let slow = if faults.slow > 0.0 && control.rng.f64() < faults.slow {
        sample(faults.slow_latency, &mut control.rng)
    } else {
        None
    };
    let total = match (base, slow) {
        (Some(a), Some(b)) => Some(a + b),
        (a, b) => a.or(b),
    };
    (ScriptedFault::Ok, total)
}

/// An injected 429 stands for Attio refusing the request: Attio does not process a request
/// it answers 429 (its rate-limiting guide), and the limiter here counts none of its
/// own refusals against the budget, so the slot the limiter counted for this one is given
/// back, and its second records it as refused. (Injected 5xx answers and dropped
/// connections keep theirs: those requests reached Attio.)
fn give_back(shared: &Shared, request: &Request) {
    let Some(counted) = request.extensions().get::<Counted>().copied() else {
        return;
    };
    let mut control = lock(&shared.control);
    if control.window.second == counted.second {
        let used = if counted.write {
            &mut control.window.writes
        } else {
            &mut control.window.reads
        };
        *used = used.saturating_sub(1);
    }
    if counted.write {
        control.write_seconds.refuse_accepted(counted.second);
    }
}

/// Closes the request's connection and never answers (the connection future, and this one
/// with it, is dropped).
async fn drop_connection(request_kill: Option<ConnectionKill>) -> Response {
    if let Some(ConnectionKill(kill)) = request_kill {
        kill.notify_one();
    }
    std::future::pending::<Response>().await
}

/// Injected latency, error statuses, 429s and dropped connections.
pub(super) async fn faults(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let write = is_write(request.method(), request.uri().path());
    let (fault, delay) = decide(&shared, write);
    if fault == ScriptedFault::Status(429) {
        // Refused on arrival, answered after the latency like any answer.
        give_back(&shared, &request);
    }
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
