use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(object = "users")]
struct User {
    #[attio(unique, frobnicate = "yes")]
    id: String,
}

fn main() {}
