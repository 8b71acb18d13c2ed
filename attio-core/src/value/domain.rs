//! `domain` values: [`Domain`] (write and read) and [`DomainValue`] (the read form).

use std::fmt;
use std::str::FromStr;

use email_address::EmailAddress;
use serde_json::Value;

use crate::error::{DecodeErrorKind, ValueError};
use crate::record::{AttributeValue, TypedValue};
use crate::value::convert::wrong_type;
use crate::value::{FromAttio, ToAttio};

/// A validated domain name (`app.attio.com`), written as a `domain` value.
///
/// The name must be a host with at least two labels: no scheme, path, port or IP literal.
/// Reading accepts a `domain` value (its `domain`) and a `text` value that is a valid
/// domain.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Domain(String);

impl Domain {
    /// Validates `domain`.
    ///
    /// # Errors
    /// [`ValueError::InvalidDomain`] saying what is wrong.
    pub fn new(domain: impl Into<String>) -> Result<Self, ValueError> {
        let domain = domain.into();
        let reason = if domain.contains("://") || domain.contains('/') {
            Some("a URL; pass only the host")
        } else if domain.starts_with('[') || domain.contains(':') {
            Some("an address literal or a port; pass only the host")
        } else if !domain.contains('.') {
            Some("a single label; a domain has at least two, like `attio.com`")
        } else if !EmailAddress::is_valid_domain(&domain) {
            // The email crate's domain grammar (RFC 5321 labels, lengths) is the check
            // Attio's own email-domain parsing matches most closely.
            Some("not a valid host name")
        } else {
            None
        };
        match reason {
            None => Ok(Self(domain)),
            Some(reason) => Err(ValueError::InvalidDomain {
                value: domain,
                reason: reason.to_owned(),
            }),
        }
    }

    /// The domain name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The domain name, as an owned string.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Domain {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for Domain {
    type Err = ValueError;

    /// Same as [`Domain::new`].
    fn from_str(domain: &str) -> Result<Self, Self::Err> {
        Self::new(domain)
    }
}

impl TryFrom<String> for Domain {
    type Error = ValueError;

    /// Same as [`Domain::new`].
    fn try_from(domain: String) -> Result<Self, Self::Error> {
        Self::new(domain)
    }
}

impl TryFrom<&str> for Domain {
    type Error = ValueError;

    /// Same as [`Domain::new`].
    fn try_from(domain: &str) -> Result<Self, Self::Error> {
        Self::new(domain)
    }
}

/// Writes the domain as a string (Attio's shorthand for `{"domain": ...}`).
impl ToAttio for Domain {
    fn to_attio(&self) -> Result<Value, ValueError> {
        Ok(Value::String(self.0.clone()))
    }
}

/// Reads a `domain` value (trusting Attio), or a `text` value that is a valid domain.
impl FromAttio for Domain {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        match &value.value {
            TypedValue::Domain(domain) => Ok(Self(domain.domain.clone())),
            TypedValue::Text(text) => Ok(Self::new(text.as_str())?),
            _ => Err(wrong_type("domain", value)),
        }
    }
}

/// A `domain` value as Attio returns it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
pub struct DomainValue {
    /// The domain as stored (`app.attio.com`).
    pub domain: String,
    /// Its registrable root domain (`attio.com`).
    pub root_domain: String,
}

/// Reads a `domain` value with its root domain.
impl FromAttio for DomainValue {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        match &value.value {
            TypedValue::Domain(domain) => Ok(domain.clone()),
            _ => Err(wrong_type("domain", value)),
        }
    }
}
