use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(object = "users")]
struct User {
    #[attio(slug = "user_id")]
    id: String,
    name: String,
}

fn main() {}
