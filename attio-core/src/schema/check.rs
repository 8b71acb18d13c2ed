//! The schema check: what a derived struct claims ([`RecordSchema::SCHEMA`]) against the
//! attributes the workspace has, every disagreement at once.

use std::fmt;

use super::{Attribute, AttributeType, Cardinality, FieldSchema, RecordSchema, rust_type_for};
use crate::client::Client;
use crate::error::Error;

/// One way a struct and the workspace disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DriftKind {
    /// No attribute has the field's slug: writes fail with `value_not_found`.
    Missing,
    /// The attribute is archived: writes fail with `value_not_found`.
    Archived,
    /// The field's Rust type cannot hold the attribute's type.
    TypeMismatch {
        /// The attribute's type in Attio.
        attio: AttributeType,
        /// The types the field's Rust type reads and writes.
        field: &'static [AttributeType],
    },
    /// A `Vec` field on a single-value attribute: more than one value is rejected.
    ManyOnSingleValue,
    /// A single-value field on a multiselect attribute: Attio wants arrays, and reads
    /// fail once a record holds two values.
    OneOnMultiselect,
    /// `#[attio(unique)]` on the field, but the attribute is not unique: asserting on it
    /// fails with `matching_attribute_definition_not_unique`.
    UniqueNotInAttio,
    /// The attribute is unique but the field is not marked: `assert_on` cannot use it.
    UniqueNotMarked,
    /// A required attribute no field writes: creates fail with `missing_value`.
    RequiredNotWritten,
    /// The field writes an attribute Attio does not let the API write.
    NotWritable,
}

/// One disagreement, naming the field (when a field is involved) and the slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// The Rust field (`None` for a required attribute no field writes).
    pub field: Option<&'static str>,
    /// The attribute slug.
    pub slug: String,
    /// What disagrees.
    pub kind: DriftKind,
}

/// Why the check could not compare a field's type with its attribute's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum UncheckedReason {
    /// The field's value type declares no [`ToAttio::ATTRIBUTE_TYPES`](crate::ToAttio::ATTRIBUTE_TYPES)
    /// (a hand-written `ToAttio` impl that kept the default `&[]`).
    TypesNotDeclared,
    /// A `#[attio(with = "…")]` module converts the field: its type and cardinality are the
    /// module's business.
    WithModule,
}

/// A field whose attribute exists but whose type the check could not compare: not a
/// disagreement (the report stays [`is_ok`](SchemaReport::is_ok)), but nothing vouches
/// for it either, so the report lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unchecked {
    /// The Rust field.
    pub field: &'static str,
    /// The attribute slug.
    pub slug: String,
    /// Why its type was not compared.
    pub reason: UncheckedReason,
}

/// Every disagreement between one struct and its object. Empty when they agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaReport {
    /// The Rust type checked.
    pub record_type: &'static str,
    /// Its object's slug.
    pub object: &'static str,
    /// The disagreements, in field order, then required attributes in Attio's order.
    pub drifts: Vec<Drift>,
    /// The fields whose type was not compared (in field order); not disagreements.
    pub unchecked: Vec<Unchecked>,
}

impl SchemaReport {
    /// No disagreement ([`unchecked`](Self::unchecked) fields do not count).
    pub fn is_ok(&self) -> bool {
        self.drifts.is_empty()
    }

    /// The kinds found, in order (handy in tests).
    pub fn kinds(&self) -> Vec<&DriftKind> {
        self.drifts.iter().map(|d| &d.kind).collect()
    }
}

/// What a struct claims: its object, name and fields ([`SchemaClaim::of`]).
#[derive(Debug, Clone, Copy)]
pub struct SchemaClaim {
    record_type: &'static str,
    object: &'static str,
    fields: &'static [FieldSchema],
}

impl SchemaClaim {
    /// The claim of a derived struct.
    pub fn of<R: RecordSchema>() -> Self {
        Self {
            record_type: short_type_name(std::any::type_name::<R>()),
            object: R::OBJECT,
            fields: R::SCHEMA,
        }
    }

