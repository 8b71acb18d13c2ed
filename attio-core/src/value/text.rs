//! `text` values: `String`, `&str`, `Cow<str>`.

use std::borrow::Cow;

use serde_json::Value;

use crate::error::{DecodeErrorKind, ValueError};
use crate::record::{AttributeValue, TypedValue};
use crate::value::convert::wrong_type;
use crate::value::{FromAttio, JsonOut, ToAttio};

/// The longest text Attio accepts, in bytes. Attio documents "10MB"; this crate reads it as
/// 10,000,000 bytes, the stricter of the two readings, so a text it accepts is never
/// rejected by Attio for its length.
pub const MAX_TEXT_BYTES: usize = attio_model::limits::MAX_TEXT_BYTES;

/// Checks Attio's text length limit.
pub(crate) fn check_text(text: &str) -> Result<(), ValueError> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(ValueError::TextTooLong { len: text.len() });
    }
    Ok(())
}

/// Writes a `text` value (the bare string); over [`MAX_TEXT_BYTES`] is
/// [`ValueError::TextTooLong`].
impl ToAttio for str {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::Text];
    fn to_attio(&self) -> Result<Value, ValueError> {
        check_text(self)?;
        Ok(Value::String(self.to_owned()))
    }
    fn write_attio_json(&self, out: &mut JsonOut) -> Result<(), ValueError> {
        check_text(self)?;
        out.string(self);
        Ok(())
    }
}

/// Writes a `text` value; see [`str`'s implementation](ToAttio#impl-ToAttio-for-str).
impl ToAttio for String {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] = &[
        crate::schema::AttributeType::Text,
        crate::schema::AttributeType::EmailAddress,
        crate::schema::AttributeType::Domain,
    ];
    fn to_attio(&self) -> Result<Value, ValueError> {
        self.as_str().to_attio()
    }
    fn write_attio_json(&self, out: &mut JsonOut) -> Result<(), ValueError> {
        self.as_str().write_attio_json(out)
    }
}

/// Writes a `text` value; see [`str`'s implementation](ToAttio#impl-ToAttio-for-str).
impl ToAttio for Cow<'_, str> {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] = &[
        crate::schema::AttributeType::Text,
        crate::schema::AttributeType::EmailAddress,
        crate::schema::AttributeType::Domain,
    ];
    fn to_attio(&self) -> Result<Value, ValueError> {
        self.as_ref().to_attio()
    }
    fn write_attio_json(&self, out: &mut JsonOut) -> Result<(), ValueError> {
        self.as_ref().write_attio_json(out)
    }
}

/// Reads a `text` value, or the address of an `email-address` and the domain of a `domain`
/// value (Attio's pages list some of those attributes as text).
impl FromAttio for String {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        match &value.value {
            TypedValue::Text(text) => Ok(text.clone()),
            TypedValue::EmailAddress(email) => Ok(email.email_address.clone()),
            TypedValue::Domain(domain) => Ok(domain.domain.clone()),
            _ => Err(wrong_type("text", value)),
        }
    }
}

/// Reads like [`String`], always producing [`Cow::Owned`] (the value outlives the
/// response it came from), so a struct borrowing with any lifetime `'a` can read it.
impl<'a> FromAttio for Cow<'a, str> {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        String::from_attio(value).map(Cow::Owned)
    }
}
