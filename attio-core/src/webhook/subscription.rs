//! What a webhook is subscribed to: an [`EventType`] and an optional [`SubscriptionFilter`]
//! per subscription, as `POST /v2/webhooks` takes them and every webhook read returns them.
//!
//! A filter is `{"$and": [...]}` or `{"$or": [...]}` over conditions
//! `{"field", "operator": "equals" | "not_equals", "value"}`; `field` names a property of
//! the event (dot notation for nested ones: `id.object_id`, `actor.type`), and a `null`
//! filter always passes (<https://docs.attio.com/rest-api/guides/webhooks>, "Filtering";
//! Attio's OpenAPI document, `/v2/webhooks`).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Defines [`EventType`] from a table of `Variant = "event-type"`, so that the variants and
/// their wire names cannot drift apart.
macro_rules! event_types {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, )*) => {
        /// The type of event a subscription is for: the `event_type` enum of Attio's
        /// `/v2/webhooks` schemas, plus [`Other`](Self::Other) for a type this crate does
        /// not know yet (kept when read, sent as given).
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum EventType {
            $( $(#[$doc])* #[doc = concat!("\n\n`", $name, "`")] $variant, )*
            /// Any other `event_type`, as Attio spells it.
            Other(String),
        }

        impl EventType {
            /// Every event type Attio's spec lists, in its order.
            pub const ALL: &'static [EventType] = &[$(EventType::$variant),*];

            /// The event type as Attio spells it, e.g. `record.created`.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $name, )*
                    Self::Other(name) => name,
                }
            }

            /// The event type named `name` ([`Other`](Self::Other) when not one of the spec's).
            pub fn from_name(name: &str) -> Self {
                match name {
                    $( $name => Self::$variant, )*
                    other => Self::Other(other.to_owned()),
                }
            }
        }
    };
}

event_types! {
    /// A call recording was created.
    CallRecordingCreated = "call-recording.created",
    /// A comment was created.
    CommentCreated = "comment.created",
    /// A comment was resolved.
    CommentResolved = "comment.resolved",
    /// A comment was unresolved.
    CommentUnresolved = "comment.unresolved",
    /// A comment was deleted.
    CommentDeleted = "comment.deleted",
    /// A list was created.
    ListCreated = "list.created",
    /// A list was updated.
    ListUpdated = "list.updated",
    /// A list was deleted.
    ListDeleted = "list.deleted",
    /// A list attribute was created.
    ListAttributeCreated = "list-attribute.created",
    /// A list attribute was updated.
    ListAttributeUpdated = "list-attribute.updated",
    /// A list entry was created.
    ListEntryCreated = "list-entry.created",
    /// An attribute of a list entry was updated.
    ListEntryUpdated = "list-entry.updated",
    /// A list entry was deleted.
    ListEntryDeleted = "list-entry.deleted",
    /// An object attribute was created.
    ObjectAttributeCreated = "object-attribute.created",
    /// An object attribute was updated.
    ObjectAttributeUpdated = "object-attribute.updated",
    /// A note was created.
    NoteCreated = "note.created",
    /// A note's content was updated.
    NoteContentUpdated = "note-content.updated",
    /// A note was updated.
    NoteUpdated = "note.updated",
    /// A note was deleted.
    NoteDeleted = "note.deleted",
    /// A record was created.
    RecordCreated = "record.created",
    /// Two records were merged.
    RecordMerged = "record.merged",
    /// An attribute of a record was updated.
    RecordUpdated = "record.updated",
    /// A record was deleted.
    RecordDeleted = "record.deleted",
    /// A task was created.
    TaskCreated = "task.created",
    /// A task was updated.
    TaskUpdated = "task.updated",
    /// A task was deleted.
    TaskDeleted = "task.deleted",
    /// A workspace member was created.
    WorkspaceMemberCreated = "workspace-member.created",
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for EventType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EventType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Ok(Self::from_name(&name))
    }
}

