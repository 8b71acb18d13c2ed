//! Record writes: create, assert, update (PATCH / PUT), delete and test seeding, with the
//! required, unique, reference and history rules.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::Value;

use super::relations::{close_where, link_changes};
use super::values::Normalised;
use super::{Actor, Slot, Store, StoredRecord, StoredValue, Written, clock, system_actor};
use crate::error::ApiError;
use crate::schema::{AttributeDef, ObjectDef};

/// How a write treats the existing values of the attributes it mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteMode {
    /// `POST …/records`: a new record.
    Create,
    /// `PATCH …/records/{id}`: multi-value values are prepended to the existing ones.
    Append,
    /// `PUT …/records/{id}`: multi-value values replace the existing ones.
    Overwrite,
    /// `PUT …/records?matching_attribute=`: the matching attribute's values are added,
    /// every other attribute's values are replaced.
    Assert {
        /// Slug of the matching attribute.
        matching: String,
    },
}

/// The parsed values of one attribute in a write body.
pub(crate) struct Write {
    attr: AttributeDef,
    values: Vec<Normalised>,
}

fn body_values(body: &Value, strict: bool) -> Result<&serde_json::Map<String, Value>, ApiError> {
    let data = match body.get("data") {
        Some(Value::Object(data)) => data,
        Some(other) => return Err(ApiError::wrong_type(&["data"], "object", other)),
        None => {
            let mut err = ApiError::wrong_type(&["data"], "object", &Value::Null);
            if let Some(issue) = err.validation_errors.first_mut() {
                issue.message = "Required".to_owned();
                issue.received = Some("undefined".to_owned());
            }
            return Err(err);
        }
    };
    if strict && let Some(extra) = data.keys().find(|k| k.as_str() != "values") {
        return Err(ApiError::validation(
            &["data"],
            "unrecognized_keys",
            format!("Unrecognized key in object: '{extra}'"),
        ));
    }
    match data.get("values") {
        Some(Value::Object(values)) => Ok(values),
        Some(other) => Err(ApiError::wrong_type(&["data", "values"], "object", other)),
        None => Err(ApiError::validation(
            &["data", "values"],
            "invalid_type",
            "Required",
        )),
    }
}

impl Store {
    pub(crate) fn parse_writes(
        &self,
        object: &ObjectDef,
        values: &serde_json::Map<String, Value>,
    ) -> Result<Vec<Write>, ApiError> {
        let mut writes = Vec::with_capacity(values.len());
        for (key, raw) in values {
            let attr = object.attribute(key).filter(|a| !a.is_archived);
            let attr = attr.ok_or_else(|| {
                ApiError::value_not_found(format!("Cannot find attribute with slug/ID \"{key}\"."))
            })?;
            if attr.is_system {
                return Err(ApiError::validation(
                    &["data", "values", key],
                    "not_writable",
                    format!("Attribute \"{key}\" is a system attribute and cannot be written"),
                ));
            }
            let items: Vec<&Value> = match raw {
                Value::Null => Vec::new(),
                Value::Array(items) => items.iter().collect(),
                single => vec![single],
            };
            if !attr.is_multiselect && items.len() > 1 {
                return Err(ApiError::validation(
                    &["data", "values", key],
                    "too_many_values",
                    format!(
                        "Attribute \"{key}\" holds a single value but {} were given",
                        items.len()
                    ),
                ));
            }
            let mut seen = HashSet::new();
            let mut normalised = Vec::with_capacity(items.len());
            for item in items {
                let value = self.normalise(&object.id, attr, item)?;
                if seen.insert(value.identity.clone()) {
                    normalised.push(value);
                }
            }
            writes.push(Write {
                attr: attr.clone(),
                values: normalised,
            });
        }
        Ok(writes)
    }

    /// `POST /v2/objects/{object}/records`.
    pub fn create(&mut self, object: &str, body: &Value) -> Result<Value, ApiError> {
        let written = self.create_written(object, body)?;
        self.written_json(&written)
    }

