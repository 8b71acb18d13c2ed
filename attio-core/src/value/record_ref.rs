//! `record-reference` values: [`RecordRef`] (write and read), [`MatchValue`] (how a
//! reference by matching attribute names its record) and [`RecordReferenceValue`] (the
//! read form).

use serde_json::{Map, Value};

use crate::error::{DecodeErrorKind, ValueError};
use crate::record::{AttributeValue, TypedValue};
use crate::value::convert::wrong_type;
use crate::value::text::check_text;
use crate::value::{Domain, Email, FromAttio, PhoneNumber, ToAttio};

/// A reference to a record of another object, written as a `record-reference` value.
///
/// - [`RecordRef::new`] refers to a record by id:
///   `{"target_object": "people", "target_record_id": "<id>"}`.
/// - [`RecordRef::matching`] refers to the one record whose unique attribute has a value,
///   so you need not look the id up first:
///   `{"target_object": "people", "email_addresses": [{"email_address": "a@b.com"}]}`.
///
/// Attio rejects the write unless exactly one record matches. Values read back are always
/// by id. Ids are kept as strings and not checked to be UUIDs (Attio documents ids that
/// are not).
///
/// ```
/// use attio_core::RecordRef;
///
/// let person = RecordRef::new("people", "891dcbfc-9141-415d-9b2a-2238a6cc012d");
/// assert_eq!(person.target_object(), "people");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RecordRef {
    target_object: String,
    target: Target,
}

#[derive(Debug, Clone, PartialEq)]
enum Target {
    Id(String),
    Matching {
        attribute: String,
        value: MatchValue,
    },
}

impl RecordRef {
    /// Refers to the record `record_id` of `target_object` (an object slug such as
    /// `people`, or an object id).
    pub fn new(target_object: impl Into<String>, record_id: impl Into<String>) -> Self {
        Self {
            target_object: target_object.into(),
            target: Target::Id(record_id.into()),
        }
    }

    /// Refers to the record of `target_object` whose unique `attribute` (a slug or id) has
    /// `value`.
    ///
    /// `value` is anything convertible into a [`MatchValue`]: an [`Email`], a [`Domain`],
    /// a [`PhoneNumber`], a number, or a string (matched as an email address when it is a
    /// valid one, else as text; use [`MatchValue::text`] to force text).
    ///
    /// ```
    /// use attio_core::value::RecordRef;
    /// let person = RecordRef::matching("people", "email_addresses", "a@b.com");
    /// assert_eq!(
    ///     attio_core::ToAttio::to_attio(&person).unwrap(),
    ///     serde_json::json!({
    ///         "target_object": "people",
    ///         "email_addresses": [{"email_address": "a@b.com"}],
    ///     }),
    /// );
    /// ```
    pub fn matching(
        target_object: impl Into<String>,
        attribute: impl Into<String>,
        value: impl Into<MatchValue>,
    ) -> Self {
        Self {
            target_object: target_object.into(),
            target: Target::Matching {
                attribute: attribute.into(),
                value: value.into(),
            },
        }
    }

    /// The referenced record's object.
    pub fn target_object(&self) -> &str {
        &self.target_object
    }

    /// The referenced record's id, for a reference by id.
    pub fn record_id(&self) -> Option<&str> {
        match &self.target {
            Target::Id(id) => Some(id),
            Target::Matching { .. } => None,
        }
    }

    /// The matching attribute and value, for a reference by matching attribute.
    pub fn matching_attribute(&self) -> Option<(&str, &MatchValue)> {
        match &self.target {
            Target::Id(_) => None,
            Target::Matching { attribute, value } => Some((attribute, value)),
        }
    }
}

impl From<RecordReferenceValue> for RecordRef {
    fn from(value: RecordReferenceValue) -> Self {
        Self::new(value.target_object, value.target_record_id)
    }
}

fn non_empty<'a>(text: &'a str, what: &'static str) -> Result<&'a str, ValueError> {
    if text.trim().is_empty() {
        return Err(ValueError::Empty { what });
    }
    Ok(text)
}

