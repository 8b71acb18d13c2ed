//! Configuration: token, port, rate limits, fault injection, latency, seed, extra objects,
//! persistence, and the HTTP layer's limits and timeouts.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use crate::schema::{ListSpec, ObjectSpec};
use crate::webhooks::WebhookConfig;

/// The bearer token [`EmulatorConfig::default`] accepts.
pub const DEFAULT_TOKEN: &str = "attio-emulator-test-token";

/// How an [`crate::Emulator`] is set up. `Default` = the standard objects, Attio's documented
/// rate limits on, no faults, a fixed test token, port 0 (any free port).
///
/// ```
/// use attio_emulator::{EmulatorConfig, RateLimitConfig};
///
/// let quiet = EmulatorConfig::for_tests(); // no rate limits, no faults, no latency
/// let strict = EmulatorConfig {
///     rate_limits: RateLimitConfig::new(100, 25), // Attio's documented reads and writes per second
///     ..EmulatorConfig::default()
/// };
/// # let _ = (quiet, strict);
/// ```
#[derive(Clone)]
pub struct EmulatorConfig {
    /// The bearer token the emulator accepts (never printed by `Debug`).
    pub token: String,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Request rate limits.
    pub rate_limits: RateLimitConfig,
    /// Fault injection.
    pub faults: FaultConfig,
    /// Latency added to every `/v2` request.
    pub latency: Latency,
    /// Seed for ids and fault decisions: the same seed gives the same ids and faults.
    pub seed: u64,
    /// Custom objects, or extra attributes for standard objects.
    pub objects: Vec<ObjectSpec>,
    /// When set, the store is kept in this JSON snapshot file plus a write log beside it
    /// (`<file>.log`): loaded on start, every acknowledged write appended to the log before it
    /// is answered, the log folded into the snapshot on shutdown and when it grows. See
    /// [`PersistOptions`].
    pub persist_path: Option<PathBuf>,
    /// Timeouts and bounds of the HTTP layer (connections, shutdown, journal).
    pub http: HttpLimits,
    /// How `persist_path` is written and what start does with damaged files.
    pub persistence: PersistOptions,
    /// Webhook delivery: retry schedule, timeouts, queue and journal sizes.
    pub webhooks: WebhookConfig,
    /// Lists served from the start, with their attributes (more can be created through
    /// `POST /v2/lists`, without attributes).
    pub lists: Vec<ListSpec>,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            token: DEFAULT_TOKEN.to_owned(),
            port: 0,
            rate_limits: RateLimitConfig::default(),
            faults: FaultConfig::default(),
            latency: Latency::None,
            seed: 0x00A7_7105,
            objects: Vec::new(),
            persist_path: None,
            http: HttpLimits::default(),
            persistence: PersistOptions::default(),
            webhooks: WebhookConfig::default(),
            lists: Vec::new(),
        }
    }
}

impl EmulatorConfig {
    /// What most tests want: rate limits off, no faults, no latency.
    pub fn for_tests() -> Self {
        Self {
            rate_limits: RateLimitConfig::off(),
            ..Self::default()
        }
    }

    /// Sets the token (builder style).
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = token.into();
        self
    }

    /// Adds a list (builder style).
    pub fn with_list(mut self, list: ListSpec) -> Self {
        self.lists.push(list);
        self
    }

    /// Adds a custom object or extra attributes (builder style).
    pub fn with_object(mut self, object: ObjectSpec) -> Self {
        self.objects.push(object);
        self
    }
}

impl fmt::Debug for EmulatorConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmulatorConfig")
            .field("token", &"<redacted>")
            .field("port", &self.port)
            .field("rate_limits", &self.rate_limits)
            .field("faults", &self.faults)
            .field("latency", &self.latency)
            .field("seed", &self.seed)
            .field("objects", &self.objects)
            .field("persist_path", &self.persist_path)
            .field("http", &self.http)
            .field("persistence", &self.persistence)
            .finish()
    }
}

/// Timeouts and bounds of the HTTP layer, so that a slow, stalled or hostile client cannot
/// hold the emulator, its memory or its shutdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    /// Time a connection has to send a request head, counted from when the emulator starts
    /// waiting for it; so it is also how long an idle keep-alive connection is kept open.
    /// Past it the connection is closed without an answer. Default 10 s.
    pub head_timeout: Duration,
    /// Time a request has to send its whole body once its head is in. Past it the emulator
    /// answers 408 `request_timeout` and closes the connection. Default 30 s.
    pub body_timeout: Duration,
    /// How long [`Emulator::shutdown`](crate::Emulator::shutdown) waits for open
    /// connections and requests in progress to finish; after it they are dropped. Default 5 s.
    pub shutdown_grace: Duration,
    /// Connections served at once; further clients wait in the listen queue until one
    /// closes. Default 512.
    pub max_connections: usize,
    /// Bytes the journal may hold (paths, query strings and bodies, plus a fixed
    /// allowance per entry); the oldest entries are evicted beyond it. Default 64 MiB.
    pub journal_bytes: usize,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            head_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(5),
            max_connections: 512,
            journal_bytes: 64 * 1024 * 1024,
        }
    }
}

