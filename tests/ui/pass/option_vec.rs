// `Option` (zero or one value) and `Vec` (multi-value), with and without `clear_on_none`.
use attio_core::AttioRecord;
use serde_json::json;

#[derive(AttioRecord)]
#[attio(object = "users")]
struct User {
    #[attio(slug = "user_id", unique)]
    id: String,
    nickname: Option<String>,
    #[attio(clear_on_none)]
    title: Option<String>,
    #[attio(slug = "tag")]
    tags: Vec<String>,
}

fn main() {
    let empty = User {
        id: "1".into(),
        nickname: None,
        title: None,
        tags: Vec::new(),
    };
    // `nickname` is left untouched, `title` is cleared, `tag` is replaced by nothing.
    let values = empty.to_values().expect("valid values");
    assert_eq!(
        serde_json::Value::Object(values),
        json!({ "user_id": "1", "title": [], "tag": [] })
    );

    let full = User {
        id: "1".into(),
        nickname: Some("Ada".into()),
        title: Some("CTO".into()),
        tags: vec!["a".into(), "b".into()],
    };
    let values = full.to_values().expect("valid values");
    assert_eq!(
        serde_json::Value::Object(values),
        json!({ "user_id": "1", "nickname": "Ada", "title": "CTO", "tag": ["a", "b"] })
    );
}
