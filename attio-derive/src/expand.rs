//! Code generation: the model becomes one `impl AttioRecord` plus one inherent impl with
//! a typed handle per unique attribute (and a hidden `NotUnique` marker per other field).
//!
//! The generated code names everything through the runtime crate's path (`::attio_core`
//! or `#[attio(crate = "...")]`) and `::core`, so it compiles next to user items called
//! `Result`, `Ok`, `Default`, ... It is kept compact: users pay its compile time.

use std::collections::BTreeSet;

use heck::ToShoutySnakeCase;
use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{DeriveInput, Generics, Ident, WherePredicate, parse_quote};

use crate::ast::{Container, Field};
use crate::check;
use crate::ctxt::Ctxt;
use crate::fields;

/// Parses, checks and expands one derive input. All mistakes in the input come back
/// combined in one `syn::Error` (one compile shows every one of them).
pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let cx = Ctxt::default();
    let cont = Container::from_ast(&cx, input);
    if let Some(cont) = &cont {
        check::check(&cx, cont);
    }
    cx.finish()?;
    // `from_ast` returns `None` only after recording an error, so `finish` returned early.
    Ok(cont.as_ref().map(generate).unwrap_or_default())
}

fn generate(cont: &Container) -> TokenStream {
    let krate = match &cont.attrs.krate {
        Some(path) => path.value.to_token_stream(),
        None => quote!(::attio_core),
    };
    if cont.is_entry() {
        return generate_entry(cont, &krate);
    }
    let ident = cont.ident;
    let bounded = with_field_bounds(cont, &krate);
    let (impl_generics, ty_generics, where_clause) = bounded.split_for_impl();
    let (_, _, plain_where_clause) = cont.generics.split_for_impl();
    // `check` guarantees an `object` and a unique field; the defaults are never used.
    let object = cont
        .attrs
        .object
        .as_ref()
        .map(|object| object.value.value())
        .unwrap_or_default();
    let matching = match &cont.attrs.matching {
        Some(matching) => matching.value.value(),
        None => cont
            .unique_fields()
            .next()
            .map(|field| field.slug.value.clone())
            .unwrap_or_default(),
    };
    let values = Ident::new("__values", Span::mixed_site());
    let record = Ident::new("__record", Span::mixed_site());
    let writes = cont
        .stored_fields()
        .map(|field| write_field(field, &krate, &values));
    let reads = cont.fields.iter().map(|field| read_field(field, &record));
    let handles = cont.fields.iter().map(|field| field_handle(field, &krate));
    let schema =
        crate::schema::record_schema(cont, &krate, (&impl_generics, &ty_generics, where_clause));
    let field_handles = fields::generate(cont, &krate, &fields::Target::Object(&object));
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::AttioRecord for #ident #ty_generics #where_clause {
            const OBJECT: &'static str = #object;
            const MATCHING_ATTRIBUTE: #krate::Unique<Self> = #krate::Unique::__new(#matching);
            fn write_values(
                &self,
                #values: &mut #krate::ValuesWriter,
            ) -> #krate::__private::Result<(), #krate::Error> {
                #(#writes)*
                #krate::__private::Ok(())
            }
            fn from_record(
                #record: &#krate::Record,
            ) -> #krate::__private::Result<Self, #krate::DecodeError> {
                #krate::__private::Ok(Self { #(#reads,)* })
            }
        }
        #[automatically_derived]
        impl #impl_generics #ident #ty_generics #plain_where_clause {
            #(#handles)*
        }
        #schema
        #field_handles
    }
}

