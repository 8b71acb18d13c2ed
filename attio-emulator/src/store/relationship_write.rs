//! Two-way relationship attributes created through the API: `POST …/attributes` with a
//! `relationship` object makes two entangled `record-reference` attributes, one on each
//! object, each the other's [`Inverse`]. From then on the write path's relationship sync
//! (`relations.rs`, the same code the standard `users.workspace` ⇄ `workspaces.users` pair
//! uses) keeps both sides in step; the two `is_multiselect` flags give one-to-one,
//! many-to-one, one-to-many or many-to-many.
//!
//! Attio's rules, as the spec states them: only for `record-reference`, only between
//! objects, `config.record_reference.allowed_objects` (if given) holds only the
//! relationship object, and the reverse slug is free on that object (409 `slug_conflict`).

use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;

use super::Store;
use super::schema_write::check_slug;
use crate::error::ApiError;
use crate::schema::{AttributeDef, AttributeSpec, AttributeType, Inverse, resolve_attribute};

/// `data.relationship` of `POST …/attributes` (the spec's closed object, all keys required).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NewRelationship {
    object: String,
    title: String,
    api_slug: String,
    is_multiselect: bool,
}

/// A checked relationship: the other object's slug and the reverse attribute to make.
pub(super) struct Reverse {
    object: String,
    spec: AttributeSpec,
}

const PATH: [&str; 2] = ["data", "relationship"];

impl Store {
    /// Checks `data.relationship` (absent or `null`: `None`) of a new attribute `slug` of
    /// type `kind` on `object` (`None`: on a list) whose allowed objects are `allowed`.
    pub(super) fn check_relationship(
        &self,
        raw: Option<&Value>,
        object: Option<&str>,
        (slug, kind): (&str, &AttributeType),
        allowed: &[String],
    ) -> Result<Option<Reverse>, ApiError> {
        let Some(raw) = raw.filter(|r| !r.is_null()) else {
            return Ok(None);
        };
        let invalid = |message: String| ApiError::validation(&PATH, "invalid_value", message);
        if *kind != AttributeType::RecordReference {
            return Err(invalid(format!(
                "A relationship can only be created for record-reference attributes, not \"{kind}\"."
            )));
        }
        let Some(object) = object else {
            return Err(invalid(
                "A relationship connects two objects; lists cannot hold one.".to_owned(),
            ));
        };
        let new = NewRelationship::deserialize(raw).map_err(|e| {
            let message = e.to_string();
            let code = if message.contains("unknown field") {
                "unrecognized_keys"
            } else {
                "invalid_type"
            };
            ApiError::validation(&PATH, code, message)
        })?;
        let other = self.object(&new.object)?;
        if !allowed.is_empty() && allowed != [other.api_slug.as_str()] {
            return Err(ApiError::validation(
                &["data", "config", "record_reference", "allowed_objects"],
                "invalid_value",
                format!(
                    "With a relationship, allowed_objects must contain only the relationship object \"{}\".",
                    other.api_slug
                ),
            ));
        }
        check_slug(&new.api_slug).map_err(|_| {
            ApiError::validation(
                &["data", "relationship", "api_slug"],
                "invalid_string",
                format!("\"{}\" is not a valid slug", new.api_slug),
            )
        })?;
        let self_clash = other.api_slug == object && new.api_slug == slug;
        if self_clash || other.attribute(&new.api_slug).is_some() {
            return Err(ApiError::slug_conflict(format!(
                "An attribute with slug \"{}\" already exists on object \"{}\".",
                new.api_slug, other.api_slug
            )));
        }
        let mut spec =
            AttributeSpec::new(new.api_slug, AttributeType::RecordReference).targets([object]);
        spec.title = Some(new.title);
        spec.flags.is_multiselect = new.is_multiselect;
        Ok(Some(Reverse {
            object: other.api_slug.clone(),
            spec,
        }))
    }

    /// Entangles `forward` (about to be added to `object`) with the reverse attribute,
    /// which is added to its object here.
    pub(super) fn add_reverse(
        &mut self,
        object: &str,
        forward: &mut AttributeDef,
        reverse: Reverse,
        now: &str,
    ) {
        let mut def = resolve_attribute(&reverse.spec, &mut || self.new_id(), now);
        def.inverse = Some(Inverse {
            object: object.to_owned(),
            attribute: forward.api_slug.clone(),
        });
        forward.target_objects = vec![reverse.object.clone()];
        forward.inverse = Some(Inverse {
            object: reverse.object.clone(),
            attribute: def.api_slug.clone(),
        });
        if let Some(other) = self
            .objects
            .iter_mut()
            .find(|o| o.api_slug == reverse.object)
        {
            Arc::make_mut(other).attributes.push(def);
        }
    }
}
