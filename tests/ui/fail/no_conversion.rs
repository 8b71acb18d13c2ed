use attio_core::AttioRecord;

/// A type of the application with no Attio conversion.
struct Money {
    cents: i64,
}

#[derive(AttioRecord)]
#[attio(object = "deals")]
struct Deal {
    #[attio(unique)]
    id: String,
    value: Money,
    history: Vec<std::time::Instant>,
}

fn main() {}
