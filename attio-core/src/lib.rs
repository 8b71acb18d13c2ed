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
//! [`webhook`] (receiving Attio's webhook deliveries: signatures, typed events, redeliveries;
//! managing webhooks through [`Client::webhooks`]), [`list`] (lists and entries, through
//! [`Client::lists`] and [`Client::entries`])
//! and the [`AttioRecord`] trait that the derive implements.
//!
//! A field's type is one of the [value types](value#rust-type--attio-type), an application
//! newtype with `#[derive(AttioValue)]` (`struct UserId(String);`), or a type from another
//! crate enabled by the cargo feature named after it: `chrono`, `time`, `uuid`,
//! `rust_decimal`, `url` (all off by default; [`value::ext`] says what each maps to). The
//! enabled crates are re-exported (`attio_core::chrono`, ...) so you can name the same
//! version.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod bulk;
pub mod cache;
pub mod client;
pub mod entry;
pub mod error;
pub mod list;
pub mod object;
pub mod pacing;
pub mod query;
pub mod record;
pub mod retry;
pub mod schema;
pub mod value;
pub mod webhook;

pub use client::{Client, ClientBuilder, RecordQuery};
pub use entry::AttioEntry;
pub use error::{
    ApiError, DecodeError, DecodeErrorKind, Error, ErrorCode, RecordDecodeReason, ValueError,
};
pub use object::{AttioRecord, MatchingAttribute, NotUnique, Unique};
pub use query::{Attr, Filter, Paging, Query, Sort};
pub use record::{Actor, AttributeValue, Record, RecordId, TypedValue};
pub use value::{
    Currency, Date, Domain, Email, FieldWrite, FromAttio, FromAttioField, Location, PersonalName,
    PhoneNumber, Rating, RecordRef, Select, Status, Timestamp, ToAttio, ToAttioField, ValuesWriter,
};
pub use webhook::{WebhookError, WebhookEvent, WebhookPayload, WebhookSecret};

/// `#[derive(AttioRecord)]`: see the crate documentation and the README's attribute reference.
#[cfg(feature = "derive")]
pub use attio_derive::AttioRecord;

/// `#[derive(AttioValue)]`: a newtype (`struct UserId(String)`) written and read exactly as
/// its one field, with that field's validation, so it can be a field of an `AttioRecord`
/// struct (also `unique`, in an `Option` or a `Vec`).
///
/// ```
/// use attio_core::{AttioRecord, AttioValue, ToAttio};
///
/// #[derive(Debug, PartialEq, AttioValue)]
/// struct UserId(String); // a `text` value, like `String`
///
/// #[derive(AttioRecord)]
/// #[attio(object = "users")]
/// struct User {
///     #[attio(slug = "user_id", unique)]
///     id: UserId,
///     previous_ids: Vec<UserId>,
/// }
///
/// assert_eq!(UserId("u-1".into()).to_attio(), Ok(serde_json::json!("u-1")));
/// let user = User { id: UserId("u-1".into()), previous_ids: vec![] };
/// assert_eq!(user.to_values().unwrap()["user_id"], "u-1");
/// ```
///
/// The field may be named (`struct UserId { id: String }`) and of any type with the
/// conversions, including a type parameter. The one attribute is `#[attio(crate = "path")]`
/// on the struct; anything else, and a struct without exactly one field, is a compile error
/// at the offending token.
#[cfg(feature = "derive")]
pub use attio_derive::AttioValue;

/// The `chrono` crate whose `DateTime<Utc>` and `NaiveDate` are field types (feature
/// `chrono`; see [`value::ext`]), for naming the same version.
#[cfg(feature = "chrono")]
#[doc(no_inline)]
pub use chrono;
/// The `rust_decimal` crate whose `Decimal` is a field type (feature `rust_decimal`; see
/// [`value::ext`]), for naming the same version.
#[cfg(feature = "rust_decimal")]
#[doc(no_inline)]
pub use rust_decimal;
/// The `time` crate whose `OffsetDateTime`, `UtcDateTime` and `Date` are field types
/// (feature `time`; see [`value::ext`]), for naming the same version.
#[cfg(feature = "time")]
#[doc(no_inline)]
pub use time;
/// The `url` crate whose `Url` is a field type (feature `url`; see [`value::ext`]), for
/// naming the same version.
#[cfg(feature = "url")]
#[doc(no_inline)]
pub use url;
/// The `uuid` crate whose `Uuid` is a field type (feature `uuid`; see [`value::ext`]), for
/// naming the same version.
#[cfg(feature = "uuid")]
#[doc(no_inline)]
pub use uuid;

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
