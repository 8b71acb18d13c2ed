//! Parsing `#[attio(...)]` attributes into typed settings.
//!
//! Every mistake (unknown or misspelled key, repeated key, a value of the wrong form) is
//! recorded in the [`Ctxt`] and parsing goes on with the next key, so one compile reports
//! all of them. Only a syntax error that leaves the attribute unreadable stops the
//! attribute (still recorded).

use proc_macro2::{Span, TokenTree};
use syn::meta::ParseNestedMeta;
use syn::{Attribute, Expr, ExprLit, Ident, Lit, LitStr, Path, Token, token};

use crate::ctxt::Ctxt;

/// The keys `#[attio(...)]` accepts on the struct.
const CONTAINER_KEYS: &[&str] = &["object", "list", "parent", "matching", "crate"];
/// The keys `#[attio(...)]` accepts on a `#[derive(AttioValue)]` newtype.
const NEWTYPE_KEYS: &[&str] = &["crate"];
/// The keys `#[attio(...)]` accepts on a `#[derive(AttioValue)]` enum of options.
const ENUM_KEYS: &[&str] = &["select", "status", "crate"];
/// The keys `#[attio(...)]` accepts on a variant of such an enum.
const VARIANT_KEYS: &[&str] = &["rename", "other"];
/// The keys `#[attio(...)]` accepts on a field.
const FIELD_KEYS: &[&str] = &["slug", "unique", "skip", "clear_on_none", "with", "parent"];
/// Keys from other derive crates people reach for, and the key that does the job here.
const ALIASES: &[(&str, &str)] = &[
    ("rename", "slug"),
    ("name", "slug"),
    ("attribute", "slug"),
    ("id", "unique"),
    ("key", "unique"),
    ("primary_key", "unique"),
    ("ignore", "skip"),
    ("object_slug", "object"),
    ("matching_attribute", "matching"),
    ("title", "rename"),
    ("name", "rename"),
    ("slug", "rename"),
    ("unknown", "other"),
    ("fallback", "other"),
    ("catch_all", "other"),
];

/// A setting with the span of the key that set it (errors about the setting point there).
pub(crate) struct Setting<T> {
    pub(crate) value: T,
    pub(crate) span: Span,
}

/// `#[attio(...)]` on the struct.
#[derive(Default)]
pub(crate) struct ContainerAttrs {
    /// `object = "users"`.
    pub(crate) object: Option<Setting<LitStr>>,
    /// `list = "sales"`: the struct maps to the entries of a list.
    pub(crate) list: Option<Setting<LitStr>>,
    /// `parent = "people"`: the list's parent object.
    pub(crate) parent: Option<Setting<LitStr>>,
    /// `matching = "user_id"`.
    pub(crate) matching: Option<Setting<LitStr>>,
    /// `crate = "path"`.
    pub(crate) krate: Option<Setting<Path>>,
    /// No mistake was found in these attributes (checks that would only repeat a
    /// reported mistake, like "missing `object`" after `objcet = ...`, are left out).
    pub(crate) complete: bool,
}

/// `#[attio(...)]` on a `#[derive(AttioValue)]` newtype.
#[derive(Default)]
pub(crate) struct NewtypeAttrs {
    /// `crate = "path"`.
    pub(crate) krate: Option<Setting<Path>>,
}

/// The attribute type an enum's variants are the options of.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChoiceKind {
    /// `#[attio(select)]`.
    Select,
    /// `#[attio(status)]`.
    Status,
}

/// `#[attio(...)]` on a `#[derive(AttioValue)]` enum.
#[derive(Default)]
pub(crate) struct EnumAttrs {
    /// `select` or `status`.
    pub(crate) kind: Option<Setting<ChoiceKind>>,
    /// `crate = "path"`.
    pub(crate) krate: Option<Setting<Path>>,
    /// No mistake was found in these attributes.
    pub(crate) complete: bool,
}

/// `#[attio(...)]` on a variant of a `#[derive(AttioValue)]` enum.
#[derive(Default)]
pub(crate) struct VariantAttrs {
    /// `rename = "Title in Attio"`.
    pub(crate) rename: Option<Setting<LitStr>>,
    /// `other`: the variant holds options the enum does not know.
    pub(crate) other: Option<Setting<()>>,
}

