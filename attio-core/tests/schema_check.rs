//! The schema check end to end against the emulator: each kind of disagreement is made by
//! changing the emulator's schema through the API, and the check reports exactly it; a
//! matching workspace reports nothing.

use attio_core::schema::{
    AttributeType, AttributeUpdate, Cardinality, DriftKind, NewAttribute, RecordSchema,
    SchemaClaim, SchemaError, Unchecked, UncheckedReason, assert_schema_matches,
};
use attio_core::{
    AttioRecord, AttioValue, AttributeValue, Client, DecodeErrorKind, Email, FieldWrite, FromAttio,
    FromAttioField, RecordRef, Timestamp, ToAttio, ToAttioField, ValueError,
};
use attio_emulator::Emulator;
use attio_testkit::emulator::{client, emulator};

#[derive(AttioRecord, Debug)]
#[attio(object = "users")]
struct User {
    #[attio(slug = "user_id", unique)]
    id: String,
    #[attio(slug = "primary_email_address", unique)]
    email: Email,
    person: Option<RecordRef>,
    #[attio(slug = "workspace")]
    workspaces: Vec<RecordRef>,
    #[attio(skip)]
    _password_hash: String,
}

async fn start() -> (Emulator, Client) {
    let emu = emulator().await;
    let client = client(&emu);
    (emu, client)
}

async fn archive(client: &Client, slug: &str) {
    let update = AttributeUpdate {
        is_archived: Some(true),
        ..AttributeUpdate::default()
    };
    client
        .update_attribute("users", slug, &update)
        .await
        .unwrap();
}

/// The `(field, slug, kind)` of every disagreement `R` has with the emulator's users.
async fn drifts<R: RecordSchema>(
    client: &Client,
) -> Vec<(Option<&'static str>, String, DriftKind)> {
    let report = client.check_schema::<R>().await.expect("check");
    report
        .drifts
        .into_iter()
        .map(|d| (d.field, d.slug, d.kind))
        .collect()
}

#[test]
fn the_derive_declares_every_field() {
    let schema = User::SCHEMA;
    let row = |i: usize| {
        let f = &schema[i];
        (f.field, f.slug, f.cardinality, f.unique, f.skipped)
    };
    assert_eq!(schema.len(), 5);
    assert_eq!(row(0), ("id", "user_id", Cardinality::One, true, false));
    assert_eq!(
        row(1),
        (
            "email",
            "primary_email_address",
            Cardinality::One,
            true,
            false
        )
    );
    assert_eq!(
        row(2),
        ("person", "person", Cardinality::Optional, false, false)
    );
    assert_eq!(
        row(3),
        ("workspaces", "workspace", Cardinality::Many, false, false)
    );
    assert!(row(4).4, "the skipped field is marked");
    assert_eq!(schema[1].types, &[AttributeType::EmailAddress]);
    assert_eq!(schema[2].types, &[AttributeType::RecordReference]);
    assert!(schema[0].types.contains(&AttributeType::Text));
    assert!(schema[4].types.is_empty());
}

#[tokio::test]
async fn a_matching_workspace_reports_nothing() {
    let (_emu, client) = start().await;
    let report = client.check_schema::<User>().await.unwrap();
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.to_string(), "User matches object `users`");
    assert_schema_matches::<User>(&client).await;
    client
        .verify_schemas(&[SchemaClaim::of::<User>(), SchemaClaim::of::<User>()])
        .await
        .unwrap();
}

#[tokio::test]
async fn missing_and_archived_attributes() {
    let (_emu, client) = start().await;
    archive(&client, "person").await;
    assert_eq!(
        drifts::<User>(&client).await,
        [(Some("person"), "person".to_owned(), DriftKind::Archived)]
    );
    let rename = AttributeUpdate {
        api_slug: Some("workspaces".to_owned()),
        ..AttributeUpdate::default()
    };
    client
        .update_attribute("users", "workspace", &rename)
        .await
        .unwrap();
    assert_eq!(
        drifts::<User>(&client).await,
        [
            (Some("person"), "person".to_owned(), DriftKind::Archived),
            (
                Some("workspaces"),
                "workspace".to_owned(),
                DriftKind::Missing
            ),
        ]
    );
}

#[derive(AttioRecord)]
#[attio(object = "users")]
struct WrongShapes {
    #[attio(slug = "user_id", unique)]
    id: String,
    #[attio(slug = "primary_email_address", unique)]
    email: Email,
    /// Text in Attio after the test creates it.
    score: Option<f64>,
    /// A Vec on a single-value reference.
    person: Vec<RecordRef>,
    /// One value on the multiselect `workspace`.
    workspace: Option<RecordRef>,
}

