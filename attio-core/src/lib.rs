//! # attio-core
//!
//! Typed records for the [Attio](https://attio.com) CRM: annotate the structs your
//! application already has with `#[derive(AttioRecord)]` and write them with one call.
//!
//! ```
//! use attio_core::{AttioRecord, Email, RecordRef};
//!
//! #[derive(AttioRecord)]
//! #[attio(object = "users")]
//! struct User {
//!     #[attio(slug = "user_id", unique)]
//!     id: String,
//!     #[attio(slug = "primary_email_address", unique)]
//!     email: Email,
//!     person: Option<RecordRef>,
//!     #[attio(slug = "workspace")]
//!     workspaces: Vec<RecordRef>,
//!     #[attio(skip)]
//!     password_hash: String,
//! }
//!
//! let user = User {
//!     id: "123".into(),
//!     email: Email::new("person@company.com")?,
//!     person: None,
//!     workspaces: vec![RecordRef::new("workspaces", "72ef5feaf-4919-4208-b332-1339ab8ba040")],
//!     password_hash: "never sent".into(),
//! };
//! let values = user.to_values()?; // what `user.assert(&client)` sends as `data.values`
//! assert_eq!(values["user_id"], "123");
//! assert!(!values.contains_key("password_hash"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The crate is organised in rooms: [`value`] (how Rust types become Attio values and
//! back), [`record`] (what Attio returns), [`client`] (the HTTP client), [`error`],
//! [`webhook`] (receiving Attio's webhook deliveries: signatures, typed events, redeliveries)
//! and the [`AttioRecord`] trait that the derive implements.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod bulk;
pub mod cache;
pub mod client;
pub mod error;
pub mod object;
pub mod pacing;
pub mod record;
pub mod retry;
pub mod value;
pub mod webhook;

pub use client::{Client, ClientBuilder, RecordQuery};
pub use error::{ApiError, DecodeError, DecodeErrorKind, Error, ErrorCode, ValueError};
pub use object::{AttioRecord, MatchingAttribute, NotUnique, Unique};
pub use record::{Actor, AttributeValue, Record, RecordId, TypedValue};
pub use value::{
    Currency, Date, Domain, Email, FieldWrite, FromAttio, FromAttioField, Location, PersonalName,
    PhoneNumber, Rating, RecordRef, Select, Status, Timestamp, ToAttio, ToAttioField, ValuesWriter,
};
pub use webhook::{WebhookError, WebhookEvent, WebhookPayload, WebhookSecret};

/// `#[derive(AttioRecord)]`: see the crate documentation and the README's attribute reference.
#[cfg(feature = "derive")]
pub use attio_derive::AttioRecord;

/// Items used by code that `#[derive(AttioRecord)]` generates. Not a public API:
/// names here may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use serde_json;
    pub use std::{
        option::Option::{self, None, Some},
        result::Result::{self, Err, Ok},
        string::String,
        vec::Vec,
    };
}