/// `#[attio(...)]` on a field.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    /// `slug = "..."`.
    pub(crate) slug: Option<Setting<LitStr>>,
    /// `unique`.
    pub(crate) unique: Option<Setting<()>>,
    /// `skip`.
    pub(crate) skip: Option<Setting<()>>,
    /// `clear_on_none`.
    pub(crate) clear_on_none: Option<Setting<()>>,
    /// `with = "path::to::module"`.
    pub(crate) with: Option<Setting<Path>>,
    /// `parent` (the field is the parent record: a record id or a `RecordRef`) or
    /// `parent = "slug"` (the field holds the parent's value of that unique attribute).
    pub(crate) parent: Option<Setting<Option<LitStr>>>,
    /// No mistake was found in these attributes.
    pub(crate) complete: bool,
}

/// Which item an attribute sits on; selects the accepted keys and the wording of hints.
#[derive(Clone, Copy)]
enum Level {
    Container,
    Newtype,
    Enum,
    Variant,
    Field,
}

impl Level {
    fn keys(self) -> &'static [&'static str] {
        match self {
            Level::Container => CONTAINER_KEYS,
            Level::Newtype => NEWTYPE_KEYS,
            Level::Enum => ENUM_KEYS,
            Level::Variant => VARIANT_KEYS,
            Level::Field => FIELD_KEYS,
        }
    }
}

/// Parses the struct's `#[attio(...)]` attributes.
pub(crate) fn container(cx: &Ctxt, attrs: &[Attribute]) -> ContainerAttrs {
    let errors_before = cx.len();
    let mut out = ContainerAttrs::default();
    for_each_key(cx, attrs, Level::Container, |key, meta| {
        match key.to_string().as_str() {
            "object" => set(cx, &mut out.object, key, string_value(cx, key, meta)?),
            "list" => set(cx, &mut out.list, key, string_value(cx, key, meta)?),
            "parent" => set(cx, &mut out.parent, key, string_value(cx, key, meta)?),
            "matching" => set(cx, &mut out.matching, key, string_value(cx, key, meta)?),
            "crate" => crate_path(cx, &mut out.krate, key, meta)?,
            _ => unknown_key(cx, key, meta, Level::Container)?,
        }
        Ok(())
    });
    out.complete = cx.len() == errors_before;
    out
}

/// Parses a `#[derive(AttioValue)]` newtype's `#[attio(...)]` attributes.
pub(crate) fn newtype(cx: &Ctxt, attrs: &[Attribute]) -> NewtypeAttrs {
    let mut out = NewtypeAttrs::default();
    for_each_key(cx, attrs, Level::Newtype, |key, meta| {
        match key.to_string().as_str() {
            "crate" => crate_path(cx, &mut out.krate, key, meta)?,
            _ => unknown_key(cx, key, meta, Level::Newtype)?,
        }
        Ok(())
    });
    out
}

/// Parses a `#[derive(AttioValue)]` enum's `#[attio(...)]` attributes.
pub(crate) fn choice_enum(cx: &Ctxt, attrs: &[Attribute]) -> EnumAttrs {
    let errors_before = cx.len();
    let mut out = EnumAttrs::default();
    for_each_key(cx, attrs, Level::Enum, |key, meta| {
        let kind = match key.to_string().as_str() {
            "select" => ChoiceKind::Select,
            "status" => ChoiceKind::Status,
            "crate" => return crate_path(cx, &mut out.krate, key, meta),
            _ => return unknown_key(cx, key, meta, Level::Enum),
        };
        let value = flag(cx, key, meta)?.map(|()| kind);
        match &out.kind {
            Some(first) if first.value != kind => cx.error_at(
                key.span(),
                "`select` and `status` exclude each other: the enum holds the options of one \
                 attribute, of one type; keep the one that attribute has",
            ),
            _ => set(cx, &mut out.kind, key, value),
        }
        Ok(())
    });
    out.complete = cx.len() == errors_before;
    out
}

/// Parses the `#[attio(...)]` attributes of a variant of a `#[derive(AttioValue)]` enum.
pub(crate) fn choice_variant(cx: &Ctxt, attrs: &[Attribute]) -> VariantAttrs {
    let mut out = VariantAttrs::default();
    for_each_key(cx, attrs, Level::Variant, |key, meta| {
        match key.to_string().as_str() {
            "rename" => set(cx, &mut out.rename, key, string_value(cx, key, meta)?),
            "other" => set(cx, &mut out.other, key, flag(cx, key, meta)?),
            _ => unknown_key(cx, key, meta, Level::Variant)?,
        }
        Ok(())
    });
    out
}

/// Reads `crate = "path"` into `slot`.
fn crate_path(
    cx: &Ctxt,
    slot: &mut Option<Setting<Path>>,
    key: &Ident,
    meta: &ParseNestedMeta,
) -> syn::Result<()> {
    let path = string_value(cx, key, meta)?.and_then(|lit| parse_path(cx, key, &lit));
    set(cx, slot, key, path);
    Ok(())
}

