//! [`AttributeType`]: the type of an Attio attribute, open-ended for types Attio adds, and
//! the facts both sides of the wire need about each type.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The type of an attribute (`attribute.type`), e.g. `email-address`.
///
/// Attio adds types over time; one this crate does not know is kept as
/// [`Other`](Self::Other) with its wire name, so reading a workspace never fails on it.
/// Code that must refuse such a type (the emulator creating an attribute) asks
/// [`is_known`](Self::is_known).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AttributeType {
    /// `text`
    Text,
    /// `number`
    Number,
    /// `checkbox`
    Checkbox,
    /// `currency`
    Currency,
    /// `date`
    Date,
    /// `timestamp`
    Timestamp,
    /// `rating`
    Rating,
    /// `status`
    Status,
    /// `select`
    Select,
    /// `record-reference`
    RecordReference,
    /// `actor-reference`
    ActorReference,
    /// `location`
    Location,
    /// `domain`
    Domain,
    /// `email-address`
    EmailAddress,
    /// `phone-number`
    PhoneNumber,
    /// `interaction`
    Interaction,
    /// `personal-name`
    PersonalName,
    /// A type this crate does not know, by its wire name.
    Other(String),
}

impl AttributeType {
    /// Every type this crate knows, in the spec's order (`attribute.type`'s enum).
    pub const KNOWN: [AttributeType; 17] = [
        Self::Text,
        Self::Number,
        Self::Checkbox,
        Self::Currency,
        Self::Date,
        Self::Timestamp,
        Self::Rating,
        Self::Status,
        Self::Select,
        Self::RecordReference,
        Self::ActorReference,
        Self::Location,
        Self::Domain,
        Self::EmailAddress,
        Self::PhoneNumber,
        Self::Interaction,
        Self::PersonalName,
    ];

    /// The type's name on the wire, e.g. `"email-address"`.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Text => "text",
            Self::Number => "number",
            Self::Checkbox => "checkbox",
            Self::Currency => "currency",
            Self::Date => "date",
            Self::Timestamp => "timestamp",
            Self::Rating => "rating",
            Self::Status => "status",
            Self::Select => "select",
            Self::RecordReference => "record-reference",
            Self::ActorReference => "actor-reference",
            Self::Location => "location",
            Self::Domain => "domain",
            Self::EmailAddress => "email-address",
            Self::PhoneNumber => "phone-number",
            Self::Interaction => "interaction",
            Self::PersonalName => "personal-name",
            Self::Other(name) => name,
        }
    }

    /// The type named `name` on the wire; unknown names give [`Other`](Self::Other).
    pub fn parse(name: &str) -> Self {
        Self::KNOWN
            .into_iter()
            .find(|t| t.as_str() == name)
            .unwrap_or_else(|| Self::Other(name.to_owned()))
    }

    /// Whether this is one of the [17 types](Self::KNOWN) of the spec.
    pub fn is_known(&self) -> bool {
        !matches!(self, Self::Other(_))
    }

    /// Whether values of this type can be written through the API. `interaction` values
    /// are Attio's own (calendar and email activity), read-only for every client; an
    /// unknown type is not written, since its write form is not known.
    pub fn accepts_writes(&self) -> bool {
        self.is_known() && *self != Self::Interaction
    }

    /// Whether an attribute of this type can be created through the attributes API.
    /// `interaction` and `personal-name` attributes exist only as Attio's system
    /// attributes of the standard objects.
    pub fn can_be_created(&self) -> bool {
        self.is_known() && !matches!(self, Self::Interaction | Self::PersonalName)
    }

    /// Whether an attribute of this type may hold several values (`is_multiselect`).
    /// The spec says "multiselect is only available on some value types"; these are the
    /// ones Attio's documentation and standard objects show multi-valued: select
    /// (multi-select), record references, email addresses, domains and phone numbers.
    /// A status is always single.
    pub fn can_be_multiselect(&self) -> bool {
        matches!(
            self,
            Self::Select
                | Self::RecordReference
                | Self::EmailAddress
                | Self::Domain
                | Self::PhoneNumber
        )
    }

    /// Whether an attribute of this type may be unique (`is_unique`): every known type
    /// but `select` ("select attributes cannot be configured to be unique").
    pub fn can_be_unique(&self) -> bool {
        self.is_known() && *self != Self::Select
    }

    /// Whether values of this type name one of the attribute's select options.
    pub fn has_options(&self) -> bool {
        *self == Self::Select
    }

    /// Whether values of this type name one of the attribute's statuses.
    pub fn has_statuses(&self) -> bool {
        *self == Self::Status
    }
}

impl fmt::Display for AttributeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AttributeType {
    type Err = Infallible;

    /// Same as [`AttributeType::parse`]: never fails.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Ok(Self::parse(name))
    }
}

impl Serialize for AttributeType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for AttributeType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Ok(Self::parse(&name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_round_trip_and_unknown_ones_are_kept() {
        for kind in AttributeType::KNOWN {
            let json = serde_json::to_value(&kind).unwrap();
            assert_eq!(json, kind.as_str());
            assert_eq!(serde_json::from_value::<AttributeType>(json).unwrap(), kind);
            assert_eq!(kind.as_str().parse::<AttributeType>().unwrap(), kind);
            assert!(kind.is_known());
        }
        let future: AttributeType = serde_json::from_str("\"hologram\"").unwrap();
        assert_eq!(future, AttributeType::Other("hologram".to_owned()));
        assert_eq!(serde_json::to_string(&future).unwrap(), "\"hologram\"");
        assert!(!future.is_known());
    }

    #[test]
    fn the_per_type_facts() {
        use AttributeType as T;
        let writable: Vec<_> = T::KNOWN.iter().filter(|t| !t.accepts_writes()).collect();
        assert_eq!(writable, [&T::Interaction]);
        let fixed: Vec<_> = T::KNOWN.iter().filter(|t| !t.can_be_created()).collect();
        assert_eq!(fixed, [&T::Interaction, &T::PersonalName]);
        assert!(T::Select.can_be_multiselect() && T::EmailAddress.can_be_multiselect());
        assert!(!T::Status.can_be_multiselect() && !T::Text.can_be_multiselect());
        assert!(!T::Select.can_be_unique() && T::Text.can_be_unique());
        let other = T::Other("hologram".into());
        assert!(!other.accepts_writes() && !other.can_be_created() && !other.can_be_unique());
        assert!(T::Select.has_options() && !T::Select.has_statuses());
        assert!(T::Status.has_statuses() && !T::Status.has_options());
    }
}