#[tokio::test]
async fn type_and_cardinality_mismatches_name_the_fix() {
    let (_emu, client) = start().await;
    client
        .create_attribute("users", &NewAttribute::new("score", AttributeType::Text))
        .await
        .unwrap();
    let report = client.check_schema::<WrongShapes>().await.unwrap();
    assert_eq!(
        report.kinds(),
        [
            &DriftKind::TypeMismatch {
                attio: AttributeType::Text,
                field: &[AttributeType::Number],
            },
            &DriftKind::ManyOnSingleValue,
            &DriftKind::OneOnMultiselect,
        ]
    );
    let text = report.to_string();
    assert!(
        text.starts_with("WrongShapes disagrees with object `users` (3 issues):"),
        "{text}"
    );
    assert!(
        text.contains("field `score` (slug `score`): the attribute is `text` but the field's type holds number; use `String`"),
        "{text}"
    );
    assert!(text.contains("field `person` (slug `person`)"), "{text}");
    assert!(
        text.contains("field `workspace` (slug `workspace`)"),
        "{text}"
    );
}

#[tokio::test]
async fn unique_in_the_struct_or_only_in_attio() {
    let (_emu, client) = start().await;
    let unique = AttributeUpdate {
        is_unique: Some(true),
        ..AttributeUpdate::default()
    };
    client
        .update_attribute("users", "person", &unique)
        .await
        .unwrap();
    let not_unique = AttributeUpdate {
        is_unique: Some(false),
        ..AttributeUpdate::default()
    };
    client
        .update_attribute("users", "primary_email_address", &not_unique)
        .await
        .unwrap();
    assert_eq!(
        drifts::<User>(&client).await,
        [
            (
                Some("email"),
                "primary_email_address".to_owned(),
                DriftKind::UniqueNotInAttio
            ),
            (
                Some("person"),
                "person".to_owned(),
                DriftKind::UniqueNotMarked
            ),
        ]
    );
}

#[tokio::test]
async fn required_attributes_never_written_and_unwritable_ones() {
    let (_emu, client) = start().await;
    client
        .create_attribute(
            "users",
            &NewAttribute::new("plan", AttributeType::Text).required(),
        )
        .await
        .unwrap();
    assert_eq!(
        drifts::<User>(&client).await,
        [(None, "plan".to_owned(), DriftKind::RequiredNotWritten)]
    );

    #[derive(AttioRecord)]
    #[attio(object = "users")]
    struct WritesSystem {
        #[attio(slug = "user_id", unique)]
        id: String,
        #[attio(slug = "primary_email_address", unique)]
        email: Email,
        plan: String,
        #[attio(slug = "created_at")]
        created: Option<Timestamp>,
    }
    assert_eq!(
        drifts::<WritesSystem>(&client).await,
        [(
            Some("created"),
            "created_at".to_owned(),
            DriftKind::NotWritable
        )]
    );
}

#[tokio::test]
async fn verify_schemas_returns_only_the_failing_reports() {
    let (_emu, client) = start().await;
    let err = client
        .verify_schemas(&[SchemaClaim::of::<User>(), SchemaClaim::of::<WrongShapes>()])
        .await
        .unwrap_err();
    let SchemaError::Drift(reports) = &err else {
        panic!("{err}");
    };
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].record_type, "WrongShapes");
    assert!(
        err.to_string()
            .contains("field `score` (slug `score`): no such attribute"),
        "{err}"
    );
}

#[tokio::test]
#[should_panic(expected = "field `person` (slug `person`): the attribute is archived")]
async fn the_test_helper_fails_on_drift() {
    let (_emu, client) = start().await;
    archive(&client, "person").await;
    assert_schema_matches::<User>(&client).await;
}

#[tokio::test]
async fn attributes_are_listed_across_pages() {
    let (_emu, client) = start().await;
    let before = client.list_attributes("users").await.unwrap().len();
    for i in 0..attio_core::schema::ATTRIBUTE_PAGE {
        let new = NewAttribute::new(format!("extra_{i:03}"), AttributeType::Number);
        client.create_attribute("users", &new).await.unwrap();
    }
    let all = client.list_attributes("users").await.unwrap();
    assert_eq!(all.len(), before + attio_core::schema::ATTRIBUTE_PAGE);
    assert_eq!(all.last().unwrap().api_slug, "extra_099");
    let mut slugs: Vec<&str> = all.iter().map(|a| a.api_slug.as_str()).collect();
    slugs.dedup();
    assert_eq!(slugs.len(), all.len(), "no attribute twice across pages");
}

/// A user's own value type: its `ToAttio` keeps the default `ATTRIBUTE_TYPES` (`&[]`).
struct Plan(String);

