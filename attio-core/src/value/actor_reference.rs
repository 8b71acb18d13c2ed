//! `actor-reference` values: [`ActorReference`], written as a workspace member by id.

use serde_json::{Value, json};

use crate::error::{DecodeErrorKind, ValueError};
use crate::record::{ActorKind, AttributeValue, TypedValue};
use crate::value::convert::wrong_type;
use crate::value::{FromAttio, ToAttio};

/// An `actor-reference` value: who an attribute points at (e.g. a deal's owner, or the
/// `created_by` of every record).
///
/// # Writing
/// Attio accepts only **workspace members** in an actor-reference attribute (its spec:
/// "Currently, only workspace members can be written into actor reference attributes"),
/// and only where the attribute is writable: a custom actor-reference attribute or a
/// standard one such as a deal's `owner`, not the system attribute `created_by`. A value
/// is written as `{"referenced_actor_type": "workspace-member", "referenced_actor_id": id}`;
/// build it with [`ActorReference::workspace_member`]. Writing any other kind is
/// [`ValueError::ActorNotWritable`]; a missing id is [`ValueError::Empty`], and an id that
/// is not a UUID (every Attio id is one) [`ValueError::InvalidUuid`].
///
/// Attio also accepts a member's email address (`{"workspace_member_email_address": ...}`);
/// that form is not a value of this type, because it does not read back as written (Attio
/// returns the member's id). Send it as raw JSON when you only know the email.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ActorReference {
    /// The referenced actor's kind.
    pub referenced_actor_type: ActorKind,
    /// The referenced actor's id, if any.
    #[serde(default)]
    pub referenced_actor_id: Option<String>,
}

impl ActorReference {
    /// The workspace member with this id (a UUID, e.g. the
    /// `authorized_by_workspace_member_id` of a token, or the id read back from a value).
    pub fn workspace_member(id: impl Into<String>) -> Self {
        Self {
            referenced_actor_type: ActorKind::WorkspaceMember,
            referenced_actor_id: Some(id.into()),
        }
    }
}

/// Writes a workspace member by id; see [writing](ActorReference#writing) for the errors.
impl ToAttio for ActorReference {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::ActorReference];
    fn to_attio(&self) -> Result<Value, ValueError> {
        if self.referenced_actor_type != ActorKind::WorkspaceMember {
            return Err(ValueError::ActorNotWritable {
                kind: self.referenced_actor_type.as_str().to_owned(),
            });
        }
        let id = match self.referenced_actor_id.as_deref() {
            None | Some("") => {
                return Err(ValueError::Empty {
                    what: "workspace member id",
                });
            }
            Some(id) => id,
        };
        if let Err(error) = uuid::Uuid::try_parse(id) {
            return Err(ValueError::InvalidUuid {
                value: id.to_owned(),
                reason: error.to_string(),
            });
        }
        Ok(json!({
            "referenced_actor_type": "workspace-member",
            "referenced_actor_id": id,
        }))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    const MEMBER: &str = "50cf242c-7fa3-4cad-87d0-75b1af71c57b";

    #[test]
    fn writes_a_workspace_member_by_id() {
        let value = ActorReference::workspace_member(MEMBER).to_attio();
        assert_eq!(
            value,
            Ok(json!({
                "referenced_actor_type": "workspace-member",
                "referenced_actor_id": MEMBER,
            }))
        );
    }

    #[test]
    fn rejects_actors_attio_does_not_accept() {
        for kind in [ActorKind::ApiToken, ActorKind::System, ActorKind::App] {
            let actor = ActorReference {
                referenced_actor_type: kind.clone(),
                referenced_actor_id: Some(MEMBER.into()),
            };
            assert_eq!(
                actor.to_attio(),
                Err(ValueError::ActorNotWritable {
                    kind: kind.as_str().to_owned()
                })
            );
        }
        let no_id = ActorReference {
            referenced_actor_id: None,
            ..ActorReference::workspace_member("")
        };
        assert!(matches!(no_id.to_attio(), Err(ValueError::Empty { .. })));
        assert!(matches!(
            ActorReference::workspace_member("").to_attio(),
            Err(ValueError::Empty { .. })
        ));
        let error = ActorReference::workspace_member("alice@attio.com")
            .to_attio()
            .unwrap_err();
        assert!(matches!(error, ValueError::InvalidUuid { .. }), "{error}");
        assert!(error.to_string().contains("alice@attio.com"), "{error}");
    }
}
