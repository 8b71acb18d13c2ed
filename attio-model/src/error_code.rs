//! [`ErrorCode`]: the `code` of an Attio error body.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The `code` of an Attio error body (`{"status_code", "type", "code", "message"}`),
/// typed so a caller can match on it.
///
/// Codes Attio has not documented (or added after this release) are kept as
/// [`ErrorCode::Unknown`] with the code as sent, never as a decoding failure.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `validation_type`: the body or a parameter failed validation (the body's
    /// `validation_errors` say where).
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
    /// `rate_limit_exceeded`: too many requests.
    RateLimitExceeded,
    /// Any other code, as sent.
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

impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Ok(Self::from_code(&code))
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
            assert_eq!(serde_json::to_value(code).unwrap(), *wire);
            assert_eq!(
                serde_json::from_value::<ErrorCode>((*wire).into()).unwrap(),
                *code
            );
        }
        let unknown = ErrorCode::from_code("concurrent_write_conflict");
        assert_eq!(
            unknown,
            ErrorCode::Unknown("concurrent_write_conflict".into())
        );
        assert_eq!(unknown.to_string(), "concurrent_write_conflict");
        assert_eq!(unknown, "concurrent_write_conflict");
        assert!(ErrorCode::NotFound != "not found");
    }
}
