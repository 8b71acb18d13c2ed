//! What `#[derive(AttioRecord)]` declares about each field: [`FieldSchema`], its
//! [`Cardinality`], and the [`RecordSchema`] trait that carries them as a constant.

use super::AttributeType;
use crate::object::AttioRecord;

/// How many values a field holds, from its Rust type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cardinality {
    /// `T`: exactly one value.
    One,
    /// `Option<T>`: one value or none.
    Optional,
    /// `Vec<T>`: any number of values (a multiselect attribute).
    Many,
    /// Decided by a `#[attio(with = "…")]` module; not checked.
    Custom,
}

impl Cardinality {
    /// The Rust shape, for messages: `T`, `Option<T>`, `Vec<T>` or `with`.
    pub fn shape(self) -> &'static str {
        match self {
            Self::One => "T",
            Self::Optional => "Option<T>",
            Self::Many => "Vec<T>",
            Self::Custom => "a `with` module",
        }
    }
}

/// One field of a derived struct, as the derive sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FieldSchema {
    /// The Rust field name (or tuple index).
    pub field: &'static str,
    /// The attribute slug it is stored under.
    pub slug: &'static str,
    /// The attribute types its values can be written to and read from; empty when not
    /// declared (a `with` module, or a value type that does not say).
    pub types: &'static [AttributeType],
    /// How many values it holds.
    pub cardinality: Cardinality,
    /// Marked `#[attio(unique)]`.
    pub unique: bool,
    /// Marked `#[attio(skip)]`: neither written nor read.
    pub skipped: bool,
}

impl FieldSchema {
    /// Used by generated code.
    #[doc(hidden)]
    pub const fn __new(
        field: &'static str,
        slug: &'static str,
        types: &'static [AttributeType],
        cardinality: Cardinality,
        unique: bool,
        skipped: bool,
    ) -> Self {
        Self {
            field,
            slug,
            types,
            cardinality,
            unique,
            skipped,
        }
    }
}

/// The schema a derived struct claims: one [`FieldSchema`] per field, in declaration
/// order. `#[derive(AttioRecord)]` implements it.
pub trait RecordSchema: AttioRecord {
    /// Every field, skipped ones included.
    const SCHEMA: &'static [FieldSchema];
}