/// Parses one field's `#[attio(...)]` attributes.
pub(crate) fn field(cx: &Ctxt, attrs: &[Attribute]) -> FieldAttrs {
    let errors_before = cx.len();
    let mut out = FieldAttrs::default();
    for_each_key(cx, attrs, Level::Field, |key, meta| {
        match key.to_string().as_str() {
            "slug" => set(cx, &mut out.slug, key, string_value(cx, key, meta)?),
            "unique" => set(cx, &mut out.unique, key, flag(cx, key, meta)?),
            "skip" => set(cx, &mut out.skip, key, flag(cx, key, meta)?),
            "clear_on_none" => set(cx, &mut out.clear_on_none, key, flag(cx, key, meta)?),
            "parent" => {
                let value = if meta.input.peek(Token![=]) {
                    string_value(cx, key, meta)?.map(Some)
                } else {
                    flag(cx, key, meta)?.map(|()| None)
                };
                set(cx, &mut out.parent, key, value);
            }
            "with" => {
                let path = string_value(cx, key, meta)?.and_then(|lit| parse_path(cx, key, &lit));
                set(cx, &mut out.with, key, path);
            }
            _ => unknown_key(cx, key, meta, Level::Field)?,
        }
        Ok(())
    });
    out.complete = cx.len() == errors_before;
    out
}

/// Calls `on_key` for every `key` inside every `#[attio(...)]` in `attrs`.
fn for_each_key(
    cx: &Ctxt,
    attrs: &[Attribute],
    level: Level,
    mut on_key: impl FnMut(&Ident, &ParseNestedMeta) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("attio")) {
        let parsed = attr.parse_nested_meta(|meta| match meta.path.get_ident() {
            Some(key) => on_key(key, &meta),
            None => {
                cx.error_spanned(
                    &meta.path,
                    format_args!(
                        "expected a single key, found a path; `#[attio(...)]` accepts {}",
                        list(level.keys())
                    ),
                );
                skip_value(&meta)
            }
        });
        if let Err(error) = parsed {
            cx.push(error);
        }
    }
}

/// Stores a setting, or reports that the key was already given.
fn set<T>(cx: &Ctxt, slot: &mut Option<Setting<T>>, key: &Ident, value: Option<T>) {
    if slot.is_some() {
        cx.error_at(
            key.span(),
            format_args!("`{key}` is given more than once; remove the repeated `{key}`"),
        );
    } else if let Some(value) = value {
        *slot = Some(Setting {
            value,
            span: key.span(),
        });
    }
}

/// Reads `key = "string"`; `None` (with an error recorded) for any other form.
fn string_value(cx: &Ctxt, key: &Ident, meta: &ParseNestedMeta) -> syn::Result<Option<LitStr>> {
    if !meta.input.peek(Token![=]) {
        cx.error_at(
            key.span(),
            format_args!("`{key}` needs a string value: write `{key} = \"...\"`"),
        );
        skip_value(meta)?;
        return Ok(None);
    }
    match meta.value()?.parse::<Expr>()? {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => Ok(Some(lit)),
        other => {
            let quoted = match &other {
                Expr::Path(path) => path_to_string(&path.path),
                Expr::Lit(ExprLit { lit, .. }) => lit_to_string(lit),
                _ => "...".to_owned(),
            };
            cx.error_spanned(
                &other,
                format_args!(
                    "`{key}` takes a string literal: write `{key} = \"{}\"`",
                    quoted.escape_default()
                ),
            );
            Ok(None)
        }
    }
}

/// Reads a key that takes no value (`unique`); a value is reported but the flag is set.
fn flag(cx: &Ctxt, key: &Ident, meta: &ParseNestedMeta) -> syn::Result<Option<()>> {
    if meta.input.peek(Token![=]) || meta.input.peek(token::Paren) {
        cx.error_at(
            key.span(),
            format_args!("`{key}` takes no value: write `#[attio({key})]`"),
        );
        skip_value(meta)?;
    }
    Ok(Some(()))
}

/// Parses the string of `crate = "..."` or `with = "..."` as a path.
fn parse_path(cx: &Ctxt, key: &Ident, lit: &LitStr) -> Option<Path> {
    match lit.parse::<Path>() {
        Ok(path) => Some(path),
        Err(_) => {
            let example = if key == "crate" {
                "`crate = \"::attio_core\"` or the name you gave the dependency"
            } else {
                "`with = \"my_module::conversion\"`"
            };
            cx.error_spanned(
                lit,
                format_args!("`{key}` must be a Rust path, like {example}"),
            );
            None
        }
    }
}

