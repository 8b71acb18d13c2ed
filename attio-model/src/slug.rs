//! Attio api slugs (of objects, lists and attributes): what a valid one looks like, and the
//! nearest valid spelling of an invalid one (for error hints).
//!
//! ```
//! use attio_model::slug;
//!
//! assert!(slug::is_valid("primary_email_address"));
//! assert!(!slug::is_valid("emailAddress"));
//! assert_eq!(slug::suggest("emailAddress").as_deref(), Some("email_address"));
//! ```

/// Attio api slugs start with a lowercase ASCII letter, followed by lowercase ASCII
/// letters, digits and underscores.
pub fn is_valid(slug: &str) -> bool {
    let mut chars = slug.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The nearest valid slug: camelCase and separators become snake_case, other characters
/// are dropped, leading characters that are not letters are removed. `None` when
/// nothing usable is left.
pub fn suggest(slug: &str) -> Option<String> {
    let snake = heck::ToSnakeCase::to_snake_case(slug);
    let cleaned: String = snake
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
        .skip_while(|c| !c.is_ascii_lowercase())
        .collect();
    is_valid(&cleaned).then_some(cleaned)
}

/// The rule in words, for the hint of every invalid-slug error.
pub const RULE: &str =
    "Attio api slugs start with a lowercase ASCII letter, then lowercase letters, digits or `_`";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_attio_slugs() {
        for slug in ["users", "user_id", "primary_email_address", "a", "x1_2"] {
            assert!(is_valid(slug), "{slug}");
        }
    }

    #[test]
    fn rejects_other_spellings() {
        for slug in [
            "",
            "User",
            "1st",
            "_id",
            "first-name",
            "first name",
            "é",
            "emailAddress",
        ] {
            assert!(!is_valid(slug), "{slug}");
        }
    }

    #[test]
    fn suggests_the_nearest_valid_slug() {
        assert_eq!(suggest("emailAddress").as_deref(), Some("email_address"));
        assert_eq!(suggest("first-name").as_deref(), Some("first_name"));
        assert_eq!(suggest("Users").as_deref(), Some("users"));
        assert_eq!(suggest("_id").as_deref(), Some("id"));
        assert_eq!(suggest("123"), None);
    }
}