    /// [`Store::create`], the record as written (to render after the store lock is released).
    pub(crate) fn create_written(
        &mut self,
        object: &str,
        body: &Value,
    ) -> Result<Written, ApiError> {
        let object = self.shared_object(object)?.clone();
        let writes = self.parse_writes(&object, body_values(body, false)?)?;
        let fresh = StoredRecord::new(self.new_id(), None);
        let actor = self.token_actor();
        let record_id = self.apply_in_place(
            &object,
            None,
            Some(fresh),
            writes,
            &WriteMode::Create,
            actor,
        )?;
        Ok(Written { object, record_id })
    }

    /// Creates a record with a caller-chosen id (any string, even a malformed UUID), e.g. to
    /// reproduce documented examples. Normal validation applies; values are written by the
    /// `system` actor.
    pub fn seed(
        &mut self,
        object: &str,
        record_id: &str,
        values: &Value,
    ) -> Result<Value, ApiError> {
        let object = self.shared_object(object)?.clone();
        if self
            .table(&object.api_slug)
            .and_then(|t| t.get(record_id))
            .is_some()
        {
            return Err(ApiError::uniqueness_conflict(format!(
                "Record with ID \"{record_id}\" already exists."
            )));
        }
        let map = values
            .as_object()
            .ok_or_else(|| ApiError::wrong_type(&["data", "values"], "object", values))?;
        let writes = self.parse_writes(&object, map)?;
        let actor = system_actor();
        let record = self.apply(
            &object,
            None,
            Some(StoredRecord::new(record_id.to_owned(), None)),
            writes,
            &WriteMode::Create,
            actor,
        )?;
        Ok(self.record_json(&object, &record))
    }

    /// `PUT /v2/objects/{object}/records?matching_attribute=`.
    pub fn assert_record(
        &mut self,
        object: &str,
        matching: Option<&str>,
        body: &Value,
    ) -> Result<Value, ApiError> {
        let written = self.assert_written(object, matching, body)?;
        self.written_json(&written)
    }

    /// [`Store::assert_record`], the record as written.
    pub(crate) fn assert_written(
        &mut self,
        object: &str,
        matching: Option<&str>,
        body: &Value,
    ) -> Result<Written, ApiError> {
        let object = self.shared_object(object)?.clone();
        let matching = matching.ok_or_else(|| {
            ApiError::validation(&["matching_attribute"], "invalid_type", "Required")
        })?;
        let attr = object.attribute(matching).ok_or_else(|| {
            ApiError::value_not_found(format!(
                "No attribute was found for matching_attribute \"{matching}\"."
            ))
        })?;
        if !attr.is_unique {
            return Err(ApiError::matching_not_unique());
        }
        let slug = attr.api_slug.clone();
        let writes = self.parse_writes(&object, body_values(body, true)?)?;
        let identities: Vec<String> = writes
            .iter()
            .filter(|w| w.attr.api_slug == slug)
            .flat_map(|w| w.values.iter().map(|v| v.identity.clone()))
            .collect();
        if identities.is_empty() {
            return Err(ApiError::missing_value(format!(
                "The matching attribute \"{slug}\" must be given a value in data.values."
            )));
        }
        let mut found = self.find_matching(&object.api_slug, &slug, &identities);
        let actor = self.token_actor();
        let mode = WriteMode::Assert { matching: slug };
        let record_id = match found.len() {
            0 => {
                let fresh = StoredRecord::new(self.new_id(), None);
                self.apply_in_place(&object, None, Some(fresh), writes, &mode, actor)?
            }
            1 => {
                let existing = self.record(&object.api_slug, &found.remove(0))?.clone();
                self.apply_in_place(&object, Some(existing), None, writes, &mode, actor)?
            }
            n => {
                return Err(ApiError::multiple_matches(format!(
                    "Found {n} records matching the matching attribute value; expected at most one."
                )));
            }
        };
        Ok(Written { object, record_id })
    }

