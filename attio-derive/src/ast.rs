//! The internal model of a derive input: a struct with named fields, its settings and
//! each field's settings, with the spans errors point at.

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::{Data, DeriveInput, Fields, Generics, Ident, Type, Visibility};

use crate::attr::{self, ContainerAttrs, FieldAttrs};
use crate::ctxt::Ctxt;

/// A struct that derives `AttioRecord`.
pub(crate) struct Container<'a> {
    /// The struct's name.
    pub(crate) ident: &'a Ident,
    /// The struct's visibility (its filter handles get the same).
    pub(crate) vis: &'a Visibility,
    /// Its generics, passed through to the impls.
    pub(crate) generics: &'a Generics,
    /// `#[attio(...)]` on the struct.
    pub(crate) attrs: ContainerAttrs,
    /// The named fields, in declaration order.
    pub(crate) fields: Vec<Field<'a>>,
}

/// One named field.
pub(crate) struct Field<'a> {
    /// The field's name.
    pub(crate) member: &'a Ident,
    /// The field's type.
    pub(crate) ty: &'a Type,
    /// `#[attio(...)]` on the field.
    pub(crate) attrs: FieldAttrs,
    /// The Attio attribute the field maps to.
    pub(crate) slug: Slug,
}

/// The slug a field maps to: from `slug = "..."`, or the field's name.
pub(crate) struct Slug {
    /// The slug.
    pub(crate) value: String,
    /// The string literal, or the field's name when defaulted.
    pub(crate) span: Span,
    /// Whether `slug = "..."` set it.
    pub(crate) explicit: bool,
}

impl<'a> Container<'a> {
    /// Builds the model, recording every attribute mistake and an unsupported shape
    /// (enum, union, tuple or unit struct) in `cx`. `None` when the shape is unsupported.
    pub(crate) fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Self> {
        let attrs = attr::container(cx, &input.attrs);
        let shape_error = |what: &str, tokens: &dyn quote::ToTokens| {
            cx.error_spanned(
                tokens,
                format_args!(
                    "`AttioRecord` cannot be derived for {what}: an Attio record is a set of named attributes; \
                     derive it on a struct with named fields, e.g. `struct {} {{ #[attio(unique)] id: String }}`",
                    input.ident
                ),
            );
            None
        };
        let named = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => named,
                Fields::Unnamed(fields) => return shape_error("a tuple struct", fields),
                Fields::Unit => return shape_error("a unit struct", &input.ident),
            },
            Data::Enum(data) => return shape_error("an enum", &data.enum_token),
            Data::Union(data) => return shape_error("a union", &data.union_token),
        };
        let fields = named
            .named
            .iter()
            .filter_map(|field| {
                // Named fields always have an ident; `filter_map` keeps this total.
                let member = field.ident.as_ref()?;
                let attrs = attr::field(cx, &field.attrs);
                let slug = match &attrs.slug {
                    Some(setting) => Slug {
                        value: setting.value.value(),
                        span: setting.value.span(),
                        explicit: true,
                    },
                    None => Slug {
                        value: member.unraw().to_string(),
                        span: member.span(),
                        explicit: false,
                    },
                };
                Some(Field {
                    member,
                    ty: &field.ty,
                    attrs,
                    slug,
                })
            })
            .collect();
        Some(Container {
            ident: &input.ident,
            vis: &input.vis,
            generics: &input.generics,
            attrs,
            fields,
        })
    }

    /// Whether the struct maps to a list's entries (`#[attio(list = "...")]`).
    pub(crate) fn is_entry(&self) -> bool {
        self.attrs.list.is_some()
    }

    /// The field marked `#[attio(parent)]` or `#[attio(parent = "...")]`.
    pub(crate) fn parent_field(&self) -> Option<&Field<'a>> {
        self.fields
            .iter()
            .find(|field| field.attrs.parent.is_some())
    }

    /// The fields written as values and read from them: not `skip`, not the parent.
    pub(crate) fn value_fields(&self) -> impl Iterator<Item = &Field<'a>> {
        self.stored_fields()
            .filter(|field| field.attrs.parent.is_none())
    }

    /// The fields that are written and read (not `skip`).
    pub(crate) fn stored_fields(&self) -> impl Iterator<Item = &Field<'a>> {
        self.fields
            .iter()
            .filter(|field| field.attrs.skip.is_none())
    }

    /// The stored fields marked `unique`.
    pub(crate) fn unique_fields(&self) -> impl Iterator<Item = &Field<'a>> {
        self.stored_fields()
            .filter(|field| field.attrs.unique.is_some())
    }
}
