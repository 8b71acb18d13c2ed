use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(object = users, matching = 1)]
struct User {
    #[attio(slug = user_id, unique)]
    id: String,
    #[attio(with = my::conversion)]
    email: String,
    #[attio(slug)]
    name: String,
}

fn main() {}
