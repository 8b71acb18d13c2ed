use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(object = "users")]
enum User {
    Admin { id: String },
    Member { id: String },
}

fn main() {}
