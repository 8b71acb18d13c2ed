//! Records in Attio's read shape as `Serialize` views of the store's own structs, so an
//! answer is written straight to bytes (no `serde_json::Value` tree built, copied and
//! dropped per request, nor the record copied for it).
//!
//! The views emit every object's keys in sorted order: the order the `Value` maps of the
//! read shape (`serde_json::Map`, a `BTreeMap` without the `preserve_order` feature) have
//! always been serialised in, so the bytes are the same either way (a test checks it).

use std::sync::Arc;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use super::current::Current;
use super::{Actor, Store, StoredRecord, StoredValue};
use crate::error::ApiError;
use crate::schema::{AttributeDef, AttributeType, ObjectDef};

/// A value serialised through a view; the views cannot fail (string keys only), so the
/// error arm is unreachable in practice and gives `null` rather than a panic.
pub(crate) fn to_value(view: impl Serialize) -> Value {
    serde_json::to_value(view).unwrap_or(Value::Null)
}

/// A record in Attio's read shape: `id`, `created_at`, `web_url` and `values` (every
/// non-system attribute, `[]` when empty).
pub(crate) struct RecordView<'a> {
    pub workspace_id: &'a str,
    pub workspace_slug: &'a str,
    pub object: &'a ObjectDef,
    pub record: &'a StoredRecord,
}

impl Serialize for RecordView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (object, record) = (self.object, self.record);
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("created_at", &record.created_at)?;
        map.serialize_entry(
            "id",
            &RecordId {
                object_id: &object.id,
                record_id: &record.id,
                workspace_id: self.workspace_id,
            },
        )?;
        map.serialize_entry("values", &ValuesView { object, record })?;
        map.serialize_entry(
            "web_url",
            &format_args!(
                "https://app.attio.com/{}/{}/{}",
                self.workspace_slug, object.api_slug, record.id
            ),
        )?;
        map.end()
    }
}

/// A record's `id`.
#[derive(serde::Serialize)]
struct RecordId<'a> {
    object_id: &'a str,
    record_id: &'a str,
    workspace_id: &'a str,
}

/// The current values of every non-system attribute, `[]` when empty (a record's
/// `values`, an entry's `entry_values`), keyed by slug in sorted order.
pub(crate) struct ValuesView<'a> {
    pub object: &'a ObjectDef,
    pub record: &'a StoredRecord,
}

impl Serialize for ValuesView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut attributes: Vec<&AttributeDef> = self
            .object
            .attributes
            .iter()
            .filter(|a| !a.is_system)
            .collect();
        // Stable, so of two attributes with one slug the later stays last; a map keeps the
        // last value inserted under a key, so only that one is written.
        attributes.sort_by(|a, b| a.api_slug.cmp(&b.api_slug));
        let mut map = serializer.serialize_map(None)?;
        for (i, attribute) in attributes.iter().enumerate() {
            if attributes
                .get(i + 1)
                .is_some_and(|next| next.api_slug == attribute.api_slug)
            {
                continue;
            }
            let slot = SlotView {
                kind: &attribute.kind,
                current: self.record.current(&attribute.api_slug),
            };
            map.serialize_entry(&attribute.api_slug, &slot)?;
        }
        map.end()
    }
}

/// The current values of one attribute, as a list.
struct SlotView<'a> {
    kind: &'a AttributeType,
    current: &'a Current,
}

impl Serialize for SlotView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let kind = self.kind;
        serializer.collect_seq(self.current.iter().map(|value| ValueView { kind, value }))
    }
}

/// One value in Attio's read shape: its type-specific fields with `active_from`,
/// `active_until`, `created_by_actor` and `attribute_type` (these four win over a field of
/// the same name).
pub(crate) struct ValueView<'a> {
    pub kind: &'a AttributeType,
    pub value: &'a StoredValue,
}

/// The fields every value has, in sorted order.
const COMMON: [&str; 4] = [
    "active_from",
    "active_until",
    "attribute_type",
    "created_by_actor",
];

