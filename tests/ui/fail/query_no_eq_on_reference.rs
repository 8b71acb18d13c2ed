use attio_core::{AttioRecord, Date, Email, Location, RecordRef};

#[derive(AttioRecord)]
#[attio(object = "users")]
pub struct User {
    #[attio(slug = "user_id", unique)]
    pub id: String,
    #[attio(slug = "primary_email_address", unique)]
    pub email: Email,
    pub logins: Option<u32>,
    pub active: bool,
    pub born: Option<Date>,
    pub home: Option<Location>,
    pub person: Option<RecordRef>,
}

// A record reference is compared through its properties, not as a whole.
fn main() {
    let _ = User::fields().person.eq("bf071e1f-6035-429d-b874-d83ea64ea13b");
}
