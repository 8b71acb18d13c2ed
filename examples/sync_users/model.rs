//! The records the sync writes, and how an input row becomes one.

use attio_core::value::MatchValue;
use attio_core::{AttioRecord, Email, RecordRef};
use serde::Deserialize;

/// A user as the sync writes it to Attio's `users` object, matched on `user_id`.
#[derive(Debug, Clone, PartialEq, AttioRecord)]
#[attio(object = "users", matching = "user_id")]
pub struct User {
    /// The application's user id.
    #[attio(slug = "user_id", unique)]
    pub id: String,
    /// The user's email address, validated when the row is read.
    #[attio(slug = "primary_email_address", unique)]
    pub email: Email,
    /// The workspaces the user belongs to, referenced by their `workspace_id` so no
    /// record id has to be looked up first.
    #[attio(slug = "workspace")]
    pub workspaces: Vec<RecordRef>,
    /// The input line the user came from (not sent; used to report outcomes by line).
    #[attio(skip)]
    pub line: u64,
}

/// A workspace as the sync writes it to Attio's `workspaces` object, matched on
/// `workspace_id`. The sync asserts every workspace its users refer to before the users.
#[derive(Debug, Clone, PartialEq, AttioRecord)]
#[attio(object = "workspaces")]
pub struct Workspace {
    /// The application's workspace id (`ws_001`, ...).
    #[attio(unique)]
    pub workspace_id: String,
}

/// One input row as read from the file, before validation. Every field may be missing:
/// validation says what is wrong instead of the parser failing the whole file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct UserRow {
    /// The user id.
    #[serde(default)]
    pub id: Option<String>,
    /// The email address.
    #[serde(default)]
    pub email: Option<String>,
    /// The display name (read but not written: Attio's `users` object has no name).
    #[serde(default)]
    pub name: Option<String>,
    /// Workspace ids.
    #[serde(default)]
    pub workspaces: Vec<String>,
}

impl UserRow {
    /// The ids of the workspaces this row refers to, trimmed, empty ones dropped.
    pub fn workspace_ids(&self) -> impl Iterator<Item = &str> {
        self.workspaces
            .iter()
            .map(|id| id.trim())
            .filter(|id| !id.is_empty())
    }

    /// Validates the row into a [`User`]; the error is the reason to show the operator.
    pub fn into_user(self, line: u64) -> Result<User, String> {
        let id = self
            .id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .ok_or("missing user id")?
            .to_owned();
        let email = self
            .email
            .as_deref()
            .map(str::trim)
            .filter(|email| !email.is_empty())
            .ok_or("missing email address")?;
        let email = Email::new(email).map_err(|error| error.to_string())?;
        let workspaces = self
            .workspace_ids()
            .map(|id| RecordRef::matching("workspaces", "workspace_id", MatchValue::text(id)))
            .collect();
        Ok(User {
            id,
            email,
            workspaces,
            line,
        })
    }
}
