//! `phone-number` values: [`PhoneNumber`].

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::{DecodeErrorKind, ValueError};
use crate::record::{AttributeValue, TypedValue};
use crate::value::convert::wrong_type;
use crate::value::country::check_country_code;
use crate::value::{FromAttio, ToAttio};

/// E.164 numbers have at most 15 digits.
const MAX_DIGITS: usize = 15;
/// Shorter than this is not a dialable number anywhere.
const MIN_DIGITS: usize = 3;

/// A phone number, written and read as a `phone-number` value.
///
/// Written as `{"original_phone_number": ..., "country_code": ...}`: either an
/// international number starting with `+` ([`PhoneNumber::new`]), or a national number
/// with its country ([`PhoneNumber::with_country`]). Attio normalizes it to E.164; values
/// read back carry that form in [`PhoneNumber::normalized`].
///
/// The constructors check the shape (digits with common separators, 3–15 digits, a
/// two-letter country code); whether the number exists is Attio's check.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber {
    original: String,
    country_code: Option<String>,
    normalized: Option<String>,
}

impl PhoneNumber {
    /// An international number such as `+44 7777 777777`.
    ///
    /// # Errors
    /// [`ValueError::InvalidPhoneNumber`] when it does not start with `+` or is not a
    /// phone number.
    pub fn new(number: impl Into<String>) -> Result<Self, ValueError> {
        let number = number.into();
        if !number.trim_start().starts_with('+') {
            return Err(ValueError::InvalidPhoneNumber {
                value: number,
                reason: "no country: start with `+` or use `PhoneNumber::with_country`".into(),
            });
        }
        check_number(&number)?;
        Ok(Self {
            original: number,
            country_code: None,
            normalized: None,
        })
    }

    /// A number as dialled in the country `country_code` (ISO 3166-1 alpha-2, e.g. `GB`
    /// for `07777 777777`).
    ///
    /// # Errors
    /// [`ValueError::InvalidPhoneNumber`] or [`ValueError::InvalidCountryCode`].
    pub fn with_country(
        number: impl Into<String>,
        country_code: impl Into<String>,
    ) -> Result<Self, ValueError> {
        let (number, country_code) = (number.into(), country_code.into());
        check_number(&number)?;
        check_country_code(&country_code)?;
        Ok(Self {
            original: number,
            country_code: Some(country_code),
            normalized: None,
        })
    }

    /// The number as it was written.
    pub fn original(&self) -> &str {
        &self.original
    }

    /// The country code, if given or returned by Attio.
    pub fn country_code(&self) -> Option<&str> {
        self.country_code.as_deref()
    }

    /// The E.164 form (`+447777777777`), on values read back from Attio.
    pub fn normalized(&self) -> Option<&str> {
        self.normalized.as_deref()
    }
}

/// Checks the characters and digit count of a phone number.
fn check_number(number: &str) -> Result<(), ValueError> {
    let invalid = |reason: &str| ValueError::InvalidPhoneNumber {
        value: number.to_owned(),
        reason: reason.to_owned(),
    };
    let body = number.trim().strip_prefix('+').unwrap_or(number.trim());
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'))
    {
        return Err(invalid(
            "only digits, a leading `+`, spaces, `-`, `.` and parentheses are allowed",
        ));
    }
    let digits = body.chars().filter(char::is_ascii_digit).count();
    if !(MIN_DIGITS..=MAX_DIGITS).contains(&digits) {
        return Err(invalid("a phone number has 3 to 15 digits"));
    }
    Ok(())
}

/// Writes `{"original_phone_number": ..., "country_code": ... or null}`.
impl ToAttio for PhoneNumber {
    fn to_attio(&self) -> Result<Value, ValueError> {
        let mut object = Map::new();
        object.insert(
            "original_phone_number".into(),
            Value::String(self.original.clone()),
        );
        object.insert(
            "country_code".into(),
            self.country_code.clone().map_or(Value::Null, Value::String),
        );
        Ok(Value::Object(object))
    }
}

/// Reads a `phone-number` value.
impl FromAttio for PhoneNumber {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        match &value.value {
            TypedValue::PhoneNumber(phone) => Ok(phone.clone()),
            _ => Err(wrong_type("phone-number", value)),
        }
    }
}

impl serde::Serialize for PhoneNumber {
    /// The read form: `original_phone_number`, `country_code`, `phone_number`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut state = serializer.serialize_struct("PhoneNumber", 3)?;
        state.serialize_field("original_phone_number", &self.original)?;
        state.serialize_field("country_code", &self.country_code)?;
        state.serialize_field("phone_number", &self.normalized)?;
        state.end()
    }
}

impl<'de> Deserialize<'de> for PhoneNumber {
    /// Deserializes the read form without validating it (Attio already has).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wire {
            original_phone_number: String,
            #[serde(default)]
            country_code: Option<String>,
            #[serde(default)]
            phone_number: Option<String>,
        }
        let wire = Wire::deserialize(deserializer)?;
        Ok(Self {
            original: wire.original_phone_number,
            country_code: wire.country_code,
            normalized: wire.phone_number,
        })
    }
}
