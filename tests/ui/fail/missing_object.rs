use attio_core::AttioRecord;

#[derive(AttioRecord)]
struct User {
    #[attio(unique)]
    id: String,
}

fn main() {}
