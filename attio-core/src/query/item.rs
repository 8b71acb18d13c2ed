//! [`QueryItem`]: what one record of a query page becomes: a [`Record`] for untyped
//! queries, or any `#[derive(AttioRecord)]` struct.

use serde_json::value::RawValue;

use crate::error::RecordDecodeReason;
use crate::object::AttioRecord;
use crate::record::Record;

/// A type a records query yields: [`Record`] or any [`AttioRecord`].
pub trait QueryItem: Sized + Send + 'static {
    /// Decodes one record of a query page's `data`.
    ///
    /// # Errors
    /// Why the record does not fit: its JSON is not a record, or an attribute does not
    /// decode into the struct's field.
    fn from_page(raw: &RawValue) -> Result<Self, RecordDecodeReason>;
}

/// The record's JSON as a [`Record`].
fn record(raw: &RawValue) -> Result<Record, RecordDecodeReason> {
    Record::from_json(raw.get()).map_err(|error| RecordDecodeReason::Shape(error.to_string()))
}

impl QueryItem for Record {
    fn from_page(raw: &RawValue) -> Result<Self, RecordDecodeReason> {
        record(raw)
    }
}

impl<T: AttioRecord + Send + 'static> QueryItem for T {
    fn from_page(raw: &RawValue) -> Result<Self, RecordDecodeReason> {
        Ok(T::from_record(&record(raw)?)?)
    }
}
