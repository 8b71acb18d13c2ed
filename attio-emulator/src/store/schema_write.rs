//! Changing the schema through the API: creating and updating attributes, adding select
//! options and statuses, with Attio's rules (slug conflicts → 409 `slug_conflict`, a type
//! that cannot change, system attributes that cannot be edited, archiving instead of
//! deleting; a `relationship` makes two entangled attributes, see `relationship_write`).
//! A persisted store saves its snapshot after each change, so the schema
//! survives a restart like the records do.

use std::sync::Arc;

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::{Map, Value};

use super::{Store, clock};
use crate::error::ApiError;
use crate::schema::{
    AttributeDef, AttributeFlags, AttributeSpec, AttributeType, ObjectDef, OptionDef,
    resolve_attribute,
};

/// `data` of `POST /v2/objects/{object}/attributes`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewAttribute {
    title: String,
    #[serde(default)]
    description: Option<String>,
    api_slug: String,
    #[serde(rename = "type")]
    kind: AttributeType,
    is_required: bool,
    is_unique: bool,
    is_multiselect: bool,
    #[serde(default)]
    config: Option<Value>,
    #[serde(default, rename = "default_value")]
    _default_value: Option<IgnoredAny>,
    #[serde(default)]
    relationship: Option<Value>,
}

/// `data` of `PATCH /v2/objects/{object}/attributes/{attribute}`: every key optional, and
/// no `type` or `is_multiselect` (they cannot change once created).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AttributeChange {
    title: Option<String>,
    description: Option<Option<String>>,
    api_slug: Option<String>,
    is_required: Option<bool>,
    is_unique: Option<bool>,
    is_archived: Option<bool>,
    #[serde(rename = "config")]
    _config: Option<IgnoredAny>,
    #[serde(rename = "default_value")]
    _default_value: Option<IgnoredAny>,
}

/// `data` of `POST …/options` and `POST …/statuses`.
#[derive(Deserialize)]
struct NewChoice {
    title: String,
}

/// `data` of `PATCH …/options/{option}` and `PATCH …/statuses/{status}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChoiceChange {
    title: Option<String>,
    is_archived: Option<bool>,
    #[serde(rename = "celebration_enabled")]
    _celebration_enabled: Option<IgnoredAny>,
    #[serde(rename = "target_time_in_status")]
    _target_time_in_status: Option<IgnoredAny>,
}

/// `data` of a JSON body, decoded into `T`; any mismatch is 400 `validation_type` naming the
/// place (unknown keys included: Attio's schemas for these bodies are closed).
pub(super) fn data<T: for<'de> Deserialize<'de>>(body: &Value) -> Result<T, ApiError> {
    let Some(data) = body.get("data") else {
        return Err(ApiError::validation(&["data"], "invalid_type", "Required"));
    };
    if data.as_object().is_some_and(Map::is_empty) {
        return Err(ApiError::validation(
            &["data"],
            "too_small",
            "The body must change at least one field",
        ));
    }
    T::deserialize(data).map_err(|e| {
        let message = e.to_string();
        let code = if message.contains("unknown field") {
            "unrecognized_keys"
        } else {
            "invalid_type"
        };
        ApiError::validation(&["data"], code, message)
    })
}

/// Attio's slugs: lowercase ASCII letters, digits and `_`, starting with a letter.
pub(super) fn check_slug(slug: &str) -> Result<(), ApiError> {
    let mut chars = slug.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(ApiError::validation(
            &["data", "api_slug"],
            "invalid_string",
            format!(
                "\"{slug}\" is not a valid slug: lowercase letters, digits and underscores, starting with a letter"
            ),
        ))
    }
}

