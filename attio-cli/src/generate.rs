//! `attio generate`: one object's attributes become a Rust struct with
//! `#[derive(AttioRecord)]`, plus an enum per select or status attribute, formatted with
//! prettyplease. Pure: [`generate`] takes the schema read by
//! [`workspace::read_object`](crate::workspace::read_object) and does no I/O, so the same
//! schema always gives the same bytes.

use std::sync::LazyLock;

use attio_core::schema::{Attribute, AttributeType, rust_type_for};
use attio_model::slug;
use proc_macro2::TokenStream;
use quote::quote;
use syn::Ident;

use crate::ident::{Kind, Namer, unraw};

/// What the generator needs to know about one object.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectSchema {
    /// The object's slug, e.g. `users`.
    pub slug: String,
    /// Its singular noun, e.g. `User` (the struct's name; the slug when absent).
    pub singular_noun: Option<String>,
    /// Its attributes in Attio's order, each with its options or statuses.
    pub attributes: Vec<AttributeSchema>,
}

/// One attribute, with the options (select) or statuses (status) it offers.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributeSchema {
    /// The attribute as Attio describes it.
    pub attribute: Attribute,
    /// Its options or statuses in Attio's order (empty for other types).
    pub choices: Vec<Choice>,
}

/// A select option or a status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// Its title, what a value is written as.
    pub title: String,
    /// Archived: kept on old values, not offered for new ones.
    pub is_archived: bool,
}

/// Why no struct could be generated.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// `#[derive(AttioRecord)]` needs a writable unique attribute to assert on, and the
    /// object has none.
    #[error(
        "object `{object}` has no writable unique attribute, and #[derive(AttioRecord)] needs one to assert on; add one in Attio (e.g. a unique text attribute `external_id`) and generate again"
    )]
    NoMatchingAttribute {
        /// The object.
        object: String,
    },
    /// The generated tokens did not parse: a bug in the generator.
    #[error("internal error: the generated code does not parse ({0}); please report it")]
    Internal(String),
}

/// How a field is mapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Written and read.
    Stored,
    /// `#[attio(skip)]`, for this reason.
    Skipped(&'static str),
}

fn role(attr: &Attribute) -> Role {
    if attr.is_archived {
        Role::Skipped("archived in Attio, so values cannot be written")
    } else if !attr.is_writable {
        Role::Skipped("not writable through the API")
    } else if attr.kind == AttributeType::Interaction {
        Role::Skipped("interaction values are read only in attio-core")
    } else if rust_type_for(&attr.kind).is_none() {
        Role::Skipped("a type attio-core does not know")
    } else if !slug::is_valid(&attr.api_slug) {
        Role::Skipped(&INVALID_SLUG)
    } else {
        Role::Stored
    }
}

/// Why a field with a slug the derive refuses is skipped.
static INVALID_SLUG: LazyLock<String> = LazyLock::new(|| {
    format!(
        "#[derive(AttioRecord)] takes only valid slugs: {}",
        slug::RULE
    )
});

/// One field, decided.
struct FieldPlan<'a> {
    attr: &'a Attribute,
    name: String,
    role: Role,
    unique: bool,
    /// The option enum's name, for select and status attributes.
    enum_name: Option<String>,
}

