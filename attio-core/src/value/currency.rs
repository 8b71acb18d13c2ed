//! `currency` values: [`Currency`], an exact amount with up to 4 decimal places, and
//! [`CurrencyValue`], the read form with the attribute's currency code.

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use crate::error::{DecodeErrorKind, ValueError};
use crate::record::{AttributeValue, TypedValue};
use crate::value::convert::wrong_type;
use crate::value::{FromAttio, ToAttio};

/// Decimal places Attio keeps for a currency amount.
const DECIMALS: u8 = 4;
/// 10^DECIMALS.
const SCALE: i64 = 10_000;
/// Amounts whose count of ten-thousandths is below this have at most 15 significant
/// digits, so the nearest 64-bit float prints back as exactly the same decimal.
const EXACT_AS_FLOAT: i64 = 1_000_000_000_000_000;

/// An amount of money with up to four decimal places, stored exactly as a count of
/// ten-thousandths of the currency unit (no float rounding: `0.1 + 0.2` stays `0.3`).
///
/// The currency itself is part of the attribute's configuration in Attio and cannot be
/// written per value; reading a [`CurrencyValue`] gives the code back.
///
/// ```
/// use attio_core::value::Currency;
/// let price: Currency = "4.99".parse().unwrap();
/// assert_eq!(price.ten_thousandths(), 49_900);
/// assert!("4.99999".parse::<Currency>().is_err()); // more than 4 decimals
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Currency(i64);

impl Currency {
    /// The amount `ten_thousandths` / 10 000 (e.g. `49_900` is `4.99`).
    pub const fn from_ten_thousandths(ten_thousandths: i64) -> Self {
        Self(ten_thousandths)
    }

    /// The amount in ten-thousandths of the unit.
    pub const fn ten_thousandths(&self) -> i64 {
        self.0
    }

    /// A whole amount of `units`.
    ///
    /// # Errors
    /// [`ValueError::InvalidDecimal`] beyond about ±922 trillion units.
    pub fn from_units(units: i64) -> Result<Self, ValueError> {
        units
            .checked_mul(SCALE)
            .map(Self)
            .ok_or_else(|| ValueError::InvalidDecimal {
                value: units.to_string(),
                reason: "out of range".into(),
            })
    }

    /// The amount as the nearest `f64` (for display or arithmetic where rounding is fine).
    pub fn to_f64(&self) -> f64 {
        self.0 as f64 / SCALE as f64
    }
}

impl From<i32> for Currency {
    /// A whole amount of units.
    fn from(units: i32) -> Self {
        Self(i64::from(units) * SCALE)
    }
}

impl TryFrom<f64> for Currency {
    type Error = ValueError;

    /// The amount the float shows (its shortest decimal form, so `4.99` is exactly 4.99).
    ///
    /// # Errors
    /// [`ValueError::NotFinite`], [`ValueError::TooManyDecimals`], or
    /// [`ValueError::InvalidDecimal`] when out of range.
    fn try_from(amount: f64) -> Result<Self, Self::Error> {
        if !amount.is_finite() {
            return Err(ValueError::NotFinite { value: amount });
        }
        // Rust prints the shortest decimal that round-trips, without an exponent.
        amount.to_string().parse()
    }
}

impl FromStr for Currency {
    type Err = ValueError;

    /// Parses a decimal such as `4.99`, `-12`, `+0.0001` or `1.5e3`.
    ///
    /// # Errors
    /// [`ValueError::TooManyDecimals`] beyond four decimal places,
    /// [`ValueError::InvalidDecimal`] for anything that is not a decimal number or is out
    /// of range (about ±922 trillion units).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse_scaled(text).map(Self)
    }
}

