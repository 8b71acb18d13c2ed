//! Attio attribute values: how Rust types are written to Attio and read back.
//!
//! Two element traits, [`ToAttio`] and [`FromAttio`], say how *one* Rust value maps to *one*
//! Attio value (like serde's `Serialize`/`Deserialize`). Cardinality comes from the field's
//! type through the field traits [`ToAttioField`] and [`FromAttioField`]:
//! `T` is exactly one value, `Option<T>` zero or one, `Vec<T>` a multi-value attribute.
//! Implement the element traits for your own newtypes and every cardinality follows.
//!
//! # Rust type ↔ Attio type
//!
//! | Rust type | Attio type | Written as | Also read from |
//! |---|---|---|---|
//! | `String`, `&str`, `Cow<str>` | `text` | `"text"` (at most [`MAX_TEXT_BYTES`]) | `email-address`, `domain` |
//! | `i8`…`i64`, `u8`…`u64`, `isize`, `usize` | `number` | `42` (within ±2⁵³, exact in Attio's floats) | `rating` |
//! | `f32`, `f64` | `number` | `12.5` (finite only) | `rating` |
//! | `bool` | `checkbox` | `true` | |
//! | [`Currency`] | `currency` | `4.99` (at most 4 decimals, exact) | `number` |
//! | [`Date`], `jiff::civil::Date` | `date` | `"2023-01-02"` | |
//! | [`Timestamp`], `jiff::Timestamp` | `timestamp` | `"2023-01-02T13:00:00.000000000Z"` | |
//! | [`Rating`] | `rating` | `3` (0–5) | `number` |
//! | [`Status`] | `status` | `{"status": id or title}` | |
//! | [`Select`] | `select` | `{"option": id or title}` | |
//! | [`RecordRef`] | `record-reference` | `{"target_object", "target_record_id"}` or by matching attribute | |
//! | [`Location`] | `location` | all ten keys, `null` when absent | |
//! | [`Domain`] | `domain` | `"app.attio.com"` (lower case, A-labels) | `text` |
//! | [`Email`] | `email-address` | `"Ada@b.com"` (domain lower case, A-labels) | `text` |
//! | [`PhoneNumber`] | `phone-number` | `{"original_phone_number", "country_code"}` | |
//! | [`PersonalName`] | `personal-name` | `{"first_name", "last_name", "full_name"}` | |
//! | [`ActorReference`] | `actor-reference` | `{"referenced_actor_type": "workspace-member", "referenced_actor_id"}` (workspace members only) | |
//! | [`Interaction`] | `interaction` | read only | |
//! | [`TypedValue`](crate::record::TypedValue), [`AttributeValue`](crate::AttributeValue) | any | read only | |
//!
//! Types from other crates (`chrono`, `time`, `uuid`, `rust_decimal`, `url`) are field
//! types behind the cargo feature named after each crate: see [`ext`]. An application's
//! newtype around any of these types is one with `#[derive(AttioValue)]`
//! ([`AttioValue`](crate::AttioValue)), or by implementing both traits.
//!
//! The read forms with every field Attio returns are [`EmailAddressValue`],
//! [`DomainValue`], [`RecordReferenceValue`], [`CurrencyValue`], [`SelectOption`] and
//! [`StatusOption`]; they implement [`FromAttio`] too.
//!
//! # What a write clears
//!
//! A field of type `Option<T>` that is `None` is left out of the request, so the stored
//! value is **untouched**; with `#[attio(clear_on_none)]` it is sent as `[]`, which
//! **clears** a single-value attribute. A `Vec<T>` is always sent, as an array:
//! - an overwrite (`PUT` by record id) and an assert make a multi-value attribute equal
//!   to exactly the given values, so an empty `Vec` clears it (except the assert's
//!   matching attribute, whose values are only added to);
//! - an update (`PATCH`) adds the given values to the stored ones and removes none; use
//!   an overwrite to remove values.
//!
//! Values Attio would reject are rejected before any request is sent, with a
//! [`ValueError`](crate::ValueError) naming the problem.
//! [`Email`], [`Domain`] and [`PhoneNumber`] document their rule sets (under "Rules"); the
//! country codes of [`PhoneNumber`] and [`Location`] must be assigned ISO 3166-1 alpha-2
//! codes (or `XK`) in upper case.

mod actor_reference;
#[cfg(test)]
mod body_tests;
mod checkbox;
mod convert;
mod country;
mod currency;
mod date;
mod domain;
mod email;
pub mod ext;
mod field;
mod interaction;
mod json_body;
mod location;
mod number;
mod personal_name;
mod phone;
mod rating;
mod record_ref;
mod select;
mod text;
mod timestamp;
mod writer;

pub use actor_reference::ActorReference;
pub use convert::{FromAttio, ToAttio};
pub use currency::{Currency, CurrencyValue};
pub use date::Date;
pub use domain::{Domain, DomainValue};
pub use email::{Email, EmailAddressValue};
pub use field::{FieldWrite, FromAttioField, ToAttioField};
pub use interaction::Interaction;
#[doc(hidden)]
pub use json_body::JsonOut;
pub use location::Location;
pub use personal_name::PersonalName;
pub use phone::PhoneNumber;
pub use rating::Rating;
pub use record_ref::{MatchValue, RecordRef, RecordReferenceValue};
pub use select::{Select, SelectOption, Status, StatusOption};
pub use text::MAX_TEXT_BYTES;
pub use timestamp::Timestamp;
pub use writer::ValuesWriter;
