//! `interaction` values: [`Interaction`] (read only).

use crate::error::DecodeErrorKind;
use crate::record::{Actor, AttributeValue, TypedValue};
use crate::value::convert::wrong_type;
use crate::value::{FromAttio, Timestamp};

/// An `interaction` value: when and how someone last (or first) interacted with a record.
/// Read only (Attio computes these).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Interaction {
    /// `calendar-event`, `call`, `chat-thread`, `email`, `in-person-meeting` or
    /// `meeting` (kept as sent, so new kinds decode).
    pub interaction_type: String,
    /// When the interaction happened.
    pub interacted_at: Timestamp,
    /// Who owned it.
    #[serde(default)]
    pub owner_actor: Actor,
}

/// Reads an `interaction` value.
impl FromAttio for Interaction {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        match &value.value {
            TypedValue::Interaction(interaction) => Ok(interaction.clone()),
            _ => Err(wrong_type("interaction", value)),
        }
    }
}
