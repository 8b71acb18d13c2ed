//! Questions a caller asks of an [`Error`] without matching on it.

use super::{ApiError, Error, ErrorCode};

impl Error {
    /// Attio's error response, when the error is one ([`Error::Api`]).
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Self::Api(api) => Some(api),
            _ => None,
        }
    }

    /// Attio's error code, when Attio answered with an error body.
    pub fn code(&self) -> Option<&ErrorCode> {
        self.api().map(|api| &api.code)
    }

    /// The HTTP status of the response behind the error, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(api) => Some(api.status),
            Self::RateLimited { .. } => Some(429),
            Self::Decode { status, .. } | Self::ResponseTooLarge { status, .. } => Some(*status),
            Self::Transport(error) => error.status().map(|status| status.as_u16()),
            _ => None,
        }
    }

    /// The request id Attio gave the failed request, to quote to its support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api(api) => api.request_id.as_deref(),
            Self::RateLimited { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The object, record or attribute does not exist (`not_found`).
    pub fn is_not_found(&self) -> bool {
        self.code() == Some(&ErrorCode::NotFound)
    }

    /// The token is missing, invalid or revoked (`unauthorized`, HTTP 401).
    pub fn is_unauthorized(&self) -> bool {
        self.code() == Some(&ErrorCode::Unauthorized) || self.status() == Some(401)
    }

    /// Attio refused the credentials: the token is missing, invalid or revoked (401), or
    /// lacks the permission or plan the request needs (403: missing scopes, a billing
    /// error). Every further request with this token would fail the same way, so bulk
    /// runs stop at the first one (see [`crate::bulk`]).
    pub fn is_auth_failure(&self) -> bool {
        self.is_unauthorized() || self.status() == Some(403)
    }

    /// Attio rate-limited the request and retries did not get through.
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Self::RateLimited { .. })
            || self.code() == Some(&ErrorCode::RateLimitExceeded)
    }

    /// Attio rejected the request's content: `validation_type`, `missing_value` or
    /// `value_not_found`.
    pub fn is_validation(&self) -> bool {
        matches!(
            self.code(),
            Some(ErrorCode::ValidationType | ErrorCode::MissingValue | ErrorCode::ValueNotFound)
        )
    }

    /// A unique attribute's value is already used by another record (`uniqueness_conflict`).
    pub fn is_uniqueness_conflict(&self) -> bool {
        self.code() == Some(&ErrorCode::UniquenessConflict)
    }

    /// Attio failed with a 5xx (whatever its body said).
    pub fn is_server_error(&self) -> bool {
        self.status()
            .is_some_and(|status| (500..600).contains(&status))
    }

    /// No response arrived in time ([`Error::Timeout`]).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout { .. })
    }

    /// A write may or may not have been applied ([`Error::OutcomeUnknown`]).
    pub fn is_outcome_unknown(&self) -> bool {
        matches!(self, Self::OutcomeUnknown { .. })
    }

    /// The library refused the request before sending anything: an invalid value,
    /// record id or slug, or a configuration problem.
    pub fn is_rejected_before_sending(&self) -> bool {
        matches!(
            self,
            Self::InvalidValue { .. }
                | Self::InvalidRecordId { .. }
                | Self::InvalidId { .. }
                | Self::InvalidSlug { .. }
                | Self::Config(_)
        )
    }
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Self {
        Self::Api(Box::new(error))
    }
}
