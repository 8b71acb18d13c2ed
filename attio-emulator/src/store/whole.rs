//! Whole numbers where Attio's OpenAPI spec types a field `number` but means an integer
//! (`limit` and `offset` of a records query, a rating's stars): any JSON number with an
//! integral value is that integer, so `1`, `1.0`, `1e0` and `-0.0` read alike. The spec's
//! `integer` query-string parameters (`limit`, `offset` of the list endpoints) read the
//! same way, as JSON number literals.

use serde_json::{Number, Value};

use crate::error::ApiError;

/// What a JSON number is when an integer is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Whole {
    /// An integral value of zero or more (saturated at `u64::MAX`, e.g. `1e300`).
    NonNegative(u64),
    /// An integral value below zero.
    Negative,
    /// A value with a fractional part.
    Fraction,
}

/// Reads `n` as a whole number.
pub(crate) fn whole(n: &Number) -> Whole {
    if let Some(u) = n.as_u64() {
        return Whole::NonNegative(u);
    }
    if n.is_i64() {
        return Whole::Negative;
    }
    // Without serde_json's `arbitrary_precision` every other number is a finite f64.
    let f = n.as_f64().unwrap_or(f64::NAN);
    if f.fract() != 0.0 || !f.is_finite() {
        Whole::Fraction
    } else if f < 0.0 {
        Whole::Negative
    } else {
        // `as` saturates: an integral value beyond u64 is as good as u64::MAX for a count.
        Whole::NonNegative(f as u64)
    }
}

/// A count at `path` (`limit`, `offset`): a JSON number with a non-negative integral
/// value. A fraction or a negative number is the validation error Attio's zod-style
/// validation gives (`invalid_type` "Expected integer, received float" / `too_small`);
/// another JSON type is `invalid_type` expecting `number`.
pub(crate) fn count(value: &Value, path: &[&str]) -> Result<usize, ApiError> {
    let Value::Number(n) = value else {
        return Err(ApiError::wrong_type(path, "number", value));
    };
    match whole(n) {
        Whole::NonNegative(u) => Ok(usize::try_from(u).unwrap_or(usize::MAX)),
        Whole::Negative => Err(ApiError::validation(
            path,
            "too_small",
            "Number must be greater than or equal to 0",
        )),
        Whole::Fraction => {
            let mut err =
                ApiError::validation(path, "invalid_type", "Expected integer, received float");
            if let Some(issue) = err.validation_errors.first_mut() {
                issue.expected = Some("integer".to_owned());
                issue.received = Some("float".to_owned());
            }
            Err(err)
        }
    }
}

/// A count given as the query-string parameter `key`: a JSON number literal (`5`, `5.0`,
/// `5e0`; not `+5`, ` 5` or `inf`) read by [`count`].
pub(crate) fn count_param(text: &str, key: &str) -> Result<usize, ApiError> {
    // serde_json allows whitespace around a value; a parameter is the literal alone.
    let literal = (!text.bytes().any(|b| b.is_ascii_whitespace()))
        .then(|| serde_json::from_str::<Number>(text).ok())
        .flatten();
    match literal {
        Some(n) => count(&Value::Number(n), &[key]),
        None => Err(ApiError::wrong_type(
            &[key],
            "number",
            &Value::String(text.to_owned()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integral_values_of_any_form_are_whole() {
        for (text, expected) in [
            ("0", Whole::NonNegative(0)),
            ("-0.0", Whole::NonNegative(0)),
            ("1.0", Whole::NonNegative(1)),
            ("1e2", Whole::NonNegative(100)),
            ("18446744073709551615", Whole::NonNegative(u64::MAX)),
            ("1e300", Whole::NonNegative(u64::MAX)),
            ("-1", Whole::Negative),
            ("-1e0", Whole::Negative),
            ("-9223372036854775809", Whole::Negative),
            ("1.5", Whole::Fraction),
            ("-0.5", Whole::Fraction),
            ("5e-324", Whole::Fraction),
        ] {
            let n: Number = serde_json::from_str(text).unwrap();
            assert_eq!(whole(&n), expected, "{text}");
        }
    }

    #[test]
    fn counts_and_their_errors() {
        assert_eq!(count(&json!(2.0), &["limit"]), Ok(2));
        let code = |v: Value| {
            count(&v, &["limit"]).unwrap_err().validation_errors[0]
                .code
                .clone()
        };
        assert_eq!(code(json!(2.5)), "invalid_type");
        assert_eq!(code(json!(-2)), "too_small");
        assert_eq!(code(json!("2")), "invalid_type");
        assert_eq!(count_param("3.0", "offset"), Ok(3));
        for bad in ["+3", " 3", "3 ", "inf", "NaN", "three", "", "1e400"] {
            assert!(count_param(bad, "offset").is_err(), "{bad:?}");
        }
    }
}
