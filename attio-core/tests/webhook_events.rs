//! Parsing deliveries into typed events, from Attio's documented example payloads.
//!
//! Each example is copied from the page named beside it (Attio's webhook reference,
//! <https://docs.attio.com/rest-api/webhook-reference>, unless said otherwise). Where the page
//! shows a whole delivery it is used as is; where it shows one event, it is wrapped in the
//! documented envelope with the reference's example `webhook_id`.

use attio_core::record::ActorKind;
use attio_core::webhook::{WebhookError, WebhookEvent, WebhookPayload};
use serde_json::{Value, json};

const WEBHOOK_ID: &str = "23e42eaf-323a-41da-b5bb-fd67eebda553";
const WORKSPACE: &str = "14beef7a-99f7-4534-a87e-70b564330a4c";
const MEMBER: &str = "50cf242c-7fa3-4cad-87d0-75b1af71c57b";

fn actor() -> Value {
    json!({"type": "workspace-member", "id": MEMBER})
}

fn envelope(event: Value) -> Value {
    json!({"webhook_id": WEBHOOK_ID, "events": [event]})
}

/// Parses one delivery from bytes, as a receiver does, and returns its single event.
fn only_event(delivery: &Value) -> WebhookEvent {
    let payload = WebhookPayload::from_slice(delivery.to_string().as_bytes()).unwrap();
    assert_eq!(payload.webhook_id, WEBHOOK_ID);
    assert_eq!(payload.events.len(), 1);
    let event = payload.events.into_iter().next().unwrap();
    let actor = event.actor().expect("a typed event has an actor");
    assert_eq!(actor.kind, Some(ActorKind::WorkspaceMember));
    assert_eq!(actor.id.as_deref(), Some(MEMBER));
    event
}

#[test]
fn record_updated_from_the_fixture() {
    // record-events/recordupdated, the fixture of the signature tests, bytes as documented.
    let body = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/webhook/record-updated.json"
    ))
    .unwrap();
    let payload = WebhookPayload::from_slice(&body).unwrap();
    let [WebhookEvent::RecordUpdated(event)] = payload.events.as_slice() else {
        panic!("{:?}", payload.events)
    };
    assert_eq!(event.id.workspace_id, WORKSPACE);
    assert_eq!(event.id.object_id, "97052eb9-e65e-443f-a297-f2d9a4a7f795");
    assert_eq!(event.id.record_id, "bf071e1f-6035-429d-b874-d83ea64ea13b");
    assert_eq!(
        event.id.attribute_id,
        "41252299-f8c7-4b5e-99c9-4ff8321d2f96"
    );
}

#[test]
fn record_merged() {
    // record-events/recordmerged
    let delivery = json!({
      "webhook_id": "23e42eaf-323a-41da-b5bb-fd67eebda553",
      "events": [{
          "event_type": "record.merged",
          "id": {
            "workspace_id": "14beef7a-99f7-4534-a87e-70b564330a4c",
            "object_id": "97052eb9-e65e-443f-a297-f2d9a4a7f795",
            "record_id": "bf071e1f-6035-429d-b874-d83ea64ea13b"
          },
          "duplicate_object_id": "97052eb9-e65e-443f-a297-f2d9a4a7f795",
          "duplicate_record_id": "3405be95-8375-46a0-bde0-03b3753f8c79",
          "actor": {"type": "workspace-member", "id": "50cf242c-7fa3-4cad-87d0-75b1af71c57b"}
      }]
    });
    let WebhookEvent::RecordMerged(event) = only_event(&delivery) else {
        panic!()
    };
    assert_eq!(event.id.record_id, "bf071e1f-6035-429d-b874-d83ea64ea13b");
    assert_eq!(
        event.duplicate_object_id,
        "97052eb9-e65e-443f-a297-f2d9a4a7f795"
    );
    assert_eq!(
        event.duplicate_record_id,
        "3405be95-8375-46a0-bde0-03b3753f8c79"
    );
}

