//! `POST …/records/query`: filters (shorthand equality, `$eq`, `$in`, `$contains`,
//! `$starts_with`, `$ends_with`, `$lt`/`$lte`/`$gt`/`$gte`, `$not_empty`, `$and`/`$or`/`$not`),
//! sorts, `limit` and `offset`.

use std::cmp::Ordering;

use serde_json::{Map, Value};

use super::{Store, StoredRecord};
use crate::error::ApiError;
use crate::schema::{AttributeDef, AttributeType as T, ObjectDef};

/// Default page size of a records query (SPEC).
const DEFAULT_LIMIT: usize = 500;

/// A parsed filter.
enum Filter<'o> {
    And(Vec<Filter<'o>>),
    Or(Vec<Filter<'o>>),
    Not(Box<Filter<'o>>),
    Cond {
        attr: &'o AttributeDef,
        property: Option<String>,
        op: String,
        operand: Value,
    },
}

const OPS: &[&str] = &[
    "$eq",
    "$in",
    "$contains",
    "$starts_with",
    "$ends_with",
    "$lt",
    "$lte",
    "$gt",
    "$gte",
    "$not_empty",
];

/// The property a shorthand filter or a sort without `field` reads.
fn default_property(kind: T) -> &'static str {
    match kind {
        T::Currency => "currency_value",
        T::EmailAddress => "email_address",
        T::Domain => "domain",
        T::PhoneNumber => "phone_number",
        T::RecordReference => "target_record_id",
        T::Select => "option",
        T::Status => "status",
        T::PersonalName => "full_name",
        T::Location => "line_1",
        T::ActorReference => "referenced_actor_id",
        T::Interaction => "interacted_at",
        T::Text | T::Number | T::Checkbox | T::Date | T::Timestamp | T::Rating => "value",
    }
}

fn parse<'o>(object: &'o ObjectDef, value: &Value) -> Result<Filter<'o>, ApiError> {
    let map = value
        .as_object()
        .ok_or_else(|| ApiError::filter("A filter must be an object."))?;
    let mut all = Vec::with_capacity(map.len());
    for (key, inner) in map {
        let list = |inner: &Value| -> Result<Vec<Filter>, ApiError> {
            inner
                .as_array()
                .ok_or_else(|| ApiError::filter(format!("{key} takes an array of filters.")))?
                .iter()
                .map(|f| parse(object, f))
                .collect()
        };
        all.push(match key.as_str() {
            "$and" => Filter::And(list(inner)?),
            "$or" => Filter::Or(list(inner)?),
            "$not" => Filter::Not(Box::new(parse(object, inner)?)),
            "path" | "constraints" => {
                return Err(ApiError::filter(
                    "Path (drill-down) filters are not supported by the emulator.",
                ));
            }
            slug => {
                let attr = object
                    .attribute(slug)
                    .ok_or_else(|| ApiError::filter(format!("Unknown attribute \"{slug}\".")))?;
                conditions(attr, None, inner)?
            }
        });
    }
    Ok(if all.len() == 1 {
        all.remove(0)
    } else {
        Filter::And(all)
    })
}

/// `inner` is a literal (equality), an operator object, or (without `property`) a property map.
fn conditions<'o>(
    attr: &'o AttributeDef,
    property: Option<String>,
    inner: &Value,
) -> Result<Filter<'o>, ApiError> {
    let Some(map) = inner.as_object().filter(|m| !m.is_empty()) else {
        return Ok(Filter::Cond {
            attr,
            property,
            op: "$eq".to_owned(),
            operand: inner.clone(),
        });
    };
    let mut all = Vec::with_capacity(map.len());
    for (key, operand) in map {
        if key.starts_with('$') {
            if !OPS.contains(&key.as_str()) {
                return Err(ApiError::filter(format!("Unknown operator \"{key}\".")));
            }
            all.push(Filter::Cond {
                attr,
                property: property.clone(),
                op: key.clone(),
                operand: operand.clone(),
            });
        } else if property.is_none() {
            all.push(conditions(attr, Some(key.clone()), operand)?);
        } else {
            return Err(ApiError::filter(format!(
                "Unexpected key \"{key}\" after a property."
            )));
        }
    }
    Ok(if all.len() == 1 {
        all.remove(0)
    } else {
        Filter::And(all)
    })
}

/// The comparable values of `attr` on `record` (select/status compare by title).
fn values_of(record: &StoredRecord, attr: &AttributeDef, property: Option<&str>) -> Vec<Value> {
    if attr.is_system {
        return match attr.api_slug.as_str() {
            "record_id" => vec![Value::String(record.id.clone())],
            "created_at" => vec![Value::String(record.created_at.clone())],
            _ => Vec::new(),
        };
    }
    let property = property.unwrap_or(default_property(attr.kind));
    record
        .current(&attr.api_slug)
        .iter()
        .filter_map(|v| v.fields.get(property))
        .map(|v| match v {
            Value::Object(m) => m.get("title").cloned().unwrap_or(Value::Null),
            other => other.clone(),
        })
        .collect()
}

fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64()?.partial_cmp(&y.as_f64()?),
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

fn text_op(value: &Value, operand: &Value, op: &str) -> Result<bool, ApiError> {
    let needle = operand
        .as_str()
        .ok_or_else(|| ApiError::filter(format!("{op} takes a string.")))?
        .to_lowercase();
    let Some(hay) = value.as_str().map(str::to_lowercase) else {
        return Ok(false);
    };
    Ok(match op {
        "$contains" => hay.contains(&needle),
        "$starts_with" => hay.starts_with(&needle),
        _ => hay.ends_with(&needle),
    })
}

