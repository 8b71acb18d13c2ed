use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(objcet = "users")]
struct User {
    #[attio(uniqe)]
    id: String,
    #[attio(rename = "primary_email_address", unique)]
    email: String,
}

fn main() {}
