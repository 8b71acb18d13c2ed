//! Field types from other crates, each behind the cargo feature of `attio-core` named after
//! the crate (all off by default):
//!
//! | Feature | Rust type | Attio type | Written as | Also read from |
//! |---|---|---|---|---|
//! | `chrono` | `chrono::DateTime<Utc>` | `timestamp` | like [`Timestamp`] | |
//! | `chrono` | `chrono::NaiveDate` | `date` | like [`Date`] | |
//! | `time` | `time::OffsetDateTime`, `time::UtcDateTime` | `timestamp` | like [`Timestamp`] (in UTC) | |
//! | `time` | `time::Date` | `date` | like [`Date`] | |
//! | `uuid` | `uuid::Uuid` | `text` | `"67e55044-10b1-426f-9247-bb680e5fe0c8"` | |
//! | `rust_decimal` | `rust_decimal::Decimal` | `currency` | like [`Currency`] (at most 4 decimals) | `number` |
//! | `url` | `url::Url` | `text` | `"https://attio.com/"` | |
//!
//! ```toml
//! [dependencies]
//! attio-core = { version = "0.1", features = ["chrono", "uuid"] }
//! ```
//!
//! Why these Attio types: a `Decimal` is exact, like Attio's `currency` amounts (and unlike
//! its `number`, a float), so it is written with [`Currency`]'s rules; it also reads a
//! `number`, and one with at most 4 decimals can be written to a `number` attribute. A `Url`
//! is `text`, not `domain`: a `domain` holds a host only, so a URL would not read back
//! (`Domain::try_from(&url)` takes its host). A `Uuid` is `text` (Attio has no UUID type).
//! Each enabled crate is re-exported at the crate root (`attio_core::chrono`, ...).
//!
//! Each conversion keeps the guarantees of the built-in type it writes like: nanosecond
//! timestamps and days that read back equal, and values Attio would reject (a year
//! outside 1–9999, a fifth decimal) rejected as a typed [`ValueError`] before any request.
//! Every module below documents its rules (it holds only the trait impls).
//!
//! [`Timestamp`]: crate::value::Timestamp
//! [`Date`]: crate::value::Date
//! [`Currency`]: crate::value::Currency
//! [`ValueError`]: crate::ValueError

#[cfg(feature = "chrono")]
pub mod chrono;
#[cfg(feature = "rust_decimal")]
pub mod rust_decimal;
#[cfg(feature = "time")]
pub mod time;
#[cfg(feature = "url")]
pub mod url;
#[cfg(feature = "uuid")]
pub mod uuid;

#[cfg(any(feature = "chrono", feature = "time"))]
use crate::error::ValueError;
#[cfg(any(feature = "uuid", feature = "url"))]
use crate::{
    error::DecodeErrorKind,
    record::{AttributeValue, TypedValue},
};

/// The [`Timestamp`](crate::value::Timestamp) `nanos` after the Unix epoch, or
/// [`ValueError::InvalidTimestamp`] showing `shown` when it is out of range.
#[cfg(any(feature = "chrono", feature = "time"))]
fn timestamp_from_nanos(
    nanos: i128,
    shown: &dyn std::fmt::Display,
) -> Result<crate::value::Timestamp, ValueError> {
    crate::value::Timestamp::from_unix_nanos(nanos).ok_or_else(|| ValueError::InvalidTimestamp {
        value: shown.to_string(),
        reason: "outside the years -9999 to 9999 that a timestamp covers".into(),
    })
}

/// The [`Date`](crate::value::Date) `year-month-day`; a year outside 1–9999 is
/// [`ValueError::InvalidDate`].
#[cfg(any(feature = "chrono", feature = "time"))]
fn date_from_parts(year: i32, month: u32, day: u32) -> Result<crate::value::Date, ValueError> {
    match (i16::try_from(year), i8::try_from(month), i8::try_from(day)) {
        (Ok(year), Ok(month), Ok(day)) => crate::value::Date::new(year, month, day),
        _ => Err(ValueError::InvalidDate {
            value: format!("{year:04}-{month:02}-{day:02}"),
            reason: "the year must be between 1 and 9999".into(),
        }),
    }
}

/// The text of a `text` value (types parsed from text read nothing else).
#[cfg(any(feature = "uuid", feature = "url"))]
fn text_of(value: &AttributeValue) -> Result<&str, DecodeErrorKind> {
    match &value.value {
        TypedValue::Text(text) => Ok(text),
        _ => Err(crate::value::convert::wrong_type("text", value)),
    }
}

/// Shared by the modules' tests: reads a `T` from what was `written`, stored the way Attio
/// returns a current value of `attribute_type`.
#[cfg(all(
    test,
    any(
        feature = "chrono",
        feature = "time",
        feature = "uuid",
        feature = "rust_decimal",
        feature = "url"
    )
))]
fn read_back<T: crate::value::FromAttio>(
    attribute_type: &str,
    written: serde_json::Value,
) -> Result<T, crate::DecodeErrorKind> {
    let key = match attribute_type {
        "currency" => "currency_value",
        _ => "value",
    };
    let mut stored = serde_json::json!({
        "active_from": "2023-01-01T15:00:00.000000000Z",
        "active_until": null,
        "created_by_actor": { "type": "api-token", "id": null },
        "attribute_type": attribute_type,
    });
    stored[key] = written;
    let stored: crate::record::AttributeValue =
        serde_json::from_value(stored).expect("a stored value");
    T::from_attio(&stored)
}
