//! What Attio returns: records and their attribute values.
//!
//! A [`Record`] is decoded from the JSON of one record (`{"id": {...}, "created_at": ...,
//! "web_url": ..., "values": {slug: [...]}}`). Each value is an [`AttributeValue`]: the
//! history fields every value carries plus a [`TypedValue`] for its `attribute_type`.
//!
//! Decoding is tolerant of what the server sends inside a value: an `attribute_type` this
//! crate does not know becomes [`TypedValue::Unknown`], and a known type with a malformed
//! body becomes [`TypedValue::Invalid`]; both keep the raw JSON. Only a broken envelope
//! (missing or malformed `id`, `created_at`, `values`, or a value's `active_from`,
//! `active_until`, `created_by_actor` or `attribute_type`) makes decoding fail.
//!
//! [`Record`] and [`AttributeValue`] also serialize back into Attio's shape, so a record
//! can be stored and decoded again to an equal value.

mod actor;
mod attribute_value;
mod serialize;
mod typed;

use std::collections::BTreeMap;

pub use actor::{Actor, ActorKind};
pub use attribute_value::AttributeValue;
pub use typed::TypedValue;
// The read forms live next to their Rust types in `value`; re-exported here for reading.
pub use crate::value::{EmailAddressValue, RecordReferenceValue};

use crate::error::{DecodeError, DecodeErrorKind};
use crate::value::{FromAttioField, Timestamp};

/// The ids of a record.
///
/// Ids are kept as strings: Attio documents ids that are not valid UUIDs
/// (e.g. the workspace id `72ef5feaf-4919-4208-b332-1339ab8ba040`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
pub struct RecordId {
    /// The workspace's id.
    pub workspace_id: String,
    /// The object's id.
    pub object_id: String,
    /// The record's id.
    pub record_id: String,
}

/// The values of one attribute: current values first, then historic ones.
#[derive(Debug, Clone, PartialEq, Default)]
struct Slot {
    /// Current values (in server order), then historic values (in server order).
    values: Vec<AttributeValue>,
    /// How many of `values` are current.
    current: usize,
}

impl Slot {
    fn new(values: Vec<AttributeValue>) -> Self {
        // The common case (no history asked for): already in order, keep the allocation.
        if values.iter().all(AttributeValue::is_current) {
            return Self {
                current: values.len(),
                values,
            };
        }
        let (mut current, historic): (Vec<_>, Vec<_>) =
            values.into_iter().partition(AttributeValue::is_current);
        let count = current.len();
        current.extend(historic);
        Self {
            values: current,
            current: count,
        }
    }
}

/// A record as Attio returns it.
///
/// Read attributes with [`Record::field`] (into any [`FromAttioField`] type) or inspect
/// them with [`Record::current`] and [`Record::values`].
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    id: RecordId,
    created_at: Timestamp,
    web_url: Option<String>,
    slots: BTreeMap<String, Slot>,
}

impl Record {
    /// Builds a record from its parts; `values` maps attribute slugs to their values
    /// (current and historic, in any order).
    pub fn new(
        id: RecordId,
        created_at: Timestamp,
        web_url: Option<String>,
        values: impl IntoIterator<Item = (String, Vec<AttributeValue>)>,
    ) -> Self {
        Self {
            id,
            created_at,
            web_url,
            slots: values
                .into_iter()
                .map(|(slug, values)| (slug, Slot::new(values)))
                .collect(),
        }
    }

    /// The record's id (`id.record_id`).
    pub fn id(&self) -> &str {
        &self.id.record_id
    }

    /// All the record's ids (workspace, object, record).
    pub fn ids(&self) -> &RecordId {
        &self.id
    }

    /// When the record was created.
    pub fn created_at(&self) -> Timestamp {
        self.created_at
    }

    /// The record's page in the Attio app, when the response carried it (Attio's update
    /// endpoint documents a response without it).
    pub fn web_url(&self) -> Option<&str> {
        self.web_url.as_deref()
    }

    /// The slugs of the attributes the response carried, in sorted order.
    pub fn slugs(&self) -> impl Iterator<Item = &str> {
        self.slots.keys().map(String::as_str)
    }

    /// The current values of an attribute (`active_until` is null), in the order Attio
    /// returned them; empty when the attribute is absent or has no value.
    pub fn current(&self, slug: &str) -> &[AttributeValue] {
        self.slots
            .get(slug)
            .map_or(&[], |slot| &slot.values[..slot.current])
    }

    /// Every value of an attribute the response carried: current values first, then
    /// historic ones (those with an `active_until`). Historic values are only present
    /// when the request asked for them.
    pub fn values(&self, slug: &str) -> &[AttributeValue] {
        self.slots.get(slug).map_or(&[], |slot| &slot.values)
    }

    /// Reads one attribute's current values into a field type; the error names the slug.
    ///
    /// # Errors
    /// A [`DecodeError`] when the values do not fit `T` (missing, several for a single
    /// value field, another Attio type, or not representable).
    pub fn field<T: FromAttioField>(&self, slug: &str) -> Result<T, DecodeError> {
        self.field_with(slug, T::read_field)
    }

    /// Reads one attribute's current values with a custom conversion (a `with` module's
    /// `from_attio`).
    ///
    /// # Errors
    /// The conversion's [`DecodeErrorKind`], wrapped in a [`DecodeError`] naming `slug`.
    pub fn field_with<T>(
        &self,
        slug: &str,
        read: impl FnOnce(&[AttributeValue]) -> Result<T, DecodeErrorKind>,
    ) -> Result<T, DecodeError> {
        read(self.current(slug)).map_err(|kind| DecodeError {
            attribute: slug.to_owned(),
            kind,
        })
    }
}

/// The record's JSON, each value decoded as `V`; unknown top-level fields are ignored.
#[derive(serde::Deserialize)]
struct WireRecord<V> {
    id: RecordId,
    created_at: Timestamp,
    #[serde(default)]
    web_url: Option<String>,
    values: BTreeMap<String, Vec<V>>,
}

impl Record {
    /// Decodes one record's JSON text, as [`Deserialize`](serde::Deserialize) does but
    /// faster: each value's body is decoded straight from the text, with no intermediate
    /// JSON tree. Query streams decode their pages with it.
    pub(crate) fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        let wire: WireRecord<attribute_value::BorrowedValue> = serde_json::from_str(text)?;
        Ok(Record::new(
            wire.id,
            wire.created_at,
            wire.web_url,
            wire.values
                .into_iter()
                .map(|(slug, values)| (slug, values.into_iter().map(|v| v.0).collect())),
        ))
    }
}

impl<'de> serde::Deserialize<'de> for Record {
    /// Decodes one record's JSON (the `data` of a record response).
    ///
    /// Fails only when the envelope is broken; see the [module docs](self).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = WireRecord::<AttributeValue>::deserialize(deserializer)?;
        Ok(Record::new(
            wire.id,
            wire.created_at,
            wire.web_url,
            wire.values,
        ))
    }
}
