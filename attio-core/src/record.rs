//! What Attio returns: records and their attribute values.
//!
//! (Owned by the values work: the typed read forms are filled in there.)

use crate::error::{DecodeError, DecodeErrorKind};
use crate::value::FromAttioField;

/// The ids of a record.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
pub struct RecordId {
    /// The workspace's id.
    pub workspace_id: String,
    /// The object's id.
    pub object_id: String,
    /// The record's id.
    pub record_id: String,
}

/// Who created a value.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
pub struct Actor {
    /// `api-token`, `workspace-member`, `system`, `app`, or none.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The actor's id, if any.
    pub id: Option<String>,
}

/// One value of an attribute as Attio returns it.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributeValue {
    /// The raw JSON (replaced by typed fields in the values work).
    pub raw: serde_json::Value,
}

/// A record as Attio returns it.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The record's ids.
    pub id: RecordId,
    /// Values by attribute slug (current and, where asked for, historic).
    pub values: std::collections::BTreeMap<String, Vec<AttributeValue>>,
}

impl Record {
    /// The record's id (`id.record_id`).
    pub fn id(&self) -> &str {
        &self.id.record_id
    }

    /// The current values of an attribute (`active_until` is null); empty when absent.
    pub fn current(&self, slug: &str) -> Vec<AttributeValue> {
        self.values.get(slug).cloned().unwrap_or_default()
    }

    /// Reads one attribute into a field type; the error names the slug.
    pub fn field<T: FromAttioField>(&self, slug: &str) -> Result<T, DecodeError> {
        self.field_with(slug, T::read_field)
    }

    /// Reads one attribute with a custom conversion (a `with` module's `from_attio`).
    pub fn field_with<T>(
        &self,
        slug: &str,
        read: impl FnOnce(&[AttributeValue]) -> Result<T, DecodeErrorKind>,
    ) -> Result<T, DecodeError> {
        read(&self.current(slug)).map_err(|kind| DecodeError {
            attribute: slug.to_owned(),
            kind,
        })
    }
}
