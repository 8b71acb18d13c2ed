//! Receiving Attio webhooks: verify a delivery's signature, parse its events, skip
//! redeliveries.
//!
//! Attio POSTs each delivery with the body signed by the webhook's secret
//! (HMAC-SHA256 of the raw body, lower-case hex, in `Attio-Signature` and again in
//! `X-Attio-Signature`) and an `Idempotency-Key` that stays the same across retries
//! (<https://docs.attio.com/rest-api/guides/webhooks>). This module:
//!
//! - checks the signature from the raw bytes, in constant time: [`WebhookSecret`];
//! - parses `{"webhook_id", "events": [...]}` into typed [`WebhookEvent`]s, keeping event
//!   types it does not know ([`WebhookEvent::Unknown`]): [`WebhookPayload`];
//! - does both at once: [`receive`] → [`Delivery`];
//! - remembers idempotency keys to drop redeliveries, per process: [`Deduplicator`];
//! - managing webhooks (create, list, get, update, delete) goes through the client:
//!   [`Client::webhooks`](crate::Client::webhooks), with [`NewWebhook`], [`Subscription`]
//!   and [`SubscriptionFilter`]; the secret returned on create is a [`WebhookSecret`];
//! - with the `axum` feature, an extractor that answers 401 to a bad signature and 400 to
//!   a bad body: `VerifiedWebhook`.
//!
//! Attio only counts 200 and 202 as delivered and retries anything else up to 10 times over
//! about 3 days, so answer quickly and do slow work afterwards.
//!
//! ```
//! use attio_core::webhook::{self, Deduplicator, WebhookEvent, WebhookSecret};
//! use http::HeaderMap;
//!
//! let secret = WebhookSecret::new("ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb");
//! let seen = Deduplicator::default();
//!
//! // What arrived (here made up, signed the way Attio signs).
//! let body = br#"{"webhook_id":"23e42eaf-323a-41da-b5bb-fd67eebda553","events":[{"event_type":"record.created","id":{"workspace_id":"14beef7a-99f7-4534-a87e-70b564330a4c","object_id":"97052eb9-e65e-443f-a297-f2d9a4a7f795","record_id":"bf071e1f-6035-429d-b874-d83ea64ea13b"},"actor":{"type":"workspace-member","id":"50cf242c-7fa3-4cad-87d0-75b1af71c57b"}}]}"#;
//! let mut headers = HeaderMap::new();
//! headers.insert("attio-signature", secret.sign(body).parse()?);
//! headers.insert("idempotency-key", "c5b1f8a2-1".parse()?);
//!
//! let delivery = webhook::receive(&secret, &headers, body)?; // Err → answer 401 or 400
//! if delivery.idempotency_key.as_deref().is_none_or(|key| seen.first_time(key)) {
//!     for event in &delivery.payload.events {
//!         match event {
//!             WebhookEvent::RecordCreated(created) => {
//!                 assert_eq!(created.id.record_id, "bf071e1f-6035-429d-b874-d83ea64ea13b");
//!             }
//!             WebhookEvent::Unknown { event_type, .. } => println!("new event type {event_type}"),
//!             _ => {}
//!         }
//!     }
//! }
//!
//! // A byte changed in transit: rejected before parsing.
//! let err = webhook::receive(&secret, &headers, &body[..body.len() - 1]).unwrap_err();
//! assert!(err.is_signature_error());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#[cfg(feature = "axum")]
mod axum;
mod dedupe;
mod delivery;
mod event;
pub mod ids;
mod registration;
mod signature;
mod subscription;

#[cfg(feature = "axum")]
pub use self::axum::{VerifiedWebhook, WebhookRejection};
pub use dedupe::Deduplicator;
pub use delivery::{Delivery, IDEMPOTENCY_KEY_HEADER, idempotency_key, receive};
pub use event::{
    CommentEvent, Event, ParentedEvent, RecordMergedEvent, WebhookEvent, WebhookPayload,
};
pub use registration::{
    CreatedWebhook, NewWebhook, Webhook, WebhookIds, WebhookStatus, WebhookUpdate,
};
pub use signature::{LEGACY_SIGNATURE_HEADER, SIGNATURE_HEADER, SignatureProblem, WebhookSecret};
pub use subscription::{
    EventType, FilterCondition, FilterOperator, Subscription, SubscriptionFilter,
};

/// Why a delivery was not accepted.
///
/// Messages never contain the secret or the expected signature.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// Neither `Attio-Signature` nor `X-Attio-Signature` is present.
    #[error("the delivery has no Attio-Signature (or X-Attio-Signature) header")]
    MissingSignature,
    /// The signature header is not 64 hex characters.
    #[error("the delivery's Attio-Signature is malformed: {0}")]
    MalformedSignature(SignatureProblem),
    /// The signature is well formed but is not the body's HMAC under this secret: the body
    /// was changed, or it was signed with another secret (or not by Attio).
    #[error("the delivery's Attio-Signature does not match its body")]
    SignatureMismatch,
    /// The (signed) body is not a webhook payload.
    #[error("the delivery's body is not an Attio webhook payload: {0}")]
    InvalidPayload(#[source] serde_json::Error),
}

impl WebhookError {
    /// Whether the signature is missing, malformed or wrong (answer 401), as opposed to a
    /// signed body that does not parse (answer 400).
    pub fn is_signature_error(&self) -> bool {
        !matches!(self, Self::InvalidPayload(_))
    }

    /// The HTTP status a receiver should answer with: 401 for a signature error, 400 for
    /// a body that does not parse.
    pub fn status(&self) -> http::StatusCode {
        if self.is_signature_error() {
            http::StatusCode::UNAUTHORIZED
        } else {
            http::StatusCode::BAD_REQUEST
        }
    }
}
