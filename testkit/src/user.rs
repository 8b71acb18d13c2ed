//! The README's `User`, defined once for every test and bench.

use attio_core::{AttioRecord, Email, RecordRef};

/// The README's `User`, field for field.
#[derive(Debug, Clone, PartialEq, AttioRecord)]
#[attio(object = "users")]
pub struct User {
    /// `user_id`, unique: what `assert` matches on.
    #[attio(slug = "user_id", unique)]
    pub id: String,
    /// `primary_email_address`, unique too.
    #[attio(slug = "primary_email_address", unique)]
    pub email: Email,
    /// The person this user is.
    pub person: Option<RecordRef>,
    /// The workspaces the user belongs to (`workspace`, multi-reference).
    #[attio(slug = "workspace")]
    pub workspaces: Vec<RecordRef>,
    /// Never sent to Attio.
    #[attio(skip)]
    pub password_hash: String,
}

/// An email address known to be valid.
pub fn email(address: &str) -> Email {
    Email::new(address).unwrap_or_else(|e| panic!("{address}: {e}"))
}

/// A user with no person, no workspace and a password hash that must never be sent.
pub fn user(id: &str, address: &str) -> User {
    User {
        id: id.to_owned(),
        email: email(address),
        person: None,
        workspaces: Vec::new(),
        password_hash: format!("hash-of-{id}"),
    }
}

/// Attio's documented example user (`tests/fixtures/assert-user.request.json`).
pub fn documented_user() -> User {
    User {
        id: "123".into(),
        email: email("person@company.com"),
        person: Some(RecordRef::new(
            "people",
            "891dcbfc-9141-415d-9b2a-2238a6cc012d",
        )),
        workspaces: vec![RecordRef::new(
            "workspaces",
            "72ef5feaf-4919-4208-b332-1339ab8ba040",
        )],
        password_hash: "never sent".into(),
    }
}
