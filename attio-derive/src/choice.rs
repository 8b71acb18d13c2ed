//! `#[derive(AttioValue)]` on an enum: the options of a `select` or `status` attribute.
//! Unit variants are options (titled as written, or `#[attio(rename = "…")]`), and at most
//! one `#[attio(other)]` variant holding a `String` keeps an option the enum does not know.
//! Parsed into a small model (with `attr`), checked, then expanded into `ToAttio` and
//! `FromAttio` impls that go through attio-core's `Select` / `Status` (their wire format is
//! written once, there), plus an inherent `title()`.

use std::collections::HashMap;

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{DataEnum, DeriveInput, Fields, Generics, Ident, Type};

use crate::attr::{self, ChoiceKind, EnumAttrs, Setting};
use crate::ctxt::Ctxt;

/// An enum that derives `AttioValue`.
struct ChoiceEnum<'a> {
    ident: &'a Ident,
    generics: &'a Generics,
    attrs: EnumAttrs,
    /// The unit variants, each an option.
    options: Vec<Choice<'a>>,
    /// The `#[attio(other)]` variant and the type it holds.
    other: Option<(&'a Ident, &'a Type)>,
}

/// One option: a unit variant and its title in Attio.
struct Choice<'a> {
    ident: &'a Ident,
    title: String,
    /// Where a mistake about the title is reported: the `rename`, else the variant.
    span: Span,
}

/// Parses, checks and expands an enum; every mistake comes back combined.
pub(crate) fn expand(input: &DeriveInput, data: &DataEnum) -> syn::Result<TokenStream> {
    let cx = Ctxt::default();
    let choices = parse(&cx, input, data);
    check(&cx, &choices);
    cx.finish()?;
    Ok(generate(&choices))
}

fn parse<'a>(cx: &Ctxt, input: &'a DeriveInput, data: &'a DataEnum) -> ChoiceEnum<'a> {
    let attrs = attr::choice_enum(cx, &input.attrs);
    let mut options = Vec::new();
    let mut other: Option<(&Ident, &Type)> = None;
    for variant in &data.variants {
        let variant_attrs = attr::choice_variant(cx, &variant.attrs);
        if let Some(marker) = &variant_attrs.other {
            if let Some((first, _)) = other {
                cx.error_at(
                    marker.span,
                    format_args!(
                        "only one variant can be `#[attio(other)]`, and `{first}` already is: it holds \
                         every option the enum does not know"
                    ),
                );
            }
            if let Some(rename) = &variant_attrs.rename {
                cx.error_at(
                    rename.span,
                    "`rename` does not apply to the `#[attio(other)]` variant: it has no title of its \
                     own, it holds the title of an option the enum does not know",
                );
            }
            match one_unnamed_field(&variant.fields) {
                Some(ty) => {
                    other.get_or_insert((&variant.ident, ty));
                }
                None => cx.error_spanned(
                    variant,
                    format_args!(
                        "the `#[attio(other)]` variant holds the title of an option the enum does not \
                         know: write `{}(String)`",
                        variant.ident
                    ),
                ),
            }
            continue;
        }
        if !matches!(variant.fields, Fields::Unit) {
            cx.error_spanned(
                &variant.fields,
                format_args!(
                    "variant `{}` holds data, but an option is a unit variant; only the one \
                     `#[attio(other)]` variant holds a `String` (an option the enum does not know)",
                    variant.ident
                ),
            );
            continue;
        }
        let (title, span) = match variant_attrs.rename {
            Some(Setting { value, span }) => (value.value(), span),
            None => (variant.ident.unraw().to_string(), variant.ident.span()),
        };
        options.push(Choice {
            ident: &variant.ident,
            title,
            span,
        });
    }
    ChoiceEnum {
        ident: &input.ident,
        generics: &input.generics,
        attrs,
        options,
        other,
    }
}

/// The type of a variant's one unnamed field (`Other(String)`).
fn one_unnamed_field(fields: &Fields) -> Option<&Type> {
    match fields {
        Fields::Unnamed(fields) if fields.unnamed.len() == 1 => Some(&fields.unnamed[0].ty),
        _ => None,
    }
}

/// The rules beyond the shape: one attribute type, titles that are not empty and name one
/// variant each, at least one variant.
fn check(cx: &Ctxt, choices: &ChoiceEnum) {
    if choices.attrs.complete && choices.attrs.kind.is_none() {
        cx.error_spanned(
            choices.ident,
            format_args!(
                "`#[derive(AttioValue)]` on an enum needs the attribute type its variants are options \
                 of: add `#[attio(select)]` or `#[attio(status)]` to `{}`",
                choices.ident
            ),
        );
    }
    if choices.options.is_empty() && choices.other.is_none() {
        cx.error_spanned(
            choices.ident,
            "an option enum needs variants: one unit variant per option, e.g. `enum Plan { Free, Pro }`",
        );
    }
    let mut seen: HashMap<&str, &Ident> = HashMap::new();
    for choice in &choices.options {
        if choice.title.trim().is_empty() {
            cx.error_at(
                choice.span,
                format_args!(
                    "the title of `{}` is empty, and Attio's options have titles: write the option's \
                     title, `#[attio(rename = \"Title in Attio\")]`",
                    choice.ident
                ),
            );
        } else if let Some(first) = seen.insert(&choice.title, choice.ident) {
            cx.error_at(
                choice.span,
                format_args!(
                    "`{}` and `{first}` both have the title `{}`, and an option reads back as one variant: \
                     give one of them the title of another option with `#[attio(rename = \"...\")]`, or \
                     remove it",
                    choice.ident, choice.title
                ),
            );
        }
    }
}

