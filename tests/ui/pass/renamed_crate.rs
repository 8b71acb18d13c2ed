// `#[attio(crate = "...")]`: the runtime reached through another path (a renamed
// dependency, or a re-export from the user's own crate).
use attio_core as renamed;

mod runtime {
    pub use attio_core::*;
}

#[derive(renamed::AttioRecord)]
#[attio(object = "users", crate = "renamed")]
struct User {
    #[attio(slug = "user_id", unique)]
    id: String,
}

#[derive(runtime::AttioRecord)]
#[attio(object = "people", crate = "crate::runtime")]
struct Person {
    #[attio(unique)]
    name: String,
}

fn main() {
    use renamed::AttioRecord;
    assert_eq!(User::OBJECT, "users");
    assert_eq!(User::MATCHING_ATTRIBUTE, User::ID);
    assert_eq!(Person::OBJECT, "people");
    let values = User { id: "1".into() }.to_values().expect("valid values");
    assert_eq!(values["user_id"], "1");
    let values = Person { name: "Ada".into() }
        .to_values()
        .expect("valid values");
    assert_eq!(values["name"], "Ada");
}
