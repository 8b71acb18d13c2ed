//! Country codes and telephone calling codes: which ISO 3166-1 alpha-2 codes are assigned
//! (the `country_code` of a location and of a phone number), and the ITU-T E.164 calling
//! code of each that has a numbering plan.
//!
//! The set is the 249 officially assigned codes plus the user-assigned `XK` (Kosovo, used
//! by the European Commission, CLDR and libphonenumber), which real data carries, all in
//! upper case. Hand-written instead of a country or `phonenumber` crate (which carries
//! libphonenumber's per-country number metadata): the rules need the set of codes and one
//! calling code per country, which change a few times a decade.

/// Assigned codes without a telephone numbering plan of their own (uninhabited, or served
/// by another country's plan): libphonenumber, which E.164 validation commonly rests on,
/// has no region for them, so phone numbers cannot be given in their national form.
const WITHOUT_NUMBERING_PLAN: [&str; 7] = ["AQ", "BV", "GS", "HM", "PN", "TF", "UM"];

/// `(ISO 3166-1 alpha-2, ITU-T E.164 country calling code)` for every other assigned code,
/// sorted by the ISO code. Several countries share a code (`1` for the North American
/// Numbering Plan, `7`, `44`, `61`, …).
const CALLING_CODES: [(&str, &str); 243] = [
    ("AD", "376"),
    ("AE", "971"),
    ("AF", "93"),
    ("AG", "1"),
    ("AI", "1"),
    ("AL", "355"),
    ("AM", "374"),
    ("AO", "244"),
    ("AR", "54"),
    ("AS", "1"),
    ("AT", "43"),
    ("AU", "61"),
    ("AW", "297"),
    ("AX", "358"),
    ("AZ", "994"),
    ("BA", "387"),
    ("BB", "1"),
    ("BD", "880"),
    ("BE", "32"),
    ("BF", "226"),
    ("BG", "359"),
    ("BH", "973"),
    ("BI", "257"),
    ("BJ", "229"),
    ("BL", "590"),
    ("BM", "1"),
    ("BN", "673"),
    ("BO", "591"),
    ("BQ", "599"),
    ("BR", "55"),
    ("BS", "1"),
    ("BT", "975"),
    ("BW", "267"),
    ("BY", "375"),
    ("BZ", "501"),
    ("CA", "1"),
    ("CC", "61"),
    ("CD", "243"),
    ("CF", "236"),
    ("CG", "242"),
    ("CH", "41"),
    ("CI", "225"),
    ("CK", "682"),
    ("CL", "56"),
    ("CM", "237"),
    ("CN", "86"),
    ("CO", "57"),
    ("CR", "506"),
    ("CU", "53"),
    ("CV", "238"),
    ("CW", "599"),
    ("CX", "61"),
    ("CY", "357"),
    ("CZ", "420"),
    ("DE", "49"),
    ("DJ", "253"),
    ("DK", "45"),
    ("DM", "1"),
    ("DO", "1"),
    ("DZ", "213"),
    ("EC", "593"),
    ("EE", "372"),
    ("EG", "20"),
    ("EH", "212"),
    ("ER", "291"),
    ("ES", "34"),
    ("ET", "251"),
    ("FI", "358"),
    ("FJ", "679"),
    ("FK", "500"),
    ("FM", "691"),
    ("FO", "298"),
    ("FR", "33"),
    ("GA", "241"),
    ("GB", "44"),
    ("GD", "1"),
    ("GE", "995"),
    ("GF", "594"),
    ("GG", "44"),
    ("GH", "233"),
    ("GI", "350"),
    ("GL", "299"),
    ("GM", "220"),
    ("GN", "224"),
    ("GP", "590"),
    ("GQ", "240"),
    ("GR", "30"),
    ("GT", "502"),
    ("GU", "1"),
    ("GW", "245"),
    ("GY", "592"),
    ("HK", "852"),
    ("HN", "504"),
    ("HR", "385"),
    ("HT", "509"),
    ("HU", "36"),
    ("ID", "62"),
    ("IE", "353"),
    ("IL", "972"),
    ("IM", "44"),
    ("IN", "91"),
    ("IO", "246"),
    ("IQ", "964"),
    ("IR", "98"),
    ("IS", "354"),
    ("IT", "39"),
    ("JE", "44"),
    ("JM", "1"),
    ("JO", "962"),
    ("JP", "81"),
    ("KE", "254"),
    ("KG", "996"),
    ("KH", "855"),
    ("KI", "686"),
    ("KM", "269"),
    ("KN", "1"),
    ("KP", "850"),
    ("KR", "82"),
    ("KW", "965"),
    ("KY", "1"),
    ("KZ", "7"),
    ("LA", "856"),
    ("LB", "961"),
    ("LC", "1"),
    ("LI", "423"),
    ("LK", "94"),
    ("LR", "231"),
    ("LS", "266"),
    ("LT", "370"),
    ("LU", "352"),
    ("LV", "371"),
    ("LY", "218"),
    ("MA", "212"),
    ("MC", "377"),
    ("MD", "373"),
    ("ME", "382"),
    ("MF", "590"),
    ("MG", "261"),
    ("MH", "692"),
    ("MK", "389"),
    ("ML", "223"),
    ("MM", "95"),
    ("MN", "976"),
    ("MO", "853"),
    ("MP", "1"),
    ("MQ", "596"),
    ("MR", "222"),
    ("MS", "1"),
    ("MT", "356"),
    ("MU", "230"),
    ("MV", "960"),
    ("MW", "265"),
    ("MX", "52"),
    ("MY", "60"),
    ("MZ", "258"),
    ("NA", "264"),
    ("NC", "687"),
    ("NE", "227"),
    ("NF", "672"),
    ("NG", "234"),
    ("NI", "505"),
    ("NL", "31"),
    ("NO", "47"),
    ("NP", "977"),
    ("NR", "674"),
    ("NU", "683"),
    ("NZ", "64"),
    ("OM", "968"),
    ("PA", "507"),
    ("PE", "51"),
    ("PF", "689"),
    ("PG", "675"),
    ("PH", "63"),
    ("PK", "92"),
    ("PL", "48"),
    ("PM", "508"),
    ("PR", "1"),
    ("PS", "970"),
    ("PT", "351"),
    ("PW", "680"),
    ("PY", "595"),
    ("QA", "974"),
    ("RE", "262"),
    ("RO", "40"),
    ("RS", "381"),
    ("RU", "7"),
    ("RW", "250"),
    ("SA", "966"),
    ("SB", "677"),
    ("SC", "248"),
    ("SD", "249"),
    ("SE", "46"),
    ("SG", "65"),
    ("SH", "290"),
    ("SI", "386"),
    ("SJ", "47"),
    ("SK", "421"),
    ("SL", "232"),
    ("SM", "378"),
    ("SN", "221"),
    ("SO", "252"),
    ("SR", "597"),
    ("SS", "211"),
    ("ST", "239"),
    ("SV", "503"),
    ("SX", "1"),
    ("SY", "963"),
    ("SZ", "268"),
    ("TC", "1"),
    ("TD", "235"),
    ("TG", "228"),
    ("TH", "66"),
    ("TJ", "992"),
    ("TK", "690"),
    ("TL", "670"),
    ("TM", "993"),
    ("TN", "216"),
    ("TO", "676"),
    ("TR", "90"),
    ("TT", "1"),
    ("TV", "688"),
    ("TW", "886"),
    ("TZ", "255"),
    ("UA", "380"),
    ("UG", "256"),
    ("US", "1"),
    ("UY", "598"),
    ("UZ", "998"),
    ("VA", "39"),
    ("VC", "1"),
    ("VE", "58"),
    ("VG", "1"),
    ("VI", "1"),
    ("VN", "84"),
    ("VU", "678"),
    ("WF", "681"),
    ("WS", "685"),
    ("XK", "383"),
    ("YE", "967"),
    ("YT", "262"),
    ("ZA", "27"),
    ("ZM", "260"),
    ("ZW", "263"),
];

