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

#[derive(AttioRecord)]
#[attio(object = "companies")]
pub struct Company {
    #[attio(unique)]
    pub name: String,
}

// A filter on companies cannot filter a users query.
fn main() {
    let client = attio_core::Client::new("tok_1234567890").unwrap();
    let _ = client.query::<User>().filter(Company::fields().name.eq("Attio"));
}
