//! The element traits: one Rust value ⇄ one Attio value.

use crate::error::{DecodeErrorKind, ValueError};
use crate::record::{AttributeValue, TypedValue};
use crate::value::JsonOut;

/// Writes one Rust value as one Attio attribute value (the JSON Attio accepts in
/// `data.values[slug]`, or one element of the array for a multi-value attribute).
///
/// Validation Attio would do happens here, before any request is sent.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be written to an Attio attribute",
    label = "no Attio conversion for `{Self}`",
    note = "use one of attio_core's value types (String, Email, RecordRef, ...), implement `attio_core::ToAttio` and `attio_core::FromAttio` for `{Self}`, or convert this field with `#[attio(with = \"path::to::module\")]`"
)]
pub trait ToAttio {
    /// The attribute types this Rust type can be written to and read back from, for the
    /// schema check and the derive's [`FieldSchema`](crate::schema::FieldSchema). Empty
    /// (the default) means "not declared": the check then leaves the field's type alone and
    /// lists the field in [`SchemaReport::unchecked`](crate::schema::SchemaReport::unchecked).
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] = &[];

    /// The JSON form of this value that Attio accepts on write.
    fn to_attio(&self) -> Result<serde_json::Value, ValueError>;

    /// Appends the JSON of [`to_attio`](Self::to_attio) to a request body being encoded.
    /// Hidden: the default serialises `to_attio`'s value; this crate's most used types
    /// write the same JSON directly, without building the `Value`.
    #[doc(hidden)]
    fn write_attio_json(&self, out: &mut JsonOut) -> Result<(), ValueError> {
        out.value(&self.to_attio()?);
        Ok(())
    }
}

/// Reads one Rust value from one Attio attribute value as returned by the API.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read from an Attio attribute",
    label = "no Attio conversion for `{Self}`",
    note = "use one of attio_core's value types (String, Email, RecordRef, ...), implement `attio_core::FromAttio` for `{Self}`, or convert this field with `#[attio(with = \"path::to::module\")]`"
)]
pub trait FromAttio: Sized {
    /// Converts the value Attio returned; a value of another type is
    /// [`DecodeErrorKind::WrongType`](crate::DecodeErrorKind::WrongType).
    fn from_attio(value: &AttributeValue) -> Result<Self, crate::DecodeErrorKind>;
}

impl<T: ToAttio + ?Sized> ToAttio for &T {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] = T::ATTRIBUTE_TYPES;
    fn to_attio(&self) -> Result<serde_json::Value, ValueError> {
        (**self).to_attio()
    }
    fn write_attio_json(&self, out: &mut JsonOut) -> Result<(), ValueError> {
        (**self).write_attio_json(out)
    }
}

impl<T: ToAttio + ?Sized> ToAttio for Box<T> {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] = T::ATTRIBUTE_TYPES;
    fn to_attio(&self) -> Result<serde_json::Value, ValueError> {
        (**self).to_attio()
    }
    fn write_attio_json(&self, out: &mut JsonOut) -> Result<(), ValueError> {
        (**self).write_attio_json(out)
    }
}

impl<T: FromAttio> FromAttio for Box<T> {
    fn from_attio(value: &AttributeValue) -> Result<Self, crate::DecodeErrorKind> {
        T::from_attio(value).map(Box::new)
    }
}

/// Any value, as Attio returned it (typed body only).
impl FromAttio for TypedValue {
    fn from_attio(value: &AttributeValue) -> Result<Self, crate::DecodeErrorKind> {
        Ok(value.value.clone())
    }
}

/// Any value with its history fields, as Attio returned it.
impl FromAttio for AttributeValue {
    fn from_attio(value: &AttributeValue) -> Result<Self, crate::DecodeErrorKind> {
        Ok(value.clone())
    }
}

/// The error for reading `value` as a type whose Attio type is `expected`: a malformed
/// body of the expected type is [`DecodeErrorKind::Malformed`], anything else
/// [`DecodeErrorKind::WrongType`].
pub(crate) fn wrong_type(expected: &'static str, value: &AttributeValue) -> DecodeErrorKind {
    match &value.value {
        TypedValue::Invalid {
            attribute_type,
            reason,
            ..
        } if attribute_type == expected => DecodeErrorKind::Malformed {
            attribute_type: attribute_type.clone(),
            reason: reason.clone(),
        },
        other => DecodeErrorKind::WrongType {
            expected,
            found: other.attribute_type().to_owned(),
        },
    }
}
