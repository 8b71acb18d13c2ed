//! `chrono` field types (feature `chrono`): `DateTime<Utc>` as a `timestamp`, `NaiveDate`
//! as a `date`.
//!
//! For a `DateTime` in another zone, convert it with `.with_timezone(&Utc)` first: Attio
//! keeps instants, not zones.

use ::chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde_json::Value;

use super::{date_from_parts, timestamp_from_nanos};
use crate::error::{DecodeErrorKind, ValueError};
use crate::record::AttributeValue;
use crate::value::{Date, FromAttio, Timestamp, ToAttio};

const NANOS_PER_SECOND: i128 = 1_000_000_000;

/// The instant as a [`Timestamp`], nanoseconds kept.
fn to_timestamp(at: &DateTime<Utc>) -> Result<Timestamp, ValueError> {
    let subsec = at.timestamp_subsec_nanos();
    if i128::from(subsec) >= NANOS_PER_SECOND {
        // chrono represents a leap second as a nanosecond count past one second.
        return Err(ValueError::InvalidTimestamp {
            value: format!("{at:?}"),
            reason: "a leap second, which a timestamp cannot hold".into(),
        });
    }
    let nanos = i128::from(at.timestamp()) * NANOS_PER_SECOND + i128::from(subsec);
    timestamp_from_nanos(nanos, &format_args!("{at:?}"))
}

/// Writes like [`Timestamp`]: `"2022-11-21T13:22:49.061281001Z"`, nanoseconds kept. A leap
/// second (`23:59:60`, which chrono can hold) and an instant outside the years -9999 to
/// 9999 are [`ValueError::InvalidTimestamp`].
impl ToAttio for DateTime<Utc> {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::Timestamp];
    fn to_attio(&self) -> Result<Value, ValueError> {
        to_timestamp(self)?.to_attio()
    }
}

/// Reads a `timestamp` value, nanoseconds kept.
impl FromAttio for DateTime<Utc> {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        let timestamp = Timestamp::from_attio(value)?;
        let nanos = timestamp.as_unix_nanos();
        let seconds = i64::try_from(nanos.div_euclid(NANOS_PER_SECOND)).ok();
        let subsec = u32::try_from(nanos.rem_euclid(NANOS_PER_SECOND)).ok();
        // chrono's range (±262,000 years) holds every Timestamp; checked all the same.
        seconds
            .zip(subsec)
            .and_then(|(seconds, subsec)| DateTime::from_timestamp(seconds, subsec))
            .ok_or_else(|| DecodeErrorKind::OutOfRange {
                value: timestamp.to_string(),
                target: "chrono::DateTime<Utc>",
            })
    }
}

/// Writes like [`Date`]: `"2023-01-02"`; a year outside 1–9999 is
/// [`ValueError::InvalidDate`].
impl ToAttio for NaiveDate {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::Date];
    fn to_attio(&self) -> Result<Value, ValueError> {
        date_from_parts(self.year(), self.month(), self.day())?.to_attio()
    }
}

/// Reads a `date` value.
impl FromAttio for NaiveDate {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        let date = Date::from_attio(value)?;
        NaiveDate::from_ymd_opt(
            i32::from(date.year()),
            u32::from(date.month().unsigned_abs()),
            u32::from(date.day().unsigned_abs()),
        )
        .ok_or_else(|| DecodeErrorKind::OutOfRange {
            value: date.to_string(),
            target: "chrono::NaiveDate",
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::value::ext::read_back;

    fn utc(seconds: i64, nanos: u32) -> DateTime<Utc> {
        DateTime::from_timestamp(seconds, nanos).expect("in chrono's range")
    }

    fn day(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).expect("a day")
    }

    #[test]
    fn timestamps_keep_nanoseconds_both_ways() {
        for at in [
            utc(1_669_036_969, 61_281_001),
            utc(-1, 500_000_000),
            utc(0, 0),
        ] {
            let written = at.to_attio().expect("writable");
            assert_eq!(read_back::<DateTime<Utc>>("timestamp", written), Ok(at));
        }
        assert_eq!(
            utc(1_669_036_969, 61_281_001).to_attio(),
            Ok(json!("2022-11-21T13:22:49.061281001Z"))
        );
        assert_eq!(
            utc(-1, 500_000_000).to_attio(),
            Ok(json!("1969-12-31T23:59:59.500000000Z"))
        );
    }

    #[test]
    fn leap_seconds_and_far_years_are_typed_errors() {
        let leap = day(2016, 12, 31)
            .and_hms_nano_opt(23, 59, 59, 1_500_000_000)
            .expect("a leap second")
            .and_utc();
        let error = leap.to_attio().unwrap_err();
        assert!(
            matches!(error, ValueError::InvalidTimestamp { .. }),
            "{error}"
        );
        assert!(error.to_string().contains("leap second"), "{error}");
        for year in [10_000, -10_000] {
            let far = day(year, 1, 1)
                .and_hms_opt(0, 0, 0)
                .expect("a time")
                .and_utc();
            let error = far.to_attio().unwrap_err();
            assert!(
                matches!(error, ValueError::InvalidTimestamp { .. }),
                "{error}"
            );
        }
    }

    #[test]
    fn dates_write_and_read_back() {
        assert_eq!(day(2023, 1, 2).to_attio(), Ok(json!("2023-01-02")));
        for date in [day(1, 1, 1), day(2024, 2, 29), day(9999, 12, 31)] {
            let written = date.to_attio().expect("writable");
            assert_eq!(read_back::<NaiveDate>("date", written), Ok(date));
        }
    }

    #[test]
    fn dates_outside_attio_years_are_typed_errors() {
        for date in [
            day(0, 1, 1),
            day(-44, 3, 15),
            day(10_000, 1, 1),
            NaiveDate::MAX,
        ] {
            let error = date.to_attio().unwrap_err();
            assert!(
                matches!(error, ValueError::InvalidDate { .. }),
                "{date}: {error}"
            );
        }
    }

    #[test]
    fn other_types_are_wrong_type() {
        let error = read_back::<DateTime<Utc>>("text", json!("2023-01-02T00:00:00Z"));
        assert!(
            matches!(error, Err(DecodeErrorKind::WrongType { .. })),
            "{error:?}"
        );
        let error = read_back::<NaiveDate>("timestamp", json!("2023-01-02T00:00:00Z"));
        assert!(
            matches!(error, Err(DecodeErrorKind::WrongType { .. })),
            "{error:?}"
        );
    }
}
