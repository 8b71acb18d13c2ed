//! Runtime tests of derived structs beyond the documented user: every cardinality, `skip`,
//! `clear_on_none`, a `with` module, a generic struct and one borrowing text with a
//! lifetime, written and then read back from a record shaped the way Attio returns it.

use std::borrow::Cow;

use attio_core::{
    AttioRecord, AttributeValue, DecodeErrorKind, FieldWrite, FromAttioField, Record, ToAttio,
    ValueError,
};
use serde_json::{Map, Value, json};

/// Stores the tags as one comma-separated text attribute.
mod comma_separated {
    use super::*;

    pub fn to_attio(tags: &[String]) -> Result<FieldWrite, ValueError> {
        if tags.iter().any(|tag| tag.contains(',')) {
            return Err(ValueError::Invalid("a tag cannot contain a comma".into()));
        }
        tags.join(",").to_attio().map(FieldWrite::Set)
    }

    pub fn from_attio(values: &[AttributeValue]) -> Result<Vec<String>, DecodeErrorKind> {
        let text = Option::<String>::read_field(values)?.unwrap_or_default();
        Ok(text
            .split(',')
            .filter(|tag| !tag.is_empty())
            .map(str::to_owned)
            .collect())
    }
}

#[derive(Debug, PartialEq, AttioRecord)]
#[attio(object = "people")]
struct Contact {
    #[attio(unique)]
    r#ref: String,
    nickname: Option<String>,
    #[attio(clear_on_none)]
    title: Option<String>,
    #[attio(slug = "alias")]
    aliases: Vec<String>,
    #[attio(with = "comma_separated")]
    tags: Vec<String>,
    #[attio(skip)]
    visits: u32,
}

#[derive(Debug, PartialEq, AttioRecord)]
#[attio(object = "tickets")]
struct Ticket<T> {
    #[attio(unique)]
    id: String,
    labels: Vec<T>,
}

/// Turns a write's `values` into a record the way Attio would return it: each written
/// text becomes one current `text` value (arrays become several).
fn stored(values: Map<String, Value>) -> Record {
    let text = |value: &Value| {
        json!({
            "active_from": "2023-01-01T15:00:00.000000000Z",
            "active_until": null,
            "created_by_actor": { "type": "api-token", "id": null },
            "value": value,
            "attribute_type": "text",
        })
    };
    let values: Map<String, Value> = values
        .into_iter()
        .map(|(slug, value)| {
            let stored = match &value {
                Value::Array(items) => items.iter().map(text).collect(),
                single => vec![text(single)],
            };
            (slug, Value::Array(stored))
        })
        .collect();
    serde_json::from_value(json!({
        "id": {
            "workspace_id": "14beef7a-99f7-4534-a87e-70b564330a4c",
            "object_id": "97052eb9-e65e-443f-a297-f2d9a4a7f795",
            "record_id": "bf071e1f-6035-429d-b874-d83ea64ea13b",
        },
        "created_at": "2022-11-21T13:22:49.061281000Z",
        "values": values,
    }))
    .expect("a record")
}

fn contact() -> Contact {
    Contact {
        r#ref: "c-1".into(),
        nickname: Some("Ada".into()),
        title: None,
        aliases: vec!["Countess".into(), "A. L.".into()],
        tags: vec!["vip".into(), "math".into()],
        visits: 7,
    }
}

#[test]
fn writes_every_cardinality() {
    let values = contact().to_values().expect("valid values");
    assert_eq!(
        Value::Object(values),
        json!({
            "ref": "c-1",
            "nickname": "Ada",
            "title": [],
            "alias": ["Countess", "A. L."],
            "tags": "vip,math",
        })
    );
}

#[test]
fn reads_back_what_it_wrote() {
    let record = stored(contact().to_values().expect("valid values"));
    let back = Contact::from_record(&record).expect("decodes");
    // `title` was cleared and `visits` is skipped: both come back empty.
    assert_eq!(
        back,
        Contact {
            visits: 0,
            ..contact()
        }
    );
}

#[test]
fn a_with_module_error_names_the_slug() {
    let bad = Contact {
        tags: vec!["a,b".into()],
        ..contact()
    };
    let error = bad.to_values().expect_err("a comma is rejected");
    assert!(error.to_string().contains("`tags`"), "{error}");
}

#[test]
fn generic_structs_round_trip() {
    let ticket = Ticket {
        id: "t-1".into(),
        labels: vec!["bug".to_owned(), "p1".to_owned()],
    };
    let record = stored(ticket.to_values().expect("valid values"));
    assert_eq!(Ticket::<String>::from_record(&record), Ok(ticket));
    assert_eq!(Ticket::<String>::MATCHING_ATTRIBUTE, Ticket::<String>::ID);
}

#[derive(Debug, PartialEq, AttioRecord)]
#[attio(object = "labels")]
struct Label<'a> {
    #[attio(unique)]
    key: Cow<'a, str>,
    name: Cow<'a, str>,
    aliases: Vec<Cow<'a, str>>,
}

#[test]
fn structs_borrowing_text_with_a_lifetime_round_trip() {
    let name = String::from("Ada Lovelace");
    let label = Label {
        key: Cow::Borrowed("l-1"),
        name: Cow::Borrowed(&name),
        aliases: vec![Cow::Borrowed("Countess"), Cow::Owned("A. L.".into())],
    };
    let record = stored(label.to_values().expect("valid values"));
    let back = Label::from_record(&record).expect("decodes");
    assert_eq!(back, label);
    assert!(
        matches!(back.name, Cow::Owned(_)),
        "read values own their text"
    );
}