impl ToAttio for Plan {
    fn to_attio(&self) -> Result<serde_json::Value, ValueError> {
        self.0.to_attio()
    }
}

impl FromAttio for Plan {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        String::from_attio(value).map(Plan)
    }
}

/// A derived newtype: it declares what its field's type declares.
#[derive(AttioValue)]
struct Handle(String);

/// Stores a nickname in upper case (a `with` module: the check leaves it to the module).
mod upper {
    use super::*;

    pub fn to_attio(nickname: &Option<String>) -> Result<FieldWrite, ValueError> {
        nickname.as_ref().map(|n| n.to_uppercase()).write_field()
    }

    pub fn from_attio(values: &[AttributeValue]) -> Result<Option<String>, DecodeErrorKind> {
        Option::<String>::read_field(values)
    }
}

#[derive(AttioRecord)]
#[attio(object = "users")]
struct OwnTypes {
    #[attio(slug = "user_id", unique)]
    id: String,
    #[attio(slug = "primary_email_address", unique)]
    email: Email,
    plan: Option<Plan>,
    handle: Option<Handle>,
    #[attio(with = "upper")]
    nickname: Option<String>,
    /// Not in the workspace: reported missing, and not listed as unchecked as well.
    tier: Option<Plan>,
}

#[tokio::test]
async fn fields_whose_type_is_not_compared_are_listed_not_drift() {
    let (_emu, client) = start().await;
    for slug in ["plan", "handle", "nickname"] {
        let new = NewAttribute::new(slug, AttributeType::Text);
        client.create_attribute("users", &new).await.unwrap();
    }
    let report = client.check_schema::<OwnTypes>().await.unwrap();
    assert_eq!(report.kinds(), [&DriftKind::Missing], "{report}");
    assert_eq!(
        report.unchecked,
        [
            Unchecked {
                field: "plan",
                slug: "plan".to_owned(),
                reason: UncheckedReason::TypesNotDeclared,
            },
            Unchecked {
                field: "nickname",
                slug: "nickname".to_owned(),
                reason: UncheckedReason::WithModule,
            },
        ]
    );
    // As the README shows it.
    assert_eq!(
        report.to_string(),
        "OwnTypes disagrees with object `users` (1 issue):\
         \n  - field `tier` (slug `tier`): no such attribute; create it in Attio, fix the slug, or mark the field #[attio(skip)]\
         \n2 fields not type-checked (not a disagreement):\
         \n  - field `plan` (slug `plan`) is not type-checked: its type declares no attribute types; \
         declare `const ATTRIBUTE_TYPES` in its `ToAttio` impl, or use `#[derive(AttioValue)]` on a newtype of a library type\
         \n  - field `nickname` (slug `nickname`) is not type-checked: a `with` module converts it, \
         so its type and cardinality are not compared"
    );

    // Unchecked fields alone keep the report clean: start-up checks and the test helper pass.
    client
        .create_attribute("users", &NewAttribute::new("tier", AttributeType::Text))
        .await
        .unwrap();
    let report = client.check_schema::<OwnTypes>().await.unwrap();
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.unchecked.len(), 3);
    assert!(
        report.to_string().starts_with(
            "OwnTypes matches object `users`\n3 fields not type-checked (not a disagreement):"
        ),
        "{report}"
    );
    client
        .verify_schemas(&[SchemaClaim::of::<OwnTypes>()])
        .await
        .unwrap();
    assert_schema_matches::<OwnTypes>(&client).await;
}

#[tokio::test]
async fn a_derived_newtype_is_checked_as_its_field() {
    assert_eq!(
        <Handle as ToAttio>::ATTRIBUTE_TYPES,
        <String as ToAttio>::ATTRIBUTE_TYPES
    );
    assert_eq!(
        OwnTypes::SCHEMA[3].types,
        <String as ToAttio>::ATTRIBUTE_TYPES
    );
    assert!(OwnTypes::SCHEMA[2].types.is_empty());

    let (_emu, client) = start().await;
    for (slug, kind) in [
        ("plan", AttributeType::Text),
        ("handle", AttributeType::Number),
        ("nickname", AttributeType::Text),
        ("tier", AttributeType::Text),
    ] {
        let new = NewAttribute::new(slug, kind);
        client.create_attribute("users", &new).await.unwrap();
    }
    let report = client.check_schema::<OwnTypes>().await.unwrap();
    assert_eq!(
        report.kinds(),
        [&DriftKind::TypeMismatch {
            attio: AttributeType::Number,
            field: <String as ToAttio>::ATTRIBUTE_TYPES,
        }],
        "{report}"
    );
    assert_eq!(report.drifts[0].field, Some("handle"));
}
