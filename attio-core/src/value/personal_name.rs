//! `personal-name` values: [`PersonalName`].

use serde_json::Value;

use crate::error::{DecodeErrorKind, ValueError};
use crate::record::{AttributeValue, TypedValue};
use crate::value::convert::wrong_type;
use crate::value::text::check_text;
use crate::value::{FromAttio, ToAttio};

/// A person's name (the `name` attribute of People), written and read as a
/// `personal-name` value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct PersonalName {
    /// The first name.
    #[serde(default)]
    pub first_name: String,
    /// The last name.
    #[serde(default)]
    pub last_name: String,
    /// The full name as displayed.
    #[serde(default)]
    pub full_name: String,
}

impl PersonalName {
    /// A name whose full name is `first last` (or whichever of the two is not empty).
    pub fn new(first_name: impl Into<String>, last_name: impl Into<String>) -> Self {
        let (first_name, last_name) = (first_name.into(), last_name.into());
        let full_name = [first_name.trim(), last_name.trim()]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        Self {
            first_name,
            last_name,
            full_name,
        }
    }
}

/// Writes `{"first_name", "last_name", "full_name"}` (all three, as Attio's docs require);
/// a name with all three empty is [`ValueError::Empty`].
impl ToAttio for PersonalName {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::PersonalName];
    fn to_attio(&self) -> Result<Value, ValueError> {
        let parts = [&self.first_name, &self.last_name, &self.full_name];
        if parts.iter().all(|part| part.trim().is_empty()) {
            return Err(ValueError::Empty {
                what: "a personal name",
            });
        }
        for part in parts {
            check_text(part)?;
        }
        serde_json::to_value(self).map_err(|error| ValueError::Invalid(error.to_string()))
    }
}

/// Reads a `personal-name` value.
impl FromAttio for PersonalName {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        match &value.value {
            TypedValue::PersonalName(name) => Ok(name.clone()),
            _ => Err(wrong_type("personal-name", value)),
        }
    }
}
