// The generated code compiles in a module that shadows the prelude and common names.
#![allow(dead_code, non_upper_case_globals, non_snake_case, clippy::all)]

mod shadowed {
    pub type Result<T> = ::core::result::Result<T, Error>;
    pub struct Error;
    pub struct Option;
    pub struct String;
    pub struct Vec;
    pub struct Default;
    pub struct Record;
    pub struct Unique;
    pub struct ValuesWriter;
    pub struct DecodeError;
    pub const Ok: () = ();
    pub const Err: () = ();
    pub const None: () = ();
    pub fn Some() {}
    pub const values: () = ();
    pub const record: () = ();
    pub mod attio_core {}
    pub mod core {}
    pub mod std {}

    #[derive(::attio_core::AttioRecord)]
    #[attio(object = "users")]
    pub struct User {
        #[attio(slug = "user_id", unique)]
        pub id: ::std::string::String,
        pub note: ::std::option::Option<::std::string::String>,
        pub tags: ::std::vec::Vec<::std::string::String>,
        #[attio(skip)]
        pub cache: u32,
    }
}

fn main() {
    use attio_core::AttioRecord;
    let user = shadowed::User {
        id: "1".into(),
        note: None,
        tags: vec!["x".into()],
        cache: 3,
    };
    let values = user.to_values().expect("valid values");
    assert_eq!(values["user_id"], "1");
    assert_eq!(values["tags"], serde_json::json!(["x"]));
}
