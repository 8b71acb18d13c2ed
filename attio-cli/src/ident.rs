//! Rust identifiers from Attio's names: field names from attribute slugs, enum variants from
//! option titles, type names from nouns. Every name is ASCII (other scripts are
//! transliterated with `deunicode`), valid, and unique within its scope; the same input
//! always gives the same names.
//!
//! The rules, in order:
//! 1. Transliterate to ASCII and convert the case (`heck`): `snake_case` for fields,
//!    `UpperCamelCase` for variants and types. Nothing usable left: `field`, `Unnamed`.
//! 2. A leading digit gets a prefix: `field_` for a field (`field_2fa`; not `_2fa`, whose
//!    upper-case form `2FA` the derive's field constants could not use), `V` for a variant
//!    or a type (`V2024`).
//! 3. `self`, `super`, `crate` (which cannot be raw identifiers) get a `_` suffix.
//! 4. Collisions, with a name used earlier in the scope or a reserved one (`Self`, and
//!    `Other` in an option enum, for a variant; `Self`, `Option`, `Vec`, `String`, … for a
//!    type), get the first free suffix `_2`,
//!    `_3`, … (fields) or `2`, `3`, … (variants and types), in input order.
//! 5. A keyword is written as a raw identifier (`r#type`).

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that can be written as raw identifiers (`r#type`): strict and reserved ones of
/// every edition up to 2024.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "super", "crate"];

/// Type names a generated type must not take: they would shadow what the generated code
/// uses (`Option<T>`, `Vec<T>`, `String`, `Result`) or are not names at all (`Self`).
const RESERVED_TYPES: &[&str] = &[
    "Self", "Option", "Some", "None", "Vec", "String", "Result", "Ok", "Err", "Box",
];

/// The kind of name, which decides the case, the prefixes and the collision suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A struct field: `snake_case`.
    Field,
    /// An enum variant: `UpperCamelCase`.
    Variant,
    /// A struct or enum: `UpperCamelCase`.
    Type,
}

/// Hands out unique names in one scope (one struct's fields, one enum's variants, the
/// types of one file).
#[derive(Debug, Clone)]
pub struct Namer {
    kind: Kind,
    taken: HashSet<String>,
}

impl Namer {
    /// A scope for names of `kind`; type scopes start with the reserved type names.
    pub fn new(kind: Kind) -> Self {
        let reserved: &[&str] = match kind {
            Kind::Type => RESERVED_TYPES,
            Kind::Variant => &["Self"],
            Kind::Field => &[],
        };
        Self {
            kind,
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Marks `name` as taken (e.g. the `Other` variant every option enum has).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// A fresh identifier for `text`, as source text (`r#type` for a keyword).
    pub fn name(&mut self, text: &str) -> String {
        let base = base(self.kind, text);
        let mut candidate = base.clone();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = match self.kind {
                Kind::Field => format!("{base}_{n}"),
                Kind::Variant | Kind::Type => format!("{base}{n}"),
            };
            n += 1;
        }
        self.taken.insert(candidate.clone());
        if KEYWORDS.contains(&candidate.as_str()) {
            format!("r#{candidate}")
        } else {
            candidate
        }
    }
}

/// Rules 1 to 3: the name before collisions and raw escaping.
fn base(kind: Kind, text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let cased = match kind {
        Kind::Field => ascii.to_snake_case(),
        Kind::Variant | Kind::Type => ascii.to_upper_camel_case(),
    };
    // heck keeps letters and digits of every script; deunicode left only ASCII, but a
    // character it has no transliteration for becomes `[?]`, which heck splits away.
    let cleaned: String = cased
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let cleaned = match (kind, cleaned.trim_matches('_')) {
        (Kind::Field, "") => "field".to_owned(),
        (Kind::Variant | Kind::Type, "") => "Unnamed".to_owned(),
        (_, _) => cleaned,
    };
    let prefixed = if cleaned.starts_with(|c: char| c.is_ascii_digit()) {
        match kind {
            Kind::Field => format!("field_{cleaned}"),
            Kind::Variant | Kind::Type => format!("V{cleaned}"),
        }
    } else {
        cleaned
    };
    if NOT_RAW.contains(&prefixed.as_str()) {
        format!("{prefixed}_")
    } else {
        prefixed
    }
}

/// The identifier without a raw prefix (`r#type` → `type`): what the derive takes as the
/// default slug of a field.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(kind: Kind, texts: &[&str]) -> Vec<String> {
        let mut namer = Namer::new(kind);
        texts.iter().map(|t| namer.name(t)).collect()
    }

    #[test]
    fn keywords_become_raw_and_path_keywords_get_a_suffix() {
        assert_eq!(
            names(
                Kind::Field,
                &["type", "match", "gen", "self", "super", "crate", "async"]
            ),
            [
                "r#type", "r#match", "r#gen", "self_", "super_", "crate_", "r#async"
            ]
        );
        assert_eq!(names(Kind::Variant, &["Self", "self"]), ["Self2", "Self3"]);
    }

    #[test]
    fn leading_digits_get_a_prefix() {
        assert_eq!(
            names(Kind::Field, &["2fa_enabled", "1"]),
            ["field_2fa_enabled", "field_1"]
        );
        assert_eq!(
            names(Kind::Variant, &["2024 plan", "10x"]),
            ["V2024Plan", "V10x"]
        );
    }

    #[test]
    fn unicode_is_transliterated() {
        assert_eq!(
            names(Kind::Variant, &["Ünïcode", "Straße", "日本"]),
            ["Unicode", "Strasse", "RiBen"]
        );
        assert_eq!(
            names(Kind::Field, &["größe", "número_de_teléfono"]),
            ["grosse", "numero_de_telefono"]
        );
    }

    #[test]
    fn nothing_usable_gets_a_placeholder() {
        assert_eq!(
            names(Kind::Field, &["", "---", "_"]),
            ["field", "field_2", "field_3"]
        );
        assert_eq!(names(Kind::Variant, &["", "!!"]), ["Unnamed", "Unnamed2"]);
    }

    #[test]
    fn collisions_get_numbered_suffixes_in_input_order() {
        assert_eq!(
            names(
                Kind::Field,
                &["Name", "name", "NAME", "name_2", "type", "Type"]
            ),
            ["name", "name_2", "name_3", "name_2_2", "r#type", "type_2"]
        );
        let mut variants = Namer::new(Kind::Variant);
        variants.reserve("Other");
        let got: Vec<String> = ["Other", "other", "B2B", "b2b"]
            .iter()
            .map(|t| variants.name(t))
            .collect();
        assert_eq!(got, ["Other2", "Other3", "B2b", "B2b2"]);
    }

    #[test]
    fn type_names_avoid_what_generated_code_uses() {
        assert_eq!(
            names(Kind::Type, &["option", "User", "user", "String"]),
            ["Option2", "User", "User2", "String2"]
        );
    }

    #[test]
    fn every_name_parses_as_an_identifier() {
        let texts = ["type", "self", "2x", "日本", "", "a-b c", "Self", "fn"];
        for kind in [Kind::Field, Kind::Variant, Kind::Type] {
            for name in names(kind, &texts) {
                syn::parse_str::<syn::Ident>(&name).unwrap_or_else(|e| panic!("{name}: {e}"));
            }
        }
    }

    #[test]
    fn unraw_strips_the_raw_prefix() {
        assert_eq!(unraw("r#type"), "type");
        assert_eq!(unraw("name"), "name");
    }
}