/// The country reported for a shared calling code when the number's country is not given
/// (telling NANP members apart needs area-code tables this crate does not carry).
const MAIN_COUNTRY: [(&str, &str); 11] = [
    ("1", "US"),
    ("7", "RU"),
    ("39", "IT"),
    ("44", "GB"),
    ("47", "NO"),
    ("61", "AU"),
    ("212", "MA"),
    ("262", "RE"),
    ("358", "FI"),
    ("590", "GP"),
    ("599", "CW"),
];

/// How many codes are assigned (the 249 of ISO 3166-1 and `XK`).
pub const ASSIGNED_COUNT: usize = CALLING_CODES.len() + WITHOUT_NUMBERING_PLAN.len();

/// Whether `code` is an assigned ISO 3166-1 alpha-2 code in upper case (or `XK`).
pub fn is_assigned(code: &str) -> bool {
    calling_code(code).is_some() || WITHOUT_NUMBERING_PLAN.contains(&code)
}

/// Whether phone numbers can be given in the national form of the assigned code `code`
/// (`false` for `AQ`, `BV`, `GS`, `HM`, `PN`, `TF` and `UM`).
pub fn has_numbering_plan(code: &str) -> bool {
    !WITHOUT_NUMBERING_PLAN.contains(&code)
}

/// The calling code of the assigned, upper-case `code`, when it has a numbering plan.
pub fn calling_code(code: &str) -> Option<&'static str> {
    CALLING_CODES
        .binary_search_by(|(iso, _)| (*iso).cmp(code))
        .ok()
        .map(|i| CALLING_CODES[i].1)
}

