// `#[attio(with = "module")]`: a one-off conversion, here a list of tags stored in one
// text attribute as comma-separated text.
use attio_core::{
    AttioRecord, AttributeValue, DecodeErrorKind, FieldWrite, FromAttioField, ToAttio, ValueError,
};
use serde_json::json;

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
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect())
    }
}

#[derive(AttioRecord)]
#[attio(object = "users")]
struct User {
    #[attio(slug = "user_id", unique)]
    id: String,
    #[attio(with = "comma_separated")]
    tags: Vec<String>,
}

fn main() {
    let user = User {
        id: "1".into(),
        tags: vec!["a".into(), "b".into()],
    };
    let values = user.to_values().expect("valid values");
    assert_eq!(
        serde_json::Value::Object(values),
        json!({ "user_id": "1", "tags": "a,b" })
    );

    let bad = User {
        id: "1".into(),
        tags: vec!["a,b".into()],
    };
    let error = bad.to_values().expect_err("a comma is rejected");
    assert!(error.to_string().contains("`tags`"), "{error}");
}
