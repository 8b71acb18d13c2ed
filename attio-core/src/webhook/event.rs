//! The body of a delivery: `{"webhook_id", "events": [...]}`, parsed into typed events.
//!
//! The event types and their fields are those of Attio's webhook reference
//! (<https://docs.attio.com/rest-api/webhook-reference>) and of the `event_type` enum of a
//! webhook subscription in Attio's OpenAPI document (`/v2/webhooks`). Attio sends one event
//! per delivery today and documents that this may change, so `events` is a list.
//!
//! Parsing never rejects an event it can classify: an `event_type` this crate does not know
//! becomes [`WebhookEvent::Unknown`], and a known type whose fields do not match the
//! documented shape becomes [`WebhookEvent::Invalid`]; both keep the event's JSON. Fields
//! Attio adds are ignored. Only a broken envelope (no `webhook_id`, `events` not a list, an
//! event that is not an object with a string `event_type`) fails.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::WebhookError;
use super::ids::{
    CallRecordingId, CommentId, EntryAttributeId, EntryId, ListAttributeId, ListId, NoteId,
    ObjectAttributeId, RecordAttributeId, TaskId, WorkspaceMemberId,
};
use crate::record::{Actor, RecordId};

/// A delivery's body.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct WebhookPayload {
    /// The webhook this delivery is for.
    pub webhook_id: String,
    /// The events, in the order Attio sent them.
    pub events: Vec<WebhookEvent>,
}

impl WebhookPayload {
    /// Parses a delivery's raw body. Verify the signature first
    /// ([`WebhookSecret::verify`](super::WebhookSecret::verify)); [`receive`](super::receive)
    /// does both.
    pub fn from_slice(body: &[u8]) -> Result<Self, WebhookError> {
        serde_json::from_slice(body).map_err(WebhookError::InvalidPayload)
    }
}

/// An event whose payload is its subject's `id` and the `actor` who caused it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Event<I> {
    /// What the event is about.
    pub id: I,
    /// Who caused it.
    pub actor: Actor,
}

/// An event about something that belongs to a parent record (a list entry, a note).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct ParentedEvent<I> {
    /// What the event is about.
    pub id: I,
    /// The parent record's object.
    pub parent_object_id: String,
    /// The parent record.
    pub parent_record_id: String,
    /// Who caused it.
    pub actor: Actor,
}

/// `record.merged`: `id.record_id` is the merged record; the duplicate is named beside it.
///
/// Attio's reference for the newer merge endpoint says a merge produces a new record and
/// fires one event per original, each naming one original in `duplicate_record_id`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct RecordMergedEvent {
    /// The record the merge produced (or kept).
    pub id: RecordId,
    /// The object of the record merged away.
    pub duplicate_object_id: String,
    /// The record merged away.
    pub duplicate_record_id: String,
    /// Who caused it.
    pub actor: Actor,
}

/// `comment.*`: a comment on a record, or on a list entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct CommentEvent {
    /// The comment.
    pub id: CommentId,
    /// The thread the comment belongs to.
    pub thread_id: String,
    /// The object of the record the comment relates to.
    pub object_id: String,
    /// The record the comment relates to.
    pub record_id: String,
    /// The list, when the comment is on a list entry.
    pub list_id: Option<String>,
    /// The list entry, when the comment is on one.
    pub entry_id: Option<String>,
    /// Who caused it.
    pub actor: Actor,
}