#[test]
fn list_entry_updated_and_deleted() {
    // list-entry-events/list-entryupdated
    let updated = json!({
      "webhook_id": "23e42eaf-323a-41da-b5bb-fd67eebda553",
      "events": [{
          "event_type": "list-entry.updated",
          "id": {
            "workspace_id": "14beef7a-99f7-4534-a87e-70b564330a4c",
            "list_id": "33ebdbe9-e529-47c9-b894-0ba25e9c15c0",
            "entry_id": "2e6e29ea-c4e0-4f44-842d-78a891f8c156",
            "attribute_id": "41252299-f8c7-4b5e-99c9-4ff8321d2f96"
          },
          "parent_object_id": "97052eb9-e65e-443f-a297-f2d9a4a7f795",
          "parent_record_id": "bf071e1f-6035-429d-b874-d83ea64ea13b",
          "actor": {"type": "workspace-member", "id": "50cf242c-7fa3-4cad-87d0-75b1af71c57b"}
      }]
    });
    let WebhookEvent::ListEntryUpdated(event) = only_event(&updated) else {
        panic!()
    };
    assert_eq!(event.id.list_id, "33ebdbe9-e529-47c9-b894-0ba25e9c15c0");
    assert_eq!(event.id.entry_id, "2e6e29ea-c4e0-4f44-842d-78a891f8c156");
    assert_eq!(
        event.id.attribute_id,
        "41252299-f8c7-4b5e-99c9-4ff8321d2f96"
    );
    assert_eq!(
        event.parent_object_id,
        "97052eb9-e65e-443f-a297-f2d9a4a7f795"
    );
    assert_eq!(
        event.parent_record_id,
        "bf071e1f-6035-429d-b874-d83ea64ea13b"
    );

    // list-entry-events/list-entrydeleted
    let deleted = json!({
      "webhook_id": "23e42eaf-323a-41da-b5bb-fd67eebda553",
      "events": [{
          "event_type": "list-entry.deleted",
          "id": {
            "workspace_id": "14beef7a-99f7-4534-a87e-70b564330a4c",
            "list_id": "33ebdbe9-e529-47c9-b894-0ba25e9c15c0",
            "entry_id": "2e6e29ea-c4e0-4f44-842d-78a891f8c156"
          },
          "parent_object_id": "97052eb9-e65e-443f-a297-f2d9a4a7f795",
          "parent_record_id": "bf071e1f-6035-429d-b874-d83ea64ea13b",
          "actor": {"type": "workspace-member", "id": "50cf242c-7fa3-4cad-87d0-75b1af71c57b"}
      }]
    });
    let WebhookEvent::ListEntryDeleted(event) = only_event(&deleted) else {
        panic!()
    };
    assert_eq!(event.id.entry_id, "2e6e29ea-c4e0-4f44-842d-78a891f8c156");
    assert_eq!(
        event.parent_record_id,
        "bf071e1f-6035-429d-b874-d83ea64ea13b"
    );
}

