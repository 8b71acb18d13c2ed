//! Errors: one [`Error`] enum a caller can match on.
//!
//! (Owned by the client work: the API-error variants below are filled in there.)

/// Why a value was rejected before any request was sent, or could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueError {
    /// A unique attribute was given an empty value (nothing to match on).
    #[error("a unique attribute cannot be empty")]
    EmptyUnique,
    /// The value is not valid for its Attio type; the text says why.
    #[error("{0}")]
    Invalid(String),
}

/// Why one attribute of a [`Record`](crate::Record) could not be read into a Rust value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The attribute has no current value but the field requires one.
    #[error("no value, but the field requires exactly one (use `Option<T>` if it may be empty)")]
    Missing,
    /// Several current values where the field holds one.
    #[error("{count} values, but the field holds one (use `Vec<T>` for a multi-value attribute)")]
    Multiple {
        /// How many current values the attribute had.
        count: usize,
    },
    /// A value of another Attio type than the field reads.
    #[error("expected a `{expected}` value, found `{found}`")]
    WrongType {
        /// The Attio type the field reads.
        expected: &'static str,
        /// The `attribute_type` Attio returned.
        found: String,
    },
    /// The value has the right type but cannot be represented by the field's Rust type.
    #[error("{0}")]
    Invalid(String),
}

/// A record could not be decoded into a struct: names the attribute and says why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("attribute `{attribute}`: {kind}")]
pub struct DecodeError {
    /// The attribute's slug.
    pub attribute: String,
    /// What was wrong with it.
    pub kind: DecodeErrorKind,
}

/// Every error the library returns.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A value was rejected before any request was sent.
    #[error("invalid value for attribute `{attribute}`: {reason}")]
    InvalidValue {
        /// The attribute's slug.
        attribute: String,
        /// Why it was rejected.
        reason: ValueError,
    },
    /// A record returned by Attio could not be decoded into the struct.
    #[error(transparent)]
    Record(#[from] DecodeError),
}
