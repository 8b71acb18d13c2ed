//! `number` values: the integer and float primitives.
//!
//! Attio stores numbers as 64-bit floats. Writing an integer beyond ±2⁵³ (where floats
//! stop being exact) is [`ValueError::IntegerNotExact`] rather than a silent rounding;
//! writing NaN or an infinity is [`ValueError::NotFinite`]. Reading an integer type from
//! a number with a fractional part is [`DecodeErrorKind::NotAnInteger`], and from one out
//! of the type's range [`DecodeErrorKind::OutOfRange`].

use serde_json::{Number, Value};

use crate::error::{DecodeErrorKind, ValueError};
use crate::record::{AttributeValue, TypedValue};
use crate::value::convert::wrong_type;
use crate::value::{FromAttio, ToAttio};

/// The largest integer magnitude a 64-bit float holds exactly (2⁵³).
const MAX_EXACT_INTEGER: i128 = 1 << 53;

/// The JSON number for an integer, if a 64-bit float holds it exactly.
fn exact_integer(value: i128) -> Result<Value, ValueError> {
    if !(-MAX_EXACT_INTEGER..=MAX_EXACT_INTEGER).contains(&value) {
        return Err(ValueError::IntegerNotExact {
            value: value.to_string(),
        });
    }
    // In range of i64 by the check above.
    Ok(Value::from(value as i64))
}

/// The JSON number for a float, if it is finite.
fn finite(value: f64) -> Result<Value, ValueError> {
    Number::from_f64(value)
        .map(Value::Number)
        .ok_or(ValueError::NotFinite { value })
}

/// The number of a `number` value, also accepting a `rating` (a whole number of stars).
fn number_of(value: &AttributeValue) -> Result<NumberRef<'_>, DecodeErrorKind> {
    match &value.value {
        TypedValue::Number(number) => Ok(NumberRef::Json(number)),
        TypedValue::Rating(rating) => Ok(NumberRef::Small(rating.stars())),
        _ => Err(wrong_type("number", value)),
    }
}

enum NumberRef<'a> {
    Json(&'a Number),
    Small(u8),
}

impl NumberRef<'_> {
    /// The number as an integer, if it has no fractional part.
    fn integer(&self) -> Result<i128, DecodeErrorKind> {
        let number = match self {
            Self::Small(small) => return Ok(i128::from(*small)),
            Self::Json(number) => number,
        };
        if let Some(int) = number.as_i64() {
            return Ok(i128::from(int));
        }
        if let Some(int) = number.as_u64() {
            return Ok(i128::from(int));
        }
        let float = number.as_f64().unwrap_or(f64::NAN);
        if float.fract() != 0.0 || !float.is_finite() {
            return Err(DecodeErrorKind::NotAnInteger { value: float });
        }
        // Saturates beyond i128, which then fails every target's range check below.
        Ok(float as i128)
    }

    fn float(&self) -> f64 {
        match self {
            Self::Small(small) => f64::from(*small),
            // serde_json numbers without `arbitrary_precision` always convert.
            Self::Json(number) => number.as_f64().unwrap_or(f64::NAN),
        }
    }
}

macro_rules! integers {
    ($($int:ty),*) => {$(
        /// Writes a `number` value; beyond ±2⁵³ is [`ValueError::IntegerNotExact`].
        impl ToAttio for $int {
            const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] = &[crate::schema::AttributeType::Number];
            fn to_attio(&self) -> Result<Value, ValueError> {
                // Every integer primitive up to 64 bits fits in i128.
                exact_integer(*self as i128)
            }
        }

        /// Reads a whole `number` (or `rating`) value.
        impl FromAttio for $int {
            fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
                let int = number_of(value)?.integer()?;
                <$int>::try_from(int).map_err(|_| DecodeErrorKind::OutOfRange {
                    value: int.to_string(),
                    target: stringify!($int),
                })
            }
        }
    )*};
}

integers!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

/// Writes a `number` value; NaN and infinities are [`ValueError::NotFinite`].
impl ToAttio for f64 {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::Number];
    fn to_attio(&self) -> Result<Value, ValueError> {
        finite(*self)
    }
}

/// Writes a `number` value with the digits the `f32` shows (`0.1f32` is written as `0.1`,
/// not `0.10000000149011612`); NaN and infinities are [`ValueError::NotFinite`].
impl ToAttio for f32 {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::Number];
    fn to_attio(&self) -> Result<Value, ValueError> {
        if !self.is_finite() {
            return Err(ValueError::NotFinite {
                value: f64::from(*self),
            });
        }
        // The shortest decimal that round-trips the f32 always parses as an f64.
        let widened = self.to_string().parse().unwrap_or(f64::from(*self));
        finite(widened)
    }
}

/// Reads a `number` (or `rating`) value.
impl FromAttio for f64 {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        Ok(number_of(value)?.float())
    }
}

/// Reads a `number` (or `rating`) value, rounded to the nearest `f32`; beyond `f32`'s
/// range is [`DecodeErrorKind::OutOfRange`].
impl FromAttio for f32 {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        let float = number_of(value)?.float();
        let narrowed = float as f32;
        if narrowed.is_infinite() {
            return Err(DecodeErrorKind::OutOfRange {
                value: float.to_string(),
                target: "f32",
            });
        }
        Ok(narrowed)
    }
}
