//! Two-way relationship attributes created through attio-core's client: the request
//! validates against the spec's create-attribute body, both entangled attributes read
//! back as each other's `relationship`, a write on one side shows on the other, and each
//! of Attio's refusals (not a record-reference, allowed objects other than the
//! relationship object, a taken reverse slug, an unknown object) is answered as the spec
//! says.

use attio_core::client::Values;
use attio_core::schema::{AttributeType, NewAttribute, NewObject, NewRelationship};
use attio_core::value::RecordReferenceValue;
use attio_core::{Client, Error};
use attio_emulator::{Emulator, EmulatorConfig};
use attio_testkit::emulator::body;
use attio_testkit::openapi::Spec;
use attio_testkit::spec_calls::checked;
use reqwest::Method;
use serde_json::json;

const ATTRS: &str = "/v2/{target}/{identifier}/attributes";

/// An emulator with two custom objects, `projects` and `teams`, made through the client.
async fn two_objects() -> (Emulator, Client) {
    two_objects_in(EmulatorConfig::for_tests()).await
}

/// A client of `emu`.
pub(super) fn client_of(emu: &Emulator) -> Client {
    Client::builder()
        .base_url(emu.base_url())
        .token(emu.token())
        .build()
        .unwrap()
}

/// [`two_objects`] in an emulator started with `config`.
pub(super) async fn two_objects_in(config: EmulatorConfig) -> (Emulator, Client) {
    let emu = Emulator::start(config).await.unwrap();
    let client = client_of(&emu);
    for (slug, one, many) in [
        ("projects", "Project", "Projects"),
        ("teams", "Team", "Teams"),
    ] {
        client
            .create_object(&NewObject::new(slug, one, many))
            .await
            .unwrap();
        let name = NewAttribute::new("name", AttributeType::Text).unique();
        client.create_attribute(slug, &name).await.unwrap();
    }
    (emu, client)
}

/// `projects.team` (one team) ⇄ `teams.projects` (many projects): many-to-one.
pub(super) fn team_of_project() -> NewAttribute {
    NewAttribute::new("team", AttributeType::RecordReference)
        .title("Team")
        .relationship(NewRelationship {
            object: "teams".into(),
            title: "Projects".into(),
            api_slug: "projects".into(),
            is_multiselect: true,
        })
}

pub(super) fn named(name: &str) -> Values {
    Values::from_iter([("name".to_owned(), json!(name))])
}

pub(super) fn targets(record: &attio_core::Record, slug: &str) -> Vec<String> {
    let refs: Vec<RecordReferenceValue> = record.field(slug).unwrap();
    refs.into_iter().map(|r| r.target_record_id).collect()
}

fn api_code(error: &Error) -> Option<(u16, String)> {
    match error {
        Error::Api(api) => Some((api.status, api.code.as_str().to_owned())),
        _ => None,
    }
}

