//! The code `#[derive(AttioRecord)]` generates is warning-free under strict rustc lints
//! and clippy's pedantic group (checked by `cargo clippy --all-targets`), and documents
//! the constants it makes public (`missing_docs`).
#![deny(
    warnings,
    missing_docs,
    unused_qualifications,
    unreachable_pub,
    unused_results,
    trivial_casts,
    missing_debug_implementations,
    elided_lifetimes_in_paths,
    single_use_lifetimes
)]
#![deny(clippy::all, clippy::pedantic)]

/// Users.
pub mod users {
    use attio_core::{AttioRecord, Email};

    /// A user.
    #[derive(Debug, AttioRecord)]
    #[attio(object = "users")]
    pub struct User<'a, T> {
        /// Id.
        #[attio(slug = "user_id", unique)]
        pub id: String,
        /// Email.
        #[attio(slug = "primary_email_address", unique)]
        pub email: Email,
        /// Tags.
        pub tags: Vec<T>,
        /// Note.
        #[attio(clear_on_none)]
        pub note: Option<String>,
        /// Source.
        #[attio(skip)]
        pub source: &'a str,
    }
}

#[test]
fn strict_lints_accept_the_generated_code() {
    use attio_core::AttioRecord;
    let user = users::User::<String> {
        id: "1".into(),
        email: attio_core::Email::new("a@b.co").expect("email"),
        tags: vec![],
        note: None,
        source: "",
    };
    assert!(user.to_values().is_ok());
    assert_eq!(users::User::<String>::EMAIL.slug(), "primary_email_address");
}
