//! The schema operations of the API, through the client's one pipeline (pacing, retries,
//! typed errors) like the record operations.

use reqwest::Method;
use serde::Serialize;
use serde_json::{Value, json};

use super::target::{SchemaTarget, template};
use super::{Attribute, AttributeOption, AttributeStatus, AttributeUpdate, NewAttribute, Object};
use crate::client::Client;
use crate::client::pipeline::Call;
use crate::client::route::{Route, encode, slug};
use crate::error::Error;
use crate::retry::Idempotency;

/// Attributes asked for per page when listing them.
pub const ATTRIBUTE_PAGE: usize = 100;

pub(super) fn object_path(object: &str) -> Result<String, Error> {
    Ok(format!("/v2/objects/{}", encode(slug("object", object)?)))
}

pub(super) fn route(template: &'static str, path_and_query: String) -> Route {
    Route {
        template,
        path_and_query,
    }
}

/// `{"data": body}` (the bodies are plain structs of strings, flags and JSON: serializing
/// them cannot fail).
pub(crate) fn data(body: &impl Serialize) -> Value {
    json!({ "data": body })
}

/// Every operation shares the record operations' errors (see
/// [`Client::create_record`]): [`Error::InvalidSlug`] before sending, [`Error::Api`]
/// from Attio (`not_found`, `slug_conflict`, `system_edit_unauthorized`, …), and the
/// transport, timeout and decode errors on the way.
impl Client {
    /// Every object of the workspace (`GET /v2/objects`).
    ///
    /// # Errors
    /// See the list above.
    pub async fn list_objects(&self) -> Result<Vec<Object>, Error> {
        let call = Call::new(
            Method::GET,
            route("/v2/objects", "/v2/objects".to_owned()),
            Idempotency::Safe,
        );
        self.call_for_data(call).await
    }

    /// One object by slug or id (`GET /v2/objects/{object}`).
    ///
    /// # Errors
    /// See the list above; `not_found` for an unknown object.
    pub async fn get_object(&self, object: &str) -> Result<Object, Error> {
        let call = Call::new(
            Method::GET,
            route("/v2/objects/{object}", object_path(object)?),
            Idempotency::Safe,
        );
        self.call_for_data(call).await
    }

    /// Every attribute of an object, archived ones included (check
    /// [`Attribute::is_archived`]), in Attio's UI order
    /// (`GET /v2/objects/{object}/attributes?show_archived=true`, paged by
    /// [`ATTRIBUTE_PAGE`]).
    ///
    /// # Errors
    /// See the list above; `not_found` for an unknown object.
    pub async fn list_attributes(
        &self,
        object: impl Into<SchemaTarget<'_>>,
    ) -> Result<Vec<Attribute>, Error> {
        let object: SchemaTarget<'_> = object.into();
        let base = format!("{}/attributes", object.path()?);
        let mut all = Vec::new();
        loop {
            let path = format!(
                "{base}?show_archived=true&limit={ATTRIBUTE_PAGE}&offset={}",
                all.len()
            );
            let template = template!(
                object,
                "/attributes?show_archived=true&limit={limit}&offset={offset}"
            );
            let call = Call::new(Method::GET, route(template, path), Idempotency::Safe);
            let page: Vec<Attribute> = self.call_for_data(call).await?;
            let last = page.len() < ATTRIBUTE_PAGE;
            all.extend(page);
            if last {
                return Ok(all);
            }
        }
    }

    /// One attribute by slug or id (`GET /v2/objects/{object}/attributes/{attribute}`).
    ///
    /// # Errors
    /// See the list above; `not_found` for an unknown object or attribute.
    pub async fn get_attribute(
        &self,
        object: impl Into<SchemaTarget<'_>>,
        attribute: &str,
    ) -> Result<Attribute, Error> {
        let object: SchemaTarget<'_> = object.into();
        let call = Call::new(
            Method::GET,
            route(
                template!(object, "/attributes/{attribute}"),
                object.attribute_path(attribute)?,
            ),
            Idempotency::Safe,
        );
        self.call_for_data(call).await
    }

