//! [`receive`]: one delivery, verified and parsed, with its idempotency key.

use super::{WebhookError, WebhookPayload, WebhookSecret};

/// The header that names a delivery; the same on every retry of it.
pub const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";

/// A delivery whose signature matched: its events and its `Idempotency-Key`.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    /// The parsed body.
    pub payload: WebhookPayload,
    /// The `Idempotency-Key` header; Attio sends one with every delivery, so `None` means
    /// another sender. Pass it to a [`Deduplicator`](super::Deduplicator) to skip
    /// redeliveries.
    pub idempotency_key: Option<String>,
}

/// Verifies a delivery's signature against its raw `body`, then parses the body.
///
/// Give it the bytes exactly as received. Signature problems come first
/// ([`WebhookError::is_signature_error`], answer 401), then a body that is not a webhook
/// payload ([`WebhookError::InvalidPayload`], answer 400): an unsigned body is never parsed.
pub fn receive(
    secret: &WebhookSecret,
    headers: &http::HeaderMap,
    body: &[u8],
) -> Result<Delivery, WebhookError> {
    secret.verify_headers(headers, body)?;
    Ok(Delivery {
        payload: WebhookPayload::from_slice(body)?,
        idempotency_key: idempotency_key(headers),
    })
}

/// The `Idempotency-Key` header, if present (bytes that are not UTF-8 are replaced, so a
/// key is never dropped).
pub fn idempotency_key(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get(IDEMPOTENCY_KEY_HEADER)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
}
