//! [`RedisBudget`]: a [`SharedBudget`] in Redis, for a fleet of processes pacing one
//! workspace (feature `redis`).
//!
//! Each reservation runs one Lua script (`gcra.lua`, sent as `EVALSHA`, loaded with
//! `SCRIPT LOAD` when the server does not know it yet) that evaluates a GCRA schedule
//! atomically on the server with the server's clock (`TIME`), so neither the clients'
//! clocks nor their number matter. Each workspace and request class has its own key,
//! `{prefix}:{workspace}:reads` and `…:writes`, holding the next slot; it expires a second
//! after the last reservation's slot, so stale state never outlives a pause in the sync.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::future::BoxFuture;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use secrecy::{ExposeSecret, SecretString};

use super::budget::{BudgetUnavailable, Reservation, SharedBudget};
use super::lane::CATCH_UP;
use super::{RequestClass, lock};
use crate::error::Error;

/// The GCRA reservation, evaluated atomically by Redis.
const SCRIPT: &str = include_str!("gcra.lua");

/// A pacing budget shared through Redis by every process that names the same workspace
/// (see [`SharedPacing`](super::SharedPacing)).
///
/// Each reservation runs one Lua script, sent as `EVALSHA` (and loaded with `SCRIPT LOAD`
/// when the server does not know it yet), that evaluates a GCRA schedule atomically on the
/// server with the server's clock (`TIME`), so neither the clients' clocks nor their
/// number matter. Each workspace and request class has its own key,
/// `{prefix}:{workspace}:reads` and `…:writes`, holding the next slot; it expires a second
/// after the last reserved slot, so stale state never outlives a pause in the sync.
///
/// The connection is opened on first use and re-opened after failures by `redis`'s
/// [`ConnectionManager`]; building one never blocks. Its `Debug` output and every error
/// and log line show the URL with any password replaced by `redacted`.
#[derive(Clone)]
pub struct RedisBudget {
    inner: Arc<Inner>,
}

struct Inner {
    client: redis::Client,
    connection: Mutex<Option<ConnectionManager>>,
    script: redis::Script,
    reads_key: String,
    writes_key: String,
    /// The URL for display: its password (if any) replaced.
    shown_url: String,
    /// The password, to scrub from any error text a server or the driver produces.
    password: Option<SecretString>,
    /// The driver's connection and response timeouts: the pacer's own per-call timeout
    /// (shorter once connected) is what gives up on a slow answer; these only bound the
    /// first connection, which may take up to `SharedPacing::first_call_timeout`.
    timeout: Duration,
}

impl RedisBudget {
    /// The default key prefix: keys are `attio:pacing:{workspace}:reads` and `…:writes`.
    pub const DEFAULT_KEY_PREFIX: &'static str = "attio:pacing";

    /// A budget in the Redis at `url` (`redis://[user][:password@]host[:port][/db]`, or
    /// `rediss://` for TLS) for `workspace`: any name every process of the fleet agrees on
    /// and that identifies the Attio workspace, such as its id or slug. It is not secret
    /// (it is part of the key); do not use the API token.
    ///
    /// # Errors
    /// [`Error::Config`] when the URL is not a Redis URL or the workspace name is empty.
    pub fn new(url: &str, workspace: &str) -> Result<Self, Error> {
        Self::with_prefix(url, workspace, Self::DEFAULT_KEY_PREFIX)
    }

    /// [`new`](Self::new) with keys under `prefix` instead of
    /// [`DEFAULT_KEY_PREFIX`](Self::DEFAULT_KEY_PREFIX).
    ///
    /// # Errors
    /// As for [`new`](Self::new).
    pub fn with_prefix(url: &str, workspace: &str, prefix: &str) -> Result<Self, Error> {
        let shown_url = redact_url(url);
        if workspace.trim().is_empty() {
            return Err(Error::Config(
                "the shared pacing workspace name is empty".to_owned(),
            ));
        }
        let client = redis::Client::open(url.trim()).map_err(|error| {
            Error::Config(format!(
                "Redis URL `{shown_url}` is not usable: {}",
                error.category()
            ))
        })?;
        let password = client
            .get_connection_info()
            .redis_settings()
            .password()
            .filter(|password| !password.is_empty())
            .map(|password| SecretString::from(password.to_owned()));
        let key = |budget: &str| format!("{prefix}:{workspace}:{budget}");
        Ok(Self {
            inner: Arc::new(Inner {
                client,
                connection: Mutex::new(None),
                script: redis::Script::new(SCRIPT),
                reads_key: key("reads"),
                writes_key: key("writes"),
                shown_url,
                password,
                timeout: super::SharedPacing::DEFAULT_FIRST_CALL_TIMEOUT,
            }),
        })
    }

    /// The Redis key holding `class`'s schedule.
    pub fn key(&self, class: RequestClass) -> &str {
        match class {
            RequestClass::Read => &self.inner.reads_key,
            RequestClass::Write => &self.inner.writes_key,
        }
    }

    /// The URL, with any password replaced by `redacted`.
    pub fn url(&self) -> &str {
        &self.inner.shown_url
    }