/// `impl AttioEntry` for a struct with `#[attio(list = "...", parent = "...")]`: the
/// parent field names the entry's record, every other stored field is an entry value.
fn generate_entry(cont: &Container, krate: &TokenStream) -> TokenStream {
    let ident = cont.ident;
    let bounded = with_field_bounds(cont, krate);
    let (impl_generics, ty_generics, where_clause) = bounded.split_for_impl();
    let setting = |s: &Option<crate::attr::Setting<syn::LitStr>>| {
        s.as_ref().map(|s| s.value.value()).unwrap_or_default()
    };
    let (list, parent_object) = (setting(&cont.attrs.list), setting(&cont.attrs.parent));
    let values = Ident::new("__values", Span::mixed_site());
    let entry = Ident::new("__entry", Span::mixed_site());
    let record = Ident::new("__record", Span::mixed_site());
    let parent_record = Ident::new("__parent", Span::mixed_site());
    let writes = cont
        .value_fields()
        .map(|field| write_field(field, krate, &values));
    // `check` guarantees exactly one parent field.
    let parent = cont.parent_field();
    let by_value = parent.and_then(|field| field.attrs.parent.as_ref()?.value.clone());
    let parent_key = match (parent, &by_value) {
        (Some(field), Some(slug)) => {
            let member = field.member;
            quote!(#krate::entry::__matching(#slug, &self.#member))
        }
        (Some(field), None) => {
            let (member, ty) = (field.member, field.ty);
            quote_spanned!(ty.span()=> <#ty as #krate::entry::ParentField>::parent_key(&self.#member))
        }
        (None, _) => {
            quote!(#krate::__private::Err(#krate::Error::Config(::core::default::Default::default())))
        }
    };
    let reads = cont.fields.iter().map(|field| match &field.attrs.parent {
        Some(setting) => {
            let (member, ty) = (field.member, field.ty);
            match &setting.value {
                Some(slug) => quote_spanned!(ty.span()=> #member: #krate::entry::__from_parent_record::<#ty>(#parent_record, #slug)?),
                None => quote_spanned!(ty.span()=> #member: <#ty as #krate::entry::ParentField>::from_parent(
                    &#entry.parent_object, &#entry.parent_record_id)),
            }
        }
        None => read_field(field, &record),
    });
    let from_record = by_value.is_some();
    let field_handles = fields::generate(
        cont,
        krate,
        &fields::Target::List {
            list: &list,
            parent_object: &parent_object,
        },
    );
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::AttioEntry for #ident #ty_generics #where_clause {
            const LIST: &'static str = #list;
            const PARENT_OBJECT: &'static str = #parent_object;
            const PARENT_FROM_RECORD: bool = #from_record;
            fn parent_key(&self) -> #krate::__private::Result<#krate::entry::ParentKey, #krate::Error> {
                #parent_key
            }
            fn write_values(
                &self,
                #values: &mut #krate::ValuesWriter,
            ) -> #krate::__private::Result<(), #krate::Error> {
                #(#writes)*
                #krate::__private::Ok(())
            }
            fn from_entry(
                #entry: &#krate::list::Entry,
                #parent_record: #krate::__private::Option<&#krate::Record>,
            ) -> #krate::__private::Result<Self, #krate::DecodeError> {
                let #record = #entry.values();
                let _ = &#parent_record;
                #krate::__private::Ok(Self { #(#reads,)* })
            }
        }
        #field_handles
    }
}

/// Whether `tokens` (a field's type) mention one of the struct's type parameters.
pub(crate) fn mentions_type_param(cont: &Container, tokens: TokenStream) -> bool {
    let params: BTreeSet<&Ident> = cont.generics.type_params().map(|p| &p.ident).collect();
    mentions_any(tokens, &params)
}

