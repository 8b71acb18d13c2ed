//! Lists: their definitions (a parent object and attributes of their own) and Attio's list
//! operations (`GET|POST /v2/lists`, `GET|PATCH /v2/lists/{list}`). Entries live in a
//! table of their own per list (see `entries`), keyed `list:<list id>`, so that entry
//! values are written, validated, versioned and queried by the same code as record values.

use std::hash::{Hash, Hasher};

use serde_json::{Map, Value, json};

use super::events::actor_json;
use super::{Actor, Store, uuid_from};
use crate::error::ApiError;
use crate::schema::{self, ListSpec, ObjectDef, ObjectSpec};

/// One list.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct ListDef {
    /// The list as an object: `id` is the list id, `api_slug` the key of its entries
    /// table (`list:<id>`), `attributes` the list's attributes.
    pub def: ObjectDef,
    pub slug: String,
    pub name: String,
    /// Slug of the parent object.
    pub parent_object: String,
    pub workspace_access: Value,
    pub member_access: Value,
    pub actor: Actor,
}

const ACCESS: [&str; 3] = ["full-access", "read-and-write", "read-only"];

impl Store {
    /// Adds configured lists. Their ids derive from the workspace id and the slug, so a
    /// persisted store finds its entries again after a restart. A list the store already
    /// holds, by that id or by that slug (a persisted store), is kept as it was persisted,
    /// as configured objects are: attributes added to it through the API stay, a parent
    /// object renamed since stays renamed, and nothing of a list made through the API under
    /// the same slug is dropped.
    pub(crate) fn add_lists(&mut self, specs: &[ListSpec]) -> Result<(), ApiError> {
        for spec in specs {
            let parent = self
                .object(&spec.parent_object)
                .map(|object| object.api_slug.clone());
            let mut hasher = std::hash::DefaultHasher::new();
            (&self.workspace.id, &spec.api_slug).hash(&mut hasher);
            let mut rng = fastrand::Rng::with_seed(hasher.finish());
            let system = Actor {
                kind: "system".to_owned(),
                id: None,
            };
            let mut list = self.resolve_list(
                &spec.api_slug,
                spec.name.clone().unwrap_or_else(|| spec.api_slug.clone()),
                String::new(),
                &spec.attributes,
                &mut || uuid_from(&mut rng),
                json!("full-access"),
                system,
            );
            if self
                .lists
                .iter()
                .any(|l| l.def.id == list.def.id || l.slug == spec.api_slug)
            {
                continue;
            }
            list.parent_object = parent?;
            self.lists.push(list);
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)] // one call per way of creating a list
    fn resolve_list(
        &self,
        slug: &str,
        name: String,
        parent_object: String,
        attributes: &[schema::AttributeSpec],
        new_id: &mut dyn FnMut() -> String,
        workspace_access: Value,
        actor: Actor,
    ) -> ListDef {
        let spec = ObjectSpec {
            api_slug: slug.to_owned(),
            singular_noun: Some(name.clone()),
            plural_noun: Some(name.clone()),
            attributes: attributes.to_vec(),
        };
        let mut def = schema::resolve_object(&spec, new_id, &super::clock::now());
        def.api_slug = format!("list:{}", def.id);
        ListDef {
            def,
            slug: slug.to_owned(),
            name,
            parent_object,
            workspace_access,
            member_access: json!([]),
            actor,
        }
    }

    /// The list with this slug or id, or 404 `not_found`.
    pub(crate) fn list(&self, slug_or_id: &str) -> Result<&ListDef, ApiError> {
        self.lists
            .iter()
            .find(|l| l.slug == slug_or_id || l.def.id == slug_or_id)
            .ok_or_else(|| {
                ApiError::not_found(format!("List with slug/ID \"{slug_or_id}\" not found."))
            })
    }

    /// The object, or the list (its table definition), with this id or slug: whose
    /// attributes a value is written to.
    /// The key the schema operations know an object or a list by: the object's slug or id
    /// as given, or the list's entries key (`list:<id>`) for a list named by slug or id.
    pub(crate) fn schema_key(&self, list: bool, identifier: &str) -> Result<String, ApiError> {
        if list {
            Ok(self.list(identifier)?.def.api_slug.clone())
        } else {
            Ok(identifier.to_owned())
        }
    }

    /// The attributes' holder under a [`schema_key`](Self::schema_key).
    pub(crate) fn schema(&self, key: &str) -> Result<&ObjectDef, ApiError> {
        match self.lists.iter().find(|l| l.def.api_slug == key) {
            Some(list) => Ok(&list.def),
            None => self.object(key),
        }
    }

    pub(crate) fn object_or_list(&self, id: &str) -> Result<&ObjectDef, ApiError> {
        match self.lists.iter().find(|l| l.def.id == id) {
            Some(list) => Ok(&list.def),
            None => self.object(id),
        }
    }

    pub(crate) fn list_json(&self, list: &ListDef) -> Value {
        json!({
            "id": {"workspace_id": self.workspace.id, "list_id": list.def.id},
            "api_slug": list.slug,
            "name": list.name,
            "parent_object": [list.parent_object],
            "workspace_access": list.workspace_access,
            "workspace_member_access": list.member_access,
            "created_by_actor": actor_json(&list.actor),
            "created_at": list.def.created_at,
        })
    }

