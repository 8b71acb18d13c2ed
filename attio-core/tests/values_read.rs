//! Every value type's read form, from bodies shaped like the SPEC's `output-value`
//! examples, and the decode errors of reading the wrong Rust type.

use attio_core::record::{ActorKind, TypedValue};
use attio_core::value::{
    ActorReference, Currency, CurrencyValue, Date, Domain, DomainValue, Email, EmailAddressValue,
    Interaction, Location, PersonalName, PhoneNumber, Rating, RecordRef, Select, SelectOption,
    Status, StatusOption, Timestamp,
};
use attio_core::{AttributeValue, DecodeErrorKind, FromAttio, FromAttioField, ValueError};
use serde_json::{Value, json};

/// One current value of `attribute_type` with `body`.
fn value(attribute_type: &str, body: Value) -> AttributeValue {
    let mut json = json!({
        "active_from": "2023-01-01T15:00:00.000000000Z",
        "active_until": null,
        "created_by_actor": {"type": "api-token", "id": "b3a2"},
        "attribute_type": attribute_type,
    });
    let object = json.as_object_mut().expect("object");
    for (key, field) in body.as_object().expect("body is an object") {
        object.insert(key.clone(), field.clone());
    }
    serde_json::from_value(json).expect("value envelope decodes")
}

fn read<T: FromAttio>(attribute_type: &str, body: Value) -> Result<T, DecodeErrorKind> {
    T::from_attio(&value(attribute_type, body))
}

#[test]
fn text() {
    assert_eq!(
        read::<String>("text", json!({"value": "Lorem"})),
        Ok("Lorem".into())
    );
    assert_eq!(
        read::<String>("number", json!({"value": 3})),
        Err(DecodeErrorKind::WrongType {
            expected: "text",
            found: "number".into()
        })
    );
}

#[test]
fn integers_and_floats() {
    assert_eq!(read::<i64>("number", json!({"value": 42})), Ok(42));
    assert_eq!(read::<u8>("number", json!({"value": 42.0})), Ok(42));
    assert_eq!(read::<f64>("number", json!({"value": 12.5})), Ok(12.5));
    assert_eq!(read::<f32>("number", json!({"value": 0.1})), Ok(0.1));
    assert_eq!(read::<i32>("rating", json!({"value": 4})), Ok(4));
    assert_eq!(
        read::<i64>("number", json!({"value": 12.5})),
        Err(DecodeErrorKind::NotAnInteger { value: 12.5 })
    );
    assert_eq!(
        read::<u8>("number", json!({"value": 300})),
        Err(DecodeErrorKind::OutOfRange {
            value: "300".into(),
            target: "u8"
        })
    );
    assert_eq!(
        read::<u64>("number", json!({"value": -1})),
        Err(DecodeErrorKind::OutOfRange {
            value: "-1".into(),
            target: "u64"
        })
    );
    assert!(matches!(
        read::<i64>("number", json!({"value": 1e300})),
        Err(DecodeErrorKind::OutOfRange { target: "i64", .. })
    ));
    assert!(matches!(
        read::<f32>("number", json!({"value": 1e300})),
        Err(DecodeErrorKind::OutOfRange { target: "f32", .. })
    ));
    // Integers beyond f64's exact range survive when Attio sends them as integers.
    assert_eq!(
        read::<u64>("number", json!({"value": u64::MAX})),
        Ok(u64::MAX)
    );
}

#[test]
fn checkbox() {
    assert_eq!(read::<bool>("checkbox", json!({"value": true})), Ok(true));
    assert!(matches!(
        read::<bool>("checkbox", json!({"value": "true"})),
        Err(DecodeErrorKind::Malformed { .. })
    ));
}

