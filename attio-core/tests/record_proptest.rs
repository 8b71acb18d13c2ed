//! Decoding arbitrary server data never panics, and a value's body never makes a record fail.

use attio_core::query::QueryItem;
use attio_core::record::TypedValue;
use attio_core::value::{
    ActorReference, Currency, CurrencyValue, Date, Domain, DomainValue, Email, Interaction,
    Location, PersonalName, PhoneNumber, Rating, RecordRef, Select, Status, Timestamp,
};
use attio_core::{AttributeValue, FromAttio, Record};
use proptest::prelude::*;
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};

const KNOWN_TYPES: [&str; 17] = [
    "text",
    "number",
    "checkbox",
    "currency",
    "date",
    "timestamp",
    "rating",
    "status",
    "select",
    "record-reference",
    "actor-reference",
    "location",
    "domain",
    "email-address",
    "phone-number",
    "personal-name",
    "interaction",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::String),
        // Strings that are almost valid values of some type.
        prop_oneof![
            Just("2023-01-01T15:00:00.000000000Z"),
            Just("2023-01-01"),
            Just("a@b.com"),
            Just("people"),
            Just("4.99999"),
            Just("-90.5"),
        ]
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// Keys that hit the fields the decoders look for, and some that do not.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "value",
            "option",
            "status",
            "id",
            "title",
            "option_id",
            "status_id",
            "target_object",
            "target_record_id",
            "currency_value",
            "currency_code",
            "domain",
            "root_domain",
            "email_address",
            "original_email_address",
            "email_domain",
            "email_root_domain",
            "email_local_specifier",
            "original_phone_number",
            "country_code",
            "phone_number",
            "first_name",
            "last_name",
            "full_name",
            "line_1",
            "latitude",
            "longitude",
            "interaction_type",
            "interacted_at",
            "owner_actor",
            "referenced_actor_type",
            "referenced_actor_id",
            "type",
        ])
        .prop_map(str::to_owned),
        "[a-z_]{1,8}",
    ]
}

fn envelope(attribute_type: &str, body: &Value) -> Value {
    let mut object = match body {
        Value::Object(object) => object.clone(),
        _ => Map::new(),
    };
    object.insert(
        "active_from".into(),
        json!("2023-01-01T15:00:00.000000000Z"),
    );
    object.insert("active_until".into(), Value::Null);
    object.insert(
        "created_by_actor".into(),
        json!({"type": "system", "id": null}),
    );
    object.insert("attribute_type".into(), json!(attribute_type));
    Value::Object(object)
}

