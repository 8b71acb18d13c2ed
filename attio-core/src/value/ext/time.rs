//! `time` field types (feature `time`): `OffsetDateTime` and `UtcDateTime` as a
//! `timestamp`, `Date` as a `date`.
//!
//! Attio keeps instants, not offsets: an `OffsetDateTime` is written as the same instant
//! in UTC (`2023-01-01T16:00:00+01:00` is written `2023-01-01T15:00:00.000000000Z`) and
//! reads back with the offset `UTC`. It still compares equal to the value written
//! (`OffsetDateTime`'s `==` compares instants); only `.offset()` differs. Convert it with
//! `.to_offset(...)` after reading to show it in a zone.

use ::time::{Date as TimeDate, Month, OffsetDateTime, UtcDateTime};
use serde_json::Value;

use super::{date_from_parts, timestamp_from_nanos};
use crate::error::{DecodeErrorKind, ValueError};
use crate::record::AttributeValue;
use crate::value::{Date, FromAttio, Timestamp, ToAttio};

/// Writes like [`Timestamp`], the instant in UTC with nanoseconds: the offset is dropped
/// (see the [module docs](self)). An instant outside the years -9999 to 9999 (possible with
/// time's `large-dates` feature) is [`ValueError::InvalidTimestamp`].
impl ToAttio for OffsetDateTime {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::Timestamp];
    fn to_attio(&self) -> Result<Value, ValueError> {
        timestamp_from_nanos(self.unix_timestamp_nanos(), self)?.to_attio()
    }
}

/// The nanoseconds since the Unix epoch of a `timestamp` value.
fn unix_nanos(value: &AttributeValue) -> Result<(i128, Timestamp), DecodeErrorKind> {
    let timestamp = Timestamp::from_attio(value)?;
    Ok((timestamp.as_unix_nanos(), timestamp))
}

/// The error for a timestamp `target` cannot hold.
fn out_of_range(timestamp: Timestamp, target: &'static str) -> DecodeErrorKind {
    DecodeErrorKind::OutOfRange {
        value: timestamp.to_string(),
        target,
    }
}

/// Reads a `timestamp` value, nanoseconds kept, with the offset `UTC`.
impl FromAttio for OffsetDateTime {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        let (nanos, timestamp) = unix_nanos(value)?;
        // time's default range (years ±9999) holds every Timestamp; checked all the same.
        OffsetDateTime::from_unix_timestamp_nanos(nanos)
            .map_err(|_| out_of_range(timestamp, "time::OffsetDateTime"))
    }
}

/// Writes like [`Timestamp`], nanoseconds kept; out of range as for `OffsetDateTime`.
impl ToAttio for UtcDateTime {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::Timestamp];
    fn to_attio(&self) -> Result<Value, ValueError> {
        timestamp_from_nanos(self.unix_timestamp_nanos(), self)?.to_attio()
    }
}

/// Reads a `timestamp` value, nanoseconds kept.
impl FromAttio for UtcDateTime {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        let (nanos, timestamp) = unix_nanos(value)?;
        UtcDateTime::from_unix_timestamp_nanos(nanos)
            .map_err(|_| out_of_range(timestamp, "time::UtcDateTime"))
    }
}

/// Writes like [`Date`]: `"2023-01-02"`; a year outside 1–9999 is
/// [`ValueError::InvalidDate`].
impl ToAttio for TimeDate {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::Date];
    fn to_attio(&self) -> Result<Value, ValueError> {
        let month = u8::from(self.month());
        date_from_parts(self.year(), month.into(), self.day().into())?.to_attio()
    }
}

/// Reads a `date` value.
impl FromAttio for TimeDate {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        let date = Date::from_attio(value)?;
        let out_of_range = || DecodeErrorKind::OutOfRange {
            value: date.to_string(),
            target: "time::Date",
        };
        let month = Month::try_from(date.month().unsigned_abs()).map_err(|_| out_of_range())?;
        TimeDate::from_calendar_date(i32::from(date.year()), month, date.day().unsigned_abs())
            .map_err(|_| out_of_range())
    }
}

