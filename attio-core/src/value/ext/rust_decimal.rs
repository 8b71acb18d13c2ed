//! `rust_decimal` field type (feature `rust_decimal`): `Decimal` as a `currency` amount,
//! also read from a `number`.
//!
//! # How `Decimal` maps
//! - **Writing** follows [`Currency`]'s rules exactly (the value goes through
//!   [`Currency`]'s parser): at most 4 decimal places after trailing zeros are dropped
//!   (`4.9900` is fine, `4.99999` is [`ValueError::TooManyDecimals`]; round it first with
//!   `round_dp(4)`), within about ±922 trillion units (beyond is
//!   [`ValueError::InvalidDecimal`]). It is written as a JSON number when a 64-bit float
//!   carries it exactly (up to 15 significant digits), else as a decimal string, which
//!   Attio accepts for a currency. A value below 10¹¹ in magnitude is always a number, so
//!   such a `Decimal` can also be written to a `number` attribute.
//! - **Reading** a `currency` value gives its amount exactly; reading a `number` value gives
//!   the decimal the number prints as (its shortest round-trip form: `0.1` is exactly
//!   `0.1`, not the float's binary expansion), with any number of decimals a `Decimal`
//!   holds; beyond that (more than 28 decimals or about ±7.9·10²⁸) is
//!   [`DecodeErrorKind::OutOfRange`]. The value read is normalised (no trailing zeros),
//!   and compares equal to the one written.
//!
//! For numbers with more than 4 decimals that may be rounded, use `f64`.

use std::str::FromStr;

use ::rust_decimal::Decimal;
use serde_json::{Number, Value};

use crate::error::{DecodeErrorKind, ValueError};
use crate::record::{AttributeValue, TypedValue};
use crate::value::convert::wrong_type;
use crate::value::{Currency, FromAttio, ToAttio};

/// Decimal places in [`Currency::ten_thousandths`].
const CURRENCY_SCALE: u32 = 4;

/// Writes a currency amount like [`Currency`]; see [how `Decimal` maps](self).
impl ToAttio for Decimal {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::Number];
    fn to_attio(&self) -> Result<Value, ValueError> {
        // `Decimal` prints plain digits (never an exponent), which `Currency` parses exactly.
        Currency::from_str(&self.to_string())?.to_attio()
    }
}

/// Reads a `currency` amount or a `number`; see [how `Decimal` maps](self).
impl FromAttio for Decimal {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        match &value.value {
            TypedValue::Currency(currency) => Ok(Decimal::new(
                currency.currency_value.ten_thousandths(),
                CURRENCY_SCALE,
            )
            .normalize()),
            TypedValue::Number(number) => from_number(number),
            _ => Err(wrong_type("currency", value)),
        }
    }
}

/// The decimal a JSON number prints as.
fn from_number(number: &Number) -> Result<Decimal, DecodeErrorKind> {
    if let Some(int) = number.as_i64() {
        return Ok(Decimal::from(int));
    }
    if let Some(int) = number.as_u64() {
        return Ok(Decimal::from(int));
    }
    // serde_json prints a float's shortest round-trip form, with an exponent when large
    // or small (`1e20`, `1e-7`).
    let text = number.to_string();
    let parsed = if text.contains(['e', 'E']) {
        Decimal::from_scientific(&text)
    } else {
        Decimal::from_str_exact(&text)
    };
    parsed
        .map(|decimal| decimal.normalize())
        .map_err(|_| DecodeErrorKind::OutOfRange {
            value: text,
            target: "rust_decimal::Decimal",
        })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::value::ext::read_back;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str_exact(text).expect("a decimal")
    }

    #[test]
    fn writes_like_currency_and_reads_back_equal() {
        assert_eq!(dec("4.99").to_attio(), Ok(json!(4.99)));
        assert_eq!(dec("4.9900").to_attio(), Ok(json!(4.99)));
        assert_eq!(dec("-12").to_attio(), Ok(json!(-12.0)));
        assert_eq!(dec("0.0001").to_attio(), Ok(json!(0.0001)));
        for text in [
            "4.99",
            "-0.0001",
            "0",
            "99999999999.9999",
            "922337203685477.5807",
        ] {
            let amount = dec(text);
            let written = amount.to_attio().expect("writable");
            assert_eq!(
                read_back::<Decimal>("currency", written),
                Ok(amount),
                "{text}"
            );
        }
        // Beyond 15 significant digits the amount is sent as an exact decimal string.
        assert_eq!(
            dec("922337203685477.5807").to_attio(),
            Ok(json!("922337203685477.5807"))
        );
    }

    #[test]
    fn currency_rules_are_typed_errors() {
        let error = dec("4.99999").to_attio().unwrap_err();
        assert!(
            matches!(error, ValueError::TooManyDecimals { max: 4, .. }),
            "{error}"
        );
        assert!(dec("4.99999").round_dp(4).to_attio().is_ok());
        for big in [
            "922337203685478",
            "-922337203685478",
            "79228162514264337593543950335",
        ] {
            let error = dec(big).to_attio().unwrap_err();
            assert!(
                matches!(error, ValueError::InvalidDecimal { .. }),
                "{big}: {error}"
            );
        }
    }

    #[test]
    fn reads_numbers_as_the_decimal_they_print_as() {
        assert_eq!(read_back::<Decimal>("number", json!(0.1)), Ok(dec("0.1")));
        assert_eq!(read_back::<Decimal>("number", json!(42)), Ok(dec("42")));
        assert_eq!(
            read_back::<Decimal>("number", json!(u64::MAX)),
            Ok(Decimal::from(u64::MAX))
        );
        assert_eq!(
            read_back::<Decimal>("number", json!(1.234_567_89)),
            Ok(dec("1.23456789"))
        );
        assert_eq!(
            read_back::<Decimal>("number", json!(1e20)),
            Ok(dec("100000000000000000000"))
        );
        assert_eq!(
            read_back::<Decimal>("number", json!(1e-7)),
            Ok(dec("0.0000001"))
        );
        for beyond in [json!(1e30), json!(1e-30)] {
            let error = read_back::<Decimal>("number", beyond.clone()).unwrap_err();
            assert!(
                matches!(error, DecodeErrorKind::OutOfRange { .. }),
                "{beyond}: {error}"
            );
        }
        let error = read_back::<Decimal>("text", json!("4.99")).unwrap_err();
        assert!(
            matches!(error, DecodeErrorKind::WrongType { .. }),
            "{error}"
        );
    }
}
