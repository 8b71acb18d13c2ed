//! What Attio answers about a workspace's schema: [`Object`], [`Attribute`] (with its
//! [`AttributeConfig`] and [`Relationship`]), [`AttributeOption`] and [`AttributeStatus`],
//! and the bodies that change it, [`NewAttribute`] (with [`NewRelationship`]) and
//! [`AttributeUpdate`].
//!
//! Decoding is lenient where the spec allows `null` or Attio may add keys: unknown keys are
//! ignored, and absent flags read as `false`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{AttributeFlags, AttributeType};

/// `id` of an object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectId {
    /// The workspace.
    pub workspace_id: String,
    /// The object.
    pub object_id: String,
}

/// An object (`GET /v2/objects`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Object {
    /// Ids.
    pub id: ObjectId,
    /// Slug, e.g. `users` (`null` for some objects still being set up).
    pub api_slug: Option<String>,
    /// Singular noun, e.g. `User`.
    #[serde(default)]
    pub singular_noun: Option<String>,
    /// Plural noun, e.g. `Users`.
    #[serde(default)]
    pub plural_noun: Option<String>,
    /// Creation time (ISO 8601).
    pub created_at: String,
}

/// `id` of an attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeId {
    /// The workspace.
    pub workspace_id: String,
    /// The object (or list) the attribute belongs to.
    #[serde(alias = "list_id")]
    pub object_id: String,
    /// The attribute.
    pub attribute_id: String,
}

/// The other half of a relationship attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relationship {
    /// Ids of the other attribute.
    pub id: AttributeId,
    /// The object it belongs to.
    pub object_slug: String,
    /// Its title.
    pub title: String,
    /// Its slug.
    pub api_slug: String,
    /// Whether it holds many references.
    pub is_multiselect: bool,
}

/// `config.currency` of an attribute.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CurrencyConfig {
    /// ISO 4217 code for new values, e.g. `USD`.
    #[serde(default)]
    pub default_currency_code: Option<String>,
    /// `code`, `name`, `narrowSymbol` or `symbol`.
    #[serde(default)]
    pub display_type: Option<String>,
}

/// `config.record_reference` of an attribute.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RecordReferenceConfig {
    /// Ids of the objects a reference may point at (`None`: not a reference attribute).
    #[serde(default)]
    pub allowed_object_ids: Option<Vec<String>>,
}

/// `config` of an attribute.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AttributeConfig {
    /// Currency settings.
    #[serde(default)]
    pub currency: Option<CurrencyConfig>,
    /// Record reference settings.
    #[serde(default)]
    pub record_reference: Option<RecordReferenceConfig>,
}

/// An attribute of an object (`GET /v2/objects/{object}/attributes`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribute {
    /// Ids.
    pub id: AttributeId,
    /// Title shown in Attio.
    pub title: String,
    /// Description shown in Attio.
    #[serde(default)]
    pub description: Option<String>,
    /// Slug, the key of its values.
    pub api_slug: String,
    /// Type.
    #[serde(rename = "type")]
    pub kind: AttributeType,
    /// Created and managed by Attio.
    #[serde(default)]
    pub is_system_attribute: bool,
    /// Writable through the API (`false` for system and enriched attributes).
    #[serde(default)]
    pub is_writable: bool,
    /// New records must have a value.
    #[serde(default)]
    pub is_required: bool,
    /// No two records share a value (checked for new data only).
    #[serde(default)]
    pub is_unique: bool,
    /// Holds several values.
    #[serde(default)]
    pub is_multiselect: bool,
    /// A default value fills it on create.
    #[serde(default)]
    pub is_default_value_enabled: bool,
    /// Archived: hidden in Attio, values can no longer be written.
    #[serde(default)]
    pub is_archived: bool,
    /// The default value, as Attio describes it (`{"type": "dynamic"|"static", …}`).
    #[serde(default)]
    pub default_value: Option<Value>,
    /// The other half when this is one side of a relationship.
    #[serde(default)]
    pub relationship: Option<Relationship>,
    /// Creation time (ISO 8601).
    pub created_at: String,
    /// Type-specific settings.
    #[serde(default)]
    pub config: AttributeConfig,
}

/// `id` of a select option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionId {
    /// The workspace.
    pub workspace_id: String,
    /// The object (or list).
    #[serde(alias = "list_id")]
    pub object_id: String,
    /// The attribute.
    pub attribute_id: String,
    /// The option.
    pub option_id: String,
}

