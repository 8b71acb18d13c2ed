//! List entries: Attio's entry operations. An entry is stored as a record of its list's
//! table with a parent, so its values follow every record rule (types, validation,
//! multi-value, uniqueness, history); only the body and the rendering differ.
//!
//! Rules (SPEC `/v2/lists/{list}/entries…`): create needs `parent_record_id`,
//! `parent_object` (the list's parent object, slug or id) and `entry_values`; an unknown
//! parent record → 400 `value_not_found`. Assert by parent (`PUT …/entries`): no entry for
//! the parent → create, one → its multi-value values are overwritten, several → 400
//! `multiple_match_results`. PATCH by entry id prepends multi-value values, PUT overwrites;
//! either with a different `parent_record_id`/`parent_object` → 400 `immutable_value`.

use serde_json::{Map, Value, json};

use super::write::Write;
use super::{EntryParent, Store, StoredRecord, WriteMode};
use crate::error::ApiError;
use crate::schema::ObjectDef;

/// A parsed create/assert body.
struct EntryBody<'b> {
    parent: EntryParent,
    values: &'b Map<String, Value>,
}

impl Store {
    /// The list's table definition (its attributes, its entries table).
    fn list_table(&self, list: &str) -> Result<ObjectDef, ApiError> {
        Ok(self.list(list)?.def.clone())
    }

    fn entry(&self, table: &ObjectDef, entry_id: &str) -> Result<&StoredRecord, ApiError> {
        self.table(&table.api_slug)
            .and_then(|t| t.get(entry_id))
            .ok_or_else(|| ApiError::not_found(format!("Entry with ID \"{entry_id}\" not found.")))
    }

    /// An entry in Attio's read shape.
    pub(crate) fn entry_json(&self, table: &ObjectDef, entry: &StoredRecord) -> Value {
        let (parent_object, parent_record_id) = entry
            .parent
            .as_ref()
            .map(|p| (p.object.as_str(), p.record_id.as_str()))
            .unwrap_or_default();
        json!({
            "id": {"workspace_id": self.workspace.id, "list_id": table.id, "entry_id": entry.id},
            "parent_record_id": parent_record_id,
            "parent_object": parent_object,
            "created_at": entry.created_at,
            "entry_values": Self::values_json(table, entry),
        })
    }

