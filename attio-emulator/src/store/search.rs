//! `POST /v2/objects/records/search`: Attio's fuzzy search, emulated as a case-insensitive
//! substring match of the query on every text-like value of the searched objects' records
//! (names, emails, domains, phone numbers, text), in creation order, at most `limit`
//! (default 25) results. An empty query returns the first records. Attio documents the
//! endpoint as eventually consistent; the emulator answers from its current state.

use serde_json::{Map, Value, json};

use super::{Store, StoredRecord, whole};
use crate::error::ApiError;
use crate::schema::ObjectDef;

/// Attio's default and maximum number of results.
const MAX_LIMIT: usize = 25;
/// The longest query Attio accepts, in characters.
const MAX_QUERY_CHARS: usize = 256;

impl Store {
    /// `POST /v2/objects/records/search`.
    pub fn search(&self, body: &Value) -> Result<Vec<Value>, ApiError> {
        let body = body
            .as_object()
            .ok_or_else(|| ApiError::wrong_type(&[], "object", body))?;
        let query = body
            .get("query")
            .and_then(Value::as_str)
            .ok_or_else(|| ApiError::validation(&["query"], "invalid_type", "Required"))?;
        if query.chars().count() > MAX_QUERY_CHARS {
            return Err(ApiError::validation(
                &["query"],
                "too_big",
                "String must contain at most 256 character(s)",
            ));
        }
        let objects = body
            .get("objects")
            .and_then(Value::as_array)
            .filter(|list| !list.is_empty())
            .ok_or_else(|| {
                ApiError::validation(
                    &["objects"],
                    "too_small",
                    "Array must contain at least 1 element(s)",
                )
            })?;
        if body.get("request_as").and_then(Value::as_object).is_none() {
            return Err(ApiError::validation(
                &["request_as"],
                "invalid_type",
                "Required",
            ));
        }
        let limit = match body.get("limit") {
            None | Some(Value::Null) => MAX_LIMIT,
            Some(v) => whole::count(v, &["limit"])?,
        };
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::validation(
                &["limit"],
                "too_big",
                "Number must be between 1 and 25",
            ));
        }
        let needle = query.to_lowercase();
        let mut hits = Vec::new();
        for slug in objects {
            let slug = slug.as_str().unwrap_or_default();
            let object = self.object(slug).map_err(|_| {
                ApiError::value_not_found(format!("Object with slug/ID \"{slug}\" not found."))
            })?;
            let records = self
                .table(&object.api_slug)
                .into_iter()
                .flat_map(|t| t.iter());
            for record in records {
                if hits.len() == limit {
                    return Ok(hits);
                }
                let matches = needle.is_empty()
                    || texts(object, record).any(|t| t.to_lowercase().contains(&needle));
                if matches {
                    hits.push(self.hit_json(object, record));
                }
            }
        }
        Ok(hits)
    }

    /// One result: ids, a label, the object, and the people/companies extras.
    fn hit_json(&self, object: &ObjectDef, record: &StoredRecord) -> Value {
        let strings = |slug: &str, field: &str| -> Vec<Value> {
            record
                .current(slug)
                .iter()
                .filter_map(|v| v.fields.get(field).cloned())
                .collect()
        };
        let label = ["name", "full_name", "user_id", "workspace_id"]
            .iter()
            .find_map(|slug| {
                let value = record.current(slug).first()?;
                ["full_name", "value"]
                    .iter()
                    .find_map(|f| value.fields.get(f)?.as_str().map(str::to_owned))
            })
            .or_else(|| texts(object, record).next().map(str::to_owned))
            .unwrap_or_default();
        let mut hit = Map::new();
        hit.insert(
            "id".to_owned(),
            json!({"workspace_id": self.workspace.id, "object_id": object.id, "record_id": record.id}),
        );
        hit.insert("record_text".to_owned(), label.into());
        hit.insert("record_image".to_owned(), Value::Null);
        hit.insert("object_slug".to_owned(), object.api_slug.clone().into());
        match object.api_slug.as_str() {
            "people" => {
                hit.insert(
                    "email_addresses".to_owned(),
                    strings("email_addresses", "email_address").into(),
                );
                hit.insert(
                    "phone_numbers".to_owned(),
                    strings("phone_numbers", "phone_number").into(),
                );
            }
            "companies" => {
                hit.insert("domains".to_owned(), strings("domains", "domain").into());
            }
            _ => {}
        }
        Value::Object(hit)
    }
}

/// Every string a record's current values hold (ids and object slugs aside), in
/// attribute order: what a search matches.
fn texts<'r>(
    object: &'r ObjectDef,
    record: &'r StoredRecord,
) -> impl Iterator<Item = &'r str> + 'r {
    object
        .attributes
        .iter()
        .filter(|a| !a.is_system)
        .flat_map(move |a| record.current(&a.api_slug))
        .flat_map(|value| value.fields.iter())
        .filter(|(key, _)| !key.ends_with("_id") && *key != "target_object")
        .filter_map(|(_, field)| field.as_str())
}
