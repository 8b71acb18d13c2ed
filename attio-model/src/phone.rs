//! Phone numbers: the shape Attio's E.164 validation of a `phone-number` value needs
//! (whether a number is assigned is Attio's own check).
//!
//! - Only ASCII digits, spaces, `-`, `.`, `(` and `)` are allowed, after an optional
//!   leading `+`; surrounding whitespace is ignored.
//! - An **international** number (leading `+`) has 7 to 15 digits (E.164 allows at most
//!   15, ITU-T E.164 §6.1; no number in use has fewer than 7: a 3-digit calling code and a
//!   4-digit subscriber number, Niue `+683 xxxx`) and does not start with `0` (no country
//!   calling code does).
//! - A **national** number (no `+`, written with a [country](crate::country)) has 4 to 12
//!   digits, not counting one leading trunk-prefix `0`, so that with any calling code (1–3
//!   digits) its E.164 form has at most 15 digits.

use std::ops::RangeInclusive;

/// Digits of an international number (ITU-T E.164 §6.1; none in use has fewer than 7).
pub const INTERNATIONAL_DIGITS: RangeInclusive<usize> = 7..=15;
/// Digits of a national significant number (after one trunk-prefix `0`) that fit E.164
/// after any calling code of 1–3 digits (the shortest in use: Niue, Tokelau).
pub const NATIONAL_DIGITS: RangeInclusive<usize> = 4..=12;

/// The digits of a number that passed the [rules](self).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Digits {
    /// Written with `+`: the calling code and subscriber number, without the `+`.
    International(String),
    /// Written without `+`: the national significant number, without a trunk `0`.
    National(String),
}

/// The digits of `number` under the [rules](self), or why it breaks them.
///
/// # Errors
/// The reason, in words.
pub fn digits(number: &str) -> Result<Digits, &'static str> {
    let trimmed = number.trim();
    let (international, body) = match trimmed.strip_prefix('+') {
        Some(body) => (true, body),
        None => (false, trimmed),
    };
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'))
    {
        return Err("only digits, a leading `+`, spaces, `-`, `.` and parentheses are allowed");
    }
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    if international {
        if !INTERNATIONAL_DIGITS.contains(&digits.len()) {
            return Err("an international number has 7 to 15 digits");
        }
        if digits.starts_with('0') {
            return Err("no country calling code starts with 0");
        }
        Ok(Digits::International(digits))
    } else {
        let national = digits.strip_prefix('0').unwrap_or(&digits);
        if !NATIONAL_DIGITS.contains(&national.len()) {
            return Err("a national number has 4 to 12 digits after a leading 0; \
                 write longer numbers in international form (`+…`)");
        }
        Ok(Digits::National(national.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn international_and_national_digits() {
        assert_eq!(
            digits(" +44 (20) 7946-0958 "),
            Ok(Digits::International("442079460958".into()))
        );
        assert_eq!(
            digits("+683 4002"),
            Ok(Digits::International("6834002".into()))
        );
        assert_eq!(
            digits("07777 777777"),
            Ok(Digits::National("7777777777".into()))
        );
        assert_eq!(digits("4002"), Ok(Digits::National("4002".into())));
        for bad in [
            "+123",
            "+044 1234 5678",
            "1+44 7777 777777",
            "+44 call me",
            "123",
            "1234 5678 90123",
            "+1234567890123456",
        ] {
            assert!(digits(bad).is_err(), "{bad}");
        }
    }
}
