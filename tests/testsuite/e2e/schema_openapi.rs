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
    /// An emulator with `config`, a client of it and the spec.
    async fn start(config: EmulatorConfig) -> Self {
        let emu = Emulator::start(config).await.unwrap();
        let client = Client::builder()
            .base_url(emu.base_url())
            .token(emu.token())
            .build()
            .unwrap();
        Self {
            spec: Spec::load(),
            emu,
            client,
            http: reqwest::Client::new(),
        }
    }

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
    let c = Check::start(EmulatorConfig::for_tests().with_object(deals)).await;

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

#[tokio::test]
async fn object_and_choice_changes_match_the_spec() {
    use attio_core::schema::{ChoiceUpdate, NewObject, ObjectUpdate};
    const OBJECTS: &str = "/v2/objects";
    const OBJECT: &str = "/v2/objects/{object}";
    let c = Check::start(EmulatorConfig::for_tests()).await;

    let projects = NewObject::new("projects", "Project", "Projects");
    c.client.create_object(&projects).await.unwrap();
    let mut sent = c.sent("post", OBJECTS);
    c.answer(Method::POST, OBJECTS, OBJECTS, Some(&sent), 409)
        .await;
    sent["data"]["api_slug"] = "tasks".into();
    sent["data"]["singular_noun"] = "Task".into();
    sent["data"]["plural_noun"] = "Tasks".into();
    c.answer(Method::POST, OBJECTS, OBJECTS, Some(&sent), 200)
        .await;

    let update = ObjectUpdate {
        plural_noun: Some("Initiatives".into()),
        ..ObjectUpdate::default()
    };
    c.client.update_object("projects", &update).await.unwrap();
    let mut sent = c.sent("patch", OBJECT);
    // The same change to another object: its plural is now taken.
    c.answer(Method::PATCH, "/v2/objects/tasks", OBJECT, Some(&sent), 409)
        .await;
    sent["data"]["plural_noun"] = "Chores".into();
    c.answer(Method::PATCH, "/v2/objects/tasks", OBJECT, Some(&sent), 200)
        .await;
    let empty = serde_json::json!({"data": {}});
    c.answer(
        Method::PATCH,
        "/v2/objects/tasks",
        OBJECT,
        Some(&empty),
        400,
    )
    .await;
    c.answer(
        Method::PATCH,
        "/v2/objects/nothing",
        OBJECT,
        Some(&sent),
        404,
    )
    .await;

    let spec_path = format!("{ATTR}/options/{{option}}");
    c.client
        .create_select_option("companies", "categories", "Fintech")
        .await
        .unwrap();
    c.client
        .update_select_option(
            "companies",
            "categories",
            "Fintech",
            &ChoiceUpdate::archive(),
        )
        .await
        .unwrap();
    let sent = c.sent("patch", &spec_path);
    let base = "/v2/objects/companies/attributes/categories/options";
    c.answer(
        Method::PATCH,
        &format!("{base}/Fintech"),
        &spec_path,
        Some(&sent),
        200,
    )
    .await;
    c.answer(
        Method::PATCH,
        &format!("{base}/Nothing"),
        &spec_path,
        Some(&sent),
        400,
    )
    .await;
    let rename = serde_json::json!({"data": {"title": "Fintech"}});
    c.client
        .create_select_option("companies", "categories", "Other")
        .await
        .unwrap();
    c.answer(
        Method::PATCH,
        &format!("{base}/Other"),
        &spec_path,
        Some(&rename),
        409,
    )
    .await;

    let mentor =
        NewAttribute::new("mentor", AttributeType::RecordReference).allowed_objects(["people"]);
    c.client.create_attribute("users", &mentor).await.unwrap();
    let sent = c.sent("post", ATTRS);
    c.answer(
        Method::GET,
        "/v2/objects/users/attributes/mentor",
        ATTR,
        None,
        200,
    )
    .await;
    assert_eq!(
        sent["data"]["config"]["record_reference"]["allowed_objects"],
        serde_json::json!(["people"])
    );
}
