//! The exact requests of the list and entry operations (method, path, query), each body
//! validated against the request schema of Attio's OpenAPI spec, the decoding of
//! spec-valid responses, and retry safety (assert and overwrite repeated after a 5xx,
//! create and PATCH not), against a mock server on 127.0.0.1.

use attio_core::Error;
use attio_core::client::Values;
use attio_core::query::Filter;
use attio_testkit::openapi::Spec;
use attio_testkit::wire::*;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, Request, ResponseTemplate};

const ENTRY_ID: &str = "2e6e29ea-c4e0-4f44-842d-78a891f8c156";
const PARENT: &str = "891dcbfc-9141-415d-9b2a-2238a6cc012d";
const LIST_ID: &str = "33ebdbe9-e529-47c9-b894-0ba25e9c15c0";

fn entry_json() -> Value {
    json!({
        "id": {"workspace_id": "14beef7a-99f7-4534-a87e-70b564330a4c", "list_id": LIST_ID, "entry_id": ENTRY_ID},
        "parent_record_id": PARENT,
        "parent_object": "people",
        "created_at": "2023-01-01T15:00:00.000000000Z",
        "entry_values": {"note": [{
            "active_from": "2023-01-01T15:00:00.000000000Z", "active_until": null,
            "created_by_actor": {"type": "api-token", "id": "50cf242c-7fa3-4cad-87d0-75b1af71c57b"},
            "attribute_type": "text", "value": "hello"}]}
    })
}

fn values() -> Values {
    let mut values = Values::new();
    values.insert("note".into(), json!("hello"));
    values.insert(
        "owner".into(),
        json!([{"target_object": "people", "target_record_id": PARENT}]),
    );
    values
}

/// A 200 whose body is checked against the spec's response schema first.
fn answer(method: &str, spec_path: &str, body: Value) -> ResponseTemplate {
    Spec::load()
        .response(method, spec_path, 200)
        .assert_valid(&body);
    ResponseTemplate::new(200).set_body_json(body)
}

fn valid_body(method: &'static str, spec_path: &'static str) -> impl Fn(&Request) -> bool {
    let check = Spec::load().request(method, spec_path);
    move |request: &Request| {
        let body: Value = serde_json::from_slice(&request.body).expect("JSON body");
        check.check(&body).map_err(|e| eprintln!("{e}")).is_ok()
    }
}

#[tokio::test]
async fn every_entry_request_matches_the_spec_and_decodes() {
    let server = server().await;
    let entries = "/v2/lists/{list}/entries";
    let by_id = "/v2/lists/{list}/entries/{entry_id}";
    let entry_path = format!("/v2/lists/sales/entries/{ENTRY_ID}");
    for (verb, spec_path, at) in [
        ("POST", entries, "/v2/lists/sales/entries".to_owned()),
        ("PUT", entries, "/v2/lists/sales/entries".to_owned()),
        ("PATCH", by_id, entry_path.clone()),
        ("PUT", by_id, entry_path.clone()),
    ] {
        let lower = verb.to_ascii_lowercase();
        let lower: &'static str = Box::leak(lower.into_boxed_str());
        Mock::given(method(verb))
            .and(path(at))
            .and(bearer())
            .and(json_content())
            .and(valid_body(lower, spec_path))
            .respond_with(answer(lower, spec_path, json!({"data": entry_json()})))
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(&entry_path))
        .and(no_body)
        .respond_with(answer("get", by_id, json!({"data": entry_json()})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(&entry_path))
        .respond_with(answer("delete", by_id, json!({})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/lists/sales/entries/query"))
        .and(valid_body("post", "/v2/lists/{list}/entries/query"))
        .respond_with(answer(
            "post",
            "/v2/lists/{list}/entries/query",
            json!({"data": [entry_json()]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{entry_path}/attributes/note/values")))
        .and(raw_query("show_historic=true"))
        .respond_with(answer(
            "get",
            "/v2/lists/{list}/entries/{entry_id}/attributes/{attribute}/values",
            json!({"data": entry_json()["entry_values"]["note"]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/objects/people/records/{PARENT}/entries")))
        .and(raw_query("limit=25&offset=0"))
        .respond_with(answer(
            "get",
            "/v2/objects/{object}/records/{record_id}/entries",
            json!({"data": [{"list_id": LIST_ID, "list_api_slug": "sales", "entry_id": ENTRY_ID,
                             "created_at": "2023-01-01T15:00:00.000000000Z"}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let entries = client.entries("sales");
    let created = entries.create("people", PARENT, values()).await.unwrap();
    assert_eq!(created.entry_id(), ENTRY_ID);
    assert_eq!(created.parent_record_id, PARENT);
    assert_eq!(created.field::<String>("note").unwrap(), "hello");
    entries.assert("people", PARENT, values()).await.unwrap();
    entries.update(ENTRY_ID, values()).await.unwrap();
    entries.overwrite(ENTRY_ID, values()).await.unwrap();
    assert_eq!(entries.get(ENTRY_ID).await.unwrap(), created);
    let found = entries
        .query()
        .filter(Filter::raw(json!({"note": "hello"})))
        .page_size(10)
        .collect(10)
        .await
        .unwrap();
    assert_eq!(found, vec![created.clone()]);
    let history = entries
        .attribute_values(ENTRY_ID, "note", true)
        .await
        .unwrap();
    assert_eq!(history.len(), 1);
    let of_record = client
        .record_entries("people", PARENT, 25, 0)
        .await
        .unwrap();
    assert_eq!(of_record[0].list_api_slug, "sales");
    entries.delete(ENTRY_ID).await.unwrap();
}

#[tokio::test]
async fn assert_and_overwrite_are_retried_create_and_patch_are_not() {
    let server = server().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(502).set_body_json(error_body(
            502,
            "api_error",
            "bad_gateway",
            "upstream",
        )))
        .mount(&server)
        .await;
    let client = client(&server);
    let entries = client.entries("sales");

    let error = entries
        .create("people", PARENT, values())
        .await
        .unwrap_err();
    assert!(error.is_outcome_unknown(), "{error:?}");
    let error = entries.update(ENTRY_ID, values()).await.unwrap_err();
    assert!(error.is_outcome_unknown(), "{error:?}");
    let sent = server.received_requests().await.unwrap().len();
    assert_eq!(sent, 2, "create and PATCH are sent once each");

    let error = entries
        .assert("people", PARENT, values())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Api(_)), "{error:?}");
    let error = entries.overwrite(ENTRY_ID, values()).await.unwrap_err();
    assert!(
        matches!(error, Error::Api(_) | Error::Decode { .. }),
        "{error:?}"
    );
    let retried = server.received_requests().await.unwrap().len() - sent;
    assert!(
        retried > 2,
        "assert and PUT are retried: {retried} requests"
    );
}

#[tokio::test]
async fn bad_ids_and_slugs_are_refused_before_sending() {
    let server = server().await;
    let client = client(&server);
    let bad_entry = client.entries("sales").get("entry-1").await.unwrap_err();
    assert!(
        matches!(
            bad_entry,
            Error::InvalidId {
                what: "entry id",
                ..
            }
        ),
        "{bad_entry:?}"
    );
    let bad_parent = client
        .entries("sales")
        .assert("people", "not-a-uuid", Values::new())
        .await
        .unwrap_err();
    assert!(
        matches!(bad_parent, Error::InvalidRecordId { .. }),
        "{bad_parent:?}"
    );
    let bad_list = client.entries("a/b").get(ENTRY_ID).await.unwrap_err();
    assert!(
        matches!(bad_list, Error::InvalidSlug { what: "list", .. }),
        "{bad_list:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}
