//! Every response body the emulator sends in this scenario validates against the response
//! schema of the same operation and status in Attio's OpenAPI spec. The scenario touches
//! every endpoint the emulator serves and a record holding a value of every writable
//! attribute type, so each read-value variant of the spec is exercised.
//! Error codes the spec does not list for an operation (peer-observed codes such as
//! `uniqueness_conflict`) are checked against the generic error shape instead.

use attio_emulator::{AttributeSpec, AttributeType as T, Emulator, EmulatorConfig, ObjectSpec};
use attio_testkit::openapi::Spec;
use reqwest::Method;
use serde_json::{Value, json};

struct Checker<'s> {
    spec: &'s Spec,
    emu: Emulator,
    client: reqwest::Client,
    checked: usize,
}

impl Checker<'_> {
    /// Sends the request, asserts the status, validates the body against `spec_path`'s
    /// response schema for that status, and returns the body.
    async fn call(
        &mut self,
        method: Method,
        path: &str,
        spec_path: &str,
        body: Option<Value>,
        status: u16,
    ) -> Value {
        let mut request = self
            .client
            .request(method.clone(), format!("{}{path}", self.emu.base_url()))
            .bearer_auth(self.emu.token());
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request");
        assert_eq!(response.status().as_u16(), status, "{method} {path}");
        let body: Value = response.json().await.expect("JSON body");
        self.spec
            .response(method.as_str(), spec_path, status)
            .assert_valid(&body);
        self.checked += 1;
        body
    }
}

fn all_types() -> ObjectSpec {
    ObjectSpec::new("things")
        .attribute(AttributeSpec::new("label", T::Text))
        .attribute(AttributeSpec::new("amount", T::Number))
        .attribute(AttributeSpec::new("done", T::Checkbox))
        .attribute(AttributeSpec::new("price", T::Currency).currency("EUR"))
        .attribute(AttributeSpec::new("day", T::Date))
        .attribute(AttributeSpec::new("at", T::Timestamp))
        .attribute(AttributeSpec::new("stars", T::Rating))
        .attribute(AttributeSpec::new("stage", T::Status).statuses(["Lead", "Won"]))
        .attribute(
            AttributeSpec::new("tags", T::Select)
                .multiselect()
                .options(["A", "B"]),
        )
        .attribute(AttributeSpec::new("owner", T::ActorReference))
        .attribute(AttributeSpec::new("place", T::Location))
        .attribute(AttributeSpec::new("site", T::Domain))
        .attribute(AttributeSpec::new("mail", T::EmailAddress))
        .attribute(AttributeSpec::new("phone", T::PhoneNumber))
        .attribute(AttributeSpec::new("who", T::PersonalName))
        .attribute(AttributeSpec::new("link", T::RecordReference).targets(["people"]))
}

