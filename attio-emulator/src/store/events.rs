//! The events a write produces, in the shape of Attio's webhook reference
//! (<https://docs.attio.com/rest-api/webhook-reference>): `record.created` and
//! `record.deleted` name the record; `record.updated` names one attribute, so a write that
//! changes three attributes produces three. The inverse side of a relationship changed by
//! a write produces its own `record.updated`, by the `system` actor.
//!
//! Writes leave their events in the store's outbox; the HTTP layer takes them after the
//! write and hands them to the webhook deliverer, outside the store lock. While no webhook
//! is registered no event can be delivered, so none is built (the store holds every
//! webhook the registry has: see [`Store::save_webhooks`]).

use serde_json::{Value, json};

use super::{Actor, Store, StoredRecord};
use crate::schema::ObjectDef;

/// The most events the outbox holds; a write touching more records than this (it cannot,
/// today) would lose the oldest. Bounds memory if no one ever takes them.
const OUTBOX_CAPACITY: usize = 100_000;

impl Store {
    /// The events produced since the last call, oldest first.
    pub(crate) fn take_events(&mut self) -> Vec<Value> {
        std::mem::take(&mut self.outbox)
    }

    /// Whether a webhook is registered, i.e. whether an event could be delivered.
    pub(super) fn listening(&self) -> bool {
        !self.webhooks.is_empty()
    }

    fn emit(&mut self, event: Value) {
        if self.outbox.len() >= OUTBOX_CAPACITY {
            self.outbox.remove(0);
        }
        self.outbox.push(event);
    }

    /// The events of a write that made `before` (absent: created) into `after`: record
    /// events for a record, list-entry events for an entry (`object` is then its list).
    pub(crate) fn emit_write(
        &mut self,
        object: &ObjectDef,
        before: Option<&StoredRecord>,
        after: &StoredRecord,
        actor: &Actor,
    ) {
        if !self.listening() {
            return;
        }
        match (&after.parent, before) {
            (None, None) => self.emit_record("record.created", object, &after.id, actor),
            (None, Some(before)) => self.emit_updates(object, before, after, actor),
            (Some(_), None) => self.emit_entry("list-entry.created", object, after, None, actor),
            (Some(_), Some(before)) => {
                for attribute in &object.attributes {
                    if identities(before, &attribute.api_slug)
                        != identities(after, &attribute.api_slug)
                    {
                        let id = attribute.id.as_str();
                        self.emit_entry("list-entry.updated", object, after, Some(id), actor);
                    }
                }
            }
        }
    }

    /// A `list-entry.*` event: `id` names the list and entry (and the attribute for
    /// `list-entry.updated`), beside the parent's object id and record id.
    pub(crate) fn emit_entry(
        &mut self,
        event_type: &str,
        list: &ObjectDef,
        entry: &StoredRecord,
        attribute_id: Option<&str>,
        actor: &Actor,
    ) {
        if !self.listening() {
            return;
        }
        let Some(parent) = &entry.parent else { return };
        let parent_object_id = self
            .object(&parent.object)
            .map(|o| o.id.clone())
            .unwrap_or_default();
        let mut id = json!({
            "workspace_id": self.workspace.id,
            "list_id": list.id,
            "entry_id": entry.id,
        });
        if let Some(attribute_id) = attribute_id {
            id["attribute_id"] = json!(attribute_id);
        }
        let event = json!({
            "event_type": event_type,
            "id": id,
            "parent_object_id": parent_object_id,
            "parent_record_id": parent.record_id,
            "actor": actor_json(actor),
        });
        self.emit(event);
    }

    /// `list.created` or `list.updated`.
    pub(crate) fn emit_list(&mut self, event_type: &str, list_id: &str, actor: &Actor) {
        if !self.listening() {
            return;
        }
        let event = json!({
            "event_type": event_type,
            "id": {"workspace_id": self.workspace.id, "list_id": list_id},
            "actor": actor_json(actor),
        });
        self.emit(event);
    }

    /// `record.created` or `record.deleted`.
    pub(crate) fn emit_record(
        &mut self,
        event_type: &str,
        object: &ObjectDef,
        record_id: &str,
        actor: &Actor,
    ) {
        if !self.listening() {
            return;
        }
        let event = json!({
            "event_type": event_type,
            "id": {
                "workspace_id": self.workspace.id,
                "object_id": object.id,
                "record_id": record_id,
            },
            "actor": actor_json(actor),
        });
        self.emit(event);
    }

    /// One `record.updated` per attribute whose current values differ between `before`
    /// and `after`.
    pub(crate) fn emit_updates(
        &mut self,
        object: &ObjectDef,
        before: &StoredRecord,
        after: &StoredRecord,
        actor: &Actor,
    ) {
        if !self.listening() {
            return;
        }
        for attribute in &object.attributes {
            if identities(before, &attribute.api_slug) != identities(after, &attribute.api_slug) {
                self.emit_attribute_update(object, &after.id, &attribute.id, actor);
            }
        }
    }

    /// `record.updated` for one attribute of one record.
    pub(crate) fn emit_attribute_update(
        &mut self,
        object: &ObjectDef,
        record_id: &str,
        attribute_id: &str,
        actor: &Actor,
    ) {
        if !self.listening() {
            return;
        }
        self.emit_updated(&object.id, record_id, attribute_id, actor);
    }

    /// `record.updated` for one attribute of the record `object_id/record_id`.
    fn emit_updated(
        &mut self,
        object_id: &str,
        record_id: &str,
        attribute_id: &str,
        actor: &Actor,
    ) {
        let event = json!({
            "event_type": "record.updated",
            "id": {
                "workspace_id": self.workspace.id,
                "object_id": object_id,
                "record_id": record_id,
                "attribute_id": attribute_id,
            },
            "actor": actor_json(actor),
        });
        self.emit(event);
    }

    /// `record.updated` by the `system` actor for `object/record_id.slug`, the inverse side
    /// of a relationship a write changed.
    pub(crate) fn emit_inverse_update(&mut self, object: &str, record_id: &str, slug: &str) {
        if !self.listening() {
            return;
        }
        let Ok(def) = self.object(object) else { return };
        let Some(attribute) = def.attribute(slug) else {
            return;
        };
        let (object_id, attribute_id) = (def.id.clone(), attribute.id.clone());
        let system = Actor {
            kind: "system".to_owned(),
            id: None,
        };
        self.emit_updated(&object_id, record_id, &attribute_id, &system);
    }
}

fn identities<'r>(record: &'r StoredRecord, slug: &str) -> Vec<&'r str> {
    record
        .current(slug)
        .iter()
        .map(|value| value.identity.as_str())
        .collect()
}

/// An actor as events show it: `{"type", "id"}`.
pub(crate) fn actor_json(actor: &Actor) -> Value {
    json!({"type": actor.kind, "id": actor.id})
}
