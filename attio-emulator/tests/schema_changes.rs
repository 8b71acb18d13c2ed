//! Changing the schema through the API: creating and updating attributes, archiving,
//! options and statuses, with Attio's rules; `/v2/self` carries `token_level`.

mod common;

use attio_emulator::{AttributeSpec, AttributeType, EmulatorConfig, ObjectSpec};
use common::Api;
use serde_json::{Value, json};

fn new_attribute(slug: &str, kind: &str) -> Value {
    json!({"data": {
        "title": "Plan", "description": null, "api_slug": slug, "type": kind,
        "is_required": false, "is_unique": false, "is_multiselect": false, "config": {}
    }})
}

fn slugs(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("a list")
        .iter()
        .filter_map(|a| a["api_slug"].as_str())
        .collect()
}

#[tokio::test]
async fn created_attributes_are_listed_and_writable_and_slugs_do_not_clash() {
    let api = Api::start().await;
    let created = api
        .post(
            "/v2/objects/users/attributes",
            new_attribute("plan", "text"),
        )
        .await;
    let attr = created.data();
    assert_eq!(attr["api_slug"], "plan");
    assert_eq!(attr["type"], "text");
    assert_eq!(attr["is_writable"], true);
    assert_eq!(attr["is_archived"], false);
    let listed = api.get("/v2/objects/users/attributes").await;
    assert!(slugs(listed.data()).contains(&"plan"));

    let id = api
        .create(
            "users",
            json!({"user_id": "u1", "primary_email_address": "u1@example.com", "plan": "pro"}),
        )
        .await;
    let record = api.get(&format!("/v2/objects/users/records/{id}")).await;
    assert_eq!(record.data()["values"]["plan"][0]["value"], "pro");

    api.post(
        "/v2/objects/users/attributes",
        new_attribute("plan", "number"),
    )
    .await
    .expect_error(409, "slug_conflict");
    api.post(
        "/v2/objects/users/attributes",
        new_attribute("Bad Slug", "text"),
    )
    .await
    .expect_error(400, "validation_type");
    api.post(
        "/v2/objects/users/attributes",
        new_attribute("stage", "status"),
    )
    .await
    .expect_error(400, "validation_type");
    api.post(
        "/v2/objects/users/attributes",
        new_attribute("x", "no-such-type"),
    )
    .await
    .expect_error(400, "validation_type");
}

#[tokio::test]
async fn updates_keep_the_type_spare_system_attributes_and_move_values_on_rename() {
    let api = Api::start().await;
    api.post(
        "/v2/objects/users/attributes",
        new_attribute("plan", "text"),
    )
    .await
    .data();
    let id = api
        .create(
            "users",
            json!({"user_id": "u1", "primary_email_address": "u1@example.com", "plan": "pro"}),
        )
        .await;

    api.patch(
        "/v2/objects/users/attributes/plan",
        json!({"data": {"type": "number"}}),
    )
    .await
    .expect_error(400, "validation_type");
    api.patch(
        "/v2/objects/users/attributes/created_at",
        json!({"data": {"title": "Born"}}),
    )
    .await
    .expect_error(400, "system_edit_unauthorized");
    api.patch(
        "/v2/objects/users/attributes/plan",
        json!({"data": {"api_slug": "user_id"}}),
    )
    .await
    .expect_error(409, "slug_conflict");
    api.patch("/v2/objects/users/attributes/plan", json!({"data": {}}))
        .await
        .expect_error(400, "validation_type");

    let renamed = api
        .patch(
            "/v2/objects/users/attributes/plan",
            json!({"data": {"api_slug": "tier", "is_required": true, "is_unique": true}}),
        )
        .await;
    let renamed = renamed.data();
    assert_eq!(renamed["api_slug"], "tier");
    assert_eq!(renamed["is_required"], true);
    assert_eq!(renamed["is_unique"], true);
    let record = api.get(&format!("/v2/objects/users/records/{id}")).await;
    assert_eq!(record.data()["values"]["tier"][0]["value"], "pro");
    assert!(record.data()["values"].get("plan").is_none());
}

#[tokio::test]
async fn archived_attributes_are_hidden_and_refuse_writes() {
    let api = Api::start().await;
    let archived = api
        .patch(
            "/v2/objects/users/attributes/person",
            json!({"data": {"is_archived": true}}),
        )
        .await;
    assert_eq!(archived.data()["is_archived"], true);
    let listed = api.get("/v2/objects/users/attributes").await;
    assert!(!slugs(listed.data()).contains(&"person"));
    let all = api
        .get("/v2/objects/users/attributes?show_archived=true")
        .await;
    assert!(slugs(all.data()).contains(&"person"));
    let write = api
        .post(
            "/v2/objects/users/records",
            json!({"data": {"values": {
                "user_id": "u1", "primary_email_address": "u1@example.com", "person": null
            }}}),
        )
        .await;
    write.expect_error(400, "value_not_found");
}

#[tokio::test]
async fn options_and_statuses_are_added_once_per_title() {
    let config = EmulatorConfig::for_tests().with_object(
        ObjectSpec::new("deals")
            .attribute(AttributeSpec::new("stage", AttributeType::Status).statuses(["Lead"])),
    );
    let api = Api::with(config).await;
    let option = api
        .post(
            "/v2/objects/companies/attributes/categories/options",
            json!({"data": {"title": "Fintech"}}),
        )
        .await;
    assert_eq!(option.data()["title"], "Fintech");
    assert!(option.data()["id"]["option_id"].is_string());
    let options = api
        .get("/v2/objects/companies/attributes/categories/options")
        .await;
    assert!(
        options
            .data()
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["title"] == "Fintech")
    );
    api.post(
        "/v2/objects/companies/attributes/categories/options",
        json!({"data": {"title": "Fintech"}}),
    )
    .await
    .expect_error(409, "slug_conflict");

    let status = api
        .post(
            "/v2/objects/deals/attributes/stage/statuses",
            json!({"data": {"title": "Won"}}),
        )
        .await;
    assert_eq!(status.data()["title"], "Won");
    api.post(
        "/v2/objects/deals/attributes/stage/statuses",
        json!({"data": {"title": "Lead"}}),
    )
    .await
    .expect_error(409, "slug_conflict");
    api.post(
        "/v2/objects/deals/attributes/stage/options",
        json!({"data": {"title": "Lead"}}),
    )
    .await
    .expect_error(404, "not_found");
}

#[tokio::test]
async fn self_names_the_token_level() {
    let api = Api::start().await;
    let me = api.get("/v2/self").await;
    assert_eq!(me.body["token_level"], "workspace", "{}", me.body);
}
