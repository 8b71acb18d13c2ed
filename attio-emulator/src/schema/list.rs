//! [`ListSpec`]: a list to serve from the start, with its parent object and its own
//! attributes (a list created through `POST /v2/lists` gets its attributes through
//! `/v2/lists/{list}/attributes`, as in Attio).

use serde::{Deserialize, Serialize};

use super::AttributeSpec;

/// A list: its slug, name, parent object and attributes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListSpec {
    /// The list's slug, e.g. `"sales"`.
    pub api_slug: String,
    /// Display name; defaults to the slug.
    #[serde(default)]
    pub name: Option<String>,
    /// The slug of the object whose records the list holds, e.g. `"people"`.
    pub parent_object: String,
    /// The list's own attributes (entry values).
    #[serde(default)]
    pub attributes: Vec<AttributeSpec>,
}

impl ListSpec {
    /// A list of `parent_object` records with no attributes.
    pub fn new(api_slug: impl Into<String>, parent_object: impl Into<String>) -> Self {
        Self {
            api_slug: api_slug.into(),
            name: None,
            parent_object: parent_object.into(),
            attributes: Vec::new(),
        }
    }

    /// Adds an attribute (builder style).
    pub fn attribute(mut self, attribute: AttributeSpec) -> Self {
        self.attributes.push(attribute);
        self
    }
}
