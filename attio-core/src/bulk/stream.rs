//! [`BulkStream`]: the driver that pulls input records, writes them with bounded
//! concurrency and yields their outcomes.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_util::future::BoxFuture;
use futures_util::stream::{BoxStream, FuturesUnordered, Stream, StreamExt};
use serde_json::{Map, Value};

use super::classify::Classifier;
use super::{BulkOutcome, BulkSummary, Outcome, Settings};
use crate::cache::{CacheKey, ValuesHash};
use crate::error::{Error, ValueError};
use crate::object::AttioRecord;
use crate::record::Record;
use crate::value::Timestamp;

/// A record ready to be written.
struct Prepared<R> {
    index: u64,
    input: R,
    values: Map<String, Value>,
    matching_value: Value,
    key: CacheKey,
    hash: ValuesHash,
}

/// A finished write of the record with this index (its [`Prepared`] waits in
/// [`BulkStream::writing`], so a stopped run can still hand every input back).
struct Written {
    index: u64,
    started: Timestamp,
    result: Result<Record, Error>,
}

/// The outcomes of a bulk assert, one per input record, in completion order (use
/// [`BulkOutcome::index`] to match them to the input). Created by
/// [`Bulk::assert_stream`](super::Bulk::assert_stream) and
/// [`Bulk::assert_iter`](super::Bulk::assert_iter); see [`crate::bulk`].
///
/// Input is pulled only while there is room, so memory stays bounded however long the
/// input is. Dropping the stream cancels the writes in flight (asserts are safe to
/// repeat, so a later run just writes those records again).
pub struct BulkStream<R> {
    settings: Arc<Settings<R>>,
    /// `None` once the input is exhausted.
    input: Option<BoxStream<'static, R>>,
    next_index: u64,
    in_flight: FuturesUnordered<BoxFuture<'static, Written>>,
    /// The records of the writes in flight, by index (their values are with the write).
    writing: HashMap<u64, Prepared<R>>,
    /// Matching values with a write in flight.
    busy: HashSet<CacheKey>,
    /// Records waiting for an earlier record with the same matching value, in input order.
    waiting: VecDeque<Prepared<R>>,
    classifier: Classifier,
    /// The index of the record whose authentication or permission error stopped the run.
    stopped_by: Option<u64>,
    /// After a stop: outcomes of the records that were in flight or waiting, to yield.
    not_attempted: VecDeque<BulkOutcome<R>>,
}

