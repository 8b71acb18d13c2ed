//! Checking (and making) the `Attio-Signature` of a delivery.
//!
//! Attio signs the raw request body, as bytes, with HMAC-SHA256 keyed by the webhook's
//! secret (the secret string's UTF-8 bytes, as returned when the webhook was created), and
//! sends the MAC as lower-case hex in `Attio-Signature` and again in `X-Attio-Signature`
//! (for legacy middleware). Source: <https://docs.attio.com/rest-api/guides/webhooks>,
//! "Authenticating".
//!
//! Verification works on the bytes that arrived: parsing the JSON and serializing it again
//! changes bytes (spacing, key order, escapes) and so changes the MAC.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

use super::WebhookError;

/// The header Attio puts the signature in.
pub const SIGNATURE_HEADER: &str = "attio-signature";
/// The same signature, duplicated by Attio "to support legacy middleware".
pub const LEGACY_SIGNATURE_HEADER: &str = "x-attio-signature";

/// Length in bytes of an HMAC-SHA256 tag (64 hex characters on the wire).
const TAG_LEN: usize = 32;

type HmacSha256 = Hmac<Sha256>;

/// A webhook's signing secret.
///
/// It never appears in `Debug` output, logs or errors: `{:?}` prints
/// `WebhookSecret(REDACTED)`.
///
/// ```
/// use attio_core::WebhookSecret;
///
/// let secret = WebhookSecret::new("whsec-from-attio");
/// let body = br#"{"webhook_id":"w","events":[]}"#;
/// let signature = secret.sign(body); // what Attio puts in `Attio-Signature`
/// assert!(secret.verify(body, &signature).is_ok());
/// assert!(secret.verify(b"{}", &signature).is_err());
/// assert_eq!(format!("{secret:?}"), "WebhookSecret(REDACTED)");
/// ```
#[derive(Clone)]
pub struct WebhookSecret(SecretString);

impl WebhookSecret {
    /// Wraps the secret Attio returned when the webhook was created.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(SecretString::from(secret.into()))
    }

    /// The secret itself, e.g. to store it where the receiver reads its configuration.
    /// Named so that every place that reveals it is easy to find.
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }

    fn mac(&self) -> HmacSha256 {
        // HMAC accepts keys of any length (long keys are hashed, short ones padded), so
        // `new_from_slice` cannot fail here.
        HmacSha256::new_from_slice(self.0.expose_secret().as_bytes())
            .expect("HMAC-SHA256 accepts a key of any length")
    }

    /// The signature Attio would send for `body`: HMAC-SHA256, lower-case hex.
    ///
    /// For senders (the emulator, tests); a receiver calls [`WebhookSecret::verify`].
    pub fn sign(&self, body: &[u8]) -> String {
        let mut mac = self.mac();
        mac.update(body);
        hex::encode(mac.finalize().into_bytes())
    }

    /// Checks `signature` (the header's value) against the raw `body`, in constant time.
    ///
    /// Errors: [`WebhookError::MalformedSignature`] when the value is not 64 hex
    /// characters, [`WebhookError::SignatureMismatch`] when it is but does not match.
    ///
    /// ```
    /// use attio_core::webhook::{WebhookError, WebhookSecret};
    ///
    /// let secret = WebhookSecret::new("whsec-from-attio");
    /// let signature = secret.sign(b"raw body");
    /// assert!(secret.verify(b"raw body", &signature).is_ok());
    /// let malformed = secret.verify(b"raw body", "not hex");
    /// assert!(matches!(malformed, Err(WebhookError::MalformedSignature(_))));
    /// ```
    pub fn verify(&self, body: &[u8], signature: &str) -> Result<(), WebhookError> {
        let tag = decode_tag(signature.trim())?;
        let mut mac = self.mac();
        mac.update(body);
        mac.verify_slice(&tag)
            .map_err(|_| WebhookError::SignatureMismatch)
    }

    /// Finds the signature in `headers` (`Attio-Signature`, else `X-Attio-Signature`) and
    /// checks it against the raw `body`.
    ///
    /// Errors: [`WebhookError::MissingSignature`] when neither header is present, and the
    /// errors of [`WebhookSecret::verify`].
    pub fn verify_headers(
        &self,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> Result<(), WebhookError> {
        let value = headers
            .get(SIGNATURE_HEADER)
            .or_else(|| headers.get(LEGACY_SIGNATURE_HEADER))
            .ok_or(WebhookError::MissingSignature)?;
        let value = value
            .to_str()
            .map_err(|_| WebhookError::MalformedSignature(SignatureProblem::NotHex))?;
        self.verify(body, value)
    }
}

impl From<String> for WebhookSecret {
    fn from(secret: String) -> Self {
        Self::new(secret)
    }
}

impl From<&str> for WebhookSecret {
    fn from(secret: &str) -> Self {
        Self::new(secret)
    }
}

impl From<SecretString> for WebhookSecret {
    fn from(secret: SecretString) -> Self {
        Self(secret)
    }
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookSecret(REDACTED)")
    }
}

/// Why a signature header's value is not a well-formed HMAC-SHA256 hex string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureProblem {
    /// It contains a character that is not a hex digit (or is not visible ASCII).
    NotHex,
    /// It has this many characters instead of 64.
    WrongLength(usize),
}

impl fmt::Display for SignatureProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotHex => f.write_str("not a hex string"),
            Self::WrongLength(len) => write!(f, "{len} characters, expected {}", TAG_LEN * 2),
        }
    }
}

/// Decodes the hex tag. Attio sends lower case; upper case is accepted too, as hex is
/// case-insensitive and the bytes compared are the same.
fn decode_tag(signature: &str) -> Result<[u8; TAG_LEN], WebhookError> {
    if signature.len() != TAG_LEN * 2 {
        return Err(WebhookError::MalformedSignature(
            SignatureProblem::WrongLength(signature.chars().count()),
        ));
    }
    let mut tag = [0u8; TAG_LEN];
    hex::decode_to_slice(signature, &mut tag)
        .map_err(|_| WebhookError::MalformedSignature(SignatureProblem::NotHex))?;
    Ok(tag)
}
