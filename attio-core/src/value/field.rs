//! The field traits: cardinality from the field's Rust type.

use crate::error::{DecodeErrorKind, Error, ValueError};
use crate::record::AttributeValue;
use crate::schema::{AttributeType, Cardinality};
use crate::value::{FromAttio, JsonOut, ToAttio, ValuesWriter};

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

    /// Appends the JSON of [`write_field`](Self::write_field) to a request body being
    /// encoded: `Ok(true)` when it wrote a value, `Ok(false)` (and nothing written) when
    /// the field is absent. Hidden: the default goes through `write_field`.
    #[doc(hidden)]
    fn write_field_json(&self, out: &mut JsonOut) -> Result<bool, ValueError> {
        match self.write_field()? {
            FieldWrite::Set(value) => {
                out.value(&value);
                Ok(true)
            }
            FieldWrite::Absent => Ok(false),
        }
    }

    /// Adds the field to `values` under `slug` (what `#[derive(AttioRecord)]` generates
    /// for each field): see [`ValuesWriter::field`] for `unique` and `clear_on_none`.
    ///
    /// # Errors
    /// As [`ValuesWriter::field`].
    fn write_into(
        &self,
        values: &mut ValuesWriter,
        slug: &str,
        unique: bool,
        clear_on_none: bool,
    ) -> Result<(), Error> {
        values.field_of(slug, self, unique, clear_on_none)
    }
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
    fn write_field_json(&self, out: &mut JsonOut) -> Result<bool, ValueError> {
        self.write_attio_json(out).map(|()| true)
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
    fn write_field_json(&self, out: &mut JsonOut) -> Result<bool, ValueError> {
        match self {
            Some(v) => v.write_attio_json(out).map(|()| true),
            None => Ok(false),
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
    fn write_field_json(&self, out: &mut JsonOut) -> Result<bool, ValueError> {
        out.raw(b"[");
        for (n, value) in self.iter().enumerate() {
            if n > 0 {
                out.raw(b",");
            }
            value.write_attio_json(out)?;
        }
        out.raw(b"]");
        Ok(true)
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
