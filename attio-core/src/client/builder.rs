//! [`ClientBuilder`]: the configuration of a [`Client`], and `from_env`.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};

use super::{Client, Inner};
use crate::error::Error;
use crate::pacing::{Pacer, PacingConfig, SharedPacing};
use crate::retry::RetryPolicy;

/// Attio's API host. The client appends `/v2/...` itself.
pub const DEFAULT_BASE_URL: &str = "https://api.attio.com";

/// The environment variable holding the API token ([`Client::from_env`]).
pub const ENV_API_KEY: &str = "ATTIO_API_KEY";

/// The optional environment variable overriding the base URL ([`Client::from_env`]).
pub const ENV_BASE_URL: &str = "ATTIO_BASE_URL";

/// The optional environment variable naming a Redis that paces a fleet of processes
/// together (`ClientBuilder::shared_pacing_redis`, feature `redis`).
pub const ENV_REDIS_URL: &str = "ATTIO_REDIS_URL";

/// The optional environment variable naming the workspace in the shared pacing keys
/// (`ClientBuilder::shared_pacing_workspace`, feature `redis`).
pub const ENV_PACING_WORKSPACE: &str = "ATTIO_PACING_WORKSPACE";

/// How long a request may take, from sending to the end of the response body, unless
/// configured otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How long opening a connection may take, unless configured otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest response body the client reads, unless configured otherwise: 64 MiB, far
/// above any Attio answer (a page of 500 records is a few MiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// Configures a [`Client`]; start with [`Client::builder`].
///
/// Only the token is required. Its `Debug` output never shows the token.
///
/// ```
/// use std::time::Duration;
/// use attio_core::Client;
/// use attio_core::pacing::PacingConfig;
/// use attio_core::retry::RetryPolicy;
///
/// # fn main() -> Result<(), attio_core::Error> {
/// let client = Client::builder()
///     .base_url("http://127.0.0.1:4010") // e.g. a local attio-emulator
///     .token("the-token")
///     .timeout(Duration::from_secs(10))
///     .pacing(PacingConfig::off())
///     .retry_policy(RetryPolicy::none())
///     .build()?;
/// assert_eq!(client.base_url(), "http://127.0.0.1:4010");
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    base_url: String,
    token: Option<SecretString>,
    timeout: Duration,
    connect_timeout: Duration,
    max_response_bytes: u64,
    user_agent: String,
    pacing: PacingConfig,
    /// A shared budget given whole.
    shared: Option<SharedPacing>,
    /// A Redis to share a budget through.
    #[cfg(feature = "redis")]
    redis: Option<RedisUrl>,
    /// The workspace name in the Redis keys (default: derived from the token).
    #[cfg(feature = "redis")]
    pacing_workspace: Option<String>,
    retry: RetryPolicy,
}

/// A Redis URL, shown with its password redacted.
#[cfg(feature = "redis")]
#[derive(Clone)]
struct RedisUrl(SecretString);

#[cfg(feature = "redis")]
impl std::fmt::Debug for RedisUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::pacing::redact_url(self.0.expose_secret()))
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            token: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            user_agent: concat!("attio-core/", env!("CARGO_PKG_VERSION")).to_owned(),
            pacing: PacingConfig::default(),
            shared: None,
            #[cfg(feature = "redis")]
            redis: None,
            #[cfg(feature = "redis")]
            pacing_workspace: None,
            retry: RetryPolicy::default(),
        }
    }
}