    /// Reads `{"data": {"parent_record_id", "parent_object", "entry_values"}}` and checks
    /// the parent exists and belongs to the list's parent object.
    fn entry_body<'b>(&self, list: &str, body: &'b Value) -> Result<EntryBody<'b>, ApiError> {
        let data = entry_data(body)?;
        let field = |key: &'static str| match data.get(key) {
            Some(Value::String(text)) => Ok(text.as_str()),
            Some(other) => Err(ApiError::wrong_type(&["data", key], "string", other)),
            None => Err(ApiError::validation(
                &["data", key],
                "invalid_type",
                "Required",
            )),
        };
        let (record_id, object) = (field("parent_record_id")?, field("parent_object")?);
        let values = entry_values(data)?;
        let list = self.list(list)?;
        let parent = self
            .object(object)
            .ok()
            .filter(|o| o.api_slug == list.parent_object)
            .ok_or_else(|| {
                ApiError::value_not_found(format!(
                    "Parent object \"{object}\" is not the parent object of list \"{}\".",
                    list.slug
                ))
            })?;
        self.record(&parent.api_slug, record_id).map_err(|_| {
            ApiError::value_not_found(format!(
                "Parent record with ID \"{record_id}\" not found on object \"{object}\"."
            ))
        })?;
        Ok(EntryBody {
            parent: EntryParent {
                object: parent.api_slug.clone(),
                record_id: record_id.to_owned(),
            },
            values,
        })
    }

    fn new_entry(
        &mut self,
        table: &ObjectDef,
        parent: EntryParent,
        writes: Vec<Write>,
        mode: &WriteMode,
    ) -> Result<Value, ApiError> {
        let fresh = StoredRecord::new(self.new_id(), Some(parent));
        let actor = self.token_actor();
        let entry = self.apply(table, None, Some(fresh), writes, mode, actor)?;
        Ok(self.entry_json(table, &entry))
    }

    /// `POST /v2/lists/{list}/entries`.
    pub fn create_entry(&mut self, list: &str, body: &Value) -> Result<Value, ApiError> {
        let table = self.list_table(list)?;
        let EntryBody { parent, values } = self.entry_body(list, body)?;
        let writes = self.parse_writes(&table, values)?;
        self.new_entry(&table, parent, writes, &WriteMode::Create)
    }

    /// `PUT /v2/lists/{list}/entries`: the parent's entry is created or overwritten.
    pub fn assert_entry(&mut self, list: &str, body: &Value) -> Result<Value, ApiError> {
        let table = self.list_table(list)?;
        let EntryBody { parent, values } = self.entry_body(list, body)?;
        let writes = self.parse_writes(&table, values)?;
        let mut found: Vec<StoredRecord> = self
            .table(&table.api_slug)
            .into_iter()
            .flat_map(|t| t.iter())
            .filter(|entry| entry.parent.as_ref() == Some(&parent))
            .cloned()
            .collect();
        match found.len() {
            0 => self.new_entry(&table, parent, writes, &WriteMode::Overwrite),
            1 => {
                let existing = found.remove(0);
                let actor = self.token_actor();
                let entry = self.apply(
                    &table,
                    Some(existing),
                    None,
                    writes,
                    &WriteMode::Overwrite,
                    actor,
                )?;
                Ok(self.entry_json(&table, &entry))
            }
            n => Err(ApiError::multiple_matches(format!(
                "Found {n} entries in this list for parent record \"{}\"; expected at most one.",
                parent.record_id
            ))),
        }
    }

    /// `GET /v2/lists/{list}/entries/{entry_id}`.
    pub fn get_entry(&self, list: &str, entry_id: &str) -> Result<Value, ApiError> {
        let table = self.list_table(list)?;
        Ok(self.entry_json(&table, self.entry(&table, entry_id)?))
    }

    /// `PATCH` ([`WriteMode::Append`]) or `PUT` ([`WriteMode::Overwrite`]) of an entry.
    pub fn update_entry(
        &mut self,
        list: &str,
        entry_id: &str,
        body: &Value,
        mode: WriteMode,
    ) -> Result<Value, ApiError> {
        let table = self.list_table(list)?;
        let existing = self.entry(&table, entry_id)?.clone();
        let data = entry_data(body)?;
        let parent = existing.parent.clone();
        for (key, held) in [
            (
                "parent_record_id",
                parent.as_ref().map(|p| p.record_id.clone()),
            ),
            ("parent_object", parent.as_ref().map(|p| p.object.clone())),
        ] {
            if let Some(given) = data.get(key)
                && given.as_str() != held.as_deref()
            {
                return Err(ApiError::immutable_value(format!(
                    "The {key} of an entry cannot be changed."
                )));
            }
        }
        if let Some(extra) = data
            .keys()
            .find(|k| !["entry_values", "parent_record_id", "parent_object"].contains(&k.as_str()))
        {
            return Err(ApiError::validation(
                &["data"],
                "unrecognized_keys",
                format!("Unrecognized key in object: '{extra}'"),
            ));
        }
        let writes = self.parse_writes(&table, entry_values(data)?)?;
        let actor = self.token_actor();
        let entry = self.apply(&table, Some(existing), None, writes, &mode, actor)?;
        Ok(self.entry_json(&table, &entry))
    }

    /// `DELETE /v2/lists/{list}/entries/{entry_id}`.
    pub fn delete_entry(&mut self, list: &str, entry_id: &str) -> Result<(), ApiError> {
        let table = self.list_table(list)?;
        self.entry(&table, entry_id)?;
        let removed = self.table_mut(&table.api_slug).remove(entry_id);
        self.commit_write()?;
        if let Some(entry) = removed {
            let actor = self.token_actor();
            self.emit_entry("list-entry.deleted", &table, &entry, None, &actor);
        }
        Ok(())
    }

    /// Removes every entry whose parent is `object/record_id` (the record is being
    /// deleted); returns them with their list's table definition.
    pub(crate) fn remove_entries_of(
        &mut self,
        object: &str,
        record_id: &str,
    ) -> Vec<(ObjectDef, StoredRecord)> {
        let parent = EntryParent {
            object: object.to_owned(),
            record_id: record_id.to_owned(),
        };
        let tables: Vec<ObjectDef> = self
            .lists
            .iter()
            .filter(|list| list.parent_object == object)
            .map(|list| list.def.clone())
            .collect();
        let mut removed = Vec::new();
        for table in tables {
            let ids: Vec<String> = self
                .table(&table.api_slug)
                .into_iter()
                .flat_map(|t| t.iter())
                .filter(|entry| entry.parent.as_ref() == Some(&parent))
                .map(|entry| entry.id.clone())
                .collect();
            for id in ids {
                if let Some(entry) = self.table_mut(&table.api_slug).remove(&id) {
                    removed.push((table.clone(), entry));
                }
            }
        }
        removed
    }

    /// `POST /v2/lists/{list}/entries/query`: the record query language over entry values.
    pub fn query_entries(&self, list: &str, body: &Value) -> Result<Vec<Value>, ApiError> {
        let found = self.list(list)?;
        let scope = super::query::Scope {
            objects: &self.objects,
            object: &found.def,
            list: Some(&found.slug),
        };
        let query = Self::compile(scope, body)?;
        let table = &found.def;
        Ok(self
            .matching(&query)
            .into_iter()
            .map(|entry| self.entry_json(table, entry))
            .collect())
    }

    /// `GET /v2/lists/{list}/entries/{entry_id}/attributes/{attribute}/values`.
    pub fn entry_attribute_values(
        &self,
        list: &str,
        entry_id: &str,
        attribute: &str,
        show_historic: bool,
        limit: Option<usize>,
        offset: usize,
    ) -> Result<Vec<Value>, ApiError> {
        let table = self.list_table(list)?;
        let entry = self.entry(&table, entry_id)?;
        self.slot_values(&table, entry, attribute, show_historic, limit, offset)
    }

    /// `GET /v2/objects/{object}/records/{record_id}/entries`: the record's entries in
    /// every list, lists in creation order, entries in creation order.
    pub fn record_entries(
        &self,
        object: &str,
        record_id: &str,
        limit: Option<usize>,
        offset: usize,
    ) -> Result<Vec<Value>, ApiError> {
        let object = self.object(object)?;
        self.record(&object.api_slug, record_id)?;
        let parent = EntryParent {
            object: object.api_slug.clone(),
            record_id: record_id.to_owned(),
        };
        Ok(self
            .lists
            .iter()
            .flat_map(|list| {
                let entries = self
                    .table(&list.def.api_slug)
                    .into_iter()
                    .flat_map(|t| t.iter());
                entries
                    .filter(|entry| entry.parent.as_ref() == Some(&parent))
                    .map(move |entry| {
                        json!({
                            "list_id": list.def.id,
                            "list_api_slug": list.slug,
                            "entry_id": entry.id,
                            "created_at": entry.created_at,
                        })
                    })
            })
            .skip(offset)
            .take(limit.unwrap_or(usize::MAX))
            .collect())
    }
}

fn entry_data(body: &Value) -> Result<&Map<String, Value>, ApiError> {
    match body.get("data") {
        Some(Value::Object(data)) => Ok(data),
        Some(other) => Err(ApiError::wrong_type(&["data"], "object", other)),
        None => Err(ApiError::validation(&["data"], "invalid_type", "Required")),
    }
}

fn entry_values(data: &Map<String, Value>) -> Result<&Map<String, Value>, ApiError> {
    match data.get("entry_values") {
        Some(Value::Object(values)) => Ok(values),
        Some(other) => Err(ApiError::wrong_type(
            &["data", "entry_values"],
            "object",
            other,
        )),
        None => Err(ApiError::validation(
            &["data", "entry_values"],
            "invalid_type",
            "Required",
        )),
    }
}