#[tokio::test]
async fn emulator_responses_match_the_spec() {
    let spec = Spec::load();
    let emu = Emulator::start(EmulatorConfig::for_tests().with_object(all_types()))
        .await
        .unwrap();
    let mut c = Checker {
        spec,
        emu,
        client: reqwest::Client::new(),
        checked: 0,
    };
    const RECORDS: &str = "/v2/objects/{object}/records";
    const RECORD: &str = "/v2/objects/{object}/records/{record_id}";
    const ATTRS: &str = "/v2/{target}/{identifier}/attributes";
    const ATTR: &str = "/v2/{target}/{identifier}/attributes/{attribute}";

    c.call(Method::GET, "/v2/self", "/v2/self", None, 200).await;
    c.call(Method::GET, "/v2/objects", "/v2/objects", None, 200)
        .await;
    for object in ["users", "people", "companies", "workspaces", "things"] {
        c.call(
            Method::GET,
            &format!("/v2/objects/{object}"),
            "/v2/objects/{object}",
            None,
            200,
        )
        .await;
        c.call(
            Method::GET,
            &format!("/v2/objects/{object}/attributes"),
            ATTRS,
            None,
            200,
        )
        .await;
    }
    c.call(
        Method::GET,
        "/v2/objects/nope",
        "/v2/objects/{object}",
        None,
        404,
    )
    .await;
    c.call(
        Method::GET,
        "/v2/objects/users/attributes/person",
        ATTR,
        None,
        200,
    )
    .await;
    c.call(
        Method::GET,
        "/v2/objects/users/attributes/nope",
        ATTR,
        None,
        404,
    )
    .await;
    c.call(
        Method::GET,
        "/v2/objects/things/attributes/tags/options",
        &format!("{ATTR}/options"),
        None,
        200,
    )
    .await;
    c.call(
        Method::GET,
        "/v2/objects/things/attributes/stage/statuses",
        &format!("{ATTR}/statuses"),
        None,
        200,
    )
    .await;

    let person = c
        .call(Method::POST, "/v2/objects/people/records", RECORDS, Some(json!({"data": {"values": {
            "email_addresses": ["ada@example.com"], "name": "Lovelace, Ada", "phone_numbers": ["+447777777777"],
            "primary_location": "1 Infinite Loop, Cupertino, CA, 95014, US", "job_title": "Mathematician"}}})), 200)
        .await;
    let person_id = person["data"]["id"]["record_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let thing = c
        .call(Method::POST, "/v2/objects/things/records", RECORDS, Some(json!({"data": {"values": {
            "label": "x", "amount": 1.5, "done": true, "price": 9.99, "day": "2024-02-03", "at": "2024-02-03T04:05:06Z",
            "stars": 4, "stage": "Won", "tags": ["A", "B"], "owner": "owner@example.com",
            "place": "10 Downing St, London, SW1A 2AA, GB", "site": "attio.com", "mail": "a@b.com", "phone": "+14155550100",
            "who": {"first_name": "Ada", "last_name": "Lovelace"}, "link": {"target_object": "people", "target_record_id": person_id}}}})), 200)
        .await;
    let thing_id = thing["data"]["id"]["record_id"]
        .as_str()
        .unwrap()
        .to_owned();
    for (slug, list) in thing["data"]["values"].as_object().unwrap() {
        assert_eq!(
            list.as_array().unwrap().len().min(1),
            1,
            "{slug} has a value"
        );
    }
    c.call(
        Method::POST,
        "/v2/objects/things/records",
        RECORDS,
        Some(json!({"data": {"values": {"stage": "Lost"}}})),
        400,
    )
    .await;

    let user = c
        .call(Method::PUT, "/v2/objects/users/records?matching_attribute=user_id", RECORDS, Some(json!({"data": {"values": {
            "user_id": "u1", "primary_email_address": "u1@example.com", "person": "ada@example.com"}}})), 200)
        .await;
    let user_id = user["data"]["id"]["record_id"].as_str().unwrap().to_owned();
    c.call(
        Method::PUT,
        "/v2/objects/users/records?matching_attribute=nope",
        RECORDS,
        Some(json!({"data": {"values": {}}})),
        400,
    )
    .await;
    c.call(
        Method::PUT,
        "/v2/objects/nope/records?matching_attribute=user_id",
        RECORDS,
        Some(json!({"data": {"values": {}}})),
        404,
    )
    .await;

    let user_path = format!("/v2/objects/users/records/{user_id}");
    c.call(Method::GET, &user_path, RECORD, None, 200).await;
    c.call(
        Method::GET,
        "/v2/objects/users/records/missing",
        RECORD,
        None,
        404,
    )
    .await;
    for (method, body, status) in [
        (
            Method::PATCH,
            json!({"data": {"values": {"user_id": "u1b"}}}),
            200,
        ),
        (
            Method::PATCH,
            json!({"data": {"values": {"user_id": null}}}),
            400,
        ),
        (
            Method::PUT,
            json!({"data": {"values": {"workspace": []}}}),
            200,
        ),
        (
            Method::PUT,
            json!({"data": {"values": {"primary_email_address": []}}}),
            400,
        ),
    ] {
        c.call(method, &user_path, RECORD, Some(body), status).await;
    }
    c.call(
        Method::PATCH,
        "/v2/objects/users/records/missing",
        RECORD,
        Some(json!({"data": {"values": {}}})),
        404,
    )
    .await;

    let query = "/v2/objects/{object}/records/query";
    let found = c.call(Method::POST, "/v2/objects/people/records/query", query, Some(json!({"filter": {"email_addresses": "ada@example.com"}, "sorts": [{"attribute": "name", "field": "last_name", "direction": "asc"}], "limit": 10})), 200).await;
    assert_eq!(found["data"].as_array().unwrap().len(), 1);
    c.call(
        Method::POST,
        "/v2/objects/things/records/query",
        query,
        Some(json!({})),
        200,
    )
    .await;
    c.call(
        Method::POST,
        "/v2/objects/people/records/query",
        query,
        Some(json!({"filter": {"nope": 1}})),
        400,
    )
    .await;
    c.call(
        Method::POST,
        "/v2/objects/nope/records/query",
        query,
        Some(json!({})),
        404,
    )
    .await;

    let values = "/v2/objects/{object}/records/{record_id}/attributes/{attribute}/values";
    c.call(
        Method::GET,
        &format!("{user_path}/attributes/user_id/values?show_historic=true"),
        values,
        None,
        200,
    )
    .await;
    c.call(
        Method::GET,
        &format!("/v2/objects/things/records/{thing_id}/attributes/place/values"),
        values,
        None,
        200,
    )
    .await;
    c.call(
        Method::GET,
        &format!("{user_path}/attributes/user_id/values?show_historic=maybe"),
        values,
        None,
        400,
    )
    .await;
    c.call(
        Method::GET,
        "/v2/objects/users/records/missing/attributes/user_id/values",
        values,
        None,
        404,
    )
    .await;

    c.call(Method::DELETE, &user_path, RECORD, None, 200).await;
    c.call(Method::DELETE, &user_path, RECORD, None, 404).await;

    // Codes the spec does not list for the operation: the generic error shape.
    let conflict = c
        .client
        .post(format!("{}/v2/objects/people/records", c.emu.base_url()))
        .bearer_auth(c.emu.token())
        .json(&json!({"data": {"values": {"email_addresses": ["ada@example.com"]}}}))
        .send()
        .await
        .unwrap();
    assert_eq!(conflict.status(), 400);
    let body: Value = conflict.json().await.unwrap();
    for key in ["status_code", "type", "code", "message"] {
        assert!(body.get(key).is_some(), "{key} in {body}");
    }
    assert_eq!(body["code"], "uniqueness_conflict");
    assert!(c.checked >= 35, "checked {} responses", c.checked);
}
