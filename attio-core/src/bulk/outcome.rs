//! What bulk operations report per input record, and in total.

use serde_json::Value;

use crate::error::Error;
use crate::record::Record;

/// What happened to one input record.
///
/// ```
/// use attio_core::bulk::{Outcome, OutcomeKind};
///
/// fn line(outcome: &Outcome) -> String {
///     match outcome {
///         Outcome::Created(record) | Outcome::Updated(record) => format!("wrote {}", record.id()),
///         Outcome::Unchanged => "unchanged since the last run".into(),
///         Outcome::Rejected(error) => format!("fix the input: {error}"),
///         Outcome::Failed(error) => format!("failed: {error}"),
///         Outcome::NotAttempted => "not attempted (the run stopped)".into(),
///     }
/// }
/// assert_eq!(line(&Outcome::Unchanged), "unchanged since the last run");
/// assert_eq!(Outcome::Unchanged.kind(), OutcomeKind::Unchanged);
/// ```
#[derive(Debug)]
pub enum Outcome {
    /// Attio created the record (see [`crate::bulk`] for how created and updated are told apart).
    Created(Record),
    /// Attio updated an existing record.
    Updated(Record),
    /// The [`SyncCache`](crate::cache::SyncCache) says these exact values were already
    /// written: no request was sent.
    Unchanged,
    /// The record was invalid before sending (a value failed validation, or the matching
    /// attribute has no value): no request was sent. Fix the input and sync again.
    Rejected(Error),
    /// The request failed (Attio refused it, or the server or network failed beyond the
    /// retry policy).
    Failed(Error),
    /// The run stopped before this record was written: another record's write failed with
    /// an authentication or permission error ([`Error::is_auth_failure`]), which every
    /// further write would meet too (see [`BulkStream::stopped_by`](super::BulkStream::stopped_by)).
    /// Nothing was sent for it, unless its request was already on the way when the run
    /// stopped (then it was cancelled and Attio may or may not have applied it); the cache
    /// does not record it, so the next run writes it.
    NotAttempted,
}

impl Outcome {
    /// Which kind of outcome this is.
    pub fn kind(&self) -> OutcomeKind {
        match self {
            Self::Created(_) => OutcomeKind::Created,
            Self::Updated(_) => OutcomeKind::Updated,
            Self::Unchanged => OutcomeKind::Unchanged,
            Self::Rejected(_) => OutcomeKind::Rejected,
            Self::Failed(_) => OutcomeKind::Failed,
            Self::NotAttempted => OutcomeKind::NotAttempted,
        }
    }

    /// The record Attio returned, for a write that happened.
    pub fn record(&self) -> Option<&Record> {
        match self {
            Self::Created(record) | Self::Updated(record) => Some(record),
            _ => None,
        }
    }

    /// The error, for a rejected or failed record.
    pub fn error(&self) -> Option<&Error> {
        match self {
            Self::Rejected(error) | Self::Failed(error) => Some(error),
            _ => None,
        }
    }

    /// Whether Attio holds the record's values now (created, updated or unchanged).
    pub fn is_success(&self) -> bool {
        matches!(self, Self::Created(_) | Self::Updated(_) | Self::Unchanged)
    }
}

/// The kind of an [`Outcome`], without its payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutcomeKind {
    /// See [`Outcome::Created`].
    Created,
    /// See [`Outcome::Updated`].
    Updated,
    /// See [`Outcome::Unchanged`].
    Unchanged,
    /// See [`Outcome::Rejected`].
    Rejected,
    /// See [`Outcome::Failed`].
    Failed,
    /// See [`Outcome::NotAttempted`].
    NotAttempted,
}

/// The outcome of one input record, with what identifies it.
#[derive(Debug)]
pub struct BulkOutcome<R> {
    /// The record's position in the input, counting from 0.
    pub index: u64,
    /// The matching attribute's value as it was written (`None` when the record was
    /// rejected before it was known).
    pub matching_value: Option<Value>,
    /// The input record, handed back.
    pub input: R,
    /// What happened to it.
    pub outcome: Outcome,
}

/// Running totals of a bulk operation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BulkSummary {
    /// Records created.
    pub created: u64,
    /// Records updated.
    pub updated: u64,
    /// Records skipped because their values were unchanged.
    pub unchanged: u64,
    /// Records rejected before sending.
    pub rejected: u64,
    /// Records whose write failed.
    pub failed: u64,
    /// Records not attempted because the run stopped (see [`Outcome::NotAttempted`]).
    pub not_attempted: u64,
}

impl BulkSummary {
    /// Counts one outcome.
    pub fn add(&mut self, outcome: &Outcome) {
        let counter = match outcome.kind() {
            OutcomeKind::Created => &mut self.created,
            OutcomeKind::Updated => &mut self.updated,
            OutcomeKind::Unchanged => &mut self.unchanged,
            OutcomeKind::Rejected => &mut self.rejected,
            OutcomeKind::Failed => &mut self.failed,
            OutcomeKind::NotAttempted => &mut self.not_attempted,
        };
        *counter += 1;
    }

    /// Records accounted for so far: every outcome, not attempted ones included.
    pub fn total(&self) -> u64 {
        self.processed() + self.not_attempted
    }

    /// Records processed so far: written, unchanged, rejected or failed (every outcome but
    /// [`Outcome::NotAttempted`]).
    pub fn processed(&self) -> u64 {
        self.created + self.updated + self.unchanged + self.rejected + self.failed
    }

    /// Writes sent that succeeded (created + updated).
    pub fn written(&self) -> u64 {
        self.created + self.updated
    }
}
