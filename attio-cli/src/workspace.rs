//! Reading the workspace through `attio_core::Client`: objects, and one object's attributes
//! with their options and statuses.

use attio_core::Client;
use attio_core::schema::{AttributeType, Object};

use crate::error::CliError;
use crate::generate::{AttributeSchema, Choice, ObjectSchema};

/// Every object of the workspace.
///
/// # Errors
/// [`CliError`] for a refused token, an unreachable server or any other failure.
pub async fn objects(client: &Client) -> Result<Vec<Object>, CliError> {
    client.list_objects().await.map_err(CliError::from_api)
}

/// One object with its attributes (archived ones included) and, for select and status
/// attributes, their options or statuses.
///
/// # Errors
/// [`CliError::UnknownObject`] when the workspace has no such object, else as
/// [`objects`].
pub async fn read_object(client: &Client, slug: &str) -> Result<ObjectSchema, CliError> {
    let object = client.get_object(slug).await.map_err(|e| {
        if e.is_not_found() {
            CliError::UnknownObject(slug.to_owned())
        } else {
            CliError::from_api(e)
        }
    })?;
    let attributes = client
        .list_attributes(slug)
        .await
        .map_err(CliError::from_api)?;
    let mut read = Vec::with_capacity(attributes.len());
    for attribute in attributes {
        let choices = match attribute.kind {
            AttributeType::Select => client
                .list_select_options(slug, &attribute.api_slug)
                .await
                .map_err(CliError::from_api)?
                .into_iter()
                .map(|o| Choice {
                    title: o.title,
                    is_archived: o.is_archived,
                })
                .collect(),
            AttributeType::Status => client
                .list_statuses(slug, &attribute.api_slug)
                .await
                .map_err(CliError::from_api)?
                .into_iter()
                .map(|s| Choice {
                    title: s.title,
                    is_archived: s.is_archived,
                })
                .collect(),
            _ => Vec::new(),
        };
        read.push(AttributeSchema { attribute, choices });
    }
    Ok(ObjectSchema {
        slug: object.api_slug.unwrap_or_else(|| slug.to_owned()),
        singular_noun: object.singular_noun,
        attributes: read,
    })
}
