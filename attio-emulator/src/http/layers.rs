//! The one layer around the routes, [`observe`]: admission through [`intake`], then the
//! rate limits and fault injection of [`gate`], then the route; counters, journal and
//! Attio-shaped errors on the way back. One layer, not one per concern: each axum
//! `from_fn` layer boxes the inner service and the future of every request, and with three
//! of them the emulator answered about a fifth fewer asserts per second in the
//! `throughput` bench.

use std::sync::Arc;
use std::task::Poll;

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use tokio::task::JoinError;
use tokio_util::task::TaskTracker;

use super::{ConnectionKill, Shared, gate, intake, lock};
use crate::error::ApiError;
use crate::observe::{Ending, JournalEntry, RouteKey, route_key};

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
pub(super) struct FaultDrop;

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
            let gated = gate::gate(shared.clone(), request, next);
            match run_to_end(&shared.tasks, gated).await {
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

/// Closes the request's connection and never answers (the connection future, and this one
/// with it, is dropped).
pub(super) async fn drop_connection(request_kill: Option<ConnectionKill>) -> Response {
    if let Some(ConnectionKill(kill)) = request_kill {
        kill.notify_one();
    }
    std::future::pending::<Response>().await
}
