//! `#[derive(AttioRecord)]`: stores a Rust struct as a record of an Attio object.
//!
//! Use it through `attio-core` (`use attio_core::AttioRecord;`), which re-exports this
//! macro and provides everything the generated code calls.
//!
//! # Attributes
//!
//! On the struct, `#[attio(...)]`:
//! - `object = "users"` (required): the api slug of the Attio object.
//! - `matching = "user_id"`: the default matching attribute of `assert`; the slug of a
//!   `unique` field. Default: the first `unique` field.
//! - `crate = "path"`: where the runtime crate is, for a renamed dependency.
//!   Default: `::attio_core`.
//!
//! On a field, `#[attio(...)]`:
//! - `slug = "..."`: the attribute's api slug. Default: the field's name.
//! - `unique`: the attribute is unique in Attio; generates a handle constant
//!   (field `email` gives `User::EMAIL`) for `assert_on`. At least one field is unique.
//! - `skip`: not written, read as `Default::default()`.
//! - `clear_on_none`: on an `Option` field, `None` sends `[]` (clears the stored value)
//!   instead of leaving the stored value untouched.
//! - `with = "path::to::module"`: converts the field with the module's
//!   `fn to_attio(&T) -> Result<FieldWrite, ValueError>` and
//!   `fn from_attio(&[AttributeValue]) -> Result<T, DecodeErrorKind>`.
//!
//! Every mistake is reported at the offending token with a hint, all in one compile.
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
mod ctxt;
mod expand;
mod slug;

/// Derives `attio_core::AttioRecord` for a struct with named fields; see the crate
/// documentation for the `#[attio(...)]` attributes.
#[proc_macro_derive(AttioRecord, attributes(attio))]
pub fn derive_attio_record(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    expand::expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
