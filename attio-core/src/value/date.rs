//! `date` values: [`Date`], a calendar day.

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use crate::error::{DecodeErrorKind, ValueError};
use crate::record::{AttributeValue, TypedValue};
use crate::value::convert::wrong_type;
use crate::value::{FromAttio, ToAttio};

/// A calendar day without time zone (`2023-01-02`), written and read as a `date` value.
///
/// Attio accepts days from `0001-01-01` to `9999-12-31`; the constructors enforce that.
/// The wrapped [`jiff::civil::Date`] is available through [`Date::as_jiff`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

impl Date {
    /// The day `year`-`month`-`day`.
    ///
    /// # Errors
    /// [`ValueError::InvalidDate`] for a day that does not exist or a year outside
    /// 1–9999.
    pub fn new(year: i16, month: i8, day: i8) -> Result<Self, ValueError> {
        let invalid = |reason: String| ValueError::InvalidDate {
            value: format!("{year:04}-{month:02}-{day:02}"),
            reason,
        };
        if !(1..=9999).contains(&year) {
            return Err(invalid("the year must be between 1 and 9999".into()));
        }
        jiff::civil::Date::new(year, month, day)
            .map(Self)
            .map_err(|error| invalid(error.to_string()))
    }

    /// The wrapped [`jiff::civil::Date`].
    pub fn as_jiff(&self) -> jiff::civil::Date {
        self.0
    }

    /// The year (1–9999).
    pub fn year(&self) -> i16 {
        self.0.year()
    }

    /// The month (1–12).
    pub fn month(&self) -> i8 {
        self.0.month()
    }

    /// The day of the month (1–31).
    pub fn day(&self) -> i8 {
        self.0.day()
    }
}

impl TryFrom<jiff::civil::Date> for Date {
    type Error = ValueError;

    /// Checks that the year is within 1–9999.
    fn try_from(date: jiff::civil::Date) -> Result<Self, Self::Error> {
        Self::new(date.year(), date.month(), date.day())
    }
}

impl From<Date> for jiff::civil::Date {
    fn from(date: Date) -> Self {
        date.0
    }
}

impl fmt::Display for Date {
    /// Writes `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

/// Parses one run of ASCII digits.
fn digits<T: FromStr>(text: &str) -> Option<T> {
    if text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

impl FromStr for Date {
    type Err = ValueError;

    /// Parses exactly `YYYY-MM-DD`.
    ///
    /// # Errors
    /// [`ValueError::InvalidDate`] for any other shape or a day that does not exist.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = |reason: &str| ValueError::InvalidDate {
            value: text.to_owned(),
            reason: reason.to_owned(),
        };
        let Some((year, month, day)) = split_date(text) else {
            return Err(invalid("not in the form YYYY-MM-DD"));
        };
        Self::new(year, month, day).map_err(|error| match error {
            ValueError::InvalidDate { reason, .. } => invalid(&reason),
            other => other,
        })
    }
}

/// Splits `YYYY-MM-DD` into its numbers, or `None` for any other shape.
fn split_date(text: &str) -> Option<(i16, i8, i8)> {
    let (year, rest) = text.split_once('-')?;
    let (month, day) = rest.split_once('-')?;
    if (year.len(), month.len(), day.len()) != (4, 2, 2) {
        return None;
    }
    Some((digits(year)?, digits(month)?, digits(day)?))
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    /// Deserializes a `YYYY-MM-DD` string.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Writes `"YYYY-MM-DD"`.
impl ToAttio for Date {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::Date];
    fn to_attio(&self) -> Result<Value, ValueError> {
        Ok(Value::String(self.to_string()))
    }
}

/// Reads a `date` value.
impl FromAttio for Date {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        match &value.value {
            TypedValue::Date(date) => Ok(*date),
            _ => Err(wrong_type("date", value)),
        }
    }
}

/// Writes `"YYYY-MM-DD"`; a year outside 1–9999 is [`ValueError::InvalidDate`].
impl ToAttio for jiff::civil::Date {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::Date];
    fn to_attio(&self) -> Result<Value, ValueError> {
        Date::try_from(*self)?.to_attio()
    }
}

/// Reads a `date` value.
impl FromAttio for jiff::civil::Date {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        Date::from_attio(value).map(Self::from)
    }
}