impl ClientBuilder {
    /// A builder with the defaults: Attio's host, a 30 s timeout, a 10 s connect timeout,
    /// response bodies of at most 64 MiB, Attio's documented rate
    /// limits ([`PacingConfig::default`]) and the default [`RetryPolicy`]; no token yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder holding the token from `ATTIO_API_KEY` and, when set, the base URL from
    /// `ATTIO_BASE_URL`, the shared pacing Redis from `ATTIO_REDIS_URL` and its workspace
    /// name from `ATTIO_PACING_WORKSPACE`.
    ///
    /// # Errors
    /// [`Error::Config`] when `ATTIO_API_KEY` is unset or empty, a variable is not
    /// valid Unicode, or `ATTIO_REDIS_URL` is set but the crate was built without its
    /// `redis` feature.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name))
    }

    fn from_lookup(
        lookup: impl Fn(&str) -> Result<String, std::env::VarError>,
    ) -> Result<Self, Error> {
        use std::env::VarError;
        let read = |name: &str| match lookup(name) {
            Ok(value) if value.trim().is_empty() => Ok(None),
            Ok(value) => Ok(Some(value)),
            Err(VarError::NotPresent) => Ok(None),
            Err(VarError::NotUnicode(_)) => {
                Err(Error::Config(format!("{name} is not valid Unicode")))
            }
        };
        let token = read(ENV_API_KEY)?
            .ok_or_else(|| Error::Config(format!("{ENV_API_KEY} is not set (or empty)")))?;
        let mut builder = Self::new().token(token);
        if let Some(base_url) = read(ENV_BASE_URL)? {
            builder = builder.base_url(base_url);
        }
        let workspace = read(ENV_PACING_WORKSPACE)?;
        if let Some(url) = read(ENV_REDIS_URL)? {
            builder = builder.redis_from_env(url, workspace)?;
        }
        Ok(builder)
    }

    #[cfg(feature = "redis")]
    fn redis_from_env(self, url: String, workspace: Option<String>) -> Result<Self, Error> {
        let builder = self.shared_pacing_redis(url);
        Ok(match workspace {
            Some(workspace) => builder.shared_pacing_workspace(workspace),
            None => builder,
        })
    }

    #[cfg(not(feature = "redis"))]
    fn redis_from_env(self, _url: String, _workspace: Option<String>) -> Result<Self, Error> {
        Err(Error::Config(format!(
            "{ENV_REDIS_URL} is set, but attio-core was built without its `redis` feature"
        )))
    }

    /// The API host, e.g. `https://api.attio.com` (the default) or an emulator's
    /// `http://127.0.0.1:PORT`. Paths start with `/v2/`, appended by the client; a
    /// trailing `/v2` or `/` here is ignored.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// The API key or OAuth access token, sent as `Authorization: Bearer <token>`.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(SecretString::from(token.into()));
        self
    }

    /// How long one attempt may take, from sending to the end of the response body
    /// (default 30 s). A timed-out attempt is retried only when that is safe.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long opening a connection may take (default 10 s, and never more than
    /// [`timeout`](Self::timeout)). A connection that could not be opened sent nothing, so
    /// every request may be retried after it.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The largest response body the client reads, in bytes (default 64 MiB). A response
    /// declaring a longer `Content-Length` is refused unread; one that turns out longer is
    /// abandoned as soon as it passes the limit. Either fails the request with
    /// [`Error::ResponseTooLarge`], so memory never grows with what a server sends.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The `User-Agent` header (default `attio-core/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// How requests are paced (default: Attio's limits, adaptive); [`PacingConfig::off`]
    /// turns pacing off. Clones of the client share one pacer.
    pub fn pacing(mut self, pacing: PacingConfig) -> Self {
        self.pacing = pacing;
        self
    }

    /// Paces through `shared`, a budget shared with other processes, instead of alone
    /// (see [`Pacer::with_shared_budget`]); replaces any earlier shared pacing option.
    pub fn shared_pacing(mut self, shared: SharedPacing) -> Self {
        self.shared = Some(shared);
        #[cfg(feature = "redis")]
        {
            self.redis = None;
        }
        self
    }

    /// Paces through a [`RedisBudget`](crate::pacing::RedisBudget) in the Redis at `url`
    /// (`redis://[user][:password@]host[:port][/db]`), so every process naming the same
    /// workspace keeps under [`pacing`](Self::pacing)'s rates together; while that Redis is
    /// unreachable or slow, the client paces alone (see
    /// [`SharedPacing`]). The URL's password never appears in `Debug` output, logs or
    /// errors.
    ///
    /// Name the workspace with [`shared_pacing_workspace`](Self::shared_pacing_workspace);
    /// without it, the keys use `token-` and the first 16 hex digits of the SHA-256 of the
    /// API token (one-way: the token cannot be recovered from it, but processes with
    /// different tokens for one workspace then pace separately).
    #[cfg(feature = "redis")]
    pub fn shared_pacing_redis(mut self, url: impl Into<String>) -> Self {
        self.redis = Some(RedisUrl(SecretString::from(url.into())));
        self.shared = None;
        self
    }

    /// The workspace name in the shared pacing keys (any name the fleet agrees on, such
    /// as the workspace's id or slug; it is not secret). Only used with
    /// [`shared_pacing_redis`](Self::shared_pacing_redis), in either order.
    #[cfg(feature = "redis")]
    pub fn shared_pacing_workspace(mut self, workspace: impl Into<String>) -> Self {
        self.pacing_workspace = Some(workspace.into());
        self
    }

    /// Which failed requests are retried (default [`RetryPolicy::default`]);
    /// [`RetryPolicy::none`] turns retries off.
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// [`Error::Config`] when no token was given, the token cannot be an HTTP header, the
    /// base URL is not an `http(s)` URL without credentials, query or fragment, or the HTTP
    /// stack cannot be initialised.
    pub fn build(mut self) -> Result<Client, Error> {
        let token = self
            .token
            .take()
            .ok_or_else(|| Error::Config("no API token given".to_owned()))?;
        let exposed = token.expose_secret();
        if exposed.trim().is_empty() {
            return Err(Error::Config("the API token is empty".to_owned()));
        }
        if exposed.bytes().any(|byte| !(0x21..0x7f).contains(&byte)) {
            // Never quote the token, not even in part.
            return Err(Error::Config(
                "the API token contains characters an HTTP header cannot carry".to_owned(),
            ));
        }
        // The bytes were checked above: visible ASCII is always a valid header value.
        let mut authorization =
            HeaderValue::from_str(&format!("Bearer {exposed}")).map_err(|_| {
                Error::Config(
                    "the API token contains characters an HTTP header cannot carry".to_owned(),
                )
            })?;
        authorization.set_sensitive(true);
        let base_url = normalize_base_url(&self.base_url)?;
        let base = reqwest::Url::parse(&base_url)
            .map_err(|error| Error::Config(format!("base URL `{base_url}`: {error}")))?;
        let pacer = match self.resolve_shared_pacing(&token)? {
            Some(shared) => Pacer::with_shared_budget(self.pacing, shared),
            None => Pacer::new(self.pacing),
        };
        let http = reqwest::Client::builder()
            .user_agent(self.user_agent)
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            // Attio does not redirect API calls; following one could forward the token.
            .redirect(reqwest::redirect::Policy::none());
        // reqwest's own retries stay at its default, which only repeats requests the server
        // refused at the protocol level (HTTP/2 REFUSED_STREAM and the like): never applied,
        // so safe for every method. Everything else is the pipeline's retry policy.
        let http = http
            .build()
            .map_err(|error| Error::Config(format!("cannot initialise HTTP: {error}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                base,
                routes: Default::default(),
                authorization,
                pacer,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
            }),
        })
    }
}

