//! `POST …/records/query`: filters (see [`filter`]), sorts, `limit` and `offset`.
//!
//! A query is compiled first ([`Store::compile_query`]: every operand checked, every `$in`
//! set built), needing only the object's schema, so the HTTP handler does it before it
//! locks the store. Running it ([`Store::run_query`]) then costs one set lookup or
//! comparison per record and condition, reads sort keys once for the matching records, and
//! renders only the requested page.

mod filter;
mod parent;
mod path;
mod scalar;

use std::cmp::Ordering;
use std::sync::Arc;

use serde_json::{Map, Value};

use self::filter::Filter;
use self::path::Path;
use self::scalar::{Field, Scalar};
use super::{Store, StoredRecord, whole};
use crate::error::ApiError;
use crate::schema::{AttributeDef, ObjectDef};

/// Default page size of a records query (SPEC).
const DEFAULT_LIMIT: usize = 500;

/// What a query runs on: an object's records, or a list's entries (whose table is
/// `object`, named `list` in a `path`, with the parent attributes of [`parent`]).
#[derive(Clone, Copy)]
pub(crate) struct Scope<'o> {
    /// Every object, for the hops of a `path`.
    pub objects: &'o [Arc<ObjectDef>],
    /// The object, or the list's table.
    pub object: &'o ObjectDef,
    /// The list's slug, for a query on its entries.
    pub list: Option<&'o str>,
}

impl<'o> Scope<'o> {
    /// The queried attribute `slug` (or id): the object's or list's own, or for entries
    /// a parent attribute.
    fn attribute(&self, slug: &str) -> Option<&'o AttributeDef> {
        self.object
            .attribute(slug)
            .or_else(|| self.list.and_then(|_| parent::attribute(slug)))
    }

    /// Whether `slug` names what is queried (the first object of a `path`).
    fn is_named(&self, slug: &str) -> bool {
        self.object.api_slug == slug || self.object.id == slug || self.list == Some(slug)
    }
}

/// A records query, parsed and checked against its object's schema.
pub(crate) struct RecordsQuery<'o> {
    object: &'o ObjectDef,
    filter: Option<Filter<'o>>,
    sorts: Vec<Sort<'o>>,
    limit: usize,
    offset: usize,
}

/// One sort: records without a value in the field (none, or only nulls) come after every
/// value, so last ascending and first descending, as Postgres orders NULLs.
struct Sort<'o> {
    field: Field<'o>,
    /// For a sort by `path`: the references walked to the records whose field is read.
    path: Option<Path<'o>>,
    descending: bool,
}

impl Sort<'_> {
    /// The sort key of `record`: its first scalar in the field (through a path: of the
    /// first record reached that has one).
    fn key<'r>(&'r self, record: &'r StoredRecord, store: &'r Store) -> Option<Scalar<'r>> {
        match &self.path {
            None => self.field.scalars(record).next(),
            Some(path) => path
                .ends(record, store)
                .into_iter()
                .find_map(|end| self.field.scalars(end).next()),
        }
    }

    fn order(&self, a: Option<Scalar<'_>>, b: Option<Scalar<'_>>) -> Ordering {
        let ascending = match (a, b) {
            (Some(a), Some(b)) => a.total_cmp(b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        if self.descending {
            ascending.reverse()
        } else {
            ascending
        }
    }
}

fn parse_sorts<'o>(scope: Scope<'o>, value: Option<&Value>) -> Result<Vec<Sort<'o>>, ApiError> {
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
            let (attr, path) = match (map.get("attribute"), map.get("path")) {
                (Some(Value::String(slug)), None) => {
                    let attr = scope.attribute(slug).ok_or_else(|| {
                        ApiError::value_not_found(format!(
                            "Cannot find attribute with slug/ID \"{slug}\"."
                        ))
                    })?;
                    (attr, None)
                }
                (None, Some(path)) => {
                    let error = |message: String| {
                        ApiError::validation(&["sorts", index.as_str(), "path"], "custom", message)
                    };
                    let path = path::parse(scope, path, error)?;
                    (path.last, Some(path))
                }
                _ => {
                    return Err(ApiError::validation(
                        &["sorts", index.as_str(), "attribute"],
                        "invalid_type",
                        "A sort takes either `attribute` (a slug or id) or `path`.",
                    ));
                }
            };
            let field = map.get("field").and_then(Value::as_str);
            Ok(Sort {
                field: Field::new(attr, field),
                path,
                descending,
            })
        })
        .collect()
}

