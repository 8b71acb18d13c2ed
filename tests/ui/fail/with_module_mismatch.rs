use attio_core::AttioRecord;

/// Has `to_attio` but no `from_attio`, and `to_attio` takes the wrong type.
mod half_done {
    pub fn to_attio(value: &u8) -> Result<attio_core::FieldWrite, attio_core::ValueError> {
        Ok(attio_core::FieldWrite::Set((*value).into()))
    }
}

#[derive(AttioRecord)]
#[attio(object = "users")]
struct User {
    #[attio(unique)]
    id: String,
    #[attio(with = "half_done")]
    tags: Vec<String>,
}

fn main() {}
