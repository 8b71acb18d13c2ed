//! The Rust type that reads and writes each attribute type: what the schema check suggests
//! as a fix.

use super::AttributeType;

/// The `attio_core` type to use for an attribute of this type, e.g. `Email` for
/// `email-address`; `None` for a type this crate does not know.
pub fn rust_type_for(kind: &AttributeType) -> Option<&'static str> {
    Some(match kind {
        AttributeType::Text => "String",
        AttributeType::Number => "f64",
        AttributeType::Checkbox => "bool",
        AttributeType::Currency => "Currency",
        AttributeType::Date => "Date",
        AttributeType::Timestamp => "Timestamp",
        AttributeType::Rating => "Rating",
        AttributeType::Status => "Status",
        AttributeType::Select => "Select",
        AttributeType::RecordReference => "RecordRef",
        AttributeType::ActorReference => "ActorReference",
        AttributeType::Location => "Location",
        AttributeType::Domain => "Domain",
        AttributeType::EmailAddress => "Email",
        AttributeType::PhoneNumber => "PhoneNumber",
        AttributeType::Interaction => "Interaction",
        AttributeType::PersonalName => "PersonalName",
        AttributeType::Other(_) => return None,
    })
}