/// The type and flags of a new attribute, by Attio's rules (`attio_model`'s per-type facts):
/// a known type that can be created through the API (a status only on a list), unique
/// and multi-valued only where the type allows it.
fn check_kind(new: &NewAttribute, on_list: bool) -> Result<(), ApiError> {
    let invalid = |message: String| {
        Err(ApiError::validation(
            &["data", "type"],
            "invalid_enum_value",
            message,
        ))
    };
    let kind = &new.kind;
    if !kind.is_known() {
        return invalid(format!(
            "Invalid enum value. Expected {}, received '{kind}'",
            AttributeType::KNOWN.map(|t| format!("'{t}'")).join(" | ")
        ));
    }
    if *kind == AttributeType::Status && !on_list {
        return invalid("Attributes of type \"status\" are not supported on objects.".into());
    }
    if !kind.can_be_created() {
        return invalid(format!(
            "Attributes of type \"{kind}\" cannot be created through the API."
        ));
    }
    if new.is_unique && !kind.can_be_unique() {
        return Err(ApiError::validation(
            &["data", "is_unique"],
            "invalid_value",
            format!("Attributes of type \"{kind}\" cannot be unique."),
        ));
    }
    if new.is_multiselect && !kind.can_be_multiselect() {
        return Err(ApiError::validation(
            &["data", "is_multiselect"],
            "invalid_value",
            format!("Attributes of type \"{kind}\" cannot hold several values."),
        ));
    }
    Ok(())
}

/// An attribute's select options (`statuses = false`) or statuses.
fn choices_mut(def: &mut AttributeDef, statuses: bool) -> &mut Vec<OptionDef> {
    if statuses {
        &mut def.statuses
    } else {
        &mut def.options
    }
}

/// A choice's title is not empty.
fn check_title(title: &str) -> Result<(), ApiError> {
    if title.trim().is_empty() {
        return Err(ApiError::validation(
            &["data", "title"],
            "too_small",
            "The title must not be empty",
        ));
    }
    Ok(())
}

/// 409: another choice of the attribute has the title.
fn title_taken(title: &str, attribute: &str) -> ApiError {
    ApiError::slug_conflict(format!(
        "\"{title}\" already exists on attribute \"{attribute}\"."
    ))
}

fn slug_taken(object: &ObjectDef, slug: &str) -> ApiError {
    ApiError::slug_conflict(format!(
        "An attribute with slug \"{slug}\" already exists on object \"{}\".",
        object.api_slug
    ))
}

/// Where a schema change applies: an object or a list, by index.
#[derive(Debug, Clone, Copy)]
enum At {
    Object(usize),
    List(usize),
}

impl Store {
    /// Where the attributes under a schema key are held.
    fn holder(&self, key: &str) -> Result<At, ApiError> {
        let id = &self.schema(key)?.id;
        if let Some(i) = self.lists.iter().position(|l| &l.def.id == id) {
            return Ok(At::List(i));
        }
        Ok(At::Object(
            self.objects
                .iter()
                .position(|o| &o.id == id)
                .unwrap_or_default(),
        ))
    }

    fn def(&self, at: At) -> &ObjectDef {
        match at {
            At::Object(i) => &self.objects[i],
            At::List(i) => &self.lists[i].def,
        }
    }

    fn def_mut(&mut self, at: At) -> &mut ObjectDef {
        match at {
            At::Object(i) => Arc::make_mut(&mut self.objects[i]),
            At::List(i) => &mut self.lists[i].def,
        }
    }

    fn attribute_index(&self, at: At, attribute: &str) -> Result<usize, ApiError> {
        let object = self.def(at);
        let id = &self.attribute(object, attribute)?.id;
        Ok(object
            .attributes
            .iter()
            .position(|a| &a.id == id)
            .unwrap_or_default())
    }

    /// Saves the schema of a persisted store (a no-op otherwise).
    pub(super) fn commit_schema(&mut self) -> Result<(), ApiError> {
        self.compact()
            .map_err(|e| ApiError::internal(format!("The schema change could not be saved: {e}")))
    }

