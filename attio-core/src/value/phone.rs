//! `phone-number` values: [`PhoneNumber`].

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::{DecodeErrorKind, ValueError};
use crate::record::{AttributeValue, TypedValue};
use crate::value::convert::wrong_type;
use crate::value::country::check_country_code;
use crate::value::{FromAttio, ToAttio};
use attio_model::country::has_numbering_plan;

/// A phone number, written and read as a `phone-number` value.
///
/// Written as `{"original_phone_number": ..., "country_code": ...}`: either an
/// international number starting with `+` ([`PhoneNumber::new`]), or a national number
/// with its country ([`PhoneNumber::with_country`]). Attio normalizes it to E.164; values
/// read back carry that form in [`PhoneNumber::normalized`].
///
/// # Rules
/// The constructors check the shape Attio's E.164 validation needs; whether the number is
/// assigned is Attio's check. Surrounding whitespace is ignored by the checks and kept in
/// [`original`](PhoneNumber::original).
/// - Only ASCII digits, spaces, `-`, `.`, `(` and `)` are allowed, after an optional
///   leading `+`.
/// - An **international** number (leading `+`) has 7 to 15 digits (E.164 allows at most
///   15; no number in use has fewer than 7) and its first digit, the start of the country
///   calling code, is not `0` (no calling code starts with `0`). `+123` is rejected.
/// - A **national** number (no `+`, only with [`PhoneNumber::with_country`]) has 4 to 12
///   digits, not counting one leading trunk-prefix `0`, so that with any calling code (1–3
///   digits) its E.164 form has at most 15 digits. Longer numbers are written in
///   international form.
/// - A **country code** is an assigned ISO 3166-1 alpha-2 code in upper case (or `XK`,
///   Kosovo), like [`Location`](crate::Location)'s, which has a telephone numbering plan:
///   `AQ`, `BV`, `GS`, `HM`, `PN`, `TF` and `UM` have none of their own and are rejected,
///   as is an unassigned code such as `ZZ`.
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
    /// for `07777 777777`), or an international number with a country hint.
    ///
    /// # Errors
    /// [`ValueError::InvalidCountryCode`] for a code that is not assigned, and
    /// [`ValueError::InvalidPhoneNumber`] for a number breaking the [rules](PhoneNumber#rules)
    /// or a country without a telephone numbering plan.
    pub fn with_country(
        number: impl Into<String>,
        country_code: impl Into<String>,
    ) -> Result<Self, ValueError> {
        let (number, country_code) = (number.into(), country_code.into());
        check_number(&number)?;
        check_country_code(&country_code)?;
        if !has_numbering_plan(&country_code) {
            return Err(ValueError::InvalidPhoneNumber {
                value: number,
                reason: format!(
                    "{country_code} has no telephone numbering plan of its own; \
                     write the number in international form"
                ),
            });
        }
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

/// Checks the characters and digit count of a phone number (international when it
/// starts with `+`, national otherwise) by attio-model's rule, the emulator's too.
fn check_number(number: &str) -> Result<(), ValueError> {
    attio_model::phone::digits(number)
        .map(drop)
        .map_err(|reason| ValueError::InvalidPhoneNumber {
            value: number.to_owned(),
            reason: reason.to_owned(),
        })
}

/// Writes `{"original_phone_number": ..., "country_code": ... or null}`.
impl ToAttio for PhoneNumber {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::PhoneNumber];
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
