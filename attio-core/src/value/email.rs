//! `email-address` values: [`Email`] (write and read) and [`EmailAddressValue`] (the read
//! form with Attio's derived parts).

use std::fmt;
use std::str::FromStr;

// The rule is attio-model's, shared with the emulator.
use attio_model::email::normalize;
use serde_json::Value;

use crate::error::{DecodeErrorKind, ValueError};
use crate::record::{AttributeValue, TypedValue};
use crate::value::convert::wrong_type;
use crate::value::{FromAttio, ToAttio};

/// A validated email address, written as an `email-address` value.
///
/// # Rules
/// [`Email::new`] accepts `local@domain` (one `@`, no display name, no surrounding
/// whitespace, at most 254 characters after normalisation) where:
/// - the **local part** is an RFC 5322 `dot-atom` in ASCII: 1–64 characters, each an
///   ASCII letter, digit or one of ``!#$%&'*+-/=?^_`{|}~``, or a `.` that is not first,
///   last or next to another `.`. Quoted local parts (`"a b"@x.com`, which RFC 5321 §4.1.2
///   advises against), comments and non-ASCII local parts (RFC 6531 SMTPUTF8, not deliverable
///   everywhere and with no ASCII equivalent) are rejected. The local part is kept as
///   written: it is case-sensitive (RFC 5321 §2.4).
/// - the **domain** follows the same rules as [`Domain`](crate::Domain): no IP literal,
///   at least two labels of letters, digits and inner hyphens (no `_`), a top-level domain
///   of letters or an A-label. It is normalised like a `Domain`: **lower-cased** (domains
///   are case-insensitive) and internationalised names converted to **A-labels**
///   (`a@münchen.de` → `a@xn--mnchen-3ya.de`).
///
/// # Reading
/// Attio returns both the address as written (`original_email_address`) and a normalised
/// one (`email_address`, entirely lower case). `Email` reads `original_email_address`,
/// falling back to `email_address` when it is absent, so an address written and read
/// back compares equal (`Ada@Example.COM` is written as `Ada@example.com` and read back
/// so). The read address is normalised like [`Email::new`] when it passes the rules and
/// kept as Attio returned it otherwise. A `text` value must pass the rules. Use
/// [`EmailAddressValue`] to see every field Attio returns.
///
/// ```
/// use attio_core::Email;
///
/// let email = Email::new("Ada@Example.COM").unwrap();
/// assert_eq!(email.as_str(), "Ada@example.com"); // the domain is normalised
/// assert_eq!(email.domain(), "example.com");
/// assert!(Email::new("ada@localhost").is_err()); // Attio wants local@domain.tld
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl Email {
    /// Checks `address` against the [rules](Email#rules) and normalises its domain (lower
    /// case, A-labels).
    ///
    /// # Errors
    /// [`ValueError::InvalidEmail`] saying what is wrong.
    pub fn new(address: impl Into<String>) -> Result<Self, ValueError> {
        let address = address.into();
        match normalize(&address) {
            Ok(normal) => Ok(Self(normal)),
            Err(reason) => Err(ValueError::InvalidEmail {
                value: address,
                reason: reason.to_owned(),
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
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::EmailAddress];
    fn to_attio(&self) -> Result<Value, ValueError> {
        Ok(Value::String(self.0.clone()))
    }
    fn write_attio_json(&self, out: &mut crate::value::JsonOut) -> Result<(), ValueError> {
        out.string(&self.0);
        Ok(())
    }
}

/// Reads an `email-address` value's `original_email_address` (or `email_address` when
/// that is absent), normalised like [`Email::new`] when it passes the rules and trusted as
/// Attio returned it otherwise; or a `text` value that is a valid address
/// ([`DecodeErrorKind::Value`] otherwise).
impl FromAttio for Email {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        match &value.value {
            TypedValue::EmailAddress(email) => {
                let written = if email.original_email_address.is_empty() {
                    &email.email_address
                } else {
                    &email.original_email_address
                };
                Ok(normalize(written).map_or_else(|_| Self(written.clone()), Self))
            }
            TypedValue::Text(text) => Ok(Self::new(text.as_str())?),
            _ => Err(wrong_type("email-address", value)),
        }
    }
}

/// An `email-address` value as Attio returns it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
pub struct EmailAddressValue {
    /// The address as it was written (empty when Attio leaves it out).
    #[serde(default)]
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
