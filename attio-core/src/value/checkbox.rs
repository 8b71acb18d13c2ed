//! `checkbox` values: `bool`.

use serde_json::Value;

use crate::error::{DecodeErrorKind, ValueError};
use crate::record::{AttributeValue, TypedValue};
use crate::value::convert::wrong_type;
use crate::value::{FromAttio, ToAttio};

/// Writes a `checkbox` value.
impl ToAttio for bool {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::Checkbox];
    fn to_attio(&self) -> Result<Value, ValueError> {
        Ok(Value::Bool(*self))
    }
    fn write_attio_json(&self, out: &mut crate::value::JsonOut) -> Result<(), ValueError> {
        out.raw(if *self { b"true" } else { b"false" });
        Ok(())
    }
}

/// Reads a `checkbox` value.
impl FromAttio for bool {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        match value.value {
            TypedValue::Checkbox(checked) => Ok(checked),
            _ => Err(wrong_type("checkbox", value)),
        }
    }
}
