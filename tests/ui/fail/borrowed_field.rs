use attio_core::AttioRecord;

#[derive(AttioRecord)]
#[attio(object = "users")]
struct User<'a> {
    #[attio(unique)]
    id: &'a str,
    nickname: Option<&'a str>,
}

fn main() {}
