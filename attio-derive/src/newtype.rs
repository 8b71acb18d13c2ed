//! `#[derive(AttioValue)]`: a newtype (`struct UserId(String)`) stored exactly as its one
//! field, like `#[serde(transparent)]`. Parsed into a small model (with `attr`), checked,
//! then expanded into `ToAttio` and `FromAttio` impls that delegate to the field's type.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Attribute, Data, DeriveInput, Fields, Generics, Ident, Member, Type, parse_quote};

use crate::attr::{self, NewtypeAttrs};
use crate::ctxt::Ctxt;

/// A struct that derives `AttioValue`.
struct Newtype<'a> {
    /// The struct's name.
    ident: &'a Ident,
    /// Its generics, passed through to the impls.
    generics: &'a Generics,
    /// `#[attio(...)]` on the struct.
    attrs: NewtypeAttrs,
    /// The one field: `0`, or its name.
    member: Member,
    /// The field's type, whose conversions the newtype uses.
    ty: &'a Type,
    /// The field's attributes (none of them may be `#[attio(...)]`).
    field_attrs: &'a [Attribute],
}

/// Parses, checks and expands one derive input; every mistake comes back combined.
pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    if let Data::Enum(data) = &input.data {
        return crate::choice::expand(input, data);
    }
    let cx = Ctxt::default();
    let newtype = parse(&cx, input);
    if let Some(newtype) = &newtype {
        check(&cx, newtype);
    }
    cx.finish()?;
    // `parse` returns `None` only after recording an error, so `finish` returned early.
    Ok(newtype.as_ref().map(generate).unwrap_or_default())
}

/// Builds the model; an input that is not a struct with exactly one field is an error.
fn parse<'a>(cx: &Ctxt, input: &'a DeriveInput) -> Option<Newtype<'a>> {
    let attrs = attr::newtype(cx, &input.attrs);
    let shape_error = |what: &str, tokens: &dyn ToTokens| {
        cx.error_spanned(
            tokens,
            format_args!(
                "`AttioValue` cannot be derived for {what}: it stores a newtype exactly as its one field, \
                 or an enum as the options of a select or status attribute; derive it on a struct with \
                 one field, e.g. `struct {}(String);`",
                input.ident
            ),
        );
        None
    };
    let fields = match &input.data {
        Data::Struct(data) => &data.fields,
        // `expand` sent enums to `choice`.
        Data::Enum(data) => return shape_error("an enum", &data.enum_token),
        Data::Union(data) => return shape_error("a union", &data.union_token),
    };
    let field = match fields {
        Fields::Unit => return shape_error("a unit struct", &input.ident),
        fields if fields.len() != 1 => {
            let what = format!("a struct with {} fields", fields.len());
            return shape_error(&what, fields);
        }
        fields => fields.iter().next()?,
    };
    let member = match &field.ident {
        Some(name) => Member::Named(name.clone()),
        None => Member::Unnamed(0.into()),
    };
    Some(Newtype {
        ident: &input.ident,
        generics: &input.generics,
        attrs,
        member,
        ty: &field.ty,
        field_attrs: &field.attrs,
    })
}

/// The rules beyond the shape: the field takes no `#[attio(...)]`.
fn check(cx: &Ctxt, newtype: &Newtype) {
    for attr in newtype
        .field_attrs
        .iter()
        .filter(|attr| attr.path().is_ident("attio"))
    {
        cx.error_spanned(
            attr,
            "`#[attio(...)]` does not apply to the field of an `AttioValue` newtype: the newtype is stored \
             exactly as this field; put `slug`, `unique`, ... on the `AttioRecord` field that holds the newtype",
        );
    }
}

fn generate(newtype: &Newtype) -> TokenStream {
    let krate = match &newtype.attrs.krate {
        Some(path) => path.value.to_token_stream(),
        None => quote!(::attio_core),
    };
    let Newtype {
        ident, member, ty, ..
    } = newtype;
    let to_generics = bounded(newtype, quote!(#krate::ToAttio));
    let from_generics = bounded(newtype, quote!(#krate::FromAttio));
    let (to_impl, ty_generics, to_where) = to_generics.split_for_impl();
    let (from_impl, _, from_where) = from_generics.split_for_impl();
    let value = Ident::new("__value", Span::mixed_site());
    // Spanned on the field's type, so a type without a conversion is reported there.
    let write = quote_spanned!(ty.span()=> <#ty as #krate::ToAttio>::to_attio(&self.#member));
    let read = quote_spanned!(ty.span()=> <#ty as #krate::FromAttio>::from_attio(#value));
    quote! {
        #[automatically_derived]
        impl #to_impl #krate::ToAttio for #ident #ty_generics #to_where {
            const ATTRIBUTE_TYPES: &'static [#krate::schema::AttributeType] =
                <#ty as #krate::ToAttio>::ATTRIBUTE_TYPES;
            fn to_attio(
                &self,
            ) -> #krate::__private::Result<#krate::__private::serde_json::Value, #krate::ValueError> {
                #write
            }
        }
        #[automatically_derived]
        impl #from_impl #krate::FromAttio for #ident #ty_generics #from_where {
            fn from_attio(
                #value: &#krate::AttributeValue,
            ) -> #krate::__private::Result<Self, #krate::DecodeErrorKind> {
                #krate::__private::Result::map(#read, |inner| Self { #member: inner })
            }
        }
    }
}

/// The struct's generics plus `FieldType: bound` when it has type parameters (the field's
/// type may then depend on them).
fn bounded(newtype: &Newtype, bound: TokenStream) -> Generics {
    let mut generics = newtype.generics.clone();
    if generics.type_params().next().is_some() {
        let ty = newtype.ty;
        generics
            .make_where_clause()
            .predicates
            .push(parse_quote!(#ty: #bound));
    }
    generics
}

#[cfg(test)]
mod tests {
    use super::expand;
    use crate::snapshot::{errors, pretty};

    #[test]
    fn tuple_newtype() {
        insta::assert_snapshot!(pretty(
            expand,
            syn::parse_quote! {
                struct UserId(String);
            }
        ));
    }

    #[test]
    fn named_generic_newtype_with_renamed_crate() {
        insta::assert_snapshot!(pretty(
            expand,
            syn::parse_quote! {
                #[attio(crate = "renamed")]
                struct Tagged<T: Clone> where T: Copy { inner: Box<T> }
            }
        ));
    }

    #[test]
    fn reports_every_mistake_at_once() {
        insta::assert_snapshot!(errors(
            expand,
            syn::parse_quote! {
                #[attio(object = "users", crat = "x")]
                struct Pair(#[attio(slug = "a")] String);
            }
        ));
        insta::assert_snapshot!(errors(
            expand,
            syn::parse_quote! {
                struct Pair(String, String);
            }
        ));
        insta::assert_snapshot!(errors(
            expand,
            syn::parse_quote! {
                enum Plan { Free, Pro }
            }
        ));
    }
}
