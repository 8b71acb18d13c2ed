//! Record lifecycle and the write rules: create, get, assert, PATCH, PUT, delete; required,
//! unique, unknown slugs, wrong types, malformed and oversized bodies.

mod common;

use common::{Api, fields, record_id, values};
use serde_json::json;

const ASSERT_BY_ID: &str = "/v2/objects/users/records?matching_attribute=user_id";

#[tokio::test]
async fn create_get_delete() {
    let api = Api::start().await;
    let created = api
        .post("/v2/objects/users/records", json!({"data": {"values": {"user_id": "u1", "primary_email_address": "A@Example.com"}}}))
        .await;
    let record = created.data();
    let id = record_id(record);
    common::assert_attio_timestamp(&record["created_at"]);
    assert_eq!(record["id"]["workspace_id"].as_str().unwrap().len(), 36);
    assert!(record["web_url"].as_str().unwrap().contains(&id));
    let email = &values(record, "primary_email_address")[0];
    assert_eq!(email["email_address"], "a@example.com");
    assert_eq!(email["attribute_type"], "email-address");
    assert_eq!(email["active_until"], serde_json::Value::Null);
    assert_eq!(email["created_by_actor"]["type"], "api-token");
    assert!(email["created_by_actor"]["id"].is_string());
    assert_eq!(
        values(record, "person").len(),
        0,
        "unset attributes are empty arrays"
    );

    let fetched = api.get(&format!("/v2/objects/users/records/{id}")).await;
    assert_eq!(fetched.data(), record);
    let deleted = api.delete(&format!("/v2/objects/users/records/{id}")).await;
    assert_eq!(deleted.status, 200);
    assert_eq!(deleted.body, json!({}));
    api.get(&format!("/v2/objects/users/records/{id}"))
        .await
        .expect_error(404, "not_found");
    api.delete(&format!("/v2/objects/users/records/{id}"))
        .await
        .expect_error(404, "not_found");
    assert!(api.emu.records("users").is_empty());
    assert_eq!(api.emu.stats().writes_applied, 2);
}

