//! `Client::from_env()` end to end: the token from `ATTIO_API_KEY` and the base URL from
//! `ATTIO_BASE_URL` reach the wire.
//!
//! Its own test binary with a single test, because it changes the process environment
//! (every other integration test is in `tests/testsuite/`).

use attio_core::{Client, Error};
use attio_testkit::wire::*;
use wiremock::Mock;
use wiremock::matchers::{method, path};

#[tokio::test]
async fn from_env_reads_the_token_and_base_url() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/objects/users/records/{RECORD_ID}")))
        .and(bearer())
        .respond_with(record_response())
        .expect(1)
        .mount(&server)
        .await;

    // SAFETY: this binary runs this one test; no other thread reads the environment
    // while it is changed.
    unsafe {
        std::env::remove_var("ATTIO_API_KEY");
        std::env::set_var("ATTIO_BASE_URL", server.uri());
    }
    let missing = Client::from_env().expect_err("no key");
    assert!(
        matches!(&missing, Error::Config(message) if message.contains("ATTIO_API_KEY")),
        "{missing:?}"
    );

    // SAFETY: as above.
    unsafe { std::env::set_var("ATTIO_API_KEY", TOKEN) };
    let client = Client::from_env().expect("configured from the environment");
    assert_eq!(client.base_url(), server.uri());
    assert!(!format!("{client:?}").contains(TOKEN));
    client
        .get_record("users", RECORD_ID)
        .await
        .expect("the request reaches ATTIO_BASE_URL with the token");
}
