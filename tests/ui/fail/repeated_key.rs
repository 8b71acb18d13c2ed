use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(object = "users")]
#[attio(object = "people")]
struct User {
    #[attio(slug = "user_id", unique, slug = "id")]
    id: String,
    #[attio(unique)]
    #[attio(unique)]
    email: String,
}

fn main() {}
