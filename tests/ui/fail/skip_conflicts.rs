use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(object = "users")]
struct User {
    #[attio(unique)]
    id: String,
    #[attio(skip, slug = "nickname", with = "conversions", clear_on_none)]
    nickname: Option<String>,
}

fn main() {}
