use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(object = "users")]
struct User {
    #[attio(unique)]
    id: String,
    #[attio(clear_on_none)]
    nickname: String,
}

fn main() {}