/// Defines [`WebhookEvent`] from a table of `Variant(Payload) = "event-type"`, so that the
/// variants, their wire names and the decoding dispatch cannot drift apart.
macro_rules! events {
    ($( $(#[$doc:meta])* $variant:ident($payload:ty) = $name:literal, )*) => {
        /// One event of a delivery, typed by its `event_type`.
        ///
        /// New Attio event types arrive as [`WebhookEvent::Unknown`]; a later release of this
        /// crate may give them a variant, hence `#[non_exhaustive]`.
        ///
        /// ```
        /// use attio_core::WebhookEvent;
        ///
        /// let json = r#"{"event_type": "meeting.created", "id": {"meeting_id": "m1"}}"#;
        /// let event: WebhookEvent = serde_json::from_str(json)?;
        /// assert!(matches!(&event, WebhookEvent::Unknown { event_type, .. } if event_type == "meeting.created"));
        /// # Ok::<(), serde_json::Error>(())
        /// ```
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum WebhookEvent {
            $( $(#[$doc])* #[doc = concat!("\n\n`", $name, "`")] $variant($payload), )*
            /// An `event_type` this crate does not know, kept as sent.
            Unknown {
                /// The event's `event_type`.
                event_type: String,
                /// The whole event object.
                raw: Value,
            },
            /// A known `event_type` whose fields do not match Attio's documented shape.
            Invalid {
                /// The event's `event_type`.
                event_type: String,
                /// The whole event object.
                raw: Value,
                /// What did not match.
                error: String,
            },
        }

        impl WebhookEvent {
            /// The `event_type`s this crate types, as Attio spells them.
            pub const KNOWN_EVENT_TYPES: &'static [&'static str] = &[$($name),*];

            /// The event's `event_type`, as Attio spells it.
            pub fn event_type(&self) -> &str {
                match self {
                    $( Self::$variant(_) => $name, )*
                    Self::Unknown { event_type, .. } | Self::Invalid { event_type, .. } => event_type,
                }
            }

            /// Who caused the event (`None` for [`Unknown`](Self::Unknown) and
            /// [`Invalid`](Self::Invalid) events).
            pub fn actor(&self) -> Option<&Actor> {
                match self {
                    $( Self::$variant(event) => Some(&event.actor), )*
                    Self::Unknown { .. } | Self::Invalid { .. } => None,
                }
            }

            /// Types `raw` by `event_type`; `None` when the type is not known.
            fn typed(event_type: &str, raw: &Value) -> Option<Result<Self, serde_json::Error>> {
                match event_type {
                    $( $name => Some(<$payload>::deserialize(raw).map(Self::$variant)), )*
                    _ => None,
                }
            }

            /// The event's fields without `event_type` (the raw object for untyped events).
            fn fields(&self) -> Result<Value, serde_json::Error> {
                match self {
                    $( Self::$variant(event) => serde_json::to_value(event), )*
                    Self::Unknown { raw, .. } | Self::Invalid { raw, .. } => Ok(raw.clone()),
                }
            }
        }
    };
}

events! {
    /// A record was created.
    RecordCreated(Event<RecordId>) = "record.created",
    /// An attribute of a record was updated (`id.attribute_id` names it).
    RecordUpdated(Event<RecordAttributeId>) = "record.updated",
    /// A record was deleted.
    RecordDeleted(Event<RecordId>) = "record.deleted",
    /// Two records were merged.
    RecordMerged(RecordMergedEvent) = "record.merged",
    /// A record was added to a list.
    ListEntryCreated(ParentedEvent<EntryId>) = "list-entry.created",
    /// An attribute of a list entry was updated (`id.attribute_id` names it).
    ListEntryUpdated(ParentedEvent<EntryAttributeId>) = "list-entry.updated",
    /// A record was removed from a list.
    ListEntryDeleted(ParentedEvent<EntryId>) = "list-entry.deleted",
    /// A list was created.
    ListCreated(Event<ListId>) = "list.created",
    /// A list was updated (e.g. renamed).
    ListUpdated(Event<ListId>) = "list.updated",
    /// A list was deleted.
    ListDeleted(Event<ListId>) = "list.deleted",
    /// A list attribute was created.
    ListAttributeCreated(Event<ListAttributeId>) = "list-attribute.created",
    /// A list attribute was updated.
    ListAttributeUpdated(Event<ListAttributeId>) = "list-attribute.updated",
    /// An object attribute was created.
    ObjectAttributeCreated(Event<ObjectAttributeId>) = "object-attribute.created",
    /// An object attribute was updated.
    ObjectAttributeUpdated(Event<ObjectAttributeId>) = "object-attribute.updated",
    /// A note was created.
    NoteCreated(ParentedEvent<NoteId>) = "note.created",
    /// A note's title was updated.
    NoteUpdated(ParentedEvent<NoteId>) = "note.updated",
    /// A note's content (body) was updated.
    NoteContentUpdated(ParentedEvent<NoteId>) = "note-content.updated",
    /// A note was deleted.
    NoteDeleted(ParentedEvent<NoteId>) = "note.deleted",
    /// A task was created.
    TaskCreated(Event<TaskId>) = "task.created",
    /// A task was updated (e.g. assignees, deadline).
    TaskUpdated(Event<TaskId>) = "task.updated",
    /// A task was deleted.
    TaskDeleted(Event<TaskId>) = "task.deleted",
    /// A comment was created.
    CommentCreated(CommentEvent) = "comment.created",
    /// A comment was resolved.
    CommentResolved(CommentEvent) = "comment.resolved",
    /// A comment was unresolved.
    CommentUnresolved(CommentEvent) = "comment.unresolved",
    /// A comment was deleted.
    CommentDeleted(CommentEvent) = "comment.deleted",
    /// A member was added to the workspace.
    WorkspaceMemberCreated(Event<WorkspaceMemberId>) = "workspace-member.created",
    /// A call recording finished and its media upload completed.
    CallRecordingCreated(Event<CallRecordingId>) = "call-recording.created",
}

impl WebhookEvent {
    /// Types one event object; errors only when it has no string `event_type`.
    pub fn from_value(raw: Value) -> Result<Self, String> {
        let event_type = match raw.get("event_type") {
            Some(Value::String(event_type)) => event_type.clone(),
            Some(_) => return Err("an event's `event_type` is not a string".to_owned()),
            None if raw.is_object() => return Err("an event has no `event_type`".to_owned()),
            None => return Err("an event is not a JSON object".to_owned()),
        };
        Ok(match Self::typed(&event_type, &raw) {
            Some(Ok(event)) => event,
            Some(Err(error)) => Self::Invalid {
                event_type,
                raw,
                error: error.to_string(),
            },
            None => Self::Unknown { event_type, raw },
        })
    }
}

impl<'de> Deserialize<'de> for WebhookEvent {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::from_value(Value::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

/// Serializes in Attio's shape (`event_type` beside the fields), so a payload built here
/// is what a receiver parses back: the emulator and tests send these.
impl Serialize for WebhookEvent {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = match self.fields().map_err(serde::ser::Error::custom)? {
            Value::Object(object) => object,
            // Only an untyped event can be a non-object, and parsing never makes one.
            other => return other.serialize(serializer),
        };
        if !matches!(self, Self::Unknown { .. } | Self::Invalid { .. }) {
            let mut with_type = Map::with_capacity(object.len() + 1);
            with_type.insert("event_type".to_owned(), Value::from(self.event_type()));
            with_type.append(&mut object);
            object = with_type;
        }
        object.serialize(serializer)
    }
}
