//! Filters of a records query, compiled once from the request: shorthand equality, `$eq`,
//! `$in`, `$contains`, `$starts_with`, `$ends_with`, `$lt`/`$lte`/`$gt`/`$gte`,
//! `$not_empty`, `$and`/`$or`/`$not`. Compiling validates every operand and builds each
//! `$in` set, so matching a record is a set lookup or a comparison per condition and
//! cannot fail.

use std::cmp::Ordering;
use std::collections::HashSet;

use serde_json::Value;

use super::Scope;
use super::path::{self, Path};
use super::scalar::{Field, Operand, Scalar};
use crate::error::ApiError;
use crate::schema::AttributeDef;
use crate::store::{Store, StoredRecord};

/// A compiled filter.
pub(super) enum Filter<'o> {
    /// Every filter matches.
    And(Vec<Filter<'o>>),
    /// Some filter matches.
    Or(Vec<Filter<'o>>),
    /// The filter does not match.
    Not(Box<Filter<'o>>),
    /// One condition on one field.
    Cond(Field<'o>, Test),
    /// Some record at the end of the path matches the constraints.
    Path(Path<'o>, Box<Filter<'o>>),
}

/// The test of one condition.
pub(super) enum Test {
    /// `$eq` (and shorthand equality); `None` for an operand that equals nothing.
    Eq(Option<Operand>),
    /// `$in`.
    In(OperandSet),
    /// `$contains`, `$starts_with`, `$ends_with` with the lower-cased needle.
    Text(TextOp, String),
    /// `$lt`, `$lte`, `$gt`, `$gte`; `None` for an operand nothing compares with.
    Cmp(CmpOp, Option<Operand>),
    /// `$not_empty`: whether the field must have a value.
    NotEmpty(bool),
}

/// A case-insensitive text operator.
#[derive(Debug, Clone, Copy)]
pub(super) enum TextOp {
    Contains,
    StartsWith,
    EndsWith,
}

/// An ordering operator.
#[derive(Debug, Clone, Copy)]
pub(super) enum CmpOp {
    Lt,
    Lte,
    Gt,
    Gte,
}

/// The operands of one `$in`, hashed by type, so a record's scalar is looked up in O(1)
/// without allocating. Numbers are keyed by their bits (operands are canonical: no `-0.0`).
#[derive(Default)]
pub(super) struct OperandSet {
    strings: HashSet<String>,
    numbers: HashSet<u64>,
    booleans: [bool; 2],
}

impl OperandSet {
    fn insert(&mut self, operand: Operand) {
        match operand {
            Operand::Bool(b) => self.booleans[usize::from(b)] = true,
            Operand::Num(f) => {
                self.numbers.insert(f.to_bits());
            }
            Operand::Str(s) => {
                self.strings.insert(s);
            }
        }
    }

    fn contains(&self, scalar: Scalar<'_>) -> bool {
        match scalar {
            Scalar::Bool(b) => self.booleans[usize::from(b)],
            Scalar::Num(f) => self.numbers.contains(&f.to_bits()),
            Scalar::Str(s) => self.strings.contains(s),
        }
    }
}

/// Parses a filter of the records (or entries) `scope` names.
pub(super) fn parse<'o>(scope: Scope<'o>, value: &Value) -> Result<Filter<'o>, ApiError> {
    let map = value
        .as_object()
        .ok_or_else(|| ApiError::filter("A filter must be an object."))?;
    if let Some(path) = map.get("path") {
        let constraints = map
            .get("constraints")
            .filter(|c| c.is_object())
            .ok_or_else(|| ApiError::filter("A `path` filter takes `constraints`, an object."))?;
        if map.len() != 2 {
            return Err(ApiError::filter(
                "A `path` filter has only `path` and `constraints`.",
            ));
        }
        let path = path::parse(scope, path, ApiError::filter)?;
        let inner = conditions(path.last, None, constraints)?;
        return Ok(Filter::Path(path, Box::new(inner)));
    }
    let mut all = Vec::with_capacity(map.len());
    for (key, inner) in map {
        let list = |inner: &Value| -> Result<Vec<Filter>, ApiError> {
            inner
                .as_array()
                .ok_or_else(|| ApiError::filter(format!("{key} takes an array of filters.")))?
                .iter()
                .map(|f| parse(scope, f))
                .collect()
        };
        all.push(match key.as_str() {
            "$and" => Filter::And(list(inner)?),
            "$or" => Filter::Or(list(inner)?),
            "$not" => Filter::Not(Box::new(parse(scope, inner)?)),
            "constraints" => {
                return Err(ApiError::filter("`constraints` needs a `path`."));
            }
            slug => {
                let attr = scope
                    .attribute(slug)
                    .ok_or_else(|| ApiError::filter(format!("Unknown attribute \"{slug}\".")))?;
                conditions(attr, None, inner)?
            }
        });
    }
    Ok(all_of(all))
}

fn all_of(mut all: Vec<Filter<'_>>) -> Filter<'_> {
    if all.len() == 1 {
        all.remove(0)
    } else {
        Filter::And(all)
    }
}

/// `inner` is a literal (equality), an operator object, or (without `property`) a property map.
fn conditions<'o>(
    attr: &'o AttributeDef,
    property: Option<&str>,
    inner: &Value,
) -> Result<Filter<'o>, ApiError> {
    let Some(map) = inner.as_object().filter(|m| !m.is_empty()) else {
        return Ok(Filter::Cond(
            Field::new(attr, property),
            Test::Eq(Operand::of(&attr.kind, inner)),
        ));
    };
    let mut all = Vec::with_capacity(map.len());
    for (key, operand) in map {
        if key.starts_with('$') {
            all.push(Filter::Cond(
                Field::new(attr, property),
                test(attr, key, operand)?,
            ));
        } else if property.is_none() {
            all.push(conditions(attr, Some(key), operand)?);
        } else {
            return Err(ApiError::filter(format!(
                "Unexpected key \"{key}\" after a property."
            )));
        }
    }
    Ok(all_of(all))
}

