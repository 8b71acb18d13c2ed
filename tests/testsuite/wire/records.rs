//! The exact requests of every record operation (method, path, query, headers, body) and
//! the decoding of Attio's documented responses, against a mock server on 127.0.0.1.

use attio_core::client::{RecordQuery, SortDirection};
use attio_core::{AttioRecord, Email};
use attio_testkit::wire::*;
use serde_json::json;
use wiremock::matchers::{body_bytes, body_json, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

const RECORDS: &str = "/v2/objects/users/records";

fn by_id() -> String {
    format!("{RECORDS}/{RECORD_ID}")
}

#[tokio::test]
async fn assert_sends_the_documented_request_and_decodes_the_documented_response() {
    let server = server().await;
    Mock::given(method("PUT"))
        .and(path(RECORDS))
        .and(query_param("matching_attribute", "user_id"))
        .and(raw_query("matching_attribute=user_id"))
        .and(bearer())
        .and(json_content())
        .and(body_json(fixture("assert-user.request.json")))
        .respond_with(record_response())
        .expect(1)
        .mount(&server)
        .await;

    let values = fixture_values("assert-user.request.json");
    let record = client(&server)
        .assert_record("users", "user_id", values)
        .await
        .expect("assert");

    assert_eq!(record.id(), RECORD_ID);
    assert_eq!(
        record.web_url(),
        Some("https://app.attio.com/salarya/person/bf071e1f-6035-429d-b874-d83ea64ea13b")
    );
    assert_eq!(record.field::<String>("user_id").unwrap(), "123");
    let email: Email = record.field("primary_email_address").unwrap();
    assert_eq!(email.as_str(), "person@company.com");
}

#[tokio::test]
async fn the_derived_user_sends_exactly_the_documented_bodies_and_reads_back() {
    let server = server().await;
    for query in [
        "matching_attribute=user_id",
        "matching_attribute=primary_email_address",
    ] {
        Mock::given(method("PUT"))
            .and(path(RECORDS))
            .and(raw_query(query))
            .and(body_json(fixture("assert-user.request.json")))
            .respond_with(record_response())
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(by_id()))
        .and(bearer())
        .and(no_body)
        .respond_with(record_response())
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let user = documented_user();
    let record = user.assert(&client).await.expect("assert");
    user.assert_on(&client, User::EMAIL)
        .await
        .expect("assert on email");
    let back = User::get(&client, record.id()).await.expect("get");
    assert_eq!(
        back,
        User {
            password_hash: String::new(),
            ..user
        }
    );
}

#[tokio::test]
async fn an_assert_sends_exactly_the_bytes_of_to_body_json() {
    let server = server().await;
    let user = documented_user();
    let bytes = user.to_body_json().expect("a body");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&bytes).expect("json"),
        user.to_body().expect("a body"),
        "the same JSON as to_body"
    );
    Mock::given(method("PUT"))
        .and(path(RECORDS))
        .and(body_bytes(bytes))
        .respond_with(record_response())
        .expect(1)
        .mount(&server)
        .await;
    user.assert(&client(&server))
        .await
        .expect("the bytes match");
}

#[tokio::test]
async fn update_sends_the_documented_patch_and_decodes_a_response_without_web_url() {
    let server = server().await;
    Mock::given(method("PATCH"))
        .and(path(by_id()))
        .and(bearer())
        .and(json_content())
        .and(body_json(fixture("update-user.request.json")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture("update-user.response.json")),
        )
        .expect(1)
        .mount(&server)
        .await;

    let record = client(&server)
        .update_record(
            "users",
            RECORD_ID,
            fixture_values("update-user.request.json"),
        )
        .await
        .expect("update");
    assert_eq!(record.id(), RECORD_ID);
    assert_eq!(record.web_url(), None);
    assert_eq!(record.current("workspace").len(), 1);
}

#[tokio::test]
async fn overwrite_create_delete_and_query_use_their_routes() {
    let server = server().await;
    let values = fixture_values("assert-user.request.json");
    let write = json!({"data": {"values": values}});
    Mock::given(method("PUT"))
        .and(path(by_id()))
        .and(|request: &wiremock::Request| request.url.query().is_none())
        .and(bearer())
        .and(json_content())
        .and(body_json(&write))
        .respond_with(record_response())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(RECORDS))
        .and(bearer())
        .and(json_content())
        .and(body_json(&write))
        .respond_with(record_response())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(by_id()))
        .and(bearer())
        .and(no_body)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let query = RecordQuery::new()
        .filter(json!({"user_id": "123"}))
        .sort("user_id", SortDirection::Ascending)
        .limit(2)
        .offset(4);
    let record = fixture("assert-user.response.json")["data"].clone();
    Mock::given(method("POST"))
        .and(path(format!("{RECORDS}/query")))
        .and(bearer())
        .and(json_content())
        .and(body_json(json!({
            "filter": {"user_id": "123"},
            "sorts": [{"attribute": "user_id", "direction": "asc"}],
            "limit": 2,
            "offset": 4
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [record, record]})))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let overwritten = client
        .overwrite_record("users", RECORD_ID, values.clone())
        .await
        .expect("overwrite");
    assert_eq!(overwritten.id(), RECORD_ID);
    let created = client.create_record("users", values).await.expect("create");
    assert_eq!(created.id(), RECORD_ID);
    client
        .delete_record("users", RECORD_ID)
        .await
        .expect("delete");
    let found = client.query_records("users", &query).await.expect("query");
    assert_eq!(found.len(), 2);
    assert!(found.iter().all(|record| record.id() == RECORD_ID));
}

#[tokio::test]
async fn odd_slugs_are_percent_encoded_in_path_and_query() {
    let server = server().await;
    Mock::given(method("PUT"))
        .and(path("/v2/objects/my%20object%3F%23%25%C3%BC/records"))
        .and(raw_query("matching_attribute=e-mail%20%26%20co%3D1%2B2"))
        .and(query_param("matching_attribute", "e-mail & co=1+2"))
        .respond_with(record_response())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/objects/a.b~c_d-e/records/{RECORD_ID}")))
        .respond_with(record_response())
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    client
        .assert_record("my object?#%ü", "e-mail & co=1+2", Default::default())
        .await
        .expect("odd slugs are encoded, not rejected");
    client
        .get_record("a.b~c_d-e", RECORD_ID)
        .await
        .expect("unreserved characters stay as they are");
}

#[tokio::test]
async fn a_base_url_with_v2_or_a_prefix_still_reaches_v2_routes() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(format!("/proxy/v2/objects/users/records/{RECORD_ID}")))
        .respond_with(record_response())
        .expect(2)
        .mount(&server)
        .await;
    for base in [
        format!("{}/proxy/", server.uri()),
        format!("{}/proxy/v2", server.uri()),
    ] {
        let client = attio_core::Client::builder()
            .base_url(base)
            .token(TOKEN)
            .build()
            .expect("client");
        client.get_record("users", RECORD_ID).await.expect("get");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clones_share_one_client_across_spawned_tasks() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(by_id()))
        .and(bearer())
        .respond_with(record_response())
        .expect(20)
        .mount(&server)
        .await;
    let client = client(&server);
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            // `tokio::spawn` requires the future to be `Send + 'static`.
            tokio::spawn(async move { User::get(&client, RECORD_ID).await })
        })
        .collect();
    for task in tasks {
        let user = task.await.expect("task").expect("get");
        assert_eq!(user.id, "123");
    }
}