#[tokio::test]
async fn a_relationship_created_through_the_api_links_both_sides() {
    let (emu, client) = two_objects().await;
    let forward = client
        .create_attribute("projects", &team_of_project())
        .await
        .unwrap();
    let sent = body(&emu.journal().pop().unwrap());
    Spec::load().request("post", ATTRS).assert_valid(&sent);
    assert_eq!(sent["data"]["relationship"]["api_slug"], "projects");
    // The emulator's answers validate too: the same body again (409), the new attributes.
    let path = "/v2/objects/projects/attributes";
    checked(&emu, Method::POST, path, ATTRS, Some(sent), 409).await;
    for path in [
        "/v2/objects/projects/attributes",
        "/v2/objects/teams/attributes",
    ] {
        checked(&emu, Method::GET, path, ATTRS, None, 200).await;
    }

    let reverse = client.get_attribute("teams", "projects").await.unwrap();
    assert!(reverse.is_multiselect && !forward.is_multiselect);
    let to_reverse = forward.relationship.as_ref().expect("forward relationship");
    assert_eq!(to_reverse.id.attribute_id, reverse.id.attribute_id);
    assert_eq!(
        (
            to_reverse.object_slug.as_str(),
            to_reverse.api_slug.as_str()
        ),
        ("teams", "projects")
    );
    let to_forward = reverse.relationship.as_ref().expect("reverse relationship");
    assert_eq!(to_forward.id.attribute_id, forward.id.attribute_id);
    assert_eq!(to_forward.object_slug, "projects");
    let teams_id = client.get_object("teams").await.unwrap().id.object_id;
    let allowed = forward.config.record_reference.unwrap().allowed_object_ids;
    assert_eq!(allowed, Some(vec![teams_id]));

    let core = client.create_record("teams", named("core")).await.unwrap();
    let edge = client.create_record("teams", named("edge")).await.unwrap();
    let link = |team: &str| json!([{"target_object": "teams", "target_record_id": team}]);
    let mut values = named("sdk");
    values.insert("team".into(), link(core.id()));
    let sdk = client
        .assert_record("projects", "name", values)
        .await
        .unwrap();
    let core_read = client.get_record("teams", core.id()).await.unwrap();
    assert_eq!(targets(&core_read, "projects"), [sdk.id().to_owned()]);

    // Many-to-one: moving the project to another team takes it off the first.
    let mut values = named("sdk");
    values.insert("team".into(), link(edge.id()));
    client
        .assert_record("projects", "name", values)
        .await
        .unwrap();
    let core_read = client.get_record("teams", core.id()).await.unwrap();
    assert!(targets(&core_read, "projects").is_empty());
    let edge_read = client.get_record("teams", edge.id()).await.unwrap();
    assert_eq!(targets(&edge_read, "projects"), [sdk.id().to_owned()]);

    // Writing the reverse side updates the forward one.
    let cli = client
        .create_record("projects", named("cli"))
        .await
        .unwrap();
    let both = json!([
        {"target_object": "projects", "target_record_id": sdk.id()},
        {"target_object": "projects", "target_record_id": cli.id()},
    ]);
    let values = Values::from_iter([("projects".to_owned(), both)]);
    client
        .update_record("teams", core.id(), values)
        .await
        .unwrap();
    for project in [&sdk, &cli] {
        let read = client.get_record("projects", project.id()).await.unwrap();
        assert_eq!(targets(&read, "team"), [core.id().to_owned()]);
    }
    let edge_read = client.get_record("teams", edge.id()).await.unwrap();
    assert!(
        targets(&edge_read, "projects").is_empty(),
        "sdk left edge for core"
    );
}

#[tokio::test]
async fn a_relationship_on_a_text_attribute_is_refused() {
    let (_emu, client) = two_objects().await;
    let mut text = team_of_project();
    text.kind = AttributeType::Text;
    let error = client
        .create_attribute("projects", &text)
        .await
        .unwrap_err();
    assert_eq!(api_code(&error), Some((400, "validation_type".into())));
    let Error::Api(api) = &error else {
        unreachable!()
    };
    assert!(
        api.validation_errors
            .iter()
            .any(|v| v.message.contains("only be created for record-reference")),
        "{api:?}"
    );
    assert!(client.get_attribute("teams", "projects").await.is_err());
}

#[tokio::test]
async fn allowed_objects_other_than_the_relationship_object_are_refused() {
    let (_emu, client) = two_objects().await;
    let wrong = team_of_project().allowed_objects(["people"]);
    let error = client
        .create_attribute("projects", &wrong)
        .await
        .unwrap_err();
    assert_eq!(api_code(&error), Some((400, "validation_type".into())));
    let right = team_of_project().allowed_objects(["teams"]);
    client.create_attribute("projects", &right).await.unwrap();
}

/// The error of creating [`team_of_project`] with its reverse side changed by `change`;
/// `projects.team` must not exist afterwards.
async fn refused_reverse(change: impl FnOnce(&mut NewRelationship)) -> Option<(u16, String)> {
    let (_emu, client) = two_objects().await;
    let mut new = team_of_project();
    change(new.relationship.as_mut().expect("a relationship"));
    let error = client.create_attribute("projects", &new).await.unwrap_err();
    assert!(
        client.get_attribute("projects", "team").await.is_err(),
        "nothing created"
    );
    api_code(&error)
}

#[tokio::test]
async fn a_taken_reverse_slug_is_a_slug_conflict() {
    let error = refused_reverse(|reverse| reverse.api_slug = "name".into()).await;
    assert_eq!(error, Some((409, "slug_conflict".into())));
}

#[tokio::test]
async fn a_relationship_to_an_unknown_object_is_not_found() {
    let error = refused_reverse(|reverse| reverse.object = "squads".into()).await;
    assert_eq!(error, Some((404, "not_found".into())));
}