#[test]
fn list_and_object_attributes() {
    // list-attribute-events/list-attributecreated
    let list_attribute = json!({
      "webhook_id": "23e42eaf-323a-41da-b5bb-fd67eebda553",
      "events": [{
          "event_type": "list-attribute.created",
          "id": {
            "workspace_id": "14beef7a-99f7-4534-a87e-70b564330a4c",
            "list_id": "33ebdbe9-e529-47c9-b894-0ba25e9c15c0",
            "attribute_id": "41252299-f8c7-4b5e-99c9-4ff8321d2f96"
          },
          "actor": {"type": "workspace-member", "id": "50cf242c-7fa3-4cad-87d0-75b1af71c57b"}
      }]
    });
    let WebhookEvent::ListAttributeCreated(event) = only_event(&list_attribute) else {
        panic!()
    };
    assert_eq!(event.id.list_id, "33ebdbe9-e529-47c9-b894-0ba25e9c15c0");
    assert_eq!(
        event.id.attribute_id,
        "41252299-f8c7-4b5e-99c9-4ff8321d2f96"
    );

    // object-attribute-events/object-attributeupdated
    let object_attribute = json!({
      "webhook_id": "23e42eaf-323a-41da-b5bb-fd67eebda553",
      "events": [{
          "event_type": "object-attribute.updated",
          "id": {
            "workspace_id": "14beef7a-99f7-4534-a87e-70b564330a4c",
            "object_id": "97052eb9-e65e-443f-a297-f2d9a4a7f795",
            "attribute_id": "41252299-f8c7-4b5e-99c9-4ff8321d2f96"
          },
          "actor": {"type": "workspace-member", "id": "50cf242c-7fa3-4cad-87d0-75b1af71c57b"}
      }]
    });
    let WebhookEvent::ObjectAttributeUpdated(event) = only_event(&object_attribute) else {
        panic!()
    };
    assert_eq!(event.id.object_id, "97052eb9-e65e-443f-a297-f2d9a4a7f795");
}

#[test]
fn notes() {
    // note-content-events/note-contentupdated
    let content = json!({
      "webhook_id": "23e42eaf-323a-41da-b5bb-fd67eebda553",
      "events": [{
          "event_type": "note-content.updated",
          "id": {
            "workspace_id": "14beef7a-99f7-4534-a87e-70b564330a4c",
            "note_id": "ff3f3bd4-40f4-4f80-8187-cd02385af424"
          },
          "parent_object_id": "97052eb9-e65e-443f-a297-f2d9a4a7f795",
          "parent_record_id": "bf071e1f-6035-429d-b874-d83ea64ea13b",
          "actor": {"type": "workspace-member", "id": "50cf242c-7fa3-4cad-87d0-75b1af71c57b"}
      }]
    });
    let WebhookEvent::NoteContentUpdated(event) = only_event(&content) else {
        panic!()
    };
    assert_eq!(event.id.note_id, "ff3f3bd4-40f4-4f80-8187-cd02385af424");
    assert_eq!(
        event.parent_object_id,
        "97052eb9-e65e-443f-a297-f2d9a4a7f795"
    );

    // note/deleted (one event)
    let deleted = envelope(json!({
      "event_type": "note.deleted",
      "id": {"workspace_id": "14beef7a-99f7-4534-a87e-70b564330a4c", "note_id": "ff3f3bd4-40f4-4f80-8187-cd02385af424"},
      "parent_object_id": "97052eb9-e65e-443f-a297-f2d9a4a7f795",
      "parent_record_id": "bf071e1f-6035-429d-b874-d83ea64ea13b",
      "actor": {"type": "workspace-member", "id": "50cf242c-7fa3-4cad-87d0-75b1af71c57b"}
    }));
    let WebhookEvent::NoteDeleted(event) = only_event(&deleted) else {
        panic!()
    };
    assert_eq!(
        event.parent_record_id,
        "bf071e1f-6035-429d-b874-d83ea64ea13b"
    );
}

#[test]
fn task_updated() {
    // task-events/taskupdated
    let delivery = json!({
      "webhook_id": "23e42eaf-323a-41da-b5bb-fd67eebda553",
      "events": [{
          "event_type": "task.updated",
          "id": {"workspace_id": "14beef7a-99f7-4534-a87e-70b564330a4c", "task_id": "649e34f4-c39a-4f4d-99ef-48a36bef8f04"},
          "actor": {"type": "workspace-member", "id": "50cf242c-7fa3-4cad-87d0-75b1af71c57b"}
      }]
    });
    let WebhookEvent::TaskUpdated(event) = only_event(&delivery) else {
        panic!()
    };
    assert_eq!(event.id.task_id, "649e34f4-c39a-4f4d-99ef-48a36bef8f04");
}

