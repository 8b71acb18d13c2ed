use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(object = "Users")]
struct User {
    #[attio(slug = "user-id", unique)]
    id: String,
    #[attio(slug = "")]
    email: String,
    #[allow(non_snake_case)]
    firstName: String,
}

fn main() {}
