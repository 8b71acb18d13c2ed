//! The JSON Attio serves for objects, attributes, select options and statuses.

use serde_json::{Value, json};

use super::{AttributeDef, AttributeType, ObjectDef, OptionDef};

impl ObjectDef {
    /// The object in Attio's `object` schema.
    pub fn to_json(&self, workspace_id: &str) -> Value {
        json!({
            "id": {"workspace_id": workspace_id, "object_id": self.id},
            "api_slug": self.api_slug,
            "singular_noun": self.singular_noun,
            "plural_noun": self.plural_noun,
            "created_at": self.created_at,
        })
    }

    /// An attribute of this object in Attio's `attribute` schema.
    /// `allowed_object_ids` resolves the target slugs of record references to object ids.
    pub fn attribute_json(
        &self,
        attribute: &AttributeDef,
        workspace_id: &str,
        allowed_object_ids: Option<Vec<String>>,
        relationship: Option<Value>,
    ) -> Value {
        let currency = match attribute.kind {
            AttributeType::Currency => json!({
                "default_currency_code": attribute.currency_code,
                "display_type": "symbol",
            }),
            _ => json!({"default_currency_code": null, "display_type": null}),
        };
        json!({
            "id": {"workspace_id": workspace_id, "object_id": self.id, "attribute_id": attribute.id},
            "title": attribute.title,
            "description": attribute.description,
            "api_slug": attribute.api_slug,
            "type": attribute.kind.as_str(),
            "is_system_attribute": attribute.is_system,
            "is_writable": !attribute.is_system,
            "is_required": attribute.is_required,
            "is_unique": attribute.is_unique,
            "is_multiselect": attribute.is_multiselect,
            "is_default_value_enabled": false,
            "is_archived": attribute.is_archived,
            "default_value": null,
            "relationship": relationship,
            "created_at": attribute.created_at,
            "config": {
                "currency": currency,
                "record_reference": {"allowed_object_ids": allowed_object_ids},
            },
        })
    }

    /// A select option in Attio's `select-option` schema.
    pub fn option_json(
        &self,
        attribute: &AttributeDef,
        option: &OptionDef,
        workspace_id: &str,
    ) -> Value {
        json!({
            "id": {
                "workspace_id": workspace_id,
                "object_id": self.id,
                "attribute_id": attribute.id,
                "option_id": option.id,
            },
            "title": option.title,
            "is_archived": option.is_archived,
        })
    }

    /// A status in Attio's `status` schema.
    pub fn status_json(
        &self,
        attribute: &AttributeDef,
        status: &OptionDef,
        workspace_id: &str,
    ) -> Value {
        json!({
            "id": {
                "workspace_id": workspace_id,
                "object_id": self.id,
                "attribute_id": attribute.id,
                "status_id": status.id,
            },
            "title": status.title,
            "is_archived": status.is_archived,
            "celebration_enabled": false,
            "target_time_in_status": null,
        })
    }
}
