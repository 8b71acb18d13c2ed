//! Auth, `GET /v2/self`, objects, attributes, options and statuses, routing errors.

mod common;

use attio_emulator::{AttributeSpec, AttributeType, EmulatorConfig, ObjectSpec};
use common::Api;
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn missing_and_wrong_tokens_get_attios_401() {
    let api = Api::start().await;
    let missing = api.client.get(api.url("/v2/objects")).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["type"], "auth_error");
    assert_eq!(body["code"], "unauthorized");
    assert_eq!(body["status_code"], 401);

    let wrong = api
        .client
        .get(api.url("/v2/self"))
        .bearer_auth("nope")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let wrong: Value = wrong.json().await.unwrap();
    assert_eq!(wrong["code"], "unauthorized");
    assert_ne!(
        wrong["message"], body["message"],
        "missing and invalid tokens are told apart"
    );

    let basic = api
        .client
        .get(api.url("/v2/objects"))
        .basic_auth(api.emu.token(), Some(""))
        .send()
        .await
        .unwrap();
    assert_eq!(
        basic.status(),
        StatusCode::OK,
        "HTTP Basic with the token as user is accepted"
    );
}

#[tokio::test]
async fn custom_token_is_the_only_one_accepted() {
    let api = Api::with(EmulatorConfig::for_tests().with_token("s3cret")).await;
    assert_eq!(api.emu.token(), "s3cret");
    assert_eq!(api.get("/v2/objects").await.status, StatusCode::OK);
    let default = api
        .client
        .get(api.url("/v2/objects"))
        .bearer_auth(attio_emulator::DEFAULT_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(default.status(), StatusCode::UNAUTHORIZED);
    assert!(!format!("{:?}", EmulatorConfig::for_tests().with_token("s3cret")).contains("s3cret"));
}

#[tokio::test]
async fn self_answers_the_active_token_shape() {
    let api = Api::start().await;
    let reply = api.get("/v2/self").await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = reply.body.as_object().unwrap();
    assert!(body.get("data").is_none(), "self is not wrapped in data");
    assert_eq!(body.len(), 15, "the spec's 14 keys plus token_level");
    assert_eq!(body["active"], true);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["iss"], "attio.com");
    assert_eq!(body["sub"], body["workspace_id"]);
}

#[tokio::test]
async fn every_response_has_a_date_header() {
    let api = Api::start().await;
    for reply in [api.get("/v2/self").await, api.get("/v2/objects/nope").await] {
        let date = reply
            .headers
            .get("date")
            .expect("Date header")
            .to_str()
            .unwrap();
        httpdate::parse_http_date(date).expect("HTTP-date");
    }
    let unauth = api.client.get(api.url("/v2/self")).send().await.unwrap();
    assert!(unauth.headers().contains_key("date"));
}

#[tokio::test]
async fn standard_objects_and_their_attributes() {
    let api = Api::start().await;
    let objects = api.get("/v2/objects").await;
    let slugs: Vec<&str> = objects
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["api_slug"].as_str().unwrap())
        .collect();
    for slug in ["users", "people", "workspaces", "companies"] {
        assert!(slugs.contains(&slug), "{slug} listed");
    }
    let users = api.get("/v2/objects/users").await;
    assert_eq!(users.data()["api_slug"], "users");
    let object_id = users.data()["id"]["object_id"].as_str().unwrap().to_owned();
    assert_eq!(
        api.get(&format!("/v2/objects/{object_id}")).await.data()["api_slug"],
        "users",
        "by id"
    );

    let attrs = api.get("/v2/objects/users/attributes").await;
    let attr = |slug: &str| {
        attrs
            .data()
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["api_slug"] == slug)
            .cloned()
            .unwrap()
    };
    let email = attr("primary_email_address");
    assert_eq!(email["type"], "email-address");
    assert_eq!(email["is_unique"], true);
    assert_eq!(email["is_required"], true);
    let user_id = attr("user_id");
    assert_eq!(
        (
            user_id["type"].as_str(),
            user_id["is_unique"].as_bool(),
            user_id["is_required"].as_bool()
        ),
        (Some("text"), Some(true), Some(true))
    );
    let person = attr("person");
    assert_eq!(person["type"], "record-reference");
    assert_eq!(person["relationship"]["object_slug"], "people");
    assert_eq!(person["relationship"]["api_slug"], "associated_users");
    assert_eq!(attr("workspace")["relationship"]["api_slug"], "users");
    assert_eq!(attr("record_id")["is_system_attribute"], true);

    let people = api
        .get("/v2/objects/people/attributes/email_addresses")
        .await;
    assert_eq!(people.data()["is_multiselect"], true);
    assert_eq!(people.data()["is_unique"], true);
    let domains = api.get("/v2/objects/companies/attributes/domains").await;
    assert_eq!(domains.data()["type"], "domain");
    assert_eq!(
        api.get("/v2/objects/companies/attributes/name")
            .await
            .data()["type"],
        "text"
    );
    let limited = api
        .get("/v2/objects/people/attributes?limit=2&offset=1")
        .await;
    assert_eq!(limited.data().as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn unknown_object_attribute_and_route_are_404_and_wrong_method_405() {
    let api = Api::start().await;
    api.get("/v2/objects/nope")
        .await
        .expect_error(404, "not_found");
    api.get("/v2/objects/nope/attributes")
        .await
        .expect_error(404, "not_found");
    api.get("/v2/objects/users/attributes/nope")
        .await
        .expect_error(404, "not_found");
    api.get("/v2/objects/users/records/nope")
        .await
        .expect_error(404, "not_found");
    api.get("/v2/nothing-here")
        .await
        .expect_error(404, "not_found");
    api.delete("/v2/objects")
        .await
        .expect_error(405, "method_not_allowed");
}

#[tokio::test]
async fn custom_objects_with_options_and_statuses() {
    let deals = ObjectSpec::new("deals")
        .attribute(AttributeSpec::new("name", AttributeType::Text).required())
        .attribute(AttributeSpec::new("stage", AttributeType::Status).statuses(["Lead", "Won"]))
        .attribute(
            AttributeSpec::new("tags", AttributeType::Select)
                .multiselect()
                .options(["Hot", "Cold"]),
        );
    let extra = ObjectSpec::new("users").attribute(AttributeSpec::new("plan", AttributeType::Text));
    let api = Api::with(
        EmulatorConfig::for_tests()
            .with_object(deals)
            .with_object(extra),
    )
    .await;
    let statuses = api.get("/v2/objects/deals/attributes/stage/statuses").await;
    let titles: Vec<&str> = statuses
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Lead", "Won"]);
    assert_eq!(statuses.data()[0]["celebration_enabled"], false);
    let options = api.get("/v2/objects/deals/attributes/tags/options").await;
    assert_eq!(options.data().as_array().unwrap().len(), 2);
    api.get("/v2/objects/deals/attributes/tags/statuses")
        .await
        .expect_error(404, "not_found");
    assert_eq!(
        api.get("/v2/objects/users/attributes/plan").await.data()["type"],
        "text"
    );
    assert_eq!(
        api.get("/v2/objects/users/attributes/user_id").await.data()["is_required"],
        true,
        "standard attributes kept"
    );
}