/// Parses `text` into a count of ten-thousandths.
///
/// Hand-written rather than using a decimal crate: the one operation needed is an exact
/// parse into a fixed scale, which is a few lines.
fn parse_scaled(text: &str) -> Result<i64, ValueError> {
    let invalid = |reason: &str| ValueError::InvalidDecimal {
        value: text.to_owned(),
        reason: reason.to_owned(),
    };
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => {
            let exponent: i32 = text[at + 1..]
                .parse()
                .map_err(|_| invalid("bad exponent"))?;
            (&text[..at], exponent)
        }
        None => (text, 0),
    };
    let (negative, unsigned) = match mantissa.as_bytes().first() {
        Some(b'-') => (true, &mantissa[1..]),
        Some(b'+') => (false, &mantissa[1..]),
        _ => (false, mantissa),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !all_digits(whole) || !all_digits(fraction) {
        return Err(invalid("not digits with an optional `.` and sign"));
    }
    // value = digits × 10^-(scale), with trailing zeros dropped so `1.50000` is fine.
    let digits = format!("{whole}{fraction}");
    let trimmed = digits.trim_end_matches('0');
    let dropped = i64::try_from(digits.len() - trimmed.len()).map_err(|_| invalid("too long"))?;
    let scale = i64::try_from(fraction.len()).map_err(|_| invalid("too long"))?
        - i64::from(exponent)
        - dropped;
    if scale > i64::from(DECIMALS) {
        return Err(ValueError::TooManyDecimals {
            value: text.to_owned(),
            max: DECIMALS,
        });
    }
    let significant = trimmed.trim_start_matches('0');
    let out_of_range = || invalid("out of range");
    if significant.is_empty() {
        return Ok(0);
    }
    let shift = u32::try_from(i64::from(DECIMALS) - scale).map_err(|_| out_of_range())?;
    let magnitude: i128 = significant.parse().map_err(|_| out_of_range())?;
    let scaled = 10_i128
        .checked_pow(shift)
        .and_then(|factor| magnitude.checked_mul(factor))
        .ok_or_else(out_of_range)?;
    let signed = if negative { -scaled } else { scaled };
    i64::try_from(signed).map_err(|_| out_of_range())
}

impl fmt::Display for Currency {
    /// The shortest exact decimal: `4.99`, `-0.5`, `12`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let magnitude = self.0.unsigned_abs();
        let (units, fraction) = (magnitude / SCALE as u64, magnitude % SCALE as u64);
        if fraction == 0 {
            return write!(f, "{sign}{units}");
        }
        let fraction = format!("{fraction:04}");
        write!(f, "{sign}{units}.{}", fraction.trim_end_matches('0'))
    }
}

impl serde::Serialize for Currency {
    /// A JSON number when it prints back exactly, else a decimal string.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.unsigned_abs() < EXACT_AS_FLOAT as u64 {
            serializer.serialize_f64(self.to_f64())
        } else {
            serializer.collect_str(self)
        }
    }
}

impl<'de> serde::Deserialize<'de> for Currency {
    /// Deserializes a number or a decimal string with at most 4 decimal places.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Currency;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal amount with at most 4 decimal places")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Currency, E> {
                v.to_string().parse().map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Currency, E> {
                v.to_string().parse().map_err(E::custom)
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Currency, E> {
                Currency::try_from(v).map_err(E::custom)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Currency, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// Writes the amount as a number (a decimal string when a float could not carry it
/// exactly, which Attio also accepts).
impl ToAttio for Currency {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::Currency];
    fn to_attio(&self) -> Result<Value, ValueError> {
        serde_json::to_value(self).map_err(|error| ValueError::Invalid(error.to_string()))
    }
}

/// Reads a `currency` value's amount, or a `number` value with at most 4 decimals.
impl FromAttio for Currency {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        match &value.value {
            TypedValue::Currency(currency) => Ok(currency.currency_value),
            TypedValue::Number(number) => Ok(number.to_string().parse::<Currency>()?),
            _ => Err(wrong_type("currency", value)),
        }
    }
}

/// A `currency` value as Attio returns it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
pub struct CurrencyValue {
    /// The amount.
    pub currency_value: Currency,
    /// The ISO 4217 code from the attribute's configuration (`USD`), if it has one.
    #[serde(default)]
    pub currency_code: Option<String>,
}

/// Reads a `currency` value with its code.
impl FromAttio for CurrencyValue {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        match &value.value {
            TypedValue::Currency(currency) => Ok(currency.clone()),
            _ => Err(wrong_type("currency", value)),
        }
    }
}
