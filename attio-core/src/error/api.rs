//! Attio's error body as typed data: [`ApiError`], its [`ErrorCode`] and the
//! [`ValidationError`]s of a rejected request body.

use std::fmt;

/// The `code` of an Attio error body, typed so a caller can match on it.
///
/// Codes Attio has not documented (or added after this release) arrive as
/// [`ErrorCode::Unknown`] with the code as sent, never as a decoding failure.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `validation_type`: the body or a parameter failed validation (see
    /// [`ApiError::validation_errors`]).
    ValidationType,
    /// `missing_value`: a required attribute was not supplied.
    MissingValue,
    /// `value_not_found`: a select option, status, matching attribute, referenced record or
    /// workspace member named in the request does not exist.
    ValueNotFound,
    /// `immutable_value`: the request changes a value that cannot change.
    ImmutableValue,
    /// `filter_error`: the filter of a query is malformed.
    FilterError,
    /// `multiple_match_results`: an assert matched more than one record.
    MultipleMatchResults,
    /// `system_edit_unauthorized`: the request edits a system attribute.
    SystemEditUnauthorized,
    /// `uniqueness_conflict`: a unique attribute's value is already used by another record.
    UniquenessConflict,
    /// `matching_attribute_definition_not_unique`: an assert's matching attribute is not unique.
    MatchingAttributeNotUnique,
    /// `not_found`: the object, record, attribute or list does not exist.
    NotFound,
    /// `merge_in_progress`: the record is being merged into another one.
    MergeInProgress,
    /// `slug_conflict`: an api slug, option or status title is already taken.
    SlugConflict,
    /// `billing_error`: the workspace's plan lacks the feature.
    BillingError,
    /// `unauthorized`: the token is missing, invalid or revoked.
    Unauthorized,
    /// `quota_exceeded`: a plan limit was reached.
    QuotaExceeded,
    /// `rate_limit_exceeded`: too many requests (normally surfaced as
    /// [`Error::RateLimited`](crate::Error::RateLimited) once retries are exhausted).
    RateLimitExceeded,
    /// Any other code, as Attio sent it.
    Unknown(String),
}

/// The wire form of every known code (one table, read both ways).
const KNOWN_CODES: [(ErrorCode, &str); 16] = [
    (ErrorCode::ValidationType, "validation_type"),
    (ErrorCode::MissingValue, "missing_value"),
    (ErrorCode::ValueNotFound, "value_not_found"),
    (ErrorCode::ImmutableValue, "immutable_value"),
    (ErrorCode::FilterError, "filter_error"),
    (ErrorCode::MultipleMatchResults, "multiple_match_results"),
    (
        ErrorCode::SystemEditUnauthorized,
        "system_edit_unauthorized",
    ),
    (ErrorCode::UniquenessConflict, "uniqueness_conflict"),
    (
        ErrorCode::MatchingAttributeNotUnique,
        "matching_attribute_definition_not_unique",
    ),
    (ErrorCode::NotFound, "not_found"),
    (ErrorCode::MergeInProgress, "merge_in_progress"),
    (ErrorCode::SlugConflict, "slug_conflict"),
    (ErrorCode::BillingError, "billing_error"),
    (ErrorCode::Unauthorized, "unauthorized"),
    (ErrorCode::QuotaExceeded, "quota_exceeded"),
    (ErrorCode::RateLimitExceeded, "rate_limit_exceeded"),
];

impl ErrorCode {
    /// The typed form of a code as it appears in Attio's error body.
    pub fn from_code(code: &str) -> Self {
        KNOWN_CODES
            .iter()
            .find(|(_, wire)| *wire == code)
            .map_or_else(
                || Self::Unknown(code.to_owned()),
                |(known, _)| known.clone(),
            )
    }

    /// The code as Attio writes it (`not_found`, …).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Unknown(code) => code,
            known => KNOWN_CODES
                .iter()
                .find(|(candidate, _)| candidate == known)
                .map_or("", |(_, wire)| wire),
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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
    fn every_known_code_round_trips() {
        for (code, wire) in &KNOWN_CODES {
            assert_eq!(&ErrorCode::from_code(wire), code);
            assert_eq!(code.as_str(), *wire);
        }
        let unknown = ErrorCode::from_code("concurrent_write_conflict");
        assert_eq!(
            unknown,
            ErrorCode::Unknown("concurrent_write_conflict".into())
        );
        assert_eq!(unknown.to_string(), "concurrent_write_conflict");
    }

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
