//! Lists made and changed through attio-core's typed client (`NewList`, `ListUpdate`):
//! each request validates against the spec's body for `POST /v2/lists` and
//! `PATCH /v2/lists/{list}`, the emulator's answers (success, 409 `slug_conflict`, 404 for
//! an unknown parent) against its responses, and a list created so gets attributes
//! through `/v2/lists/{list}/attributes` and entries holding their values.

use attio_core::client::Values;
use attio_core::list::{ListUpdate, MemberAccess, NewList};
use attio_core::schema::{AttributeType, NewAttribute, SchemaTarget};
use attio_core::value::Select;
use attio_emulator::{Emulator, EmulatorConfig};
use attio_testkit::emulator::body;
use attio_testkit::openapi::Spec;
use attio_testkit::spec_calls::checked;
use reqwest::Method;
use serde_json::json;

use super::relationships::client_of;

#[tokio::test]
async fn a_list_made_through_the_typed_client_gets_attributes_and_entries() {
    let emu = Emulator::start(EmulatorConfig::for_tests()).await.unwrap();
    let client = client_of(&emu);
    let spec = Spec::load();
    let mut new = NewList::new("hiring", "Hiring", "people");
    new.workspace_member_access = vec![MemberAccess {
        workspace_member_id: "50cf242c-7fa3-4cad-87d0-75b1af71c57b".into(),
        level: "read-only".into(),
    }];
    let list = client.lists().create(&new).await.unwrap();
    assert_eq!(
        (list.api_slug.as_str(), list.parent_object.as_slice()),
        ("hiring", ["people".to_owned()].as_slice())
    );
    let sent = body(&emu.journal().pop().unwrap());
    spec.request("post", "/v2/lists").assert_valid(&sent);
    checked(
        &emu,
        Method::POST,
        "/v2/lists",
        "/v2/lists",
        Some(sent.clone()),
        409,
    )
    .await;
    let mut unknown = sent.clone();
    unknown["data"]["api_slug"] = "other".into();
    unknown["data"]["parent_object"] = "nothing".into();
    checked(
        &emu,
        Method::POST,
        "/v2/lists",
        "/v2/lists",
        Some(unknown),
        404,
    )
    .await;

    let update = ListUpdate {
        name: Some("Recruiting".into()),
        workspace_access: Some(None),
        ..ListUpdate::default()
    };
    let changed = client.lists().update("hiring", &update).await.unwrap();
    assert_eq!(changed.name, "Recruiting");
    assert_eq!(changed.workspace_access, None);
    let sent = body(&emu.journal().pop().unwrap());
    assert_eq!(
        sent,
        json!({"data": {"name": "Recruiting", "workspace_access": null}})
    );
    spec.request("patch", "/v2/lists/{list}")
        .assert_valid(&sent);
    checked(
        &emu,
        Method::PATCH,
        "/v2/lists/hiring",
        "/v2/lists/{list}",
        Some(sent),
        200,
    )
    .await;

    let stage = NewAttribute::new("stage", AttributeType::Select).title("Stage");
    let created = client
        .create_attribute(SchemaTarget::List("hiring"), &stage)
        .await
        .unwrap();
    assert_eq!(created.id.object_id, list.id.list_id);
    client
        .create_select_option(SchemaTarget::List("hiring"), "stage", "Interview")
        .await
        .unwrap();
    let attrs = "/v2/{target}/{identifier}/attributes";
    checked(
        &emu,
        Method::GET,
        "/v2/lists/hiring/attributes",
        attrs,
        None,
        200,
    )
    .await;

    let person = client
        .create_record(
            "people",
            Values::from_iter([("email_addresses".to_owned(), json!(["ada@example.com"]))]),
        )
        .await
        .unwrap();
    let values = Values::from_iter([("stage".to_owned(), json!("Interview"))]);
    let entry = client
        .entries("hiring")
        .assert("people", person.id(), values)
        .await
        .unwrap();
    let read = client
        .entries("hiring")
        .get(entry.entry_id())
        .await
        .unwrap();
    let stage: Select = read.field("stage").unwrap();
    assert_eq!(stage.title(), Some("Interview"));
    let wrong = Values::from_iter([("stage".to_owned(), json!("Hired"))]);
    let refused = client
        .entries("hiring")
        .assert("people", person.id(), wrong)
        .await;
    assert!(refused.is_err(), "an option the list attribute lacks");
}
