//! Objects, select options and statuses changed through attio-core's client against the
//! emulator, with Attio's rules: slug and noun conflicts, empty updates, archived choices
//! kept on old values and refused on new ones.

use attio_core::schema::{ChoiceUpdate, NewAttribute, NewObject, ObjectUpdate, SchemaTarget};
use attio_core::{Client, Error, ErrorCode, Select, Status};
use attio_emulator::{
    AttributeSpec, AttributeType, Emulator, EmulatorConfig, ListSpec, ObjectSpec,
};
use serde_json::{Map, Value, json};

async fn start(config: EmulatorConfig) -> (Emulator, Client) {
    let emu = Emulator::start(config).await.expect("emulator");
    let client = attio_testkit::emulator::client(&emu);
    (emu, client)
}

fn code(result: Result<impl std::fmt::Debug, Error>) -> ErrorCode {
    let error = result.expect_err("Attio's rules refuse this");
    error.code().cloned().unwrap_or_else(|| panic!("{error:?}"))
}

fn values(raw: Value) -> Map<String, Value> {
    raw.as_object().cloned().unwrap_or_default()
}

#[tokio::test]
async fn objects_are_created_and_renamed_with_attio_rules() {
    let (_emu, client) = start(EmulatorConfig::for_tests()).await;
    let projects = NewObject::new("projects", "Project", "Projects");
    let created = client.create_object(&projects).await.expect("create");
    assert_eq!(created.api_slug.as_deref(), Some("projects"));
    assert_eq!(created.singular_noun.as_deref(), Some("Project"));
    assert_eq!(client.get_object("projects").await.expect("get"), created);
    assert!(
        client
            .list_objects()
            .await
            .expect("list")
            .contains(&created)
    );

    // The slug, and each noun (without case), belong to one object.
    let again = client.create_object(&projects).await;
    assert_eq!(code(again), ErrorCode::SlugConflict);
    let person = NewObject::new("persons", "person", "Persons");
    assert_eq!(
        code(client.create_object(&person).await),
        ErrorCode::SlugConflict
    );
    let bad_slug = NewObject::new("Bad Slug", "Bad", "Bads");
    assert_eq!(
        code(client.create_object(&bad_slug).await),
        ErrorCode::ValidationType
    );
    let no_noun = NewObject::new("tasks", "", "Tasks");
    assert_eq!(
        code(client.create_object(&no_noun).await),
        ErrorCode::ValidationType
    );

    let rename = ObjectUpdate {
        singular_noun: Some("Initiative".into()),
        plural_noun: Some("Initiatives".into()),
        ..ObjectUpdate::default()
    };
    let updated = client
        .update_object("projects", &rename)
        .await
        .expect("update");
    assert_eq!(updated.plural_noun.as_deref(), Some("Initiatives"));
    assert_eq!(updated.id, created.id);
    let taken = ObjectUpdate {
        plural_noun: Some("People".into()),
        ..ObjectUpdate::default()
    };
    assert_eq!(
        code(client.update_object("projects", &taken).await),
        ErrorCode::SlugConflict
    );
    let empty = client
        .update_object("projects", &ObjectUpdate::default())
        .await;
    assert_eq!(code(empty), ErrorCode::ValidationType);
    let unknown = client.update_object("nothing", &rename).await;
    assert_eq!(code(unknown), ErrorCode::NotFound);

    // The new object takes attributes and records like any other.
    client
        .create_attribute(
            "projects",
            &NewAttribute::new("code", AttributeType::Text).unique(),
        )
        .await
        .expect("attribute");
    let record = client
        .assert_record("projects", "code", values(json!({"code": "P-1"})))
        .await
        .expect("a record of the new object");
    assert_eq!(record.field::<String>("code").unwrap(), "P-1");
}

