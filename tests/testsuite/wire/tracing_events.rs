//! The `tracing` span of every request names the method, route template, status, attempt
//! and wait, and never the token, record ids or attribute values.
//!
//! The test runs in a child process of its own (rusty-fork): tracing caches each callsite's
//! interest globally, from the dispatchers that exist when the callsite is first hit, so a
//! thread-local subscriber in a binary whose other tests hit the same callsites in parallel
//! can miss the span (it did, in about one run in two, even after rebuilding that cache).

use attio_testkit::wire::*;
use wiremock::matchers::method;
use wiremock::{Mock, ResponseTemplate};

use rusty_fork::rusty_fork_test;

rusty_fork_test! {
    #[test]
    fn tracing_names_the_route_template_and_never_the_token_or_values() {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(the_span_names_the_route_and_hides_secrets());
    }
}

async fn the_span_names_the_route_and_hides_secrets() {
    use std::sync::{Arc, Mutex};
    use tracing_subscriber::fmt::MakeWriter;
    use tracing_subscriber::fmt::format::FmtSpan;
    use tracing_subscriber::util::SubscriberInitExt;

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    impl<'a> MakeWriter<'a> for Buffer {
        type Writer = Buffer;
        fn make_writer(&'a self) -> Buffer {
            self.clone()
        }
    }

    let buffer = Buffer::default();
    let _guard = tracing_subscriber::fmt()
        .with_env_filter("attio_core=trace")
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(buffer.clone())
        .with_ansi(false)
        .finish()
        .set_default();

    let server = server().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(record_response())
        .mount(&server)
        .await;
    let client = client(&server);
    let values = fixture_values("assert-user.request.json");
    client
        .assert_record("users", "user_id", values.clone())
        .await
        .expect("assert after one retry");
    let unknown = client
        .update_record("users", RECORD_ID, values)
        .await
        .expect_err("a PATCH answered 503 has an unknown outcome");
    assert!(unknown.is_outcome_unknown(), "{unknown:?}");

    let log = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("attio.request"), "{log}");
    assert!(
        log.contains(
            r#"route="/v2/objects/{object}/records?matching_attribute={matching_attribute}""#
        ),
        "{log}"
    );
    assert!(log.contains("status=200"), "{log}");
    assert!(log.contains("attempt=2"), "{log}");
    assert!(log.contains("retrying"), "{log}");
    for secret in [TOKEN, "person@company.com", RECORD_ID, "891dcbfc"] {
        assert!(!log.contains(secret), "{secret} leaked into: {log}");
    }
}