/// Writes the by-id or the by-matching-attribute form; an empty object, record id or
/// attribute is [`ValueError::Empty`].
impl ToAttio for RecordRef {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::RecordReference];
    fn to_attio(&self) -> Result<Value, ValueError> {
        let mut object = Map::new();
        let target = non_empty(&self.target_object, "a record reference's target object")?;
        object.insert("target_object".into(), target.into());
        match &self.target {
            Target::Id(id) => {
                let id = non_empty(id, "a record reference's record id")?;
                object.insert("target_record_id".into(), id.into());
            }
            Target::Matching { attribute, value } => {
                let attribute = non_empty(attribute, "a record reference's matching attribute")?;
                let element = value.element.clone()?;
                object.insert(attribute.into(), Value::Array(vec![element]));
            }
        }
        Ok(Value::Object(object))
    }
    fn write_attio_json(&self, out: &mut crate::value::JsonOut) -> Result<(), ValueError> {
        let Target::Id(id) = &self.target else {
            // By matching attribute: rare, and its key is the attribute's slug.
            out.value(&self.to_attio()?);
            return Ok(());
        };
        let target = non_empty(&self.target_object, "a record reference's target object")?;
        let id = non_empty(id, "a record reference's record id")?;
        // The keys in the order the map sorts them, so the bytes are the map's too.
        out.raw(br#"{"target_object":"#);
        out.string(target);
        out.raw(br#","target_record_id":"#);
        out.string(id);
        out.raw(b"}");
        Ok(())
    }
}

/// Reads a `record-reference` value (always by id).
impl FromAttio for RecordRef {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        RecordReferenceValue::from_attio(value).map(Self::from)
    }
}

/// The value a [`RecordRef::matching`] reference matches on, in the form Attio expects in
/// the matching attribute's array (`{"email_address": ...}`, `{"domain": ...}`,
/// `{"value": ...}` or a phone number object).
///
/// Invalid input (an over-long text, a non-finite number) is kept and reported when the
/// reference is written.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchValue {
    element: Result<Value, ValueError>,
}

impl MatchValue {
    fn keyed(key: &str, value: Result<Value, ValueError>) -> Self {
        let element = value.map(|value| {
            let mut object = Map::new();
            object.insert(key.to_owned(), value);
            Value::Object(object)
        });
        Self { element }
    }

    /// Matches a text attribute (`{"value": text}`), even when the text looks like an
    /// email address.
    pub fn text(text: impl Into<String>) -> Self {
        let text = text.into();
        let checked = non_empty(&text, "a matching value")
            .and_then(check_text)
            .map(|()| Value::String(text));
        Self::keyed("value", checked)
    }

    /// Matches a number attribute (`{"value": number}`); the number is checked like any
    /// written number.
    pub fn number(number: impl ToAttio) -> Self {
        Self::keyed("value", number.to_attio())
    }

    /// The JSON element this value contributes, or why it is invalid.
    pub fn to_json(&self) -> Result<Value, ValueError> {
        self.element.clone()
    }
}

impl From<Email> for MatchValue {
    fn from(email: Email) -> Self {
        Self::keyed("email_address", Ok(Value::String(email.into_string())))
    }
}

impl From<Domain> for MatchValue {
    fn from(domain: Domain) -> Self {
        Self::keyed("domain", Ok(Value::String(domain.into_string())))
    }
}

impl From<PhoneNumber> for MatchValue {
    fn from(phone: PhoneNumber) -> Self {
        Self {
            element: phone.to_attio(),
        }
    }
}

impl From<&str> for MatchValue {
    /// An email address when `text` is a valid one, else text.
    fn from(text: &str) -> Self {
        match Email::new(text) {
            Ok(email) => email.into(),
            Err(_) => Self::text(text),
        }
    }
}

impl From<String> for MatchValue {
    /// An email address when `text` is a valid one, else text.
    fn from(text: String) -> Self {
        Self::from(text.as_str())
    }
}

macro_rules! match_numbers {
    ($($number:ty),*) => {$(
        impl From<$number> for MatchValue {
            fn from(number: $number) -> Self {
                Self::number(number)
            }
        }
    )*};
}

match_numbers!(i32, i64, u32, u64, f64);

/// A `record-reference` value as Attio returns it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
pub struct RecordReferenceValue {
    /// The referenced record's object (api slug, e.g. `people`).
    pub target_object: String,
    /// The referenced record's id (kept as a string: Attio documents non-UUID ids).
    pub target_record_id: String,
}

/// Reads a `record-reference` value.
impl FromAttio for RecordReferenceValue {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        match &value.value {
            TypedValue::RecordReference(reference) => Ok(reference.clone()),
            _ => Err(wrong_type("record-reference", value)),
        }
    }
}
