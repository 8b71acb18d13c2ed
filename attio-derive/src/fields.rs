//! The filter handles: `UserFields`, a struct with one `attio_core::query::Attr` per stored
//! field (typed by the field's type; operators read its element type), plus `record_id` and
//! `created_at`, and `User::fields()` returning it. An entry struct (`Deal`) gets the same
//! for its entry values, plus its parent: `parent_record_id`, `parent_object`,
//! `parent_record` (a reference to walk into the parent with `through`) and, for a parent
//! field holding a unique value of the parent, that field as a path into the parent.
//! Kept apart from `expand` so the query side of the derive lives in one place.

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote};
use syn::ext::IdentExt;

use crate::ast::{Container, Field};
use crate::expand::mentions_type_param;

/// The system attributes every object has, as handles, unless a field takes the name.
const SYSTEM: [(&str, &str); 2] = [("record_id", "RecordId"), ("created_at", "Timestamp")];

/// The attributes every list entry has for its parent (and its creation time), as handles.
const ENTRY_SYSTEM: [(&str, &str); 4] = [
    ("parent_record_id", "RecordId"),
    ("parent_object", "ObjectSlug"),
    ("parent_record", "RecordRef"),
    ("created_at", "Timestamp"),
];

/// What the handles are of: an object's records, or a list's entries.
pub(crate) enum Target<'a> {
    /// The records of this object.
    Object(&'a str),
    /// The entries of `list`, whose parents are records of `parent_object`.
    List {
        /// The list's slug or id.
        list: &'a str,
        /// The parent object's slug.
        parent_object: &'a str,
    },
}

/// `struct UserFields { … }` and `impl User { fn fields() -> UserFields }`.
pub(crate) fn generate(cont: &Container, krate: &TokenStream, target: &Target) -> TokenStream {
    let ident = cont.ident;
    let vis = cont.vis;
    let name = format_ident!("{}Fields", ident.unraw());
    let generics = cont.generics;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let record = quote!(#ident #ty_generics);
    let attr = quote!(#krate::query::Attr);
    let (object, system) = match target {
        Target::Object(object) => (*object, &SYSTEM[..]),
        Target::List { list, .. } => (*list, &ENTRY_SYSTEM[..]),
    };
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
        let by_value = field.attrs.parent.as_ref().map(|p| p.value.as_ref());
        match (target, by_value) {
            // The parent named by one of its unique values: a path into the parent.
            (Target::List { parent_object, .. }, Some(Some(parent_slug))) => {
                inits.push(quote!(#attr::__through_parent(#object, #parent_object, #parent_slug)));
                docs.push(format!(
                    " The parent's attribute `{}` (a path through `parent_record`).",
                    parent_slug.value()
                ));
            }
            // The parent by id: `parent_record_id` and `parent_record` name it.
            (Target::List { .. }, Some(None)) => continue,
            _ => {
                inits.push(quote!(#attr::new(#object, #slug)));
                docs.push(format!(" The attribute `{slug}`."));
            }
        }
        members.push(quote!(#member));
        types.push(quote!(#attr<#record, #value>));
    }
    for &(slug, marker) in system {
        if stored.iter().any(|f| f.member.unraw() == slug) {
            continue;
        }
        let member = format_ident!("{slug}");
        let marker = match marker {
            "RecordId" => quote!(#krate::query::RecordId),
            "ObjectSlug" => quote!(#krate::query::ObjectSlug),
            "RecordRef" => quote!(#krate::RecordRef),
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
