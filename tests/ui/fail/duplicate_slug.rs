use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(object = "users")]
struct User {
    #[attio(unique)]
    user_id: String,
    #[attio(slug = "user_id")]
    id: String,
}

fn main() {}
