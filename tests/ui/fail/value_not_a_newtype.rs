use attio_core::AttioValue;

#[derive(AttioValue)]
struct Pair(String, String);

#[derive(AttioValue)]
enum Plan {
    Free,
    Pro,
}

#[derive(AttioValue)]
#[attio(object = "users")]
struct UserId(#[attio(unique)] String);

fn main() {}
