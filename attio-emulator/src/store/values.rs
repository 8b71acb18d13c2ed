//! Write forms → read forms: every documented write form of every attribute type is
//! validated and normalised into the fields Attio returns, plus an identity string that
//! decides when two values are "the same" (de-duplication, uniqueness, matching).

use serde_json::{Map, Value, json};

use super::fields::Fields;
use super::whole::{self, Whole};
use super::{Store, clock, formats};
use crate::error::ApiError;
use crate::schema::{AttributeDef, AttributeType as T, OptionDef};

/// Largest text value accepted, in bytes: attio-model's limit, which attio-core's
/// `value::MAX_TEXT_BYTES` is too, so the emulator refuses exactly the texts the library
/// refuses.
pub(crate) const MAX_TEXT_BYTES: usize = attio_model::limits::MAX_TEXT_BYTES;

// The longest text must fit in a request body with its JSON envelope.
const _: () = assert!(crate::http::MAX_BODY_BYTES >= MAX_TEXT_BYTES + 64 * 1024);

/// A normalised value: read fields and identity.
pub(crate) struct Normalised {
    pub fields: Fields,
    pub identity: String,
}

/// The path of a value in the request body, for validation errors.
pub(crate) struct At<'a> {
    pub slug: &'a str,
}

impl At<'_> {
    fn path(&self) -> [&str; 3] {
        ["data", "values", self.slug]
    }

    fn wrong(&self, expected: &str, received: &Value) -> ApiError {
        ApiError::wrong_type(&self.path(), expected, received)
    }

    fn invalid(&self, message: impl Into<String>) -> ApiError {
        ApiError::validation(&self.path(), "invalid_value", message)
    }
}

/// If `raw` is `{key: inner}` (possibly with other keys), returns `inner`; else `raw`.
fn unwrap_key<'v>(raw: &'v Value, key: &str) -> &'v Value {
    raw.as_object().and_then(|m| m.get(key)).unwrap_or(raw)
}

fn map_of(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// What makes two normalised values of `kind` equal.
pub(crate) fn identity(kind: &T, fields: &Fields) -> String {
    let get = |k: &str| fields.get(k).cloned().unwrap_or(Value::Null);
    let key = match kind {
        T::EmailAddress => get("email_address"),
        T::Domain => get("domain"),
        T::PhoneNumber => get("phone_number"),
        T::Currency => get("currency_value"),
        T::RecordReference => json!([get("target_object"), get("target_record_id")]),
        T::ActorReference => json!([get("referenced_actor_type"), get("referenced_actor_id")]),
        T::Select => fields
            .get("option")
            .map_or(Value::Null, |o| o["id"]["option_id"].clone()),
        T::Status => fields
            .get("status")
            .map_or(Value::Null, |s| s["id"]["status_id"].clone()),
        T::Location | T::PersonalName | T::Interaction => Value::Object(fields.to_map()),
        T::Text | T::Number | T::Checkbox | T::Date | T::Timestamp | T::Rating => get("value"),
        // The emulator serves only known types; an unknown one is compared whole.
        T::Other(_) => Value::Object(fields.to_map()),
    };
    match key {
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), |f| f.to_string()),
        Value::String(s) => s,
        other => other.to_string(),
    }
}

