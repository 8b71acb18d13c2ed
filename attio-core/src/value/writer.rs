//! Collects a record's fields into the `data.values` object of a write request.

use crate::error::{Error, ValueError};
use crate::value::FieldWrite;

/// Builds the `values` map of a write request, one attribute at a time.
///
/// Generated code calls [`ValuesWriter::field`] once per non-skipped field; errors name
/// the attribute's slug.
#[derive(Debug, Default, Clone)]
pub struct ValuesWriter {
    values: serde_json::Map<String, serde_json::Value>,
}

impl ValuesWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one attribute.
    ///
    /// - `write` is the field's conversion result ([`ToAttioField::write_field`](crate::ToAttioField)
    ///   or a `with` module's `to_attio`);
    /// - `unique`: an empty value for a unique attribute is rejected
    ///   ([`ValueError::EmptyUnique`]);
    /// - `clear_on_none`: [`FieldWrite::Absent`] sends an empty array, which clears the
    ///   stored value, instead of leaving it untouched.
    pub fn field(
        &mut self,
        slug: &str,
        write: Result<FieldWrite, ValueError>,
        unique: bool,
        clear_on_none: bool,
    ) -> Result<(), Error> {
        let invalid = |reason| Error::InvalidValue {
            attribute: slug.to_owned(),
            reason,
        };
        match write.map_err(invalid)? {
            FieldWrite::Set(value) => {
                if unique && is_empty(&value) {
                    return Err(invalid(ValueError::EmptyUnique));
                }
                self.values.insert(slug.to_owned(), value);
            }
            FieldWrite::Absent if clear_on_none => {
                self.values
                    .insert(slug.to_owned(), serde_json::Value::Array(Vec::new()));
            }
            FieldWrite::Absent => {}
        }
        Ok(())
    }

    /// The collected `values` object.
    pub fn into_values(self) -> serde_json::Map<String, serde_json::Value> {
        self.values
    }
}

/// An empty string (after trimming), or an empty array: nothing to match on.
fn is_empty(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(s) => s.trim().is_empty(),
        serde_json::Value::Array(items) => items.is_empty() || items.iter().all(is_empty),
        serde_json::Value::Null => true,
        _ => false,
    }
}
