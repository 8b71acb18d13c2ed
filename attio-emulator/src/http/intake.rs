//! What a request goes through before the routes see it, in this order: the emulator's own
//! limits on the request target and headers, the token, then the body (bounded in size and
//! in time). Nothing is buffered for a client that is not let in.

use std::time::Duration;

use axum::body::Body;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use base64::Engine;
use bytes::Bytes;

use super::{MAX_BODY_BYTES, MAX_HEADER_BYTES, MAX_HEADERS, MAX_URI_BYTES};
use crate::error::ApiError;

/// 414 for a request target over [`MAX_URI_BYTES`], 431 for more than [`MAX_HEADERS`]
/// header fields or more than [`MAX_HEADER_BYTES`] of them. The byte limits sit below
/// hyper's own, so such requests reach the emulator; hyper's limit on the number of fields is
/// the same as [`MAX_HEADERS`], so that check is a second line (hyper's 431 gets Attio's body
/// in `refusals`).
pub(super) fn check_head(parts: &Parts) -> Result<(), ApiError> {
    let target = parts.uri.authority().map_or(0, |a| a.as_str().len())
        + parts.uri.path_and_query().map_or(0, |p| p.as_str().len());
    if target > MAX_URI_BYTES {
        return Err(ApiError::uri_too_long(MAX_URI_BYTES));
    }
    if parts.headers.len() > MAX_HEADERS {
        return Err(ApiError::headers_too_large(format!(
            "The request has more than {MAX_HEADERS} header fields."
        )));
    }
    let bytes: usize = parts
        .headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if bytes > MAX_HEADER_BYTES {
        return Err(ApiError::headers_too_large(format!(
            "The request's header fields are larger than {MAX_HEADER_BYTES} bytes."
        )));
    }
    Ok(())
}

/// Exactly one `Authorization: Bearer <token>` (or HTTP Basic with the token as user name);
/// anything else → 401. Two headers are refused even when both carry the token: which one
/// a proxy or server reads is not defined, so Attio's answer to it cannot be relied on.
pub(super) fn authorize(headers: &HeaderMap, token: &str) -> Result<(), ApiError> {
    let mut values = headers.get_all(header::AUTHORIZATION).iter();
    let Some(value) = values.next() else {
        return Err(ApiError::unauthorized(
            "The Authorization header was not provided. Use 'Authorization: Bearer <token>'.",
        ));
    };
    if values.next().is_some() {
        return Err(ApiError::unauthorized(
            "More than one Authorization header was provided. Send exactly one.",
        ));
    }
    let presented = value.to_str().ok().and_then(|v| {
        if let Some(token) = v.strip_prefix("Bearer ") {
            return Some(token.trim().to_owned());
        }
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(v.strip_prefix("Basic ")?.trim())
            .ok()?;
        let text = String::from_utf8(decoded).ok()?;
        text.split_once(':').map(|(user, _)| user.to_owned())
    });
    if presented.as_deref() != Some(token) {
        return Err(ApiError::unauthorized(
            "The provided access token is invalid or has been revoked.",
        ));
    }
    Ok(())
}

/// Buffers the body: over [`MAX_BODY_BYTES`] → 413, not complete within `timeout` → 408.
pub(super) async fn read_body(body: Body, timeout: Duration) -> Result<Bytes, ApiError> {
    match tokio::time::timeout(timeout, axum::body::to_bytes(body, MAX_BODY_BYTES)).await {
        Ok(Ok(bytes)) => Ok(bytes),
        // Over the limit, or the client broke the body off (then no answer arrives anyway).
        Ok(Err(_)) => Err(ApiError::payload_too_large(MAX_BODY_BYTES)),
        Err(_) => Err(ApiError::request_timeout(timeout)),
    }
}
