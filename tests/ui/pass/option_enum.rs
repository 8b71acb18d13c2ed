// `#[derive(AttioValue)]` on an enum: the options of a select or status attribute, titled as
// written or renamed, with or without an `#[attio(other)]` variant, in optional and
// multi-value fields; the enum declares its attribute type for the schema check.
use attio_core::schema::AttributeType;
use attio_core::{AttioRecord, AttioValue, ToAttio};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq, AttioValue)]
#[attio(select)]
enum Plan {
    Free,
    #[attio(rename = "Pro plan")]
    Pro,
    r#Type,
    #[attio(other)]
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq, AttioValue)]
#[attio(status)]
enum Stage {
    Lead,
    #[attio(rename = "In progress")]
    InProgress,
    Won,
}

#[derive(Debug, Clone, PartialEq, Eq, AttioValue)]
#[attio(select)]
enum Tag {
    #[attio(rename = "red")]
    Red,
    #[attio(other)]
    Unknown(Box<str>),
}

#[derive(Clone, AttioRecord)]
#[attio(object = "deals")]
struct Deal {
    #[attio(unique)]
    key: String,
    plan: Plan,
    stage: Option<Stage>,
    tags: Vec<Tag>,
}

fn main() {
    assert_eq!(<Plan as ToAttio>::ATTRIBUTE_TYPES, &[AttributeType::Select]);
    assert_eq!(<Stage as ToAttio>::ATTRIBUTE_TYPES, &[AttributeType::Status]);
    assert_eq!(Plan::Pro.title(), "Pro plan");
    assert_eq!(Plan::Type.title(), "Type");
    assert_eq!(Plan::Other("Enterprise".into()).title(), "Enterprise");
    assert_eq!(Stage::InProgress.title(), "In progress");

    let deal = Deal {
        key: "d-1".into(),
        plan: Plan::Pro,
        stage: Some(Stage::InProgress),
        tags: vec![Tag::Red, Tag::Unknown("green".into())],
    };
    let values = deal.to_values().expect("valid values");
    assert_eq!(
        serde_json::Value::Object(values),
        json!({
            "key": "d-1",
            "plan": {"option": "Pro plan"},
            "stage": {"status": "In progress"},
            "tags": [{"option": "red"}, {"option": "green"}],
        })
    );
    // An empty title Attio would reject is refused before any request, as for `Select`.
    let empty = Deal {
        plan: Plan::Other(String::new()),
        ..deal
    };
    assert!(empty.to_values().is_err());
}
