//! [`Filter`]: a filter of a query on the records (or entries) of `R`, as Attio's filter
//! JSON; composed with `&`, `|`, `!` (or [`Filter::all`], [`Filter::any`]).

use std::fmt;
use std::marker::PhantomData;
use std::ops::{BitAnd, BitOr, Not};

use serde_json::{Map, Value};

/// A filter of a query on `R` (a derived struct, or [`Record`](crate::Record) for
/// untyped queries), in Attio's filter JSON.
///
/// Built from the typed handles of `R`'s fields ([`Attr`](super::Attr)), composed with
/// `a & b` (`$and`), `a | b` (`$or`) and `!a` (`$not`; Attio has no `$ne`), or written as
/// raw JSON with [`Filter::raw`] for what the typed layer cannot say.
pub struct Filter<R> {
    json: Value,
    record: PhantomData<fn() -> R>,
}

impl<R> Filter<R> {
    /// A filter in Attio's JSON, sent as given (the escape hatch: any filter of the
    /// filtering guide, e.g. `json!({"name": {"first_name": {"$starts_with": "Jo"}}})`).
    pub fn raw(json: Value) -> Self {
        Self {
            json,
            record: PhantomData,
        }
    }

    /// Every filter must match (`$and`); no filters match every record.
    pub fn all<F: Into<Filter<R>>>(filters: impl IntoIterator<Item = F>) -> Self {
        Self::raw(logical("$and", filters))
    }

    /// At least one filter must match (`$or`, inclusive); no filters match no record.
    pub fn any<F: Into<Filter<R>>>(filters: impl IntoIterator<Item = F>) -> Self {
        Self::raw(logical("$or", filters))
    }

    /// The filter's JSON.
    pub fn as_json(&self) -> &Value {
        &self.json
    }

    /// The filter's JSON, by value.
    pub fn into_json(self) -> Value {
        self.json
    }

    /// Both filters (`$and`), flattening an `$and` on the left so chains stay flat.
    pub fn and(self, other: impl Into<Filter<R>>) -> Self {
        self.join("$and", other.into())
    }

    /// Either filter (`$or`), flattening an `$or` on the left.
    pub fn or(self, other: impl Into<Filter<R>>) -> Self {
        self.join("$or", other.into())
    }

    fn join(self, op: &str, other: Filter<R>) -> Self {
        let mut left = match self.json {
            Value::Object(map) if map.len() == 1 && map.get(op).is_some_and(Value::is_array) => map,
            json => Map::from_iter([(op.to_owned(), Value::Array(vec![json]))]),
        };
        if let Some(Value::Array(list)) = left.get_mut(op) {
            list.push(other.json);
        }
        Self::raw(Value::Object(left))
    }
}

fn logical<R, F: Into<Filter<R>>>(op: &str, filters: impl IntoIterator<Item = F>) -> Value {
    let list = filters.into_iter().map(|f| f.into().json).collect();
    Value::Object(Map::from_iter([(op.to_owned(), Value::Array(list))]))
}

impl<R> Clone for Filter<R> {
    fn clone(&self) -> Self {
        Self::raw(self.json.clone())
    }
}

impl<R> PartialEq for Filter<R> {
    fn eq(&self, other: &Self) -> bool {
        self.json == other.json
    }
}

impl<R> fmt::Debug for Filter<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Filter").field(&self.json).finish()
    }
}

impl<R> fmt::Display for Filter<R> {
    /// The filter's compact JSON.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.json, f)
    }
}

impl<R, F: Into<Filter<R>>> BitAnd<F> for Filter<R> {
    type Output = Filter<R>;
    fn bitand(self, other: F) -> Filter<R> {
        self.and(other)
    }
}

impl<R, F: Into<Filter<R>>> BitOr<F> for Filter<R> {
    type Output = Filter<R>;
    fn bitor(self, other: F) -> Filter<R> {
        self.or(other)
    }
}

impl<R> Not for Filter<R> {
    type Output = Filter<R>;
    /// `$not`: the records the filter does not match.
    fn not(self) -> Filter<R> {
        Self::raw(Value::Object(Map::from_iter([(
            "$not".to_owned(),
            self.json,
        )])))
    }
}