/// The country of an E.164 number (`digits` without the `+`): `preferred` when its calling
/// code starts the number, otherwise the country of the longest calling code that does
/// (the main one when several share it); `None` for numbers of no country (e.g. `+800`).
pub fn country_of(digits: &str, preferred: Option<&str>) -> Option<&'static str> {
    if let Some(code) = preferred
        && let Some(i) = CALLING_CODES.iter().position(|(iso, _)| *iso == code)
        && digits.starts_with(CALLING_CODES[i].1)
    {
        return Some(CALLING_CODES[i].0);
    }
    let calling = CALLING_CODES
        .iter()
        .map(|(_, calling)| *calling)
        .filter(|calling| digits.starts_with(calling))
        .max_by_key(|calling| calling.len())?;
    MAIN_COUNTRY
        .iter()
        .find(|(shared, _)| *shared == calling)
        .map(|(_, iso)| *iso)
        .or_else(|| {
            CALLING_CODES
                .iter()
                .find(|(_, c)| *c == calling)
                .map(|(iso, _)| *iso)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_consistent() {
        assert!(CALLING_CODES.windows(2).all(|w| w[0].0 < w[1].0));
        for (iso, calling) in CALLING_CODES {
            assert!(!WITHOUT_NUMBERING_PLAN.contains(&iso), "{iso}");
            assert!(calling.len() <= 3 && !calling.starts_with('0'), "{iso}");
        }
        for (calling, iso) in MAIN_COUNTRY {
            assert_eq!(calling_code(iso), Some(calling));
            let sharing = CALLING_CODES.iter().filter(|(_, c)| *c == calling).count();
            assert!(sharing > 1, "{calling} is not shared");
        }
    }

    #[test]
    fn codes_and_countries() {
        assert!(is_assigned("GB") && is_assigned("XK") && is_assigned("AQ"));
        for code in ["ZZ", "UK", "EU", "AA", "XX", "gb", "Gb", "GBR", "G", ""] {
            assert!(!is_assigned(code), "{code}");
        }
        for code in ["US", "SS", "ZW", "AD"] {
            assert!(is_assigned(code) && has_numbering_plan(code), "{code}");
        }
        assert_eq!(ASSIGNED_COUNT, 250);
        assert!(!has_numbering_plan("AQ"));
        assert_eq!(calling_code("NU"), Some("683"));
        assert_eq!(calling_code("AQ"), None);
        assert_eq!(country_of("447777777777", None), Some("GB"));
        assert_eq!(country_of("447777777777", Some("JE")), Some("JE"));
        assert_eq!(country_of("15550109999", None), Some("US"));
        assert_eq!(country_of("15550109999", Some("CA")), Some("CA"));
        assert_eq!(country_of("15550109999", Some("GB")), Some("US"));
        assert_eq!(country_of("3531234567", None), Some("IE"));
        assert_eq!(country_of("6834002", None), Some("NU"));
        assert_eq!(country_of("80012345678", None), None);
    }
}
