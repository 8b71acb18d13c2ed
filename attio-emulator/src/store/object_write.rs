//! Creating and changing objects through the API (`POST /v2/objects`,
//! `PATCH /v2/objects/{object}`), with Attio's rules: the slug is a valid slug and, like
//! the singular and plural nouns, taken by no other object (409 `slug_conflict`); an empty
//! change is 400 `validation_type`; a standard object keeps its slug.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;

use super::schema_write::{check_slug, data};
use super::{Store, clock};
use crate::error::ApiError;
use crate::schema::{ObjectDef, ObjectSpec, resolve_object, standard_objects};

/// `data` of `POST /v2/objects`: all three keys required.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewObject {
    api_slug: String,
    singular_noun: String,
    plural_noun: String,
}

/// `data` of `PATCH /v2/objects/{object}`: every key optional.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ObjectChange {
    api_slug: Option<String>,
    singular_noun: Option<String>,
    plural_noun: Option<String>,
}

/// Nouns have at least one character (the spec's `minLength: 1`).
fn check_noun(key: &str, noun: &str) -> Result<(), ApiError> {
    if noun.trim().is_empty() {
        return Err(ApiError::validation(
            &["data", key],
            "too_small",
            "String must contain at least 1 character(s)",
        ));
    }
    Ok(())
}

/// The 409 Attio answers when a slug or a noun is another object's.
fn conflict() -> ApiError {
    ApiError::slug_conflict(
        "Failed to create object. Please ensure your api_slug and names are unique.",
    )
}

/// Whether `other` already uses `slug` or one of the nouns (nouns compare without case, as
/// they name the object in Attio's UI).
fn clashes(other: &ObjectDef, slug: Option<&str>, nouns: &[&str]) -> bool {
    slug.is_some_and(|s| other.api_slug == s)
        || nouns.iter().any(|noun| {
            other.singular_noun.eq_ignore_ascii_case(noun)
                || other.plural_noun.eq_ignore_ascii_case(noun)
        })
}

impl Store {
    /// `POST /v2/objects`.
    pub fn create_object(&mut self, body: &Value) -> Result<Value, ApiError> {
        let new: NewObject = data(body)?;
        check_slug(&new.api_slug)?;
        check_noun("singular_noun", &new.singular_noun)?;
        check_noun("plural_noun", &new.plural_noun)?;
        let nouns = [new.singular_noun.as_str(), new.plural_noun.as_str()];
        if self
            .objects
            .iter()
            .any(|o| clashes(o, Some(&new.api_slug), &nouns))
            || self.lists.iter().any(|l| l.slug == new.api_slug)
        {
            return Err(conflict());
        }
        let spec = ObjectSpec {
            api_slug: new.api_slug,
            singular_noun: Some(new.singular_noun),
            plural_noun: Some(new.plural_noun),
            attributes: Vec::new(),
        };
        let now = clock::now();
        let def = resolve_object(&spec, &mut || self.new_id(), &now);
        let slug = def.api_slug.clone();
        self.objects.push(Arc::new(def));
        self.table_mut(&slug);
        self.commit_schema()?;
        self.object_json(&slug)
    }

    /// `PATCH /v2/objects/{object}`: new nouns or a new `api_slug` (custom objects only; the
    /// records, references and lists follow, see `object_rename`).
    pub fn update_object(&mut self, object: &str, body: &Value) -> Result<Value, ApiError> {
        let id = self.object(object)?.id.clone();
        let change: ObjectChange = data(body)?;
        let at = self
            .objects
            .iter()
            .position(|o| o.id == id)
            .unwrap_or_default();
        let current = &self.objects[at];
        if let Some(slug) = &change.api_slug
            && *slug != current.api_slug
        {
            check_slug(slug)?;
            if self.objects.iter().any(|o| o.api_slug == *slug)
                || self.lists.iter().any(|l| l.slug == *slug)
            {
                return Err(conflict());
            }
            // Attio's spec and docs let `api_slug` change with no exception; the standard
            // objects' slugs are what Attio's own features (and the string shorthand of
            // references) know them by, so the emulator keeps them fixed.
            if standard_objects()
                .iter()
                .any(|s| s.api_slug == current.api_slug)
            {
                return Err(ApiError::validation(
                    &["data", "api_slug"],
                    "invalid_value",
                    format!(
                        "\"{}\" is a standard object; its slug cannot be changed.",
                        current.api_slug
                    ),
                ));
            }
        }
        let mut nouns = Vec::new();
        for (key, noun) in [
            ("singular_noun", &change.singular_noun),
            ("plural_noun", &change.plural_noun),
        ] {
            if let Some(noun) = noun {
                check_noun(key, noun)?;
                nouns.push(noun.as_str());
            }
        }
        if self
            .objects
            .iter()
            .any(|o| o.id != id && clashes(o, None, &nouns))
        {
            return Err(conflict());
        }
        if let Some(slug) = &change.api_slug {
            let old = self.objects[at].api_slug.clone();
            if *slug != old {
                self.rename_object(&old, slug);
            }
        }
        let def = Arc::make_mut(&mut self.objects[at]);
        if let Some(noun) = change.singular_noun {
            def.singular_noun = noun;
        }
        if let Some(noun) = change.plural_noun {
            def.plural_noun = noun;
        }
        let slug = def.api_slug.clone();
        self.commit_schema()?;
        self.object_json(&slug)
    }
}
