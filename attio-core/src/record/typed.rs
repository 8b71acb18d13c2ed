//! [`TypedValue`]: the body of one attribute value, by `attribute_type`.

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::value::Timestamp;

/// The body of one attribute value as Attio returns it, by its `attribute_type`.
///
/// Every documented type has a variant. A type this crate does not know becomes
/// [`TypedValue::Unknown`] and a known type whose body does not match the documented
/// shape becomes [`TypedValue::Invalid`]: decoding a record never fails because of one
/// value's body.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TypedValue {
    /// `text`: a string.
    Text(String),
    /// `number`: kept as the JSON number Attio sent, so integers stay exact.
    Number(serde_json::Number),
    /// `checkbox`: a boolean.
    Checkbox(bool),
    /// `timestamp`: an instant with nanosecond precision.
    Timestamp(Timestamp),
    /// `record-reference`: a reference to another record.
    RecordReference(RecordReferenceValue),
    /// `email-address`: an email address with its derived parts.
    EmailAddress(EmailAddressValue),
    /// An `attribute_type` this crate does not know.
    Unknown {
        /// The `attribute_type` as sent.
        attribute_type: String,
        /// The value's JSON without the history fields and `attribute_type`.
        raw: Value,
    },
    /// A known `attribute_type` whose body does not have the documented shape.
    Invalid {
        /// The `attribute_type` as sent.
        attribute_type: String,
        /// What did not match.
        reason: String,
        /// The value's JSON without the history fields and `attribute_type`.
        raw: Value,
    },
}

/// A `record-reference` value as Attio returns it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
pub struct RecordReferenceValue {
    /// The referenced record's object (api slug, e.g. `people`).
    pub target_object: String,
    /// The referenced record's id (kept as a string: Attio documents non-UUID ids).
    pub target_record_id: String,
}

/// An `email-address` value as Attio returns it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
pub struct EmailAddressValue {
    /// The address as it was written.
    pub original_email_address: String,
    /// The normalized address.
    pub email_address: String,
    /// The domain part (`mail.company.com`).
    pub email_domain: String,
    /// The registrable root domain (`company.com`).
    pub email_root_domain: String,
    /// The local part (`person`).
    pub email_local_specifier: String,
}

/// The `{"value": ...}` body shared by the simple types.
#[derive(Deserialize)]
struct Simple<T> {
    value: T,
}

impl TypedValue {
    /// Decodes a value's body (its JSON object without the history fields) for
    /// `attribute_type`; never fails.
    pub(crate) fn from_body(attribute_type: String, body: Map<String, Value>) -> Self {
        let raw = Value::Object(body);
        let typed = match attribute_type.as_str() {
            "text" => decode(&raw, |s: Simple<String>| Self::Text(s.value)),
            "number" => decode(&raw, |s: Simple<serde_json::Number>| Self::Number(s.value)),
            "checkbox" => decode(&raw, |s: Simple<bool>| Self::Checkbox(s.value)),
            "timestamp" => decode(&raw, |s: Simple<Timestamp>| Self::Timestamp(s.value)),
            "record-reference" => decode(&raw, Self::RecordReference),
            "email-address" => decode(&raw, Self::EmailAddress),
            _ => {
                return Self::Unknown {
                    attribute_type,
                    raw,
                };
            }
        };
        typed.unwrap_or_else(|reason| Self::Invalid {
            attribute_type,
            reason,
            raw,
        })
    }

    /// The `attribute_type` this value has (`text`, `record-reference`, ...), or the one
    /// sent for an unknown or invalid value.
    pub fn attribute_type(&self) -> &str {
        match self {
            Self::Text(_) => "text",
            Self::Number(_) => "number",
            Self::Checkbox(_) => "checkbox",
            Self::Timestamp(_) => "timestamp",
            Self::RecordReference(_) => "record-reference",
            Self::EmailAddress(_) => "email-address",
            Self::Unknown { attribute_type, .. } | Self::Invalid { attribute_type, .. } => {
                attribute_type
            }
        }
    }
}

/// Decodes `raw` as `T` and wraps it; the error is serde's message.
fn decode<'a, T: Deserialize<'a>>(
    raw: &'a Value,
    wrap: impl FnOnce(T) -> TypedValue,
) -> Result<TypedValue, String> {
    T::deserialize(raw)
        .map(wrap)
        .map_err(|error| error.to_string())
}
