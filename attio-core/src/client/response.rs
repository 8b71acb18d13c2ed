//! Turning a received response into a value or a typed error. Every body is untrusted:
//! nothing here panics, whatever the server sent.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderName};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, Error, ErrorCode, ValidationError};
use crate::retry::system_time_after;

/// The most characters of a body an error quotes.
const EXCERPT_CHARS: usize = 200;

/// Where Attio puts the id of a request. Attio does not document the header; public
/// integrations read `x-request-id` and fall back to `x-attio-request-id`, and so do we.
const REQUEST_ID_HEADERS: [HeaderName; 2] = [
    HeaderName::from_static("x-request-id"),
    HeaderName::from_static("x-attio-request-id"),
];

/// A response whose body has been read in full.
#[derive(Debug)]
pub(crate) struct Received {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: bytes::Bytes,
}

/// `{"data": …}`: every successful records response.
#[derive(serde::Deserialize)]
struct Envelope<T> {
    data: T,
}

/// Attio's error body. `code` and `message` are required; the rest is read when present.
#[derive(serde::Deserialize)]
struct ErrorBody {
    code: String,
    message: String,
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    validation_errors: Vec<ValidationError>,
}

impl Received {
    /// The request id Attio gave this response, if any.
    pub(crate) fn request_id(&self) -> Option<String> {
        REQUEST_ID_HEADERS.iter().find_map(|name| {
            let value = self.headers.get(name)?.to_str().ok()?.trim();
            (!value.is_empty()).then(|| value.to_owned())
        })
    }

    /// A header as text, if present and printable.
    pub(crate) fn header(&self, name: HeaderName) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// Decodes the `data` of a successful response.
    pub(crate) fn data<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice::<Envelope<T>>(&self.body)
            .map(|envelope| envelope.data)
            .map_err(|error| {
                self.decode_error(format!("not a `{{\"data\": …}}` response: {error}"))
            })
    }

    /// The elements of a list response's `data`, undecoded (borrowed from the body), so
    /// each can be decoded on its own and one bad element does not fail the page.
    pub(crate) fn raw_items(&self) -> Result<Vec<&serde_json::value::RawValue>, Error> {
        #[derive(serde::Deserialize)]
        struct Items<'a> {
            #[serde(borrow)]
            data: Vec<&'a serde_json::value::RawValue>,
        }
        serde_json::from_slice::<Items<'_>>(&self.body)
            .map(|items| items.data)
            .map_err(|error| {
                self.decode_error(format!("not a `{{\"data\": [...]}}` response: {error}"))
            })
    }

    /// Checks that a successful response is a JSON object (`DELETE` answers `{}`).
    pub(crate) fn empty_object(&self) -> Result<(), Error> {
        serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&self.body)
            .map(drop)
            .map_err(|error| self.decode_error(format!("not a JSON object: {error}")))
    }

    /// The typed error for an error response: [`Error::Api`] when the body is Attio's
    /// error shape, else [`Error::Decode`].
    pub(crate) fn error(&self) -> Error {
        match serde_json::from_slice::<ErrorBody>(&self.body) {
            Ok(body) => ApiError {
                status: self.status,
                code: ErrorCode::from_code(&body.code),
                kind: body.kind,
                message: body.message,
                validation_errors: body.validation_errors,
                request_id: self.request_id(),
            }
            .into(),
            Err(error) => self.decode_error(format!("not Attio's error body: {error}")),
        }
    }

    /// The error for a 429 the retry policy gave up on; `retry_after` as parsed from the
    /// response (Attio's limits reset each second, so one second when absent).
    pub(crate) fn rate_limited(&self, retry_after: Option<Duration>) -> Error {
        let message = serde_json::from_slice::<ErrorBody>(&self.body)
            .map(|body| body.message)
            .unwrap_or_else(|_| excerpt(&self.body));
        Error::RateLimited {
            retry_at: system_time_after(
                SystemTime::now(),
                retry_after.unwrap_or(Duration::from_secs(1)),
            ),
            request_id: self.request_id(),
            message,
        }
    }

    fn decode_error(&self, message: String) -> Error {
        Error::Decode {
            status: self.status,
            message,
            excerpt: excerpt(&self.body),
        }
    }
}

/// The first [`EXCERPT_CHARS`] characters of a body, invalid UTF-8 replaced.
pub(crate) fn excerpt(body: &[u8]) -> String {
    // Four bytes per character at most: no need to convert more than that.
    let head = &body[..body.len().min(EXCERPT_CHARS * 4)];
    String::from_utf8_lossy(head)
        .chars()
        .take(EXCERPT_CHARS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn received(status: u16, body: &str) -> Received {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", "req-1".parse().unwrap());
        Received {
            status,
            headers,
            body: bytes::Bytes::copy_from_slice(body.as_bytes()),
        }
    }

    #[test]
    fn excerpt_is_short_and_never_splits_characters() {
        let body = "é".repeat(500);
        let cut = excerpt(body.as_bytes());
        assert_eq!(cut.chars().count(), 200);
        assert_eq!(excerpt(&[0xff, b'a']), "\u{fffd}a");
        assert_eq!(excerpt(b""), "");
    }

    #[test]
    fn error_body_becomes_api_error() {
        let error = received(
            404,
            r#"{"status_code":404,"type":"invalid_request_error","code":"not_found","message":"Record not found."}"#,
        )
        .error();
        assert!(error.is_not_found());
        assert_eq!(error.request_id(), Some("req-1"));
    }

    proptest::proptest! {
        #[test]
        fn no_body_makes_decoding_panic(status in 100u16..600, body in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            let received = Received { status, headers: HeaderMap::new(), body: bytes::Bytes::from(body) };
            let error = received.error();
            if let Error::Decode { excerpt, .. } = &error {
                proptest::prop_assert!(excerpt.chars().count() <= EXCERPT_CHARS);
            }
            let _ = received.data::<crate::Record>();
            let _ = received.empty_object();
            let _ = received.rate_limited(None);
        }

        #[test]
        fn no_json_error_body_makes_decoding_panic(body in json()) {
            let received = Received { status: 400, headers: HeaderMap::new(), body: bytes::Bytes::from(body.to_string()) };
            let _ = received.error();
            let _ = received.data::<crate::Record>();
        }
    }

    /// Arbitrary JSON, biased towards the keys of Attio's error body and records.
    fn json() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        let key = prop_oneof![
            Just("code".to_owned()),
            Just("message".to_owned()),
            Just("type".to_owned()),
            Just("validation_errors".to_owned()),
            Just("path".to_owned()),
            Just("data".to_owned()),
            Just("id".to_owned()),
            Just("values".to_owned()),
            "[a-z_]{1,8}",
        ];
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<f64>().prop_map(serde_json::Value::from),
            ".{0,12}".prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(4, 48, 6, move |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
                proptest::collection::btree_map(key.clone(), inner, 0..6)
                    .prop_map(|map| serde_json::Value::Object(map.into_iter().collect())),
            ]
        })
    }

    #[test]
    fn odd_bodies_become_decode_errors() {
        for body in [
            "",
            "<html>",
            r#"{"code":"x""#,
            r#"{"data":1}"#,
            "[]",
            "null",
        ] {
            let error = received(500, body).error();
            assert!(
                matches!(error, Error::Decode { status: 500, .. }),
                "{body:?}"
            );
            let data = received(200, body).data::<u32>();
            assert!(
                body == r#"{"data":1}"# || matches!(data, Err(Error::Decode { .. })),
                "{body:?}"
            );
        }
    }
}