fn normalise_operand(kind: T, operand: &Value) -> Value {
    match (kind, operand) {
        (T::EmailAddress | T::Domain, Value::String(s)) => Value::String(s.trim().to_lowercase()),
        _ => operand.clone(),
    }
}

fn matches(filter: &Filter, record: &StoredRecord) -> Result<bool, ApiError> {
    match filter {
        Filter::And(all) => {
            for f in all {
                if !matches(f, record)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Filter::Or(any) => {
            for f in any {
                if matches(f, record)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Filter::Not(inner) => Ok(!matches(inner, record)?),
        Filter::Cond {
            attr,
            property,
            op,
            operand,
        } => {
            let values = values_of(record, attr, property.as_deref());
            let operand = normalise_operand(attr.kind, operand);
            let eq = |v: &Value, o: &Value| compare(v, o) == Some(Ordering::Equal);
            match op.as_str() {
                "$eq" => Ok(values.iter().any(|v| eq(v, &operand))),
                "$in" => {
                    let set = operand
                        .as_array()
                        .ok_or_else(|| ApiError::filter("$in takes an array."))?;
                    let set: Vec<Value> = set
                        .iter()
                        .map(|o| normalise_operand(attr.kind, o))
                        .collect();
                    Ok(values.iter().any(|v| set.iter().any(|o| eq(v, o))))
                }
                "$not_empty" => {
                    let want = operand
                        .as_bool()
                        .ok_or_else(|| ApiError::filter("$not_empty takes a boolean."))?;
                    Ok(values.is_empty() != want)
                }
                "$contains" | "$starts_with" | "$ends_with" => {
                    for v in &values {
                        if text_op(v, &operand, op)? {
                            return Ok(true);
                        }
                    }
                    Ok(false)
                }
                ord => Ok(values.iter().any(|v| match compare(v, &operand) {
                    Some(o) => match ord {
                        "$lt" => o == Ordering::Less,
                        "$lte" => o != Ordering::Greater,
                        "$gt" => o == Ordering::Greater,
                        _ => o != Ordering::Less,
                    },
                    None => false,
                })),
            }
        }
    }
}

struct Sort<'o> {
    attr: &'o AttributeDef,
    field: Option<String>,
    descending: bool,
}

fn parse_sorts<'o>(
    object: &'o ObjectDef,
    value: Option<&Value>,
) -> Result<Vec<Sort<'o>>, ApiError> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    let list = value
        .as_array()
        .ok_or_else(|| ApiError::wrong_type(&["sorts"], "array", value))?;
    list.iter()
        .enumerate()
        .map(|(i, sort)| {
            let index = i.to_string();
            let path = ["sorts", index.as_str()];
            let map = sort
                .as_object()
                .ok_or_else(|| ApiError::wrong_type(&path, "object", sort))?;
            let descending = match map.get("direction").and_then(Value::as_str) {
                Some("asc") => false,
                Some("desc") => true,
                _ => {
                    return Err(ApiError::validation(
                        &["sorts", index.as_str(), "direction"],
                        "invalid_enum_value",
                        "Expected 'asc' | 'desc'",
                    ));
                }
            };
            let slug = map
                .get("attribute")
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    ApiError::validation(
                        &["sorts", index.as_str(), "attribute"],
                        "invalid_type",
                        "Required (path sorts are not supported by the emulator)",
                    )
                })?;
            let attr = object.attribute(slug).ok_or_else(|| {
                ApiError::value_not_found(format!("Cannot find attribute with slug/ID \"{slug}\"."))
            })?;
            let field = map.get("field").and_then(Value::as_str).map(str::to_owned);
            Ok(Sort {
                attr,
                field,
                descending,
            })
        })
        .collect()
}

fn usize_field(body: &Map<String, Value>, key: &str, default: usize) -> Result<usize, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(default),
        Some(v) => v
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| ApiError::wrong_type(&[key], "non-negative integer", v)),
    }
}

impl Store {
    /// `POST /v2/objects/{object}/records/query`.
    pub fn query(&self, object: &str, body: &Value) -> Result<Vec<Value>, ApiError> {
        let object = self.object(object)?;
        let empty = Map::new();
        let body = match body {
            Value::Object(map) => map,
            Value::Null => &empty,
            other => return Err(ApiError::wrong_type(&[], "object", other)),
        };
        let filter = match body.get("filter") {
            None | Some(Value::Null) => None,
            Some(f) => Some(parse(object, f)?),
        };
        let sorts = parse_sorts(object, body.get("sorts"))?;
        let limit = usize_field(body, "limit", DEFAULT_LIMIT)?;
        let offset = usize_field(body, "offset", 0)?;
        let mut found: Vec<&StoredRecord> = Vec::new();
        for record in self
            .table(&object.api_slug)
            .into_iter()
            .flat_map(|t| t.iter())
        {
            if filter.as_ref().map_or(Ok(true), |f| matches(f, record))? {
                found.push(record);
            }
        }
        if !sorts.is_empty() {
            found.sort_by(|a, b| {
                for sort in &sorts {
                    let key = |r: &StoredRecord| {
                        values_of(r, sort.attr, sort.field.as_deref())
                            .into_iter()
                            .next()
                    };
                    let ordering = match (key(a), key(b)) {
                        (Some(x), Some(y)) => {
                            let o = compare(&x, &y).unwrap_or(Ordering::Equal);
                            if sort.descending { o.reverse() } else { o }
                        }
                        // Records without a value sort last in both directions.
                        (Some(_), None) => Ordering::Less,
                        (None, Some(_)) => Ordering::Greater,
                        (None, None) => Ordering::Equal,
                    };
                    if ordering != Ordering::Equal {
                        return ordering;
                    }
                }
                Ordering::Equal
            });
        }
        Ok(found
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|r| self.record_json(object, r))
            .collect())
    }
}
