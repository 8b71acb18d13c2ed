//! The connection loop: accepts connections (at most
//! [`HttpLimits::max_connections`] at once, backing off when accepting fails), serves each
//! with hyper under the head timeout, and on shutdown waits a bounded time for them.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};

use super::refusals::AttioRefusals;
use hyper_util::server::conn::auto::Builder;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, watch};
use tokio::task::{JoinHandle, JoinSet};
use tokio_util::task::TaskTracker;
use tower_service::Service;

use super::ConnectionKill;
use crate::config::HttpLimits;

/// The first and the longest pause after a failed accept.
const BACKOFF_FIRST: Duration = Duration::from_millis(5);
const BACKOFF_MAX: Duration = Duration::from_secs(1);

/// Pauses after failed accepts, doubling from [`BACKOFF_FIRST`] to [`BACKOFF_MAX`]. Without
/// it a listener out of file descriptors (EMFILE) is ready again at once and the loop spins
/// a core; with it the loop sleeps until descriptors are freed. Logs once per run of failures.
#[derive(Debug, Default)]
struct Backoff {
    next: Option<Duration>,
}

impl Backoff {
    async fn pause(&mut self, error: &io::Error) {
        let delay = match self.next {
            None => {
                tracing::warn!(%error, "attio-emulator: accepting a connection failed; backing off");
                BACKOFF_FIRST
            }
            Some(delay) => delay,
        };
        self.next = Some((delay * 2).min(BACKOFF_MAX));
        tokio::time::sleep(delay).await;
    }

    fn reset(&mut self) {
        if self.next.take().is_some() {
            tracing::info!("attio-emulator: accepting connections again");
        }
    }
}

/// Waits for a free connection slot, then for a connection.
async fn accept(
    listener: &TcpListener,
    slots: &Arc<Semaphore>,
    backoff: &mut Backoff,
) -> (TcpStream, OwnedSemaphorePermit) {
    let Ok(permit) = slots.clone().acquire_owned().await else {
        // The semaphore is never closed; should it be, stop accepting.
        return std::future::pending().await;
    };
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                backoff.reset();
                return (stream, permit);
            }
            Err(error) => backoff.pause(&error).await,
        }
    }
}

/// Accepts connections until `stopped` flips, then waits for open connections to finish
/// (each is told to shut down gracefully). [`drain`] bounds that wait.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    mut stopped: watch::Receiver<bool>,
    limits: HttpLimits,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut connections = JoinSet::new();
    let mut backoff = Backoff::default();
    loop {
        tokio::select! {
            (stream, permit) = accept(&listener, &slots, &mut backoff) => {
                let served = connection(stream, app.clone(), stopped.clone(), limits);
                connections.spawn(async move {
                    served.await;
                    drop(permit);
                });
            }
            _ = stopped.changed() => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    while connections.join_next().await.is_some() {}
}

/// Waits for the server task (which waits for its connections) and then for the requests
/// still being processed, `grace` at most in all; past it the server task is aborted,
/// which drops every connection it still holds.
pub(crate) async fn drain(server: JoinHandle<()>, requests: &TaskTracker, grace: Duration) {
    let abort = server.abort_handle();
    requests.close();
    let finished = tokio::time::timeout(grace, async {
        let _ = server.await;
        requests.wait().await;
    })
    .await;
    if finished.is_err() {
        abort.abort();
        tracing::warn!(
            grace_ms = grace.as_millis(),
            requests = requests.len(),
            "attio-emulator: connections still open after the shutdown grace were dropped"
        );
    }
}

/// hyper's HTTP/1 server (HTTP/1 only: version detection would read the first bytes before
/// the head timeout starts, so a silent connection would be held forever). The head timeout
/// also closes idle keep-alive connections: hyper starts it whenever it waits for a head.
fn builder(limits: HttpLimits) -> Builder<TokioExecutor> {
    let mut builder = Builder::new(TokioExecutor::new()).http1_only();
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.head_timeout);
    // hyper's own limit on header fields is left at its default, which is the emulator's
    // (`MAX_HEADERS`, 100): a head with more is refused by hyper with an empty 431 that
    // `refusals` gives Attio's body. Raising it (`max_headers`) made hyper allocate and fill
    // room for that many fields (48 KB) for every head it parsed: 7 % of the samples in a
    // profile of the `throughput` bench.
    builder
}

/// Serves one connection with hyper-util's auto builder (in the throughput benchmark it
/// answered about twice as many requests per second as hyper's plain HTTP/1 builder did).
/// Fault injection can close the connection mid-request through the [`ConnectionKill`] every
/// request carries: the connection future is dropped, which closes the socket without
/// writing a response.
async fn connection(
    stream: TcpStream,
    app: Router,
    mut stopped: watch::Receiver<bool>,
    limits: HttpLimits,
) {
    let _ = stream.set_nodelay(true);
    let kill = Arc::new(Notify::new());
    let marker = ConnectionKill(kill.clone());
    let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(marker.clone());
        let mut app = app.clone();
        async move { app.call(request).await }
    });
    let builder = builder(limits);
    // Answers hyper makes on its own (a head it cannot parse) get Attio's body too.
    let io = TokioIo::new(AttioRefusals::new(stream));
    let conn = builder.serve_connection(io, service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = kill.notified() => {}
        _ = stopped.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}
