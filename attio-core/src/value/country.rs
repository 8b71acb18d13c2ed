//! ISO 3166-1 alpha-2 country codes, shared by phone numbers and locations.

use crate::error::ValueError;

/// The 249 officially assigned ISO 3166-1 alpha-2 codes, sorted, plus the user-assigned
/// `XK` (Kosovo, used by the European Commission, CLDR and libphonenumber), which real
/// data carries. Hand-written rather than a country crate: a sorted list of two-letter
/// codes is all that is needed, and the change rate of ISO 3166-1 is a few codes a decade.
const ASSIGNED: [&str; 250] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW",
];

/// Checks that `code` is an assigned ISO 3166-1 alpha-2 code in upper case (or `XK`).
///
/// # Errors
/// [`ValueError::InvalidCountryCode`] for anything else (`ZZ`, `gb`, `GBR`).
pub(crate) fn check_country_code(code: &str) -> Result<(), ValueError> {
    if ASSIGNED.binary_search(&code).is_ok() {
        Ok(())
    } else {
        Err(ValueError::InvalidCountryCode {
            value: code.to_owned(),
        })
    }
}

/// Assigned codes without a telephone numbering plan of their own (uninhabited, or served
/// by another country's plan): libphonenumber, which E.164 validation commonly rests on,
/// has no region for them.
const WITHOUT_NUMBERING_PLAN: [&str; 7] = ["AQ", "BV", "GS", "HM", "PN", "TF", "UM"];

/// Whether phone numbers can be given in the national form of the assigned code `code`.
pub(crate) fn has_numbering_plan(code: &str) -> bool {
    !WITHOUT_NUMBERING_PLAN.contains(&code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_complete() {
        assert!(
            ASSIGNED.windows(2).all(|w| w[0] < w[1]),
            "sorted, no repeats"
        );
        assert!(
            ASSIGNED
                .iter()
                .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
        );
        for code in ["GB", "US", "AQ", "SS", "XK", "ZW", "AD"] {
            assert!(check_country_code(code).is_ok(), "{code}");
        }
        for code in ["ZZ", "UK", "EU", "AA", "XX", "gb", "Gb", "GBR", "G", ""] {
            assert!(check_country_code(code).is_err(), "{code}");
        }
    }
}
