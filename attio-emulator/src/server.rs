//! The [`Emulator`] handle: starts the server on 127.0.0.1, exposes counters and test
//! hooks, and stops it (persisting the store when configured).

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio_util::task::TaskTracker;

use crate::config::{EmulatorConfig, FaultConfig, RateLimitConfig};
use crate::error::ApiError;
use crate::http::{self, Control, Shared, Window, lock, serve};
use crate::observe::{JournalEntry, Observer, Stats};
use crate::store::Store;
use crate::webhooks::journal::WebhookDelivery;
use crate::webhooks::{Hub, Registry};

/// Why [`Emulator::start`] failed.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// A configured list names a parent object the emulator does not have.
    #[error("list `{slug}`: {message}")]
    InvalidList {
        /// The list's slug.
        slug: String,
        /// What is wrong.
        message: String,
    },
    /// The port could not be bound.
    #[error("cannot bind 127.0.0.1:{port}: {source}")]
    Bind {
        /// The requested port.
        port: u16,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A persistence file could not be read or written (permissions, disk full, …).
    #[error("cannot load the store from {path}: {message}")]
    Load {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The snapshot or its write log is damaged (not JSON, truncated, a broken log line).
    /// Nothing was changed on disk; start with
    /// [`PersistOptions::reset_damaged`](crate::PersistOptions::reset_damaged) (`--reset-damaged`)
    /// to move the file aside and start from what is still sound.
    #[error(
        "the persisted store file {path} is damaged: {message}. Start with --reset-damaged \
         (PersistOptions::reset_damaged) to move it aside to {path}.damaged-<timestamp> and \
         start without it"
    )]
    Damaged {
        /// The damaged file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
}

/// Why saving the store failed.
#[derive(Debug, thiserror::Error)]
#[error("cannot save the store to {path}: {message}")]
pub struct SaveError {
    /// The file.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

/// A running emulator. Dropping it stops the server (and compacts a persisted store's
/// write log into its snapshot); [`Emulator::shutdown`] does the same and waits.
///
/// ```
/// use attio_emulator::{Emulator, EmulatorConfig};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let emu = Emulator::start(EmulatorConfig::for_tests()).await?; // any free port on 127.0.0.1
/// let reply = reqwest::Client::new()
///     .post(format!("{}/v2/objects/users/records", emu.base_url()))
///     .bearer_auth(emu.token())
///     .json(&serde_json::json!({"data": {"values": {"user_id": "u1", "primary_email_address": "u1@example.com"}}}))
///     .send()
///     .await?;
/// assert_eq!(reply.status(), 200);
/// assert_eq!(emu.records("users").len(), 1); // what tests read back without HTTP
/// # Ok(())
/// # }
/// ```
pub struct Emulator {
    shared: Arc<Shared>,
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
    /// A persisted store not compacted by `shutdown` yet.
    persisted: bool,
    persistence_notes: Vec<String>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Emulator {
    /// Binds 127.0.0.1:`config.port` (0 = any free port) and starts serving.
    ///
    /// With a `persist_path`, the store is loaded from it and its write log (see
    /// [`EmulatorConfig::persist_path`]) before the port is bound.
    ///
    /// # Errors
    /// [`StartError::Bind`] when the port is taken; [`StartError::Damaged`] when the
    /// snapshot or its log is damaged (and `reset_damaged` is off); [`StartError::Load`]
    /// when they cannot be read or written.
    pub async fn start(config: EmulatorConfig) -> Result<Self, StartError> {
        let (store, persistence_notes) = match &config.persist_path {
            Some(path) => {
                Store::open_persisted(path, &config.objects, config.seed, config.persistence)?
            }
            None => (Store::new(&config.objects, config.seed), Vec::new()),
        };
        let mut store = store;
        for list in &config.lists {
            store
                .add_lists(std::slice::from_ref(list))
                .map_err(|error| StartError::InvalidList {
                    slug: list.api_slug.clone(),
                    message: error.message,
                })?;
        }
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port))
            .await
            .map_err(|source| StartError::Bind {
                port: config.port,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind {
            port: config.port,
            source,
        })?;
        let mut control = Control {
            limits: config.rate_limits,
            faults: FaultConfig::none(),
            script: Default::default(),
            rng: fastrand::Rng::with_seed(config.seed),
            seed: config.seed,
            window: Window::default(),
            write_seconds: Default::default(),
        };
        control.set_faults(config.faults.clone());
        let registry =
            Registry::restore(store.workspace.id.clone(), &store.webhooks).map_err(|message| {
                StartError::Load {
                    path: config.persist_path.clone().unwrap_or_default(),
                    message,
                }
            })?;
        let (webhooks, jobs) = Hub::new(registry, config.webhooks);
        webhooks.spawn(jobs);
        let shared = Arc::new(Shared {
            store: Mutex::new(store),
            observer: Mutex::new(Observer::new(config.http.journal_bytes)),
            control: Mutex::new(control),
            token: config.token.clone(),
            latency: config.latency,
            limits: config.http,
            tasks: TaskTracker::new(),
            webhooks,
        });
        let (stop, stopped) = watch::channel(false);
        let app = http::router(shared.clone());
        let task = tokio::spawn(serve::serve(listener, app, stopped, config.http));
        Ok(Self {
            shared,
            addr,
            stop,
            task: Some(task),
            persisted: config.persist_path.is_some(),
            persistence_notes,
        })
    }

