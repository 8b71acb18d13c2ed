//! Objects and attributes: the declarative specs a test or a JSON file supplies
//! ([`ObjectSpec`], [`AttributeSpec`]), their resolved runtime form ([`ObjectDef`],
//! [`AttributeDef`]) and the JSON Attio serves for them.

mod list;
mod render;
mod standard;

pub use list::ListSpec;

pub use standard::standard_objects;
pub(crate) use standard::{
    link_relationships, resolve_attribute, resolve_object, system_attribute,
};

pub use attio_model::{AttributeFlags, AttributeType};
use serde::{Deserialize, Deserializer, Serialize};

/// A custom object (or extra attributes for a standard object) to add to the emulator.
///
/// Deserialises from JSON, so the binary's `--objects FILE` takes a list of these:
/// `[{"api_slug":"deals","singular_noun":"Deal","plural_noun":"Deals","attributes":[...]}]`.
/// When `api_slug` names an existing object, its attributes are appended to that object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectSpec {
    /// The object's slug, e.g. `"deals"`.
    pub api_slug: String,
    /// Singular display name; defaults to the slug.
    #[serde(default)]
    pub singular_noun: Option<String>,
    /// Plural display name; defaults to the slug.
    #[serde(default)]
    pub plural_noun: Option<String>,
    /// The object's attributes.
    #[serde(default)]
    pub attributes: Vec<AttributeSpec>,
}

impl ObjectSpec {
    /// A new object spec with no attributes.
    pub fn new(api_slug: impl Into<String>) -> Self {
        Self {
            api_slug: api_slug.into(),
            singular_noun: None,
            plural_noun: None,
            attributes: Vec::new(),
        }
    }

    /// Adds an attribute (builder style).
    pub fn attribute(mut self, attribute: AttributeSpec) -> Self {
        self.attributes.push(attribute);
        self
    }
}

/// One attribute of an [`ObjectSpec`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributeSpec {
    /// The attribute's slug.
    pub api_slug: String,
    /// Display title; defaults to the slug.
    #[serde(default)]
    pub title: Option<String>,
    /// The attribute type: one of the 17 Attio knows (a file naming another is refused).
    #[serde(rename = "type", deserialize_with = "known_type")]
    pub kind: AttributeType,
    /// `is_required`, `is_unique` and `is_multiselect`, each `false` when left out.
    #[serde(flatten)]
    pub flags: AttributeFlags,
    /// Select option titles (for `select`).
    #[serde(default)]
    pub options: Vec<String>,
    /// Status titles (for `status`).
    #[serde(default)]
    pub statuses: Vec<String>,
    /// Object slugs a `record-reference` may point at (empty = any object).
    #[serde(default)]
    pub target_objects: Vec<String>,
    /// ISO-4217 currency code (for `currency`).
    #[serde(default)]
    pub currency_code: Option<String>,
}

impl AttributeSpec {
    /// A new optional, non-unique, single-value attribute.
    pub fn new(api_slug: impl Into<String>, kind: AttributeType) -> Self {
        Self {
            api_slug: api_slug.into(),
            title: None,
            kind,
            flags: AttributeFlags::default(),
            options: Vec::new(),
            statuses: Vec::new(),
            target_objects: Vec::new(),
            currency_code: None,
        }
    }

    attio_model::flag_setters!(flags);

    /// Sets select options (for `select`).
    pub fn options<I: IntoIterator<Item = S>, S: Into<String>>(mut self, titles: I) -> Self {
        self.options = titles.into_iter().map(Into::into).collect();
        self
    }

    /// Sets statuses (for `status`).
    pub fn statuses<I: IntoIterator<Item = S>, S: Into<String>>(mut self, titles: I) -> Self {
        self.statuses = titles.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the objects a `record-reference` may point at.
    pub fn targets<I: IntoIterator<Item = S>, S: Into<String>>(mut self, slugs: I) -> Self {
        self.target_objects = slugs.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the currency code (for `currency`).
    pub fn currency(mut self, code: impl Into<String>) -> Self {
        self.currency_code = Some(code.into());
        self
    }
}

/// An attribute type named in a spec: the emulator serves only the types it knows.
fn known_type<'de, D: Deserializer<'de>>(deserializer: D) -> Result<AttributeType, D::Error> {
    let kind = AttributeType::deserialize(deserializer)?;
    if kind.is_known() {
        Ok(kind)
    } else {
        Err(serde::de::Error::custom(format!(
            "unknown attribute type `{kind}`, expected one of: {}",
            AttributeType::KNOWN.map(|t| t.to_string()).join(", ")
        )))
    }
}

/// A select option or a status of an attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptionDef {
    /// The option's (or status') id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Archived: kept for old values, no longer offered for new ones.
    #[serde(default)]
    pub is_archived: bool,
}

/// The other side of a relationship attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inverse {
    /// The object holding the inverse attribute.
    pub object: String,
    /// The inverse attribute's slug.
    pub attribute: String,
}

/// A resolved attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributeDef {
    /// Attribute id.
    pub id: String,
    /// Slug.
    pub api_slug: String,
    /// Display title.
    pub title: String,
    /// Type.
    pub kind: AttributeType,
    /// Required on create.
    pub is_required: bool,
    /// Unique across records.
    pub is_unique: bool,
    /// Multi-valued.
    pub is_multiselect: bool,
    /// System attribute (not writable through the API).
    pub is_system: bool,
    /// Select options.
    pub options: Vec<OptionDef>,
    /// Statuses.
    pub statuses: Vec<OptionDef>,
    /// Allowed target objects of a record reference (empty = any).
    pub target_objects: Vec<String>,
    /// The inverse side when the attribute is one half of a relationship.
    pub inverse: Option<Inverse>,
    /// Currency code of a currency attribute.
    pub currency_code: Option<String>,
    /// Archived: hidden from listings (unless asked for) and no longer writable.
    #[serde(default)]
    pub is_archived: bool,
    /// Description shown in Attio's UI.
    #[serde(default)]
    pub description: Option<String>,
    /// Creation time (`…000Z` form).
    pub created_at: String,
}

/// A resolved object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectDef {
    /// Object id.
    pub id: String,
    /// Slug.
    pub api_slug: String,
    /// Singular noun.
    pub singular_noun: String,
    /// Plural noun.
    pub plural_noun: String,
    /// Creation time (`…000Z` form).
    pub created_at: String,
    /// Attributes in display order.
    pub attributes: Vec<AttributeDef>,
}

impl ObjectDef {
    /// The attribute with this slug or id.
    pub fn attribute(&self, slug_or_id: &str) -> Option<&AttributeDef> {
        self.attributes
            .iter()
            .find(|a| a.api_slug == slug_or_id || a.id == slug_or_id)
    }
}