/// The comparison of a [`FilterCondition`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterOperator {
    /// The event's field equals the value.
    Equals,
    /// The event's field does not equal the value.
    NotEquals,
}

/// One condition of a filter: a property of the event compared with a string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FilterCondition {
    /// The event's property, dot notation for nested ones (`id.object_id`, `actor.type`).
    pub field: String,
    /// How it is compared.
    pub operator: FilterOperator,
    /// What it is compared with.
    pub value: String,
}

impl FilterCondition {
    /// `field` equals `value`.
    pub fn equals(field: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            operator: FilterOperator::Equals,
            value: value.into(),
        }
    }

    /// `field` does not equal `value`.
    pub fn not_equals(field: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            operator: FilterOperator::NotEquals,
            value: value.into(),
        }
    }
}

/// Which events of a subscription's type are delivered.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SubscriptionFilter {
    /// `{"$and": [...]}`: every condition holds.
    #[serde(rename = "$and")]
    All(Vec<FilterCondition>),
    /// `{"$or": [...]}`: at least one condition holds.
    #[serde(rename = "$or")]
    Any(Vec<FilterCondition>),
}

/// One event type a webhook is subscribed to, with its filter (`None`: every event of
/// the type; sent as `"filter": null`, which the spec requires to be present).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Subscription {
    /// The event type.
    pub event_type: EventType,
    /// Which of those events are delivered; `None` for all of them.
    pub filter: Option<SubscriptionFilter>,
}

impl Subscription {
    /// Every event of `event_type`.
    pub fn to(event_type: EventType) -> Self {
        Self {
            event_type,
            filter: None,
        }
    }

    /// Only the events of `event_type` that pass `filter`.
    pub fn filtered(event_type: EventType, filter: SubscriptionFilter) -> Self {
        Self {
            event_type,
            filter: Some(filter),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn subscriptions_have_attio_shape_both_ways() {
        let subscriptions = vec![
            Subscription::to(EventType::RecordCreated),
            Subscription::filtered(
                EventType::ListEntryUpdated,
                SubscriptionFilter::All(vec![FilterCondition::equals(
                    "parent_object_id",
                    "97052eb9-e65e-443f-a297-f2d9a4a7f795",
                )]),
            ),
            Subscription::filtered(
                EventType::Other("future.thing".into()),
                SubscriptionFilter::Any(vec![FilterCondition::not_equals("actor.type", "system")]),
            ),
        ];
        let wire = json!([
            {"event_type": "record.created", "filter": null},
            {"event_type": "list-entry.updated", "filter": {"$and": [
                {"field": "parent_object_id", "operator": "equals",
                 "value": "97052eb9-e65e-443f-a297-f2d9a4a7f795"}]}},
            {"event_type": "future.thing", "filter": {"$or": [
                {"field": "actor.type", "operator": "not_equals", "value": "system"}]}},
        ]);
        assert_eq!(serde_json::to_value(&subscriptions).unwrap(), wire);
        let back: Vec<Subscription> = serde_json::from_value(wire).unwrap();
        assert_eq!(back, subscriptions);
    }

    #[test]
    fn every_event_type_round_trips_by_name() {
        assert_eq!(EventType::ALL.len(), 27);
        for event_type in EventType::ALL {
            assert_eq!(&EventType::from_name(event_type.as_str()), event_type);
        }
        assert_eq!(
            EventType::from_name("record.exploded"),
            EventType::Other("record.exploded".into())
        );
    }

    #[test]
    fn bad_filters_are_refused() {
        // A missing `filter` reads as `None` (lenient on reads); a wrong one is an error.
        for bad in [
            json!({"event_type": "record.created", "filter": {"$xor": []}}),
            json!({"event_type": "record.created", "filter": {"$and": [{"field": "a", "operator": "like", "value": "b"}]}}),
            json!({"event_type": 7, "filter": null}),
        ] {
            assert!(
                serde_json::from_value::<Subscription>(bad.clone()).is_err(),
                "{bad}"
            );
        }
    }
}
