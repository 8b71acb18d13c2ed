//! [`RecordQuery`]: the body of `POST /v2/objects/{object}/records/query`.

use serde_json::{Map, Value, json};

/// The order of a sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortDirection {
    /// Smallest first.
    Ascending,
    /// Largest first.
    Descending,
}

impl SortDirection {
    fn as_str(self) -> &'static str {
        match self {
            Self::Ascending => "asc",
            Self::Descending => "desc",
        }
    }
}

/// A records query: filter, sorts and a page (`limit`, `offset`), for
/// [`Client::query_records`](crate::Client::query_records).
///
/// Attio's default page is 500 records from offset 0; a page shorter than the limit is
/// the last one. The filter is Attio's filter JSON as documented in its filtering guide,
/// e.g. `json!({"user_id": "123"})` or `json!({"$or": [...]})`.
///
/// ```
/// use attio_core::client::{RecordQuery, SortDirection};
/// use serde_json::json;
///
/// let query = RecordQuery::new()
///     .filter(json!({"primary_email_address": {"$ends_with": "@example.com"}}))
///     .sort("user_id", SortDirection::Ascending)
///     .limit(100);
/// assert_eq!(query.to_json()["limit"], 100);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecordQuery {
    body: Map<String, Value>,
}

impl RecordQuery {
    /// A query for every record (no filter, Attio's default page).
    pub fn new() -> Self {
        Self::default()
    }

    /// Only records matching this filter (replaces an earlier filter).
    pub fn filter(mut self, filter: Value) -> Self {
        self.body.insert("filter".to_owned(), filter);
        self
    }

    /// Sorts by an attribute (slug or id), after the sorts added before.
    pub fn sort(self, attribute: &str, direction: SortDirection) -> Self {
        self.sort_json(json!({"attribute": attribute, "direction": direction.as_str()}))
    }

    /// Adds a sort in Attio's JSON form, for sorts [`sort`](Self::sort) cannot express
    /// (a `field` of an attribute, or a `path` through record references).
    pub fn sort_json(mut self, sort: Value) -> Self {
        let sorts = self
            .body
            .entry("sorts")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(sorts) = sorts {
            sorts.push(sort);
        }
        self
    }

    /// At most this many records.
    pub fn limit(mut self, limit: u32) -> Self {
        self.body.insert("limit".to_owned(), limit.into());
        self
    }

    /// Skips this many records.
    pub fn offset(mut self, offset: u32) -> Self {
        self.body.insert("offset".to_owned(), offset.into());
        self
    }

    /// The request body.
    pub fn to_json(&self) -> Value {
        Value::Object(self.body.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_documented_body() {
        let query = RecordQuery::new()
            .filter(json!({"user_id": "123"}))
            .sort("user_id", SortDirection::Descending)
            .sort_json(json!({"attribute": "person", "field": "name", "direction": "asc"}))
            .limit(10)
            .offset(20);
        assert_eq!(
            query.to_json(),
            json!({
                "filter": {"user_id": "123"},
                "sorts": [
                    {"attribute": "user_id", "direction": "desc"},
                    {"attribute": "person", "field": "name", "direction": "asc"}
                ],
                "limit": 10,
                "offset": 20
            })
        );
        assert_eq!(RecordQuery::new().to_json(), json!({}));
    }
}
