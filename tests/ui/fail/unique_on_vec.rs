use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(object = "users")]
struct User {
    #[attio(unique)]
    id: String,
    #[attio(slug = "workspace", unique)]
    workspaces: Vec<String>,
}

fn main() {}