/// The Rust source for `schema`: a header comment, the option enums, then the struct.
///
/// # Errors
/// [`GenerateError::NoMatchingAttribute`] when the struct could not be asserted.
pub fn generate(schema: &ObjectSchema) -> Result<String, GenerateError> {
    let mut types = Namer::new(Kind::Type);
    let struct_name = types.name(schema.singular_noun.as_deref().unwrap_or(&schema.slug));
    let mut fields = Namer::new(Kind::Field);
    let plans: Vec<FieldPlan> = schema
        .attributes
        .iter()
        .map(|a| {
            let attr = &a.attribute;
            let role = role(attr);
            let enum_name = matches!(attr.kind, AttributeType::Select | AttributeType::Status)
                .then(|| types.name(&format!("{struct_name} {}", attr.api_slug)));
            FieldPlan {
                attr,
                name: fields.name(&attr.api_slug),
                unique: role == Role::Stored && attr.is_unique,
                role,
                enum_name,
            }
        })
        .collect();
    let matching = matching(schema, &plans)?;

    let mut items = Vec::new();
    for (plan, a) in plans.iter().zip(&schema.attributes) {
        if let Some(name) = &plan.enum_name {
            items.push(option_enum(name, plan.attr, &a.choices)?);
        }
    }
    items.push(record_struct(schema, &struct_name, &plans, matching)?);
    let file: syn::File =
        syn::parse2(quote!(#(#items)*)).map_err(|e| GenerateError::Internal(e.to_string()))?;
    Ok(format!(
        "{}\n\n{}",
        header(schema),
        prettyplease::unparse(&file)
    ))
}

/// The comment on top: how the file was made (no time, no host: the same schema gives
/// the same bytes).
fn header(schema: &ObjectSchema) -> String {
    [
        format!(
            "// Generated by `attio generate --object {}` (attio-cli {}) from the workspace's",
            schema.slug,
            env!("CARGO_PKG_VERSION")
        ),
        "// attributes. Regenerate it when the workspace changes, rather than editing it."
            .to_owned(),
        "// Uses the crate attio-core.".to_owned(),
    ]
    .join("\n")
}

/// The attribute `assert` matches on: the first required unique stored one, else the
/// first unique one. `Some(slug)` when it is not the derive's default (the first unique
/// field) and must be named.
fn matching<'a>(
    schema: &ObjectSchema,
    plans: &'a [FieldPlan],
) -> Result<Option<&'a str>, GenerateError> {
    let unique: Vec<&FieldPlan> = plans.iter().filter(|p| p.unique).collect();
    let Some(first) = unique.first() else {
        return Err(GenerateError::NoMatchingAttribute {
            object: schema.slug.clone(),
        });
    };
    let chosen = unique.iter().find(|p| p.attr.is_required).unwrap_or(first);
    Ok((chosen.attr.api_slug != first.attr.api_slug).then_some(chosen.attr.api_slug.as_str()))
}