/// Reports a key this level does not accept, with the best hint available, and skips
/// its value so the following keys are still checked.
fn unknown_key(cx: &Ctxt, key: &Ident, meta: &ParseNestedMeta, level: Level) -> syn::Result<()> {
    let name = key.to_string();
    let message = match level {
        Level::Container if FIELD_KEYS.contains(&name.as_str()) => format!(
            "`{name}` is a field attribute, not a struct attribute: put `#[attio({name})]` on the field"
        ),
        Level::Newtype
            if CONTAINER_KEYS.contains(&name.as_str()) || FIELD_KEYS.contains(&name.as_str()) =>
        {
            format!(
                "`{name}` is an `AttioRecord` attribute: `#[derive(AttioValue)]` stores the newtype exactly as \
                 its one field and accepts only `crate`"
            )
        }
        Level::Newtype if ENUM_KEYS.contains(&name.as_str()) => format!(
            "`{name}` is for an enum of options: `#[derive(AttioValue)]` on a struct stores it exactly as \
             its one field and accepts only `crate`"
        ),
        Level::Enum
            if CONTAINER_KEYS.contains(&name.as_str()) || FIELD_KEYS.contains(&name.as_str()) =>
        {
            format!(
                "`{name}` is an `AttioRecord` attribute: an enum of options takes `select`, `status` and \
                 `crate`, its variants `rename` and `other`"
            )
        }
        Level::Enum if VARIANT_KEYS.contains(&name.as_str()) => {
            format!("`{name}` is a variant attribute: put `#[attio({name})]` on the variant")
        }
        Level::Variant if ENUM_KEYS.contains(&name.as_str()) => {
            format!("`{name}` is an enum attribute: put `#[attio({name})]` on the enum")
        }
        Level::Field if CONTAINER_KEYS.contains(&name.as_str()) => format!(
            "`{name}` is a struct attribute, not a field attribute: put `#[attio({name} = \"...\")]` on the struct"
        ),
        _ => match suggestion(&name, level.keys()) {
            Some(best) => format!("unknown attribute `{name}`; did you mean `{best}`?"),
            None => format!(
                "unknown attribute `{name}`; expected {}",
                list(level.keys())
            ),
        },
    };
    cx.error_at(key.span(), message);
    skip_value(meta)
}

/// The accepted key closest to `name`: an alias from other derive crates, or a spelling
/// within a small edit distance.
fn suggestion(name: &str, keys: &[&'static str]) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    if let Some((_, key)) = ALIASES
        .iter()
        .find(|(alias, key)| *alias == lower && keys.contains(key))
    {
        return Some(key);
    }
    keys.iter()
        .map(|key| (strsim::jaro_winkler(&lower, key), *key))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, key)| key)
}

/// Consumes whatever follows a key (`= expr` or `( ... )`), so parsing can go on.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<Expr>()?;
    } else if meta.input.peek(token::Paren) {
        meta.input.parse::<TokenTree>()?;
    }
    Ok(())
}

/// `a`, `b` or `c`, each in backticks.
fn list(keys: &[&str]) -> String {
    let quoted: Vec<String> = keys.iter().map(|key| format!("`{key}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

fn path_to_string(path: &Path) -> String {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    let prefix = if path.leading_colon.is_some() {
        "::"
    } else {
        ""
    };
    format!("{prefix}{}", segments.join("::"))
}

fn lit_to_string(lit: &Lit) -> String {
    match lit {
        Lit::Int(int) => int.base10_digits().to_owned(),
        Lit::Float(float) => float.base10_digits().to_owned(),
        Lit::Bool(b) => b.value.to_string(),
        _ => "...".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_misspelled_keys() {
        assert_eq!(suggestion("uniqe", FIELD_KEYS), Some("unique"));
        assert_eq!(suggestion("slg", FIELD_KEYS), Some("slug"));
        assert_eq!(
            suggestion("clear_on_null", FIELD_KEYS),
            Some("clear_on_none")
        );
        assert_eq!(suggestion("rename", FIELD_KEYS), Some("slug"));
        assert_eq!(suggestion("objet", CONTAINER_KEYS), Some("object"));
        assert_eq!(suggestion("frobnicate", FIELD_KEYS), None);
    }

    #[test]
    fn lists_keys_in_prose() {
        assert_eq!(list(&["a"]), "`a`");
        assert_eq!(list(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
