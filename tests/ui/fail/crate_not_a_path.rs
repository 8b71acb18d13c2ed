use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(object = "users", crate = "attio core!")]
struct User {
    #[attio(unique, with = "not a path")]
    id: String,
}

fn main() {}
