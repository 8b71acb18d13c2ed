use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(object = "users", unique)]
struct User {
    #[attio(object = "people", unique)]
    id: String,
}

fn main() {}