    /// Compares the claim with an object's attributes (archived ones included, as
    /// [`Client::list_attributes`] returns them). No I/O.
    pub fn compare(&self, attributes: &[Attribute]) -> SchemaReport {
        let mut drifts = Vec::new();
        let mut unchecked = Vec::new();
        for field in self.fields.iter().filter(|f| !f.skipped) {
            let found = attributes.iter().find(|a| a.api_slug == field.slug);
            let drift = |kind| Drift {
                field: Some(field.field),
                slug: field.slug.to_owned(),
                kind,
            };
            let Some(attr) = found else {
                drifts.push(drift(DriftKind::Missing));
                continue;
            };
            if attr.is_archived {
                drifts.push(drift(DriftKind::Archived));
                continue;
            }
            drifts.extend(field_drifts(field, attr).into_iter().map(drift));
            if let Some(reason) = unchecked_reason(field) {
                unchecked.push(Unchecked {
                    field: field.field,
                    slug: field.slug.to_owned(),
                    reason,
                });
            }
        }
        for attr in attributes {
            let written = self
                .fields
                .iter()
                .any(|f| !f.skipped && f.slug == attr.api_slug);
            if attr.is_required && attr.is_writable && !attr.is_archived && !written {
                drifts.push(Drift {
                    field: None,
                    slug: attr.api_slug.clone(),
                    kind: DriftKind::RequiredNotWritten,
                });
            }
        }
        SchemaReport {
            record_type: self.record_type,
            object: self.object,
            drifts,
            unchecked,
        }
    }
}

/// Why the type comparison in [`field_drifts`] passes over a (not skipped) field.
fn unchecked_reason(field: &FieldSchema) -> Option<UncheckedReason> {
    if !field.types.is_empty() {
        None
    } else if field.cardinality == Cardinality::Custom {
        // The derive gives only `with` fields (and skipped ones) a custom cardinality.
        Some(UncheckedReason::WithModule)
    } else {
        Some(UncheckedReason::TypesNotDeclared)
    }
}

/// The disagreements of one field with its (present, not archived) attribute.
fn field_drifts(field: &FieldSchema, attr: &Attribute) -> Vec<DriftKind> {
    let mut kinds = Vec::new();
    if !field.types.is_empty() && !field.types.contains(&attr.kind) {
        kinds.push(DriftKind::TypeMismatch {
            attio: attr.kind.clone(),
            field: field.types,
        });
    }
    match (field.cardinality, attr.is_multiselect) {
        (Cardinality::Many, false) => kinds.push(DriftKind::ManyOnSingleValue),
        (Cardinality::One | Cardinality::Optional, true) => {
            kinds.push(DriftKind::OneOnMultiselect);
        }
        _ => {}
    }
    match (field.unique, attr.is_unique) {
        (true, false) => kinds.push(DriftKind::UniqueNotInAttio),
        (false, true) => kinds.push(DriftKind::UniqueNotMarked),
        _ => {}
    }
    if !attr.is_writable {
        kinds.push(DriftKind::NotWritable);
    }
    kinds
}

/// `my_app::model::User` → `User` (generic arguments kept).
fn short_type_name(full: &'static str) -> &'static str {
    let path = full.split('<').next().unwrap_or(full);
    let start = path.rfind("::").map_or(0, |i| i + 2);
    &full[start..]
}

impl fmt::Display for DriftKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing => write!(
                f,
                "no such attribute; create it in Attio, fix the slug, or mark the field #[attio(skip)]"
            ),
            Self::Archived => write!(
                f,
                "the attribute is archived; restore it in Attio or mark the field #[attio(skip)]"
            ),
            Self::TypeMismatch { attio, field } => {
                let names: Vec<&str> = field.iter().map(AttributeType::as_str).collect();
                write!(
                    f,
                    "the attribute is `{attio}` but the field's type holds {}",
                    names.join(" or ")
                )?;
                match rust_type_for(attio) {
                    Some(rust) => write!(f, "; use `{rust}` (or a `with` module)"),
                    None => write!(f, "; convert it with a `with` module"),
                }
            }
            Self::ManyOnSingleValue => write!(
                f,
                "the field is a Vec but the attribute holds one value; use Option<T> or T"
            ),
            Self::OneOnMultiselect => write!(
                f,
                "the attribute is multiselect but the field holds one value; use Vec<T>"
            ),
            Self::UniqueNotInAttio => write!(
                f,
                "#[attio(unique)] but the attribute is not unique in Attio; asserting on it fails"
            ),
            Self::UniqueNotMarked => write!(
                f,
                "the attribute is unique in Attio; mark the field #[attio(unique)] to assert on it"
            ),
            Self::RequiredNotWritten => write!(
                f,
                "required in Attio but no field writes it; creates fail with missing_value"
            ),
            Self::NotWritable => write!(
                f,
                "the attribute is not writable through the API; mark the field #[attio(skip)]"
            ),
        }
    }
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.field {
            Some(field) => write!(f, "field `{field}` (slug `{}`): {}", self.slug, self.kind),
            None => write!(f, "attribute `{}`: {}", self.slug, self.kind),
        }
    }
}

