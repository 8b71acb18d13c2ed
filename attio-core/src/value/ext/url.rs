//! `url` field type (feature `url`): `Url` as a `text` value.
//!
//! A URL is written to a `text` attribute, not a `domain`: a `domain` value holds a host
//! only, so the scheme, path and query would be lost and the value would not read back.
//! To store a URL's host in a `domain` attribute, convert it:
//! `Domain::try_from(&url)` (below) takes the host and checks it like [`Domain::new`].

use ::url::Url;
use serde_json::Value;

use super::text_of;
use crate::error::{DecodeErrorKind, ValueError};
use crate::record::AttributeValue;
use crate::value::text::check_text;
use crate::value::{Domain, FromAttio, ToAttio};

/// Writes a `text` value: the URL as `Url` serialises it (`"https://attio.com/"`, with the
/// normalisation `Url::parse` applied), which reads back equal. Over
/// [`MAX_TEXT_BYTES`](crate::value::MAX_TEXT_BYTES) is [`ValueError::TextTooLong`].
impl ToAttio for Url {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::Text];
    fn to_attio(&self) -> Result<Value, ValueError> {
        check_text(self.as_str())?;
        Ok(Value::String(self.as_str().to_owned()))
    }
}

/// Reads a `text` value holding an absolute URL; other text is [`ValueError::InvalidUrl`]
/// (as [`DecodeErrorKind::Value`]).
impl FromAttio for Url {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        let text = text_of(value)?;
        Url::parse(text).map_err(|error| {
            DecodeErrorKind::Value(ValueError::InvalidUrl {
                value: text.to_owned(),
                reason: error.to_string(),
            })
        })
    }
}

impl TryFrom<&Url> for Domain {
    type Error = ValueError;

    /// The URL's host as a [`Domain`] (`https://App.Attio.com/x` → `app.attio.com`).
    ///
    /// # Errors
    /// [`ValueError::InvalidDomain`] for a URL without a host or whose host is not a
    /// domain name (an IP address, `localhost`).
    fn try_from(url: &Url) -> Result<Self, Self::Error> {
        match url.host_str() {
            Some(host) => Domain::new(host),
            None => Err(ValueError::InvalidDomain {
                value: url.as_str().to_owned(),
                reason: "the URL has no host".into(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::value::ext::read_back;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("a URL")
    }

    #[test]
    fn writes_the_serialised_url_and_reads_it_back() {
        let page = url("HTTPS://Attio.com/docs?q=a b#top");
        assert_eq!(
            page.to_attio(),
            Ok(json!("https://attio.com/docs?q=a%20b#top"))
        );
        for value in [
            page,
            url("mailto:ada@example.com"),
            url("https://münchen.de/"),
        ] {
            let written = value.to_attio().expect("writable");
            assert_eq!(read_back::<Url>("text", written), Ok(value));
        }
    }

    #[test]
    fn other_text_is_a_typed_error() {
        for text in ["", "attio.com", "/relative/path", "http://[::1"] {
            let error = read_back::<Url>("text", json!(text)).unwrap_err();
            assert!(
                matches!(&error, DecodeErrorKind::Value(ValueError::InvalidUrl { value, .. }) if value == text),
                "{text}: {error}"
            );
        }
        let error = read_back::<Url>("domain", json!("attio.com")).unwrap_err();
        assert!(
            matches!(error, DecodeErrorKind::WrongType { .. }),
            "{error}"
        );
    }

    #[test]
    fn too_long_urls_are_rejected_before_sending() {
        let long = url(&format!(
            "https://attio.com/{}",
            "a".repeat(crate::value::MAX_TEXT_BYTES)
        ));
        assert!(matches!(
            long.to_attio(),
            Err(ValueError::TextTooLong { .. })
        ));
    }

    #[test]
    fn a_urls_host_is_a_domain() {
        let domain = Domain::try_from(&url("https://App.Attio.com/x")).expect("a domain");
        assert_eq!(domain.as_str(), "app.attio.com");
        for bad in [
            "mailto:ada@example.com",
            "http://127.0.0.1/",
            "http://localhost/",
        ] {
            let error = Domain::try_from(&url(bad)).unwrap_err();
            assert!(
                matches!(error, ValueError::InvalidDomain { .. }),
                "{bad}: {error}"
            );
        }
    }
}
