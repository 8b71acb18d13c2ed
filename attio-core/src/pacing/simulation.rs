//! A simulated Attio for the pacer's tests, on tokio's paused clock (a minute of traffic
//! runs in well under a second): a write limit per clock second, uniform latency,
//! injected faults, and clients that report every answer to their pacer the way the
//! client pipeline does (`client::pipeline::classify`), retrying as the default retry
//! policy does.
//!
//! It models the emulator's order of layers: the limit is checked when a request
//! arrives and its 429 is answered at once (the request is not processed, nor counted);
//! a request within the limit counts against it, then waits its latency, then may be
//! refused by an injected fault: a 5xx (still counted) or a 429 (which, like the limit's,
//! gives its count back).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::time::{Duration, Instant};

use super::{Pacer, RequestClass};

/// Injected faults, as shares of the write attempts within the limit.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Faults {
    pub server_error: f64,
    pub rate_limited: f64,
}

/// What one simulated run did.
#[derive(Debug, Clone, Copy)]
pub(super) struct Run {
    /// Writes that succeeded.
    pub written: u64,
    /// 429s the limit answered (injected ones not included).
    pub limited: u64,
    /// From the first request to the last answer.
    pub elapsed: Duration,
}

impl Run {
    /// Successful writes per second as a share of `limit`.
    pub fn share_of(&self, limit: u32) -> f64 {
        self.written as f64 / self.elapsed.as_secs_f64() / f64::from(limit)
    }

    /// The limit's 429s per 1,000 successful writes.
    pub fn limited_per_1000(&self) -> f64 {
        self.limited as f64 * 1000.0 / self.written.max(1) as f64
    }
}

enum Answer {
    Ok,
    Limited,
    Injected429,
    ServerError,
}

struct Server {
    limit: u32,
    faults: Faults,
    start: Instant,
    state: Mutex<State>,
}

struct State {
    second: u64,
    used: u32,
    limited: u64,
    rng: fastrand::Rng,
}

impl Server {
    fn arrive(&self, now: Instant) -> (Answer, Duration) {
        let mut state = self.state.lock().unwrap();
        let second = (now - self.start).as_secs();
        if state.second != second {
            state.second = second;
            state.used = 0;
        }
        if state.used >= self.limit {
            state.limited += 1;
            return (Answer::Limited, Duration::from_millis(1));
        }
        let latency = Duration::from_millis(state.rng.u64(100..=400));
        let draw = state.rng.f64();
        let answer = if draw < self.faults.server_error {
            Answer::ServerError
        } else if draw < self.faults.server_error + self.faults.rate_limited {
            Answer::Injected429
        } else {
            Answer::Ok
        };
        if !matches!(answer, Answer::Injected429) {
            state.used += 1;
        }
        (answer, latency)
    }

    /// A 429's `Retry-After`: the start of the next clock second.
    fn retry_after(&self, now: Instant) -> Duration {
        let next = self.start + Duration::from_secs((now - self.start).as_secs() + 1);
        next - now
    }

    fn jitter(&self, max_ms: u64) -> Duration {
        Duration::from_millis(self.state.lock().unwrap().rng.u64(0..=max_ms))
    }
}

/// One client: `writes` writes through `pacer` with `concurrency` in flight.
async fn client(server: Arc<Server>, pacer: Pacer, writes: u64, concurrency: usize) -> u64 {
    let next = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (server, pacer, next) = (server.clone(), pacer.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut written = 0;
            while next.fetch_add(1, Ordering::Relaxed) < writes {
                write_once(&server, &pacer).await;
                written += 1;
            }
            written
        }));
    }
    let mut written = 0;
    for task in tasks {
        written += task.await.unwrap();
    }
    written
}

/// One write, retried until it succeeds.
async fn write_once(server: &Server, pacer: &Pacer) {
    let class = RequestClass::Write;
    let mut failures = 0;
    loop {
        pacer.acquire(class).await;
        let sent = Instant::now();
        let (answer, latency) = server.arrive(sent);
        tokio::time::sleep(latency).await;
        let now = Instant::now();
        match answer {
            Answer::Ok => {
                pacer.record_success_sent_at(class, sent);
                return;
            }
            Answer::Limited | Answer::Injected429 => {
                let wait = server.retry_after(now);
                if pacer.record_rate_limited_sent_at(class, sent) {
                    pacer.pause_for(wait);
                }
                tokio::time::sleep(wait + server.jitter(100)).await;
            }
            Answer::ServerError => {
                failures += 1;
                let ceiling = 100u64 << failures.min(6);
                tokio::time::sleep(server.jitter(ceiling.min(10_000))).await;
            }
        }
    }
}

/// Runs one client per pacer, each writing `writes_each`, against a limit of `limit`
/// writes per second with `faults`; `seed` fixes latencies and faults.
pub(super) async fn run(
    limit: u32,
    faults: Faults,
    pacers: Vec<Pacer>,
    writes_each: u64,
    concurrency: usize,
    seed: u64,
) -> Run {
    let start = Instant::now();
    let server = Arc::new(Server {
        limit,
        faults,
        start,
        state: Mutex::new(State {
            second: 0,
            used: 0,
            limited: 0,
            rng: fastrand::Rng::with_seed(seed),
        }),
    });
    let clients: Vec<_> = pacers
        .into_iter()
        .map(|pacer| tokio::spawn(client(server.clone(), pacer, writes_each, concurrency)))
        .collect();
    let mut written = 0;
    for client in clients {
        written += client.await.unwrap();
    }
    let limited = server.state.lock().unwrap().limited;
    Run {
        written,
        limited,
        elapsed: start.elapsed(),
    }
}
