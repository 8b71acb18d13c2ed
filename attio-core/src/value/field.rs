//! The field traits: cardinality from the field's Rust type.

use crate::error::{DecodeErrorKind, ValueError};
use crate::record::AttributeValue;
use crate::schema::{AttributeType, Cardinality};
use crate::value::{FromAttio, ToAttio};

/// What a field contributes to a write request.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldWrite {
    /// Send this JSON as the attribute's value (a bare value, or an array for multi-value).
    Set(serde_json::Value),
    /// Send nothing for this attribute: the stored value is left untouched
    /// (what `Option::None` means unless the field has `#[attio(clear_on_none)]`).
    Absent,
}

/// How a whole field (with its cardinality) is written: `T` writes one value,
/// `Option<T>` one value or nothing, `Vec<T>` an array (a multi-value attribute).
///
/// Implemented for every `T: ToAttio`, `Option<T>` and `Vec<T>`; implement [`ToAttio`]
/// for your own types rather than this trait.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be written to an Attio attribute",
    label = "no Attio conversion for `{Self}`",
    note = "a field must be `T`, `Option<T>` or `Vec<T>` where `T: attio_core::ToAttio`; implement `ToAttio` and `FromAttio` for your type, or convert this field with `#[attio(with = \"path::to::module\")]`"
)]
pub trait ToAttioField {
    /// How many values the field holds: `T` one, `Option<T>` one or none, `Vec<T>` many.
    const CARDINALITY: Cardinality = Cardinality::One;
    /// The attribute types its values can be written to and read from
    /// ([`ToAttio::ATTRIBUTE_TYPES`] of the element type).
    const ATTRIBUTE_TYPES: &'static [AttributeType] = &[];

    /// The field's contribution to `data.values`.
    fn write_field(&self) -> Result<FieldWrite, ValueError>;
}

/// How a whole field is read from the current values Attio returned for its attribute.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read from an Attio attribute",
    label = "no Attio conversion for `{Self}`",
    note = "a field must be `T`, `Option<T>` or `Vec<T>` where `T: attio_core::FromAttio`; implement `FromAttio` for your type, or convert this field with `#[attio(with = \"path::to::module\")]`"
)]
pub trait FromAttioField: Sized {
    /// Reads the field from the attribute's current values (`active_until` is null).
    fn read_field(values: &[AttributeValue]) -> Result<Self, DecodeErrorKind>;
}

impl<T: ToAttio + ?Sized> ToAttioField for T {
    const ATTRIBUTE_TYPES: &'static [AttributeType] = T::ATTRIBUTE_TYPES;
    fn write_field(&self) -> Result<FieldWrite, ValueError> {
        self.to_attio().map(FieldWrite::Set)
    }
}

impl<T: ToAttio> ToAttioField for Option<T> {
    const CARDINALITY: Cardinality = Cardinality::Optional;
    const ATTRIBUTE_TYPES: &'static [AttributeType] = T::ATTRIBUTE_TYPES;
    fn write_field(&self) -> Result<FieldWrite, ValueError> {
        match self {
            Some(v) => v.to_attio().map(FieldWrite::Set),
            None => Ok(FieldWrite::Absent),
        }
    }
}

impl<T: ToAttio> ToAttioField for Vec<T> {
    const CARDINALITY: Cardinality = Cardinality::Many;
    const ATTRIBUTE_TYPES: &'static [AttributeType] = T::ATTRIBUTE_TYPES;
    fn write_field(&self) -> Result<FieldWrite, ValueError> {
        self.iter()
            .map(ToAttio::to_attio)
            .collect::<Result<Vec<_>, _>>()
            .map(|v| FieldWrite::Set(serde_json::Value::Array(v)))
    }
}

impl<T: FromAttio> FromAttioField for T {
    fn read_field(values: &[AttributeValue]) -> Result<Self, DecodeErrorKind> {
        match values {
            [one] => T::from_attio(one),
            [] => Err(DecodeErrorKind::Missing),
            many => Err(DecodeErrorKind::Multiple { count: many.len() }),
        }
    }
}

impl<T: FromAttio> FromAttioField for Option<T> {
    fn read_field(values: &[AttributeValue]) -> Result<Self, DecodeErrorKind> {
        match values {
            [] => Ok(None),
            [one] => T::from_attio(one).map(Some),
            many => Err(DecodeErrorKind::Multiple { count: many.len() }),
        }
    }
}

impl<T: FromAttio> FromAttioField for Vec<T> {
    fn read_field(values: &[AttributeValue]) -> Result<Self, DecodeErrorKind> {
        values.iter().map(T::from_attio).collect()
    }
}
