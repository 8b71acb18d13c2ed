//! Collects a record's fields into the `data.values` object of a write request.

use crate::error::{Error, ValueError};
use crate::value::json_body::JsonBody;
use crate::value::{FieldWrite, ToAttioField};

/// Builds the `values` map of a write request, one attribute at a time.
///
/// Generated code calls [`ToAttioField::write_into`] (or, for a `with` field,
/// [`ValuesWriter::field`]) once per non-skipped field; errors name the attribute's slug.
#[derive(Debug, Default, Clone)]
pub struct ValuesWriter {
    into: Target,
}

/// What the writer fills.
#[derive(Debug, Clone)]
enum Target {
    /// The `values` map ([`ValuesWriter::new`]).
    Map(serde_json::Map<String, serde_json::Value>),
    /// A whole request body, written as it goes ([`ValuesWriter::body`]).
    Body(JsonBody),
}

impl Default for Target {
    fn default() -> Self {
        Self::Map(serde_json::Map::new())
    }
}

impl ValuesWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// A writer that encodes `{"data":{"values":{…}}}` as it goes, for
    /// [`into_body`](Self::into_body): the same JSON as the map, without building it.
    pub(crate) fn body() -> Self {
        Self {
            into: Target::Body(JsonBody::new()),
        }
    }

    /// The body a [`body`](Self::body) writer encoded; `None` when an attribute was
    /// written twice (encode through the map then, where the last write wins) or this
    /// writer fills a map.
    pub(crate) fn into_body(self) -> Option<Vec<u8>> {
        match self.into {
            Target::Body(body) => body.finish(),
            Target::Map(_) => None,
        }
    }

    /// Adds one field of a type that writes itself ([`ToAttioField`]): what
    /// [`ToAttioField::write_into`] calls. The same rules as [`field`](Self::field).
    ///
    /// # Errors
    /// As [`field`](Self::field).
    pub fn field_of<F: ToAttioField + ?Sized>(
        &mut self,
        slug: &str,
        field: &F,
        unique: bool,
        clear_on_none: bool,
    ) -> Result<(), Error> {
        let body = match &mut self.into {
            Target::Map(_) => return self.field(slug, field.write_field(), unique, clear_on_none),
            Target::Body(body) => body,
        };
        let invalid = |error: Option<ValueError>| Error::InvalidValue {
            attribute: slug.to_owned(),
            reason: error.unwrap_or(ValueError::EmptyUnique),
        };
        let mut present = false;
        body.attribute(slug, unique, |out| {
            present = field.write_field_json(out)?;
            Ok(present)
        })
        .map_err(invalid)?;
        if present {
            return Ok(());
        }
        // Absent: the map's rule decides (nothing, or the empty array that clears).
        self.field(slug, Ok(FieldWrite::Absent), unique, clear_on_none)
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
        let value = match write.map_err(invalid)? {
            FieldWrite::Set(value) => {
                if unique && is_empty(&value) {
                    return Err(invalid(ValueError::EmptyUnique));
                }
                value
            }
            FieldWrite::Absent if clear_on_none => serde_json::Value::Array(Vec::new()),
            FieldWrite::Absent => return Ok(()),
        };
        match &mut self.into {
            Target::Map(values) => {
                values.insert(slug.to_owned(), value);
            }
            Target::Body(body) => {
                // The value was checked above; writing it cannot fail.
                let written = body.attribute::<ValueError>(slug, false, |out| {
                    out.value(&value);
                    Ok(true)
                });
                debug_assert!(written.is_ok());
            }
        }
        Ok(())
    }

    /// The collected `values` object. For a writer that encoded a body, the body's
    /// `values` read back (this crate never asks one for its map).
    pub fn into_values(self) -> serde_json::Map<String, serde_json::Value> {
        match self.into {
            Target::Map(values) => values,
            Target::Body(body) => values_of_body(body),
        }
    }
}

/// The `values` object of an encoded body (the last write winning, as in the map).
fn values_of_body(body: JsonBody) -> serde_json::Map<String, serde_json::Value> {
    #[derive(serde::Deserialize)]
    struct Body {
        data: Data,
    }
    #[derive(serde::Deserialize)]
    struct Data {
        values: serde_json::Map<String, serde_json::Value>,
    }
    // The body is JSON this writer produced; reading it back cannot fail.
    serde_json::from_slice::<Body>(&body.finish_allowing_duplicates())
        .map(|body| body.data.values)
        .unwrap_or_default()
}

/// An empty string (after trimming), or an empty array: nothing to match on.
pub(crate) fn is_empty(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(s) => s.trim().is_empty(),
        serde_json::Value::Array(items) => items.is_empty() || items.iter().all(is_empty),
        serde_json::Value::Null => true,
        _ => false,
    }
}