fn number(raw: &Value, at: &At<'_>) -> Result<Value, ApiError> {
    let parsed = match raw {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    parsed
        .filter(|f| f.is_finite())
        .and_then(serde_json::Number::from_f64)
        .map(|n| match raw {
            Value::Number(original) => Value::Number(original.clone()),
            _ => Value::Number(n),
        })
        .ok_or_else(|| at.wrong("number", raw))
}

fn text<'v>(raw: &'v Value, at: &At<'_>) -> Result<&'v str, ApiError> {
    raw.as_str().ok_or_else(|| at.wrong("string", raw))
}

impl Store {
    /// Normalises one write value for `attr` (already split from any list).
    pub(crate) fn normalise(
        &self,
        object_id: &str,
        attr: &AttributeDef,
        raw: &Value,
    ) -> Result<Normalised, ApiError> {
        let at = At {
            slug: &attr.api_slug,
        };
        let fields = match &attr.kind {
            T::Text => {
                let s = text(unwrap_key(raw, "value"), &at)?;
                if s.len() > MAX_TEXT_BYTES {
                    return Err(at.invalid(format!(
                        "Text values are limited to 10 MB ({MAX_TEXT_BYTES} bytes); this one has {} bytes",
                        s.len()
                    )));
                }
                map_of(json!({"value": s}))
            }
            T::Number => map_of(json!({"value": match unwrap_key(raw, "value") {
                v @ Value::Number(_) => number(v, &at)?,
                other => return Err(at.wrong("number", other)),
            }})),
            T::Checkbox => {
                let value = match unwrap_key(raw, "value") {
                    Value::Bool(b) => *b,
                    Value::String(s) if s == "true" => true,
                    Value::String(s) if s == "false" => false,
                    other => return Err(at.wrong("boolean", other)),
                };
                map_of(json!({"value": value}))
            }
            T::Currency => {
                let value = number(unwrap_key(raw, "currency_value"), &at)?;
                map_of(json!({"currency_value": value, "currency_code": attr.currency_code}))
            }
            T::Date => {
                let s = text(unwrap_key(raw, "value"), &at)?;
                let date = clock::parse_date(s)
                    .ok_or_else(|| at.invalid(format!("\"{s}\" is not a valid date")))?;
                map_of(json!({"value": date}))
            }
            T::Timestamp => {
                let s = text(unwrap_key(raw, "value"), &at)?;
                let ts = clock::parse_timestamp(s)
                    .ok_or_else(|| at.invalid(format!("\"{s}\" is not a valid timestamp")))?;
                map_of(json!({"value": clock::format(ts)}))
            }
            T::Rating => match unwrap_key(raw, "value") {
                // Attio types the rating `number`: any integral value of 0 to 5 stars.
                Value::Number(n) => match whole::whole(n) {
                    Whole::NonNegative(v) if v <= 5 => map_of(json!({"value": v})),
                    _ => return Err(at.invalid("Ratings are whole numbers from 0 to 5")),
                },
                other => return Err(at.wrong("number", other)),
            },
            T::Select => {
                let key = text(unwrap_key(raw, "option"), &at)?;
                let option = attr
                    .options
                    .iter()
                    .find(|o| o.title == key || o.id == key)
                    .ok_or_else(|| ApiError::value_not_found(format!("Select option with title or ID \"{key}\" not found on attribute \"{}\".", attr.api_slug)))?;
                refuse_archived(option, "Select option", attr)?;
                let object = self.object_or_list(object_id)?;
                map_of(json!({"option": object.option_json(attr, option, &self.workspace.id)}))
            }
            T::Status => {
                let key = text(unwrap_key(raw, "status"), &at)?;
                let status = attr
                    .statuses
                    .iter()
                    .find(|o| o.title == key || o.id == key)
                    .ok_or_else(|| {
                        ApiError::value_not_found(format!(
                            "Status with title or ID \"{key}\" not found on attribute \"{}\".",
                            attr.api_slug
                        ))
                    })?;
                refuse_archived(status, "Status", attr)?;
                let object = self.object_or_list(object_id)?;
                map_of(json!({"status": object.status_json(attr, status, &self.workspace.id)}))
            }
            T::RecordReference => self.reference(attr, raw, &at)?,
            T::ActorReference => self.actor(raw, &at)?,
            T::Location => location(raw, &at)?,
            T::Domain => {
                let s = text(unwrap_key(raw, "domain"), &at)?;
                formats::domain(s).map_err(|m| at.invalid(m))?
            }
            T::EmailAddress => {
                let s = text(unwrap_key(raw, "email_address"), &at)?;
                formats::email(s).map_err(|m| at.invalid(m))?
            }
            T::PhoneNumber => {
                let (number, country) = match raw {
                    Value::String(s) => (s.as_str(), None),
                    Value::Object(m) => {
                        let number = m
                            .get("original_phone_number")
                            .or_else(|| m.get("phone_number"))
                            .ok_or_else(|| at.wrong("string", &Value::Null))?;
                        let country = match m.get("country_code") {
                            None | Some(Value::Null) => None,
                            Some(Value::String(c)) => Some(c.as_str()),
                            Some(other) => return Err(at.wrong("string", other)),
                        };
                        (text(number, &at)?, country)
                    }
                    other => return Err(at.wrong("string", other)),
                };
                formats::phone(number, country).map_err(|m| at.invalid(m))?
            }
            T::PersonalName => match raw {
                Value::String(s) => formats::personal_name_from_text(s),
                Value::Object(m) => {
                    let part = |k: &str| match m.get(k) {
                        None | Some(Value::Null) => Ok(None),
                        Some(Value::String(s)) => Ok(Some(s.as_str())),
                        Some(other) => Err(at.wrong("string", other)),
                    };
                    let first = part("first_name")?.unwrap_or_default();
                    let last = part("last_name")?.unwrap_or_default();
                    formats::personal_name(first, last, part("full_name")?)
                }
                other => return Err(at.wrong("object", other)),
            },
            // The types that do not `accept_writes`.
            kind @ (T::Interaction | T::Other(_)) => {
                return Err(at.invalid(format!("{kind} values are read-only")));
            }
        };
        let fields = Fields::from(fields);
        let identity = identity(&attr.kind, &fields);
        Ok(Normalised { fields, identity })
    }

    fn actor(&self, raw: &Value, at: &At<'_>) -> Result<Map<String, Value>, ApiError> {
        let member = |found: bool, what: &str| {
            if found {
                Ok(map_of(json!({
                    "referenced_actor_type": "workspace-member",
                    "referenced_actor_id": self.workspace.member_id,
                })))
            } else {
                Err(ApiError::value_not_found(format!(
                    "Workspace member {what} not found."
                )))
            }
        };
        match raw {
            Value::String(email) => member(
                email.eq_ignore_ascii_case(&self.workspace.member_email),
                email,
            ),
            Value::Object(m) => {
                if let Some(email) = m.get("workspace_member_email_address") {
                    let email = text(email, at)?;
                    return member(
                        email.eq_ignore_ascii_case(&self.workspace.member_email),
                        email,
                    );
                }
                match (m.get("referenced_actor_type"), m.get("referenced_actor_id")) {
                    (Some(Value::String(kind)), Some(Value::String(id)))
                        if kind == "workspace-member" =>
                    {
                        member(*id == self.workspace.member_id, id)
                    }
                    (Some(kind), _) => Err(at.invalid(format!(
                        "Only workspace-member actors can be written, got {kind}"
                    ))),
                    _ => Err(at.wrong("object", raw)),
                }
            }
            other => Err(at.wrong("string", other)),
        }
    }
}

/// An archived select option or status is kept on the values that hold it but cannot be
/// written: Attio no longer offers it, so a write naming it finds no value to use
/// (400 `value_not_found`).
fn refuse_archived(choice: &OptionDef, what: &str, attr: &AttributeDef) -> Result<(), ApiError> {
    if choice.is_archived {
        return Err(ApiError::value_not_found(format!(
            "{what} \"{}\" on attribute \"{}\" is archived and cannot be written.",
            choice.title, attr.api_slug
        )));
    }
    Ok(())
}

fn location(raw: &Value, at: &At<'_>) -> Result<Map<String, Value>, ApiError> {
    let map = match raw {
        Value::String(s) => return Ok(formats::location_from_text(s)),
        Value::Object(m) => m,
        other => return Err(at.wrong("object", other)),
    };
    let mut out = Map::new();
    for key in formats::LOCATION_KEYS {
        let value = match map.get(key) {
            None => {
                let mut err =
                    ApiError::wrong_type(&["data", "values", at.slug, key], "string", &Value::Null);
                if let Some(issue) = err.validation_errors.first_mut() {
                    issue.received = Some("undefined".to_owned());
                    issue.message = "Required".to_owned();
                }
                return Err(err);
            }
            Some(v @ (Value::Null | Value::String(_))) => v.clone(),
            Some(other) => {
                return Err(ApiError::wrong_type(
                    &["data", "values", at.slug, key],
                    "string",
                    other,
                ));
            }
        };
        if let Value::String(s) = &value {
            let ok = match key {
                "country_code" => attio_model::country::is_assigned(s),
                "latitude" => formats::valid_coordinate(s, 90.0),
                "longitude" => formats::valid_coordinate(s, 180.0),
                _ => true,
            };
            if !ok {
                return Err(at.invalid(format!("\"{s}\" is not a valid {key}")));
            }
        }
        out.insert(key.to_owned(), value);
    }
    Ok(out)
}
