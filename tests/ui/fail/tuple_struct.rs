use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(object = "users")]
struct User(String, String);

fn main() {}
