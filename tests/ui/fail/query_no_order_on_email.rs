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

// Emails are not ordered in Attio's filters: no `$gt`.
fn main() {
    let _ = User::fields().email.gt("m");
}
