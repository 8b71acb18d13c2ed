use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(object = "users")]
union Number {
    int: u64,
    float: f64,
}

fn main() {}
