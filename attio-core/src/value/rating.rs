//! `rating` values: [`Rating`], 0 to 5 stars.

use std::fmt;

use serde_json::Value;

use crate::error::{DecodeErrorKind, ValueError};
use crate::record::{AttributeValue, TypedValue};
use crate::value::convert::wrong_type;
use crate::value::{FromAttio, ToAttio};

/// A star rating from 0 to 5 inclusive, written and read as a `rating` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Rating(u8);

impl Rating {
    /// The highest rating.
    pub const MAX: Rating = Rating(5);

    /// A rating of `stars`.
    ///
    /// # Errors
    /// [`ValueError::RatingOutOfRange`] above 5.
    pub fn new(stars: u8) -> Result<Self, ValueError> {
        Self::try_from(i64::from(stars))
    }

    /// The number of stars (0–5).
    pub fn stars(&self) -> u8 {
        self.0
    }
}

impl TryFrom<i64> for Rating {
    type Error = ValueError;

    /// A rating of `stars`; outside 0–5 is [`ValueError::RatingOutOfRange`].
    fn try_from(stars: i64) -> Result<Self, Self::Error> {
        match u8::try_from(stars) {
            Ok(small) if small <= Self::MAX.0 => Ok(Self(small)),
            _ => Err(ValueError::RatingOutOfRange { value: stars }),
        }
    }
}

impl From<Rating> for u8 {
    fn from(rating: Rating) -> Self {
        rating.0
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/5", self.0)
    }
}

impl serde::Serialize for Rating {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Rating {
    /// Deserializes a whole number from 0 to 5 (`3` or `3.0`).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let number = serde_json::Number::deserialize(deserializer)?;
        let stars = match (number.as_i64(), number.as_f64()) {
            (Some(int), _) => int,
            (None, Some(float)) if float.fract() == 0.0 && float.abs() < 1e18 => float as i64,
            _ => {
                return Err(D::Error::custom(format!(
                    "{number} is not a whole number of stars"
                )));
            }
        };
        Self::try_from(stars).map_err(D::Error::custom)
    }
}

/// Writes the number of stars.
impl ToAttio for Rating {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::Rating];
    fn to_attio(&self) -> Result<Value, ValueError> {
        Ok(Value::from(self.0))
    }
}

/// Reads a `rating` value, or a whole `number` value from 0 to 5.
impl FromAttio for Rating {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        match &value.value {
            TypedValue::Rating(rating) => Ok(*rating),
            TypedValue::Number(_) => {
                let stars = i64::from_attio(value)?;
                Ok(Self::try_from(stars)?)
            }
            _ => Err(wrong_type("rating", value)),
        }
    }
}