impl<R: AttioRecord + Send + Sync + 'static> BulkStream<R> {
    pub(super) fn new(settings: Settings<R>, input: BoxStream<'static, R>) -> Self {
        let classifier = Classifier::new(settings.clock_tolerance);
        Self {
            settings: Arc::new(settings),
            input: Some(input),
            next_index: 0,
            in_flight: FuturesUnordered::new(),
            writing: HashMap::new(),
            busy: HashSet::new(),
            waiting: VecDeque::new(),
            classifier,
            stopped_by: None,
            not_attempted: VecDeque::new(),
        }
    }

    /// The index of the record whose write failed with an authentication or permission
    /// error ([`Error::is_auth_failure`]) and so stopped the run, if one did (see
    /// [`crate::bulk`]). Its own outcome is [`Outcome::Failed`] with that error.
    pub fn stopped_by(&self) -> Option<u64> {
        self.stopped_by
    }

    /// Drives the whole bulk operation, calling `on_outcome` with each outcome and the
    /// totals so far, and returns the totals. Dropping the returned future stops the
    /// operation like dropping the stream does.
    pub async fn run(
        mut self,
        mut on_outcome: impl FnMut(&BulkOutcome<R>, &BulkSummary),
    ) -> BulkSummary {
        let mut summary = BulkSummary::default();
        while let Some(done) = self.next().await {
            summary.add(&done.outcome);
            on_outcome(&done, &summary);
        }
        summary
    }

    fn has_room(&self) -> bool {
        self.in_flight.len() < self.settings.concurrency
    }

    /// Takes in the next input record: rejected, unchanged (returned at once), waiting
    /// behind its duplicate, or started.
    fn admit(&mut self, input: R) -> Option<BulkOutcome<R>> {
        let index = self.next_index;
        self.next_index += 1;
        let slug = self.settings.matching.slug();
        let values = match input.to_values() {
            Ok(values) => values,
            Err(error) => return Some(rejected(index, None, input, error)),
        };
        let Some(matching_value) = values.get(slug).cloned() else {
            let error = Error::InvalidValue {
                attribute: slug.to_owned(),
                reason: ValueError::EmptyUnique,
            };
            return Some(rejected(index, None, input, error));
        };
        let prepared = Prepared {
            key: CacheKey::new(R::OBJECT, slug, &matching_value),
            hash: ValuesHash::of(&values),
            index,
            input,
            values,
            matching_value,
        };
        if self.busy.contains(&prepared.key) || self.waiting.iter().any(|w| w.key == prepared.key) {
            self.waiting.push_back(prepared);
            return None;
        }
        self.start(prepared)
    }

    /// Starts the first waiting record whose duplicate has finished, if there is room.
    /// Records with the same key leave the queue in input order, since the first of
    /// them is always found first.
    fn start_waiting(&mut self) -> Option<BulkOutcome<R>> {
        while self.has_room() {
            let position = self
                .waiting
                .iter()
                .position(|w| !self.busy.contains(&w.key))?;
            let prepared = self.waiting.remove(position)?;
            if let Some(unchanged) = self.start(prepared) {
                return Some(unchanged);
            }
        }
        None
    }

    /// Sends the write, unless the cache says these values are already there.
    fn start(&mut self, prepared: Prepared<R>) -> Option<BulkOutcome<R>> {
        let settings = &self.settings;
        if let Some(cache) = &settings.cache
            && cache.is_unchanged(&prepared.key, prepared.hash)
        {
            return Some(BulkOutcome {
                index: prepared.index,
                matching_value: Some(prepared.matching_value),
                input: prepared.input,
                outcome: Outcome::Unchanged,
            });
        }
        self.busy.insert(prepared.key.clone());
        let settings = Arc::clone(settings);
        let mut prepared = prepared;
        let values = std::mem::take(&mut prepared.values);
        let index = prepared.index;
        self.writing.insert(index, prepared);
        self.in_flight.push(Box::pin(async move {
            let started = Timestamp::now();
            let result = (settings.write)(R::OBJECT, settings.matching.slug(), values).await;
            Written {
                index,
                started,
                result,
            }
        }));
        None
    }

    /// Stops the run after `index` failed with an authentication or permission error:
    /// the writes in flight are cancelled and, with the waiting records, reported as not
    /// attempted (in input order); the rest of the input follows as it is pulled.
    fn stop(&mut self, index: u64) {
        self.stopped_by = Some(index);
        self.in_flight = FuturesUnordered::new();
        self.busy.clear();
        let mut left: Vec<Prepared<R>> = self.writing.drain().map(|(_, p)| p).collect();
        left.extend(self.waiting.drain(..));
        left.sort_by_key(|prepared| prepared.index);
        let cache = self.settings.cache.as_deref();
        for prepared in left {
            if let Some(cache) = cache {
                // A cancelled write may or may not have landed: write it next time.
                cache.remove(&prepared.key);
            }
            self.not_attempted.push_back(BulkOutcome {
                index: prepared.index,
                matching_value: Some(prepared.matching_value),
                input: prepared.input,
                outcome: Outcome::NotAttempted,
            });
        }
    }

    /// After a stop: the records left to report, then the rest of the input, each as
    /// [`Outcome::NotAttempted`] (nothing is sent).
    fn poll_stopped(&mut self, cx: &mut Context<'_>) -> Poll<Option<BulkOutcome<R>>> {
        if let Some(outcome) = self.not_attempted.pop_front() {
            return Poll::Ready(Some(outcome));
        }
        let Some(input) = self.input.as_mut() else {
            return Poll::Ready(None);
        };
        match input.poll_next_unpin(cx) {
            Poll::Ready(Some(input)) => {
                let index = self.next_index;
                self.next_index += 1;
                Poll::Ready(Some(BulkOutcome {
                    index,
                    matching_value: None,
                    input,
                    outcome: Outcome::NotAttempted,
                }))
            }
            Poll::Ready(None) => {
                self.input = None;
                Poll::Ready(None)
            }
            Poll::Pending => Poll::Pending,
        }
    }

    /// Turns a finished write into its outcome and updates the cache.
    fn finish(&mut self, written: Written) -> BulkOutcome<R> {
        let Written {
            index,
            started,
            result,
        } = written;
        let prepared = self
            .writing
            .remove(&index)
            .expect("every write in flight has its record in `writing`");
        self.busy.remove(&prepared.key);
        let cache = self.settings.cache.as_deref();
        let outcome = match result {
            Ok(record) => {
                // A record the cache knows was written before, so this is an update.
                let known = cache.is_some_and(|cache| cache.get(&prepared.key).is_some());
                if let Some(cache) = cache {
                    cache.insert(prepared.key.clone(), prepared.hash);
                }
                if !known && self.classifier.created(&record, started) {
                    Outcome::Created(record)
                } else {
                    Outcome::Updated(record)
                }
            }
            Err(error) => {
                if let Some(cache) = cache {
                    // What Attio holds now is unknown: write it next time whatever it is.
                    cache.remove(&prepared.key);
                }
                if is_rejection(&error) {
                    Outcome::Rejected(error)
                } else {
                    if error.is_auth_failure() {
                        self.stop(prepared.index);
                    }
                    Outcome::Failed(error)
                }
            }
        };
        BulkOutcome {
            index: prepared.index,
            matching_value: Some(prepared.matching_value),
            input: prepared.input,
            outcome,
        }
    }
}

