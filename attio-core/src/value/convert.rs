//! The element traits: one Rust value ⇄ one Attio value.

use crate::error::ValueError;
use crate::record::AttributeValue;

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
    /// The JSON form of this value that Attio accepts on write.
    fn to_attio(&self) -> Result<serde_json::Value, ValueError>;
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
