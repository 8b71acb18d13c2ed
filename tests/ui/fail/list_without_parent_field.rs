use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(list = "sales", parent = "people")]
struct Deal {
    person: String,
    note: Option<String>,
}

#[derive(AttioRecord)]
#[attio(list = "sales")]
struct NoParentObject {
    #[attio(parent)]
    person: String,
}

fn main() {}
