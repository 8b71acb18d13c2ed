//! Attio attribute values: how Rust types are written to Attio and read back.
//!
//! Two element traits, [`ToAttio`] and [`FromAttio`], say how *one* Rust value maps to *one*
//! Attio value (like serde's `Serialize`/`Deserialize`). Cardinality comes from the field's
//! type through the field traits [`ToAttioField`] and [`FromAttioField`]:
//! `T` is exactly one value, `Option<T>` zero or one, `Vec<T>` a multi-value attribute.
//! Implement the element traits for your own newtypes and every cardinality follows.

mod convert;
mod field;
mod timestamp;
mod writer;

pub use convert::{FromAttio, ToAttio};
pub use field::{FieldWrite, FromAttioField, ToAttioField};
pub use timestamp::{ParseTimestampError, Timestamp};
pub use writer::ValuesWriter;
