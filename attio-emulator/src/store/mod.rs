//! The emulator's state: objects, records and their values, behind one type whose methods
//! carry Attio's rules. Handlers lock it, call one method, and render the result.

mod clock;
pub(crate) mod current;
mod entries;
mod events;
mod fields;
mod formats;
mod holders;
mod lists;
mod object_rename;
mod object_write;
mod persist;
mod query;
mod read;
mod record_view;
mod relations;
mod relationship_write;
mod schema_write;
mod search;
mod slots;
mod snapshot;
#[cfg(test)]
mod tests;
mod values;
mod wal;
pub(crate) mod whole;
mod write;

pub(crate) use clock::now;
pub use persist::write_log_path;
pub(crate) use record_view::Written;
pub(crate) use snapshot::write_atomically;
pub use write::WriteMode;

use crate::webhooks::SavedWebhook;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::ApiError;
use crate::schema::{self, ObjectDef, ObjectSpec};

/// Who wrote a value (`created_by_actor`). Stored values share one per actor (`Arc`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Actor {
    /// `api-token`, `workspace-member`, `system` or `app`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The actor's id.
    pub id: Option<String>,
}

/// One value of one attribute, current (`active_until` = None) or historic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StoredValue {
    /// Shared by the values one write stamped (see [`clock::now_shared`]).
    pub active_from: Arc<str>,
    pub active_until: Option<Arc<str>>,
    pub actor: Arc<Actor>,
    /// The type-specific read fields (without `attribute_type` and the common fields).
    pub fields: fields::Fields,
    /// What makes two values of this attribute the same (see `values::identity`).
    pub identity: String,
}

/// The values of one attribute on one record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Slot {
    /// Current values in display order.
    pub current: current::Current,
    /// Closed values, in the order they were closed.
    pub historic: Vec<StoredValue>,
}

/// One record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StoredRecord {
    pub id: String,
    pub created_at: String,
    /// Keyed by attribute slug.
    pub values: slots::Slots,
    /// For a list entry: the record it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<EntryParent>,
}

/// The parent record of a list entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct EntryParent {
    /// The parent object's slug.
    pub object: String,
    pub record_id: String,
}

impl StoredRecord {
    /// A record (or entry) without values yet, created now.
    pub fn new(id: String, parent: Option<EntryParent>) -> Self {
        Self {
            id,
            created_at: clock::now(),
            values: slots::Slots::default(),
            parent,
        }
    }

    /// The current values of an attribute (empty when none).
    pub fn current(&self, slug: &str) -> &current::Current {
        self.values
            .get(slug)
            .map_or(&current::NO_VALUES, |s| &s.current)
    }
}

/// The records of one object in creation order, with an id index and a value index
/// (attribute slug → value identity → records holding it as a current value) so that
/// asserts, uniqueness checks and references by matching attribute do not scan the table.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Table {
    next: u64,
    rows: BTreeMap<u64, StoredRecord>,
    #[serde(skip)]
    index: HashMap<String, u64>,
    #[serde(skip)]
    by_value: HashMap<String, HashMap<String, holders::Holders>>,
    /// Ids of the records inserted, changed or removed since [`Table::take_changed`] was
    /// last called: what the write log records for a write.
    #[serde(skip)]
    changed: BTreeSet<String>,
}

impl Table {
    fn rebuild_index(&mut self) {
        self.index = self.rows.iter().map(|(k, r)| (r.id.clone(), *k)).collect();
        self.by_value.clear();
        let rows = std::mem::take(&mut self.rows);
        for (key, record) in &rows {
            self.index_values(*key, record, true);
        }
        self.rows = rows;
    }

    /// Adds (or removes) `record`'s current values to (from) the value index under `key`.
    fn index_values(&mut self, key: u64, record: &StoredRecord, add: bool) {
        for (slug, slot) in &record.values {
            if slot.current.is_empty() {
                continue;
            }
            // Looked up before inserting: `entry` would take (copy) the slug on every call.
            if add && !self.by_value.contains_key(slug) {
                self.by_value.insert(slug.clone(), HashMap::new());
            }
            let Some(by_identity) = self.by_value.get_mut(slug) else {
                continue;
            };
            for value in &slot.current {
                if add {
                    by_identity
                        .entry(value.identity.clone())
                        .or_default()
                        .insert(key);
                } else if let Some(keys) = by_identity.get_mut(&value.identity) {
                    keys.remove(&key);
                    if keys.is_empty() {
                        by_identity.remove(&value.identity);
                    }
                }
            }
        }
    }

