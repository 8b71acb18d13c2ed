//! Attio's error bodies: `{"status_code","type","code","message"}` plus optional
//! `validation_errors`, and the constructors the store and the layers use.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;

pub use attio_model::ErrorCode;

/// One entry of `validation_errors` in a `validation_type` error body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidationIssue {
    /// A short machine code such as `invalid_type` or `unrecognized_keys`.
    pub code: String,
    /// Where in the request body the problem is, e.g. `["data","values","user_id"]`.
    pub path: Vec<String>,
    /// Human readable explanation.
    pub message: String,
    /// What was expected, when the issue is a type mismatch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// What was received, when the issue is a type mismatch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub received: Option<String>,
}

/// An error answer in Attio's shape. Every non-2xx response of the emulator is one of these.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{status} {code}: {message}")]
pub struct ApiError {
    /// HTTP status code.
    pub status: StatusCode,
    /// Attio's error `type` (`invalid_request_error`, `auth_error`, `rate_limit_error`, ...).
    pub kind: &'static str,
    /// Attio's error `code` (`validation_type`, `not_found`, `uniqueness_conflict`, ...);
    /// the emulator's own picks for statuses Attio does not document (`method_not_allowed`,
    /// `payload_too_large`, `internal_server_error`, ...) are [`ErrorCode::Unknown`].
    pub code: ErrorCode,
    /// Human readable message.
    pub message: String,
    /// Details of body validation failures (only sent when non-empty).
    pub validation_errors: Vec<ValidationIssue>,
}

