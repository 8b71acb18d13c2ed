//! Record references: resolving the write forms to an existing record, and keeping the two
//! halves of a relationship (e.g. `users.person` ⇄ `people.associated_users`) each other's inverse.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::fields::Fields;
use super::values::At;
use super::{Slot, Store, StoredRecord, StoredValue, Table, clock, system_actor};
use crate::error::ApiError;
use crate::schema::{AttributeDef, AttributeType, Inverse, ObjectDef};

/// The attribute a plain-string reference matches on, per standard object.
const SHORTHAND: &[(&str, &str)] = &[
    ("companies", "domains"),
    ("people", "email_addresses"),
    ("users", "user_id"),
    ("workspaces", "workspace_id"),
];

impl Store {
    /// Record ids of `object` whose current values of `slug` include one of `identities`.
    pub(crate) fn find_matching(
        &self,
        object: &str,
        slug: &str,
        identities: &[String],
    ) -> Vec<String> {
        self.table(object)
            .map(|t| {
                t.find(slug, identities)
                    .into_iter()
                    .map(|r| r.id.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Finds exactly one record of `object` by a matching attribute's write value(s).
    fn find_one(&self, object: &ObjectDef, slug: &str, raw: &Value) -> Result<String, ApiError> {
        let attr = object.attribute(slug).ok_or_else(|| {
            ApiError::value_not_found(format!(
                "Cannot find attribute with slug/ID \"{slug}\" on object \"{}\".",
                object.api_slug
            ))
        })?;
        let items: Vec<&Value> = match raw {
            Value::Array(items) => items.iter().collect(),
            single => vec![single],
        };
        let mut identities = Vec::new();
        for item in items {
            identities.push(self.normalise(&object.id, attr, item)?.identity);
        }
        let mut found = self.find_matching(&object.api_slug, &attr.api_slug, &identities);
        match found.len() {
            0 => Err(ApiError::value_not_found(format!(
                "No \"{}\" record matches the given \"{}\" value.",
                object.api_slug, attr.api_slug
            ))),
            1 => Ok(found.remove(0)),
            _ => Err(ApiError::multiple_matches(format!(
                "More than one \"{}\" record matches the given \"{}\" value.",
                object.api_slug, attr.api_slug
            ))),
        }
    }

    /// Normalises a record-reference write value into `{target_object, target_record_id}`.
    pub(crate) fn reference(
        &self,
        attr: &AttributeDef,
        raw: &Value,
        at: &At<'_>,
    ) -> Result<Map<String, Value>, ApiError> {
        let allowed = |object: &ObjectDef| {
            attr.target_objects.is_empty() || attr.target_objects.contains(&object.api_slug)
        };
        let (target, id) = match raw {
            Value::String(text) => {
                let [only] = attr.target_objects.as_slice() else {
                    return Err(ApiError::wrong_type(
                        &["data", "values", at.slug],
                        "object",
                        raw,
                    ));
                };
                let (object_slug, slug) =
                    SHORTHAND.iter().find(|(o, _)| o == only).ok_or_else(|| {
                        ApiError::wrong_type(&["data", "values", at.slug], "object", raw)
                    })?;
                let object = self.object(object_slug)?;
                (
                    object,
                    self.find_one(object, slug, &Value::String(text.clone()))?,
                )
            }
            Value::Object(map) => {
                let target = match map.get("target_object") {
                    Some(Value::String(t)) => t,
                    other => {
                        return Err(ApiError::wrong_type(
                            &["data", "values", at.slug, "target_object"],
                            "string",
                            other.unwrap_or(&Value::Null),
                        ));
                    }
                };
                let object = self.object(target).map_err(|_| {
                    ApiError::value_not_found(format!(
                        "Object with slug/ID \"{target}\" not found."
                    ))
                })?;
                if !allowed(object) {
                    return Err(ApiError::validation(
                        &["data", "values", at.slug, "target_object"],
                        "invalid_value",
                        format!(
                            "Attribute \"{}\" cannot reference \"{}\" records",
                            attr.api_slug, object.api_slug
                        ),
                    ));
                }
                let id = match map.get("target_record_id") {
                    Some(Value::String(id)) => {
                        self.record(&object.api_slug, id).map_err(|_| {
                            ApiError::value_not_found(format!(
                                "Record with ID \"{id}\" not found in object \"{}\".",
                                object.api_slug
                            ))
                        })?;
                        id.clone()
                    }
                    Some(other) => {
                        return Err(ApiError::wrong_type(
                            &["data", "values", at.slug, "target_record_id"],
                            "string",
                            other,
                        ));
                    }
                    None => {
                        let mut keys = map.iter().filter(|(k, _)| k.as_str() != "target_object");
                        match (keys.next(), keys.next()) {
                            (Some((slug, value)), None) => self.find_one(object, slug, value)?,
                            _ => {
                                return Err(ApiError::validation(
                                    &["data", "values", at.slug],
                                    "invalid_value",
                                    "A reference needs target_record_id or exactly one matching attribute",
                                ));
                            }
                        }
                    }
                };
                (object, id)
            }
            other => {
                return Err(ApiError::wrong_type(
                    &["data", "values", at.slug],
                    "object",
                    other,
                ));
            }
        };
        let mut fields = Map::new();
        fields.insert("target_object".to_owned(), json!(target.api_slug));
        fields.insert("target_record_id".to_owned(), json!(id));
        Ok(fields)
    }

    /// After `before` became `after` (either may be absent: create / delete), updates the
    /// inverse side of every relationship attribute of `object` that changed.
    pub(crate) fn sync_relationships(
        &mut self,
        object: &ObjectDef,
        record_id: &str,
        before: Option<&StoredRecord>,
        after: Option<&StoredRecord>,
    ) {
        let changes = link_changes(object, before, after);
        self.apply_link_changes(object, record_id, changes);
    }

    /// Makes the inverse sides follow [`link_changes`] of `object/record_id`: per
    /// attribute, the targets gone are unlinked, then the added ones linked.
    pub(crate) fn apply_link_changes(
        &mut self,
        object: &ObjectDef,
        record_id: &str,
        changes: Vec<LinkChange<'_>>,
    ) {
        for change in changes {
            let inverse = change.inverse;
            for gone in &change.gone {
                self.unlink(
                    &inverse.object,
                    gone,
                    &inverse.attribute,
                    &object.api_slug,
                    record_id,
                );
            }
            for added in &change.added {
                self.link(
                    &inverse.object,
                    added,
                    &inverse.attribute,
                    &object.api_slug,
                    record_id,
                );
            }
        }
    }

    /// Closes the values of `object/record_id.slug` that point at `target_object/target_id`.
    /// Only the closed values leave the value index; the others are not touched.
    fn unlink(
        &mut self,
        object: &str,
        record_id: &str,
        slug: &str,
        target_object: &str,
        target_id: &str,
    ) {
        let identity = reference_identity(target_object, target_id);
        let table = self.table_mut(object);
        if !table.holds(record_id, slug, &identity) {
            return;
        }
        let now = clock::now_shared();
        table.close_values(record_id, slug, &now, Some(&identity));
        self.emit_inverse_update(object, record_id, slug);
    }

    /// Makes `object/record_id.slug` point at `source_object/source_id` (the inverse side of a
    /// write). A single-value inverse that pointed elsewhere is re-pointed, and the record it
    /// pointed at loses its forward value. A new link is appended to the current values and
    /// indexed on its own, so its cost does not grow with the number of links the record
    /// already has (a workspace with thousands of users).
    fn link(
        &mut self,
        object: &str,
        record_id: &str,
        slug: &str,
        source_object: &str,
        source_id: &str,
    ) {
        let Ok(def) = self.object(object) else { return };
        let Some(attr) = def.attribute(slug) else {
            return;
        };
        let (multiselect, forward) = (attr.is_multiselect, attr.inverse.clone());
        let identity = reference_identity(source_object, source_id);
        let table = self.table_mut(object);
        if table.get(record_id).is_none() || table.holds(record_id, slug, &identity) {
            return;
        }
        let now = clock::now_shared();
        let mut displaced = Vec::new();
        if !multiselect {
            if let Some(record) = table.get(record_id) {
                displaced = record
                    .current(slug)
                    .iter()
                    .filter_map(|v| v.fields.get("target_record_id").and_then(Value::as_str))
                    .map(str::to_owned)
                    .collect();
            }
            table.close_values(record_id, slug, &now, None);
        }
        let mut fields = Fields::default();
        fields.insert("target_object", json!(source_object));
        fields.insert("target_record_id", json!(source_id));
        let value = StoredValue {
            active_from: now,
            active_until: None,
            actor: system_actor(),
            fields,
            identity,
        };
        table.push_value(record_id, slug, value);
        self.emit_inverse_update(object, record_id, slug);
        if let Some(forward) = forward {
            for other in displaced {
                if other != source_id {
                    self.unlink(
                        &forward.object,
                        &other,
                        &forward.attribute,
                        object,
                        record_id,
                    );
                }
            }
        }
    }
}

/// The value identity of a reference to `object/record_id` (what `values::identity` gives
/// for its read fields), computed without building the fields.
fn reference_identity(object: &str, record_id: &str) -> String {
    let mut fields = Fields::default();
    fields.insert("target_object", json!(object));
    fields.insert("target_record_id", json!(record_id));
    super::values::identity(&AttributeType::RecordReference, &fields)
}

/// Changes to one attribute of one record that keep the value index right by touching only
/// the values that change (re-indexing the whole record would cost as much as the record has
/// values: a workspace's inverse `users` list).
impl Table {
    /// Whether `id`'s current values of `slug` include one with this identity (O(1), from
    /// the value index).
    fn holds(&self, id: &str, slug: &str, identity: &str) -> bool {
        let Some(key) = self.index.get(id) else {
            return false;
        };
        self.by_value
            .get(slug)
            .and_then(|by_identity| by_identity.get(identity))
            .is_some_and(|keys| keys.contains(key))
    }

    /// Appends a current value to `id.slug` and indexes it. `false` when `id` is absent.
    fn push_value(&mut self, id: &str, slug: &str, value: StoredValue) -> bool {
        let Some(key) = self.index.get(id).copied() else {
            return false;
        };
        let Some(record) = self.rows.get_mut(&key) else {
            return false;
        };
        self.changed.insert(id.to_owned());
        self.by_value
            .entry(slug.to_owned())
            .or_default()
            .entry(value.identity.clone())
            .or_default()
            .insert(key);
        record.values.slot_mut(slug).current.push(value);
        true
    }

    /// Moves the current values of `id.slug` with this identity (all of them when `None`)
    /// to history, closed at `now`, and takes them out of the value index. Closing one
    /// identity is amortised O(1) however many values the slot holds.
    fn close_values(&mut self, id: &str, slug: &str, now: &Arc<str>, identity: Option<&str>) {
        let Some(key) = self.index.get(id).copied() else {
            return;
        };
        let Some(slot) = self
            .rows
            .get_mut(&key)
            .and_then(|record| record.values.get_mut(slug))
        else {
            return;
        };
        self.changed.insert(id.to_owned());
        let closed = match identity {
            Some(identity) => slot.current.remove(identity),
            None => slot.current.take_all(),
        };
        let mut by_identity = self.by_value.get_mut(slug);
        for mut value in closed {
            if let Some(by_identity) = by_identity.as_deref_mut()
                && let Some(keys) = by_identity.get_mut(&value.identity)
            {
                keys.remove(&key);
                if keys.is_empty() {
                    by_identity.remove(&value.identity);
                }
            }
            value.active_until = Some(now.clone());
            slot.historic.push(value);
        }
    }
}

/// Moves the current values matching `pred` to history, closed at `now`.
pub(crate) fn close_where(slot: &mut Slot, now: &Arc<str>, pred: impl Fn(&StoredValue) -> bool) {
    for mut value in slot.current.remove_where(pred) {
        value.active_until = Some(now.clone());
        slot.historic.push(value);
    }
}

/// What one relationship attribute's write changes on the inverse side.
pub(crate) struct LinkChange<'o> {
    inverse: &'o Inverse,
    /// Target record ids no longer pointed at, then newly pointed at (sorted).
    gone: Vec<String>,
    added: Vec<String>,
}

/// The inverse links a record of `object` going from `before` to `after` breaks and makes,
/// per relationship attribute that changed. Computed from the two records alone, so a
/// write can work it out before it moves the new record into its table.
pub(crate) fn link_changes<'o>(
    object: &'o ObjectDef,
    before: Option<&StoredRecord>,
    after: Option<&StoredRecord>,
) -> Vec<LinkChange<'o>> {
    let targets = |record: Option<&StoredRecord>, slug: &str| -> BTreeSet<String> {
        record
            .map(|r| {
                r.current(slug)
                    .iter()
                    .filter_map(|v| {
                        v.fields
                            .get("target_record_id")
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut changes = Vec::new();
    for attr in &object.attributes {
        let Some(inverse) = &attr.inverse else {
            continue;
        };
        let old = targets(before, &attr.api_slug);
        let new = targets(after, &attr.api_slug);
        let gone: Vec<String> = old.difference(&new).cloned().collect();
        let added: Vec<String> = new.difference(&old).cloned().collect();
        if !gone.is_empty() || !added.is_empty() {
            changes.push(LinkChange {
                inverse,
                gone,
                added,
            });
        }
    }
    changes
}