#[test]
fn currency() {
    let body = json!({"currency_value": 99.95, "currency_code": "USD"});
    assert_eq!(
        read::<CurrencyValue>("currency", body.clone()),
        Ok(CurrencyValue {
            currency_value: Currency::from_ten_thousandths(999_500),
            currency_code: Some("USD".into()),
        })
    );
    assert_eq!(
        read::<Currency>("currency", body),
        Ok("99.95".parse().unwrap())
    );
    assert_eq!(
        read::<Currency>(
            "currency",
            json!({"currency_value": 5, "currency_code": null})
        ),
        Ok(Currency::from(5))
    );
    assert_eq!(
        read::<Currency>("number", json!({"value": 0.0001})),
        Ok(Currency::from_ten_thousandths(1))
    );
    assert!(matches!(
        read::<Currency>("number", json!({"value": 0.00001})),
        Err(DecodeErrorKind::Value(ValueError::TooManyDecimals { .. }))
    ));
}

#[test]
fn date_and_timestamp() {
    assert_eq!(
        read::<Date>("date", json!({"value": "2023-01-01"})),
        Date::new(2023, 1, 1).map_err(Into::into)
    );
    let timestamp = read::<Timestamp>(
        "timestamp",
        json!({"value": "2023-01-01T15:00:00.000000001Z"}),
    )
    .unwrap();
    assert_eq!(timestamp.to_string(), "2023-01-01T15:00:00.000000001Z");
    assert_eq!(
        read::<jiff::Timestamp>("timestamp", json!({"value": "2023-01-01T15:00:00Z"})),
        Ok(jiff::Timestamp::from_second(1_672_585_200).unwrap())
    );
    assert!(matches!(
        read::<Date>("date", json!({"value": "01/02/2023"})),
        Err(DecodeErrorKind::Malformed { .. })
    ));
}

#[test]
fn rating() {
    assert_eq!(
        read::<Rating>("rating", json!({"value": 3})),
        Ok(Rating::new(3).unwrap())
    );
    assert_eq!(
        read::<Rating>("number", json!({"value": 2})),
        Ok(Rating::new(2).unwrap())
    );
    assert!(matches!(
        read::<Rating>("rating", json!({"value": 9})),
        Err(DecodeErrorKind::Malformed { .. })
    ));
    assert_eq!(
        read::<Rating>("number", json!({"value": 9})),
        Err(DecodeErrorKind::Value(ValueError::RatingOutOfRange {
            value: 9
        }))
    );
}

#[test]
fn select_full_option_or_bare_id() {
    let full = json!({"option": {
        "id": {
            "workspace_id": "14beef7a-99f7-4534-a87e-70b564330a4c",
            "object_id": "97052eb9-e65e-443f-a297-f2d9a4a7f795",
            "attribute_id": "41252299-f8c7-4b5e-99c9-4ff8321d2f96",
            "option_id": "08c2c59a-c18e-40c6-8dc4-95415313b2ea"
        },
        "title": "Medium",
        "is_archived": false
    }});
    assert_eq!(
        read::<SelectOption>("select", full.clone()),
        Ok(SelectOption {
            option_id: "08c2c59a-c18e-40c6-8dc4-95415313b2ea".into(),
            title: Some("Medium".into()),
            is_archived: Some(false),
        })
    );
    let select = read::<Select>("select", full).unwrap();
    assert_eq!(select.title(), Some("Medium"));
    assert_eq!(select.id(), Some("08c2c59a-c18e-40c6-8dc4-95415313b2ea"));
    let bare = read::<Select>("select", json!({"option": "08c2c59a"})).unwrap();
    assert_eq!((bare.id(), bare.title()), (Some("08c2c59a"), None));
}

