use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(object = "users")]
struct User {
    #[attio(unique = true)]
    id: String,
    #[attio(skip(always))]
    cache: String,
}

fn main() {}
