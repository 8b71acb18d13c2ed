//! `actor-reference` values: [`ActorReference`] (read only).

use crate::error::DecodeErrorKind;
use crate::record::{ActorKind, AttributeValue, TypedValue};
use crate::value::FromAttio;
use crate::value::convert::wrong_type;

/// An `actor-reference` value: who an attribute points at (e.g. a record's owner).
/// Read only.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ActorReference {
    /// The referenced actor's kind.
    pub referenced_actor_type: ActorKind,
    /// The referenced actor's id, if any.
    #[serde(default)]
    pub referenced_actor_id: Option<String>,
}

/// Reads an `actor-reference` value.
impl FromAttio for ActorReference {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        match &value.value {
            TypedValue::ActorReference(actor) => Ok(actor.clone()),
            _ => Err(wrong_type("actor-reference", value)),
        }
    }
}