/// Reads `value` as every Rust type; only checks that nothing panics.
fn read_as_everything(value: &AttributeValue) {
    let _ = String::from_attio(value);
    let _ = i8::from_attio(value);
    let _ = u64::from_attio(value);
    let _ = i64::from_attio(value);
    let _ = usize::from_attio(value);
    let _ = f32::from_attio(value);
    let _ = f64::from_attio(value);
    let _ = bool::from_attio(value);
    let _ = Email::from_attio(value);
    let _ = Domain::from_attio(value);
    let _ = DomainValue::from_attio(value);
    let _ = RecordRef::from_attio(value);
    let _ = Date::from_attio(value);
    let _ = Timestamp::from_attio(value);
    let _ = Currency::from_attio(value);
    let _ = CurrencyValue::from_attio(value);
    let _ = Rating::from_attio(value);
    let _ = Select::from_attio(value);
    let _ = Status::from_attio(value);
    let _ = PhoneNumber::from_attio(value);
    let _ = PersonalName::from_attio(value);
    let _ = Location::from_attio(value);
    let _ = ActorReference::from_attio(value);
    let _ = Interaction::from_attio(value);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_json_never_panics(json in json_value()) {
        let _ = serde_json::from_value::<Record>(json.clone());
        if let Ok(value) = serde_json::from_value::<AttributeValue>(json) {
            read_as_everything(&value);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = serde_json::from_slice::<Record>(&bytes);
        let _ = serde_json::from_slice::<AttributeValue>(&bytes);
    }

    /// A well-formed envelope with any body of a known type decodes: to the typed value,
    /// or to `Invalid` keeping the body.
    #[test]
    fn known_type_bodies_never_fail_the_value(
        attribute_type in prop::sample::select(KNOWN_TYPES.to_vec()),
        body in json_value(),
    ) {
        let value: AttributeValue = serde_json::from_value(envelope(attribute_type, &body))
            .expect("a well-formed envelope always decodes");
        prop_assert_eq!(value.attribute_type(), attribute_type);
        if let TypedValue::Invalid { raw, .. } = &value.value {
            let expected = match &body { Value::Object(object) => Value::Object(object.clone()), _ => json!({}) };
            prop_assert_eq!(raw, &expected);
        }
        read_as_everything(&value);

        let record = json!({
            "id": {"workspace_id": "w", "object_id": "o", "record_id": "r"},
            "created_at": "2022-11-21T13:22:49.061281000Z",
            "values": {"slug": [envelope(attribute_type, &body)]},
        });
        let record: Record = serde_json::from_value(record).expect("record decodes");
        prop_assert_eq!(record.current("slug").len(), 1);
    }

    #[test]
    fn unknown_types_are_opaque(attribute_type in "[a-z-]{1,16}", body in json_value()) {
        prop_assume!(!KNOWN_TYPES.contains(&attribute_type.as_str()));
        let value: AttributeValue = serde_json::from_value(envelope(&attribute_type, &body)).unwrap();
        let is_unknown = matches!(
            &value.value,
            TypedValue::Unknown { attribute_type: sent, .. } if *sent == attribute_type
        );
        prop_assert!(is_unknown, "{:?}", value.value);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Encoding a decoded value and decoding it again gives an equal value.
    #[test]
    fn decoded_values_survive_encoding(
        attribute_type in prop::sample::select(KNOWN_TYPES.to_vec()),
        body in json_value(),
    ) {
        let value: AttributeValue = serde_json::from_value(envelope(attribute_type, &body)).unwrap();
        let encoded = serde_json::to_value(&value).unwrap();
        let again: AttributeValue = serde_json::from_value(encoded.clone()).unwrap();
        prop_assert_eq!(&again, &value, "encoded as {}", encoded);
    }

    #[test]
    fn decoded_records_survive_encoding(json in record_json()) {
        let record: Record = serde_json::from_value(json).unwrap();
        let again: Record = serde_json::from_value(serde_json::to_value(&record).unwrap()).unwrap();
        prop_assert_eq!(again, record);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The query stream's decoder (value bodies decoded straight from the text) gives the
    /// same record as `Deserialize`, for well-formed records and for any JSON at all.
    #[test]
    fn the_stream_decoder_agrees_with_deserialize(json in record_json()) {
        let text = json.to_string();
        let raw = RawValue::from_string(text.clone()).unwrap();
        let fast = Record::from_page(&raw).expect("a well-formed record decodes");
        prop_assert_eq!(fast, serde_json::from_str::<Record>(&text).unwrap());
    }

    #[test]
    fn the_stream_decoder_agrees_on_arbitrary_json(json in json_value()) {
        let text = json.to_string();
        let raw = RawValue::from_string(text.clone()).unwrap();
        prop_assert_eq!(
            Record::from_page(&raw).ok(),
            serde_json::from_str::<Record>(&text).ok()
        );
    }
}

/// A record's JSON with up to 4 attributes of up to 4 values of known types, any bodies,
/// some historic.
fn record_json() -> impl Strategy<Value = Value> {
    (
        prop::option::of(".{0,8}"),
        prop::collection::btree_map(
            "[a-z_]{1,6}",
            prop::collection::vec(
                (
                    prop::sample::select(KNOWN_TYPES.to_vec()),
                    json_value(),
                    any::<bool>(),
                ),
                0..4,
            ),
            0..4,
        ),
    )
        .prop_map(|(web_url, values)| {
            let values: Map<String, Value> = values
                .into_iter()
                .map(|(slug, entries)| {
                    let entries = entries
                        .into_iter()
                        .map(|(attribute_type, body, historic)| {
                            let mut value = envelope(attribute_type, &body);
                            if historic {
                                value["active_until"] = json!("2024-01-01T00:00:00.5Z");
                            }
                            value
                        })
                        .collect();
                    (slug, Value::Array(entries))
                })
                .collect();
            json!({
                "id": {"workspace_id": "w", "object_id": "o", "record_id": "r"},
                "created_at": "2022-11-21T13:22:49.061281000Z",
                "web_url": web_url,
                "values": values,
            })
        })
}