    /// `PATCH` (mode [`WriteMode::Append`]) or `PUT` ([`WriteMode::Overwrite`]) of a record by id.
    pub fn update(
        &mut self,
        object: &str,
        record_id: &str,
        body: &Value,
        mode: WriteMode,
    ) -> Result<Value, ApiError> {
        let written = self.update_written(object, record_id, body, mode)?;
        self.written_json(&written)
    }

    /// [`Store::update`], the record as written.
    pub(crate) fn update_written(
        &mut self,
        object: &str,
        record_id: &str,
        body: &Value,
        mode: WriteMode,
    ) -> Result<Written, ApiError> {
        let object = self.shared_object(object)?.clone();
        let existing = self.record(&object.api_slug, record_id)?.clone();
        let writes = self.parse_writes(&object, body_values(body, true)?)?;
        let actor = self.token_actor();
        let record_id = self.apply_in_place(&object, Some(existing), None, writes, &mode, actor)?;
        Ok(Written { object, record_id })
    }

    /// `DELETE /v2/objects/{object}/records/{record_id}`; relationship inverses are unlinked.
    pub fn delete(&mut self, object: &str, record_id: &str) -> Result<(), ApiError> {
        let object = self.shared_object(object)?.clone();
        self.record(&object.api_slug, record_id)?;
        if let Some(removed) = self.table_mut(&object.api_slug).remove(record_id) {
            self.sync_relationships(&object, record_id, Some(&removed), None);
        }
        let entries = self.remove_entries_of(&object.api_slug, record_id);
        self.commit_write()?;
        let actor = self.token_actor();
        self.emit_record("record.deleted", &object, record_id, &actor);
        for (list, entry) in entries {
            self.emit_entry("list-entry.deleted", &list, &entry, None, &actor);
        }
        Ok(())
    }

    pub(crate) fn token_actor(&self) -> Arc<Actor> {
        self.token_actor.clone()
    }

    /// [`Store::apply_in_place`], returning a copy of the record as stored.
    pub(crate) fn apply(
        &mut self,
        object: &ObjectDef,
        existing: Option<StoredRecord>,
        fresh: Option<StoredRecord>,
        writes: Vec<Write>,
        mode: &WriteMode,
        actor: Arc<Actor>,
    ) -> Result<StoredRecord, ApiError> {
        let id = self.apply_in_place(object, existing, fresh, writes, mode, actor)?;
        Ok(self.record(&object.api_slug, &id)?.clone())
    }

    /// Applies `writes` to `existing` (or to `fresh`, a new record), checks required and
    /// unique attributes, stores the result and updates relationship inverses. Returns the
    /// record's id (the record is moved into its table, not copied).
    pub(crate) fn apply_in_place(
        &mut self,
        object: &ObjectDef,
        existing: Option<StoredRecord>,
        fresh: Option<StoredRecord>,
        mut writes: Vec<Write>,
        mode: &WriteMode,
        actor: Arc<Actor>,
    ) -> Result<String, ApiError> {
        let now = clock::now_shared();
        let creating = existing.is_none();
        let mut record = existing
            .clone()
            .or(fresh)
            .unwrap_or_else(|| StoredRecord::new(String::new(), None));
        // The values are moved into the record (the writes keep their attributes for the
        // checks below).
        let mut fresh_identities = Vec::with_capacity(writes.len());
        for write in &mut writes {
            let append = write.attr.is_multiselect
                && match mode {
                    WriteMode::Append => true,
                    WriteMode::Assert { matching } => *matching == write.attr.api_slug,
                    WriteMode::Create | WriteMode::Overwrite => false,
                };
            let slot = record.values.slot_mut(&write.attr.api_slug);
            let values = std::mem::take(&mut write.values);
            fresh_identities.push(if append {
                prepend(slot, values, &now, &actor)
            } else {
                replace(slot, values, &now, &actor)
            });
        }
        let added: Vec<(&AttributeDef, Vec<String>)> = writes
            .iter()
            .map(|w| &w.attr)
            .zip(fresh_identities)
            .collect();
        self.check_required(object, &record, creating, &writes)?;
        self.check_unique(object, &record.id, &added)?;
        let record_id = record.id.clone();
        let links = link_changes(object, existing.as_ref(), Some(&record));
        let table = self.table_mut(&object.api_slug);
        if creating {
            table.insert(record)?;
        } else {
            table.upsert(record);
        }
        self.apply_link_changes(object, &record_id, links);
        self.commit_write()?;
        // Events name the record as stored (relationship sync may have touched it: self
        // references); the copy is made only when an event can be delivered.
        if self.listening()
            && let Ok(stored) = self.record(&object.api_slug, &record_id).cloned()
        {
            self.emit_write(object, existing.as_ref(), &stored, &actor);
        }
        Ok(record_id)
    }

