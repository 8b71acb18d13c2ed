// The enum form of `#[derive(AttioValue)]`: each mistake at its token, all at once.
use attio_core::AttioValue;

#[derive(AttioValue)]
enum NoKind {
    Free,
}

#[derive(AttioValue)]
#[attio(select, status)]
enum BothKinds {
    Free,
}

#[derive(AttioValue)]
#[attio(select, object = "users")]
enum Plan {
    Free,
    #[attio(rename = "Free")]
    Gratis,
    #[attio(rename = "")]
    Blank,
    Pro(u8),
    Team { seats: u32 },
    #[attio(other)]
    Other(String),
    #[attio(other)]
    Unknown(String),
    #[attio(other, rename = "x")]
    Named { title: String },
    #[attio(slug = "x", select)]
    Slugged,
}

/// Neither made from nor shown as a `&str`.
struct Title;

#[derive(AttioValue)]
#[attio(status)]
enum WrongOther {
    Lead,
    #[attio(other)]
    Other(Title),
}

#[derive(AttioValue)]
#[attio(other)]
struct UserId(String);

fn main() {}
