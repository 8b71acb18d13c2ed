//! ISO 3166-1 alpha-2 country codes, shared by phone numbers and locations.

use crate::error::ValueError;

/// Checks that `code` has the shape of an ISO 3166-1 alpha-2 code (two upper-case ASCII
/// letters). Whether the code is assigned is left to Attio, whose list changes.
pub(crate) fn check_country_code(code: &str) -> Result<(), ValueError> {
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(ValueError::InvalidCountryCode {
            value: code.to_owned(),
        })
    }
}
