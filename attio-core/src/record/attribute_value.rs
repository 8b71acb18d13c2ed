//! [`AttributeValue`]: one value of an attribute with its history fields.

use std::borrow::Cow;
use std::marker::PhantomData;

use serde::de::MapAccess;
use serde_json::value::RawValue;
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

/// Where a value's body keys go while its `attribute_type` (which Attio sends last) is
/// not known yet.
trait BodyBuffer<'de>: Default {
    /// Takes the value of body key `key` from `map`.
    fn take<A: MapAccess<'de>>(&mut self, key: Cow<'de, str>, map: &mut A) -> Result<(), A::Error>;

    /// The typed body, once every key is read.
    fn into_typed(self, attribute_type: String) -> TypedValue;
}

/// Any deserializer: the body is collected as JSON values.
impl<'de> BodyBuffer<'de> for Map<String, Value> {
    fn take<A: MapAccess<'de>>(&mut self, key: Cow<'de, str>, map: &mut A) -> Result<(), A::Error> {
        self.insert(key.into_owned(), map.next_value::<Value>()?);
        Ok(())
    }

    fn into_typed(self, attribute_type: String) -> TypedValue {
        TypedValue::from_body(attribute_type, Value::Object(self))
    }
}

/// serde_json reading borrowed text (`from_str`, `from_slice`): the body's values are kept
/// as slices of the input and decoded once, straight into the typed body, from a JSON
/// object text assembled from them. This skips the [`Value`] tree of [`Map`], which cost
/// more than the rest of decoding a record (`benches/query_stream.rs`, "decoding").
#[derive(Default)]
struct RawBody<'de>(Vec<(Cow<'de, str>, &'de RawValue)>);

impl<'de> BodyBuffer<'de> for RawBody<'de> {
    fn take<A: MapAccess<'de>>(&mut self, key: Cow<'de, str>, map: &mut A) -> Result<(), A::Error> {
        let value = map.next_value::<&'de RawValue>()?;
        // A repeated key keeps its last value, as a JSON object value would.
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => self.0.push((key, value)),
        }
        Ok(())
    }

    fn into_typed(self, attribute_type: String) -> TypedValue {
        let mut text = String::with_capacity(
            2 + self
                .0
                .iter()
                .map(|(k, v)| k.len() + v.get().len() + 4)
                .sum::<usize>(),
        );
        text.push('{');
        for (i, (key, value)) in self.0.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            push_json_string(&mut text, key);
            text.push(':');
            text.push_str(value.get());
        }
        text.push('}');
        TypedValue::from_body(attribute_type, text.as_str())
    }
}

/// Appends `key` as a JSON string: as is when nothing in it needs escaping (every key
/// Attio sends), else escaped by serde_json.
fn push_json_string(text: &mut String, key: &str) {
    if key.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        text.push('"');
        text.push_str(key);
        text.push('"');
    } else {
        // Serializing a string into JSON cannot fail.
        text.push_str(&serde_json::to_string(key).unwrap_or_default());
    }
}

/// Reads one value's JSON object in a single pass: the history fields are decoded in
/// place, whatever else the object holds is collected by `B` as the body. The history
/// fields may come in any order, before or after the body's keys.
struct ValueVisitor<B>(PhantomData<B>);

impl<'de, B: BodyBuffer<'de>> serde::de::Visitor<'de> for ValueVisitor<B> {
    type Value = AttributeValue;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an attribute value object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AttributeValue, A::Error> {
        use serde::de::Error as _;
        let field = |key: &str, error: A::Error| {
            A::Error::custom(format_args!("attribute value: field `{key}`: {error}"))
        };
        let mut active_from = None;
        let mut active_until = None;
        let mut created_by_actor = None;
        let mut attribute_type = None;
        let mut body = B::default();
        // Keys borrow from the input when they can; only body keys are allocated.
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
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
                _ => body.take(key, &mut map)?,
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
            value: body.into_typed(attribute_type),
        })
    }
}

impl<'de> serde::Deserialize<'de> for AttributeValue {
    /// Decodes one element of a record's `values[slug]` array.
    ///
    /// Fails only when `active_from` or `attribute_type` is missing, or one of the history
    /// fields is malformed; a malformed body becomes [`TypedValue::Invalid`].
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ValueVisitor::<Map<String, Value>>(PhantomData))
    }
}

/// An [`AttributeValue`] decoded by serde_json from borrowed text (`from_str`,
/// `from_slice`) on the fast path (see [`RawBody`]); any other deserializer fails, so
/// only [`Record::from_json`](super::Record::from_json) uses it.
pub(crate) struct BorrowedValue(pub(crate) AttributeValue);

impl<'de> serde::Deserialize<'de> for BorrowedValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_map(ValueVisitor::<RawBody<'de>>(PhantomData))
            .map(Self)
    }
}