    /// Moves every record's values of attribute `old` to `new` (an attribute renamed).
    pub fn rename_slug(&mut self, old: &str, new: &str) {
        for record in self.rows.values_mut() {
            if let Some(slot) = record.values.remove(old) {
                record.values.insert(new.to_owned(), slot);
                self.changed.insert(record.id.clone());
            }
        }
        self.rebuild_index();
    }

    pub fn get(&self, id: &str) -> Option<&StoredRecord> {
        self.index.get(id).and_then(|k| self.rows.get(k))
    }

    /// Inserts a new record. An id that is already stored is an internal error, never an
    /// overwrite: ids come from a generator that must not repeat, and a repeat would
    /// silently replace another record.
    pub fn insert(&mut self, record: StoredRecord) -> Result<(), ApiError> {
        if self.index.contains_key(&record.id) {
            return Err(ApiError::internal(format!(
                "Refusing to overwrite record \"{}\": a new record was given an id that is already stored.",
                record.id
            )));
        }
        self.upsert(record);
        Ok(())
    }

    /// Stores `record` as the current state of its id, in place when the id is stored. Only
    /// for a record read from this table (an update) and for replaying the write log; new
    /// records go through [`Table::insert`].
    pub fn upsert(&mut self, record: StoredRecord) {
        let key = match self.index.get(&record.id) {
            Some(key) => *key,
            None => {
                let key = self.next;
                self.next += 1;
                self.index.insert(record.id.clone(), key);
                key
            }
        };
        if let Some(old) = self.rows.remove(&key) {
            self.index_values(key, &old, false);
        }
        self.index_values(key, &record, true);
        self.changed.insert(record.id.clone());
        self.rows.insert(key, record);
    }

    pub fn remove(&mut self, id: &str) -> Option<StoredRecord> {
        let key = self.index.remove(id)?;
        let record = self.rows.remove(&key)?;
        self.index_values(key, &record, false);
        self.changed.insert(record.id.clone());
        Some(record)
    }

    /// The ids changed since the last call (see [`Table::changed`]), forgetting them.
    pub fn take_changed(&mut self) -> BTreeSet<String> {
        std::mem::take(&mut self.changed)
    }

    /// Records whose current values of `slug` include one of `identities`, creation order.
    pub fn find(&self, slug: &str, identities: &[String]) -> Vec<&StoredRecord> {
        let Some(by_identity) = self.by_value.get(slug) else {
            return Vec::new();
        };
        let keys: BTreeSet<u64> = identities
            .iter()
            .filter_map(|identity| by_identity.get(identity))
            .flat_map(holders::Holders::iter)
            .copied()
            .collect();
        keys.iter().filter_map(|k| self.rows.get(k)).collect()
    }

    pub fn iter(&self) -> impl Iterator<Item = &StoredRecord> {
        self.rows.values()
    }
}

/// The workspace identity the emulator answers as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Workspace {
    pub id: String,
    pub slug: String,
    pub name: String,
    /// Id of the API token actor (`created_by_actor.id` of API writes).
    pub token_id: String,
    /// The single workspace member (the token's creator).
    pub member_id: String,
    pub member_email: String,
}

impl Workspace {
    /// The API token's actor, which writes through the API are stamped with.
    fn token_actor(&self) -> Arc<Actor> {
        Arc::new(Actor {
            kind: "api-token".to_owned(),
            id: Some(self.token_id.clone()),
        })
    }
}

/// The `system` actor (seeded values, relationship inverses), one for every value it wrote.
pub(crate) fn system_actor() -> Arc<Actor> {
    static SYSTEM: std::sync::LazyLock<Arc<Actor>> = std::sync::LazyLock::new(|| {
        Arc::new(Actor {
            kind: "system".to_owned(),
            id: None,
        })
    });
    SYSTEM.clone()
}

/// The in-memory Attio: objects, attributes, records.
#[derive(Debug)]
pub struct Store {
    pub(crate) workspace: Workspace,
    /// [`Workspace::token_actor`], made once and shared by every value the token writes.
    token_actor: Arc<Actor>,
    /// Shared, so a write holds its object's schema without copying it (a schema change
    /// copies the one it changes, `Arc::make_mut`).
    pub(crate) objects: Vec<Arc<ObjectDef>>,
    pub(crate) tables: BTreeMap<String, Table>,
    /// The id generator. A persisted store saves its state and continues from it, so ids
    /// never repeat across restarts while a fresh store with the same seed still gives the
    /// same ids (deterministic tests).
    rng: fastrand::Rng,
    writes_applied: u64,
    /// Sequence number of the last write logged (0 = none), saved in the snapshot so that
    /// replaying the log skips what the snapshot already holds.
    log_seq: u64,
    /// The snapshot file and write log of a persisted store.
    durable: Option<persist::Durable>,
    /// Webhook events of the writes not yet taken by the HTTP layer (see `events`).
    outbox: Vec<Value>,
    /// The lists, in creation order (their entries are in `tables`).
    pub(crate) lists: Vec<lists::ListDef>,
    /// The webhooks as last saved by the registry (see [`Store::save_webhooks`]), so a
    /// persisted store keeps them with its records.
    pub(crate) webhooks: Vec<SavedWebhook>,
    /// What the next logged write must carry besides records (see `persist`).
    pending: persist::Pending,
}

