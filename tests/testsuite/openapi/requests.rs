//! Every request body the client sends for the standard `users` object validates against
//! the request schema of Attio's OpenAPI spec. The bodies are the ones actually sent over
//! HTTP (captured by a mock server on 127.0.0.1), not hand-built copies.

use attio_core::client::{RecordQuery, SortDirection};
use attio_core::{AttioRecord, Email, RecordRef};
use attio_testkit::openapi::Spec;
use attio_testkit::wire::*;
use serde_json::{Value, json};
use wiremock::matchers::{any, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The spec's path template of a records request.
fn spec_path(path: &str) -> &'static str {
    if path.ends_with("/records/query") {
        "/v2/objects/{object}/records/query"
    } else if path.ends_with("/records") {
        "/v2/objects/{object}/records"
    } else {
        "/v2/objects/{object}/records/{record_id}"
    }
}

async fn mock_attio() -> MockServer {
    let server = server().await;
    Mock::given(path_regex("/records/query$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(record_response())
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

/// Users in the shapes the derive produces: the documented one, one with `None` and an
/// empty list, one referring to its person by email.
fn users() -> Vec<User> {
    let documented = documented_user();
    let sparse = User {
        id: "u-2".into(),
        email: Email::new("sparse@example.com").expect("valid"),
        person: None,
        workspaces: Vec::new(),
        password_hash: String::new(),
    };
    let by_email = User {
        id: "u-3".into(),
        email: Email::new("ada@example.com").expect("valid"),
        person: Some(RecordRef::matching(
            "people",
            "email_addresses",
            "ada@example.com",
        )),
        workspaces: vec![
            RecordRef::new("workspaces", "2a4c9a53-4b1e-4f1c-9a0e-0f0d8e1c2b3a"),
            RecordRef::new("workspaces", "5e0b7d11-8c3f-4d2e-b1a0-6f9e8d7c6b5a"),
        ],
        password_hash: String::new(),
    };
    vec![documented, sparse, by_email]
}

#[tokio::test]
async fn every_users_request_body_matches_the_spec() {
    let spec = Spec::load();
    let server = mock_attio().await;
    let client = client(&server);

    for user in users() {
        let record = user.assert(&client).await.expect("assert");
        user.assert_on(&client, User::EMAIL)
            .await
            .expect("assert on email");
        user.update(&client, record.id()).await.expect("update");
        user.overwrite(&client, record.id())
            .await
            .expect("overwrite");
        client
            .create_record("users", user.to_values().expect("values"))
            .await
            .expect("create");
    }
    for name in ["assert-user.request.json", "update-user.request.json"] {
        client
            .assert_record("users", "user_id", fixture_values(name))
            .await
            .expect("assert fixture");
        client
            .update_record("users", RECORD_ID, fixture_values(name))
            .await
            .expect("update fixture");
    }
    for query in [
        RecordQuery::new(),
        RecordQuery::new()
            .filter(json!({"user_id": "123"}))
            .sort("user_id", SortDirection::Descending)
            .limit(50)
            .offset(100),
        RecordQuery::new().filter(json!({
            "$or": [
                {"primary_email_address": {"$ends_with": "@example.com"}},
                {"user_id": {"$in": ["1", "2"]}}
            ]
        })),
    ] {
        client.query_records("users", &query).await.expect("query");
    }

    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 3 * 5 + 2 * 2 + 3);
    for request in requests {
        let body: Value = serde_json::from_slice(&request.body).expect("JSON body");
        let method = request.method.as_str().to_ascii_lowercase();
        spec.request(&method, spec_path(request.url.path()))
            .check(&body)
            .unwrap_or_else(|error| panic!("{method} {}: {error}", request.url));
    }
}