#[test]
fn comment_created_on_an_entry_and_on_a_record() {
    // https://attio.com/developers/reference/webhooks, "comment.created" (one event)
    let on_entry = envelope(json!({
      "id": {"comment_id": "aa1dc1d9-93ac-4c6c-987e-16b6eea9aab2", "workspace_id": "14beef7a-99f7-4534-a87e-70b564330a4c"},
      "actor": {"id": "50cf242c-7fa3-4cad-87d0-75b1af71c57b", "type": "workspace-member"},
      "list_id": "33ebdbe9-e529-47c9-b894-0ba25e9c15c0",
      "entry_id": "2e6e29ea-c4e0-4f44-842d-78a891f8c156",
      "object_id": "97052eb9-e65e-443f-a297-f2d9a4a7f795",
      "record_id": "bf071e1f-6035-429d-b874-d83ea64ea13b",
      "thread_id": "a649e4d9-435c-43fb-83ba-847b4876f27a",
      "event_type": "comment.created"
    }));
    let WebhookEvent::CommentCreated(event) = only_event(&on_entry) else {
        panic!()
    };
    assert_eq!(event.id.comment_id, "aa1dc1d9-93ac-4c6c-987e-16b6eea9aab2");
    assert_eq!(event.thread_id, "a649e4d9-435c-43fb-83ba-847b4876f27a");
    assert_eq!(
        event.list_id.as_deref(),
        Some("33ebdbe9-e529-47c9-b894-0ba25e9c15c0")
    );
    assert_eq!(
        event.entry_id.as_deref(),
        Some("2e6e29ea-c4e0-4f44-842d-78a891f8c156")
    );

    // The schema (comment/resolved): `list_id` and `entry_id` are null for a record's comment.
    let mut on_record = on_entry.clone();
    let event = &mut on_record["events"][0];
    event["event_type"] = json!("comment.resolved");
    event["list_id"] = Value::Null;
    event["entry_id"] = Value::Null;
    let WebhookEvent::CommentResolved(event) = only_event(&on_record) else {
        panic!()
    };
    assert_eq!((event.list_id, event.entry_id), (None, None));
    assert_eq!(event.record_id, "bf071e1f-6035-429d-b874-d83ea64ea13b");
}

#[test]
fn workspace_member_and_call_recording() {
    // workspace-member/created (one event)
    let member = envelope(json!({
      "event_type": "workspace-member.created",
      "id": {"workspace_id": "14beef7a-99f7-4534-a87e-70b564330a4c", "workspace_member_id": "50cf242c-7fa3-4cad-87d0-75b1af71c57b"},
      "actor": {"type": "workspace-member", "id": "50cf242c-7fa3-4cad-87d0-75b1af71c57b"}
    }));
    let WebhookEvent::WorkspaceMemberCreated(event) = only_event(&member) else {
        panic!()
    };
    assert_eq!(event.id.workspace_member_id, MEMBER);

    // call-recording-events/call-recordingcreated
    let recording = json!({
      "webhook_id": "23e42eaf-323a-41da-b5bb-fd67eebda553",
      "events": [{
          "event_type": "call-recording.created",
          "id": {
            "workspace_id": "14beef7a-99f7-4534-a87e-70b564330a4c",
            "meeting_id": "cb59ab17-ad15-460c-a126-0715617c0853",
            "call_recording_id": "e8f2a3b7-9b4d-4c5e-8a1f-3d7b2c5e8f9a"
          },
          "actor": {"type": "workspace-member", "id": "50cf242c-7fa3-4cad-87d0-75b1af71c57b"}
      }]
    });
    let WebhookEvent::CallRecordingCreated(event) = only_event(&recording) else {
        panic!()
    };
    assert_eq!(event.id.meeting_id, "cb59ab17-ad15-460c-a126-0715617c0853");
    assert_eq!(
        event.id.call_recording_id,
        "e8f2a3b7-9b4d-4c5e-8a1f-3d7b2c5e8f9a"
    );
}

