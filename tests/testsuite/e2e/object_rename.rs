//! Renaming a custom object through attio-core's client (`PATCH /v2/objects/{object}` with
//! `api_slug`): its records answer under the new slug and not the old one, the two-way
//! relationship and a list whose parent it is keep working, and a persisted emulator
//! keeps the rename through a restart. A standard object keeps its slug.

use attio_core::Error;
use attio_core::schema::ObjectUpdate;
use attio_emulator::{Emulator, EmulatorConfig};
use attio_testkit::emulator::body;
use attio_testkit::openapi::Spec;
use attio_testkit::spec_calls::checked;
use reqwest::Method;
use serde_json::json;

use super::relationships::{client_of, named, targets, team_of_project, two_objects_in};

fn rename_to(slug: &str) -> ObjectUpdate {
    ObjectUpdate {
        api_slug: Some(slug.to_owned()),
        ..ObjectUpdate::default()
    }
}

/// What must hold after the rename, before and after a restart: `sdk` (a project) in
/// team `core`, with one entry in `roadmap`; `new_project` is created and linked.
async fn check(emu: Emulator, sdk: &str, core: &str, new_project: &str) -> Emulator {
    let client = client_of(&emu);
    let read = client.get_record("initiatives", sdk).await.unwrap();
    assert_eq!(targets(&read, "team"), [core.to_owned()]);
    let old = client.get_record("projects", sdk).await.unwrap_err();
    assert!(
        matches!(&old, Error::Api(api) if api.status == 404),
        "{old:?}"
    );
    // The other side now points at the new slug, and writes still sync both ways.
    let team = client.get_record("teams", core).await.unwrap();
    let refs: Vec<attio_core::value::RecordReferenceValue> = team.field("projects").unwrap();
    assert_eq!(refs[0].target_object, "initiatives");
    let reverse = client.get_attribute("teams", "projects").await.unwrap();
    assert_eq!(reverse.relationship.unwrap().object_slug, "initiatives");
    let cli = client
        .create_record("initiatives", named(new_project))
        .await
        .unwrap();
    let mut values = named("core");
    values.insert(
        "projects".into(),
        json!([{"target_object": "initiatives", "target_record_id": cli.id()}]),
    );
    client.update_record("teams", core, values).await.unwrap();
    let cli = client.get_record("initiatives", cli.id()).await.unwrap();
    assert_eq!(targets(&cli, "team"), [core.to_owned()]);
    // The list's parent follows, and its entry still belongs to the record.
    let list = client.lists().get("roadmap").await.unwrap();
    assert_eq!(list.parent_object, ["initiatives"]);
    let lines = client
        .record_entries("initiatives", sdk, 10, 0)
        .await
        .unwrap();
    assert_eq!(lines.len(), 1);
    emu
}

#[tokio::test]
async fn a_renamed_object_keeps_its_records_relationships_and_lists_through_a_restart() {
    let dir = std::env::temp_dir().join(format!("attio-rename-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("store.json");
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(attio_emulator::write_log_path(&path));
    let config = || EmulatorConfig {
        persist_path: Some(path.clone()),
        ..EmulatorConfig::for_tests()
    };
    let (emu, client) = two_objects_in(config()).await;
    client
        .create_attribute("projects", &team_of_project())
        .await
        .unwrap();
    let core = client.create_record("teams", named("core")).await.unwrap();
    let mut values = named("sdk");
    values.insert(
        "team".into(),
        json!([{"target_object": "teams", "target_record_id": core.id()}]),
    );
    let sdk = client.create_record("projects", values).await.unwrap();
    let list = json!({"data": {"name": "Roadmap", "api_slug": "roadmap", "parent_object": "projects",
                               "workspace_access": "full-access", "workspace_member_access": []}});
    checked(
        &emu,
        Method::POST,
        "/v2/lists",
        "/v2/lists",
        Some(list),
        200,
    )
    .await;
    let entry = json!({"data": {"parent_record_id": sdk.id(), "parent_object": "projects", "entry_values": {}}});
    let entries = "/v2/lists/{list}/entries";
    checked(
        &emu,
        Method::POST,
        "/v2/lists/roadmap/entries",
        entries,
        Some(entry),
        200,
    )
    .await;

    let renamed = client
        .update_object("projects", &rename_to("initiatives"))
        .await
        .unwrap();
    assert_eq!(renamed.api_slug.as_deref(), Some("initiatives"));
    let sent = body(&emu.journal().pop().unwrap());
    Spec::load()
        .request("patch", "/v2/objects/{object}")
        .assert_valid(&sent);

    let emu = check(emu, sdk.id(), core.id(), "cli").await;
    emu.shutdown().await.unwrap();
    let again = Emulator::start(config()).await.unwrap();
    let objects = client_of(&again).list_objects().await.unwrap();
    assert!(
        objects
            .iter()
            .any(|o| o.api_slug.as_deref() == Some("initiatives"))
    );
    assert!(
        !objects
            .iter()
            .any(|o| o.api_slug.as_deref() == Some("projects"))
    );
    let again = check(again, sdk.id(), core.id(), "docs").await;
    again.shutdown().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_standard_object_keeps_its_slug_and_a_taken_slug_conflicts() {
    let (emu, client) = two_objects_in(EmulatorConfig::for_tests()).await;
    let error = client
        .update_object("people", &rename_to("contacts"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Api(api) if api.status == 400),
        "{error:?}"
    );
    let error = client
        .update_object("projects", &rename_to("teams"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Api(api) if api.status == 409),
        "{error:?}"
    );
    let object = "/v2/objects/{object}";
    let body = json!({"data": {"api_slug": "contacts"}});
    checked(
        &emu,
        Method::PATCH,
        "/v2/objects/people",
        object,
        Some(body.clone()),
        400,
    )
    .await;
    checked(
        &emu,
        Method::PATCH,
        "/v2/objects/projects",
        object,
        Some(body),
        200,
    )
    .await;
    client.get_object("contacts").await.unwrap();
}