    /// What start found wrong with the persisted files and what it did about it (a torn
    /// final log line dropped, damaged files moved aside), each naming the file. Empty when
    /// nothing was wrong or nothing is persisted.
    pub fn persistence_notes(&self) -> &[String] {
        &self.persistence_notes
    }

    /// `http://127.0.0.1:PORT` — no trailing slash and no `/v2` (clients append `/v2/...`).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The socket address served.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The bearer token the emulator accepts.
    pub fn token(&self) -> &str {
        &self.shared.token
    }

    /// A snapshot of the counters.
    pub fn stats(&self) -> Stats {
        let mut stats = lock(&self.shared.observer).stats.clone();
        stats.writes_applied = lock(&self.shared.store).writes_applied();
        stats
    }

    /// The requests received so far, in order (the most recent
    /// [`JOURNAL_CAPACITY`](crate::JOURNAL_CAPACITY) of them).
    pub fn journal(&self) -> Vec<JournalEntry> {
        lock(&self.shared.observer)
            .journal
            .iter()
            .cloned()
            .collect()
    }

    /// Clears the counters and the journal (the store's write counter is kept).
    pub fn reset_stats(&self) {
        lock(&self.shared.observer).clear();
    }

    /// Replaces fault injection; the scripted sequence and the seeded RNG restart.
    pub fn set_faults(&self, faults: FaultConfig) {
        lock(&self.shared.control).set_faults(faults);
    }

    /// Write requests per clock second as the rate limiter saw them (accepted within the
    /// limit, refused with 429), oldest first: the most recent
    /// [`WRITE_SECONDS_KEPT`](crate::WRITE_SECONDS_KEPT) seconds that had writes. Counted
    /// whether or not a limit is set.
    pub fn write_seconds(&self) -> Vec<crate::WriteSecond> {
        lock(&self.shared.control).write_seconds.to_vec()
    }

    /// Replaces the rate limits.
    pub fn set_rate_limits(&self, limits: RateLimitConfig) {
        lock(&self.shared.control).limits = limits;
    }

    /// The current records of an object in Attio's read shape (empty for an unknown object).
    pub fn records(&self, object_slug: &str) -> Vec<Value> {
        lock(&self.shared.store)
            .records_json(object_slug)
            .unwrap_or_default()
    }

    /// Creates a record with a chosen id (any string, even one that is not a UUID, like the
    /// workspace id in Attio's documented examples). `values` is what `data.values` would be.
    ///
    /// # Errors
    /// The same [`ApiError`]s a create would answer, or `uniqueness_conflict` when the id exists.
    pub fn seed_record(
        &self,
        object: &str,
        record_id: &str,
        values: Value,
    ) -> Result<Value, ApiError> {
        self.shared
            .write(|store| store.seed(object, record_id, &values))
    }

    /// Every webhook delivery the journal holds (the most recent
    /// [`WebhookConfig::journal_capacity`](crate::WebhookConfig::journal_capacity)), in the
    /// order the events happened, with each attempt.
    pub fn webhook_deliveries(&self) -> Vec<WebhookDelivery> {
        self.shared.webhooks.deliveries()
    }

    /// Waits until no webhook delivery is pending (each was delivered, failed for good or
    /// was dropped), at most `timeout`; whether that happened in time.
    pub async fn webhooks_settled(&self, timeout: std::time::Duration) -> bool {
        self.shared.webhooks.idle(timeout).await
    }

    /// Saves the store to `path` as a JSON snapshot, atomically (a crash leaves the old file
    /// or the new one). Starting with it as `persist_path` restores it.
    ///
    /// # Errors
    /// [`SaveError`] when serialising or writing fails.
    pub fn save(&self, path: &std::path::Path) -> Result<(), SaveError> {
        let err = |message: String| SaveError {
            path: path.to_owned(),
            message,
        };
        let text = lock(&self.shared.store)
            .snapshot_json()
            .map_err(|e| err(e.to_string()))?;
        crate::store::write_atomically(path, text.as_bytes()).map_err(|e| err(e.to_string()))
    }

    /// Stops accepting, lets open connections finish, waits for the server task and for
    /// requests still being processed (including ones whose client went away), then, for a
    /// persisted store, folds the write log into the snapshot. The wait is bounded by
    /// [`HttpLimits::shutdown_grace`](crate::HttpLimits::shutdown_grace): connections still
    /// open after it (a client sending half a body, say) are dropped.
    ///
    /// # Errors
    /// [`SaveError`] when writing the snapshot fails (every acknowledged write is still in
    /// the log, so nothing is lost).
    pub async fn shutdown(mut self) -> Result<(), SaveError> {
        let _ = self.stop.send(true);
        self.shared.webhooks.stop();
        if let Some(task) = self.task.take() {
            serve::drain(task, &self.shared.tasks, self.shared.limits.shutdown_grace).await;
        }
        self.persist()
    }

    fn persist(&mut self) -> Result<(), SaveError> {
        if !std::mem::take(&mut self.persisted) {
            return Ok(());
        }
        lock(&self.shared.store).compact()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        self.shared.webhooks.stop();
        if let Err(err) = self.persist() {
            tracing::warn!(%err, "attio-emulator: could not compact the store's write log");
        }
    }
}
