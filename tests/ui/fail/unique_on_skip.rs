use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(object = "users")]
struct User {
    #[attio(unique)]
    id: String,
    #[attio(skip, unique)]
    password_hash: String,
}

fn main() {}
