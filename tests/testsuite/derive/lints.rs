//! The code `#[derive(AttioRecord)]` and `#[derive(AttioValue)]` generate is warning-free under strict rustc lints
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

/// Option enums.
pub mod options {
    use attio_core::AttioValue;

    /// A plan.
    #[derive(Debug, AttioValue)]
    #[attio(select)]
    pub enum Plan {
        /// Free.
        Free,
        /// Pro.
        #[attio(rename = "Pro plan")]
        Pro,
        /// Any other.
        #[attio(other)]
        Other(String),
    }

    /// A stage.
    #[derive(Debug, AttioValue)]
    #[attio(status)]
    pub enum Stage {
        /// Lead.
        Lead,
    }

    /// A newtype.
    #[derive(Debug, AttioValue)]
    pub struct Key(pub String);
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
    assert_eq!(options::Plan::Pro.title(), "Pro plan");
    assert_eq!(options::Stage::Lead.title(), "Lead");
    assert!(attio_core::ToAttio::to_attio(&options::Key("k".into())).is_ok());
}
