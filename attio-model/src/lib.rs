//! # attio-model
//!
//! Attio's vocabulary, written once for both sides of the wire: the library
//! ([attio-core](https://docs.rs/attio-core)) checks what it sends by these rules, and the
//! local emulator ([attio-emulator](https://docs.rs/attio-emulator)) answers by them, so the
//! two cannot drift apart.
//!
//! - [`AttributeType`]: the type of an attribute, open-ended for types Attio adds, with the
//!   per-type facts ([`AttributeType::accepts_writes`], [`AttributeType::can_be_multiselect`],
//!   …); [`AttributeFlags`], the three flags an attribute is declared with.
//! - [`ErrorCode`]: the `code` of Attio's error bodies.
//! - The value rules: [`email`] addresses, [`host`] names (domains), [`phone`] numbers,
//!   [`country`] and calling codes.
//! - The [`limits`] Attio puts on texts, pages and searches.
//! - The [`slug`] rule: what an api slug may look like.
//!
//! ```
//! use attio_model::{AttributeType, ErrorCode, email, host};
//!
//! assert_eq!(AttributeType::parse("email-address"), AttributeType::EmailAddress);
//! assert_eq!(ErrorCode::from_code("slug_conflict"), ErrorCode::SlugConflict);
//! assert_eq!(host::normalize("App.Attio.COM").unwrap(), "app.attio.com");
//! assert_eq!(email::normalize("Ada@Example.COM").unwrap(), "Ada@example.com");
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod attribute_type;
pub mod country;
pub mod email;
mod error_code;
mod flags;
pub mod host;
pub mod limits;
pub mod phone;
pub mod slug;

pub use attribute_type::AttributeType;
pub use error_code::ErrorCode;
pub use flags::AttributeFlags;