/// The id fields each documented event type carries (from the pages above, and for the
/// types without an example there from the same family: `record.created`/`deleted` name a
/// record like `record.merged`, `list.*` a list, `task.*` a task, `note.*` a note).
fn example_of(event_type: &str) -> Value {
    let ids: &[&str] = match event_type.split('.').next().unwrap() {
        "record" if event_type == "record.updated" => &["object_id", "record_id", "attribute_id"],
        "record" => &["object_id", "record_id"],
        "list-entry" if event_type == "list-entry.updated" => {
            &["list_id", "entry_id", "attribute_id"]
        }
        "list-entry" => &["list_id", "entry_id"],
        "list" => &["list_id"],
        "list-attribute" => &["list_id", "attribute_id"],
        "object-attribute" => &["object_id", "attribute_id"],
        "note" | "note-content" => &["note_id"],
        "task" => &["task_id"],
        "comment" => &["comment_id"],
        "workspace-member" => &["workspace_member_id"],
        "call-recording" => &["meeting_id", "call_recording_id"],
        other => panic!("no example for {other}"),
    };
    let mut id = json!({"workspace_id": WORKSPACE});
    for (n, field) in ids.iter().enumerate() {
        id[*field] = json!(format!("00000000-0000-4000-8000-00000000000{n}"));
    }
    let mut event = json!({"event_type": event_type, "id": id, "actor": actor()});
    let other = json!("11111111-1111-4111-8111-111111111111");
    let extra: &[&str] = match event_type.split('.').next().unwrap() {
        "list-entry" | "note" | "note-content" => &["parent_object_id", "parent_record_id"],
        "record" if event_type == "record.merged" => {
            &["duplicate_object_id", "duplicate_record_id"]
        }
        "comment" => {
            event["list_id"] = Value::Null;
            event["entry_id"] = Value::Null;
            &["thread_id", "object_id", "record_id"]
        }
        _ => &[],
    };
    for field in extra {
        event[*field] = other.clone();
    }
    event
}

#[test]
fn every_known_type_is_typed_and_round_trips() {
    for event_type in WebhookEvent::KNOWN_EVENT_TYPES {
        let event = only_event(&envelope(example_of(event_type)));
        assert_eq!(event.event_type(), *event_type);
        assert!(
            !matches!(
                event,
                WebhookEvent::Unknown { .. } | WebhookEvent::Invalid { .. }
            ),
            "{event_type}: {event:?}"
        );
        // Serializing gives Attio's shape back, which parses to the same event.
        let again: WebhookEvent =
            serde_json::from_value(serde_json::to_value(&event).unwrap()).unwrap();
        assert_eq!(again, event, "{event_type}");
        assert_eq!(
            serde_json::to_value(&event).unwrap()["event_type"],
            json!(event_type)
        );
    }
}

#[test]
fn the_known_types_are_the_specs_subscription_enum() {
    // The repository's copy of Attio's spec (spec/README.md says where it comes from).
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/attio-openapi.yaml");
    let spec = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    // The first `event_type` enum under `/v2/webhooks` (every operation repeats it).
    let lines: Vec<&str> = spec
        .lines()
        .skip_while(|line| *line != "  /v2/webhooks:")
        .collect();
    let start = lines
        .iter()
        .position(|line| line.trim() == "event_type:")
        .expect("the spec's webhook subscriptions have an event_type");
    let documented: Vec<String> = lines[start..]
        .iter()
        .skip_while(|line| line.trim() != "enum:")
        .skip(1)
        .map_while(|line| line.trim().strip_prefix("- "))
        .map(|name| name.trim_matches('"').to_owned())
        .collect();
    assert!(documented.len() > 20, "{documented:?}");
    let mut documented = documented;
    documented.sort();
    let mut known: Vec<String> = WebhookEvent::KNOWN_EVENT_TYPES
        .iter()
        .map(|s| s.to_string())
        .collect();
    known.sort();
    assert_eq!(known, documented);
}