fn ident(name: &str) -> Result<Ident, GenerateError> {
    syn::parse_str(name).map_err(|e| GenerateError::Internal(format!("`{name}`: {e}")))
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Text from the workspace, safe in a doc comment: one line, no control characters.
fn doc_text(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn doc(text: &str) -> TokenStream {
    let text = format!(" {}", doc_text(text));
    quote!(#[doc = #text])
}

/// The element type of a field (`T` in `Option<T>`).
fn element(plan: &FieldPlan) -> Result<TokenStream, GenerateError> {
    if let Some(name) = &plan.enum_name {
        let name = ident(name)?;
        return Ok(quote!(#name));
    }
    let path = match rust_type_for(&plan.attr.kind) {
        Some(name @ ("String" | "f64" | "bool")) => name.to_owned(),
        Some(name) => format!("attio_core::value::{name}"),
        None => "attio_core::TypedValue".to_owned(),
    };
    syn::parse_str::<syn::Type>(&path)
        .map(|ty| quote!(#ty))
        .map_err(|e| GenerateError::Internal(format!("`{path}`: {e}")))
}

fn field(plan: &FieldPlan) -> Result<TokenStream, GenerateError> {
    let attr = plan.attr;
    let element = element(plan)?;
    let ty = match (attr.is_multiselect, plan.role, attr.is_required) {
        (true, _, _) => quote!(Vec<#element>),
        (false, Role::Stored, true) => element,
        (false, _, _) => quote!(Option<#element>),
    };
    let mut flags = vec![format!("`{}`", attr.kind)];
    for (set, flag) in [
        (attr.is_required, "required"),
        (attr.is_unique, "unique"),
        (attr.is_multiselect, "multiselect"),
    ] {
        if set {
            flags.push(flag.to_owned());
        }
    }
    let mut docs = vec![doc(&format!("{} ({}).", attr.title, flags.join(", ")))];
    let attio = match plan.role {
        Role::Skipped(reason) => {
            docs.push(doc(""));
            docs.push(doc(&format!("Skipped: {reason}; a read leaves it empty.")));
            quote!(#[attio(skip)])
        }
        Role::Stored => {
            let slug = (unraw(&plan.name) != attr.api_slug).then(|| {
                let slug = &attr.api_slug;
                quote!(slug = #slug)
            });
            let unique = plan.unique.then(|| quote!(unique));
            match (slug, unique) {
                (None, None) => quote!(),
                (Some(slug), None) => quote!(#[attio(#slug)]),
                (None, Some(unique)) => quote!(#[attio(#unique)]),
                (Some(slug), Some(unique)) => quote!(#[attio(#slug, #unique)]),
            }
        }
    };
    let name = ident(&plan.name)?;
    Ok(quote! {
        #(#docs)*
        #attio
        pub #name: #ty,
    })
}

fn record_struct(
    schema: &ObjectSchema,
    struct_name: &str,
    plans: &[FieldPlan],
    matching: Option<&str>,
) -> Result<TokenStream, GenerateError> {
    let name = ident(struct_name)?;
    let object = &schema.slug;
    let container = match matching {
        Some(slug) => quote!(#[attio(object = #object, matching = #slug)]),
        None => quote!(#[attio(object = #object)]),
    };
    let fields = plans.iter().map(field).collect::<Result<Vec<_>, _>>()?;
    let docs = doc(&format!("A record of the `{object}` object."));
    Ok(quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, attio_core::AttioRecord)]
        #container
        pub struct #name {
            #(#fields)*
        }
    })
}

/// The enum of a select or status attribute's options, with an `Other(String)` variant for
/// options added later. `#[derive(AttioValue)]` writes its conversions, so generated and
/// hand-written option enums behave the same.
fn option_enum(
    name: &str,
    attr: &Attribute,
    choices: &[Choice],
) -> Result<TokenStream, GenerateError> {
    let (kind, what, whats) = match attr.kind {
        AttributeType::Status => (quote!(status), "a status", "statuses"),
        _ => (quote!(select), "an option", "options"),
    };
    let mut variants_named = Namer::new(Kind::Variant);
    variants_named.reserve("Other");
    let mut seen = std::collections::HashSet::new();
    let mut variants = Vec::new();
    // A title listed twice (an archived option and a new one) maps to its first variant; an
    // empty title (which the derive refuses) reads back as `Other`.
    for choice in choices
        .iter()
        .filter(|c| !c.title.trim().is_empty() && seen.insert(c.title.clone()))
    {
        let variant = ident(&variants_named.name(&choice.title))?;
        let archived = if choice.is_archived {
            " (archived)"
        } else {
            ""
        };
        let docs = doc(&format!("`{}`{archived}", choice.title));
        let title = &choice.title;
        let rename =
            (unraw(&variant.to_string()) != *title).then(|| quote!(#[attio(rename = #title)]));
        variants.push(quote!(#docs #rename #variant,));
    }
    let name = ident(name)?;
    let enum_doc = doc(&format!(
        "The {whats} of `{}` ({}), as they were when this was generated.",
        attr.api_slug, attr.kind
    ));
    let other_doc = doc(&format!(
        "{} this enum does not know (added later): its title, or its id when Attio sends only the id; written back unchanged.",
        capitalized(what)
    ));
    Ok(quote! {
        #enum_doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, attio_core::AttioValue)]
        #[attio(#kind)]
        pub enum #name {
            #(#variants)*
            #other_doc
            #[attio(other)]
            Other(String),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// An attribute as Attio lists it; `flags` are `required`, `unique`, `multiselect`,
    /// `read-only` and `archived`.
    fn attr(slug: &str, kind: &str, flags: &[&str]) -> AttributeSchema {
        let attribute = serde_json::from_value(json!({
            "id": {"workspace_id": "w", "object_id": "o", "attribute_id": slug},
            "title": slug,
            "api_slug": slug,
            "type": kind,
            "is_writable": !flags.contains(&"read-only"),
            "is_required": flags.contains(&"required"),
            "is_unique": flags.contains(&"unique"),
            "is_multiselect": flags.contains(&"multiselect"),
            "is_archived": flags.contains(&"archived"),
            "created_at": "2024-01-01T00:00:00.000000000Z",
        }))
        .expect("an attribute");
        AttributeSchema {
            attribute,
            choices: Vec::new(),
        }
    }

    fn object(noun: &str, attributes: Vec<AttributeSchema>) -> ObjectSchema {
        ObjectSchema {
            slug: "things".into(),
            singular_noun: Some(noun.into()),
            attributes,
        }
    }

    #[test]
    fn matching_names_the_first_required_unique_attribute_when_it_is_not_the_first_unique() {
        let code = generate(&object(
            "Thing",
            vec![
                attr("handle", "text", &["unique"]),
                attr("key", "text", &["unique", "required"]),
            ],
        ))
        .expect("generate");
        assert!(
            code.contains(r#"#[attio(object = "things", matching = "key")]"#),
            "{code}"
        );
        assert!(
            code.contains("    #[attio(unique)]\n    pub handle: Option<String>,"),
            "{code}"
        );
        assert!(
            code.contains("    #[attio(unique)]\n    pub key: String,"),
            "{code}"
        );
    }

    #[test]
    fn unwritable_archived_and_unknown_attributes_are_skipped_and_unique_vecs_are_unique() {
        let code = generate(&object(
            "Thing",
            vec![
                attr("key", "text", &["unique", "required"]),
                attr("emails", "email-address", &["unique", "multiselect"]),
                attr("score", "number", &["read-only"]),
                attr("old", "text", &["archived", "required"]),
                attr("hologram", "hologram", &[]),
            ],
        ))
        .expect("generate");
        assert!(
            code.contains("#[attio(unique)]\n    pub emails: Vec<attio_core::value::Email>,"),
            "{code}"
        );
        for skipped in [
            "pub score: Option<f64>,",
            "pub old: Option<String>,",
            "pub hologram: Option<attio_core::TypedValue>,",
        ] {
            assert!(
                code.contains(&format!("    #[attio(skip)]\n    {skipped}")),
                "{code}"
            );
        }
    }

    #[test]
    fn option_titles_are_literals_deduplicated_and_doc_text_is_one_line() {
        let mut plan = attr("plan", "select", &[]);
        plan.attribute.title = "Plan\nwith a newline".into();
        plan.choices = ["Pro \"quoted\" \\", "Pro \"quoted\" \\", "Other", " "]
            .into_iter()
            .map(|title| Choice {
                title: title.into(),
                is_archived: false,
            })
            .collect();
        let code = generate(&object(
            "Option",
            vec![attr("key", "text", &["unique", "required"]), plan],
        ))
        .expect("generate");
        assert!(code.contains("pub struct Option2 {"), "{code}");
        assert!(code.contains("pub enum Option2Plan {"), "{code}");
        assert!(
            code.contains("/// Plan with a newline (`select`)."),
            "{code}"
        );
        assert_eq!(
            code.matches("#[attio(rename = \"Pro \\\"quoted\\\" \\\\\")]\n    ProQuoted,")
                .count(),
            1,
            "{code}"
        );
        assert!(
            code.contains("#[attio(rename = \"Other\")]\n    Other2,"),
            "{code}"
        );
        // The derive refuses an empty title; that option reads back as `Other`.
        assert!(!code.contains("rename = \" \""), "{code}");
    }

    #[test]
    fn a_unique_multiselect_attribute_is_matched_on() {
        let code = generate(&object(
            "Thing",
            vec![
                attr("emails", "email-address", &["unique", "multiselect"]),
                attr("record_id", "text", &["unique", "read-only"]),
            ],
        ))
        .expect("emails to match on");
        assert!(
            code.contains("#[attio(unique)]\n    pub emails: Vec<attio_core::value::Email>,"),
            "{code}"
        );
    }

    #[test]
    fn no_writable_unique_attribute_is_an_error() {
        let error = generate(&object(
            "Thing",
            vec![
                attr("name", "text", &["required"]),
                attr("record_id", "text", &["unique", "read-only"]),
            ],
        ))
        .expect_err("nothing to match on");
        assert!(
            error
                .to_string()
                .starts_with("object `things` has no writable unique attribute"),
            "{error}"
        );
    }
}
