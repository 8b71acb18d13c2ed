//! Validates JSON bodies against Attio's own OpenAPI spec (`attio-openapi.yaml`).
//!
//! The spec is in the repository, `spec/attio-openapi.yaml` (its source and date are in
//! `spec/README.md`); the `ATTIO_OPENAPI` environment variable points the tests at another copy.
//! Nothing is skipped: a spec that cannot be read or parsed fails the calling test, naming the
//! path and how to fix it.
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

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{Map, Value};

/// The loaded, normalised spec.
pub struct Spec {
    path: PathBuf,
    doc: Value,
}

/// A compiled validator for one operation's request or response schema.
pub struct SchemaCheck {
    pointer: String,
    validator: jsonschema::Validator,
}

impl Spec {
    /// Loads the spec once per test binary (from [`spec_path`]); panics, saying why and what
    /// to do, when it cannot be read or parsed.
    pub fn load() -> &'static Spec {
        static SPEC: OnceLock<Spec> = OnceLock::new();
        SPEC.get_or_init(|| Spec::read(&spec_path()).unwrap_or_else(|e| panic!("{e}")))
    }

    /// Reads and normalises the spec at `path`; the error names the path and the fix.
    pub fn read(path: &Path) -> Result<Spec, String> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            format!(
                "cannot read Attio's OpenAPI spec at {}: {e} (the repository keeps it at \
                 spec/attio-openapi.yaml; ATTIO_OPENAPI, when set, must name a readable copy)",
                path.display()
            )
        })?;
        let mut doc: Value = serde_norway::from_str(&text)
            .map_err(|e| format!("parsing Attio's OpenAPI spec at {}: {e}", path.display()))?;
        normalise(&mut doc);
        Ok(Spec {
            path: path.to_owned(),
            doc,
        })
    }

    /// The file the spec was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `info.version` of the document (Attio's API version, e.g. `2.0.0`).
    pub fn version(&self) -> Option<&str> {
        self.doc.pointer("/info/version").and_then(Value::as_str)
    }

    /// The methods (lowercase) the spec documents for the path template `path`, e.g.
    /// `["get", "put", ...]` for `/v2/objects/{object}/records/{record_id}`; empty when the
    /// spec has no such path.
    pub fn methods(&self, path: &str) -> Vec<&str> {
        const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];
        let Some(item) = self.doc.pointer(&format!("/paths/{}", escape(path))) else {
            return Vec::new();
        };
        METHODS
            .into_iter()
            .filter(|m| item.get(m).is_some())
            .collect()
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

/// `$ATTIO_OPENAPI` when set, else the repository's `spec/attio-openapi.yaml`.
pub fn spec_path() -> PathBuf {
    match std::env::var_os("ATTIO_OPENAPI") {
        Some(p) => PathBuf::from(p),
        None => repository_spec(),
    }
}

/// The copy of the spec kept in the repository.
pub fn repository_spec() -> PathBuf {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/attio-openapi.yaml"
    ))
    .to_path_buf()
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
