use attio_core::AttioRecord;

// One compile reports every mistake of the struct.
#[derive(AttioRecord)]
#[attio(object = "Users")]
struct User {
    #[attio(uniqe)]
    id: String,
    #[attio(slug = "id")]
    other_id: String,
    #[attio(skip, unique)]
    password_hash: String,
    #[attio(clear_on_none)]
    name: String,
}

fn main() {}
