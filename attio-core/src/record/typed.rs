//! [`TypedValue`]: the body of one attribute value, by `attribute_type`.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::value::{
    ActorReference, CurrencyValue, Date, DomainValue, EmailAddressValue, Interaction, Location,
    PersonalName, PhoneNumber, Rating, RecordReferenceValue, SelectOption, StatusOption, Timestamp,
};

/// The body of one attribute value as Attio returns it, by its `attribute_type`.
///
/// Every documented type has a variant. A type this crate does not know becomes
/// [`TypedValue::Unknown`] and a known type whose body does not match the documented
/// shape becomes [`TypedValue::Invalid`]: decoding a record never fails because of one
/// value's body. Extra keys in a body are ignored.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TypedValue {
    /// `text`: a string.
    Text(String),
    /// `number`: kept as the JSON number Attio sent, so integers stay exact.
    Number(serde_json::Number),
    /// `checkbox`: a boolean.
    Checkbox(bool),
    /// `currency`: an exact amount and the attribute's currency code.
    Currency(CurrencyValue),
    /// `date`: a calendar day.
    Date(Date),
    /// `timestamp`: an instant with nanosecond precision.
    Timestamp(Timestamp),
    /// `rating`: 0 to 5 stars.
    Rating(Rating),
    /// `status`: the full status, or only its id.
    Status(StatusOption),
    /// `select`: the full option, or only its id.
    Select(SelectOption),
    /// `record-reference`: a reference to another record.
    RecordReference(RecordReferenceValue),
    /// `actor-reference`: a reference to an actor (workspace member, API token, ...).
    ActorReference(ActorReference),
    /// `location`: an address with optional coordinates.
    Location(Location),
    /// `domain`: a domain and its root domain.
    Domain(DomainValue),
    /// `email-address`: an email address with its derived parts.
    EmailAddress(EmailAddressValue),
    /// `phone-number`: as written, with country and E.164 form.
    PhoneNumber(PhoneNumber),
    /// `personal-name`: first, last and full name.
    PersonalName(PersonalName),
    /// `interaction`: a computed interaction (read only).
    Interaction(Interaction),
    /// An `attribute_type` this crate does not know.
    Unknown {
        /// The `attribute_type` as sent.
        attribute_type: String,
        /// The value's JSON without the history fields and `attribute_type`.
        raw: Value,
    },
    /// A known `attribute_type` whose body does not have the documented shape.
    Invalid {
        /// The `attribute_type` as sent.
        attribute_type: String,
        /// What did not match.
        reason: String,
        /// The value's JSON without the history fields and `attribute_type`.
        raw: Value,
    },
}

/// The `{"value": ...}` body shared by the simple types.
#[derive(Deserialize)]
struct Simple<T> {
    value: T,
}

impl TypedValue {
    /// Decodes a value's body (its JSON object without the history fields) for
    /// `attribute_type`; never fails.
    pub(crate) fn from_body(attribute_type: String, body: impl Body) -> Self {
        let typed = match attribute_type.as_str() {
            "text" => body.decode(|s: Simple<String>| Self::Text(s.value)),
            "number" => body.decode(|s: Simple<serde_json::Number>| Self::Number(s.value)),
            "checkbox" => body.decode(|s: Simple<bool>| Self::Checkbox(s.value)),
            "currency" => body.decode(Self::Currency),
            "date" => body.decode(|s: Simple<Date>| Self::Date(s.value)),
            "timestamp" => body.decode(|s: Simple<Timestamp>| Self::Timestamp(s.value)),
            "rating" => body.decode(|s: Simple<Rating>| Self::Rating(s.value)),
            "status" => body.decode(Self::Status),
            "select" => body.decode(Self::Select),
            "record-reference" => body.decode(Self::RecordReference),
            "actor-reference" => body.decode(Self::ActorReference),
            "location" => body.decode(Self::Location),
            "domain" => body.decode(Self::Domain),
            "email-address" => body.decode(Self::EmailAddress),
            "phone-number" => body.decode(Self::PhoneNumber),
            "personal-name" => body.decode(Self::PersonalName),
            "interaction" => body.decode(Self::Interaction),
            _ => {
                return Self::Unknown {
                    attribute_type,
                    raw: body.into_raw(),
                };
            }
        };
        typed.unwrap_or_else(|reason| Self::Invalid {
            attribute_type,
            reason,
            raw: body.into_raw(),
        })
    }

    /// The `attribute_type` this value has (`text`, `record-reference`, ...), or the one
    /// sent for an unknown or invalid value.
    pub fn attribute_type(&self) -> &str {
        match self {
            Self::Text(_) => "text",
            Self::Number(_) => "number",
            Self::Checkbox(_) => "checkbox",
            Self::Currency(_) => "currency",
            Self::Date(_) => "date",
            Self::Timestamp(_) => "timestamp",
            Self::Rating(_) => "rating",
            Self::Status(_) => "status",
            Self::Select(_) => "select",
            Self::RecordReference(_) => "record-reference",
            Self::ActorReference(_) => "actor-reference",
            Self::Location(_) => "location",
            Self::Domain(_) => "domain",
            Self::EmailAddress(_) => "email-address",
            Self::PhoneNumber(_) => "phone-number",
            Self::PersonalName(_) => "personal-name",
            Self::Interaction(_) => "interaction",
            Self::Unknown { attribute_type, .. } | Self::Invalid { attribute_type, .. } => {
                attribute_type
            }
        }
    }
}

/// A value's body (its JSON object without the history fields), in whatever form the
/// decoder collected it: a JSON object [`Value`], or the object's JSON text.
pub(crate) trait Body {
    /// Decodes the body as `T` and wraps it; the error is serde's message.
    fn decode<T: DeserializeOwned>(
        &self,
        wrap: impl FnOnce(T) -> TypedValue,
    ) -> Result<TypedValue, String>;

    /// The body as JSON, kept in [`TypedValue::Unknown`] and [`TypedValue::Invalid`].
    fn into_raw(self) -> Value;
}

/// The body as a JSON object value (what a generic deserializer gives).
impl Body for Value {
    fn decode<T: DeserializeOwned>(
        &self,
        wrap: impl FnOnce(T) -> TypedValue,
    ) -> Result<TypedValue, String> {
        T::deserialize(self)
            .map(wrap)
            .map_err(|error| error.to_string())
    }

    fn into_raw(self) -> Value {
        self
    }
}

/// The body as the JSON text of one object, as [`RawBody`](super::attribute_value) builds
/// it from the response's own bytes: decoded straight into the typed body, with no
/// intermediate [`Value`] tree.
impl Body for &str {
    fn decode<T: DeserializeOwned>(
        &self,
        wrap: impl FnOnce(T) -> TypedValue,
    ) -> Result<TypedValue, String> {
        serde_json::from_str(self).map(wrap).map_err(|error| {
            // The same message as from a `Value`: without the position in the assembled
            // text, which is not the response's.
            let message = error.to_string();
            let position = format!(" at line {} column {}", error.line(), error.column());
            message
                .strip_suffix(&position)
                .map_or(message.clone(), str::to_owned)
        })
    }

    fn into_raw(self) -> Value {
        // The text is assembled from valid JSON pieces, so it always parses; `Null` is
        // only the type's answer to an impossible error.
        serde_json::from_str(self).unwrap_or_default()
    }
}