    /// Creates an attribute (`POST /v2/objects/{object}/attributes`). Not retried once it
    /// may have reached Attio.
    ///
    /// # Errors
    /// See the list above; a slug already taken gives `slug_conflict`.
    pub async fn create_attribute(
        &self,
        object: impl Into<SchemaTarget<'_>>,
        attribute: &NewAttribute,
    ) -> Result<Attribute, Error> {
        let object: SchemaTarget<'_> = object.into();
        let path = format!("{}/attributes", object.path()?);
        let call = Call::new(
            Method::POST,
            route(template!(object, "/attributes"), path),
            Idempotency::Unsafe,
        )
        .body(data(attribute));
        self.call_for_data(call).await
    }

    /// Updates an attribute (`PATCH /v2/objects/{object}/attributes/{attribute}`). Sets
    /// absolute values, so safe to repeat.
    ///
    /// # Errors
    /// See the list above; a system attribute gives `system_edit_unauthorized`, a slug
    /// already taken `slug_conflict`.
    pub async fn update_attribute(
        &self,
        object: impl Into<SchemaTarget<'_>>,
        attribute: &str,
        update: &AttributeUpdate,
    ) -> Result<Attribute, Error> {
        let object: SchemaTarget<'_> = object.into();
        let call = Call::new(
            Method::PATCH,
            route(
                template!(object, "/attributes/{attribute}"),
                object.attribute_path(attribute)?,
            ),
            Idempotency::Safe,
        )
        .body(data(update));
        self.call_for_data(call).await
    }

    /// The options of a select attribute, archived ones included
    /// (`GET …/attributes/{attribute}/options?show_archived=true`).
    ///
    /// # Errors
    /// See the list above; `not_found` when the attribute is not a select.
    pub async fn list_select_options(
        &self,
        object: impl Into<SchemaTarget<'_>>,
        attribute: &str,
    ) -> Result<Vec<AttributeOption>, Error> {
        let object: SchemaTarget<'_> = object.into();
        let path = format!(
            "{}/options?show_archived=true",
            object.attribute_path(attribute)?
        );
        let template = template!(object, "/attributes/{attribute}/options?show_archived=true");
        let call = Call::new(Method::GET, route(template, path), Idempotency::Safe);
        self.call_for_data(call).await
    }

    /// The statuses of a status attribute, archived ones included
    /// (`GET …/attributes/{attribute}/statuses?show_archived=true`).
    ///
    /// # Errors
    /// See the list above; `not_found` when the attribute is not a status.
    pub async fn list_statuses(
        &self,
        object: impl Into<SchemaTarget<'_>>,
        attribute: &str,
    ) -> Result<Vec<AttributeStatus>, Error> {
        let object: SchemaTarget<'_> = object.into();
        let path = format!(
            "{}/statuses?show_archived=true",
            object.attribute_path(attribute)?
        );
        let template = template!(
            object,
            "/attributes/{attribute}/statuses?show_archived=true"
        );
        let call = Call::new(Method::GET, route(template, path), Idempotency::Safe);
        self.call_for_data(call).await
    }

    /// Adds a select option (`POST …/attributes/{attribute}/options`). Not retried once it
    /// may have reached Attio.
    ///
    /// # Errors
    /// See the list above; a title already taken gives `slug_conflict`.
    pub async fn create_select_option(
        &self,
        object: impl Into<SchemaTarget<'_>>,
        attribute: &str,
        title: &str,
    ) -> Result<AttributeOption, Error> {
        let object: SchemaTarget<'_> = object.into();
        let path = format!("{}/options", object.attribute_path(attribute)?);
        let template = template!(object, "/attributes/{attribute}/options");
        let call = Call::new(Method::POST, route(template, path), Idempotency::Unsafe)
            .body(json!({"data": {"title": title}}));
        self.call_for_data(call).await
    }

    /// Adds a status (`POST …/attributes/{attribute}/statuses`). Not retried once it may
    /// have reached Attio.
    ///
    /// # Errors
    /// See the list above; a title already taken gives `slug_conflict`.
    pub async fn create_status(
        &self,
        object: impl Into<SchemaTarget<'_>>,
        attribute: &str,
        title: &str,
    ) -> Result<AttributeStatus, Error> {
        let object: SchemaTarget<'_> = object.into();
        let path = format!("{}/statuses", object.attribute_path(attribute)?);
        let template = template!(object, "/attributes/{attribute}/statuses");
        let call = Call::new(Method::POST, route(template, path), Idempotency::Unsafe)
            .body(json!({"data": {"title": title}}));
        self.call_for_data(call).await
    }
}