    /// `GET /v2/lists`: every list, in creation order.
    pub fn lists_json(&self) -> Vec<Value> {
        self.lists.iter().map(|l| self.list_json(l)).collect()
    }

    /// `GET /v2/lists/{list}`.
    pub fn get_list(&self, list: &str) -> Result<Value, ApiError> {
        Ok(self.list_json(self.list(list)?))
    }

    /// `POST /v2/lists`.
    pub fn create_list(&mut self, body: &Value) -> Result<Value, ApiError> {
        let data = data_object(body)?;
        let name = text(data, "name")?.to_owned();
        let slug = text(data, "api_slug")?.to_owned();
        let parent = self.object(text(data, "parent_object")?)?.api_slug.clone();
        let workspace_access = access(data.get("workspace_access"))?;
        let member_access = member_access(data.get("workspace_member_access"))?;
        if self.lists.iter().any(|l| l.slug == slug) {
            return Err(ApiError::slug_conflict(format!(
                "A list with slug \"{slug}\" already exists."
            )));
        }
        let actor = self.token_actor();
        let mut rng = fastrand::Rng::with_seed(self.rng_seed());
        let mut list = self.resolve_list(
            &slug,
            name,
            parent,
            &[],
            &mut || uuid_from(&mut rng),
            workspace_access,
            Actor::clone(&actor),
        );
        list.member_access = member_access;
        let id = list.def.id.clone();
        self.lists.push(list);
        self.lists_changed()?;
        self.emit_list("list.created", &id, &actor);
        self.get_list(&id)
    }

    /// `PATCH /v2/lists/{list}`: name, slug and access.
    pub fn update_list(&mut self, list: &str, body: &Value) -> Result<Value, ApiError> {
        let id = self.list(list)?.def.id.clone();
        let data = data_object(body)?;
        let name = data.get("name").map(|_| text(data, "name")).transpose()?;
        let slug = data
            .get("api_slug")
            .map(|_| text(data, "api_slug"))
            .transpose()?;
        if let Some(slug) = slug
            && self.lists.iter().any(|l| l.slug == slug && l.def.id != id)
        {
            return Err(ApiError::slug_conflict(format!(
                "A list with slug \"{slug}\" already exists."
            )));
        }
        let workspace_access = data
            .get("workspace_access")
            .map(|raw| access(Some(raw)))
            .transpose()?;
        let member_access = data
            .get("workspace_member_access")
            .map(|raw| member_access(Some(raw)))
            .transpose()?;
        let (name, slug) = (name.map(str::to_owned), slug.map(str::to_owned));
        if let Some(stored) = self.lists.iter_mut().find(|l| l.def.id == id) {
            if let Some(name) = name {
                stored.name = name;
            }
            if let Some(slug) = slug {
                stored.slug = slug;
            }
            if let Some(access) = workspace_access {
                stored.workspace_access = access;
            }
            if let Some(access) = member_access {
                stored.member_access = access;
            }
        }
        self.lists_changed()?;
        let actor = self.token_actor();
        self.emit_list("list.updated", &id, &actor);
        self.get_list(&id)
    }

    /// A seed for a new list's ids, from the store's generator.
    fn rng_seed(&mut self) -> u64 {
        self.rng.u64(..)
    }
}

fn data_object(body: &Value) -> Result<&Map<String, Value>, ApiError> {
    match body.get("data") {
        Some(Value::Object(data)) => Ok(data),
        Some(other) => Err(ApiError::wrong_type(&["data"], "object", other)),
        None => Err(ApiError::validation(&["data"], "invalid_type", "Required")),
    }
}

fn text<'b>(data: &'b Map<String, Value>, key: &'static str) -> Result<&'b str, ApiError> {
    match data.get(key) {
        Some(Value::String(text)) if !text.is_empty() => Ok(text),
        Some(other) => Err(ApiError::wrong_type(&["data", key], "string", other)),
        None => Err(ApiError::validation(
            &["data", key],
            "invalid_type",
            "Required",
        )),
    }
}

fn access(raw: Option<&Value>) -> Result<Value, ApiError> {
    match raw {
        Some(Value::Null) => Ok(Value::Null),
        Some(Value::String(level)) if ACCESS.contains(&level.as_str()) => Ok(json!(level)),
        Some(other) => Err(ApiError::validation(
            &["data", "workspace_access"],
            "invalid_enum_value",
            format!(
                "Expected 'full-access' | 'read-and-write' | 'read-only' | null, received {other}"
            ),
        )),
        None => Err(ApiError::validation(
            &["data", "workspace_access"],
            "invalid_type",
            "Required",
        )),
    }
}

fn member_access(raw: Option<&Value>) -> Result<Value, ApiError> {
    let path = ["data", "workspace_member_access"];
    let items = match raw {
        Some(Value::Array(items)) => items,
        Some(other) => return Err(ApiError::wrong_type(&path, "array", other)),
        None => return Err(ApiError::validation(&path, "invalid_type", "Required")),
    };
    for item in items {
        let valid = item
            .get("workspace_member_id")
            .is_some_and(Value::is_string)
            && item
                .get("level")
                .and_then(Value::as_str)
                .is_some_and(|level| ACCESS.contains(&level));
        if !valid {
            return Err(ApiError::validation(
                &path,
                "invalid_type",
                "Each entry is {\"workspace_member_id\", \"level\"}",
            ));
        }
    }
    Ok(Value::Array(items.clone()))
}
