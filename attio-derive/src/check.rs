//! Validation of the model: every rule a struct must follow, each broken rule recorded
//! at the offending token with a hint that says how to fix it.

use std::collections::HashMap;

use attio_model::slug;
use syn::{GenericArgument, PathArguments, Type};

use crate::ast::{Container, Field};
use crate::ctxt::Ctxt;

/// Checks the whole container; errors go to `cx`.
pub(crate) fn check(cx: &Ctxt, cont: &Container) {
    if !cont.is_entry() {
        check_object(cx, cont);
    }
    for field in &cont.fields {
        check_field(cx, field);
    }
    check_duplicate_slugs(cx, cont);
    if cont.is_entry() {
        check_entry(cx, cont);
    } else {
        check_has_unique(cx, cont);
        check_matching(cx, cont);
        for field in &cont.fields {
            if let Some(parent) = &field.attrs.parent {
                cx.error_at(
                    parent.span,
                    "`parent` marks the parent record of a list entry: it only applies to a struct with \
                     `#[attio(list = \"...\", parent = \"<object>\")]`; remove it, or map the struct to a list",
                );
            }
        }
    }
}

/// The rules of a struct mapped to a list's entries.
fn check_entry(cx: &Ctxt, cont: &Container) {
    let attrs = &cont.attrs;
    if let (Some(object), Some(_)) = (&attrs.object, &attrs.list) {
        cx.error_at(
            object.span,
            "`object` and `list` cannot both be set: a struct maps to the records of an object or to the \
             entries of a list; keep `object = \"...\"` for records, or `list = \"...\", parent = \"...\"` for entries",
        );
    }
    if let Some(matching) = &attrs.matching {
        cx.error_at(
            matching.span,
            "`matching` does not apply to a list: entries are asserted by their parent record; remove it",
        );
    }
    if let Some(list) = &attrs.list {
        let value = list.value.value();
        if !slug::is_valid(&value) && !uuid_like(&value) {
            cx.error_spanned(&list.value, invalid_slug("list", &value));
        }
    }
    match &attrs.parent {
        None if attrs.complete => cx.error_spanned(
            cont.ident,
            format_args!(
                "a list struct needs its parent object: add `parent = \"...\"` beside `list`, e.g. \
                 `#[attio(list = \"{}\", parent = \"people\")]`",
                attrs
                    .list
                    .as_ref()
                    .map(|l| l.value.value())
                    .unwrap_or_default()
            ),
        ),
        Some(parent) if !slug::is_valid(&parent.value.value()) => {
            cx.error_spanned(&parent.value, invalid_slug("parent", &parent.value.value()));
        }
        _ => {}
    }
    let parents: Vec<_> = cont
        .fields
        .iter()
        .filter_map(|f| f.attrs.parent.as_ref().map(|p| (f, p)))
        .collect();
    let fields_complete = cont.fields.iter().all(|f| f.attrs.complete);
    match parents.as_slice() {
        [] if fields_complete => cx.error_spanned(
            cont.ident,
            format_args!(
                "`{}` has no parent field: an entry belongs to a record; mark the field that names it with \
                 `#[attio(parent)]` (a record id `String` or a `RecordRef`), or with \
                 `#[attio(parent = \"<unique attribute>\")]` on a field holding the parent's value of that \
                 attribute (e.g. its email)",
                cont.ident
            ),
        ),
        [_, extra @ ..] => {
            for (_, parent) in extra {
                cx.error_at(
                    parent.span,
                    "an entry has one parent record: keep `parent` on one field only",
                );
            }
        }
        [] => {}
    }
    for (field, parent) in parents {
        let attrs = &field.attrs;
        let conflicts = [
            ("skip", attrs.skip.as_ref().map(|s| s.span)),
            ("with", attrs.with.as_ref().map(|s| s.span)),
            ("unique", attrs.unique.as_ref().map(|s| s.span)),
            (
                "clear_on_none",
                attrs.clear_on_none.as_ref().map(|s| s.span),
            ),
            ("slug", attrs.slug.as_ref().map(|s| s.span)),
        ];
        for (key, span) in conflicts {
            if let Some(span) = span {
                cx.error_at(
                    span,
                    format_args!(
                        "`{key}` conflicts with `parent`: the parent field names the entry's record and is \
                         not an entry value; remove `{key}`"
                    ),
                );
            }
        }
        if let Some(slug) = &parent.value
            && !slug::is_valid(&slug.value())
        {
            cx.error_spanned(slug, invalid_slug("parent", &slug.value()));
        }
    }
}