impl Store {
    /// A store with the standard objects plus `extra` specs; ids derive from `seed`.
    pub fn new(extra: &[ObjectSpec], seed: u64) -> Self {
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut new_id = || uuid_from(&mut rng);
        let workspace = Workspace {
            id: new_id(),
            slug: "emulator".to_owned(),
            name: "Attio Emulator".to_owned(),
            token_id: new_id(),
            member_id: new_id(),
            member_email: "owner@example.com".to_owned(),
        };
        let now = clock::now();
        let mut objects: Vec<ObjectDef> = Vec::new();
        for spec in schema::standard_objects().iter().chain(extra) {
            match objects.iter_mut().find(|o| o.api_slug == spec.api_slug) {
                Some(existing) => {
                    for attribute in &spec.attributes {
                        let def = schema::resolve_attribute(attribute, &mut new_id, &now);
                        existing.attributes.retain(|a| a.api_slug != def.api_slug);
                        existing.attributes.push(def);
                    }
                }
                None => objects.push(schema::resolve_object(spec, &mut new_id, &now)),
            }
        }
        schema::link_relationships(&mut objects);
        let objects: Vec<Arc<ObjectDef>> = objects.into_iter().map(Arc::new).collect();
        let tables = objects
            .iter()
            .map(|o| (o.api_slug.clone(), Table::default()))
            .collect();
        Self {
            token_actor: workspace.token_actor(),
            workspace,
            objects,
            tables,
            rng,
            writes_applied: 0,
            log_seq: 0,
            durable: None,
            outbox: Vec::new(),
            lists: Vec::new(),
            webhooks: Vec::new(),
            pending: persist::Pending::default(),
        }
    }

    /// How many writes (create, assert, update, delete) have been applied.
    pub fn writes_applied(&self) -> u64 {
        self.writes_applied
    }

    pub(crate) fn new_id(&mut self) -> String {
        uuid_from(&mut self.rng)
    }

    /// The object with this slug or id, or 404 `not_found`.
    pub(crate) fn object(&self, slug_or_id: &str) -> Result<&ObjectDef, ApiError> {
        self.shared_object(slug_or_id).map(|o| &**o)
    }

    /// [`Store::object`], shared: what a write holds while it changes the store.
    pub(crate) fn shared_object(&self, slug_or_id: &str) -> Result<&Arc<ObjectDef>, ApiError> {
        self.objects
            .iter()
            .find(|o| o.api_slug == slug_or_id || o.id == slug_or_id)
            .ok_or_else(|| {
                ApiError::not_found(format!("Object with slug/ID \"{slug_or_id}\" not found."))
            })
    }

    pub(crate) fn table(&self, object: &str) -> Option<&Table> {
        self.tables.get(object)
    }

    pub(crate) fn table_mut(&mut self, object: &str) -> &mut Table {
        self.tables.entry(object.to_owned()).or_default()
    }

    /// The record or 404 `not_found`.
    pub(crate) fn record(&self, object: &str, id: &str) -> Result<&StoredRecord, ApiError> {
        self.table(object)
            .and_then(|t| t.get(id))
            .ok_or_else(|| ApiError::not_found(format!("Record with ID \"{id}\" not found.")))
    }

    /// `GET /v2/self`.
    pub fn self_json(&self) -> Value {
        let now = jiff::Timestamp::now().as_second();
        serde_json::json!({
            "active": true,
            "scope": "record_permission:read-write object_configuration:read user_management:read",
            "client_id": self.workspace.token_id,
            "token_type": "Bearer",
            "exp": null,
            "iat": now,
            "sub": self.workspace.id,
            "aud": self.workspace.token_id,
            "iss": "attio.com",
            "authorized_by_workspace_member_id": self.workspace.member_id,
            "workspace_id": self.workspace.id,
            "workspace_name": self.workspace.name,
            "workspace_slug": self.workspace.slug,
            "workspace_logo_url": null,
            // Added by Attio after the 2.0.0 spec: API keys are workspace-level tokens.
            "token_level": "workspace",
        })
    }
}

fn uuid_from(rng: &mut fastrand::Rng) -> String {
    let mut bytes = [0u8; 16];
    rng.fill(&mut bytes);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}