#[tokio::test]
async fn archived_options_stay_on_old_values_and_are_refused_on_new_ones() {
    let (_emu, client) = start(EmulatorConfig::for_tests()).await;
    client
        .create_object(&NewObject::new("tickets", "Ticket", "Tickets"))
        .await
        .expect("object");
    for attribute in [
        NewAttribute::new("key", AttributeType::Text).unique(),
        NewAttribute::new("tier", AttributeType::Select),
    ] {
        client
            .create_attribute("tickets", &attribute)
            .await
            .expect("attribute");
    }
    for title in ["Gold", "Silver"] {
        client
            .create_select_option("tickets", "tier", title)
            .await
            .expect("option");
    }
    let old = client
        .assert_record(
            "tickets",
            "key",
            values(json!({"key": "t-1", "tier": "Gold"})),
        )
        .await
        .expect("write Gold");

    let archived = client
        .update_select_option("tickets", "tier", "Gold", &ChoiceUpdate::archive())
        .await
        .expect("archive");
    assert!(archived.is_archived && archived.title == "Gold");
    let listed = client
        .list_select_options("tickets", "tier")
        .await
        .expect("list");
    assert_eq!(listed.iter().filter(|o| o.is_archived).count(), 1);

    let refused = client
        .assert_record(
            "tickets",
            "key",
            values(json!({"key": "t-2", "tier": "Gold"})),
        )
        .await;
    assert_eq!(code(refused), ErrorCode::ValueNotFound);
    let kept = client.get_record("tickets", old.id()).await.expect("get");
    assert_eq!(kept.field::<Select>("tier").unwrap().title(), Some("Gold"));
    client
        .assert_record(
            "tickets",
            "key",
            values(json!({"key": "t-2", "tier": "Silver"})),
        )
        .await
        .expect("a live option is still written");

    // Renaming to a taken title conflicts; restoring makes the option writable again.
    let clash = ChoiceUpdate {
        title: Some("Silver".into()),
        ..ChoiceUpdate::default()
    };
    let conflict = client
        .update_select_option("tickets", "tier", "Gold", &clash)
        .await;
    assert_eq!(code(conflict), ErrorCode::SlugConflict);
    let restore = ChoiceUpdate {
        is_archived: Some(false),
        ..ChoiceUpdate::default()
    };
    client
        .update_select_option("tickets", "tier", &archived.id.option_id, &restore)
        .await
        .expect("restore by id");
    client
        .assert_record(
            "tickets",
            "key",
            values(json!({"key": "t-3", "tier": "Gold"})),
        )
        .await
        .expect("a restored option is written");
    let missing = client
        .update_select_option("tickets", "tier", "Bronze", &restore)
        .await;
    assert_eq!(code(missing), ErrorCode::ValueNotFound);
}

#[tokio::test]
async fn archived_statuses_are_refused_on_write() {
    let deals = ObjectSpec::new("deals")
        .attribute(AttributeSpec::new("name", AttributeType::Text).unique())
        .attribute(AttributeSpec::new("stage", AttributeType::Status).statuses(["Lead", "Won"]));
    let (_emu, client) = start(EmulatorConfig::for_tests().with_object(deals)).await;
    let won = client
        .update_status("deals", "stage", "Won", &ChoiceUpdate::archive())
        .await
        .expect("archive");
    assert!(won.is_archived);
    let refused = client
        .assert_record(
            "deals",
            "name",
            values(json!({"name": "d-1", "stage": "Won"})),
        )
        .await;
    assert_eq!(code(refused), ErrorCode::ValueNotFound);
    let lead = client
        .assert_record(
            "deals",
            "name",
            values(json!({"name": "d-1", "stage": "Lead"})),
        )
        .await
        .expect("a live status is written");
    assert_eq!(lead.field::<Status>("stage").unwrap().title(), Some("Lead"));
}