#[tokio::test]
async fn assert_creates_then_updates_the_same_record() {
    let api = Api::start().await;
    let first = api.assert_user("u1", "one@example.com").await;
    let id = record_id(first.data());
    let second = api.assert_user("u1", "two@example.com").await;
    assert_eq!(record_id(second.data()), id, "one match → update");
    assert_eq!(
        fields(second.data(), "primary_email_address", "email_address"),
        [json!("two@example.com")]
    );
    assert_eq!(api.emu.records("users").len(), 1);
    let history = api
        .get(&format!("/v2/objects/users/records/{id}/attributes/primary_email_address/values?show_historic=true"))
        .await;
    let history = history.data().as_array().unwrap();
    assert_eq!(
        history.len(),
        2,
        "the overwritten value is closed, not lost"
    );
    assert_eq!(history[0]["email_address"], "one@example.com");
    assert!(history[0]["active_until"].is_string());
    assert_eq!(history[1]["active_until"], serde_json::Value::Null);
    let current = api
        .get(&format!(
            "/v2/objects/users/records/{id}/attributes/primary_email_address/values"
        ))
        .await;
    assert_eq!(current.data().as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn assert_errors() {
    let api = Api::start().await;
    let body =
        json!({"data": {"values": {"user_id": "u1", "primary_email_address": "a@example.com"}}});
    api.put(
        "/v2/objects/users/records?matching_attribute=nope",
        body.clone(),
    )
    .await
    .expect_error(400, "value_not_found");
    api.put("/v2/objects/users/records", body.clone())
        .await
        .expect_error(400, "validation_type");
    api.put(
        "/v2/objects/nope/records?matching_attribute=user_id",
        body.clone(),
    )
    .await
    .expect_error(404, "not_found");
    api.put(
        "/v2/objects/users/records?matching_attribute=person",
        body.clone(),
    )
    .await
    .expect_error(400, "matching_attribute_definition_not_unique");
    api.put(
        ASSERT_BY_ID,
        json!({"data": {"values": {"primary_email_address": "a@example.com"}}}),
    )
    .await
    .expect_error(400, "missing_value");
    api.put(ASSERT_BY_ID, json!({"data": {"values": {}, "extra": 1}}))
        .await
        .expect_error(400, "validation_type");
}

#[tokio::test]
async fn assert_matching_more_than_one_record_is_refused() {
    let api = Api::start().await;
    api.create("people", json!({"email_addresses": ["a@example.com"]}))
        .await;
    api.create("people", json!({"email_addresses": ["b@example.com"]}))
        .await;
    let reply = api
        .put(
            "/v2/objects/people/records?matching_attribute=email_addresses",
            json!({"data": {"values": {"email_addresses": ["a@example.com", "b@example.com"]}}}),
        )
        .await;
    reply.expect_error(400, "multiple_match_results");
    assert_eq!(api.emu.records("people").len(), 2);
}

#[tokio::test]
async fn assert_adds_to_the_matching_multiselect_and_replaces_the_others() {
    let api = Api::start().await;
    let id = api
        .create("people", json!({"email_addresses": ["a@example.com"], "phone_numbers": ["+447777777777", "+33612345678"]}))
        .await;
    let reply = api
        .put(
            "/v2/objects/people/records?matching_attribute=email_addresses",
            json!({"data": {"values": {"email_addresses": ["a@example.com", "c@example.com"], "phone_numbers": ["+14155550100"]}}}),
        )
        .await;
    let record = reply.data();
    assert_eq!(record_id(record), id);
    let emails = fields(record, "email_addresses", "email_address");
    assert_eq!(emails.len(), 2);
    assert!(emails.contains(&json!("a@example.com")) && emails.contains(&json!("c@example.com")));
    assert_eq!(
        fields(record, "phone_numbers", "phone_number"),
        [json!("+14155550100")]
    );
    let cleared = api
        .put(
            "/v2/objects/people/records?matching_attribute=email_addresses",
            json!({"data": {"values": {"email_addresses": ["a@example.com"], "phone_numbers": []}}}),
        )
        .await;
    assert!(
        values(cleared.data(), "phone_numbers").is_empty(),
        "[] clears a non-matching multi-value attribute on assert"
    );
    assert_eq!(
        values(cleared.data(), "email_addresses").len(),
        2,
        "the matching attribute keeps its values"
    );
}

#[tokio::test]
async fn required_attributes_are_enforced() {
    let api = Api::start().await;
    let reply = api
        .post(
            "/v2/objects/users/records",
            json!({"data": {"values": {"user_id": "u1"}}}),
        )
        .await;
    let body = reply.expect_error(400, "missing_value");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("primary_email_address")
    );
    let id = record_id(api.assert_user("u1", "a@example.com").await.data());
    api.patch(
        &format!("/v2/objects/users/records/{id}"),
        json!({"data": {"values": {"user_id": null}}}),
    )
    .await
    .expect_error(400, "missing_value");
    api.put(
        &format!("/v2/objects/users/records/{id}"),
        json!({"data": {"values": {"user_id": []}}}),
    )
    .await
    .expect_error(400, "missing_value");
    assert_eq!(
        fields(&api.emu.records("users")[0], "user_id", "value"),
        [json!("u1")],
        "refused writes change nothing"
    );
}

#[tokio::test]
async fn unique_attributes_conflict_with_400() {
    let api = Api::start().await;
    api.assert_user("u1", "a@example.com").await.data();
    let reply = api
        .post("/v2/objects/users/records", json!({"data": {"values": {"user_id": "u2", "primary_email_address": "A@example.com"}}}))
        .await;
    let body = reply.expect_error(400, "uniqueness_conflict");
    assert_eq!(body["type"], "invalid_request_error");
    // On assert, a clash on a unique attribute that is not the matching one.
    api.assert_user("u3", "a@example.com")
        .await
        .expect_error(400, "uniqueness_conflict");
    // Multi-value unique attribute.
    api.create("people", json!({"email_addresses": ["p@example.com"]}))
        .await;
    api.post(
        "/v2/objects/people/records",
        json!({"data": {"values": {"email_addresses": ["q@example.com", "p@example.com"]}}}),
    )
    .await
    .expect_error(400, "uniqueness_conflict");
    assert_eq!(api.emu.records("users").len(), 1);
    assert_eq!(api.emu.records("people").len(), 1);
}

#[tokio::test]
async fn unknown_slugs_wrong_types_and_malformed_bodies() {
    let api = Api::start().await;
    api.post(
        "/v2/objects/users/records",
        json!({"data": {"values": {"nope": "x"}}}),
    )
    .await
    .expect_error(400, "value_not_found");
    let wrong = api
        .post(
            "/v2/objects/users/records",
            json!({"data": {"values": {"user_id": 12, "primary_email_address": "a@example.com"}}}),
        )
        .await;
    let body = wrong.expect_error(400, "validation_type");
    let issue = &body["validation_errors"][0];
    assert_eq!(issue["code"], "invalid_type");
    assert_eq!(issue["path"], json!(["data", "values", "user_id"]));
    assert_eq!(issue["expected"], "string");
    assert_eq!(issue["received"], "number");
    api.post("/v2/objects/users/records", json!({"values": {}}))
        .await
        .expect_error(400, "validation_type");
    api.post(
        "/v2/objects/users/records",
        json!({"data": {"values": {"record_id": "x"}}}),
    )
    .await
    .expect_error(400, "validation_type");
    api.post("/v2/objects/users/records", json!({"data": {"values": {"user_id": ["a", "b"], "primary_email_address": "a@example.com"}}}))
        .await
        .expect_error(400, "validation_type");
    api.post("/v2/objects/nope/records", json!({"data": {"values": {}}}))
        .await
        .expect_error(404, "not_found");
    let malformed = api
        .client
        .post(api.url("/v2/objects/users/records"))
        .bearer_auth(api.emu.token())
        .header("content-type", "application/json")
        .body("{\"data\": {")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);
    let body: serde_json::Value = malformed.json().await.unwrap();
    assert_eq!(body["code"], "validation_type");
    assert_eq!(body["validation_errors"][0]["code"], "invalid_json");
}

