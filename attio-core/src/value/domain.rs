//! `domain` values: [`Domain`] (write and read) and [`DomainValue`] (the read form).

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use crate::error::{DecodeErrorKind, ValueError};
use crate::record::{AttributeValue, TypedValue};
use crate::value::convert::wrong_type;
use crate::value::{FromAttio, ToAttio};
use attio_model::host;

/// A validated domain name (`app.attio.com`), written as a `domain` value.
///
/// # Rules
/// [`Domain::new`] accepts a host name, never a URL: no scheme, path, query, port or
/// address literal, and no surrounding whitespace. The host is then normalised and checked:
/// 1. it is converted with UTS #46 `ToASCII` (STD3 rules, `VerifyDnsLength`): domains are
///    case-insensitive (RFC 4343), so it is **lower-cased** (`Events.Example.COM` →
///    `events.example.com`), and internationalised names become their **A-label** form
///    (`münchen.de` → `xn--mnchen-3ya.de`), the form DNS and Attio store;
/// 2. every label is 1–63 ASCII letters, digits or hyphens, not starting or ending with a
///    hyphen (RFC 1123 §2.1; `ex_ample.com` is rejected), the name at most 253 characters
///    without a trailing dot;
/// 3. there are at least two labels (`localhost` is rejected);
/// 4. the top-level domain is letters only (at least two) or an A-label (`xn--p1ai`); it is
///    never numeric (RFC 3696 §2), so an IP address such as `1.2.3.4` is rejected.
///
/// Because of the normalisation, a `Domain` written and read back compares equal. Reading
/// accepts a `domain` value (its `domain`, normalised the same way when it passes these
/// rules and kept as Attio returned it otherwise) and a `text` value that passes them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Domain(String);

impl Domain {
    /// Checks `domain` against the [rules](Domain#rules) and normalises it (lower case,
    /// A-labels).
    ///
    /// # Errors
    /// [`ValueError::InvalidDomain`] saying what is wrong.
    pub fn new(domain: impl Into<String>) -> Result<Self, ValueError> {
        let domain = domain.into();
        let reason = if domain.contains("://") || domain.contains('/') {
            "a URL; pass only the host"
        } else if domain.starts_with('[') || domain.contains(':') {
            "an address literal or a port; pass only the host"
        } else {
            match host::normalize(&domain) {
                Ok(normal) => return Ok(Self(normal)),
                Err(reason) => reason,
            }
        };
        Err(ValueError::InvalidDomain {
            value: domain,
            reason: reason.to_owned(),
        })
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
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::Domain];
    fn to_attio(&self) -> Result<Value, ValueError> {
        Ok(Value::String(self.0.clone()))
    }
}

/// Reads a `domain` value (normalised like [`Domain::new`] when it passes the rules,
/// otherwise trusted as Attio returned it), or a `text` value that is a valid domain.
impl FromAttio for Domain {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        match &value.value {
            TypedValue::Domain(domain) => {
                Ok(Self::new(domain.domain.as_str())
                    .unwrap_or_else(|_| Self(domain.domain.clone())))
            }
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
