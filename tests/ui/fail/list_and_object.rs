use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(object = "people", list = "sales", parent = "people")]
struct Deal {
    #[attio(parent)]
    person: String,
    note: Option<String>,
}

fn main() {}