fn rejected<R>(
    index: u64,
    matching_value: Option<Value>,
    input: R,
    error: Error,
) -> BulkOutcome<R> {
    BulkOutcome {
        index,
        matching_value,
        input,
        outcome: Outcome::Rejected(error),
    }
}

/// Errors the client returns before sending anything, because of this record's data:
/// [`Error::is_rejected_before_sending`] (the one list of them), less a configuration
/// problem, which is the client's and not the record's.
fn is_rejection(error: &Error) -> bool {
    error.is_rejected_before_sending() && !matches!(error, Error::Config(_))
}

// The stream never pins its fields (records are moved, not polled), so it is `Unpin`
// whatever `R` is.
impl<R> Unpin for BulkStream<R> {}

impl<R: AttioRecord + Send + Sync + 'static> Stream for BulkStream<R> {
    type Item = BulkOutcome<R>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.stopped_by.is_some() {
            return this.poll_stopped(cx);
        }
        if let Some(outcome) = this.start_waiting() {
            return Poll::Ready(Some(outcome));
        }
        // Pull input while there is room; stop early when too many records wait for
        // their duplicates, so that queue stays bounded too.
        while this.has_room() && this.waiting.len() < this.settings.max_waiting {
            let Some(input) = this.input.as_mut() else {
                break;
            };
            match input.poll_next_unpin(cx) {
                Poll::Ready(Some(record)) => {
                    if let Some(outcome) = this.admit(record) {
                        return Poll::Ready(Some(outcome));
                    }
                }
                Poll::Ready(None) => this.input = None,
                Poll::Pending => break,
            }
        }
        match this.in_flight.poll_next_unpin(cx) {
            Poll::Ready(Some(written)) => Poll::Ready(Some(this.finish(written))),
            // Nothing in flight: either everything is done, or the input is pending
            // (and will wake us). Waiting records always find room when nothing is in
            // flight, so none are left here.
            Poll::Ready(None) if this.input.is_none() && this.waiting.is_empty() => {
                Poll::Ready(None)
            }
            Poll::Ready(None) if !this.waiting.is_empty() => {
                // Unreachable by the reasoning above; never hang if that reasoning breaks.
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            Poll::Ready(None) | Poll::Pending => Poll::Pending,
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let known = self.in_flight.len() + self.waiting.len() + self.not_attempted.len();
        match &self.input {
            None => (known, Some(known)),
            Some(input) => {
                let (low, high) = input.size_hint();
                (known + low, high.and_then(|h| h.checked_add(known)))
            }
        }
    }
}

impl<R> fmt::Debug for BulkStream<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BulkStream")
            .field("next_index", &self.next_index)
            .field("in_flight", &self.in_flight.len())
            .field("waiting", &self.waiting.len())
            .field("input_done", &self.input.is_none())
            .field("stopped_by", &self.stopped_by)
            .finish_non_exhaustive()
    }
}