#[test]
fn status_full_or_bare_id() {
    let full = json!({"status": {
        "id": {
            "workspace_id": "w", "object_id": "o", "attribute_id": "a",
            "status_id": "11f07f01-c10f-4e05-a522-33e050bc52ee"
        },
        "title": "In Progress",
        "is_archived": false,
        "celebration_enabled": false,
        "target_time_in_status": null
    }});
    assert_eq!(
        read::<StatusOption>("status", full.clone()),
        Ok(StatusOption {
            status_id: "11f07f01-c10f-4e05-a522-33e050bc52ee".into(),
            title: Some("In Progress".into()),
            is_archived: Some(false),
            celebration_enabled: Some(false),
            target_time_in_status: None,
        })
    );
    assert_eq!(
        read::<Status>("status", full).unwrap().title(),
        Some("In Progress")
    );
    let bare = read::<Status>("status", json!({"status": "11f07f01"})).unwrap();
    assert_eq!(bare.id(), Some("11f07f01"));
}

#[test]
fn record_reference() {
    let body = json!({"target_object": "people", "target_record_id": "891dcbfc-9141-415d-9b2a-2238a6cc012d"});
    assert_eq!(
        read::<RecordRef>("record-reference", body),
        Ok(RecordRef::new(
            "people",
            "891dcbfc-9141-415d-9b2a-2238a6cc012d"
        ))
    );
    assert!(matches!(
        read::<RecordRef>("record-reference", json!({"target_object": "people"})),
        Err(DecodeErrorKind::Malformed { .. })
    ));
}

#[test]
fn actor_reference() {
    assert_eq!(
        read::<ActorReference>(
            "actor-reference",
            json!({"referenced_actor_type": "workspace-member", "referenced_actor_id": "50cf242c"})
        ),
        Ok(ActorReference {
            referenced_actor_type: ActorKind::WorkspaceMember,
            referenced_actor_id: Some("50cf242c".into()),
        })
    );
    let future = read::<ActorReference>(
        "actor-reference",
        json!({"referenced_actor_type": "robot", "referenced_actor_id": null}),
    )
    .unwrap();
    assert_eq!(
        future.referenced_actor_type,
        ActorKind::Other("robot".into())
    );
}

#[test]
fn location() {
    let body = json!({
        "line_1": "1 Infinite Loop", "line_2": "Block 1", "line_3": "Hilldrop Estate",
        "line_4": "Westborough", "locality": "Cupertino", "region": "CA", "postcode": "95014",
        "country_code": "US", "latitude": "37.331741", "longitude": "-122.030333"
    });
    let location = read::<Location>("location", body).unwrap();
    assert_eq!(location.line_4.as_deref(), Some("Westborough"));
    assert_eq!(location.longitude.as_deref(), Some("-122.030333"));
}

#[test]
fn domain_and_email() {
    let body = json!({"domain": "app.attio.com", "root_domain": "attio.com"});
    assert_eq!(
        read::<DomainValue>("domain", body.clone()),
        Ok(DomainValue {
            domain: "app.attio.com".into(),
            root_domain: "attio.com".into()
        })
    );
    assert_eq!(
        read::<Domain>("domain", body.clone()).unwrap().as_str(),
        "app.attio.com"
    );
    assert_eq!(read::<String>("domain", body).unwrap(), "app.attio.com");
    assert_eq!(
        read::<Domain>("text", json!({"value": "attio.com"}))
            .unwrap()
            .as_str(),
        "attio.com"
    );

    let email = json!({
        "original_email_address": "Alice@App.Attio.com", "email_address": "alice@app.attio.com",
        "email_domain": "app.attio.com", "email_root_domain": "attio.com",
        "email_local_specifier": "alice"
    });
    // `Email` reads the address as written (its case-insensitive domain lower-cased, as
    // `Email::new` does), not Attio's all-lower-case `email_address`.
    assert_eq!(
        read::<Email>("email-address", email.clone())
            .unwrap()
            .as_str(),
        "Alice@app.attio.com"
    );
    let mut without_original = email.clone();
    without_original
        .as_object_mut()
        .unwrap()
        .remove("original_email_address");
    assert_eq!(
        read::<Email>("email-address", without_original.clone())
            .unwrap()
            .as_str(),
        "alice@app.attio.com",
        "falls back to `email_address`"
    );
    assert_eq!(
        read::<EmailAddressValue>("email-address", without_original)
            .unwrap()
            .original_email_address,
        ""
    );
    assert_eq!(
        read::<String>("email-address", email).unwrap(),
        "alice@app.attio.com"
    );
    // The users page lists primary_email_address as Text: a text email reads too.
    assert_eq!(
        read::<Email>("text", json!({"value": "a@b.com"}))
            .unwrap()
            .as_str(),
        "a@b.com"
    );
    assert!(matches!(
        read::<Email>("text", json!({"value": "not an email"})),
        Err(DecodeErrorKind::Value(ValueError::InvalidEmail { .. }))
    ));
}