/// How a persisted store (see [`EmulatorConfig::persist_path`]) is written and recovered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersistOptions {
    /// When the snapshot or the write log cannot be read back (not JSON, truncated, a
    /// damaged log line), start anyway: the damaged file is renamed to
    /// `<file>.damaged-<timestamp>` and the emulator starts from what is still sound (see
    /// the crate docs). Off (the default): start fails with [`crate::StartError::Damaged`],
    /// naming the file. A torn *final* log line is not damage: it is what `kill -9` during
    /// an append leaves, its write was never answered, so it is dropped (and reported).
    pub reset_damaged: bool,
    /// `fsync` the write log after every write, so acknowledged writes survive a power
    /// loss or OS crash, not only the emulator being killed. Off by default: each write
    /// reaches the kernel before it is answered, which is what surviving `kill -9` needs.
    pub sync_each_write: bool,
    /// The log is folded into the snapshot once it is larger than this many bytes (or than
    /// the snapshot, whichever is larger, so compaction stays proportional to the writes).
    pub compact_after_bytes: u64,
}

impl Default for PersistOptions {
    /// No reset, no per-write fsync, compaction after 8 MiB of log.
    fn default() -> Self {
        Self {
            reset_damaged: false,
            sync_each_write: false,
            compact_after_bytes: 8 * 1024 * 1024,
        }
    }
}

/// Requests allowed per clock second, reads and writes counted separately (Attio: 100 reads,
/// 25 writes). `None` = unlimited. `POST …/records/query` counts as a read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitConfig {
    /// Reads per second.
    pub reads_per_second: Option<u32>,
    /// Writes per second.
    pub writes_per_second: Option<u32>,
}

impl RateLimitConfig {
    /// Custom limits.
    pub fn new(reads_per_second: u32, writes_per_second: u32) -> Self {
        Self {
            reads_per_second: Some(reads_per_second),
            writes_per_second: Some(writes_per_second),
        }
    }

    /// No limits.
    pub fn off() -> Self {
        Self {
            reads_per_second: None,
            writes_per_second: None,
        }
    }
}

impl Default for RateLimitConfig {
    /// Attio's documented limits: 100 reads/s and 25 writes/s.
    fn default() -> Self {
        Self::new(100, 25)
    }
}

/// Added latency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Latency {
    /// None.
    #[default]
    None,
    /// Always this long.
    Fixed(Duration),
    /// Uniformly within `[min, max]` (seeded).
    Range(Duration, Duration),
}

/// One scripted answer for [`FaultConfig::script`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptedFault {
    /// Serve the request normally.
    Ok,
    /// Answer with this status (500, 502, 503 or 429) without applying the request.
    Status(u16),
    /// Close the connection without a response, before the request is applied.
    DropBeforeWrite,
    /// Apply the request, then close the connection without a response.
    DropAfterWrite,
    /// Wait this long, then serve normally.
    Delay(Duration),
}

/// Deterministic fault injection (decisions come from the emulator's seeded RNG).
///
/// Per request the scripted sequence is consumed first; when it is empty, the
/// probabilities are tried in the order 500, 502, 503, 429, drop-before, drop-after (each
/// an independent draw), then `slow` latency.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FaultConfig {
    /// Only requests that write (POST/PUT/PATCH/DELETE except `…/query`) are affected.
    pub writes_only: bool,
    /// Probability of a 500 answer.
    pub error_500: f64,
    /// Probability of a 502 answer.
    pub error_502: f64,
    /// Probability of a 503 answer.
    pub error_503: f64,
    /// Probability of an injected 429 (with `Retry-After`).
    pub rate_limited: f64,
    /// Probability of closing the connection before applying the request.
    pub drop_before_write: f64,
    /// Probability of applying the request, then closing the connection without a response.
    pub drop_after_write: f64,
    /// Probability of adding `slow_latency`.
    pub slow: f64,
    /// The latency `slow` adds.
    pub slow_latency: Latency,
    /// Answers for the next requests, in order (e.g. `[Status(503), Status(429), Ok]`).
    pub script: Vec<ScriptedFault>,
}

impl FaultConfig {
    /// No faults.
    pub fn none() -> Self {
        Self::default()
    }

    /// Only the scripted sequence.
    pub fn scripted(script: impl IntoIterator<Item = ScriptedFault>) -> Self {
        Self {
            script: script.into_iter().collect(),
            ..Self::default()
        }
    }
}
