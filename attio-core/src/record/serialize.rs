//! Encoding records back into Attio's JSON shape, so a decoded [`Record`] can be stored
//! and decoded again to an equal value.

use serde::ser::{Error as _, SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value, json};

use crate::record::{AttributeValue, Record, TypedValue};

/// `{key: value}`.
fn single(key: &str, value: Value) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert(key.to_owned(), value);
    map
}

/// `object` with the `Option` fields that are `Some`.
fn with_present<const N: usize>(
    mut object: Map<String, Value>,
    fields: [(&str, Option<Value>); N],
) -> Value {
    for (key, value) in fields {
        if let Some(value) = value {
            object.insert(key.to_owned(), value);
        }
    }
    Value::Object(object)
}

impl TypedValue {
    /// The value's body as Attio sends it (without the history fields and
    /// `attribute_type`). Options and statuses known only by id are sent as the bare id,
    /// full ones as an object with the fields this crate keeps.
    fn wire_body(&self) -> Result<Map<String, Value>, serde_json::Error> {
        let object = |value: Value| match value {
            Value::Object(map) => map,
            other => single("value", other),
        };
        Ok(match self {
            Self::Text(text) => single("value", json!(text)),
            Self::Number(number) => single("value", Value::Number(number.clone())),
            Self::Checkbox(checked) => single("value", json!(checked)),
            Self::Date(date) => single("value", json!(date.to_string())),
            Self::Timestamp(timestamp) => single("value", json!(timestamp.to_string())),
            Self::Rating(rating) => single("value", json!(rating.stars())),
            Self::Select(option) => {
                let value = match &option.title {
                    None => json!(option.option_id),
                    Some(title) => with_present(
                        single("id", json!({"option_id": option.option_id})),
                        [
                            ("title", Some(json!(title))),
                            ("is_archived", option.is_archived.map(Value::Bool)),
                        ],
                    ),
                };
                single("option", value)
            }
            Self::Status(status) => {
                let value = match &status.title {
                    None => json!(status.status_id),
                    Some(title) => {
                        let mut full = with_present(
                            single("id", json!({"status_id": status.status_id})),
                            [
                                ("title", Some(json!(title))),
                                ("is_archived", status.is_archived.map(Value::Bool)),
                                (
                                    "celebration_enabled",
                                    status.celebration_enabled.map(Value::Bool),
                                ),
                            ],
                        );
                        full["target_time_in_status"] = json!(status.target_time_in_status);
                        full
                    }
                };
                single("status", value)
            }
            Self::Currency(currency) => object(serde_json::to_value(currency)?),
            Self::RecordReference(reference) => object(serde_json::to_value(reference)?),
            Self::ActorReference(actor) => object(serde_json::to_value(actor)?),
            Self::Location(location) => object(serde_json::to_value(location)?),
            Self::Domain(domain) => object(serde_json::to_value(domain)?),
            Self::EmailAddress(email) => object(serde_json::to_value(email)?),
            Self::PhoneNumber(phone) => object(serde_json::to_value(phone)?),
            Self::PersonalName(name) => object(serde_json::to_value(name)?),
            Self::Interaction(interaction) => object(serde_json::to_value(interaction)?),
            Self::Unknown { raw, .. } | Self::Invalid { raw, .. } => object(raw.clone()),
        })
    }
}

impl Serialize for AttributeValue {
    /// One element of a record's `values[slug]` array, as Attio sends it. An
    /// [`Unknown`](TypedValue::Unknown) or [`Invalid`](TypedValue::Invalid) body is sent
    /// as kept (a non-object `raw` under `value`).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let body = self.value.wire_body().map_err(S::Error::custom)?;
        let mut map = serializer.serialize_map(Some(body.len() + 4))?;
        for (key, value) in &body {
            map.serialize_entry(key, value)?;
        }
        map.serialize_entry("active_from", &self.active_from)?;
        map.serialize_entry("active_until", &self.active_until)?;
        map.serialize_entry("created_by_actor", &self.created_by_actor)?;
        map.serialize_entry("attribute_type", self.attribute_type())?;
        map.end()
    }
}

/// A slug's values, serialized as an array.
struct Values<'a>(&'a Record);

impl Serialize for Values<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.slugs().map(|slug| (slug, self.0.values(slug))))
    }
}

impl Serialize for Record {
    /// The record's JSON as Attio sends it (`web_url` only when known; each slug's values
    /// current first). Decoding the output gives an equal [`Record`].
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = if self.web_url.is_some() { 4 } else { 3 };
        let mut record = serializer.serialize_struct("Record", fields)?;
        record.serialize_field("id", &self.id)?;
        record.serialize_field("created_at", &self.created_at)?;
        if let Some(web_url) = &self.web_url {
            record.serialize_field("web_url", web_url)?;
        }
        record.serialize_field("values", &Values(self))?;
        record.end()
    }
}