impl ClientBuilder {
    /// The shared budget to pace through, if any.
    #[cfg_attr(not(feature = "redis"), allow(clippy::unnecessary_wraps))]
    fn resolve_shared_pacing(&self, token: &SecretString) -> Result<Option<SharedPacing>, Error> {
        #[cfg(feature = "redis")]
        if let Some(url) = &self.redis {
            let workspace = match &self.pacing_workspace {
                Some(name) => name.clone(),
                None => token_workspace(token),
            };
            let budget = crate::pacing::RedisBudget::new(url.0.expose_secret(), &workspace)?;
            return Ok(Some(SharedPacing::new(Arc::new(budget))));
        }
        let _ = token;
        Ok(self.shared.clone())
    }
}

/// The default workspace name in shared pacing keys: `token-` and the first 16 hex digits
/// of the token's SHA-256 (one-way; documented on `shared_pacing_redis`).
#[cfg(feature = "redis")]
fn token_workspace(token: &SecretString) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(token.expose_secret().as_bytes());
    format!("token-{}", hex::encode(&digest[..8]))
}

/// Checks the base URL and returns it without a trailing `/` or `/v2`.
fn normalize_base_url(raw: &str) -> Result<String, Error> {
    let invalid = |why: &str| Error::Config(format!("base URL `{raw}` {why}"));
    let url = reqwest::Url::parse(raw.trim()).map_err(|error| invalid(&error.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("is not http or https"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config(
            "the base URL must not carry credentials; give the token with `token()`".to_owned(),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("must not have a query or fragment"));
    }
    let text = url.as_str().trim_end_matches('/');
    let text = text.strip_suffix("/v2").unwrap_or(text);
    Ok(text.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::env::VarError;

    fn env(
        pairs: &'static [(&'static str, &'static str)],
    ) -> impl Fn(&str) -> Result<String, VarError> {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
                .ok_or(VarError::NotPresent)
        }
    }

    #[test]
    fn base_urls_are_normalised() {
        for (raw, expected) in [
            ("https://api.attio.com", "https://api.attio.com"),
            ("https://api.attio.com/", "https://api.attio.com"),
            ("https://api.attio.com/v2", "https://api.attio.com"),
            ("https://api.attio.com/v2/", "https://api.attio.com"),
            (
                "http://127.0.0.1:8080/proxy/",
                "http://127.0.0.1:8080/proxy",
            ),
        ] {
            assert_eq!(normalize_base_url(raw).unwrap(), expected, "{raw}");
        }
        for bad in [
            "api.attio.com",
            "ftp://api.attio.com",
            "https://user:secret@api.attio.com",
            "https://api.attio.com/?x=1",
            "https://api.attio.com/#top",
        ] {
            let error = normalize_base_url(bad).unwrap_err();
            assert!(matches!(error, Error::Config(_)), "{bad}");
            assert!(!error.to_string().contains("secret"), "{error}");
        }
    }

    #[test]
    fn from_env_requires_the_key_and_reads_the_base_url() {
        let error = ClientBuilder::from_lookup(env(&[])).unwrap_err();
        assert!(error.to_string().contains("ATTIO_API_KEY"), "{error}");
        let error = ClientBuilder::from_lookup(env(&[("ATTIO_API_KEY", "  ")])).unwrap_err();
        assert!(matches!(error, Error::Config(_)));
        let builder = ClientBuilder::from_lookup(env(&[
            ("ATTIO_API_KEY", "tok_secret"),
            ("ATTIO_BASE_URL", "http://127.0.0.1:9/"),
        ]))
        .unwrap();
        assert_eq!(builder.base_url, "http://127.0.0.1:9/");
        assert!(!format!("{builder:?}").contains("tok_secret"));
    }

    #[test]
    fn bad_tokens_are_rejected_without_quoting_them() {
        assert!(matches!(
            ClientBuilder::new().build(),
            Err(Error::Config(_))
        ));
        let error = ClientBuilder::new().token("sec ret\n").build().unwrap_err();
        assert!(!error.to_string().contains("sec"), "{error}");
        assert!(!format!("{error:?}").contains("sec"), "{error:?}");
    }
}
