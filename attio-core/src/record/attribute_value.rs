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

/// Reads one value's JSON object in a single pass: the history fields are decoded in
/// place, whatever else the object holds is collected as the typed body. The history
/// fields may come in any order, before or after the body's keys.
struct ValueVisitor;

impl<'de> serde::de::Visitor<'de> for ValueVisitor {
    type Value = AttributeValue;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an attribute value object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> Result<AttributeValue, A::Error> {
        use serde::de::Error as _;
        let field = |key: &str, error: A::Error| {
            A::Error::custom(format_args!("attribute value: field `{key}`: {error}"))
        };
        let mut active_from = None;
        let mut active_until = None;
        let mut created_by_actor = None;
        let mut attribute_type = None;
        let mut body = Map::new();
        // Keys borrow from the input when they can; only body keys are allocated.
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "active_from" => {
                    active_from = Some(map.next_value::<Timestamp>().map_err(|e| field(&key, e))?);
                }
                "active_until" => {
                    active_until = map
                        .next_value::<Option<Timestamp>>()
                        .map_err(|e| field(&key, e))?;
                }
                "created_by_actor" => {
                    created_by_actor = map
                        .next_value::<Option<Actor>>()
                        .map_err(|e| field(&key, e))?;
                }
                "attribute_type" => {
                    attribute_type = Some(map.next_value::<String>().map_err(|e| field(&key, e))?);
                }
                _ => {
                    body.insert(key.into_owned(), map.next_value::<Value>()?);
                }
            }
        }
        let missing =
            |key: &str| A::Error::custom(format_args!("attribute value: missing field `{key}`"));
        let active_from = active_from.ok_or_else(|| missing("active_from"))?;
        let attribute_type = attribute_type.ok_or_else(|| missing("attribute_type"))?;
        Ok(AttributeValue {
            active_from,
            active_until,
            created_by_actor: created_by_actor.unwrap_or_default(),
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
        deserializer.deserialize_map(ValueVisitor)
    }
}
