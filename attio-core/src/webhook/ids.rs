//! The `id` objects of webhook events: which thing an event is about.
//!
//! Each event type names its subject with a composite id whose fields Attio documents in
//! its webhook reference (<https://docs.attio.com/rest-api/webhook-reference>). Ids are
//! strings, as elsewhere in this crate ([`RecordId`](crate::RecordId)): Attio documents
//! some ids that are not valid UUIDs. Fields Attio adds later are ignored.

/// Defines id structs that all start with `workspace_id`.
macro_rules! ids {
    ($( $(#[$doc:meta])* $name:ident { $( $(#[$field_doc:meta])* $field:ident, )* } )*) => { $(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
        pub struct $name {
            /// The workspace's id.
            pub workspace_id: String,
            $( $(#[$field_doc])* pub $field: String, )*
        }
    )* };
}

ids! {
    /// A record attribute's change (`record.updated`).
    RecordAttributeId {
        /// The object's id.
        object_id,
        /// The record's id.
        record_id,
        /// The id of the attribute that changed.
        attribute_id,
    }
    /// A list entry (`list-entry.created`, `list-entry.deleted`).
    EntryId {
        /// The list's id.
        list_id,
        /// The entry's id.
        entry_id,
    }
    /// A list entry attribute's change (`list-entry.updated`).
    EntryAttributeId {
        /// The list's id.
        list_id,
        /// The entry's id.
        entry_id,
        /// The id of the list attribute that changed.
        attribute_id,
    }
    /// A list (`list.*`).
    ListId {
        /// The list's id.
        list_id,
    }
    /// A list attribute (`list-attribute.*`).
    ListAttributeId {
        /// The list's id.
        list_id,
        /// The attribute's id.
        attribute_id,
    }
    /// An object attribute (`object-attribute.*`).
    ObjectAttributeId {
        /// The object's id.
        object_id,
        /// The attribute's id.
        attribute_id,
    }
    /// A note (`note.*`, `note-content.updated`).
    NoteId {
        /// The note's id.
        note_id,
    }
    /// A task (`task.*`).
    TaskId {
        /// The task's id.
        task_id,
    }
    /// A comment (`comment.*`).
    CommentId {
        /// The comment's id.
        comment_id,
    }
    /// A workspace member (`workspace-member.created`).
    WorkspaceMemberId {
        /// The member's id.
        workspace_member_id,
    }
    /// A call recording (`call-recording.created`).
    CallRecordingId {
        /// The meeting's id.
        meeting_id,
        /// The recording's id.
        call_recording_id,
    }
}