#[cfg(test)]
mod tests {
    use ::time::{Duration, UtcOffset};
    use serde_json::json;

    use super::*;
    use crate::value::ext::read_back;

    fn at(nanos: i128) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp_nanos(nanos).expect("in range")
    }

    fn day(year: i32, month: Month, day: u8) -> TimeDate {
        TimeDate::from_calendar_date(year, month, day).expect("a day")
    }

    #[test]
    fn timestamps_keep_nanoseconds_both_ways() {
        for instant in [at(1_669_036_969_061_281_001), at(-500_000_000), at(0)] {
            let written = instant.to_attio().expect("writable");
            assert_eq!(
                read_back::<OffsetDateTime>("timestamp", written.clone()),
                Ok(instant)
            );
            let utc = UtcDateTime::from_unix_timestamp_nanos(instant.unix_timestamp_nanos())
                .expect("in range");
            assert_eq!(utc.to_attio().as_ref(), Ok(&written));
            assert_eq!(read_back::<UtcDateTime>("timestamp", written), Ok(utc));
        }
        assert_eq!(
            at(1_669_036_969_061_281_001).to_attio(),
            Ok(json!("2022-11-21T13:22:49.061281001Z"))
        );
    }

    #[test]
    fn offsets_are_normalised_to_utc() {
        let offset = UtcOffset::from_hms(1, 0, 0).expect("an offset");
        let local = at(1_672_588_800_000_000_000).to_offset(offset);
        assert_eq!(local.hour(), 17);
        assert_eq!(
            local.to_attio(),
            Ok(json!("2023-01-01T16:00:00.000000000Z"))
        );
        let back = read_back::<OffsetDateTime>("timestamp", local.to_attio().expect("writable"))
            .expect("reads");
        assert_eq!(back, local, "the same instant");
        assert_eq!(back.offset(), UtcOffset::UTC);
    }

    #[test]
    fn dates_write_and_read_back() {
        assert_eq!(
            day(2023, Month::January, 2).to_attio(),
            Ok(json!("2023-01-02"))
        );
        for date in [
            day(1, Month::January, 1),
            day(2024, Month::February, 29),
            day(9999, Month::December, 31),
        ] {
            let written = date.to_attio().expect("writable");
            assert_eq!(read_back::<TimeDate>("date", written), Ok(date));
        }
    }

    #[test]
    fn dates_outside_attio_years_are_typed_errors() {
        for date in [
            day(0, Month::June, 1),
            day(-9999, Month::January, 1),
            TimeDate::MIN,
        ] {
            let error = date.to_attio().unwrap_err();
            assert!(
                matches!(error, ValueError::InvalidDate { .. }),
                "{date}: {error}"
            );
        }
    }

    #[test]
    fn the_far_edge_of_times_range_is_a_typed_error() {
        // time reaches 9999-12-31T23:59:59.999999999Z; a Timestamp stops a day earlier.
        let last = OffsetDateTime::new_utc(TimeDate::MAX, ::time::Time::MIDNIGHT);
        let error = last.to_attio().unwrap_err();
        assert!(
            matches!(error, ValueError::InvalidTimestamp { .. }),
            "{error}"
        );
        assert!((last - Duration::days(2)).to_attio().is_ok());
    }

    #[test]
    fn other_types_are_wrong_type() {
        let error = read_back::<OffsetDateTime>("date", json!("2023-01-02"));
        assert!(
            matches!(error, Err(DecodeErrorKind::WrongType { .. })),
            "{error:?}"
        );
        let error = read_back::<TimeDate>("text", json!("2023-01-02"));
        assert!(
            matches!(error, Err(DecodeErrorKind::WrongType { .. })),
            "{error:?}"
        );
    }
}