/// Compiles the operator `op` with `operand` for a condition on `attr`.
fn test(attr: &AttributeDef, op: &str, operand: &Value) -> Result<Test, ApiError> {
    let single = || Operand::of(&attr.kind, operand);
    let text = |kind: TextOp| {
        let needle = operand
            .as_str()
            .ok_or_else(|| ApiError::filter(format!("{op} takes a string.")))?;
        Ok::<_, ApiError>(Test::Text(kind, needle.to_lowercase()))
    };
    Ok(match op {
        "$eq" => Test::Eq(single()),
        "$in" => {
            let list = operand
                .as_array()
                .ok_or_else(|| ApiError::filter("$in takes an array."))?;
            let mut set = OperandSet::default();
            for item in list.iter().filter_map(|o| Operand::of(&attr.kind, o)) {
                set.insert(item);
            }
            Test::In(set)
        }
        "$contains" => text(TextOp::Contains)?,
        "$starts_with" => text(TextOp::StartsWith)?,
        "$ends_with" => text(TextOp::EndsWith)?,
        "$lt" => Test::Cmp(CmpOp::Lt, single()),
        "$lte" => Test::Cmp(CmpOp::Lte, single()),
        "$gt" => Test::Cmp(CmpOp::Gt, single()),
        "$gte" => Test::Cmp(CmpOp::Gte, single()),
        "$not_empty" => Test::NotEmpty(
            operand
                .as_bool()
                .ok_or_else(|| ApiError::filter("$not_empty takes a boolean."))?,
        ),
        _ => return Err(ApiError::filter(format!("Unknown operator \"{op}\"."))),
    })
}

impl Filter<'_> {
    /// Whether `record` passes the filter (`store` resolves the records a path reaches).
    pub fn matches(&self, record: &StoredRecord, store: &Store) -> bool {
        match self {
            Filter::And(all) => all.iter().all(|f| f.matches(record, store)),
            Filter::Or(any) => any.iter().any(|f| f.matches(record, store)),
            Filter::Not(inner) => !inner.matches(record, store),
            Filter::Cond(field, test) => test.passes(field, record),
            Filter::Path(path, inner) => path
                .ends(record, store)
                .into_iter()
                .any(|end| inner.matches(end, store)),
        }
    }
}

impl Test {
    fn passes(&self, field: &Field<'_>, record: &StoredRecord) -> bool {
        let mut scalars = field.scalars(record);
        match self {
            Test::Eq(operand) => operand
                .as_ref()
                .is_some_and(|o| scalars.any(|s| s.compare(o.scalar()) == Some(Ordering::Equal))),
            Test::In(set) => scalars.any(|s| set.contains(s)),
            Test::Text(op, needle) => scalars.any(|s| {
                let Scalar::Str(hay) = s else { return false };
                let hay = hay.to_lowercase();
                match op {
                    TextOp::Contains => hay.contains(needle.as_str()),
                    TextOp::StartsWith => hay.starts_with(needle.as_str()),
                    TextOp::EndsWith => hay.ends_with(needle.as_str()),
                }
            }),
            Test::Cmp(op, operand) => operand.as_ref().is_some_and(|o| {
                scalars.any(|s| {
                    s.compare(o.scalar()).is_some_and(|order| match op {
                        CmpOp::Lt => order.is_lt(),
                        CmpOp::Lte => order.is_le(),
                        CmpOp::Gt => order.is_gt(),
                        CmpOp::Gte => order.is_ge(),
                    })
                })
            }),
            Test::NotEmpty(want) => field.has_value(record) == *want,
        }
    }
}
