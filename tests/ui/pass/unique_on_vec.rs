// `unique` on a multi-value field: Attio's people are asserted on `email_addresses`, a
// unique multiselect attribute (the supplied addresses are added to the matched record).
use attio_core::{AttioRecord, Email};

#[derive(AttioRecord)]
#[attio(object = "people")]
struct Person {
    #[attio(unique)]
    email_addresses: Vec<Email>,
    job_title: Option<String>,
}

fn main() {
    assert_eq!(Person::MATCHING_ATTRIBUTE.slug(), "email_addresses");
    let _handle: attio_core::Unique<Person> = Person::EMAIL_ADDRESSES;
    let person = Person {
        email_addresses: vec![Email::new("ada@example.com").expect("an email")],
        job_title: None,
    };
    let values = person.to_values().expect("valid values");
    assert_eq!(
        serde_json::Value::Object(values),
        serde_json::json!({ "email_addresses": ["ada@example.com"] })
    );
}
