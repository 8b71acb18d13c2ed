//! `email-address` values: [`Email`] (write and read) and [`EmailAddressValue`] (the read
//! form with Attio's derived parts).

use std::fmt;
use std::str::FromStr;

use email_address::{EmailAddress, Options};
use serde_json::Value;

use crate::error::{DecodeErrorKind, ValueError};
use crate::record::{AttributeValue, TypedValue};
use crate::value::convert::wrong_type;
use crate::value::{FromAttio, ToAttio};

/// A validated email address, written as an `email-address` value.
///
/// Validation (RFC 5322 syntax via the `email_address` crate, with a dotted domain, no
/// display name and no IP literal) happens on construction, so an `Email` is always
/// accepted by Attio's syntax check. Reading accepts an `email-address` value (its
/// normalized `email_address`) and a `text` value that is a valid address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl Email {
    /// Validates `address`.
    ///
    /// # Errors
    /// [`ValueError::InvalidEmail`] saying what is wrong.
    pub fn new(address: impl Into<String>) -> Result<Self, ValueError> {
        let address = address.into();
        let options = Options {
            minimum_sub_domains: 2,
            allow_domain_literal: false,
            allow_display_text: false,
        };
        match EmailAddress::parse_with_options(&address, options) {
            Ok(_) => Ok(Self(address)),
            Err(error) => Err(ValueError::InvalidEmail {
                value: address,
                reason: error.to_string(),
            }),
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address, as an owned string.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The part before the last `@`.
    pub fn local_part(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(local, _)| local)
    }

    /// The part after the last `@`.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, domain)| domain)
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for Email {
    type Err = ValueError;

    /// Same as [`Email::new`].
    fn from_str(address: &str) -> Result<Self, Self::Err> {
        Self::new(address)
    }
}

impl TryFrom<String> for Email {
    type Error = ValueError;

    /// Same as [`Email::new`].
    fn try_from(address: String) -> Result<Self, Self::Error> {
        Self::new(address)
    }
}

impl TryFrom<&str> for Email {
    type Error = ValueError;

    /// Same as [`Email::new`].
    fn try_from(address: &str) -> Result<Self, Self::Error> {
        Self::new(address)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> Self {
        email.0
    }
}

impl serde::Serialize for Email {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Email {
    /// Deserializes a string and validates it like [`Email::new`].
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let address = String::deserialize(deserializer)?;
        Self::new(address).map_err(serde::de::Error::custom)
    }
}

/// Writes the address as a string (Attio's shorthand for `{"email_address": ...}`).
impl ToAttio for Email {
    fn to_attio(&self) -> Result<Value, ValueError> {
        Ok(Value::String(self.0.clone()))
    }
}

/// Reads an `email-address` value (trusting Attio's validation), or a `text` value that
/// is a valid address ([`DecodeErrorKind::Value`] otherwise).
impl FromAttio for Email {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        match &value.value {
            TypedValue::EmailAddress(email) => Ok(Self(email.email_address.clone())),
            TypedValue::Text(text) => Ok(Self::new(text.as_str())?),
            _ => Err(wrong_type("email-address", value)),
        }
    }
}

/// An `email-address` value as Attio returns it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
pub struct EmailAddressValue {
    /// The address as it was written.
    pub original_email_address: String,
    /// The normalized address.
    pub email_address: String,
    /// The domain part (`mail.company.com`).
    pub email_domain: String,
    /// The registrable root domain (`company.com`).
    pub email_root_domain: String,
    /// The local part (`person`).
    pub email_local_specifier: String,
}

/// Reads an `email-address` value with all its parts.
impl FromAttio for EmailAddressValue {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        match &value.value {
            TypedValue::EmailAddress(email) => Ok(email.clone()),
            _ => Err(wrong_type("email-address", value)),
        }
    }
}
