//! `#[derive(AttioRecord)]` on a list-entry struct, end to end against the emulator: assert
//! by parent (record id, `RecordRef`, or a unique value of the parent), create, update,
//! overwrite, get and delete.

use attio_core::{AttioEntry, AttioRecord, Client, Email, RecordRef};
use attio_emulator::{AttributeSpec, AttributeType as T, Emulator, EmulatorConfig, ListSpec};
use serde_json::json;

/// An entry naming its parent by record id.
#[derive(AttioRecord, Debug, Clone, PartialEq)]
#[attio(list = "sales", parent = "people")]
struct Deal {
    #[attio(parent)]
    person: String,
    note: Option<String>,
    amount: Option<f64>,
    #[attio(slug = "labels")]
    labels: Vec<String>,
    #[attio(skip)]
    local_only: u32,
}

/// The same list, naming the parent by a `RecordRef` that matches its email.
#[derive(AttioRecord, Debug, Clone, PartialEq)]
#[attio(list = "sales", parent = "people")]
struct DealByRef {
    #[attio(parent)]
    person: RecordRef,
    note: Option<String>,
}

/// The same list, naming the parent by its unique email.
#[derive(AttioRecord, Debug, Clone, PartialEq)]
#[attio(list = "sales", parent = "people")]
struct DealByEmail {
    #[attio(parent = "email_addresses")]
    email: Email,
    amount: Option<f64>,
}

async fn setup() -> (Emulator, Client, String) {
    let list = ListSpec::new("sales", "people")
        .attribute(AttributeSpec::new("note", T::Text))
        .attribute(AttributeSpec::new("amount", T::Number))
        .attribute(AttributeSpec::new("labels", T::Text).multiselect());
    let emu = Emulator::start(EmulatorConfig::for_tests().with_list(list))
        .await
        .unwrap();
    let client = attio_testkit::emulator::client(&emu);
    let person = client
        .create_record(
            "people",
            attio_testkit::emulator::values(json!({"email_addresses": ["ada@example.com"]})),
        )
        .await
        .unwrap();
    let id = person.id().to_owned();
    (emu, client, id)
}

#[tokio::test]
async fn entries_assert_by_parent_update_get_and_delete() {
    let (_emu, client, person) = setup().await;
    let mut deal = Deal {
        person: person.clone(),
        note: Some("first".into()),
        amount: Some(10.0),
        labels: vec!["a".into(), "b".into()],
        local_only: 7,
    };
    let entry = deal.assert(&client).await.unwrap();
    assert_eq!(entry.parent_record_id, person);
    let id = entry.entry_id().to_owned();
    // Asserting again updates the same entry and overwrites the multi-value attribute.
    deal.labels = vec!["c".into()];
    assert_eq!(deal.assert(&client).await.unwrap().entry_id(), id);
    let back = Deal::get(&client, &id).await.unwrap();
    assert_eq!(
        back,
        Deal {
            local_only: 0,
            ..deal.clone()
        }
    );
    // PATCH adds to the multi-value attribute, PUT replaces it.
    deal.labels = vec!["d".into()];
    deal.update(&client, &id).await.unwrap();
    assert_eq!(Deal::get(&client, &id).await.unwrap().labels, ["d", "c"]);
    deal.overwrite(&client, &id).await.unwrap();
    assert_eq!(Deal::get(&client, &id).await.unwrap().labels, ["d"]);

    let by_ref = DealByRef {
        person: RecordRef::matching("people", "email_addresses", "ada@example.com"),
        note: Some("by ref".into()),
    };
    assert_eq!(by_ref.assert(&client).await.unwrap().entry_id(), id);
    let read = DealByRef::get(&client, &id).await.unwrap();
    assert_eq!(read.person, RecordRef::new("people", &person));

    let by_email = DealByEmail {
        email: Email::new("ada@example.com").unwrap(),
        amount: Some(99.0),
    };
    assert_eq!(by_email.assert(&client).await.unwrap().entry_id(), id);
    assert_eq!(DealByEmail::get(&client, &id).await.unwrap(), by_email);

    // `create` adds a second entry for the same parent; an assert then refuses.
    let second = deal.create(&client).await.unwrap();
    assert_ne!(second.entry_id(), id);
    let error = deal.assert(&client).await.unwrap_err();
    assert!(error.api().is_some(), "{error:?}");
    Deal::delete(&client, second.entry_id()).await.unwrap();
    Deal::delete(&client, &id).await.unwrap();
    assert!(Deal::get(&client, &id).await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn a_parent_named_by_a_value_no_record_has_is_a_typed_error() {
    let (_emu, client, _) = setup().await;
    let nobody = DealByEmail {
        email: Email::new("nobody@example.com").unwrap(),
        amount: None,
    };
    let error = nobody.assert(&client).await.unwrap_err();
    assert!(
        matches!(error, attio_core::Error::ParentNotFound { matches: 0, .. }),
        "{error:?}"
    );
}