#[test]
fn unknown_types_are_kept_not_rejected() {
    // activity-record-events/activity-recordcreated (attio.mintlify.app): documented by Attio
    // after the OpenAPI 2.0.0 document this crate follows, so unknown here.
    let delivery = json!({
      "webhook_id": "23e42eaf-323a-41da-b5bb-fd67eebda553",
      "events": [
        {
          "event_type": "activity-record.created",
          "id": {
            "workspace_id": "14beef7a-99f7-4534-a87e-70b564330a4c",
            "activity_id": "97052eb9-e65e-443f-a297-f2d9a4a7f795",
            "record_id": "5f4f2d9c-2b3e-4a83-9c76-1de3a3f14f26"
          },
          "actor": {"type": "workspace-member", "id": "50cf242c-7fa3-4cad-87d0-75b1af71c57b"}
        },
        example_of("task.created")
      ]
    });
    let payload = WebhookPayload::from_slice(delivery.to_string().as_bytes()).unwrap();
    assert_eq!(
        payload.events.len(),
        2,
        "batches of several events are kept in order"
    );
    match &payload.events[0] {
        WebhookEvent::Unknown { event_type, raw } => {
            assert_eq!(event_type, "activity-record.created");
            assert_eq!(raw, &delivery["events"][0]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(payload.events[0].event_type(), "activity-record.created");
    assert!(payload.events[0].actor().is_none());
    assert!(matches!(payload.events[1], WebhookEvent::TaskCreated(_)));
    // And it serializes back unchanged (the typed one too: it has no extra fields).
    assert_eq!(serde_json::to_value(&payload).unwrap(), delivery);
}

#[test]
fn unknown_fields_are_ignored() {
    let mut event = example_of("record.created");
    event["new_field"] = json!({"nested": [1, 2]});
    event["id"]["new_id"] = json!("x");
    event["actor"]["new_actor_field"] = json!(true);
    let delivered = envelope(event);
    let mut with_extra = delivered.clone();
    with_extra["delivered_at"] = json!("2026-01-01T00:00:00Z");
    let WebhookEvent::RecordCreated(created) = only_event(&with_extra) else {
        panic!()
    };
    assert_eq!(created.id.record_id, "00000000-0000-4000-8000-000000000001");
}

#[test]
fn a_known_type_with_the_wrong_shape_is_kept_as_invalid() {
    let mut event = example_of("record.updated");
    event["id"].as_object_mut().unwrap().remove("attribute_id");
    let payload =
        WebhookPayload::from_slice(envelope(event.clone()).to_string().as_bytes()).unwrap();
    match &payload.events[0] {
        WebhookEvent::Invalid {
            event_type,
            raw,
            error,
        } => {
            assert_eq!(event_type, "record.updated");
            assert_eq!(raw, &event);
            assert!(error.contains("attribute_id"), "{error}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_broken_envelope_is_an_invalid_payload() {
    let cases = [
        json!({"events": []}),
        json!({"webhook_id": WEBHOOK_ID}),
        json!({"webhook_id": WEBHOOK_ID, "events": {}}),
        json!({"webhook_id": WEBHOOK_ID, "events": ["record.created"]}),
        json!({"webhook_id": WEBHOOK_ID, "events": [{"id": {}}]}),
        json!({"webhook_id": WEBHOOK_ID, "events": [{"event_type": 7}]}),
        json!([]),
    ];
    for case in cases {
        let result = WebhookPayload::from_slice(case.to_string().as_bytes());
        assert!(
            matches!(result, Err(WebhookError::InvalidPayload(_))),
            "{case}: {result:?}"
        );
    }
    assert!(matches!(
        WebhookPayload::from_slice(b"{"),
        Err(WebhookError::InvalidPayload(_))
    ));
    // An empty batch is a valid envelope.
    let empty = WebhookPayload::from_slice(br#"{"webhook_id":"w","events":[]}"#).unwrap();
    assert!(empty.events.is_empty());
}
