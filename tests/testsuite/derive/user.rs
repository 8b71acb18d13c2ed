//! Runtime tests of a derived struct: Attio's documented example user is written as
//! exactly the documented `data.values`, decoded back from the documented responses, and
//! every write or decode error names the attribute's slug.

use attio_core::{
    AttioRecord, DecodeError, DecodeErrorKind, Email, Error, Record, RecordRef, ValueError,
};
use serde_json::{Value, json};

use attio_testkit::{User, documented_user};

/// The documented update sends `workspace` as one reference, not an array: a struct
/// with a single-value field writes it that way.
#[derive(Debug, Clone, PartialEq, AttioRecord)]
#[attio(object = "users", matching = "primary_email_address")]
struct UserUpdate {
    #[attio(slug = "user_id", unique)]
    id: String,
    #[attio(slug = "primary_email_address", unique)]
    email: Email,
    person: Option<RecordRef>,
    workspace: RecordRef,
}

const PERSON_ID: &str = "891dcbfc-9141-415d-9b2a-2238a6cc012d";
/// Not a valid UUID (9 hex digits first), exactly as Attio's example has it.
const WORKSPACE_ID: &str = "72ef5feaf-4919-4208-b332-1339ab8ba040";

use attio_testkit::wire::fixture;

/// The `data` object of a documented response, decoded as a [`Record`].
fn fixture_record(name: &str) -> Record {
    serde_json::from_value(fixture(name)["data"].clone())
        .unwrap_or_else(|e| panic!("{name} does not decode as a Record: {e}"))
}

fn email() -> Email {
    Email::new("person@company.com").expect("a valid email")
}

/// A record holding `values` (slug → array of Attio value objects).
fn record_with(values: Value) -> Record {
    let mut data = fixture("assert-user.response.json")["data"].clone();
    data["values"] = values;
    serde_json::from_value(data).expect("a record")
}

/// One current text value as Attio returns it.
fn text(value: &str) -> Value {
    json!({
        "active_from": "2023-01-01T15:00:00.000000000Z",
        "active_until": null,
        "created_by_actor": { "type": "system", "id": null },
        "value": value,
        "attribute_type": "text",
    })
}

fn decode_error(values: Value) -> DecodeError {
    User::from_record(&record_with(values)).expect_err("the record must not decode")
}

#[test]
fn writes_exactly_the_documented_assert_body() {
    let values = documented_user().to_values().expect("valid values");
    assert_eq!(
        json!({ "data": { "values": values } }),
        fixture("assert-user.request.json")
    );
}

#[test]
fn writes_exactly_the_documented_update_body() {
    let update = UserUpdate {
        id: "123".into(),
        email: email(),
        person: Some(RecordRef::new("people", PERSON_ID)),
        workspace: RecordRef::new("workspaces", WORKSPACE_ID),
    };
    let values = update.to_values().expect("valid values");
    assert_eq!(
        json!({ "data": { "values": values } }),
        fixture("update-user.request.json")
    );
}

#[test]
fn decodes_the_documented_assert_response() {
    let back = User::from_record(&fixture_record("assert-user.response.json")).expect("decodes");
    let expected = User {
        password_hash: String::new(),
        ..documented_user()
    };
    assert_eq!(back, expected);
}

#[test]
fn decodes_the_documented_update_response() {
    let record = fixture_record("update-user.response.json");
    let back = User::from_record(&record).expect("decodes");
    assert_eq!(back.id, "123");
    assert_eq!(back.email, email());
    assert_eq!(
        back.workspaces,
        [RecordRef::new("workspaces", WORKSPACE_ID)]
    );
}

#[test]
fn unique_handles_and_matching_attribute() {
    assert_eq!(User::OBJECT, "users");
    assert_eq!(User::ID.slug(), "user_id");
    assert_eq!(User::EMAIL.slug(), "primary_email_address");
    // Default: the first unique field.
    assert_eq!(User::MATCHING_ATTRIBUTE, User::ID);
    // `matching = "..."` picks another one.
    assert_eq!(UserUpdate::MATCHING_ATTRIBUTE, UserUpdate::EMAIL);
}

#[test]
fn none_leaves_the_attribute_out_and_an_empty_vec_clears_it() {
    let user = User {
        person: None,
        workspaces: Vec::new(),
        ..documented_user()
    };
    let values = user.to_values().expect("valid values");
    assert!(!values.contains_key("person"), "{values:?}");
    assert_eq!(values["workspace"], json!([]));
    assert!(
        !values.contains_key("password_hash"),
        "skipped fields are never sent"
    );
}

#[test]
fn an_empty_unique_value_is_rejected_naming_the_slug() {
    let user = User {
        id: "  ".into(),
        ..documented_user()
    };
    match user.to_values() {
        Err(Error::InvalidValue { attribute, reason }) => {
            assert_eq!(attribute, "user_id");
            assert_eq!(reason, ValueError::EmptyUnique);
        }
        other => panic!("expected an invalid `user_id`, got {other:?}"),
    }
}

#[test]
fn a_missing_required_attribute_names_the_slug() {
    let error = decode_error(json!({ "primary_email_address": [] }));
    assert_eq!(error.attribute, "user_id");
    assert_eq!(error.kind, DecodeErrorKind::Missing);
    assert!(error.to_string().contains("`user_id`"), "{error}");
}

#[test]
fn several_values_for_a_single_field_name_the_slug() {
    let error = decode_error(json!({ "user_id": [text("1"), text("2")] }));
    assert_eq!(error.attribute, "user_id");
    assert_eq!(error.kind, DecodeErrorKind::Multiple { count: 2 });
}

#[test]
fn a_value_of_another_type_names_the_slug() {
    let mut checkbox = text("unused");
    checkbox["value"] = json!(true);
    checkbox["attribute_type"] = json!("checkbox");
    let error = decode_error(json!({ "user_id": [checkbox] }));
    assert_eq!(error.attribute, "user_id");
    assert!(
        matches!(error.kind, DecodeErrorKind::WrongType { .. }),
        "{error:?}"
    );
}
