//! ISO 3166-1 alpha-2 country codes, shared by phone numbers and locations. The set is
//! attio-model's (`attio_model::country`), which the emulator answers by.

use crate::error::ValueError;

/// Checks that `code` is an assigned ISO 3166-1 alpha-2 code in upper case (or `XK`).
///
/// # Errors
/// [`ValueError::InvalidCountryCode`] for anything else (`ZZ`, `gb`, `GBR`).
pub(crate) fn check_country_code(code: &str) -> Result<(), ValueError> {
    if attio_model::country::is_assigned(code) {
        Ok(())
    } else {
        Err(ValueError::InvalidCountryCode {
            value: code.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unassigned_code_is_a_typed_error() {
        assert!(check_country_code("GB").is_ok());
        assert_eq!(
            check_country_code("gb"),
            Err(ValueError::InvalidCountryCode { value: "gb".into() })
        );
    }
}
