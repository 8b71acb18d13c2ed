//! The `RecordSchema` impl: one `FieldSchema` per field (slug, attribute types from the
//! field's type, cardinality, `unique`, `skip`), the claim the schema check compares with
//! the workspace.

use proc_macro2::TokenStream;
use quote::quote;
use syn::ext::IdentExt;
use syn::{ImplGenerics, TypeGenerics, WhereClause};

use crate::ast::{Container, Field};

/// `impl RecordSchema for … { const SCHEMA: &'static [FieldSchema] = &[…]; }`.
pub(crate) fn record_schema(
    cont: &Container,
    krate: &TokenStream,
    (impl_generics, ty_generics, where_clause): (
        &ImplGenerics,
        &TypeGenerics,
        Option<&WhereClause>,
    ),
) -> TokenStream {
    let ident = cont.ident;
    let fields = cont.fields.iter().map(|field| field_schema(field, krate));
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::schema::RecordSchema for #ident #ty_generics #where_clause {
            const SCHEMA: &'static [#krate::schema::FieldSchema] = &[#(#fields),*];
        }
    }
}

fn field_schema(field: &Field, krate: &TokenStream) -> TokenStream {
    let name = field.member.unraw().to_string();
    let slug = &field.slug.value;
    let unique = field.attrs.unique.is_some();
    let skipped = field.attrs.skip.is_some();
    let ty = field.ty;
    // A skipped field's type need not convert at all, and a `with` module decides the
    // conversion: neither says anything about types or cardinality.
    let (types, cardinality) = if skipped || field.attrs.with.is_some() {
        (quote!(&[]), quote!(#krate::schema::Cardinality::Custom))
    } else {
        (
            quote!(<#ty as #krate::ToAttioField>::ATTRIBUTE_TYPES),
            quote!(<#ty as #krate::ToAttioField>::CARDINALITY),
        )
    };
    quote! {
        #krate::schema::FieldSchema::__new(#name, #slug, #types, #cardinality, #unique, #skipped)
    }
}