#[test]
fn phone_number() {
    let phone = read::<PhoneNumber>(
        "phone-number",
        json!({"original_phone_number": "5558675309", "country_code": "US", "phone_number": "+15558675309"}),
    )
    .unwrap();
    assert_eq!(phone.original(), "5558675309");
    assert_eq!(phone.country_code(), Some("US"));
    assert_eq!(phone.normalized(), Some("+15558675309"));
}

#[test]
fn personal_name() {
    assert_eq!(
        read::<PersonalName>(
            "personal-name",
            json!({"first_name": "Ada", "last_name": "Lovelace", "full_name": "Ada Lovelace"})
        ),
        Ok(PersonalName::new("Ada", "Lovelace"))
    );
}

#[test]
fn interaction() {
    let interaction = read::<Interaction>(
        "interaction",
        json!({
            "interaction_type": "email",
            "interacted_at": "2023-01-01T15:00:00.000000000Z",
            "owner_actor": {"type": "workspace-member", "id": "50cf242c"}
        }),
    )
    .unwrap();
    assert_eq!(interaction.interaction_type, "email");
    assert_eq!(
        interaction.owner_actor.kind,
        Some(ActorKind::WorkspaceMember)
    );
    assert_eq!(
        interaction.interacted_at.to_string(),
        "2023-01-01T15:00:00.000000000Z"
    );
}

#[test]
fn unknown_types_are_opaque_and_read_as_typed_value() {
    let unknown = value("hologram", json!({"depth": 3}));
    assert_eq!(
        TypedValue::from_attio(&unknown),
        Ok(TypedValue::Unknown {
            attribute_type: "hologram".into(),
            raw: json!({"depth": 3})
        })
    );
    assert_eq!(
        String::from_attio(&unknown),
        Err(DecodeErrorKind::WrongType {
            expected: "text",
            found: "hologram".into()
        })
    );
}

#[test]
fn cardinality() {
    let values = [
        value("text", json!({"value": "a"})),
        value("text", json!({"value": "b"})),
    ];
    assert_eq!(
        Vec::<String>::read_field(&values),
        Ok(vec!["a".into(), "b".into()])
    );
    assert_eq!(
        String::read_field(&values),
        Err(DecodeErrorKind::Multiple { count: 2 })
    );
    assert_eq!(Option::<String>::read_field(&[]), Ok(None));
    assert_eq!(String::read_field(&[]), Err(DecodeErrorKind::Missing));
    assert_eq!(
        Option::<String>::read_field(&values[..1]),
        Ok(Some("a".into()))
    );
}

#[test]
fn every_known_type_round_trips_through_typed_value() {
    // Each writable type, written and then read back from the body Attio would return,
    // gives the same value (for types whose write form equals their read body).
    let date = Date::new(2024, 2, 29).unwrap();
    assert_eq!(
        read::<Date>("date", json!({"value": date.to_string()})),
        Ok(date)
    );
    let name = PersonalName::new("Grace", "Hopper");
    let body = attio_core::ToAttio::to_attio(&name).unwrap();
    assert_eq!(read::<PersonalName>("personal-name", body), Ok(name));
    let location = Location {
        country_code: Some("GB".into()),
        ..Location::default()
    };
    let body = attio_core::ToAttio::to_attio(&location).unwrap();
    assert_eq!(read::<Location>("location", body), Ok(location));
}
