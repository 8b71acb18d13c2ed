//! Subscriptions and their filters: validated from a request body, rendered back, and
//! matched against an event.
//!
//! A filter is `{"$and": [...]}` or `{"$or": [...]}` over `{"field", "operator", "value"}`
//! conditions with `operator` `equals` or `not_equals`; `field` is a property of the event,
//! dot notation for nested ones (`id.object_id`, `actor.type`); `null` always passes
//! (Attio's webhooks guide, "Filtering"; the spec's `/v2/webhooks` schemas). The emulator
//! compares string properties; a missing or non-string property equals nothing (so
//! `not_equals` passes).

use serde_json::{Map, Value, json};

use crate::error::ApiError;

/// The `event_type` enum of the spec's subscription schema.
pub(crate) const EVENT_TYPES: [&str; 27] = [
    "call-recording.created",
    "comment.created",
    "comment.resolved",
    "comment.unresolved",
    "comment.deleted",
    "list.created",
    "list.updated",
    "list.deleted",
    "list-attribute.created",
    "list-attribute.updated",
    "list-entry.created",
    "list-entry.updated",
    "list-entry.deleted",
    "object-attribute.created",
    "object-attribute.updated",
    "note.created",
    "note-content.updated",
    "note.updated",
    "note.deleted",
    "record.created",
    "record.merged",
    "record.updated",
    "record.deleted",
    "task.created",
    "task.updated",
    "task.deleted",
    "workspace-member.created",
];

/// One condition.
#[derive(Debug, Clone, PartialEq)]
struct Condition {
    field: String,
    equals: bool,
    value: String,
}

/// A validated filter.
#[derive(Debug, Clone, PartialEq)]
struct Filter {
    /// `$and` (every condition) or `$or` (any).
    all: bool,
    conditions: Vec<Condition>,
}

/// A validated subscription.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Subscription {
    event_type: String,
    filter: Option<Filter>,
}

impl Subscription {
    /// Whether `event` is of this subscription's type and passes its filter.
    pub(crate) fn matches(&self, event: &Value) -> bool {
        event.get("event_type").and_then(Value::as_str) == Some(self.event_type.as_str())
            && self
                .filter
                .as_ref()
                .is_none_or(|filter| filter.passes(event))
    }

    /// `{"event_type", "filter"}` as reads return it.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "event_type": self.event_type,
            "filter": self.filter.as_ref().map(Filter::to_json),
        })
    }
}

impl Filter {
    fn passes(&self, event: &Value) -> bool {
        let holds = |condition: &Condition| {
            let actual = condition
                .field
                .split('.')
                .try_fold(event, |value, key| value.get(key))
                .and_then(Value::as_str);
            (actual == Some(condition.value.as_str())) == condition.equals
        };
        if self.all {
            self.conditions.iter().all(holds)
        } else {
            self.conditions.iter().any(holds)
        }
    }

    fn to_json(&self) -> Value {
        let conditions: Vec<Value> = self
            .conditions
            .iter()
            .map(|c| {
                json!({
                    "field": c.field,
                    "operator": if c.equals { "equals" } else { "not_equals" },
                    "value": c.value,
                })
            })
            .collect();
        let key = if self.all { "$and" } else { "$or" };
        Value::Object(Map::from_iter([(key.to_owned(), Value::Array(conditions))]))
    }
}

/// Validates `data.subscriptions`: an array of subscriptions.
pub(crate) fn parse_subscriptions(raw: &Value) -> Result<Vec<Subscription>, ApiError> {
    let path = ["data", "subscriptions"];
    let items = raw
        .as_array()
        .ok_or_else(|| ApiError::wrong_type(&path, "array", raw))?;
    items
        .iter()
        .enumerate()
        .map(|(index, item)| parse_subscription(item, &index.to_string()))
        .collect()
}

fn parse_subscription(raw: &Value, index: &str) -> Result<Subscription, ApiError> {
    let at = |key: &'static str| ["data", "subscriptions", index, key];
    let object = raw
        .as_object()
        .ok_or_else(|| ApiError::wrong_type(&["data", "subscriptions", index], "object", raw))?;
    let event_type = match object.get("event_type") {
        Some(Value::String(name)) if EVENT_TYPES.contains(&name.as_str()) => name.clone(),
        Some(Value::String(name)) => {
            return Err(ApiError::validation(
                &at("event_type"),
                "invalid_enum_value",
                format!("Invalid enum value. '{name}' is not a webhook event type"),
            ));
        }
        other => {
            return Err(required_or_wrong(&at("event_type"), "string", other));
        }
    };
    let filter = match object.get("filter") {
        Some(Value::Null) => None,
        Some(filter @ Value::Object(_)) => Some(parse_filter(filter, &at("filter"))?),
        other => return Err(required_or_wrong(&at("filter"), "object", other)),
    };
    Ok(Subscription { event_type, filter })
}