#[tokio::test]
async fn a_record_reference_attribute_points_only_at_its_allowed_objects() {
    let (_emu, client) = start(EmulatorConfig::for_tests()).await;
    let mentor =
        NewAttribute::new("mentor", AttributeType::RecordReference).allowed_objects(["people"]);
    let created = client
        .create_attribute("users", &mentor)
        .await
        .expect("create");
    let people = client.get_object("people").await.expect("people");
    assert_eq!(
        created
            .config
            .record_reference
            .and_then(|r| r.allowed_object_ids),
        Some(vec![people.id.object_id])
    );

    let person = client
        .create_record("people", values(json!({"name": "Ada Lovelace"})))
        .await
        .expect("person");
    let company = client
        .create_record("companies", values(json!({"name": "Acme"})))
        .await
        .expect("company");
    let user = |id: &str, target: &str, record: &str| {
        values(json!({
            "user_id": id,
            "primary_email_address": format!("{id}@example.com"),
            "mentor": [{"target_object": target, "target_record_id": record}],
        }))
    };
    client
        .assert_record("users", "user_id", user("u1", "people", person.id()))
        .await
        .expect("a person is allowed");
    let refused = client
        .assert_record("users", "user_id", user("u2", "companies", company.id()))
        .await;
    assert!(refused.is_err(), "a company is not an allowed object");

    // Only record references take the configuration, and it names objects that exist.
    let text = NewAttribute::new("motto", AttributeType::Text).allowed_objects(["people"]);
    assert_eq!(
        code(client.create_attribute("users", &text).await),
        ErrorCode::ValidationType
    );
    let ghost =
        NewAttribute::new("ghost", AttributeType::RecordReference).allowed_objects(["ghosts"]);
    assert_eq!(
        code(client.create_attribute("users", &ghost).await),
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn a_list_has_attributes_options_and_statuses_like_an_object() {
    let sales =
        ListSpec::new("sales", "people").attribute(AttributeSpec::new("note", AttributeType::Text));
    let (_emu, client) = start(EmulatorConfig::for_tests().with_list(sales)).await;
    let list = SchemaTarget::List("sales");
    let before = client.list_attributes(list).await.expect("list attributes");
    assert!(before.iter().any(|a| a.api_slug == "note"));

    // A status attribute, refused on objects, is a list's own.
    let stage = NewAttribute::new("stage", AttributeType::Status);
    let created = client.create_attribute(list, &stage).await.expect("create");
    assert_eq!(created.api_slug, "stage");
    assert_eq!(
        code(client.create_attribute(list, &stage).await),
        ErrorCode::SlugConflict
    );
    assert_eq!(
        code(client.create_attribute("people", &stage).await),
        ErrorCode::ValidationType
    );
    for title in ["Lead", "Won"] {
        client
            .create_status(list, "stage", title)
            .await
            .expect("status");
    }
    client
        .update_status(list, "stage", "Won", &ChoiceUpdate::archive())
        .await
        .expect("archive");
    let statuses = client.list_statuses(list, "stage").await.expect("statuses");
    assert_eq!(
        statuses
            .iter()
            .map(|s| (s.title.as_str(), s.is_archived))
            .collect::<Vec<_>>(),
        [("Lead", false), ("Won", true)]
    );
    let renamed = attio_core::schema::AttributeUpdate {
        title: Some("Stage".into()),
        ..Default::default()
    };
    let got = client
        .update_attribute(list, "stage", &renamed)
        .await
        .expect("update");
    assert_eq!(client.get_attribute(list, "stage").await.expect("get"), got);

    let person = client
        .create_record("people", values(json!({"name": "Ada Lovelace"})))
        .await
        .expect("person");
    let entries = client.entries("sales");
    let refused = entries
        .create("people", person.id(), values(json!({"stage": "Won"})))
        .await;
    assert_eq!(code(refused), ErrorCode::ValueNotFound);
    let entry = entries
        .create(
            "people",
            person.id(),
            values(json!({"stage": "Lead", "note": "hi"})),
        )
        .await
        .expect("an entry with a live status");
    assert_eq!(
        entry.field::<Status>("stage").unwrap().title(),
        Some("Lead")
    );
    assert_eq!(
        code(client.list_attributes(SchemaTarget::List("nothing")).await),
        ErrorCode::NotFound
    );
}
