//! Reads: records and values in Attio's read shape, objects and attributes listings.

use serde_json::{Map, Value, json};

use super::record_view::{RecordView, ValueView, ValuesView, to_value};
use super::{Store, StoredRecord, StoredValue};
use crate::error::ApiError;
use crate::schema::{AttributeDef, AttributeType, ObjectDef};

impl Store {
    /// One value in Attio's read shape.
    pub(crate) fn value_json(kind: &AttributeType, value: &StoredValue) -> Value {
        to_value(ValueView { kind, value })
    }

    /// A record in Attio's read shape: every non-system attribute is present, `[]` when empty.
    pub(crate) fn record_json(&self, object: &ObjectDef, record: &StoredRecord) -> Value {
        to_value(self.record_view(object, record))
    }

    /// [`Store::record_json`] as a view, to serialise straight to bytes.
    pub(crate) fn record_view<'a>(
        &'a self,
        object: &'a ObjectDef,
        record: &'a StoredRecord,
    ) -> RecordView<'a> {
        RecordView {
            workspace_id: &self.workspace.id,
            workspace_slug: &self.workspace.slug,
            object,
            record,
        }
    }

    /// The current values of every non-system attribute, `[]` when empty (a record's
    /// `values`, an entry's `entry_values`).
    pub(crate) fn values_json(object: &ObjectDef, record: &StoredRecord) -> Map<String, Value> {
        match to_value(ValuesView { object, record }) {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    /// All records of an object in read shape, creation order.
    pub fn records_json(&self, object: &str) -> Result<Vec<Value>, ApiError> {
        let object = self.object(object)?;
        Ok(self
            .table(&object.api_slug)
            .map(|t| t.iter().map(|r| self.record_json(object, r)).collect())
            .unwrap_or_default())
    }

    /// `GET /v2/objects/{object}/records/{record_id}`.
    pub fn get_record(&self, object: &str, record_id: &str) -> Result<Value, ApiError> {
        let object = self.object(object)?;
        let record = self.record(&object.api_slug, record_id)?;
        Ok(self.record_json(object, record))
    }

    /// `GET …/records/{record_id}/attributes/{attribute}/values`: current values, or with
    /// `show_historic` every value ever held, oldest `active_from` first.
    pub fn attribute_values(
        &self,
        object: &str,
        record_id: &str,
        attribute: &str,
        show_historic: bool,
        limit: Option<usize>,
        offset: usize,
    ) -> Result<Vec<Value>, ApiError> {
        let object = self.object(object)?;
        let record = self.record(&object.api_slug, record_id)?;
        self.slot_values(object, record, attribute, show_historic, limit, offset)
    }

    /// The values of one attribute of a record or entry, current or (`show_historic`)
    /// every value ever held, oldest `active_from` first; then the page.
    pub(crate) fn slot_values(
        &self,
        object: &ObjectDef,
        record: &StoredRecord,
        attribute: &str,
        show_historic: bool,
        limit: Option<usize>,
        offset: usize,
    ) -> Result<Vec<Value>, ApiError> {
        let attr = self.attribute(object, attribute)?;
        if show_historic && attr.kind == AttributeType::Interaction {
            return Err(ApiError::bad_request(
                "show_historic is not supported for interaction attributes.",
            ));
        }
        let mut values: Vec<&StoredValue> = match record.values.get(&attr.api_slug) {
            Some(slot) if show_historic => slot.historic.iter().chain(&slot.current).collect(),
            Some(slot) => slot.current.iter().collect(),
            None => Vec::new(),
        };
        if show_historic {
            values.sort_by(|a, b| a.active_from.cmp(&b.active_from));
        }
        Ok(values
            .into_iter()
            .skip(offset)
            .take(limit.unwrap_or(usize::MAX))
            .map(|v| Self::value_json(&attr.kind, v))
            .collect())
    }

    /// The attribute of `object` with this slug or id, or 404 `not_found`.
    pub(crate) fn attribute<'o>(
        &self,
        object: &'o ObjectDef,
        slug_or_id: &str,
    ) -> Result<&'o AttributeDef, ApiError> {
        object.attribute(slug_or_id).ok_or_else(|| {
            ApiError::not_found(format!(
                "Attribute with slug/ID \"{slug_or_id}\" not found on object \"{}\".",
                object.api_slug
            ))
        })
    }

    /// `GET /v2/objects`.
    pub fn objects_json(&self) -> Vec<Value> {
        self.objects
            .iter()
            .map(|o| o.to_json(&self.workspace.id))
            .collect()
    }

    /// `GET /v2/objects/{object}`.
    pub fn object_json(&self, object: &str) -> Result<Value, ApiError> {
        Ok(self.object(object)?.to_json(&self.workspace.id))
    }

    fn attribute_full_json(&self, object: &ObjectDef, attr: &AttributeDef) -> Value {
        let allowed = (attr.kind == AttributeType::RecordReference).then(|| {
            self.objects
                .iter()
                .filter(|o| {
                    attr.target_objects.is_empty() || attr.target_objects.contains(&o.api_slug)
                })
                .map(|o| o.id.clone())
                .collect()
        });
        let relationship = attr.inverse.as_ref().and_then(|inv| {
            let other = self.object(&inv.object).ok()?;
            let other_attr = other.attribute(&inv.attribute)?;
            Some(json!({
                "id": {"workspace_id": self.workspace.id, "object_id": other.id, "attribute_id": other_attr.id},
                "object_slug": other.api_slug,
                "title": other_attr.title,
                "api_slug": other_attr.api_slug,
                "is_multiselect": other_attr.is_multiselect,
            }))
        });
        object.attribute_json(attr, &self.workspace.id, allowed, relationship)
    }

    /// `GET /v2/objects/{object}/attributes` (UI order, `limit`/`offset` applied).
    /// Archived attributes only with `show_archived`.
    pub fn attributes_json(
        &self,
        object: &str,
        limit: Option<usize>,
        offset: usize,
        show_archived: bool,
    ) -> Result<Vec<Value>, ApiError> {
        let object = self.schema(object)?;
        Ok(object
            .attributes
            .iter()
            .filter(|a| show_archived || !a.is_archived)
            .skip(offset)
            .take(limit.unwrap_or(usize::MAX))
            .map(|a| self.attribute_full_json(object, a))
            .collect())
    }

    /// `GET /v2/objects/{object}/attributes/{attribute}`.
    pub fn attribute_json(&self, object: &str, attribute: &str) -> Result<Value, ApiError> {
        let object = self.schema(object)?;
        let attr = self.attribute(object, attribute)?;
        Ok(self.attribute_full_json(object, attr))
    }

    /// `GET …/attributes/{attribute}/options` (select) or `/statuses` (status).
    pub fn choices_json(
        &self,
        object: &str,
        attribute: &str,
        statuses: bool,
        show_archived: bool,
    ) -> Result<Vec<Value>, ApiError> {
        let object = self.schema(object)?;
        let attr = self.attribute(object, attribute)?;
        let expected = if statuses {
            AttributeType::Status
        } else {
            AttributeType::Select
        };
        if attr.kind != expected {
            return Err(ApiError::not_found(format!(
                "Attribute \"{}\" is not a {} attribute.",
                attr.api_slug,
                expected.as_str()
            )));
        }
        let ws = &self.workspace.id;
        Ok(if statuses {
            attr.statuses
                .iter()
                .filter(|s| show_archived || !s.is_archived)
                .map(|s| object.status_json(attr, s, ws))
                .collect()
        } else {
            attr.options
                .iter()
                .filter(|o| show_archived || !o.is_archived)
                .map(|o| object.option_json(attr, o, ws))
                .collect()
        })
    }
}
