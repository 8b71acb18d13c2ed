//! The one client builder of the test house.

use std::time::Duration;

use attio_core::Client;
use attio_core::client::ClientBuilder;
use attio_core::pacing::PacingConfig;
use attio_core::retry::RetryPolicy;

/// A builder for a client of the server at `base_url` with `token`, preset for tests:
/// pacing off, [`fast_retries`], a 30 s request timeout. Generous on purpose: on a loaded
/// 2-core CI machine (trybuild compiling beside the tests) a loopback answer can take
/// seconds, and a timeout's retry would add an arrival that a test counts. Tests of
/// timeouts set their own. Chain anything a test needs differently (`.pacing(…)`,
/// `.retry_policy(…)`) and `.build()`.
pub fn client_for(base_url: &str, token: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .token(token)
        .timeout(Duration::from_secs(30))
        .pacing(PacingConfig::off())
        .retry_policy(fast_retries())
}

/// Retries with millisecond backoff and no jitter, so tests stay fast and deterministic
/// (a 429 still waits for its `Retry-After`).
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .base_delay(Duration::from_millis(5))
        .max_delay(Duration::from_millis(20))
        .rate_limit_jitter(Duration::ZERO)
}
