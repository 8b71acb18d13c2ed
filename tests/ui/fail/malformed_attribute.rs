use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio = "users"]
struct User {
    #[attio]
    id: String,
    #[attio(attio::unique)]
    email: String,
}

fn main() {}
