// A skipped field is neither written nor read (it reads as `Default::default()`), so its
// type needs no Attio conversion.
use std::collections::HashMap;

use attio_core::{AttioRecord, DecodeError, Record};

#[derive(Default)]
struct Session {
    token: Option<u64>,
}

#[derive(AttioRecord)]
#[attio(object = "users")]
struct User {
    #[attio(slug = "user_id", unique)]
    id: String,
    #[attio(skip)]
    password_hash: String,
    #[attio(skip)]
    session: Session,
    #[attio(skip)]
    scores: HashMap<String, u8>,
}

fn main() {
    let _: fn(&Record) -> Result<User, DecodeError> = User::from_record;
    let user = User {
        id: "1".into(),
        password_hash: "secret".into(),
        session: Session { token: Some(7) },
        scores: HashMap::new(),
    };
    let values = user.to_values().expect("valid values");
    assert_eq!(values.len(), 1);
    assert_eq!(values["user_id"], "1");
    assert_eq!(user.session.token, Some(7));
    assert!(user.scores.is_empty());
    assert_eq!(user.password_hash, "secret");
}
