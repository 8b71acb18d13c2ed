//! The filter handles: `UserFields`, a struct with one `attio_core::query::Attr` per stored
//! field (typed by the field's type; operators read its element type), plus `record_id` and `created_at`, and
//! `User::fields()` returning it. Kept apart from `expand` so the query side of the derive
//! lives in one place.

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote};
use syn::ext::IdentExt;

use crate::ast::{Container, Field};
use crate::expand::mentions_type_param;

/// The system attributes every object has, as handles, unless a field takes the name.
const SYSTEM: [(&str, &str); 2] = [("record_id", "RecordId"), ("created_at", "Timestamp")];

/// `struct UserFields { … }` and `impl User { fn fields() -> UserFields }`.
pub(crate) fn generate(cont: &Container, krate: &TokenStream, object: &str) -> TokenStream {
    let ident = cont.ident;
    let vis = cont.vis;
    let name = format_ident!("{}Fields", ident.unraw());
    let generics = cont.generics;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let record = quote!(#ident #ty_generics);
    let attr = quote!(#krate::query::Attr);
    let stored: Vec<&Field> = cont.stored_fields().collect();
    let mut members = Vec::new();
    let mut types = Vec::new();
    let mut inits = Vec::new();
    let mut docs = Vec::new();
    for field in &stored {
        let member = field.member;
        let slug = &field.slug.value;
        let ty = field.ty;
        let value = if field.attrs.with.is_some() || mentions_type_param(cont, ty.to_token_stream())
        {
            quote!(#krate::query::Converted)
        } else {
            quote!(#ty)
        };
        members.push(quote!(#member));
        types.push(quote!(#attr<#record, #value>));
        inits.push(quote!(#attr::new(#object, #slug)));
        docs.push(format!(" The attribute `{slug}`."));
    }
    for (slug, marker) in SYSTEM {
        if stored.iter().any(|f| f.member.unraw() == slug) {
            continue;
        }
        let member = format_ident!("{slug}");
        let marker = match marker {
            "RecordId" => quote!(#krate::query::RecordId),
            _ => quote!(#krate::Timestamp),
        };
        members.push(quote!(#member));
        types.push(quote!(#attr<#record, #marker>));
        inits.push(quote!(#attr::new(#object, #slug)));
        docs.push(format!(" The system attribute `{slug}`."));
    }
    let doc = format!(
        " Filter and sort handles for the attributes of [`{ident}`], from \
         [`{ident}::fields`]."
    );
    let fields_doc = format!(
        " The filter and sort handles of `{ident}`'s attributes (see `attio_core::query`)."
    );
    quote! {
        #[doc = #doc]
        #[allow(dead_code)]
        #vis struct #name #generics #where_clause {
            #(#[doc = #docs] pub #members: #types,)*
            __record: ::core::marker::PhantomData<fn() -> #record>,
        }
        #[automatically_derived]
        impl #impl_generics #record #where_clause {
            #[doc = #fields_doc]
            #[allow(dead_code)]
            #vis fn fields() -> #name #ty_generics {
                #name { #(#members: #inits,)* __record: ::core::marker::PhantomData }
            }
        }
    }
}
