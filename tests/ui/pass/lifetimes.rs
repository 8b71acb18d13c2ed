// A struct with a lifetime. Reading builds an owned struct, so a borrowed value must be
// owned after a read: `Cow<'a, str>` (here inside a newtype) borrows when writing and owns
// when reading; a skipped `&'a str` reads as `""`; a `&'static str` can be read with a
// `with` module that picks from a fixed set.
use std::borrow::Cow;

use attio_core::{
    AttioRecord, AttributeValue, DecodeErrorKind, FieldWrite, FromAttio, FromAttioField, ToAttio,
    ValueError,
};
use serde_json::json;

/// Text that is borrowed when written and owned after a read.
struct Label<'a>(Cow<'a, str>);

impl ToAttio for Label<'_> {
    fn to_attio(&self) -> Result<serde_json::Value, ValueError> {
        self.0.as_ref().to_owned().to_attio()
    }
}

impl FromAttio for Label<'_> {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        String::from_attio(value).map(|text| Label(Cow::Owned(text)))
    }
}

/// The plans a user can be on, as static strings.
mod plan {
    use super::*;

    const PLANS: [&str; 2] = ["free", "pro"];

    pub fn to_attio(plan: &&'static str) -> Result<FieldWrite, ValueError> {
        plan.to_attio().map(FieldWrite::Set)
    }

    pub fn from_attio(values: &[AttributeValue]) -> Result<&'static str, DecodeErrorKind> {
        let text = String::read_field(values)?;
        PLANS
            .into_iter()
            .find(|plan| *plan == text)
            .ok_or_else(|| DecodeErrorKind::Invalid(format!("unknown plan `{text}`")))
    }
}

#[derive(AttioRecord)]
#[attio(object = "users")]
struct User<'a> {
    #[attio(slug = "user_id", unique)]
    id: Label<'a>,
    #[attio(with = "plan")]
    plan: &'static str,
    #[attio(skip)]
    source: &'a str,
}

fn main() {
    let line = String::from("42,pro");
    let (id, _) = line.split_once(',').expect("a comma");
    let user = User {
        id: Label(Cow::Borrowed(id)),
        plan: "pro",
        source: &line,
    };
    let values = user.to_values().expect("valid values");
    assert_eq!(
        serde_json::Value::Object(values),
        json!({ "user_id": "42", "plan": "pro" })
    );
    assert_eq!(user.source, "42,pro");
}