fn parse_filter(raw: &Value, path: &[&str]) -> Result<Filter, ApiError> {
    let object = raw.as_object().into_iter().flatten();
    let (all, conditions) = match object.collect::<Vec<_>>().as_slice() {
        [(key, conditions)] if key.as_str() == "$and" => (true, *conditions),
        [(key, conditions)] if key.as_str() == "$or" => (false, *conditions),
        _ => {
            return Err(ApiError::validation(
                path,
                "invalid_union",
                "A filter is {\"$and\": [...]} or {\"$or\": [...]}, or null",
            ));
        }
    };
    let key = if all { "$and" } else { "$or" };
    let mut inner: Vec<&str> = path.to_vec();
    inner.push(key);
    let items = conditions
        .as_array()
        .ok_or_else(|| ApiError::wrong_type(&inner, "array", conditions))?;
    let conditions = items
        .iter()
        .map(|item| parse_condition(item, &inner))
        .collect::<Result<_, _>>()?;
    Ok(Filter { all, conditions })
}

fn parse_condition(raw: &Value, path: &[&str]) -> Result<Condition, ApiError> {
    let text = |key: &'static str| -> Result<String, ApiError> {
        let mut at = path.to_vec();
        at.push(key);
        match raw.get(key) {
            Some(Value::String(text)) => Ok(text.clone()),
            other => Err(required_or_wrong(&at, "string", other)),
        }
    };
    let (field, operator, value) = (text("field")?, text("operator")?, text("value")?);
    let equals = match operator.as_str() {
        "equals" => true,
        "not_equals" => false,
        other => {
            let mut at = path.to_vec();
            at.push("operator");
            return Err(ApiError::validation(
                &at,
                "invalid_enum_value",
                format!("Invalid enum value. Expected 'equals' | 'not_equals', received '{other}'"),
            ));
        }
    };
    Ok(Condition {
        field,
        equals,
        value,
    })
}

/// "Required" for a missing key, else the wrong-type error.
pub(crate) fn required_or_wrong(path: &[&str], expected: &str, got: Option<&Value>) -> ApiError {
    match got {
        Some(value) => ApiError::wrong_type(path, expected, value),
        None => ApiError::validation(path, "invalid_type", "Required"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> Value {
        json!({"event_type": "record.updated",
               "id": {"object_id": "o1", "record_id": "r1", "attribute_id": "a1"},
               "actor": {"type": "api-token", "id": "t1"}})
    }

    fn subscription(raw: Value) -> Subscription {
        parse_subscriptions(&json!([raw])).expect("valid").remove(0)
    }

    #[test]
    fn filters_match_nested_fields() {
        let all = subscription(json!({"event_type": "record.updated", "filter": {"$and": [
            {"field": "id.object_id", "operator": "equals", "value": "o1"},
            {"field": "actor.type", "operator": "not_equals", "value": "system"}]}}));
        assert!(all.matches(&event()));
        let wrong_object =
            subscription(json!({"event_type": "record.updated", "filter": {"$and": [
            {"field": "id.object_id", "operator": "equals", "value": "o2"}]}}));
        assert!(!wrong_object.matches(&event()));
        let any = subscription(json!({"event_type": "record.updated", "filter": {"$or": [
            {"field": "id.object_id", "operator": "equals", "value": "o2"},
            {"field": "missing.field", "operator": "not_equals", "value": "x"}]}}));
        assert!(any.matches(&event()));
        let other_type = subscription(json!({"event_type": "record.created", "filter": null}));
        assert!(!other_type.matches(&event()));
        assert_eq!(
            all.to_json()["filter"]["$and"][1]["operator"],
            json!("not_equals")
        );
    }

    #[test]
    fn malformed_subscriptions_are_validation_errors() {
        for bad in [
            json!({"event_type": "record.exploded", "filter": null}),
            json!({"event_type": "record.created"}),
            json!({"filter": null}),
            json!({"event_type": "record.created", "filter": {"$xor": []}}),
            json!({"event_type": "record.created", "filter": {"$and": [], "$or": []}}),
            json!({"event_type": "record.created", "filter": {"$and": [{"field": "a", "operator": "like", "value": "b"}]}}),
            json!({"event_type": "record.created", "filter": {"$and": [{"field": "a", "operator": "equals", "value": 1}]}}),
            json!({"event_type": "record.created", "filter": 3}),
        ] {
            let error = parse_subscriptions(&json!([bad.clone()])).unwrap_err();
            assert_eq!(error.code, "validation_type", "{bad}");
        }
        assert!(parse_subscriptions(&json!({})).is_err());
    }
}
