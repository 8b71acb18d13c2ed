//! The schema changes beside attributes: creating and renaming objects ([`NewObject`],
//! [`ObjectUpdate`]) and renaming or archiving select options and statuses
//! ([`ChoiceUpdate`]), through the client's pipeline like the other schema operations.

use reqwest::Method;
use serde::Serialize;

use super::api::{data, object_path, route};
use super::target::{SchemaTarget, template};
use super::{AttributeOption, AttributeStatus, Object};
use crate::client::Client;
use crate::client::pipeline::Call;
use crate::client::route::{encode, slug};
use crate::error::Error;
use crate::retry::Idempotency;

/// The body of `POST /v2/objects`: a slug and the two nouns Attio names the object by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewObject {
    /// Slug, e.g. `projects`.
    pub api_slug: String,
    /// Singular noun, e.g. `Project`.
    pub singular_noun: String,
    /// Plural noun, e.g. `Projects`.
    pub plural_noun: String,
}

impl NewObject {
    /// An object `api_slug` called `singular` / `plural`.
    pub fn new(
        api_slug: impl Into<String>,
        singular: impl Into<String>,
        plural: impl Into<String>,
    ) -> Self {
        Self {
            api_slug: api_slug.into(),
            singular_noun: singular.into(),
            plural_noun: plural.into(),
        }
    }
}

/// The body of `PATCH /v2/objects/{object}`: only the fields set are sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ObjectUpdate {
    /// New slug.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_slug: Option<String>,
    /// New singular noun.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub singular_noun: Option<String>,
    /// New plural noun.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plural_noun: Option<String>,
}

/// The body of `PATCH …/options/{option}` and `PATCH …/statuses/{status}`: only the
/// fields set are sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ChoiceUpdate {
    /// New title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Archive (`true`: kept on the values that hold it, no longer writable) or restore.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_archived: Option<bool>,
}

impl ChoiceUpdate {
    /// Archives the option or status.
    pub fn archive() -> Self {
        Self {
            title: None,
            is_archived: Some(true),
        }
    }
}

/// The path of one select option (`statuses = false`) or status.
fn choice_path(
    object: SchemaTarget<'_>,
    attribute: &str,
    choice: &str,
    statuses: bool,
) -> Result<String, Error> {
    let kind = if statuses { "statuses" } else { "options" };
    Ok(format!(
        "{}/{kind}/{}",
        object.attribute_path(attribute)?,
        encode(slug(kind, choice)?)
    ))
}

/// The same errors as the other schema operations (see [`Client::list_objects`]).
impl Client {
    /// Creates an object (`POST /v2/objects`). Not retried once it may have reached Attio.
    ///
    /// # Errors
    /// [`Error::Api`] with `slug_conflict` when the slug or a noun is another object's,
    /// `validation_type` for an invalid slug or an empty noun; the transport, timeout and
    /// decode errors on the way.
    pub async fn create_object(&self, object: &NewObject) -> Result<Object, Error> {
        let call = Call::new(
            Method::POST,
            route("/v2/objects", "/v2/objects".to_owned()),
            Idempotency::Unsafe,
        )
        .body(data(object));
        self.call_for_data(call).await
    }

    /// Updates an object (`PATCH /v2/objects/{object}`). Sets absolute values, so safe to
    /// repeat.
    ///
    /// # Errors
    /// As [`Client::create_object`]; `not_found` for an unknown object, `validation_type`
    /// for an empty update.
    pub async fn update_object(
        &self,
        object: &str,
        update: &ObjectUpdate,
    ) -> Result<Object, Error> {
        let call = Call::new(
            Method::PATCH,
            route("/v2/objects/{object}", object_path(object)?),
            Idempotency::Safe,
        )
        .body(data(update));
        self.call_for_data(call).await
    }

    /// Renames or archives a select option, by id or title
    /// (`PATCH …/attributes/{attribute}/options/{option}`). Safe to repeat.
    ///
    /// # Errors
    /// As [`Client::list_objects`]; `not_found` for an unknown option, `slug_conflict` for
    /// a title another option has.
    pub async fn update_select_option(
        &self,
        object: impl Into<SchemaTarget<'_>>,
        attribute: &str,
        option: &str,
        update: &ChoiceUpdate,
    ) -> Result<AttributeOption, Error> {
        let object: SchemaTarget<'_> = object.into();
        let path = choice_path(object, attribute, option, false)?;
        let template = template!(object, "/attributes/{attribute}/options/{option}");
        let call =
            Call::new(Method::PATCH, route(template, path), Idempotency::Safe).body(data(update));
        self.call_for_data(call).await
    }

    /// Renames or archives a status, by id or title
    /// (`PATCH …/attributes/{attribute}/statuses/{status}`). Safe to repeat.
    ///
    /// # Errors
    /// As [`Client::update_select_option`].
    pub async fn update_status(
        &self,
        object: impl Into<SchemaTarget<'_>>,
        attribute: &str,
        status: &str,
        update: &ChoiceUpdate,
    ) -> Result<AttributeStatus, Error> {
        let object: SchemaTarget<'_> = object.into();
        let path = choice_path(object, attribute, status, true)?;
        let template = template!(object, "/attributes/{attribute}/statuses/{status}");
        let call =
            Call::new(Method::PATCH, route(template, path), Idempotency::Safe).body(data(update));
        self.call_for_data(call).await
    }
}
