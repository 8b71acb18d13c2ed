//! Validates JSON bodies against Attio's own OpenAPI spec (`attio-openapi.yaml`).
//!
//! The spec is large (1.8 MB) and not part of the project: it is found through the
//! `ATTIO_OPENAPI` environment variable or beside the checkout at `../shared/attio-openapi.yaml`.
//! When neither exists, [`Spec::load`] prints a `SKIP` line and returns `None`, and the calling
//! test returns early: a fresh clone alone still passes its tests.
//!
//! Four normalisations are applied to the spec before validating, each where the spec
//! contradicts itself:
//! - the write bodies' `data.values` declare `additionalProperties: {type: array}` while their
//!   own description ("a single value (for single-select attributes), or an array of values")
//!   and Attio's documented example requests send bare single values (`"user_id": "123"`): a
//!   value there may be an array or a single value;
//! - `nullable: true` beside a `type` (OpenAPI 3.0 style, which JSON Schema 2020-12 ignores)
//!   becomes a type union with `"null"`, as the spec intends;
//! - a schema whose `type` admits `null` but whose `enum` omits it gets `null` in the `enum`
//!   (the spec's own example of `attribute.config.currency` is `null` there);
//! - `format` is an annotation, not an assertion (the JSON Schema 2020-12 default), because
//!   Attio's own documented examples use a `target_record_id` that is not a UUID
//!   (`72ef5feaf-…`) although the spec says `format: uuid`.

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::{Map, Value};

/// The loaded, normalised spec.
pub struct Spec {
    doc: Value,
}

/// A compiled validator for one operation's request or response schema.
pub struct SchemaCheck {
    pointer: String,
    validator: jsonschema::Validator,
}

impl Spec {
    /// Loads the spec once per test binary; `None` (after printing why) when it is absent.
    pub fn load() -> Option<&'static Spec> {
        static SPEC: OnceLock<Option<Spec>> = OnceLock::new();
        let spec = SPEC.get_or_init(|| {
            let path = spec_path()?;
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
            let mut doc: Value = serde_norway::from_str(&text)
                .unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()));
            normalise(&mut doc);
            Some(Spec { doc })
        });
        if spec.is_none() {
            eprintln!(
                "SKIP: Attio's OpenAPI spec not found (set ATTIO_OPENAPI or place it at \
                 ../shared/attio-openapi.yaml); schema validation skipped"
            );
        }
        spec.as_ref()
    }

    /// The schema of the JSON request body of `method path` (path as in the spec, e.g.
    /// `/v2/objects/{object}/records`).
    pub fn request(&self, method: &str, path: &str) -> SchemaCheck {
        self.check_at(format!(
            "/paths/{}/{}/requestBody/content/application~1json/schema",
            escape(path),
            method.to_ascii_lowercase()
        ))
    }

    /// The schema of the JSON response body of `method path` with status `status`.
    pub fn response(&self, method: &str, path: &str, status: u16) -> SchemaCheck {
        self.check_at(format!(
            "/paths/{}/{}/responses/{status}/content/application~1json/schema",
            escape(path),
            method.to_ascii_lowercase()
        ))
    }

    fn check_at(&self, pointer: String) -> SchemaCheck {
        assert!(
            self.doc.pointer(&pointer).is_some(),
            "the spec has no schema at {pointer}"
        );
        // The whole spec is the root document so that `#/components/...` references
        // resolve; its OpenAPI keys are unknown keywords to JSON Schema and are ignored.
        let mut root = self.doc.clone();
        if let Value::Object(map) = &mut root {
            // A JSON pointer inside a URI fragment: `{` and `}` must be percent-encoded.
            let fragment = pointer.replace('{', "%7B").replace('}', "%7D");
            map.insert("$ref".to_owned(), Value::String(format!("#{fragment}")));
        }
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(false)
            .build(&root)
            .unwrap_or_else(|e| panic!("compiling the schema at {pointer}: {e}"));
        SchemaCheck { pointer, validator }
    }
}

impl SchemaCheck {
    /// `Ok` when `body` is valid, else every validation error with its location.
    pub fn check(&self, body: &Value) -> Result<(), String> {
        let errors: Vec<String> = self
            .validator
            .iter_errors(body)
            .map(|e| format!("at {}: {e}", e.instance_path()))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "body does not match {}:\n  {}\nbody: {body}",
                self.pointer,
                errors.join("\n  ")
            ))
        }
    }

    /// Panics with every validation error when `body` is invalid (for tests).
    pub fn assert_valid(&self, body: &Value) {
        if let Err(e) = self.check(body) {
            panic!("{e}");
        }
    }
}

fn spec_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ATTIO_OPENAPI") {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/attio-openapi.yaml");
    p.is_file().then_some(p)
}

/// JSON-pointer escaping of one path segment (`~` → `~0`, `/` → `~1`).
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// `{type: X, nullable: true}` → `{type: [X, "null"]}`, and write values that may be single.
fn normalise(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("nullable") == Some(&Value::Bool(true)) {
                add_null(map);
            }
            null_joins_enum(map);
            allow_single_write_values(map);
            map.values_mut().for_each(normalise);
        }
        Value::Array(items) => items.iter_mut().for_each(normalise),
        _ => {}
    }
}

/// The `values` object of a write body: "a single value … or an array of values".
fn allow_single_write_values(map: &mut Map<String, Value>) {
    let says_single = map
        .get("description")
        .and_then(Value::as_str)
        .is_some_and(|d| d.contains("a single value (for single-select attributes)"));
    let arrays_only =
        map.get("additionalProperties") == Some(&serde_json::json!({"type": "array"}));
    if says_single && arrays_only {
        map.insert(
            "additionalProperties".to_owned(),
            serde_json::json!({"type": ["array", "string", "number", "boolean", "object", "null"]}),
        );
    }
}

fn add_null(map: &mut Map<String, Value>) {
    map.remove("nullable");
    match map.get_mut("type") {
        Some(Value::String(t)) => {
            let t = std::mem::take(t);
            map.insert(
                "type".to_owned(),
                Value::Array(vec![t.into(), "null".into()]),
            );
        }
        Some(Value::Array(types)) if !types.contains(&Value::from("null")) => {
            types.push("null".into())
        }
        _ => {}
    }
}

/// A schema whose `type` admits `null` but whose `enum` omits it (e.g.
/// `attribute.config.currency.default_currency_code`, whose own example is `null`):
/// `null` joins the `enum`.
fn null_joins_enum(map: &mut Map<String, Value>) {
    let admits_null = match map.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.contains(&Value::from("null")),
        _ => false,
    };
    if let Some(Value::Array(options)) = map.get_mut("enum")
        && admits_null
        && !options.contains(&Value::Null)
    {
        options.push(Value::Null);
    }
}
