//! The request pipeline: the one place that builds, paces, sends, retries and classifies
//! every request. Record operations describe a [`Call`] and decode what comes back.
//!
//! Per attempt: wait for the [`Pacer`](crate::pacing::Pacer) (failing at once with
//! [`Error::RateLimited`] when it would hold the request past the retry deadline), send,
//! read the whole body (at most the builder's `max_response_bytes`: a larger body fails
//! with [`Error::ResponseTooLarge`]), then classify:
//! * 2xx: success (the pacer recovers a little);
//! * 429: every task pauses until `Retry-After` (capped, see
//!   [`PacingConfig::max_pause`](crate::pacing::PacingConfig::max_pause)), the pace
//!   drops, and the retry policy decides (a 429 was not processed, so even unsafe writes may be repeated);
//! * 5xx and 408: [`Failure::Server`];
//! * other statuses: Attio's error, returned at once (repeating would not change it);
//! * transport errors: [`Failure::ConnectFailed`] when the connection could not be opened
//!   (nothing was sent), [`Failure::Timeout`], else [`Failure::ConnectionLost`] (the request
//!   may have arrived).
//!
//! The [`RetryPolicy`](crate::retry::RetryPolicy) turns a failure into a retry, the final
//! error, or [`Error::OutcomeUnknown`] for an unsafe write that may have been applied.

use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, DATE, HeaderValue, RETRY_AFTER};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use tokio::time::Instant;
use tracing::{Instrument, Span};

use super::Client;
use super::response::Received;
use super::route::{Route, url_on};
use super::trace;
use crate::error::Error;
use crate::pacing::RequestClass;
use crate::retry::{Decision, Failure, Idempotency, RetryState, retry_after, system_time_after};

const JSON: HeaderValue = HeaderValue::from_static("application/json");

/// The first allocation for a request body: a record write of a dozen attributes fits.
const BODY_CAPACITY: usize = 512;

/// Where a call goes.
#[derive(Debug)]
enum Target {
    /// A route's encoded path and query, joined to the client's base when sent.
    Path(String),
    /// The full URL, which the client already built (see
    /// [`RouteCache`](super::route_cache::RouteCache)).
    Url(Url),
}

/// One API request, as the record operations describe it.
#[derive(Debug)]
pub(crate) struct Call {
    method: Method,
    /// The route template, for tracing and errors.
    template: &'static str,
    target: Target,
    /// The JSON body, serialised when the call is described (every attempt sends the
    /// same bytes), or why it could not be.
    body: Result<Option<Bytes>, String>,
    class: RequestClass,
    idempotency: Idempotency,
    /// A `not_found` answer after an attempt that may have been applied means this
    /// request already took effect (a `DELETE`).
    gone_means_done: bool,
}

impl Call {
    /// A request without a body. `GET` is a safe read; anything else a write of the given
    /// idempotency.
    pub(crate) fn new(method: Method, route: Route, idempotency: Idempotency) -> Self {
        let target = Target::Path(route.path_and_query);
        Self::to(method, route.template, target, idempotency)
    }

    /// [`new`](Self::new) for a route whose full `url` the client already built.
    pub(crate) fn at(
        method: Method,
        template: &'static str,
        url: Url,
        idempotency: Idempotency,
    ) -> Self {
        Self::to(method, template, Target::Url(url), idempotency)
    }

    fn to(
        method: Method,
        template: &'static str,
        target: Target,
        idempotency: Idempotency,
    ) -> Self {
        let class = if method == Method::GET {
            RequestClass::Read
        } else {
            RequestClass::Write
        };
        Self {
            method,
            template,
            target,
            body: Ok(None),
            class,
            idempotency,
            gone_means_done: false,
        }
    }

    /// Adds a JSON body, serialised at once (see [`to_json`]).
    pub(crate) fn body(mut self, body: impl serde::Serialize) -> Self {
        self.body = to_json(&body).map(Some).map_err(|error| error.to_string());
        self
    }