#[tokio::test]
async fn oversized_text_is_400_and_oversized_body_is_413() {
    let api = Api::start().await;
    let text = "x".repeat(10 * 1024 * 1024 + 1);
    api.post(
        "/v2/objects/users/records",
        json!({"data": {"values": {"user_id": text, "primary_email_address": "a@example.com"}}}),
    )
    .await
    .expect_error(400, "validation_type");
    let huge = "y".repeat(attio_emulator::MAX_BODY_BYTES + 1);
    api.post(
        "/v2/objects/users/records",
        json!({"data": {"values": {"user_id": huge}}}),
    )
    .await
    .expect_error(413, "payload_too_large");
    assert!(api.emu.records("users").is_empty());
}

#[tokio::test]
async fn patch_prepends_and_put_overwrites_multi_values() {
    let api = Api::start().await;
    let id = api
        .create(
            "people",
            json!({"email_addresses": ["a@example.com", "b@example.com"]}),
        )
        .await;
    let path = format!("/v2/objects/people/records/{id}");
    let patched = api
        .patch(&path, json!({"data": {"values": {"email_addresses": ["c@example.com", "a@example.com", "d@example.com"]}}}))
        .await;
    assert_eq!(
        fields(patched.data(), "email_addresses", "email_address"),
        [
            json!("c@example.com"),
            json!("d@example.com"),
            json!("a@example.com"),
            json!("b@example.com")
        ],
        "new values first in request order, no duplicates"
    );
    let unchanged = api
        .patch(&path, json!({"data": {"values": {"email_addresses": []}}}))
        .await;
    assert_eq!(
        values(unchanged.data(), "email_addresses").len(),
        4,
        "[] adds nothing on PATCH"
    );
    let put = api
        .put(
            &path,
            json!({"data": {"values": {"email_addresses": ["b@example.com", "e@example.com"]}}}),
        )
        .await;
    assert_eq!(
        fields(put.data(), "email_addresses", "email_address"),
        [json!("b@example.com"), json!("e@example.com")]
    );
    let history = api
        .get(&format!(
            "{path}/attributes/email_addresses/values?show_historic=true"
        ))
        .await;
    assert_eq!(
        history.data().as_array().unwrap().len(),
        5,
        "removed values are kept as history"
    );
    let cleared = api
        .put(&path, json!({"data": {"values": {"email_addresses": []}}}))
        .await;
    assert!(
        values(cleared.data(), "email_addresses").is_empty(),
        "[] clears on PUT"
    );
}

#[tokio::test]
async fn single_values_are_replaced_and_cleared_by_null_or_empty() {
    let api = Api::start().await;
    let id = api
        .create(
            "people",
            json!({"job_title": "Engineer", "description": "x"}),
        )
        .await;
    let path = format!("/v2/objects/people/records/{id}");
    let replaced = api
        .patch(&path, json!({"data": {"values": {"job_title": "CTO"}}}))
        .await;
    assert_eq!(
        fields(replaced.data(), "job_title", "value"),
        [json!("CTO")]
    );
    assert_eq!(
        fields(replaced.data(), "description", "value"),
        [json!("x")],
        "unmentioned untouched"
    );
    let cleared = api
        .patch(&path, json!({"data": {"values": {"job_title": null}}}))
        .await;
    assert!(values(cleared.data(), "job_title").is_empty());
    let cleared = api
        .put(&path, json!({"data": {"values": {"description": []}}}))
        .await;
    assert!(values(cleared.data(), "description").is_empty());
    api.patch(
        "/v2/objects/people/records/missing",
        json!({"data": {"values": {}}}),
    )
    .await
    .expect_error(404, "not_found");
    let same = api
        .patch(&path, json!({"data": {"values": {"job_title": "CTO"}}}))
        .await;
    let again = api
        .patch(&path, json!({"data": {"values": {"job_title": "CTO"}}}))
        .await;
    assert_eq!(
        values(same.data(), "job_title")[0]["active_from"],
        values(again.data(), "job_title")[0]["active_from"],
        "rewriting the same value keeps it"
    );
}
