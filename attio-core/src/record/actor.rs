//! [`Actor`]: who did something in Attio (created a value, or is referenced by one).

/// The kind of an [`Actor`].
///
/// Attio documents four kinds; any other string is kept in [`ActorKind::Other`] so a new
/// kind never fails decoding.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ActorKind {
    /// An API token (`api-token`).
    ApiToken,
    /// A member of the workspace (`workspace-member`).
    WorkspaceMember,
    /// Attio itself (`system`).
    System,
    /// An installed app (`app`).
    App,
    /// A kind this crate does not know, as sent.
    Other(String),
}

impl ActorKind {
    /// The kind's wire name (`api-token`, `workspace-member`, `system`, `app`, or the
    /// unknown name as sent).
    pub fn as_str(&self) -> &str {
        match self {
            Self::ApiToken => "api-token",
            Self::WorkspaceMember => "workspace-member",
            Self::System => "system",
            Self::App => "app",
            Self::Other(name) => name,
        }
    }
}

impl From<&str> for ActorKind {
    fn from(name: &str) -> Self {
        match name {
            "api-token" => Self::ApiToken,
            "workspace-member" => Self::WorkspaceMember,
            "system" => Self::System,
            "app" => Self::App,
            other => Self::Other(other.to_owned()),
        }
    }
}

impl serde::Serialize for ActorKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for ActorKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Ok(Self::from(name.as_ref()))
    }
}

/// Who created a value (`created_by_actor`): both parts may be null (Attio's documented
/// examples send `{"type": "system", "id": null}`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, serde::Deserialize, serde::Serialize)]
pub struct Actor {
    /// The actor's kind, if Attio says.
    #[serde(rename = "type", default)]
    pub kind: Option<ActorKind>,
    /// The actor's id, if any.
    #[serde(default)]
    pub id: Option<String>,
}