    /// `POST /v2/objects/{object}/attributes`.
    pub fn create_attribute(&mut self, object: &str, body: &Value) -> Result<Value, ApiError> {
        let at = self.holder(object)?;
        let new: NewAttribute = data(body)?;
        check_slug(&new.api_slug)?;
        let target = self.def(at);
        if target.attributes.iter().any(|a| a.api_slug == new.api_slug) {
            return Err(slug_taken(target, &new.api_slug));
        }
        check_kind(&new, matches!(at, At::List(_)))?;
        let targets = self.allowed_objects(&new)?;
        let on_object = match at {
            At::Object(_) => Some(target.api_slug.clone()),
            At::List(_) => None,
        };
        let reverse = self.check_relationship(
            new.relationship.as_ref(),
            on_object.as_deref(),
            (&new.api_slug, &new.kind),
            &targets,
        )?;
        let mut spec = AttributeSpec::new(new.api_slug, new.kind);
        spec.target_objects = targets;
        spec.title = Some(new.title);
        spec.flags = AttributeFlags {
            is_required: new.is_required,
            is_unique: new.is_unique,
            is_multiselect: new.is_multiselect,
        };
        spec.currency_code = new
            .config
            .as_ref()
            .and_then(|c| c.pointer("/currency/default_currency_code"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let now = clock::now();
        let mut def = resolve_attribute(&spec, &mut || self.new_id(), &now);
        def.description = new.description;
        if let (Some(reverse), Some(object)) = (reverse, &on_object) {
            self.add_reverse(object, &mut def, reverse, &now);
        }
        let slug = def.api_slug.clone();
        self.def_mut(at).attributes.push(def);
        self.commit_schema()?;
        let object = self.def(at).api_slug.clone();
        self.attribute_json(&object, &slug)
    }

    /// The slugs of `config.record_reference.allowed_objects` (slugs or ids, at least one,
    /// only on a `record-reference`); empty (any object) when not given.
    fn allowed_objects(&self, new: &NewAttribute) -> Result<Vec<String>, ApiError> {
        let path = ["data", "config", "record_reference", "allowed_objects"];
        let Some(allowed) = new
            .config
            .as_ref()
            .and_then(|c| c.pointer("/record_reference/allowed_objects"))
        else {
            return Ok(Vec::new());
        };
        if new.kind != AttributeType::RecordReference {
            return Err(ApiError::validation(
                &path,
                "invalid_value",
                "`record_reference` configuration is only for record-reference attributes.",
            ));
        }
        let Some(items) = allowed.as_array().filter(|items| !items.is_empty()) else {
            return Err(ApiError::validation(
                &path,
                "too_small",
                "Array must contain at least 1 element(s)",
            ));
        };
        items
            .iter()
            .map(|item| match item.as_str() {
                Some(object) => Ok(self.object(object)?.api_slug.clone()),
                None => Err(ApiError::wrong_type(&path, "string", item)),
            })
            .collect()
    }

    /// `PATCH /v2/objects/{object}/attributes/{attribute}`.
    pub fn update_attribute(
        &mut self,
        object: &str,
        attribute: &str,
        body: &Value,
    ) -> Result<Value, ApiError> {
        let at = self.holder(object)?;
        let index = self.attribute_index(at, attribute)?;
        if let Some(kind) = body.pointer("/data/type") {
            return Err(ApiError::validation(
                &["data", "type"],
                "unrecognized_keys",
                format!("An attribute's type cannot be changed (asked for {kind})."),
            ));
        }
        let change: AttributeChange = data(body)?;
        let target = self.def(at);
        let old_slug = target.attributes[index].api_slug.clone();
        if target.attributes[index].is_system {
            return Err(ApiError::system_edit_unauthorized(format!(
                "Attribute \"{old_slug}\" is a system attribute and cannot be edited."
            )));
        }
        if let Some(slug) = &change.api_slug
            && *slug != old_slug
        {
            check_slug(slug)?;
            if target.attributes.iter().any(|a| &a.api_slug == slug) {
                return Err(slug_taken(target, slug));
            }
        }
        let def = &mut self.def_mut(at).attributes[index];
        if let Some(title) = change.title {
            def.title = title;
        }
        if let Some(description) = change.description {
            def.description = description;
        }
        if let Some(required) = change.is_required {
            def.is_required = required;
        }
        if let Some(unique) = change.is_unique {
            def.is_unique = unique;
        }
        if let Some(archived) = change.is_archived {
            def.is_archived = archived;
        }
        let slug = change.api_slug.unwrap_or_else(|| old_slug.clone());
        if slug != old_slug {
            def.api_slug.clone_from(&slug);
            let object_slug = self.def(at).api_slug.clone();
            self.table_mut(&object_slug).rename_slug(&old_slug, &slug);
            self.rename_inverse(&object_slug, &old_slug, &slug);
        }
        self.commit_schema()?;
        let object = self.def(at).api_slug.clone();
        self.attribute_json(&object, &slug)
    }

    /// Points the other half of a relationship at an attribute's new slug.
    fn rename_inverse(&mut self, object: &str, old: &str, new: &str) {
        for def in self
            .objects
            .iter_mut()
            .flat_map(|o| Arc::make_mut(o).attributes.iter_mut())
        {
            if let Some(inverse) = &mut def.inverse
                && inverse.object == object
                && inverse.attribute == old
            {
                new.clone_into(&mut inverse.attribute);
            }
        }
    }

    /// The holder and index of a select (`statuses = false`) or status attribute; the kind
    /// check is `choices_json`'s.
    fn choice_attribute(
        &self,
        object: &str,
        attribute: &str,
        statuses: bool,
    ) -> Result<(At, usize), ApiError> {
        let at = self.holder(object)?;
        let index = self.attribute_index(at, attribute)?;
        self.choices_json(object, attribute, statuses, true)?;
        Ok((at, index))
    }

    /// `POST …/attributes/{attribute}/options` (`statuses = false`) or `…/statuses`.
    pub fn create_choice(
        &mut self,
        object: &str,
        attribute: &str,
        body: &Value,
        statuses: bool,
    ) -> Result<Value, ApiError> {
        let (at, index) = self.choice_attribute(object, attribute, statuses)?;
        let new: NewChoice = data(body)?;
        check_title(&new.title)?;
        let id = self.new_id();
        let def = &mut self.def_mut(at).attributes[index];
        let slug = def.api_slug.clone();
        let choices = choices_mut(def, statuses);
        if choices.iter().any(|c| c.title == new.title) {
            return Err(title_taken(&new.title, &slug));
        }
        choices.push(OptionDef {
            id,
            title: new.title,
            is_archived: false,
        });
        self.commit_schema()?;
        let object = self.def(at).api_slug.clone();
        let mut all = self.choices_json(&object, attribute, statuses, true)?;
        Ok(all.pop().unwrap_or_default())
    }

    /// `PATCH …/options/{option}` (`statuses = false`) or `…/statuses/{status}`: a new
    /// title (409 `slug_conflict` when another choice has it) or archiving. An archived
    /// choice stays on the values that hold it and can no longer be written.
    pub fn update_choice(
        &mut self,
        object: &str,
        attribute: &str,
        choice: &str,
        body: &Value,
        statuses: bool,
    ) -> Result<Value, ApiError> {
        let (at, index) = self.choice_attribute(object, attribute, statuses)?;
        let change: ChoiceChange = data(body)?;
        let def = &mut self.def_mut(at).attributes[index];
        let slug = def.api_slug.clone();
        let choices = choices_mut(def, statuses);
        // The spec's answer for an unknown choice: 400 `value_not_found`.
        let (kind, what) = if statuses {
            ("status", "status")
        } else {
            ("select", "select option")
        };
        let position = choices
            .iter()
            .position(|c| c.id == choice || c.title == choice)
            .ok_or_else(|| {
                ApiError::value_not_found(format!(
                    "Cannot find {kind} attribute with {what} title \"{choice}\"."
                ))
            })?;
        if let Some(title) = &change.title {
            check_title(title)?;
            if choices
                .iter()
                .enumerate()
                .any(|(i, c)| i != position && c.title == *title)
            {
                return Err(title_taken(title, &slug));
            }
        }
        let target = &mut choices[position];
        if let Some(title) = change.title {
            target.title = title;
        }
        if let Some(archived) = change.is_archived {
            target.is_archived = archived;
        }
        let id = target.id.clone();
        self.commit_schema()?;
        let object = self.def(at).api_slug.clone();
        let all = self.choices_json(&object, attribute, statuses, true)?;
        let key = if statuses {
            "/id/status_id"
        } else {
            "/id/option_id"
        };
        Ok(all
            .into_iter()
            .find(|c| c.pointer(key).and_then(Value::as_str) == Some(id.as_str()))
            .unwrap_or_default())
    }
}
