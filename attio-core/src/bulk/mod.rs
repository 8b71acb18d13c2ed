//! Bulk assert: write many records under the client's pacer, one outcome per input.
//!
//! ```no_run
//! use std::sync::Arc;
//!
//! use attio_core::bulk::{Bulk, Outcome};
//! use attio_core::cache::SyncCache;
//! use attio_core::{AttioRecord, Client};
//! use futures_util::StreamExt;
//!
//! #[derive(AttioRecord)]
//! #[attio(object = "users")]
//! struct User {
//!     #[attio(slug = "user_id", unique)]
//!     id: String,
//! }
//!
//! # async fn sync(client: Client, users: Vec<User>) -> Result<(), Box<dyn std::error::Error>> {
//! let cache = Arc::new(SyncCache::load("users.cache.json")?);
//! let mut outcomes = Bulk::<User>::new(&client)
//!     .concurrency(16)
//!     .cache(cache.clone())
//!     .assert_iter(users);
//! while let Some(done) = outcomes.next().await {
//!     if let Outcome::Failed(error) = &done.outcome {
//!         eprintln!("row {}: {error}", done.index);
//!     }
//! }
//! cache.save("users.cache.json")?;
//! # Ok(())
//! # }
//! ```
//!
//! * **One outcome per input**, never dropped, keyed by the input's index (and carrying
//!   its matching value and the input itself): [`Outcome::Created`], [`Outcome::Updated`],
//!   [`Outcome::Unchanged`], [`Outcome::Rejected`] (invalid before sending) or
//!   [`Outcome::Failed`]. One failure does not stop the rest, with one exception:
//! * **A refused token stops the run.** A write that fails with an authentication or
//!   permission error ([`Error::is_auth_failure`]: 401, or 403 for missing scopes) would
//!   fail for every record, so the run stops there: that record's outcome is
//!   [`Outcome::Failed`] with the error ([`BulkStream::stopped_by`] names its index),
//!   the writes in flight are cancelled, and they, the waiting records and the rest of
//!   the input each come as [`Outcome::NotAttempted`] without a request. Every input is
//!   still accounted for; drop the stream to skip reading the rest of the input.
//! * **Bounded**: at most [`concurrency`](Bulk::concurrency) writes in flight (each
//!   also waits for the client's pacer, so the pace is the client's, not the
//!   concurrency's); input is pulled only when there is room, so memory does not grow
//!   with the input's length.
//! * **Duplicates are serialized**: two inputs with the same matching value are never in
//!   flight at once; the later one waits for the earlier one and is written after it
//!   (so the last input wins, as it would sequentially). At most
//!   [`max_waiting`](Bulk::max_waiting) records wait like this; input pauses beyond that.
//! * **Unchanged records are skipped** with a [`SyncCache`]: when the hash of a record's
//!   values equals the one last written for its matching value, no request is sent and
//!   the outcome is [`Outcome::Unchanged`]. A successful write records the new hash; a
//!   failed one forgets the entry (what Attio holds is then unknown).
//! * **Created or updated**: Attio's assert answers the same for both, so a record whose
//!   `created_at` is no earlier than the request's start (less
//!   [`clock_tolerance`](Bulk::clock_tolerance), default 5 s, for clock skew between this
//!   machine and Attio) counts as created, unless this bulk run already created that
//!   record id or the cache holds an entry for it (it was written before). With a local
//!   clock more than the tolerance ahead of Attio's, creates are reported as updates; a
//!   record someone else created within the tolerance before this run's write is
//!   reported as created.
//!
//! Progress is observable as the stream of outcomes itself, or through the callback of
//! [`BulkStream::run`]. The writes advance while the stream is polled, so keep the work
//! done per outcome short (or hand it to another task). To stop early (Ctrl-C), drop the
//! stream: writes in flight are abandoned and not recorded in the cache, so the next run
//! writes those records again (asserts are safe to repeat).

mod classify;
mod outcome;
mod stream;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;
use futures_util::stream::{Stream, StreamExt};

use serde_json::{Map, Value};

pub use outcome::{BulkOutcome, BulkSummary, Outcome, OutcomeKind};
pub use stream::BulkStream;

use crate::cache::SyncCache;
use crate::client::Client;
use crate::error::Error;
use crate::object::{AttioRecord, Unique};
use crate::record::Record;

/// Sends one assert: `(object, matching attribute, values)`.
type WriteFn = dyn Fn(&'static str, &'static str, Map<String, Value>) -> BoxFuture<'static, Result<Record, Error>>
    + Send
    + Sync;

/// What a [`BulkStream`] needs, shared with its in-flight writes.
struct Settings<R> {
    write: Arc<WriteFn>,
    matching: Unique<R>,
    concurrency: usize,
    max_waiting: usize,
    cache: Option<Arc<SyncCache>>,
    clock_tolerance: Duration,
}

