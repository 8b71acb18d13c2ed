//! Attio's documented Users responses decode into the expected records.

use attio_core::Record;
use attio_core::record::{ActorKind, EmailAddressValue, RecordReferenceValue, TypedValue};

fn decode(json: &str) -> Record {
    #[derive(serde::Deserialize)]
    struct Response {
        data: Record,
    }
    serde_json::from_str::<Response>(json)
        .expect("documented response decodes")
        .data
}

fn assert_response() -> Record {
    decode(include_str!(
        "../../tests/fixtures/assert-user.response.json"
    ))
}

fn update_response() -> Record {
    decode(include_str!(
        "../../tests/fixtures/update-user.response.json"
    ))
}

#[test]
fn envelope_with_and_without_web_url() {
    for (record, web_url) in [
        (
            assert_response(),
            Some("https://app.attio.com/salarya/person/bf071e1f-6035-429d-b874-d83ea64ea13b"),
        ),
        (update_response(), None),
    ] {
        assert_eq!(record.id(), "bf071e1f-6035-429d-b874-d83ea64ea13b");
        assert_eq!(
            record.ids().workspace_id,
            "14beef7a-99f7-4534-a87e-70b564330a4c"
        );
        assert_eq!(
            record.ids().object_id,
            "97052eb9-e65e-443f-a297-f2d9a4a7f795"
        );
        assert_eq!(
            record.created_at().to_string(),
            "2022-11-21T13:22:49.061281000Z"
        );
        assert_eq!(record.web_url(), web_url);
        assert_eq!(
            record.slugs().collect::<Vec<_>>(),
            ["person", "primary_email_address", "user_id", "workspace"]
        );
    }
}

#[test]
fn typed_values_of_the_documented_response() {
    let record = assert_response();

    let [email] = record.current("primary_email_address") else {
        panic!("one email value");
    };
    assert_eq!(
        email.value,
        TypedValue::EmailAddress(EmailAddressValue {
            original_email_address: "person@company.com".into(),
            email_address: "person@company.com".into(),
            email_domain: "company.com".into(),
            email_root_domain: "company.com".into(),
            email_local_specifier: "person".into(),
        })
    );
    assert_eq!(
        email.active_from.to_string(),
        "2023-01-01T15:00:00.000000000Z"
    );
    assert_eq!(email.active_until, None);
    assert_eq!(email.created_by_actor.kind, Some(ActorKind::System));
    assert_eq!(email.created_by_actor.id, None);

    let [workspace] = record.current("workspace") else {
        panic!("one workspace value");
    };
    assert_eq!(
        workspace.value,
        TypedValue::RecordReference(RecordReferenceValue {
            target_object: "workspaces".into(),
            // Not a UUID: kept verbatim.
            target_record_id: "72ef5feaf-4919-4208-b332-1339ab8ba040".into(),
        })
    );
    let [person] = record.current("person") else {
        panic!("one person value");
    };
    assert_eq!(person.attribute_type(), "record-reference");

    let [user_id] = record.current("user_id") else {
        panic!("one user_id value");
    };
    assert_eq!(user_id.value, TypedValue::Text("123".into()));
    assert!(record.current("no_such_slug").is_empty());
}

#[test]
fn both_responses_carry_the_same_values() {
    let (assert, update) = (assert_response(), update_response());
    for slug in assert.slugs() {
        assert_eq!(assert.values(slug), update.values(slug), "{slug}");
    }
}

#[test]
fn fields_read_into_rust_types() {
    use attio_core::{Email, RecordRef, Timestamp};
    for record in [assert_response(), update_response()] {
        assert_eq!(record.field::<String>("user_id").unwrap(), "123");
        assert_eq!(
            record
                .field::<Email>("primary_email_address")
                .unwrap()
                .as_str(),
            "person@company.com"
        );
        // The users page lists it as Text: reading it as a String works too.
        assert_eq!(
            record.field::<String>("primary_email_address").unwrap(),
            "person@company.com"
        );
        assert_eq!(
            record.field::<Option<RecordRef>>("person").unwrap(),
            Some(RecordRef::new(
                "people",
                "891dcbfc-9141-415d-9b2a-2238a6cc012d"
            ))
        );
        assert_eq!(
            record.field::<Vec<RecordRef>>("workspace").unwrap(),
            [RecordRef::new(
                "workspaces",
                "72ef5feaf-4919-4208-b332-1339ab8ba040"
            )]
        );
        let active_from = record.current("user_id")[0].active_from;
        assert_eq!(
            active_from,
            "2023-01-01T15:00:00Z".parse::<Timestamp>().unwrap()
        );

        let error = record.field::<i64>("user_id").unwrap_err();
        assert_eq!(error.attribute, "user_id");
        assert_eq!(
            error.to_string(),
            "attribute `user_id`: expected a `number` value, found `text`"
        );
        assert_eq!(
            record.field::<String>("no_such_slug").unwrap_err().kind,
            attio_core::DecodeErrorKind::Missing
        );
    }
}

#[test]
fn documented_requests_are_what_the_values_write() {
    use attio_core::{Email, FieldWrite, RecordRef, ToAttio, ToAttioField, ValuesWriter};
    let request: serde_json::Value = serde_json::from_str(include_str!(
        "../../tests/fixtures/assert-user.request.json"
    ))
    .unwrap();
    let mut writer = ValuesWriter::new();
    let fields: [(&str, Result<FieldWrite, attio_core::ValueError>, bool); 4] = [
        ("user_id", "123".write_field(), true),
        (
            "primary_email_address",
            Email::new("person@company.com").unwrap().write_field(),
            true,
        ),
        (
            "person",
            Some(RecordRef::new(
                "people",
                "891dcbfc-9141-415d-9b2a-2238a6cc012d",
            ))
            .write_field(),
            false,
        ),
        (
            "workspace",
            vec![RecordRef::new(
                "workspaces",
                "72ef5feaf-4919-4208-b332-1339ab8ba040",
            )]
            .write_field(),
            false,
        ),
    ];
    for (slug, write, unique) in fields {
        writer.field(slug, write, unique, false).unwrap();
    }
    assert_eq!(
        serde_json::Value::Object(writer.into_values()),
        request["data"]["values"]
    );
    // The update example's single reference object is the element form.
    let update: serde_json::Value = serde_json::from_str(include_str!(
        "../../tests/fixtures/update-user.request.json"
    ))
    .unwrap();
    assert_eq!(
        RecordRef::new("workspaces", "72ef5feaf-4919-4208-b332-1339ab8ba040")
            .to_attio()
            .unwrap(),
        update["data"]["values"]["workspace"]
    );
}

#[test]
fn documented_responses_encode_back_to_themselves() {
    for (text, record) in [
        (
            include_str!("../../tests/fixtures/assert-user.response.json"),
            assert_response(),
        ),
        (
            include_str!("../../tests/fixtures/update-user.response.json"),
            update_response(),
        ),
    ] {
        let documented: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_value(&record).unwrap(), documented["data"]);
    }
}
