//! The HTTP client: [`Client`], its [`ClientBuilder`], and the record operations.
//!
//! ```no_run
//! # async fn run() -> Result<(), attio_core::Error> {
//! use attio_core::Client;
//!
//! let client = Client::from_env()?; // ATTIO_API_KEY, optional ATTIO_BASE_URL
//! let record = client
//!     .get_record("users", "bf071e1f-6035-429d-b874-d83ea64ea13b")
//!     .await?;
//! println!("{}", record.id());
//! # Ok(())
//! # }
//! ```
//!
//! Every request goes through one pipeline: it waits for the client's
//! [`Pacer`] (shared by all clones, Attio's documented rate limits by default), sends with
//! `Authorization: Bearer <token>`, retries what the [`RetryPolicy`] allows (only requests
//! that are safe to repeat, unless Attio certainly did not process them), and decodes the
//! response or Attio's error body into a typed [`Error`]. Each request runs in
//! a `tracing` span `attio.request` with the method, route template, status, attempt and
//! time waited; the token and attribute values never appear in spans, logs, `Debug` output
//! or errors.

mod builder;
mod lists;
pub(crate) mod pipeline;
mod query;
mod records;
mod response;
pub(crate) mod route;
mod route_cache;
mod trace;
mod webhooks;

use std::fmt;
use std::sync::Arc;

pub use builder::{
    ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT, ENV_API_KEY, ENV_BASE_URL, ENV_PACING_WORKSPACE, ENV_REDIS_URL,
};
pub use lists::{EntriesHandler, ListsHandler};
pub(crate) use pipeline::{Call, unserialisable};
pub use query::{RecordQuery, SortDirection};
pub use records::Values;
pub(crate) use records::{Payload, write_body};
pub(crate) use response::Received;
pub(crate) use route::Route;
pub use webhooks::WebhooksHandler;

use crate::error::Error;
use crate::pacing::Pacer;
use crate::retry::RetryPolicy;

/// A handle to the Attio API.
///
/// Cheap to clone (one reference count): clones share the connection pool, the pacer and
/// the retry budget, so clone it into every task rather than building several.
/// `Send + Sync`; every future it returns is `Send`.
///
/// ```
/// use attio_core::Client;
///
/// # fn main() -> Result<(), attio_core::Error> {
/// let client = Client::builder()
///     .token("your-attio-api-token")
///     .build()?;
/// let for_a_task = client.clone(); // same pool, pacer and retry budget
/// assert_eq!(for_a_task.base_url(), "https://api.attio.com");
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// Without a trailing `/` or `/v2`.
    base_url: String,
    /// `base_url` parsed, which every request's URL is built on.
    base: reqwest::Url,
    /// The URLs of the object routes already sent to.
    routes: route_cache::RouteCache,
    /// `Bearer <token>`, built once and marked sensitive, so no `Debug` of a request or of
    /// this shows it.
    authorization: reqwest::header::HeaderValue,
    pacer: Pacer,
    retry: RetryPolicy,
    /// The largest response body read, in bytes.
    max_response_bytes: u64,
}

impl Client {
    /// A builder, to set the base URL, token, timeout, user agent, pacing and retries.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client for Attio's API with this token and every other setting at its default.
    ///
    /// # Errors
    /// [`Error::Config`] when the token is empty or cannot be an HTTP header value, or the
    /// HTTP stack cannot be initialised.
    pub fn new(token: impl Into<String>) -> Result<Self, Error> {
        ClientBuilder::new().token(token).build()
    }

    /// A client configured from the environment: the token from `ATTIO_API_KEY`
    /// (required), the base URL from `ATTIO_BASE_URL` (optional, default
    /// `https://api.attio.com`). For more settings use [`ClientBuilder::from_env`].
    ///
    /// # Errors
    /// [`Error::Config`] when `ATTIO_API_KEY` is unset or empty, or a setting is invalid.
    ///
    /// ```
    /// match attio_core::Client::from_env() {
    ///     Ok(client) => println!("talking to {}", client.base_url()),
    ///     Err(error) => eprintln!("not configured: {error}"), // names ATTIO_API_KEY
    /// }
    /// ```
    pub fn from_env() -> Result<Self, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// The base URL requests go to (without `/v2`).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The pacer shared by this client and its clones.
    pub fn pacer(&self) -> &Pacer {
        &self.inner.pacer
    }

    /// The retry policy of this client and its clones.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("token", &"[redacted]")
            .field("pacer", &self.inner.pacer)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync + Clone + 'static>() {}
    fn assert_send<T: Send>(_: &T) {}

    #[test]
    fn client_is_shareable_and_its_futures_are_send() {
        assert_send_sync::<Client>();
        let client = Client::new("tok_1234567890").expect("client");
        let values = Values::new();
        assert_send(&client.assert_record("users", "user_id", values.clone()));
        assert_send(&client.create_record("users", values.clone()));
        assert_send(&client.update_record("users", "id", values.clone()));
        assert_send(&client.overwrite_record("users", "id", values));
        assert_send(&client.get_record("users", "id"));
        assert_send(&client.delete_record("users", "id"));
        assert_send(&client.query_records("users", &RecordQuery::new()));
        let webhooks = client.webhooks();
        let new = crate::webhook::NewWebhook::new("https://example.com");
        assert_send(&webhooks.create(&new));
        assert_send(&webhooks.list(10, 0));
        assert_send(&webhooks.get("id"));
        assert_send(&webhooks.update("id", &crate::webhook::WebhookUpdate::new()));
        assert_send(&webhooks.delete("id"));
        let entries = client.entries("sales");
        assert_send(&entries.assert("people", "id", Values::new()));
        assert_send(&entries.create("people", "id", Values::new()));
        assert_send(&entries.update("id", Values::new()));
        assert_send(&entries.query().first());
        assert_send(&client.lists().list());
        assert_send(&client.record_entries("people", "id", 10, 0));
    }

    #[test]
    fn debug_never_shows_the_token() {
        let client = Client::builder()
            .token("tok_do_not_print")
            .base_url("http://127.0.0.1:1")
            .build()
            .expect("client");
        let debug = format!("{client:?} {:?}", client.clone());
        assert!(!debug.contains("tok_do_not_print"), "{debug}");
        assert!(debug.contains("127.0.0.1"), "{debug}");
    }
}