/// A select option (`GET …/attributes/{attribute}/options`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributeOption {
    /// Ids.
    pub id: OptionId,
    /// Title, what a select value is written as.
    pub title: String,
    /// Archived: kept on old values, not offered for new ones.
    #[serde(default)]
    pub is_archived: bool,
}

/// `id` of a status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusId {
    /// The workspace.
    pub workspace_id: String,
    /// The object (or list).
    #[serde(alias = "list_id")]
    pub object_id: String,
    /// The attribute.
    pub attribute_id: String,
    /// The status.
    pub status_id: String,
}

/// A status (`GET …/attributes/{attribute}/statuses`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributeStatus {
    /// Ids.
    pub id: StatusId,
    /// Title, what a status value is written as.
    pub title: String,
    /// Archived.
    #[serde(default)]
    pub is_archived: bool,
    /// Attio celebrates reaching it.
    #[serde(default)]
    pub celebration_enabled: bool,
    /// Target time in the status (ISO 8601 duration).
    #[serde(default)]
    pub target_time_in_status: Option<String>,
}

/// The body of `POST /v2/objects/{object}/attributes`: build it with [`NewAttribute::new`]
/// and the flag setters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewAttribute {
    /// Title shown in Attio.
    pub title: String,
    /// Description shown in Attio.
    pub description: Option<String>,
    /// Slug.
    pub api_slug: String,
    /// Type (fixed once created).
    #[serde(rename = "type")]
    pub kind: AttributeType,
    /// `is_required`, `is_unique` and `is_multiselect` (fixed once created).
    #[serde(flatten)]
    pub flags: AttributeFlags,
    /// Type-specific settings, as Attio documents them (`{}` for none).
    pub config: Value,
    /// For a `record-reference`: the reverse attribute of a two-way relationship, created
    /// on the other object with this one (unset: a one-way reference).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relationship: Option<NewRelationship>,
}

/// `relationship` of a [`NewAttribute`]: the reverse attribute Attio creates on `object`.
/// With the new attribute's own `is_multiselect` it gives the kind of relationship: both
/// single = one-to-one, this many and the reverse single = many-to-one, the other way
/// one-to-many, both many = many-to-many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewRelationship {
    /// The other object (slug or id).
    pub object: String,
    /// Title of the reverse attribute.
    pub title: String,
    /// Slug of the reverse attribute.
    pub api_slug: String,
    /// Whether the reverse attribute holds many references.
    pub is_multiselect: bool,
}

impl NewAttribute {
    /// An optional, non-unique, single-value attribute titled like its slug.
    pub fn new(api_slug: impl Into<String>, kind: AttributeType) -> Self {
        let api_slug = api_slug.into();
        Self {
            title: api_slug.clone(),
            description: None,
            api_slug,
            kind,
            flags: AttributeFlags::default(),
            config: Value::Object(Map::new()),
            relationship: None,
        }
    }

    /// Makes a `record-reference` one side of a two-way relationship with `reverse` on the
    /// other object (Attio then accepts only that object as a target).
    pub fn relationship(mut self, reverse: NewRelationship) -> Self {
        self.relationship = Some(reverse);
        self
    }

    /// Sets the title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    attio_model::flag_setters!(flags);

    /// For a `record-reference`: the objects (slugs or ids) its records may belong to
    /// (`config.record_reference.allowed_objects`; unset: any object).
    pub fn allowed_objects<I, S>(mut self, objects: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let objects: Vec<Value> = objects
            .into_iter()
            .map(|o| Value::String(o.into()))
            .collect();
        if let Value::Object(config) = &mut self.config {
            let mut reference = Map::new();
            reference.insert("allowed_objects".to_owned(), Value::Array(objects));
            config.insert("record_reference".to_owned(), Value::Object(reference));
        }
        self
    }
}

/// The body of `PATCH /v2/objects/{object}/attributes/{attribute}`: only the fields set
/// are sent. Type and multiselect cannot change.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AttributeUpdate {
    /// New title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// New slug (values move with it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_slug: Option<String>,
    /// New required flag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_required: Option<bool>,
    /// New unique flag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_unique: Option<bool>,
    /// Archive (`true`) or restore (`false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_archived: Option<bool>,
}
