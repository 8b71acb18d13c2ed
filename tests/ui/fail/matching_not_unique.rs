use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(object = "users", matching = "name")]
struct User {
    #[attio(slug = "user_id", unique)]
    id: String,
    name: String,
}

#[derive(AttioRecord)]
#[attio(object = "users", matching = "user_di")]
struct Account {
    #[attio(slug = "user_id", unique)]
    id: String,
}

fn main() {}
