//! [`AttributeValue`]: one value of an attribute with its history fields.

use serde_json::{Map, Value};

use crate::record::{Actor, TypedValue};
use crate::value::Timestamp;

/// One value of an attribute as Attio returns it.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributeValue {
    /// When this value became active.
    pub active_from: Timestamp,
    /// When it stopped being active; `None` for a current value.
    pub active_until: Option<Timestamp>,
    /// Who created it.
    pub created_by_actor: Actor,
    /// The value itself, by `attribute_type`.
    pub value: TypedValue,
}

impl AttributeValue {
    /// A current value (no `active_until`).
    pub fn is_current(&self) -> bool {
        self.active_until.is_none()
    }

    /// The value's `attribute_type` as Attio sent it (`text`, `email-address`, ...).
    pub fn attribute_type(&self) -> &str {
        self.value.attribute_type()
    }
}

/// Removes `key` from `body` and decodes it; the error names the key.
fn take<T: serde::de::DeserializeOwned>(
    body: &mut Map<String, Value>,
    key: &str,
    default: Option<Value>,
) -> Result<T, String> {
    let raw = match (body.remove(key), default) {
        (Some(raw), _) => raw,
        (None, Some(default)) => default,
        (None, None) => return Err(format!("missing field `{key}`")),
    };
    serde_json::from_value(raw).map_err(|error| format!("field `{key}`: {error}"))
}

impl AttributeValue {
    /// Splits one value's JSON object into the history fields and the typed body.
    fn from_object(mut body: Map<String, Value>) -> Result<Self, String> {
        let active_from = take(&mut body, "active_from", None)?;
        let active_until = take(&mut body, "active_until", Some(Value::Null))?;
        let created_by_actor = take(&mut body, "created_by_actor", Some(Value::Null))
            .map(Option::<Actor>::unwrap_or_default)?;
        let attribute_type: String = take(&mut body, "attribute_type", None)?;
        Ok(Self {
            active_from,
            active_until,
            created_by_actor,
            value: TypedValue::from_body(attribute_type, body),
        })
    }
}

impl<'de> serde::Deserialize<'de> for AttributeValue {
    /// Decodes one element of a record's `values[slug]` array.
    ///
    /// Fails only when `active_from` or `attribute_type` is missing, or one of the history
    /// fields is malformed; a malformed body becomes [`TypedValue::Invalid`].
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let body = Map::<String, Value>::deserialize(deserializer)?;
        Self::from_object(body)
            .map_err(|reason| serde::de::Error::custom(format!("attribute value: {reason}")))
    }
}