    /// The connection, opened lazily (the manager connects on first use and reconnects
    /// after I/O errors by itself).
    fn connection(&self) -> Result<ConnectionManager, BudgetUnavailable> {
        let mut slot = lock(&self.inner.connection);
        if let Some(connection) = &*slot {
            return Ok(connection.clone());
        }
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(self.inner.timeout))
            .set_response_timeout(Some(self.inner.timeout))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_millis(500));
        let connection = ConnectionManager::new_lazy_with_config(self.inner.client.clone(), config)
            .map_err(|error| self.unavailable(&error))?;
        Ok(slot.insert(connection).clone())
    }

    /// The error for `error`, with the URL shown redacted and the password scrubbed.
    fn unavailable(&self, error: &redis::RedisError) -> BudgetUnavailable {
        let mut text = format!("Redis at {}: {error}", self.inner.shown_url);
        if let Some(password) = &self.inner.password {
            text = text.replace(password.expose_secret(), "redacted");
        }
        BudgetUnavailable(text)
    }

    async fn reserve_now(
        &self,
        class: RequestClass,
        interval: Duration,
        max_wait: Duration,
    ) -> Result<Reservation, BudgetUnavailable> {
        let mut connection = self.connection()?;
        let micros = |d: Duration| u64::try_from(d.as_micros()).unwrap_or(u64::MAX);
        let answer: Vec<i64> = self
            .inner
            .script
            .key(self.key(class))
            .arg(micros(interval).max(1))
            .arg(micros(max_wait))
            .arg(micros(CATCH_UP))
            .invoke_async(&mut connection)
            .await
            .map_err(|error| self.unavailable(&error))?;
        decode_answer(&answer).ok_or_else(|| {
            BudgetUnavailable(format!(
                "Redis at {}: the pacing script answered {answer:?}",
                self.inner.shown_url
            ))
        })
    }
}

/// The script's `{granted, wait_us}`.
fn decode_answer(answer: &[i64]) -> Option<Reservation> {
    let [granted, wait] = *answer else {
        return None;
    };
    let wait = Duration::from_micros(u64::try_from(wait).ok()?);
    match granted {
        1 => Some(Reservation::Granted(wait)),
        0 => Some(Reservation::TooFar(wait)),
        _ => None,
    }
}

impl SharedBudget for RedisBudget {
    fn reserve(
        &self,
        class: RequestClass,
        interval: Duration,
        max_wait: Duration,
    ) -> BoxFuture<'_, Result<Reservation, BudgetUnavailable>> {
        Box::pin(self.reserve_now(class, interval, max_wait))
    }
}

impl fmt::Debug for RedisBudget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisBudget")
            .field("url", &self.inner.shown_url)
            .field("reads_key", &self.inner.reads_key)
            .field("writes_key", &self.inner.writes_key)
            .finish_non_exhaustive()
    }
}

/// `url` with its password (if any) replaced by `redacted`; a string that is not a URL is
/// not shown at all, since it might be a bare secret.
pub(crate) fn redact_url(url: &str) -> String {
    match reqwest::Url::parse(url.trim()) {
        Ok(mut parsed) => {
            if parsed.password().is_some() {
                // Cannot fail: a URL with a password has a host.
                let _ = parsed.set_password(Some("redacted"));
            }
            parsed.to_string()
        }
        Err(_) => "[not a URL]".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_shown_without_their_password() {
        assert_eq!(
            redact_url("redis://:hunter2@127.0.0.1:6379/0"),
            "redis://:redacted@127.0.0.1:6379/0"
        );
        assert_eq!(
            redact_url("rediss://user:p%40ss@cache.internal"),
            "rediss://user:redacted@cache.internal"
        );
        assert_eq!(
            redact_url("redis://127.0.0.1:6379"),
            "redis://127.0.0.1:6379"
        );
        assert_eq!(redact_url("hunter2"), "[not a URL]");
    }

    #[test]
    fn bad_urls_and_names_are_config_errors_without_the_password() {
        let error = RedisBudget::new("http://:hunter2@127.0.0.1:6379", "ws").unwrap_err();
        assert!(matches!(error, Error::Config(_)), "{error:?}");
        assert!(!format!("{error} {error:?}").contains("hunter2"), "{error}");
        let error = RedisBudget::new("redis://127.0.0.1", " ").unwrap_err();
        assert!(matches!(error, Error::Config(_)), "{error:?}");
    }

    #[test]
    fn keys_are_per_workspace_and_class_and_debug_hides_the_password() {
        let budget = RedisBudget::new("redis://:hunter2@127.0.0.1:1", "acme").unwrap();
        assert_eq!(budget.key(RequestClass::Read), "attio:pacing:acme:reads");
        assert_eq!(budget.key(RequestClass::Write), "attio:pacing:acme:writes");
        let debug = format!("{budget:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(debug.contains("redis://:redacted@127.0.0.1:1"), "{debug}");
    }

    #[test]
    fn script_answers_are_decoded_strictly() {
        assert_eq!(
            decode_answer(&[1, 2500]),
            Some(Reservation::Granted(Duration::from_micros(2500)))
        );
        assert_eq!(
            decode_answer(&[0, 20_000_000]),
            Some(Reservation::TooFar(Duration::from_secs(20)))
        );
        assert_eq!(decode_answer(&[1, -1]), None);
        assert_eq!(decode_answer(&[2, 0]), None);
        assert_eq!(decode_answer(&[1]), None);
    }
}
