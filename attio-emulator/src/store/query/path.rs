//! Path ("drill-down") filters and sorts: `[[object, attribute], …]` walks record
//! references from the queried object to an attribute of the referenced records
//! (Attio's filtering guide, "Paths and parents"). Every hop but the last must be a
//! record-reference attribute of the object named with it; the first object must be the
//! one queried. On a list's entries, `parent_record` walks to the entry's parent record.

use serde_json::Value;

use super::{Scope, parent};
use crate::error::ApiError;
use crate::schema::{AttributeDef, AttributeType};
use crate::store::{Store, StoredRecord};

/// A compiled path: the reference attributes to follow, then the final attribute.
pub(super) struct Path<'o> {
    /// The record-reference attributes walked, in order.
    pub hops: Vec<&'o AttributeDef>,
    /// The attribute the constraints (or the sort) read, on the last object.
    pub last: &'o AttributeDef,
}

/// Parses `path` for a query on `object`; `what` (`filter` or `sorts`) picks the error.
pub(super) fn parse<'o>(
    scope: Scope<'o>,
    path: &Value,
    error: impl Fn(String) -> ApiError,
) -> Result<Path<'o>, ApiError> {
    let pairs = path
        .as_array()
        .filter(|list| list.len() >= 2)
        .ok_or_else(|| error("`path` takes at least two [object, attribute] pairs.".to_owned()))?;
    let mut attrs = Vec::with_capacity(pairs.len());
    for (i, pair) in pairs.iter().enumerate() {
        let (slug, attribute) = match pair.as_array().map(Vec::as_slice) {
            Some([Value::String(o), Value::String(a)]) => (o.as_str(), a.as_str()),
            _ => return Err(error(format!("`path[{i}]` must be [object, attribute]."))),
        };
        // The first pair names the queried object (or list), which need not be an object.
        let attr = if i == 0 {
            if !scope.is_named(slug) {
                return Err(error(format!(
                    "`path` must start at the queried {} \"{}\", not \"{slug}\".",
                    if scope.list.is_some() {
                        "list"
                    } else {
                        "object"
                    },
                    scope.list.unwrap_or(&scope.object.api_slug)
                )));
            }
            scope.attribute(attribute)
        } else {
            scope
                .objects
                .iter()
                .find(|o| o.api_slug == slug || o.id == slug)
                .ok_or_else(|| error(format!("Unknown object \"{slug}\" in `path[{i}]`.")))?
                .attribute(attribute)
        };
        let attr =
            attr.ok_or_else(|| error(format!("Unknown attribute \"{attribute}\" on \"{slug}\".")))?;
        attrs.push(attr);
    }
    let last = attrs
        .pop()
        .ok_or_else(|| error("empty `path`".to_owned()))?;
    if let Some(bad) = attrs
        .iter()
        .find(|a| a.kind != AttributeType::RecordReference)
    {
        return Err(error(format!(
            "\"{}\" is not a record reference: only references can be walked in a `path`.",
            bad.api_slug
        )));
    }
    Ok(Path { hops: attrs, last })
}

impl Path<'_> {
    /// The records at the end of the path from `record`, in value order.
    pub fn ends<'s>(&self, record: &'s StoredRecord, store: &'s Store) -> Vec<&'s StoredRecord> {
        let mut at = vec![record];
        for hop in &self.hops {
            if parent::is_parent_record(hop) {
                at = at
                    .into_iter()
                    .filter_map(|entry| {
                        let parent = parent::of(entry)?;
                        store.table(&parent.object)?.get(&parent.record_id)
                    })
                    .collect();
                continue;
            }
            at = at
                .into_iter()
                .flat_map(|r| r.current(&hop.api_slug))
                .filter_map(|value| {
                    let object = value.fields.get("target_object")?.as_str()?;
                    let id = value.fields.get("target_record_id")?.as_str()?;
                    store.table(object)?.get(id)
                })
                .collect();
        }
        at
    }
}