    /// Adds a body already serialised to JSON.
    pub(crate) fn json(mut self, body: Bytes) -> Self {
        self.body = Ok(Some(body));
        self
    }

    /// Counts the request as a read (Attio counts record queries, which are `POST`s, as
    /// reads).
    pub(crate) fn paced_as_read(mut self) -> Self {
        self.class = RequestClass::Read;
        self
    }

    /// Treats `not_found` after an attempt that may have been applied as success: the
    /// earlier attempt removed what this one looks for.
    pub(crate) fn gone_means_done(mut self) -> Self {
        self.gone_means_done = true;
        self
    }

    /// `METHOD /route/{template}`, for errors.
    fn operation(&self) -> String {
        format!("{} {}", self.method, self.template)
    }
}

/// `body` as JSON bytes. `to_writer` into a buffer sized for a typical record, not
/// `Display`: writing through a formatter checked every piece and took twice as long, and
/// growing from empty copied the body several times.
pub(crate) fn to_json(body: &impl serde::Serialize) -> Result<Bytes, serde_json::Error> {
    let mut bytes = Vec::with_capacity(BODY_CAPACITY);
    serde_json::to_writer(&mut bytes, body)?;
    Ok(Bytes::from(bytes))
}

/// The error for a request body that could not be serialised (never one this crate
/// builds; the error is kept all the same).
pub(crate) fn unserialisable(error: impl std::fmt::Display) -> Error {
    Error::Config(format!("cannot serialise the request body: {error}"))
}

/// How one attempt ended.
enum Outcome {
    Success(Received),
    /// A failure the retry policy rules on, with what produced it.
    Failed(Failure, Last),
    /// Attio's answer, final: repeating the request would not change it.
    Final(Received),
}

/// What the last attempt produced, kept to build the final error.
enum Last {
    Response(Received),
    Transport(reqwest::Error),
}

/// Why an attempt produced no [`Received`].
enum SendError {
    Transport(reqwest::Error),
    /// The body is larger than the client reads; `declared` is its `Content-Length`, when
    /// that alone gave it away (then nothing of the body was read).
    TooLarge {
        status: u16,
        declared: Option<u64>,
    },
}

impl From<reqwest::Error> for SendError {
    fn from(error: reqwest::Error) -> Self {
        Self::Transport(error)
    }
}

impl Client {
    /// Sends `call` (with pacing and retries) and decodes the `data` of the response.
    pub(crate) async fn call_for_data<T: DeserializeOwned>(&self, call: Call) -> Result<T, Error> {
        self.call(call).await?.data()
    }

    /// Sends `call` with pacing and retries and returns the successful response.
    pub(crate) async fn call(&self, call: Call) -> Result<Received, Error> {
        let span = trace::request_span(&call.method, call.template);
        self.run(call).instrument(span).await
    }

