use attio_core::{AttioEntry, AttioRecord, Email, RecordRef};

#[derive(AttioRecord)]
#[attio(list = "sales", parent = "people")]
struct ById {
    #[attio(parent)]
    person: String,
    stage: Option<String>,
    #[attio(skip)]
    cache: u8,
}

#[derive(AttioRecord)]
#[attio(list = "sales", parent = "people")]
struct ByRef {
    #[attio(parent)]
    person: RecordRef,
}

#[derive(AttioRecord)]
#[attio(list = "7f5e7a4c-2a7e-4b4a-9d7e-1c3f6b2a9e10", parent = "people")]
struct ByEmail {
    #[attio(parent = "email_addresses")]
    email: Email,
    tags: Vec<String>,
}

fn main() {
    assert_eq!(ById::LIST, "sales");
    assert_eq!(ById::PARENT_OBJECT, "people");
    assert!(!ByRef::PARENT_FROM_RECORD);
    assert!(ByEmail::PARENT_FROM_RECORD);
    let _ = ById { person: String::new(), stage: None, cache: 0 }.to_values();
    let _ = ByEmail { email: Email::new("a@example.com").unwrap(), tags: vec![] }.to_values();
}
