//! Managing webhooks: [`WebhooksHandler`], from [`Client::webhooks`]. Each operation names
//! its route, method and idempotency; the [pipeline](super::pipeline) does the rest.

use reqwest::Method;

use super::Client;
use super::pipeline::Call;
use super::route::Route;
use crate::error::Error;
use crate::retry::Idempotency;
use crate::webhook::{CreatedWebhook, NewWebhook, Webhook, WebhookUpdate};

/// The webhook operations (`/v2/webhooks…`), borrowed from a [`Client`].
///
/// ```no_run
/// # async fn run(client: attio_core::Client) -> Result<(), attio_core::Error> {
/// use attio_core::webhook::{EventType, NewWebhook, Subscription};
///
/// let created = client
///     .webhooks()
///     .create(&NewWebhook::new("https://example.com/attio")
///         .subscribe(Subscription::to(EventType::RecordCreated)))
///     .await?;
/// // Keep `created.secret` for the receiver: Attio shows it only now.
/// let id = &created.webhook.id.webhook_id;
/// client.webhooks().delete(id).await?;
/// # Ok(()) }
/// ```
///
/// Errors of every operation: [`Error::InvalidId`] for a webhook id that is not a UUID
/// (nothing is sent); from Attio [`Error::Api`] (`validation_type` for a bad body, e.g. a
/// target URL that is not `https://`; `not_found` for an unknown webhook), and the
/// transport errors every request can have ([`Error::Timeout`], [`Error::Transport`],
/// [`Error::Decode`], [`Error::RateLimited`]).
#[derive(Debug, Clone, Copy)]
pub struct WebhooksHandler<'c> {
    client: &'c Client,
}

impl Client {
    /// The webhook operations: create, list, get, update, delete.
    pub fn webhooks(&self) -> WebhooksHandler<'_> {
        WebhooksHandler { client: self }
    }
}

impl WebhooksHandler<'_> {
    /// Creates a webhook (`POST /v2/webhooks`) and returns it with its signing secret.
    /// Not retried once it may have reached Attio: repeating it could create a second
    /// webhook (and deliver every event twice).
    ///
    /// # Errors
    /// See [`WebhooksHandler`]; [`Error::OutcomeUnknown`] when it may have been applied.
    pub async fn create(&self, webhook: &NewWebhook) -> Result<CreatedWebhook, Error> {
        let call =
            Call::new(Method::POST, Route::webhooks(), Idempotency::Unsafe).body(webhook.to_json());
        self.client.call_for_data(call).await
    }

    /// One page of the workspace's webhooks (`GET /v2/webhooks?limit=&offset=`); Attio
    /// takes a `limit` of 10 to 100. A page shorter than `limit` is the last one.
    ///
    /// # Errors
    /// See [`WebhooksHandler`].
    pub async fn list(&self, limit: u32, offset: u32) -> Result<Vec<Webhook>, Error> {
        let call = Call::new(
            Method::GET,
            Route::webhooks_page(limit, offset),
            Idempotency::Safe,
        );
        self.client.call_for_data(call).await
    }

    /// A webhook by id (`GET /v2/webhooks/{webhook_id}`).
    ///
    /// # Errors
    /// See [`WebhooksHandler`]; `not_found` ([`Error::is_not_found`]) for an unknown id.
    pub async fn get(&self, webhook_id: &str) -> Result<Webhook, Error> {
        let call = Call::new(Method::GET, Route::webhook(webhook_id)?, Idempotency::Safe);
        self.client.call_for_data(call).await
    }

    /// Changes a webhook's target URL and/or replaces its subscriptions
    /// (`PATCH /v2/webhooks/{webhook_id}`). Safe to repeat (it sets, never adds), so
    /// retried per the policy.
    ///
    /// # Errors
    /// See [`WebhooksHandler`].
    pub async fn update(&self, webhook_id: &str, update: &WebhookUpdate) -> Result<Webhook, Error> {
        let call = Call::new(
            Method::PATCH,
            Route::webhook(webhook_id)?,
            Idempotency::Safe,
        )
        .body(update.to_json());
        self.client.call_for_data(call).await
    }

    /// Deletes a webhook (`DELETE /v2/webhooks/{webhook_id}`). Retried per the policy;
    /// a retry answered `not_found` after an attempt that may have been applied counts
    /// as deleted.
    ///
    /// # Errors
    /// See [`WebhooksHandler`]; `not_found` when the webhook did not exist.
    pub async fn delete(&self, webhook_id: &str) -> Result<(), Error> {
        let call = Call::new(
            Method::DELETE,
            Route::webhook(webhook_id)?,
            Idempotency::Safe,
        )
        .gone_means_done();
        self.client.call(call).await?.empty_object()
    }
}
