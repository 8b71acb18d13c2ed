//! How `Record` and `AttributeValue` decode edge cases: history, unknown and invalid bodies,
//! and broken envelopes.

use attio_core::record::TypedValue;
use attio_core::{AttributeValue, Record};
use serde_json::json;

fn value(
    attribute_type: &str,
    body: serde_json::Value,
    active_until: Option<&str>,
) -> serde_json::Value {
    let mut v = json!({
        "active_from": "2023-01-01T15:00:00.000000000Z",
        "active_until": active_until,
        "created_by_actor": {"type": "workspace-member", "id": "50cf242c-7fa3-4cad-87d0-75b1af71c57b"},
        "attribute_type": attribute_type,
    });
    v.as_object_mut()
        .unwrap()
        .extend(body.as_object().unwrap().clone());
    v
}

fn record(values: serde_json::Value) -> serde_json::Value {
    json!({
        "id": {"workspace_id": "w", "object_id": "o", "record_id": "r"},
        "created_at": "2022-11-21T13:22:49.061281000Z",
        "values": values,
        "some_future_field": {"ignored": true},
    })
}

#[test]
fn current_excludes_historic_values_without_cloning() {
    let json = record(json!({"name": [
        value("text", json!({"value": "old"}), Some("2023-02-01T00:00:00Z")),
        value("text", json!({"value": "new"}), None),
    ]}));
    let record: Record = serde_json::from_value(json).unwrap();
    let current = record.current("name");
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].value, TypedValue::Text("new".into()));
    assert_eq!(record.values("name").len(), 2);
    assert_eq!(
        record.values("name")[1]
            .active_until
            .map(|t| t.to_string())
            .as_deref(),
        Some("2023-02-01T00:00:00.000000000Z")
    );
}

#[test]
fn unknown_attribute_type_is_opaque() {
    let json = value("hologram", json!({"depth": 3}), None);
    let decoded: AttributeValue = serde_json::from_value(json).unwrap();
    assert_eq!(
        decoded.value,
        TypedValue::Unknown {
            attribute_type: "hologram".into(),
            raw: json!({"depth": 3}),
        }
    );
    assert_eq!(decoded.attribute_type(), "hologram");
}

#[test]
fn malformed_known_body_is_invalid_not_an_error() {
    let json = value("text", json!({"value": 42}), None);
    let decoded: AttributeValue = serde_json::from_value(json).unwrap();
    match decoded.value {
        TypedValue::Invalid {
            attribute_type,
            reason,
            raw,
        } => {
            assert_eq!(attribute_type, "text");
            assert!(reason.contains("string"), "{reason}");
            assert_eq!(raw, json!({"value": 42}));
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn broken_envelopes_fail() {
    for broken in [
        json!({"id": {"workspace_id": "w", "object_id": "o"}, "created_at": "2022-11-21T13:22:49Z", "values": {}}),
        json!({"id": {"workspace_id": "w", "object_id": "o", "record_id": "r"}, "created_at": "not a time", "values": {}}),
        json!({"id": {"workspace_id": "w", "object_id": "o", "record_id": "r"}, "created_at": "2022-11-21T13:22:49Z"}),
        record(json!({"name": [{"attribute_type": "text", "value": "x"}]})),
        record(json!({"name": [{"active_from": "2023-01-01T15:00:00Z", "value": "x"}]})),
        record(json!({"name": "not an array"})),
    ] {
        assert!(
            serde_json::from_value::<Record>(broken.clone()).is_err(),
            "{broken}"
        );
    }
}

#[test]
fn missing_actor_parts_are_none() {
    let json = json!({
        "active_from": "2023-01-01T15:00:00Z",
        "active_until": null,
        "created_by_actor": {"type": null, "id": null},
        "attribute_type": "checkbox",
        "value": true,
    });
    let decoded: AttributeValue = serde_json::from_value(json).unwrap();
    assert_eq!(decoded.created_by_actor, Default::default());
    assert_eq!(decoded.value, TypedValue::Checkbox(true));
}
