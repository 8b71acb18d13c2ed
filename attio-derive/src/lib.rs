//! `#[derive(AttioRecord)]`: stores a Rust struct as a record of an Attio object;
//! `#[derive(AttioValue)]`: stores a newtype as its one field, or an enum as the options of
//! a `select` or `status` attribute.
//!
//! Use it through `attio-core` (`use attio_core::AttioRecord;`), which re-exports this
//! macro and provides everything the generated code calls.
//!
//! The attributes are documented on [`macro@AttioRecord`].
//!
//! # Design
//!
//! `ast` parses the input (with `attr`) into a small model, `check` validates it
//! collecting every error in a `ctxt::Ctxt`, and `expand` generates the code.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

use proc_macro::TokenStream;

mod ast;
mod attr;
mod check;
mod choice;
mod ctxt;
mod expand;
mod fields;
mod newtype;
mod schema;
#[cfg(test)]
mod snapshot;

/// Derives `attio_core::AttioRecord` for a struct with named fields: how the struct is
/// written to an Attio object (`write_values`) and read back from a record
/// (`from_record`), plus one typed handle per unique attribute.
///
/// ```ignore
/// use attio_core::{AttioRecord, Email, RecordRef};
///
/// #[derive(AttioRecord)]
/// #[attio(object = "users")]
/// struct User {
///     #[attio(slug = "user_id", unique)]
///     id: String,
///     #[attio(slug = "primary_email_address", unique)]
///     email: Email,
///     person: Option<RecordRef>,
///     #[attio(slug = "workspace")]
///     workspaces: Vec<RecordRef>,
///     #[attio(skip)]
///     password_hash: String,
/// }
/// // Generated: `User::ID` and `User::EMAIL`, handles for `assert_on`;
/// // `User::MATCHING_ATTRIBUTE` is `User::ID` (the first unique field).
/// ```
///
/// # Struct attributes
///
/// - `object = "users"` (required): the api slug of the Attio object.
/// - `matching = "user_id"`: the attribute `assert` matches on; the slug of a `unique`
///   field. Default: the first `unique` field.
/// - `crate = "path"`: the path of the runtime crate, for a renamed dependency or a
///   re-export. Default: `::attio_core`.
///
/// # List entries
///
/// With `list = "sales"` (slug or id) and `parent = "people"` (the list's parent object)
/// instead of `object`, the struct maps to the list's entries and the derive implements
/// `attio_core::AttioEntry` (assert by parent, create, update, overwrite, get, delete). One
/// field names the entry's record: `#[attio(parent)]` on a record id (`String`) or a
/// `RecordRef`, or `#[attio(parent = "email_addresses")]` on a field holding the parent's
/// value of that unique attribute (looked up before writing, read from the parent record).
/// Every other stored field is an entry value. `object` together with `list`, a list
/// without `parent`, a list struct without a parent field, and a parent field of another
/// type are compile errors with a hint.
///
/// # Field attributes
///
/// - `slug = "..."`: the attribute's api slug. Default: the field's name.
/// - `unique`: the attribute is unique in Attio. Generates an associated constant named
///   after the field in SCREAMING_SNAKE_CASE (`email` gives `User::EMAIL`). At least one
///   field must be unique; a `Vec` field cannot be.
/// - `skip`: neither written nor read; reads as `Default::default()`. Cannot be combined
///   with the other field attributes.
/// - `clear_on_none`: on an `Option` field, `None` sends `[]`, clearing the stored value,
///   instead of leaving the stored value untouched.
/// - `with = "path::to::module"`: converts the field with the module's
///   `fn to_attio(&T) -> Result<FieldWrite, ValueError>` and
///   `fn from_attio(&[AttributeValue]) -> Result<T, DecodeErrorKind>`.
///
/// The field's type gives the cardinality: `T` is exactly one value, `Option<T>` zero or
/// one, `Vec<T>` a multi-value attribute, for any `T: ToAttio + FromAttio`. A borrowed
/// field (`&'a str`) is rejected unless skipped or converted `with` a module: reading
/// builds an owned struct.
///
/// # Errors
///
/// Every mistake is a compile error at the offending token with a hint, all of one
/// struct in one compile: unknown or misspelled keys (with a suggestion), repeated keys,
/// values that are not strings, invalid slugs, duplicate slugs, conflicting attributes,
/// no unique field, a `matching` that is not a unique field, a missing `object`, enums,
/// unions, tuple and unit structs, and a field type without a conversion.
#[proc_macro_derive(AttioRecord, attributes(attio))]
pub fn derive_attio_record(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    expand::expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Derives `attio_core::ToAttio` and `attio_core::FromAttio` for a newtype: a struct with
/// exactly one field, stored exactly as that field (like `#[serde(transparent)]`), so it
/// can be a field of an `AttioRecord` struct.
///
/// ```ignore
/// use attio_core::{AttioRecord, AttioValue};
///
/// #[derive(AttioValue)]
/// struct UserId(String); // a `text` value, written and read like `String`
///
/// #[derive(AttioRecord)]
/// #[attio(object = "users")]
/// struct User {
///     #[attio(slug = "user_id", unique)]
///     id: UserId,
///     previous_ids: Vec<UserId>,
/// }
/// ```
///
/// The field may be named (`struct UserId { id: String }`) and of any type with the
/// conversions, including a type parameter (`struct Tagged<T>(T)` gets
/// `where T: ToAttio` / `where T: FromAttio`). The one struct attribute is
/// `#[attio(crate = "path")]` for a renamed runtime crate. Unions, unit structs and
/// structs with several fields are compile errors, as is `#[attio(...)]` on the field.
///
/// # Option enums
///
/// On an enum marked `#[attio(select)]` or `#[attio(status)]`, each unit variant is one
/// option of that attribute, titled as written (`r#` removed) or by
/// `#[attio(rename = "Title in Attio")]`. It is written by title (Attio resolves the title
/// to the option) and read back by the title Attio returns. At most one variant may be
/// `#[attio(other)]`, holding a `String` (or any type made from and shown as a `&str`): it
/// keeps an option the enum does not know, its title (or its id when Attio sends no title),
/// and writes it back unchanged. Without one, an unknown option is a `DecodeError` naming
/// the attribute, the option and the titles the enum knows. The enum declares its attribute
/// type for the schema check and gets a `title()` method.
///
/// ```ignore
/// #[derive(AttioValue)]
/// #[attio(select)]
/// enum Plan {
///     Free,
///     #[attio(rename = "Pro plan")]
///     Pro,
///     #[attio(other)]
///     Other(String),
/// }
/// ```
///
/// Data in any other variant, two variants with one title, an empty title, both `select`
/// and `status` or neither, and `AttioRecord` keys are compile errors at the offending
/// token.
#[proc_macro_derive(AttioValue, attributes(attio))]
pub fn derive_attio_value(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    newtype::expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