///
/// ```
/// use std::sync::Arc;
/// use attio_core::bulk::{Bulk, Outcome};
/// use attio_core::cache::SyncCache;
/// use attio_core::{AttioRecord, Email};
/// use futures_util::StreamExt;
///
/// #[derive(AttioRecord)]
/// #[attio(object = "users")]
/// struct User {
///     #[attio(slug = "user_id", unique)]
///     id: String,
///     #[attio(slug = "primary_email_address", unique)]
///     email: Email,
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let emu = attio_emulator::Emulator::start(attio_emulator::EmulatorConfig::for_tests()).await?;
/// # let client = attio_core::Client::builder().base_url(emu.base_url()).token(emu.token()).build()?;
/// let users = (0..3).map(|n| User { id: format!("u{n}"), email: Email::new(format!("u{n}@example.com")).unwrap() });
/// let cache = Arc::new(SyncCache::new());
/// let mut outcomes = Bulk::<User>::new(&client).concurrency(16).cache(cache.clone()).assert_iter(users);
/// let mut created = 0;
/// while let Some(done) = outcomes.next().await {
///     match &done.outcome {
///         Outcome::Created(_) => created += 1,
///         Outcome::Failed(error) | Outcome::Rejected(error) => eprintln!("row {}: {error}", done.index),
///         _ => {}
///     }
/// }
/// assert_eq!(created, 3);
/// # Ok(())
/// # }
/// ```
/// A bulk assert of records of type `R` (see the [module docs](self)).
pub struct Bulk<R> {
    settings: Settings<R>,
}

impl<R: AttioRecord + Send + Sync + 'static> Bulk<R> {
    /// The default number of writes in flight.
    pub const DEFAULT_CONCURRENCY: usize = 16;

    /// A bulk assert through `client` (and so under its pacer and retry policy), matching
    /// on `R`'s default matching attribute, 16 writes in flight, no cache.
    pub fn new(client: &Client) -> Self {
        let client = client.clone();
        Self::with_writer(Arc::new(move |object, matching, values| {
            let client = client.clone();
            Box::pin(async move { client.assert_record(object, matching, values).await })
        }))
    }

    fn with_writer(write: Arc<WriteFn>) -> Self {
        Self {
            settings: Settings {
                write,
                matching: R::MATCHING_ATTRIBUTE,
                concurrency: Self::DEFAULT_CONCURRENCY,
                max_waiting: 4 * Self::DEFAULT_CONCURRENCY,
                cache: None,
                clock_tolerance: Duration::from_secs(5),
            },
        }
    }

    /// At most this many writes in flight (at least 1). Also sets
    /// [`max_waiting`](Self::max_waiting) to four times as many.
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.settings.concurrency = concurrency.max(1);
        self.settings.max_waiting = self.settings.concurrency.saturating_mul(4);
        self
    }

    /// At most this many records wait for an earlier record with the same matching value
    /// before input pauses (at least 1).
    pub fn max_waiting(mut self, max_waiting: usize) -> Self {
        self.settings.max_waiting = max_waiting.max(1);
        self
    }

    /// Match on another unique attribute of `R`.
    pub fn matching(mut self, matching: Unique<R>) -> Self {
        self.settings.matching = matching;
        self
    }

    /// Skip records whose values are unchanged since they were last written, and record
    /// what is written (see [`SyncCache`]).
    pub fn cache(mut self, cache: Arc<SyncCache>) -> Self {
        self.settings.cache = Some(cache);
        self
    }

    /// How far the local clock may be from Attio's for created/updated to be told apart
    /// (see the [module docs](self)).
    pub fn clock_tolerance(mut self, tolerance: Duration) -> Self {
        self.settings.clock_tolerance = tolerance;
        self
    }

    /// Asserts every record of `records`; the outcomes come as a stream.
    pub fn assert_stream<S>(self, records: S) -> BulkStream<R>
    where
        S: Stream<Item = R> + Send + 'static,
    {
        BulkStream::new(self.settings, records.boxed())
    }

    /// Asserts every record of `records`; the outcomes come as a stream.
    pub fn assert_iter<I>(self, records: I) -> BulkStream<R>
    where
        I: IntoIterator<Item = R>,
        I::IntoIter: Send + 'static,
    {
        self.assert_stream(futures_util::stream::iter(records))
    }
}

impl<R> fmt::Debug for Bulk<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.settings;
        f.debug_struct("Bulk")
            .field("matching", &s.matching)
            .field("concurrency", &s.concurrency)
            .field("max_waiting", &s.max_waiting)
            .field("cache", &s.cache)
            .field("clock_tolerance", &s.clock_tolerance)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
