//! Attio's error body as typed data: [`ApiError`], its [`ErrorCode`] and the
//! [`ValidationError`]s of a rejected request body.

use std::fmt;

/// The `code` of an Attio error body, typed (defined in `attio-model`, shared with the
/// emulator).
pub use attio_model::ErrorCode;

/// One step of a [`ValidationError::path`]: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(untagged)]
pub enum PathSegment {
    /// An array index.
    Index(u64),
    /// An object key.
    Key(String),
}

impl fmt::Display for PathSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Index(index) => write!(f, "{index}"),
            Self::Key(key) => f.write_str(key),
        }
    }
}

/// One problem Attio found in a request body (`validation_errors[]` of a
/// `validation_type` error).
///
/// Every field is optional on the wire; a missing one decodes as empty.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(default)]
pub struct ValidationError {
    /// What kind of problem (`invalid_type`, …).
    #[serde(deserialize_with = "lenient::string")]
    pub code: String,
    /// Where in the body, e.g. `["data", "values", "user_id"]`.
    #[serde(deserialize_with = "lenient::path")]
    pub path: Vec<PathSegment>,
    /// Attio's explanation.
    #[serde(deserialize_with = "lenient::string")]
    pub message: String,
    /// What Attio expected there, when it says.
    #[serde(deserialize_with = "lenient::optional_string")]
    pub expected: Option<String>,
    /// What it found instead, when it says.
    #[serde(deserialize_with = "lenient::optional_string")]
    pub received: Option<String>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut segments = self.path.iter();
        if let Some(first) = segments.next() {
            write!(f, "{first}")?;
            for segment in segments {
                write!(f, ".{segment}")?;
            }
            f.write_str(": ")?;
        }
        f.write_str(&self.message)?;
        match (&self.expected, &self.received) {
            (Some(expected), Some(received)) => {
                write!(f, " (expected {expected}, received {received})")
            }
            (Some(expected), None) => write!(f, " (expected {expected})"),
            (None, Some(received)) => write!(f, " (received {received})"),
            (None, None) => Ok(()),
        }
    }
}

/// An error response from Attio: the HTTP status and Attio's error body.
///
/// Returned as [`Error::Api`](crate::Error::Api) for every 4xx (other than a 429, see
/// [`Error::RateLimited`](crate::Error::RateLimited)) and for 5xx responses once retries
/// are exhausted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status code.
    pub status: u16,
    /// Attio's `code`, typed.
    pub code: ErrorCode,
    /// Attio's `type` (`invalid_request_error`, `auth_error`, `rate_limit_error`, …).
    pub kind: String,
    /// Attio's human-readable `message`.
    pub message: String,
    /// What was wrong with the request body, for `validation_type` errors; else empty.
    pub validation_errors: Vec<ValidationError>,
    /// The request id from the response headers, to quote to Attio's support.
    pub request_id: Option<String>,
}

impl ApiError {
    /// Whether the code is `not_found` (the object, record or attribute does not exist).
    pub fn is_not_found(&self) -> bool {
        self.code == ErrorCode::NotFound
    }

    /// Whether the status is a server error (5xx).
    pub fn is_server_error(&self) -> bool {
        (500..600).contains(&self.status)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Attio answered HTTP {} `{}`: {}",
            self.status, self.code, self.message
        )?;
        for problem in &self.validation_errors {
            write!(f, "; {problem}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// Deserializers that accept whatever JSON Attio puts in a validation error's fields:
/// a problem report must never itself fail to decode.
mod lenient {
    use serde::{Deserialize, Deserializer};
    use serde_json::Value;

    use super::PathSegment;

    fn text(value: Value) -> Option<String> {
        match value {
            Value::Null => None,
            Value::String(text) => Some(text),
            other => Some(other.to_string()),
        }
    }

    pub(super) fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        Ok(text(Value::deserialize(d)?).unwrap_or_default())
    }

    pub(super) fn optional_string<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<String>, D::Error> {
        Ok(text(Value::deserialize(d)?))
    }

    pub(super) fn path<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<PathSegment>, D::Error> {
        let segment = |value: Value| match value {
            Value::Number(n) if n.is_u64() => n.as_u64().map(PathSegment::Index),
            other => text(other).map(PathSegment::Key),
        };
        Ok(match Value::deserialize(d)? {
            Value::Array(items) => items.into_iter().filter_map(segment).collect(),
            single => segment(single).into_iter().collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_errors_decode_leniently() {
        let problem: ValidationError = serde_json::from_value(serde_json::json!({
            "code": "invalid_type",
            "path": ["data", "values", 0, {"odd": true}],
            "message": "Required",
            "expected": "string",
            "received": 12
        }))
        .expect("lenient decode");
        assert_eq!(problem.path.len(), 4);
        assert_eq!(problem.path[2], PathSegment::Index(0));
        assert_eq!(problem.received.as_deref(), Some("12"));
        assert_eq!(
            problem.to_string(),
            r#"data.values.0.{"odd":true}: Required (expected string, received 12)"#
        );
        let empty: ValidationError = serde_json::from_str("{}").expect("all fields optional");
        assert_eq!(empty, ValidationError::default());
    }
}
