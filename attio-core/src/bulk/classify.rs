//! Telling a create from an update after an assert.
//!
//! Attio's assert answers the same way for both, so the record's `created_at` is compared
//! with the time the request started: created at or after it (less a tolerance for the
//! difference between the local and the server clock) means this request created it.
//! Two writes of the same record close together in one batch (duplicate matching values,
//! which are written one after the other) would both look "created"; the classifier
//! remembers the ids it called created within the tolerance window, so the second is an
//! update. The memory this takes is bounded by the write rate times the window.

use std::collections::HashMap;

use tokio::time::{Duration, Instant};

use crate::record::Record;
use crate::value::Timestamp;

#[derive(Debug)]
pub(super) struct Classifier {
    tolerance: Duration,
    /// Record ids called created recently, with when.
    recent: HashMap<String, Instant>,
    /// `recent`'s size after the last pruning (prune when it doubles: amortised O(1)).
    pruned_len: usize,
}

impl Classifier {
    pub(super) fn new(tolerance: Duration) -> Self {
        Self {
            tolerance,
            recent: HashMap::new(),
            pruned_len: 0,
        }
    }

    /// Whether the request that started at `started` (local wall clock) created `record`.
    pub(super) fn created(&mut self, record: &Record, started: Timestamp) -> bool {
        let tolerance = i128::try_from(self.tolerance.as_nanos()).unwrap_or(i128::MAX);
        let created_here = record.created_at().as_unix_nanos()
            >= started.as_unix_nanos().saturating_sub(tolerance);
        if !created_here || self.recent.contains_key(record.id()) {
            return false;
        }
        let now = Instant::now();
        self.recent.insert(record.id().to_owned(), now);
        if self.recent.len() > 2 * self.pruned_len.max(16) {
            // An id older than two windows can no longer be mistaken for a fresh create.
            let horizon = self.tolerance * 2 + Duration::from_secs(1);
            self.recent
                .retain(|_, at| now.saturating_duration_since(*at) <= horizon);
            self.pruned_len = self.recent.len();
        }
        true
    }

    /// How many record ids are remembered (for tests of the memory bound).
    #[cfg(test)]
    pub(super) fn remembered(&self) -> usize {
        self.recent.len()
    }
}
