//! Lists and their entries as Attio returns them: [`List`] (created from a [`NewList`],
//! changed by a [`ListUpdate`]), [`Entry`] (whose values read
//! like a record's, through [`Entry::values`]) and [`RecordEntry`] (one line of a record's
//! entries). The operations are on the client: [`Client::lists`](crate::Client::lists),
//! [`Client::entries`](crate::Client::entries) and
//! [`Client::record_entries`](crate::Client::record_entries).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::record::{AttributeValue, Record, RecordId};
use crate::value::{FromAttioField, Timestamp};

/// A list's ids.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
pub struct ListIds {
    /// The workspace's id.
    pub workspace_id: String,
    /// The list's id.
    pub list_id: String,
}

/// A list: a pipeline of entries that point at records of its parent object.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct List {
    /// Its ids.
    pub id: ListIds,
    /// Its slug.
    pub api_slug: String,
    /// Its name.
    pub name: String,
    /// The slugs (or ids) of the objects whose records it holds.
    pub parent_object: Vec<String>,
    /// The workspace's access level (`full-access`, `read-and-write`, `read-only`), if any.
    #[serde(default)]
    pub workspace_access: Option<String>,
    /// Per-member access, as Attio sent it.
    #[serde(default)]
    pub workspace_member_access: Value,
    /// When it was created.
    pub created_at: Timestamp,
}

/// One workspace member's access to a list (`workspace_member_access` items).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberAccess {
    /// The member's id.
    pub workspace_member_id: String,
    /// `full-access`, `read-and-write` or `read-only`.
    pub level: String,
}

/// The body of `POST /v2/lists`: every key is required by Attio's spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewList {
    /// Name shown in Attio.
    pub name: String,
    /// Slug, unique among lists (409 `slug_conflict` otherwise).
    pub api_slug: String,
    /// The object (slug or id) whose records the list holds.
    pub parent_object: String,
    /// The workspace's access level (`full-access`, `read-and-write`, `read-only`), or
    /// `None` (sent as `null`) for no workspace-wide access.
    pub workspace_access: Option<String>,
    /// Per-member access.
    pub workspace_member_access: Vec<MemberAccess>,
}

impl NewList {
    /// A list `api_slug` named `name` of `parent_object` records, full access for the
    /// workspace and no per-member access.
    pub fn new(
        api_slug: impl Into<String>,
        name: impl Into<String>,
        parent_object: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            api_slug: api_slug.into(),
            parent_object: parent_object.into(),
            workspace_access: Some("full-access".to_owned()),
            workspace_member_access: Vec::new(),
        }
    }
}

/// The body of `PATCH /v2/lists/{list}`: only the fields set are sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ListUpdate {
    /// New name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New slug.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_slug: Option<String>,
    /// New workspace access (`Some(None)` sends `null`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace_access: Option<Option<String>>,
    /// New per-member access.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace_member_access: Option<Vec<MemberAccess>>,
}

/// An entry's ids.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
pub struct EntryIds {
    /// The workspace's id.
    pub workspace_id: String,
    /// The list's id.
    pub list_id: String,
    /// The entry's id.
    pub entry_id: String,
}

/// A list entry: its parent record and its own values.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Its ids.
    pub id: EntryIds,
    /// The record it belongs to.
    pub parent_record_id: String,
    /// The parent record's object (slug).
    pub parent_object: String,
    values: Record,
}

impl Entry {
    /// The entry's id.
    pub fn entry_id(&self) -> &str {
        &self.id.entry_id
    }

    /// When it was created.
    pub fn created_at(&self) -> Timestamp {
        self.values.created_at()
    }

    /// Its values, read like a record's: [`Record::field`], [`Record::current`],
    /// [`Record::values`] (the record's id is the entry's: object id = list id).
    pub fn values(&self) -> &Record {
        &self.values
    }

    /// One attribute's current values read into a field type.
    ///
    /// # Errors
    /// As [`Record::field`].
    pub fn field<T: FromAttioField>(&self, slug: &str) -> Result<T, crate::DecodeError> {
        self.values.field(slug)
    }
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wire {
            id: EntryIds,
            parent_record_id: String,
            parent_object: String,
            created_at: Timestamp,
            entry_values: BTreeMap<String, Vec<AttributeValue>>,
        }
        let wire = Wire::deserialize(deserializer)?;
        let record_id = RecordId {
            workspace_id: wire.id.workspace_id.clone(),
            object_id: wire.id.list_id.clone(),
            record_id: wire.id.entry_id.clone(),
        };
        Ok(Self {
            values: Record::new(record_id, wire.created_at, None, wire.entry_values),
            id: wire.id,
            parent_record_id: wire.parent_record_id,
            parent_object: wire.parent_object,
        })
    }
}

/// One of a record's entries (`GET /v2/objects/{object}/records/{record_id}/entries`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RecordEntry {
    /// The list's id.
    pub list_id: String,
    /// The list's slug.
    pub list_api_slug: String,
    /// The entry's id.
    pub entry_id: String,
    /// When the entry was created.
    pub created_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn entries_read_their_values_like_records() {
        let entry: Entry = serde_json::from_value(json!({
            "id": {"workspace_id": "w", "list_id": "l", "entry_id": "e"},
            "parent_record_id": "r", "parent_object": "people",
            "created_at": "2023-01-01T00:00:00.000000000Z",
            "entry_values": {"note": [{"active_from": "2023-01-01T00:00:00.000000000Z",
                "active_until": null, "created_by_actor": {"type": "api-token", "id": "t"},
                "attribute_type": "text", "value": "hello"}]}
        }))
        .unwrap();
        assert_eq!(entry.entry_id(), "e");
        assert_eq!(entry.field::<String>("note").unwrap(), "hello");
        assert_eq!(entry.values().id(), "e");
        assert!(
            serde_json::from_value::<Entry>(
                json!({"id": {"workspace_id": "w", "list_id": "l", "entry_id": "e"}})
            )
            .is_err()
        );
    }
}