impl ValueView<'_> {
    fn common<M: SerializeMap>(&self, map: &mut M, index: usize) -> Result<(), M::Error> {
        let value = self.value;
        match index {
            0 => map.serialize_entry(COMMON[0], &value.active_from),
            1 => map.serialize_entry(COMMON[1], &value.active_until),
            2 => map.serialize_entry(COMMON[2], self.kind.as_str()),
            _ => map.serialize_entry(COMMON[3], &ActorView(&value.actor)),
        }
    }
}

impl Serialize for ValueView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        // The fields are sorted (see `Fields`); the common ones are merged in.
        let mut next = 0;
        for (key, field) in self.value.fields.iter() {
            if COMMON.contains(&key) {
                continue;
            }
            while next < COMMON.len() && COMMON[next] < key {
                self.common(&mut map, next)?;
                next += 1;
            }
            map.serialize_entry(key, field)?;
        }
        for index in next..COMMON.len() {
            self.common(&mut map, index)?;
        }
        map.end()
    }
}

/// `created_by_actor`: `{"id", "type"}`.
struct ActorView<'a>(&'a Actor);

impl Serialize for ActorView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("id", &self.0.id)?;
        map.serialize_entry("type", &self.0.kind)?;
        map.end()
    }
}

/// A record just written: its object and id, to render it from the store.
pub(crate) struct Written {
    pub object: Arc<ObjectDef>,
    pub record_id: String,
}

impl Store {
    /// The record `written` names, as stored now, as a view.
    pub(crate) fn written_view<'a>(
        &'a self,
        written: &'a Written,
    ) -> Result<RecordView<'a>, ApiError> {
        let object = &*written.object;
        let record = self.record(&object.api_slug, &written.record_id)?;
        Ok(self.record_view(object, record))
    }

    /// [`Store::written_view`] as a `Value`.
    pub(crate) fn written_json(&self, written: &Written) -> Result<Value, ApiError> {
        self.written_view(written).map(to_value)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::schema::{AttributeSpec, AttributeType as T, ObjectSpec};
    use crate::store::Store;

    /// Written straight from the view, a record is byte for byte what its `Value` (whose
    /// maps sort their keys) serialises to.
    #[test]
    fn a_view_serialises_as_its_value_does() {
        let things = ObjectSpec::new("things")
            .attribute(AttributeSpec::new("label", T::Text))
            .attribute(AttributeSpec::new("amount", T::Number))
            .attribute(AttributeSpec::new("done", T::Checkbox))
            .attribute(AttributeSpec::new("price", T::Currency).currency("EUR"))
            .attribute(AttributeSpec::new("day", T::Date))
            .attribute(AttributeSpec::new("at", T::Timestamp))
            .attribute(AttributeSpec::new("stars", T::Rating))
            .attribute(AttributeSpec::new("stage", T::Status).statuses(["Lead", "Won"]))
            .attribute(
                AttributeSpec::new("tags", T::Select)
                    .multiselect()
                    .options(["A", "B"]),
            )
            .attribute(AttributeSpec::new("place", T::Location))
            .attribute(AttributeSpec::new("site", T::Domain))
            .attribute(AttributeSpec::new("mail", T::EmailAddress))
            .attribute(AttributeSpec::new("phone", T::PhoneNumber))
            .attribute(AttributeSpec::new("who", T::PersonalName))
            .attribute(AttributeSpec::new("empty", T::Text));
        let mut store = Store::new(&[things], 7);
        let body = json!({"data": {"values": {
            "label": "hello \"quoted\" ü", "amount": 12.5, "done": true, "price": "4.99",
            "day": "2024-01-02", "at": "2024-01-02T03:04:05Z", "stars": 3, "stage": "Lead",
            "tags": ["B", "A"], "place": "Berlin", "site": "https://app.example.co.uk/x",
            "mail": "Ada@Example.com", "phone": "+14155550100", "who": "Ada Lovelace",
        }}});
        let thing = store.create_written("things", &body).expect("create");
        let user = json!({"data": {"values": {"user_id": "u1", "primary_email_address": "u1@example.com"}}});
        let user = store
            .assert_written("users", Some("user_id"), &user)
            .expect("assert");
        for written in [thing, user] {
            let view = store.written_view(&written).expect("view");
            let direct = serde_json::to_string(&view).expect("direct");
            let via_value = serde_json::to_string(&super::to_value(view)).expect("value");
            assert_eq!(direct, via_value);
        }
    }
}