impl ApiError {
    fn invalid(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            kind: "invalid_request_error",
            code,
            message: message.into(),
            validation_errors: Vec::new(),
        }
    }

    /// 400 `validation_type` with one validation issue at `path`.
    pub fn validation(path: &[&str], issue_code: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        let mut err = Self::invalid(
            StatusCode::BAD_REQUEST,
            ErrorCode::ValidationType,
            "Body payload validation error.",
        );
        err.validation_errors.push(ValidationIssue {
            code: issue_code.to_owned(),
            path: path.iter().map(|p| (*p).to_owned()).collect(),
            message,
            expected: None,
            received: None,
        });
        err
    }

    /// 400 `validation_type` for a value of the wrong JSON type at `path`.
    pub fn wrong_type(path: &[&str], expected: &str, received: &Value) -> Self {
        let mut err = Self::validation(
            path,
            "invalid_type",
            format!("Expected {expected}, received {}", json_kind(received)),
        );
        if let Some(issue) = err.validation_errors.first_mut() {
            issue.expected = Some(expected.to_owned());
            issue.received = Some(json_kind(received).to_owned());
        }
        err
    }

    /// 400 `validation_type` with a plain message and no issue list.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::invalid(StatusCode::BAD_REQUEST, ErrorCode::ValidationType, message)
    }

    /// 400 `value_not_found`.
    pub fn value_not_found(message: impl Into<String>) -> Self {
        Self::invalid(StatusCode::BAD_REQUEST, ErrorCode::ValueNotFound, message)
    }

    /// 400 `missing_value`.
    pub fn missing_value(message: impl Into<String>) -> Self {
        Self::invalid(StatusCode::BAD_REQUEST, ErrorCode::MissingValue, message)
    }

    /// 400 `uniqueness_conflict`.
    pub fn uniqueness_conflict(message: impl Into<String>) -> Self {
        Self::invalid(
            StatusCode::BAD_REQUEST,
            ErrorCode::UniquenessConflict,
            message,
        )
    }

    /// 400 `multiple_match_results`.
    pub fn multiple_matches(message: impl Into<String>) -> Self {
        Self::invalid(
            StatusCode::BAD_REQUEST,
            ErrorCode::MultipleMatchResults,
            message,
        )
    }

    /// 400 `immutable_value` (changing a list entry's parent).
    pub fn immutable_value(message: impl Into<String>) -> Self {
        Self::invalid(StatusCode::BAD_REQUEST, ErrorCode::ImmutableValue, message)
    }

    /// 409 `slug_conflict`: a list, attribute slug, option or status title already taken.
    pub fn slug_conflict(message: impl Into<String>) -> Self {
        Self::invalid(StatusCode::CONFLICT, ErrorCode::SlugConflict, message)
    }

    /// 400 `matching_attribute_definition_not_unique`.
    pub fn matching_not_unique() -> Self {
        Self::invalid(
            StatusCode::BAD_REQUEST,
            ErrorCode::MatchingAttributeNotUnique,
            "The matching attribute specified is not a unique attribute.",
        )
    }

    /// 400 `filter_error`.
    pub fn filter(message: impl Into<String>) -> Self {
        Self::invalid(
            StatusCode::BAD_REQUEST,
            ErrorCode::FilterError,
            format!("Error in filter. {}", message.into()),
        )
    }

    /// 404 `not_found`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::invalid(StatusCode::NOT_FOUND, ErrorCode::NotFound, message)
    }

    /// 405 `method_not_allowed` (the emulator's pick; Attio does not document it).
    pub fn method_not_allowed() -> Self {
        Self::invalid(
            StatusCode::METHOD_NOT_ALLOWED,
            emulator_pick("method_not_allowed"),
            "This method is not allowed on this path.",
        )
    }

    /// 413 `payload_too_large` (the emulator's pick for bodies over its total limit).
    pub fn payload_too_large(limit: usize) -> Self {
        Self::invalid(
            StatusCode::PAYLOAD_TOO_LARGE,
            emulator_pick("payload_too_large"),
            format!("The request body is larger than {limit} bytes."),
        )
    }

    /// 408 `request_timeout` (the emulator's pick): the body did not arrive in time.
    pub fn request_timeout(limit: std::time::Duration) -> Self {
        Self::invalid(
            StatusCode::REQUEST_TIMEOUT,
            emulator_pick("request_timeout"),
            format!(
                "The request body was not received within {} ms.",
                limit.as_millis()
            ),
        )
    }

    /// 414 `uri_too_long` (the emulator's pick).
    pub fn uri_too_long(limit: usize) -> Self {
        Self::invalid(
            StatusCode::URI_TOO_LONG,
            emulator_pick("uri_too_long"),
            format!("The request path and query are longer than {limit} bytes."),
        )
    }

    /// 431 `request_header_fields_too_large` (the emulator's pick).
    pub fn headers_too_large(message: impl Into<String>) -> Self {
        Self::invalid(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            emulator_pick("request_header_fields_too_large"),
            message,
        )
    }

    /// The Attio-shaped form of an error answer produced outside the emulator's own code
    /// (a rejection by the HTTP framework, e.g. a path segment whose percent-escapes are not
    /// UTF-8), keeping its status and using its text as the message. 4xx answers are
    /// `invalid_request_error`s (`validation_type` for 400 and 422), 5xx ones `api_error`s.
    pub fn from_status(status: StatusCode, message: impl Into<String>) -> Self {
        let message = message.into();
        let code = match status {
            StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => ErrorCode::ValidationType,
            StatusCode::UNAUTHORIZED => return Self::unauthorized(message),
            StatusCode::NOT_FOUND => ErrorCode::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => emulator_pick("method_not_allowed"),
            StatusCode::REQUEST_TIMEOUT => emulator_pick("request_timeout"),
            StatusCode::PAYLOAD_TOO_LARGE => emulator_pick("payload_too_large"),
            StatusCode::URI_TOO_LONG => emulator_pick("uri_too_long"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => emulator_pick("unsupported_media_type"),
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => {
                emulator_pick("request_header_fields_too_large")
            }
            StatusCode::TOO_MANY_REQUESTS => return Self::rate_limited(),
            s if s.is_server_error() => {
                return Self {
                    message,
                    ..Self::injected(s)
                };
            }
            _ => emulator_pick("invalid_request"),
        };
        Self::invalid(status, code, message)
    }

    /// 400 `system_edit_unauthorized`: a system attribute cannot be edited.
    pub fn system_edit_unauthorized(message: impl Into<String>) -> Self {
        Self::invalid(
            StatusCode::BAD_REQUEST,
            ErrorCode::SystemEditUnauthorized,
            message,
        )
    }

    /// 401 `auth_error`/`unauthorized`.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::UNAUTHORIZED,
            kind: "auth_error",
            code: ErrorCode::Unauthorized,
            message: message.into(),
            validation_errors: Vec::new(),
        }
    }

    /// 429 `rate_limit_error`/`rate_limit_exceeded`.
    pub fn rate_limited() -> Self {
        Self {
            status: StatusCode::TOO_MANY_REQUESTS,
            kind: "rate_limit_error",
            code: ErrorCode::RateLimitExceeded,
            message: "Rate limit exceeded, please try again later".to_owned(),
            validation_errors: Vec::new(),
        }
    }

    /// An injected server error (500, 502 or 503) for fault testing. Attio does not
    /// document its 5xx bodies; the emulator keeps the shape of its documented errors with
    /// `type: "api_error"` and the status's reason as `code` (`internal_server_error`,
    /// `bad_gateway`, `service_unavailable`), so clients should classify by status.
    pub fn injected(status: StatusCode) -> Self {
        let code = emulator_pick(match status.as_u16() {
            502 => "bad_gateway",
            503 => "service_unavailable",
            504 => "gateway_timeout",
            _ => "internal_server_error",
        });
        Self {
            status,
            kind: "api_error",
            code,
            message: format!("Injected fault: {status}"),
            validation_errors: Vec::new(),
        }
    }

    /// 500 `api_error`/`internal_server_error`: the emulator itself failed (a bug).
    pub fn internal(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            ..Self::injected(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }

    /// The JSON body Attio sends for this error.
    pub fn body(&self) -> Value {
        let mut body = serde_json::json!({
            "status_code": self.status.as_u16(),
            "type": self.kind,
            "code": self.code.as_str(),
            "message": self.message,
        });
        if !self.validation_errors.is_empty()
            && let Some(map) = body.as_object_mut()
        {
            map.insert(
                "validation_errors".to_owned(),
                serde_json::to_value(&self.validation_errors).unwrap_or(Value::Null),
            );
        }
        body
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body())).into_response()
    }
}

/// A code of the emulator's own, for a status Attio does not document a body for.
fn emulator_pick(code: &str) -> ErrorCode {
    ErrorCode::Unknown(code.to_owned())
}

/// The name of a JSON value's type as Attio's validation messages spell it.
pub fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