/// A list may be named by its id (a UUID) as well as by its slug.
fn uuid_like(value: &str) -> bool {
    value.len() == 36 && value.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

fn check_object(cx: &Ctxt, cont: &Container) {
    match &cont.attrs.object {
        None if !cont.attrs.complete => {}
        None => cx.error_spanned(
            cont.ident,
            format_args!(
                "missing the Attio object: add `#[attio(object = \"...\")]` to `{}` with the object's api slug, \
                 e.g. `#[attio(object = \"users\")]`",
                cont.ident
            ),
        ),
        Some(object) => {
            let value = object.value.value();
            if !slug::is_valid(&value) {
                cx.error_spanned(&object.value, invalid_slug("object", &value));
            }
        }
    }
}

fn check_field(cx: &Ctxt, field: &Field) {
    let attrs = &field.attrs;
    if attrs.skip.is_some() {
        if let Some(unique) = &attrs.unique {
            cx.error_at(
                unique.span,
                "a skipped field cannot be `unique`: it is never written, so there is nothing to match on; \
                 remove `unique`, or remove `skip` to store the field",
            );
        }
        let conflicts = [
            ("slug", attrs.slug.as_ref().map(|s| s.span)),
            ("with", attrs.with.as_ref().map(|s| s.span)),
            (
                "clear_on_none",
                attrs.clear_on_none.as_ref().map(|s| s.span),
            ),
        ];
        for (key, span) in conflicts {
            if let Some(span) = span {
                cx.error_at(
                    span,
                    format_args!(
                        "`{key}` conflicts with `skip`: a skipped field is neither written nor read; \
                         remove `{key}`, or remove `skip` to store the field"
                    ),
                );
            }
        }
        return;
    }
    if attrs.parent.is_some() {
        // The parent field is not an entry value; `check_entry` rules on it.
        return;
    }
    if !slug::is_valid(&field.slug.value) {
        let message = if field.slug.explicit {
            invalid_slug("slug", &field.slug.value)
        } else {
            let fix = slug::suggest(&field.slug.value).unwrap_or_else(|| "...".to_owned());
            format!(
                "the field name `{}` is not a valid Attio slug ({}); \
                 name the attribute with `#[attio(slug = \"{fix}\")]`",
                field.slug.value,
                slug::RULE
            )
        };
        cx.error_at(field.slug.span, message);
    }
    // `unique` on a `Vec` field is allowed: Attio's multiselect unique attributes (people's
    // `email_addresses`, companies' `domains`) are what their asserts match on; the
    // supplied values are added and a record holding any of them is the match.
    if let Some(clear) = &attrs.clear_on_none
        && !is_wrapper(field.ty, "Option")
    {
        cx.error_at(
            clear.span,
            "`clear_on_none` only applies to `Option<T>` fields (a `None` then clears the stored value); \
             remove it, or make the field's type `Option<...>`",
        );
    }
    if attrs.with.is_none()
        && let Some(reference) = find_reference(field.ty)
    {
        cx.error_spanned(
            reference,
            "a borrowed field can be written but never read back: `from_record` builds the struct from a \
             record it does not outlive; use an owned type (`String` for `&str`), `#[attio(skip)]` the \
             field, or read it with `#[attio(with = \"...\")]`",
        );
    }
}

fn check_duplicate_slugs(cx: &Ctxt, cont: &Container) {
    let mut seen: HashMap<&str, &syn::Ident> = HashMap::new();
    for field in cont.value_fields() {
        if let Some(first) = seen.get(field.slug.value.as_str()) {
            cx.error_at(
                field.slug.span,
                format_args!(
                    "fields `{first}` and `{}` both map to the attribute `{}`; each field needs its own \
                     attribute: give one a different `#[attio(slug = \"...\")]`, or `#[attio(skip)]` it",
                    field.member, field.slug.value
                ),
            );
        } else {
            seen.insert(&field.slug.value, field.member);
        }
    }
}

fn check_has_unique(cx: &Ctxt, cont: &Container) {
    let marked_unique = cont.fields.iter().any(|f| f.attrs.unique.is_some());
    // A misspelled `uniqe` was already reported; do not repeat it as "no unique field".
    let fields_complete = cont.fields.iter().all(|f| f.attrs.complete);
    if !marked_unique && fields_complete {
        cx.error_spanned(
            cont.ident,
            format_args!(
                "`{}` has no unique attribute to assert on: mark the field that identifies a record with \
                 `#[attio(unique)]` (e.g. its id or email)",
                cont.ident
            ),
        );
    }
}

fn check_matching(cx: &Ctxt, cont: &Container) {
    let Some(matching) = &cont.attrs.matching else {
        return;
    };
    let wanted = matching.value.value();
    let unique: Vec<&str> = cont
        .unique_fields()
        .map(|f| f.slug.value.as_str())
        .collect();
    if unique.contains(&wanted.as_str()) {
        return;
    }
    let listed: Vec<String> = unique.iter().map(|s| format!("`{s}`")).collect();
    let listed = listed.join(", ");
    let message = match cont.stored_fields().find(|f| f.slug.value == wanted) {
        Some(field) => {
            let alternative = if unique.is_empty() {
                String::new()
            } else {
                format!(", or match on a unique attribute: {listed}")
            };
            format!(
                "`matching = \"{wanted}\"` names field `{}`, which is not unique: add \
                 `#[attio(unique)]` to that field{alternative}",
                field.member
            )
        }
        None => {
            let close = unique
                .iter()
                .find(|slug| strsim::damerau_levenshtein(slug, &wanted) <= 2);
            let hint = match close {
                Some(best) => format!("; did you mean `{best}`?"),
                None if unique.is_empty() => String::new(),
                None => format!(", one of {listed}"),
            };
            format!(
                "`matching = \"{wanted}\"` names no field of `{}`: it must be the slug of a \
                 `#[attio(unique)]` field{hint}",
                cont.ident
            )
        }
    };
    cx.error_spanned(&matching.value, message);
}

fn invalid_slug(key: &str, value: &str) -> String {
    if value.is_empty() {
        return format!("`{key}` cannot be empty: {}", slug::RULE);
    }
    let hint = match slug::suggest(value) {
        Some(fix) => format!("; try `{key} = \"{fix}\"`"),
        None => String::new(),
    };
    format!(
        "`{value}` is not a valid Attio api slug: {}{hint}",
        slug::RULE
    )
}

/// Whether the type is written `Wrapper<...>` (`Vec<T>`, `Option<T>`, also through a path
/// like `std::vec::Vec<T>`). The derive sees tokens, not resolved types: an alias of
/// `Option` is not recognised.
fn is_wrapper(ty: &Type, wrapper: &str) -> bool {
    match ty {
        Type::Path(path) if path.qself.is_none() => path.path.segments.last().is_some_and(|last| {
            last.ident == wrapper && matches!(last.arguments, PathArguments::AngleBracketed(_))
        }),
        Type::Group(group) => is_wrapper(&group.elem, wrapper),
        Type::Paren(paren) => is_wrapper(&paren.elem, wrapper),
        _ => false,
    }
}

/// The first reference type (`&'a str`) in the field's type, including inside generic
/// arguments (`Option<&'a str>`).
fn find_reference(ty: &Type) -> Option<&Type> {
    match ty {
        Type::Reference(_) => Some(ty),
        Type::Group(group) => find_reference(&group.elem),
        Type::Paren(paren) => find_reference(&paren.elem),
        Type::Array(array) => find_reference(&array.elem),
        Type::Slice(slice) => find_reference(&slice.elem),
        Type::Tuple(tuple) => tuple.elems.iter().find_map(find_reference),
        Type::Path(path) => path
            .path
            .segments
            .iter()
            .filter_map(|segment| match &segment.arguments {
                PathArguments::AngleBracketed(args) => Some(args),
                _ => None,
            })
            .flat_map(|args| &args.args)
            .find_map(|arg| match arg {
                GenericArgument::Type(ty) => find_reference(ty),
                _ => None,
            }),
        _ => None,
    }
}