    async fn run(&self, mut call: Call) -> Result<Received, Error> {
        let inner = &*self.inner;
        let span = Span::current();
        // Taken out of the call (an empty path allocates nothing): each attempt clones it.
        let url = match std::mem::replace(&mut call.target, Target::Path(String::new())) {
            Target::Path(path_and_query) => url_on(&inner.base, &path_and_query),
            Target::Url(url) => url,
        };
        // Every attempt shares the bytes (a clone is a reference count). Bodies built by
        // this crate always serialise; the error is kept all the same.
        let body = call.body.clone().map_err(unserialisable)?;
        let mut state = RetryState::new(&inner.retry);
        let mut waited = Duration::ZERO;
        // Whether an earlier attempt may have reached Attio and been applied.
        let mut maybe_applied = false;
        loop {
            let attempt = state.attempt();
            trace::attempt(&span, attempt);
            let paced = Instant::now();
            let acquired = inner
                .pacer
                .acquire_within(call.class, state.deadline())
                .await;
            waited += paced.elapsed();
            trace::waited(&span, waited);
            if let Err(free_at) = acquired {
                return Err(held_past_deadline(free_at));
            }

            let sent_at = Instant::now();
            let sent = self.send_once(&call.method, &url, body.clone()).await;
            let (failure, last) = match sent {
                Ok(received) => {
                    trace::status(&span, received.status);
                    match self.classify(received, call.class, sent_at) {
                        Outcome::Success(received) => return Ok(received),
                        Outcome::Final(received) => {
                            let error = received.error();
                            return if call.gone_means_done && maybe_applied && error.is_not_found()
                            {
                                Ok(received)
                            } else {
                                Err(error)
                            };
                        }
                        Outcome::Failed(failure, last) => (failure, last),
                    }
                }
                Err(SendError::TooLarge { status, declared }) => {
                    trace::status(&span, status);
                    return Err(Error::ResponseTooLarge {
                        operation: call.operation(),
                        status,
                        limit: inner.max_response_bytes,
                        declared,
                    });
                }
                Err(SendError::Transport(error)) if error.is_builder() => {
                    return Err(Error::Transport(sanitize(error)));
                }
                Err(SendError::Transport(error)) => {
                    (transport_failure(&error), Last::Transport(error))
                }
            };
            maybe_applied |= matches!(
                failure,
                Failure::Server { .. } | Failure::Timeout | Failure::ConnectionLost
            );

            match inner.retry.decide(&mut state, call.idempotency, &failure) {
                Decision::Retry(wait) => {
                    trace::retrying(attempt, &failure, wait);
                    tokio::time::sleep(wait).await;
                    waited += wait;
                    trace::waited(&span, waited);
                }
                Decision::GiveUp => {
                    trace::giving_up(attempt, &failure, false);
                    return Err(final_error(&call, &failure, last));
                }
                Decision::OutcomeUnknown => {
                    trace::giving_up(attempt, &failure, true);
                    return Err(Error::OutcomeUnknown {
                        operation: call.operation(),
                        reason: describe(&failure, last),
                    });
                }
            }
        }
    }

    /// One attempt: send and read the whole body (up to the size limit).
    async fn send_once(
        &self,
        method: &Method,
        url: &Url,
        body: Option<Bytes>,
    ) -> Result<Received, SendError> {
        let mut request = self
            .inner
            .http
            .request(method.clone(), url.clone())
            .header(AUTHORIZATION, self.inner.authorization.clone())
            .header(ACCEPT, JSON);
        if let Some(body) = body {
            request = request.header(CONTENT_TYPE, JSON).body(body);
        }
        let mut response = request.send().await?;
        let status = response.status().as_u16();
        let headers = std::mem::take(response.headers_mut());
        let body = read_limited(&mut response, self.inner.max_response_bytes)
            .await?
            .ok_or_else(|| SendError::TooLarge {
                status,
                declared: response
                    .content_length()
                    .filter(|&len| len > self.inner.max_response_bytes),
            })?;
        Ok(Received {
            status,
            headers,
            body,
        })
    }

    /// Sorts a response into success, a failure the retry policy rules on, or Attio's
    /// final answer; reports successes and 429s to the pacer.
    fn classify(&self, received: Received, class: RequestClass, sent_at: Instant) -> Outcome {
        let pacer = &self.inner.pacer;
        match received.status {
            200..=299 => {
                pacer.record_success_sent_at(class, sent_at);
                Outcome::Success(received)
            }
            429 => {
                let wait = received
                    .header(RETRY_AFTER)
                    .and_then(|value| retry_after(value, received.header(DATE)));
                // Only a sustained run of 429s (or a Retry-After past the next second)
                // holds every request; the retry policy waits for this one's anyway.
                pacer.answer_rate_limited(class, sent_at, wait);
                let failure = Failure::RateLimited { retry_after: wait };
                Outcome::Failed(failure, Last::Response(received))
            }
            status @ (408 | 500..=599) => {
                Outcome::Failed(Failure::Server { status }, Last::Response(received))
            }
            _ => Outcome::Final(received),
        }
    }
}

