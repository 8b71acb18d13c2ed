//! What filters and sorts compare: the scalars a record holds in one field of one
//! attribute, read in place (nothing is cloned per record).

use std::cmp::Ordering;

use serde_json::Value;

use super::parent;
use crate::schema::{AttributeDef, AttributeType as T};
use crate::store::StoredRecord;
use crate::store::current::NO_VALUES;

/// The property a shorthand filter or a sort without `field` reads.
fn default_property(kind: &T) -> &'static str {
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
        T::Text | T::Number | T::Checkbox | T::Date | T::Timestamp | T::Rating | T::Other(_) => {
            "value"
        }
    }
}

/// Where a field's scalars come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// The attribute's current values.
    Values,
    /// The system attribute `record_id`.
    RecordId,
    /// The system attribute `created_at`.
    CreatedAt,
    /// An entry's parent record id (`parent_record_id`, `parent_record`'s
    /// `target_record_id`).
    ParentRecordId,
    /// An entry's parent object (`parent_object`, `parent_record`'s `target_object`).
    ParentObject,
    /// Another system attribute: never has a value the emulator can compare.
    Nothing,
}

/// Which field (property) of which attribute a filter condition or a sort reads.
pub(super) struct Field<'o> {
    /// The attribute.
    pub attr: &'o AttributeDef,
    source: Source,
    property: String,
    /// Whether the request named the property (`{"name": {"last_name": …}}`, `field`).
    explicit: bool,
}

impl<'o> Field<'o> {
    /// The field `property` of `attr`, or the attribute's default property.
    pub fn new(attr: &'o AttributeDef, property: Option<&str>) -> Self {
        let source = match (attr.is_system, attr.api_slug.as_str()) {
            (false, _) => Source::Values,
            (true, "record_id") => Source::RecordId,
            (true, "created_at") => Source::CreatedAt,
            (true, parent::RECORD_ID) => Source::ParentRecordId,
            (true, parent::OBJECT) => Source::ParentObject,
            (true, parent::RECORD) => match property {
                Some("target_object") => Source::ParentObject,
                _ => Source::ParentRecordId,
            },
            (true, _) => Source::Nothing,
        };
        Self {
            attr,
            source,
            property: property.unwrap_or(default_property(&attr.kind)).to_owned(),
            explicit: property.is_some(),
        }
    }

    /// The scalars of `record` in this field, one per current value whose field is not null,
    /// in display order (a select or status reads as its title).
    pub fn scalars<'r>(&'r self, record: &'r StoredRecord) -> impl Iterator<Item = Scalar<'r>> {
        let own = match self.source {
            Source::RecordId => Some(Scalar::Str(&record.id)),
            Source::CreatedAt => Some(Scalar::Str(&record.created_at)),
            Source::ParentRecordId => parent::of(record).map(|p| Scalar::Str(&p.record_id)),
            Source::ParentObject => parent::of(record).map(|p| Scalar::Str(&p.object)),
            Source::Values | Source::Nothing => None,
        };
        let values = match self.source {
            Source::Values => record.current(&self.attr.api_slug),
            _ => &NO_VALUES,
        };
        own.into_iter().chain(
            values
                .iter()
                .filter_map(|v| Scalar::of(v.fields.get(&self.property)?)),
        )
    }

    /// Whether `record` has a value here (`$not_empty`): any current value of the attribute,
    /// or with a named property, a value whose property is not null.
    pub fn has_value(&self, record: &StoredRecord) -> bool {
        match (self.source, self.explicit) {
            (Source::Values, false) => !record.current(&self.attr.api_slug).is_empty(),
            _ => self.scalars(record).next().is_some(),
        }
    }
}

/// A comparable value read from a stored value (or a filter operand, see [`Operand`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Scalar<'a> {
    /// A checkbox.
    Bool(bool),
    /// A number, currency value or rating (`-0.0` is read as `0.0`).
    Num(f64),
    /// Text, and the string forms of dates, timestamps, ids, emails, titles …
    Str(&'a str),
}

/// `-0.0` and `0.0` are one number (as JSON and Attio's `$eq` treat them).
fn canonical(f: f64) -> f64 {
    if f == 0.0 { 0.0 } else { f }
}

impl<'a> Scalar<'a> {
    /// The scalar a stored field holds: `null`, arrays and objects without a string
    /// `title` hold none.
    fn of(value: &'a Value) -> Option<Self> {
        match value {
            Value::Bool(b) => Some(Self::Bool(*b)),
            Value::Number(n) => n.as_f64().map(|f| Self::Num(canonical(f))),
            Value::String(s) => Some(Self::Str(s)),
            Value::Object(m) => m.get("title").and_then(Value::as_str).map(Self::Str),
            Value::Null | Value::Array(_) => None,
        }
    }

    /// The order of two scalars of one type (numbers numerically, strings by their bytes,
    /// `false` before `true`); `None` across types, which no comparison filter matches.
    pub fn compare(self, other: Scalar<'_>) -> Option<Ordering> {
        match (self, other) {
            (Self::Bool(x), Scalar::Bool(y)) => Some(x.cmp(&y)),
            (Self::Num(x), Scalar::Num(y)) => Some(x.total_cmp(&y)),
            (Self::Str(x), Scalar::Str(y)) => Some(x.cmp(y)),
            _ => None,
        }
    }

    /// A total order for sorting: [`compare`](Self::compare) within a type, and across
    /// types (which one attribute's field does not mix) booleans, numbers, then strings.
    pub fn total_cmp(self, other: Scalar<'_>) -> Ordering {
        let rank = |s: Scalar<'_>| match s {
            Scalar::Bool(_) => 0,
            Scalar::Num(_) => 1,
            Scalar::Str(_) => 2,
        };
        self.compare(other)
            .unwrap_or_else(|| rank(self).cmp(&rank(other)))
    }
}

/// A filter operand, owned and normalised once when the filter is compiled.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Operand {
    /// A boolean operand.
    Bool(bool),
    /// A number operand (`-0.0` read as `0.0`).
    Num(f64),
    /// A string operand (trimmed and lower-cased for email and domain attributes, whose
    /// stored values are).
    Str(String),
}

impl Operand {
    /// The operand `value` for a condition on `kind`; `None` for `null`, arrays and objects,
    /// which equal no stored scalar.
    pub fn of(kind: &T, value: &Value) -> Option<Self> {
        match value {
            Value::Bool(b) => Some(Self::Bool(*b)),
            Value::Number(n) => n.as_f64().map(|f| Self::Num(canonical(f))),
            Value::String(s) => Some(Self::Str(match kind {
                T::EmailAddress | T::Domain => s.trim().to_lowercase(),
                _ => s.clone(),
            })),
            Value::Null | Value::Array(_) | Value::Object(_) => None,
        }
    }

    /// The operand as a scalar, to compare with a record's.
    pub fn scalar(&self) -> Scalar<'_> {
        match self {
            Self::Bool(b) => Scalar::Bool(*b),
            Self::Num(f) => Scalar::Num(*f),
            Self::Str(s) => Scalar::Str(s),
        }
    }
}