fn generate(choices: &ChoiceEnum) -> TokenStream {
    let krate = match &choices.attrs.krate {
        Some(path) => path.value.to_token_stream(),
        None => quote!(::attio_core),
    };
    // `check` refused an enum without a kind.
    let (value_type, what) = match choices.attrs.kind.as_ref().map(|kind| kind.value) {
        Some(ChoiceKind::Status) => (quote!(#krate::Status), "status"),
        _ => (quote!(#krate::Select), "option"),
    };
    let ident = choices.ident;
    let (impl_generics, ty_generics, where_clause) = choices.generics.split_for_impl();
    let idents: Vec<&Ident> = choices.options.iter().map(|c| c.ident).collect();
    let titles: Vec<&str> = choices.options.iter().map(|c| c.title.as_str()).collect();
    let value = Ident::new("__value", Span::mixed_site());
    let read = Ident::new("__read", Span::mixed_site());
    let enum_name = ident.unraw().to_string();
    let (other_title, unknown) = match choices.other {
        Some((other, ty)) => {
            let held = Ident::new("__title", Span::mixed_site());
            // Any type that is made from and shows as a `&str` (`String`, `Box<str>`, …);
            // spanned on it, so another type is reported there.
            let as_str = quote_spanned!(ty.span()=> ::core::convert::AsRef::<str>::as_ref(#held));
            let from = quote_spanned!(ty.span()=> <#ty as ::core::convert::From<&str>>::from);
            (
                quote!(Self::#other(#held) => #as_str,),
                quote!(#krate::__private::Ok(Self::#other(#from(
                    #read.title().or(#read.id()).unwrap_or_default()
                )))),
            )
        }
        None => (
            quote!(),
            quote!(#krate::__private::Err(#read.__unknown(#enum_name, &[#(#titles),*]))),
        ),
    };
    let title_doc = format!(
        "The {what}'s title in Attio{}.",
        if choices.other.is_some() {
            " (for an option this enum does not know, the title or id it holds)"
        } else {
            ""
        }
    );
    quote! {
        #[automatically_derived]
        impl #impl_generics #ident #ty_generics #where_clause {
            #[doc = #title_doc]
            pub fn title(&self) -> &str {
                match self {
                    #(Self::#idents => #titles,)*
                    #other_title
                }
            }
        }
        #[automatically_derived]
        impl #impl_generics #krate::ToAttio for #ident #ty_generics #where_clause {
            const ATTRIBUTE_TYPES: &'static [#krate::schema::AttributeType] =
                <#value_type as #krate::ToAttio>::ATTRIBUTE_TYPES;
            fn to_attio(
                &self,
            ) -> #krate::__private::Result<#krate::__private::serde_json::Value, #krate::ValueError> {
                #krate::ToAttio::to_attio(&#value_type::by_title(self.title()))
            }
        }
        #[automatically_derived]
        impl #impl_generics #krate::FromAttio for #ident #ty_generics #where_clause {
            fn from_attio(
                #value: &#krate::AttributeValue,
            ) -> #krate::__private::Result<Self, #krate::DecodeErrorKind> {
                let #read = <#value_type as #krate::FromAttio>::from_attio(#value)?;
                match #read.title() {
                    #(#krate::__private::Some(#titles) => #krate::__private::Ok(Self::#idents),)*
                    _ => #unknown,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::newtype::expand;
    use crate::snapshot::{errors, pretty};

    #[test]
    fn select_enum_with_other() {
        insta::assert_snapshot!(pretty(
            expand,
            syn::parse_quote! {
                #[attio(select)]
                enum Plan {
                    Free,
                    #[attio(rename = "Pro plan")]
                    Pro,
                    r#Type,
                    #[attio(other)]
                    Other(String),
                }
            }
        ));
    }

    #[test]
    fn status_enum_without_other_and_renamed_crate() {
        insta::assert_snapshot!(pretty(
            expand,
            syn::parse_quote! {
                #[attio(status, crate = "renamed")]
                enum Stage { Lead, Won }
            }
        ));
    }

    #[test]
    fn reports_every_mistake_at_once() {
        insta::assert_snapshot!(errors(
            expand,
            syn::parse_quote! {
                #[attio(select, status)]
                enum Plan {
                    Free,
                    #[attio(rename = "Free")]
                    Gratis,
                    #[attio(rename = "")]
                    Blank,
                    Pro(u8),
                    #[attio(other)]
                    Other(String),
                    #[attio(other, rename = "x")]
                    Unknown { title: String },
                }
            }
        ));
        insta::assert_snapshot!(errors(
            expand,
            syn::parse_quote! {
                enum Plan { Free }
            }
        ));
    }
}
