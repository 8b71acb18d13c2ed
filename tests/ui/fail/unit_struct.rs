use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(object = "users")]
struct User;

fn main() {}