/// The body of `response`, or `None` when it is longer than `limit` bytes: refused
/// unread when `Content-Length` says so, else read chunk by chunk and abandoned as soon
/// as it passes the limit, so memory never grows past `limit` whatever the server sends.
/// A body that arrives in one chunk (a record, usually) is kept as that chunk, uncopied.
/// (reqwest's `bytes()` has no limit; `http-body-util`'s `Limited` would need the raw
/// body, which reqwest does not hand out, so the loop is written here.)
async fn read_limited(
    response: &mut reqwest::Response,
    limit: u64,
) -> Result<Option<Bytes>, reqwest::Error> {
    let declared = response.content_length();
    if declared.is_some_and(|len| len > limit) {
        return Ok(None);
    }
    let over = |len: usize, more: usize| (len as u64).saturating_add(more as u64) > limit;
    let Some(first) = response.chunk().await? else {
        return Ok(Some(Bytes::new()));
    };
    if over(0, first.len()) {
        return Ok(None);
    }
    let Some(second) = response.chunk().await? else {
        return Ok(Some(first));
    };
    // Trust a declared length for the first allocation only up to the limit.
    let capacity = declared.unwrap_or(0).min(limit);
    let mut body = BytesMut::with_capacity(usize::try_from(capacity).unwrap_or(0));
    let mut next = Some(second);
    body.extend_from_slice(&first);
    while let Some(chunk) = next {
        if over(body.len(), chunk.len()) {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
        next = response.chunk().await?;
    }
    Ok(Some(body.freeze()))
}

/// The error for a request the pacer would only let through at `free_at`, after the
/// request's retry deadline: it was not sent.
fn held_past_deadline(free_at: Instant) -> Error {
    let wait = free_at.saturating_duration_since(Instant::now());
    Error::RateLimited {
        retry_at: system_time_after(SystemTime::now(), wait),
        request_id: None,
        message: "not sent: the client's pacer (paused after a 429's Retry-After, or pacing \
                  slowly) would hold it past this request's retry deadline"
            .to_owned(),
    }
}

/// How a transport error counts for retrying.
fn transport_failure(error: &reqwest::Error) -> Failure {
    if error.is_connect() {
        Failure::ConnectFailed
    } else if error.is_timeout() {
        Failure::Timeout
    } else {
        Failure::ConnectionLost
    }
}

/// The error returned when the policy gives up.
fn final_error(call: &Call, failure: &Failure, last: Last) -> Error {
    match (last, failure) {
        (Last::Response(received), Failure::RateLimited { retry_after }) => {
            received.rate_limited(*retry_after)
        }
        (Last::Response(received), _) => received.error(),
        (Last::Transport(error), _) if error.is_timeout() && !error.is_connect() => {
            Error::Timeout {
                operation: call.operation(),
            }
        }
        (Last::Transport(error), _) => Error::Transport(sanitize(error)),
    }
}

/// What happened to a write whose outcome is unknown, in words.
fn describe(failure: &Failure, last: Last) -> String {
    match last {
        Last::Response(received) => match received.error() {
            Error::Api(api) => api.to_string(),
            _ => format!("Attio answered HTTP {} ({failure:?})", received.status),
        },
        Last::Transport(error) if error.is_timeout() => {
            "no response within the timeout after the request was sent".to_owned()
        }
        Last::Transport(error) => format!("connection lost: {}", chain(&sanitize(error))),
    }
}

/// An error and its sources, joined.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Drops any credentials from the URL an error carries (the base URL cannot hold any,
/// but an error message is no place to find out).
fn sanitize(mut error: reqwest::Error) -> reqwest::Error {
    if let Some(url) = error.url_mut() {
        // Only fails for URLs that cannot have credentials in the first place.
        let _ = url.set_username("");
        let _ = url.set_password(None);
    }
    error
}
