//! [`AttributeType`]: the type of an Attio attribute, open-ended for types Attio adds.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The type of an attribute (`attribute.type`), e.g. `email-address`.
///
/// Attio adds types over time; one this crate does not know is kept as
/// [`Other`](Self::Other) with its wire name, so reading a workspace never fails on it.
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
    /// Every type this crate knows, in the spec's order.
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
}

impl fmt::Display for AttributeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
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
        }
        let future: AttributeType = serde_json::from_str("\"hologram\"").unwrap();
        assert_eq!(future, AttributeType::Other("hologram".to_owned()));
        assert_eq!(serde_json::to_string(&future).unwrap(), "\"hologram\"");
    }
}
