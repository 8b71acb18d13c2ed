// `#[derive(AttioValue)]`: newtypes stored exactly as their one field, usable as unique,
// optional and multi-value fields, tuple or named, generic or not.
use attio_core::{AttioRecord, AttioValue, Email};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, AttioValue)]
struct UserId(String);

#[derive(Debug, Clone, PartialEq, AttioValue)]
struct WorkEmail {
    address: Email,
}

#[derive(Debug, Clone, PartialEq, AttioValue)]
struct Tag<T>(T);

#[derive(Clone, AttioRecord)]
#[attio(object = "users")]
struct User {
    #[attio(slug = "user_id", unique)]
    id: UserId,
    #[attio(slug = "primary_email_address", unique)]
    email: WorkEmail,
    previous_id: Option<UserId>,
    tags: Vec<Tag<String>>,
}

fn main() {
    let user = User {
        id: UserId("u-1".into()),
        email: WorkEmail {
            address: Email::new("ada@example.com").unwrap(),
        },
        previous_id: None,
        tags: vec![Tag("vip".to_owned())],
    };
    let values = user.to_values().expect("valid values");
    assert_eq!(
        serde_json::Value::Object(values),
        json!({
            "user_id": "u-1",
            "primary_email_address": "ada@example.com",
            "tags": ["vip"],
        })
    );
    assert_eq!(User::MATCHING_ATTRIBUTE, User::ID);
    let _: attio_core::Unique<User> = User::EMAIL;

    // The newtype keeps the field type's validation.
    let long = User {
        id: UserId("x".repeat(attio_core::value::MAX_TEXT_BYTES + 1)),
        ..user.clone()
    };
    let error = long.to_values().expect_err("too long");
    assert!(error.to_string().contains("`user_id`"), "{error}");
    // ... and the unique checks of the field that holds it.
    let empty = User {
        id: UserId(String::new()),
        ..user
    };
    let error = empty.to_values().expect_err("an empty unique value");
    assert!(
        matches!(
            &error,
            attio_core::Error::InvalidValue { attribute, reason: attio_core::ValueError::EmptyUnique }
                if attribute == "user_id"
        ),
        "{error}"
    );
}
