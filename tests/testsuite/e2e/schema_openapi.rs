//! The schema endpoints the client calls and the emulator serves, checked against Attio's
//! spec both ways: each request body the client sends validates against the operation's
//! request schema, and the emulator's answers to that body (successes, 409
//! `slug_conflict`, 400 `system_edit_unauthorized`) against the response schemas.

use attio_core::Client;
use attio_core::schema::{AttributeType, AttributeUpdate, NewAttribute};
use attio_emulator::{AttributeSpec, Emulator, EmulatorConfig, ObjectSpec};
use attio_testkit::emulator::body;
use attio_testkit::openapi::Spec;
use reqwest::Method;
use serde_json::Value;

const ATTRS: &str = "/v2/{target}/{identifier}/attributes";
const ATTR: &str = "/v2/{target}/{identifier}/attributes/{attribute}";

struct Check {
    spec: &'static Spec,
    emu: Emulator,
    client: Client,
    http: reqwest::Client,
}

impl Check {
    /// The body of the client's last request, validated against `spec_path`'s request schema.
    fn sent(&self, method: &str, spec_path: &str) -> Value {
        let entry = self.emu.journal().pop().expect("a request");
        let sent = body(&entry);
        self.spec.request(method, spec_path).assert_valid(&sent);
        sent
    }

    /// Sends `body` to `path`, asserts `status` and validates the answer.
    async fn answer(
        &self,
        method: Method,
        path: &str,
        spec_path: &str,
        body: Option<&Value>,
        status: u16,
    ) {
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path}", self.emu.base_url()))
            .bearer_auth(self.emu.token());
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{method} {path}");
        let answer: Value = response.json().await.unwrap();
        self.spec
            .response(method.as_str(), spec_path, status)
            .assert_valid(&answer);
    }
}

#[tokio::test]
async fn schema_requests_and_answers_match_the_spec() {
    let deals = ObjectSpec::new("deals").attribute(
        AttributeSpec::new("stage", attio_emulator::AttributeType::Status).statuses(["Lead"]),
    );
    let emu = Emulator::start(EmulatorConfig::for_tests().with_object(deals))
        .await
        .unwrap();
    let client = Client::builder()
        .base_url(emu.base_url())
        .token(emu.token())
        .build()
        .unwrap();
    let c = Check {
        spec: Spec::load(),
        emu,
        client,
        http: reqwest::Client::new(),
    };

    let new = NewAttribute::new("plan", AttributeType::Text)
        .title("Plan")
        .required();
    c.client.create_attribute("users", &new).await.unwrap();
    let mut sent = c.sent("post", ATTRS);
    let path = "/v2/objects/users/attributes";
    c.answer(Method::POST, path, ATTRS, Some(&sent), 409).await;
    sent["data"]["api_slug"] = "plan_b".into();
    c.answer(Method::POST, path, ATTRS, Some(&sent), 200).await;
    c.answer(Method::GET, path, ATTRS, None, 200).await;

    let update = AttributeUpdate {
        title: Some("Tier".to_owned()),
        is_unique: Some(true),
        ..AttributeUpdate::default()
    };
    c.client
        .update_attribute("users", "plan", &update)
        .await
        .unwrap();
    let sent = c.sent("patch", ATTR);
    let plan_b = "/v2/objects/users/attributes/plan_b";
    c.answer(Method::PATCH, plan_b, ATTR, Some(&sent), 200)
        .await;
    let system = "/v2/objects/users/attributes/created_at";
    c.answer(Method::PATCH, system, ATTR, Some(&sent), 400)
        .await;

    for (object, attribute, kind) in [
        ("companies", "categories", "options"),
        ("deals", "stage", "statuses"),
    ] {
        if kind == "options" {
            c.client
                .create_select_option(object, attribute, "Fintech")
                .await
                .unwrap();
        } else {
            c.client
                .create_status(object, attribute, "Fintech")
                .await
                .unwrap();
        }
        let spec_path = format!("{ATTR}/{kind}");
        let mut sent = c.sent("post", &spec_path);
        let path = format!("/v2/objects/{object}/attributes/{attribute}/{kind}");
        c.answer(Method::POST, &path, &spec_path, Some(&sent), 409)
            .await;
        sent["data"]["title"] = "Other".into();
        c.answer(Method::POST, &path, &spec_path, Some(&sent), 200)
            .await;
        c.answer(Method::GET, &path, &spec_path, None, 200).await;
    }
}