/// `limit` or `offset`: Attio types them `number`; any integral value counts.
fn count_field(body: &Map<String, Value>, key: &str, default: usize) -> Result<usize, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(default),
        Some(v) => whole::count(v, &[key]),
    }
}

impl Store {
    /// `POST /v2/objects/{object}/records/query`.
    pub fn query(&self, object: &str, body: &Value) -> Result<Vec<Value>, ApiError> {
        let object = self.object(object)?;
        Ok(self.run_query(&Self::compile_query(&self.objects, object, body)?))
    }

    /// Parses and checks a query body for `object`'s records. It needs no store, so a
    /// caller holding the store behind a lock can compile without it.
    pub(crate) fn compile_query<'o>(
        objects: &'o [Arc<ObjectDef>],
        object: &'o ObjectDef,
        body: &Value,
    ) -> Result<RecordsQuery<'o>, ApiError> {
        let scope = Scope {
            objects,
            object,
            list: None,
        };
        Self::compile(scope, body)
    }

    /// Parses and checks a query body for what `scope` names.
    pub(crate) fn compile<'o>(
        scope: Scope<'o>,
        body: &Value,
    ) -> Result<RecordsQuery<'o>, ApiError> {
        let empty = Map::new();
        let body = match body {
            Value::Object(map) => map,
            Value::Null => &empty,
            other => return Err(ApiError::wrong_type(&[], "object", other)),
        };
        let filter = match body.get("filter") {
            None | Some(Value::Null) => None,
            Some(f) => Some(filter::parse(scope, f)?),
        };
        Ok(RecordsQuery {
            object: scope.object,
            filter,
            sorts: parse_sorts(scope, body.get("sorts"))?,
            limit: count_field(body, "limit", DEFAULT_LIMIT)?,
            offset: count_field(body, "offset", 0)?,
        })
    }

    /// Runs a compiled query: the matching records in creation order, or sorted (ties keep
    /// creation order, so the order is total), then the page `offset..offset + limit`.
    pub(crate) fn run_query(&self, query: &RecordsQuery<'_>) -> Vec<Value> {
        self.matching(query)
            .into_iter()
            .map(|r| self.record_json(query.object, r))
            .collect()
    }

    /// The records (or entries) a compiled query selects, in order, paged.
    pub(crate) fn matching<'s>(&'s self, query: &RecordsQuery<'_>) -> Vec<&'s StoredRecord> {
        let records = self
            .table(&query.object.api_slug)
            .into_iter()
            .flat_map(|t| t.iter());
        let mut found: Vec<&StoredRecord> = match &query.filter {
            Some(filter) => records.filter(|r| filter.matches(r, self)).collect(),
            None => records.collect(),
        };
        if !query.sorts.is_empty() {
            let mut keyed: Vec<(Vec<Option<Scalar<'_>>>, &StoredRecord)> = found
                .into_iter()
                .map(|r| (query.sorts.iter().map(|s| s.key(r, self)).collect(), r))
                .collect();
            // A stable sort: records equal on every key stay in creation order.
            keyed.sort_by(|(a, _), (b, _)| {
                query
                    .sorts
                    .iter()
                    .zip(a.iter().zip(b))
                    .map(|(sort, (x, y))| sort.order(*x, *y))
                    .find(|o| o.is_ne())
                    .unwrap_or(Ordering::Equal)
            });
            found = keyed.into_iter().map(|(_, r)| r).collect();
        }
        found
            .into_iter()
            .skip(query.offset)
            .take(query.limit)
            .collect()
    }
}
