//! [`Timestamp`]: an instant with nanosecond precision, in Attio's wire format.

use std::fmt;
use std::str::FromStr;

use jiff::fmt::temporal::{DateTimeParser, DateTimePrinter};
use serde_json::Value;

use crate::error::{DecodeErrorKind, ValueError};
use crate::record::{AttributeValue, TypedValue};
use crate::value::convert::wrong_type;
use crate::value::{FromAttio, ToAttio};

/// Prints UTC (`Z`) with exactly nine fractional digits, as Attio does.
const PRINTER: DateTimePrinter = DateTimePrinter::new().precision(Some(9));
const PARSER: DateTimeParser = DateTimeParser::new();

/// An instant in time with nanosecond precision.
///
/// Attio writes and reads timestamps as RFC 3339 strings in UTC with nine fractional
/// digits (`2022-11-21T13:22:49.061281000Z`); [`Display`](fmt::Display) and the serde
/// implementations use exactly that form. Parsing accepts any RFC 3339 timestamp with an
/// offset (`Z`, `+02:00`, ...) and any number of fractional digits up to nine.
///
/// The wrapped [`jiff::Timestamp`] is available through [`Timestamp::as_jiff`] and the
/// `From` conversions, for arithmetic and time zone work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(jiff::Timestamp);

impl Timestamp {
    /// The Unix epoch, `1970-01-01T00:00:00.000000000Z`.
    pub const UNIX_EPOCH: Timestamp = Timestamp(jiff::Timestamp::UNIX_EPOCH);

    /// The current time from the system clock.
    pub fn now() -> Self {
        Self(jiff::Timestamp::now())
    }

    /// The instant `nanoseconds` after (or, negative, before) the Unix epoch.
    ///
    /// Returns `None` outside the range jiff supports (years -9999 to 9999).
    pub fn from_unix_nanos(nanoseconds: i128) -> Option<Self> {
        jiff::Timestamp::from_nanosecond(nanoseconds).ok().map(Self)
    }

    /// Nanoseconds since the Unix epoch (negative before it).
    pub fn as_unix_nanos(&self) -> i128 {
        self.0.as_nanosecond()
    }

    /// The wrapped [`jiff::Timestamp`].
    pub fn as_jiff(&self) -> jiff::Timestamp {
        self.0
    }
}

impl From<jiff::Timestamp> for Timestamp {
    fn from(timestamp: jiff::Timestamp) -> Self {
        Self(timestamp)
    }
}

impl From<Timestamp> for jiff::Timestamp {
    fn from(timestamp: Timestamp) -> Self {
        timestamp.0
    }
}

impl fmt::Display for Timestamp {
    /// Writes `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ` (always nine fractional digits, UTC).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        PRINTER
            .print_timestamp(&self.0, jiff::fmt::StdFmtWrite(f))
            .map_err(|_| fmt::Error)
    }
}

impl FromStr for Timestamp {
    type Err = ValueError;

    /// Parses an RFC 3339 timestamp with an offset.
    ///
    /// # Errors
    /// [`ValueError::InvalidTimestamp`] for anything else, or an instant outside the years
    /// -9999 to 9999.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        PARSER
            .parse_timestamp(input)
            .map(Self)
            .map_err(|error| ValueError::InvalidTimestamp {
                value: input.to_owned(),
                reason: error.to_string(),
            })
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Writes `"YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ"` (nine fractional digits, UTC).
impl ToAttio for Timestamp {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::Timestamp];
    fn to_attio(&self) -> Result<Value, ValueError> {
        Ok(Value::String(self.to_string()))
    }
}

/// Reads a `timestamp` value.
impl FromAttio for Timestamp {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        match &value.value {
            TypedValue::Timestamp(timestamp) => Ok(*timestamp),
            _ => Err(wrong_type("timestamp", value)),
        }
    }
}

/// Writes like [`Timestamp`].
impl ToAttio for jiff::Timestamp {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::Timestamp];
    fn to_attio(&self) -> Result<Value, ValueError> {
        Timestamp::from(*self).to_attio()
    }
}

/// Reads a `timestamp` value.
impl FromAttio for jiff::Timestamp {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        Timestamp::from_attio(value).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_nine_fractional_digits_in_utc() {
        let t: Timestamp = "2022-11-21T13:22:49.061281Z".parse().unwrap();
        assert_eq!(t.to_string(), "2022-11-21T13:22:49.061281000Z");
        let t: Timestamp = "2023-01-01T16:00:00+01:00".parse().unwrap();
        assert_eq!(t.to_string(), "2023-01-01T15:00:00.000000000Z");
    }

    #[test]
    fn keeps_nanoseconds() {
        let t: Timestamp = "2022-11-21T13:22:49.000000001Z".parse().unwrap();
        assert_eq!(t.as_unix_nanos() % 1_000_000_000, 1);
        assert_eq!(t.to_string(), "2022-11-21T13:22:49.000000001Z");
    }

    #[test]
    fn rejects_timestamps_without_offset() {
        let error = "2022-11-21T13:22:49".parse::<Timestamp>().unwrap_err();
        assert!(error.to_string().contains("2022-11-21T13:22:49"), "{error}");
        assert!("yesterday".parse::<Timestamp>().is_err());
    }
}
