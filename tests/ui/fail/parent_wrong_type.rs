use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(list = "sales", parent = "people")]
struct Deal {
    #[attio(parent)]
    person: u64,
    note: Option<String>,
}

fn main() {}