impl fmt::Display for UncheckedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TypesNotDeclared => write!(
                f,
                "its type declares no attribute types; declare `const ATTRIBUTE_TYPES` in its \
                 `ToAttio` impl, or use `#[derive(AttioValue)]` on a newtype of a library type"
            ),
            Self::WithModule => write!(
                f,
                "a `with` module converts it, so its type and cardinality are not compared"
            ),
        }
    }
}

impl fmt::Display for Unchecked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "field `{}` (slug `{}`) is not type-checked: {}",
            self.field, self.slug, self.reason
        )
    }
}

/// `1 issue`, `2 issues`.
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

impl fmt::Display for SchemaReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.drifts.is_empty() {
            write!(f, "{} matches object `{}`", self.record_type, self.object)?;
        } else {
            write!(
                f,
                "{} disagrees with object `{}` ({}):",
                self.record_type,
                self.object,
                count(self.drifts.len(), "issue")
            )?;
            for drift in &self.drifts {
                write!(f, "\n  - {drift}")?;
            }
        }
        if !self.unchecked.is_empty() {
            write!(
                f,
                "\n{} not type-checked (not a disagreement):",
                count(self.unchecked.len(), "field")
            )?;
            for unchecked in &self.unchecked {
                write!(f, "\n  - {unchecked}")?;
            }
        }
        Ok(())
    }
}

/// Why [`Client::verify_schemas`] refused to start.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// The attributes could not be read.
    #[error("could not read the workspace's schema: {0}")]
    Api(#[from] Error),
    /// At least one struct disagrees with the workspace (only the failing reports).
    #[error("{}", Reports(.0))]
    Drift(Vec<SchemaReport>),
}

struct Reports<'a>(&'a [SchemaReport]);

impl fmt::Display for Reports<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, report) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{report}")?;
        }
        Ok(())
    }
}

impl Client {
    /// Compares a derived struct with its object's attributes
    /// (`GET /v2/objects/{object}/attributes`, paged) and reports every disagreement.
    ///
    /// # Errors
    /// The errors of [`Client::list_attributes`]; disagreements are in the report, not errors.
    pub async fn check_schema<R: RecordSchema>(&self) -> Result<SchemaReport, Error> {
        self.check_claim(SchemaClaim::of::<R>()).await
    }

    /// Compares one claim (see [`SchemaClaim::of`]) with the workspace.
    ///
    /// # Errors
    /// The errors of [`Client::list_attributes`].
    pub async fn check_claim(&self, claim: SchemaClaim) -> Result<SchemaReport, Error> {
        let attributes = self.list_attributes(claim.object).await?;
        Ok(claim.compare(&attributes))
    }

    /// Checks several structs at once, e.g. at start-up:
    /// `client.verify_schemas(&[SchemaClaim::of::<User>(), SchemaClaim::of::<Person>()])`.
    /// Each object's attributes are fetched once.
    ///
    /// # Errors
    /// [`SchemaError::Drift`] with the report of every struct that disagrees;
    /// [`SchemaError::Api`] when the attributes cannot be read.
    pub async fn verify_schemas(&self, claims: &[SchemaClaim]) -> Result<(), SchemaError> {
        // Each object's attributes once, all objects at the same time: the check runs
        // before the first write, so its round trips delay the whole sync.
        let mut objects: Vec<&str> = Vec::new();
        for claim in claims {
            if !objects.contains(&claim.object) {
                objects.push(claim.object);
            }
        }
        let lists = objects.iter().map(|object| self.list_attributes(*object));
        let fetched: Vec<(&str, Vec<Attribute>)> = objects
            .iter()
            .copied()
            .zip(futures_util::future::try_join_all(lists).await?)
            .collect();
        let mut failing = Vec::new();
        for claim in claims {
            let attributes = fetched
                .iter()
                .find(|(object, _)| *object == claim.object)
                .map(|(_, attributes)| attributes.as_slice())
                .unwrap_or_default();
            let report = claim.compare(attributes);
            if !report.is_ok() {
                failing.push(report);
            }
        }
        if failing.is_empty() {
            Ok(())
        } else {
            Err(SchemaError::Drift(failing))
        }
    }
}

/// For tests: fails the calling test with the report when `R` disagrees with the
/// workspace `client` talks to.
///
/// # Panics
/// On any disagreement, and when the attributes cannot be read.
pub async fn assert_schema_matches<R: RecordSchema>(client: &Client) {
    match client.check_schema::<R>().await {
        Ok(report) if report.is_ok() => {}
        Ok(report) => panic!("{report}"),
        Err(err) => panic!("could not check the schema of {}: {err}", R::OBJECT),
    }
}