/// `<Type as ToAttioField>::write_into(&self.member, values, "slug", unique, clear_on_none)?;`,
/// or `values.field("slug", with::to_attio(&self.member), …)?;`. Without `with`, the
/// call is spanned on the field's type so a missing `ToAttio` impl is reported there.
fn write_field(field: &Field, krate: &TokenStream, values: &Ident) -> TokenStream {
    let member = field.member;
    let slug = &field.slug.value;
    let unique = field.attrs.unique.is_some();
    let clear_on_none = field.attrs.clear_on_none.is_some();
    match &field.attrs.with {
        Some(with) => {
            let module = &with.value;
            let convert = quote_spanned!(module.span()=> #module::to_attio);
            let field = quote_spanned!(member.span()=> &self.#member);
            quote!(#values.field(#slug, #convert(#field), #unique, #clear_on_none)?;)
        }
        None => {
            // The field writes itself (straight into the body when one is encoded).
            let ty = field.ty;
            let write = quote_spanned!(ty.span()=> <#ty as #krate::ToAttioField>::write_into);
            quote!(#write(&self.#member, #values, #slug, #unique, #clear_on_none)?;)
        }
    }
}

/// `member: record.field::<Type>("slug")?` (or `field_with` and the `with` module's
/// `from_attio`), or `Default` for a skipped field.
///
/// The whole call, receiver included, is located at the field's type (or the `with`
/// path): rustc reports a method's unmet bound at the receiver, so a missing conversion is
/// reported once, at the field, and not again at the derive.
fn read_field(field: &Field, record: &Ident) -> TokenStream {
    let member = field.member;
    if field.attrs.skip.is_some() {
        return quote!(#member: ::core::default::Default::default());
    }
    let slug = &field.slug.value;
    let mut record = record.clone();
    let read = match &field.attrs.with {
        Some(with) => {
            let module = &with.value;
            record.set_span(record.span().located_at(module.span()));
            quote_spanned!(module.span()=> #record.field_with(#slug, #module::from_attio)?)
        }
        None => {
            let ty = field.ty;
            record.set_span(record.span().located_at(ty.span()));
            quote_spanned!(ty.span()=> #record.field::<#ty>(#slug)?)
        }
    };
    quote!(#member: #read)
}

/// `pub const EMAIL: Unique<Self> = Unique::__new("primary_email_address");` for a unique
/// field; for any other field a hidden `pub const NAME: NotUnique<Self>`, so that passing it
/// to `assert_on` fails with `MatchingAttribute`'s hint rather than "no associated item".
fn field_handle(field: &Field, krate: &TokenStream) -> TokenStream {
    let member = field.member.unraw().to_string();
    let name = format_ident!("{}", handle_name(&member), span = field.member.span());
    if field.attrs.unique.is_none() {
        let doc = format!(" Field `{member}` is not unique: `assert_on` cannot match on it.");
        return quote! {
            #[doc = #doc]
            #[doc(hidden)]
            pub const #name: #krate::NotUnique<Self> = #krate::NotUnique::__new();
        };
    }
    let slug = &field.slug.value;
    let doc = format!(
        " The unique attribute `{slug}` (field `{member}`): pass it to `assert_on` to match on it."
    );
    quote! {
        #[doc = #doc]
        pub const #name: #krate::Unique<Self> = #krate::Unique::__new(#slug);
    }
}

/// The name of a field's handle constant: the field's name in SHOUTY_SNAKE_CASE, with a
/// `FIELD_` prefix when that does not start with a letter (`_2fa` → `FIELD_2FA`), so every
/// field name Rust accepts gives a valid identifier.
fn handle_name(member: &str) -> String {
    let shouty = member.to_shouty_snake_case();
    if shouty.starts_with(|c: char| c.is_ascii_alphabetic()) {
        shouty
    } else {
        format!("FIELD_{shouty}").trim_end_matches('_').to_owned()
    }
}

/// The struct's generics plus the bounds its generic fields need: `T: ToAttioField +
/// FromAttioField` for a stored field whose type mentions a type parameter (unless it
/// converts `with` a module), `T: Default` for such a skipped field.
fn with_field_bounds(cont: &Container, krate: &TokenStream) -> Generics {
    let mut generics = cont.generics.clone();
    let params: BTreeSet<&Ident> = cont.generics.type_params().map(|p| &p.ident).collect();
    if params.is_empty() {
        return generics;
    }
    let mut seen = BTreeSet::new();
    let predicates: Vec<WherePredicate> = cont
        .fields
        .iter()
        .filter(|field| mentions_any(field.ty.to_token_stream(), &params))
        .filter(|field| seen.insert(field.ty.to_token_stream().to_string()))
        .filter_map(|field| {
            let ty = field.ty;
            if field.attrs.skip.is_some() {
                Some(parse_quote!(#ty: ::core::default::Default))
            } else if field.attrs.with.is_none() {
                Some(parse_quote!(#ty: #krate::ToAttioField + #krate::FromAttioField))
            } else {
                None
            }
        })
        .collect();
    generics.make_where_clause().predicates.extend(predicates);
    generics
}

/// Whether `tokens` contain one of the type parameters' names.
fn mentions_any(tokens: TokenStream, params: &BTreeSet<&Ident>) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => params.contains(&ident),
        TokenTree::Group(group) => mentions_any(group.stream(), params),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::expand;

    fn pretty(input: syn::DeriveInput) -> String {
        crate::snapshot::pretty(expand, input)
    }

    fn errors(input: syn::DeriveInput) -> String {
        crate::snapshot::errors(expand, input)
    }

    /// Field names whose handle would not start with a letter (a digit after leading
    /// underscores, only underscores) used to panic the derive.
    #[test]
    fn every_field_name_gives_a_valid_handle() {
        let out = pretty(syn::parse_quote! {
            #[attio(object = "users")]
            struct User {
                #[attio(slug = "user_id", unique)]
                _2fa: String,
                #[attio(slug = "other")]
                __: String,
                #[attio(slug = "third")]
                _x9: String,
            }
        });
        for name in ["FIELD_2FA", "pub const FIELD:", "X9"] {
            assert!(out.contains(name), "{name} in:\n{out}");
        }
    }

    #[test]
    fn documented_user() {
        insta::assert_snapshot!(pretty(syn::parse_quote! {
            #[attio(object = "users")]
            struct User {
                #[attio(slug = "user_id", unique)]
                id: String,
                #[attio(slug = "primary_email_address", unique)]
                email: Email,
                person: Option<RecordRef>,
                #[attio(slug = "workspace")]
                workspaces: Vec<RecordRef>,
                #[attio(skip)]
                password_hash: String,
            }
        }));
    }

    #[test]
    fn generics_renamed_crate_matching_and_with() {
        insta::assert_snapshot!(pretty(syn::parse_quote! {
            #[attio(object = "people", matching = "email", crate = "renamed")]
            pub struct Person<'a, T: Clone, U>
            where
                U: Copy,
            {
                #[attio(unique)]
                r#ref: String,
                #[attio(unique)]
                email: String,
                tag: Option<T>,
                #[attio(with = "conv::upper", clear_on_none)]
                nickname: Option<Cow<'a, str>>,
                #[attio(skip)]
                cache: Vec<U>,
            }
        }));
    }

    #[test]
    fn reports_every_mistake_at_once() {
        insta::assert_snapshot!(errors(syn::parse_quote! {
            #[attio(objet = "Users", matching = "nope", unique)]
            struct User {
                #[attio(uniqe, slug = "Email", slug = "again")]
                email: String,
                #[attio(skip, unique, with = "m")]
                hidden: String,
                #[attio(unique)]
                many: Vec<String>,
                #[attio(clear_on_none, rename = "x")]
                plain: String,
                #[attio(slug = "plain")]
                other: Option<String>,
                #[attio(slug = user_id, crate = "x")]
                firstName: &'static str,
            }
        }));
    }

    #[test]
    fn list_entries() {
        insta::assert_snapshot!(pretty(syn::parse_quote! {
            #[attio(list = "sales", parent = "people")]
            struct Deal {
                #[attio(parent)]
                person: RecordRef,
                stage: Option<String>,
                #[attio(skip)]
                cache: u8,
            }
        }));
        insta::assert_snapshot!(pretty(syn::parse_quote! {
            #[attio(list = "sales", parent = "people")]
            struct DealByEmail {
                #[attio(parent = "email_addresses")]
                email: Email,
                tags: Vec<String>,
            }
        }));
    }

    #[test]
    fn rejects_misused_entry_attributes() {
        insta::assert_snapshot!(errors(syn::parse_quote! {
            #[attio(list = "sales", matching = "x")]
            struct Deal {
                #[attio(parent, unique)]
                a: String,
                #[attio(parent = "Email")]
                b: String,
            }
        }));
        insta::assert_snapshot!(errors(syn::parse_quote! {
            #[attio(object = "users")]
            struct User {
                #[attio(unique)]
                id: String,
                #[attio(parent)]
                person: String,
            }
        }));
    }

    #[test]
    fn rejects_unsupported_shapes() {
        insta::assert_snapshot!(errors(syn::parse_quote! {
            #[attio(object = "users")]
            enum Nope { A }
        }));
    }
}
