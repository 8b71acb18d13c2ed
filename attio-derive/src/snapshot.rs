//! Helpers of the expansion snapshot tests (`insta`) that both derives share.

use proc_macro2::TokenStream;
use syn::DeriveInput;

/// A derive's entry point: the input to the generated impls, or its combined errors.
pub(crate) type Expand = fn(&DeriveInput) -> syn::Result<TokenStream>;

/// The expansion, formatted like rustfmt would (what the snapshots hold).
pub(crate) fn pretty(expand: Expand, input: DeriveInput) -> String {
    let tokens = expand(&input).unwrap_or_else(|error| panic!("expand failed: {error}"));
    let file: syn::File = syn::parse2(tokens).unwrap_or_else(|error| panic!("not a file: {error}"));
    prettyplease::unparse(&file)
}

/// Every error message of an expansion that must fail, one per line.
pub(crate) fn errors(expand: Expand, input: DeriveInput) -> String {
    match expand(&input) {
        Ok(tokens) => panic!("expected errors, got {tokens}"),
        Err(error) => error
            .into_iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    }
}
