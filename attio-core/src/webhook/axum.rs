//! [`VerifiedWebhook`]: an axum extractor for Attio deliveries (feature `axum`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRef, FromRequest, Request};
use axum::response::{IntoResponse, Response};

use super::{Delivery, WebhookError, WebhookSecret, receive};

/// A delivery whose `Attio-Signature` matched, with its parsed events and idempotency key.
///
/// Reads the raw body (within axum's body limit, 2 MB by default), verifies it with the
/// [`WebhookSecret`] taken from the router's state (`WebhookSecret: FromRef<S>`), then parses
/// it. A missing, malformed or wrong signature is answered `401` and a signed body that is
/// not a webhook payload `400`, both with a short JSON body `{"error": "..."}`; the handler
/// only runs for verified deliveries.
///
/// ```
/// use attio_core::webhook::{VerifiedWebhook, WebhookSecret};
/// use axum::{Router, http::StatusCode, routing::post};
///
/// async fn attio(VerifiedWebhook(delivery): VerifiedWebhook) -> StatusCode {
///     for event in &delivery.payload.events {
///         println!("{} by {:?}", event.event_type(), event.actor());
///     }
///     StatusCode::OK
/// }
///
/// let secret = WebhookSecret::new("the secret Attio returned when the webhook was created");
/// let app: Router = Router::new().route("/attio", post(attio)).with_state(secret);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedWebhook(pub Delivery);

impl<S> FromRequest<S> for VerifiedWebhook
where
    S: Send + Sync,
    WebhookSecret: FromRef<S>,
{
    type Rejection = WebhookRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let secret = WebhookSecret::from_ref(state);
        let headers = request.headers().clone();
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| WebhookRejection::Body(rejection.into_response()))?;
        receive(&secret, &headers, &body)
            .map(Self)
            .map_err(WebhookRejection::Webhook)
    }
}

/// Why [`VerifiedWebhook`] refused a request; answers with the matching status.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookRejection {
    /// The signature or the payload was wrong: `401` or `400` (see
    /// [`WebhookError::status`]).
    Webhook(WebhookError),
    /// The body could not be read (e.g. over the body limit): axum's own answer.
    Body(Response),
}

impl IntoResponse for WebhookRejection {
    fn into_response(self) -> Response {
        match self {
            Self::Webhook(error) => {
                let body = Json(serde_json::json!({ "error": error.to_string() }));
                (error.status(), body).into_response()
            }
            Self::Body(response) => response,
        }
    }
}