    fn check_required(
        &self,
        object: &ObjectDef,
        record: &StoredRecord,
        creating: bool,
        writes: &[Write],
    ) -> Result<(), ApiError> {
        let missing = object.attributes.iter().find(|attr| {
            attr.is_required
                && record.current(&attr.api_slug).is_empty()
                && (creating || writes.iter().any(|w| w.attr.api_slug == attr.api_slug))
        });
        match missing {
            Some(attr) => Err(ApiError::missing_value(format!(
                "Required value for attribute with ID \"{}\" (\"{}\") was not provided.",
                attr.id, attr.api_slug
            ))),
            None => Ok(()),
        }
    }

    fn check_unique(
        &self,
        object: &ObjectDef,
        record_id: &str,
        added: &[(&AttributeDef, Vec<String>)],
    ) -> Result<(), ApiError> {
        for (attr, identities) in added {
            if !attr.is_unique || identities.is_empty() {
                continue;
            }
            let clash = self
                .find_matching(&object.api_slug, &attr.api_slug, identities)
                .into_iter()
                .find(|id| id != record_id);
            if let Some(other) = clash {
                return Err(ApiError::uniqueness_conflict(format!(
                    "The value provided for attribute with ID \"{}\" (\"{}\") conflicts with one already in the system (record \"{other}\").",
                    attr.id, attr.api_slug
                )));
            }
        }
        Ok(())
    }
}

fn new_value(value: Normalised, now: &Arc<str>, actor: &Arc<Actor>) -> StoredValue {
    StoredValue {
        active_from: now.clone(),
        active_until: None,
        actor: actor.clone(),
        fields: value.fields,
        identity: value.identity,
    }
}

/// Multi-value PATCH: values not already present are prepended in request order.
/// Returns the identities that were added.
fn prepend(
    slot: &mut Slot,
    values: Vec<Normalised>,
    now: &Arc<str>,
    actor: &Arc<Actor>,
) -> Vec<String> {
    let fresh: Vec<StoredValue> = values
        .into_iter()
        .filter(|v| !slot.current.iter().any(|c| c.identity == v.identity))
        .map(|v| new_value(v, now, actor))
        .collect();
    let added = fresh.iter().map(|v| v.identity.clone()).collect();
    slot.current.prepend(fresh);
    added
}

/// Overwrite: the current values become exactly `values` (in request order). Values that
/// are unchanged keep their `active_from`; removed ones are closed with `active_until`.
/// Returns the identities that were added.
fn replace(
    slot: &mut Slot,
    values: Vec<Normalised>,
    now: &Arc<str>,
    actor: &Arc<Actor>,
) -> Vec<String> {
    let keep: HashSet<&str> = values.iter().map(|v| v.identity.as_str()).collect();
    close_where(slot, now, |v| !keep.contains(v.identity.as_str()));
    let mut previous = slot.current.take_all();
    let mut added = Vec::new();
    for value in values {
        match previous.iter().position(|p| p.identity == value.identity) {
            Some(index) => slot.current.push(previous.swap_remove(index)),
            None => {
                added.push(value.identity.clone());
                slot.current.push(new_value(value, now, actor));
            }
        }
    }
    added
}
