//! Pure parsing of the contact-like value types: domains, email addresses, phone numbers,
//! personal names and postal locations. Each returns the read fields or a reason.

use serde_json::{Map, Value, json};

use super::countries;

/// Second-level labels under which registrations happen one level deeper (`example.co.uk`).
/// Hand-written instead of the public-suffix list (`psl`/`publicsuffix` crates): the emulator
/// only needs a plausible `root_domain`, and the full list costs compile time in every test build.
const SECOND_LEVEL: &[&str] = &["co", "com", "org", "net", "ac", "gov", "edu", "ltd", "plc"];

/// The registrable root of a lower-case host name: `app.attio.com` → `attio.com`,
/// `shop.example.co.uk` → `example.co.uk`.
pub(crate) fn root_domain(host: &str) -> String {
    let labels: Vec<&str> = host.split('.').collect();
    let keep = match labels.as_slice() {
        [.., second, tld] if tld.len() == 2 && SECOND_LEVEL.contains(second) => 3,
        _ => 2,
    };
    labels[labels.len().saturating_sub(keep)..].join(".")
}

/// The normal form of a host name (lower-case ASCII, A-labels), or `None` when it is not
/// one. The rules are attio-core's `Domain` rules, which rest on standards:
/// 1. UTS #46 `ToASCII` with STD3 rules, hyphen checks and DNS lengths (the `idna` crate):
///    lower case, internationalised labels become A-labels (`münchen` → `xn--mnchen-3ya`),
///    labels of 1–63 letters, digits or inner hyphens (RFC 1123 §2.1), at most 253
///    characters, no trailing dot;
/// 2. at least two labels;
/// 3. a top-level domain of two or more letters, or an A-label (RFC 3696 §2: never numeric).
fn normalize_host(host: &str) -> Option<String> {
    let ascii = idna::uts46::Uts46::new()
        .to_ascii(
            host.as_bytes(),
            idna::uts46::AsciiDenyList::STD3,
            idna::uts46::Hyphens::CheckFirstLast,
            idna::uts46::DnsLength::Verify,
        )
        .ok()?;
    let (_, tld) = ascii.rsplit_once('.')?;
    let letters = tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic());
    (letters || tld.starts_with("xn--")).then(|| ascii.into_owned())
}

/// Normalises a domain write value: scheme, port, path, query and fragment are stripped
/// (Attio stores the host of a URL), then the host must pass [`normalize_host`].
pub(crate) fn domain(input: &str) -> Result<Map<String, Value>, String> {
    let trimmed = input.trim();
    let without_scheme = trimmed.split_once("://").map_or(trimmed, |(_, rest)| rest);
    let host_port = without_scheme
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    let host = host_port.split(':').next().unwrap_or_default();
    let host = normalize_host(host).ok_or_else(|| format!("\"{input}\" is not a valid domain"))?;
    Ok(fields(
        json!({"domain": host, "root_domain": root_domain(&host)}),
    ))
}

/// The longest local part (RFC 5321 §4.5.3.1.1).
const MAX_LOCAL_LEN: usize = 64;
/// The longest address: a 256-octet path minus its angle brackets (RFC 5321 §4.5.3.1.3).
const MAX_ADDRESS_LEN: usize = 254;

/// Normalises an email address write value (surrounding whitespace is trimmed). The local
/// part must be an ASCII RFC 5322 `dot-atom` of 1–64 characters, the domain a host name
/// under [`normalize_host`] (no address literal), the normalised address at most 254
/// characters: attio-core's `Email` rules.
pub(crate) fn email(input: &str) -> Result<Map<String, Value>, String> {
    let trimmed = input.trim();
    let invalid = || format!("\"{input}\" is not a valid email address");
    let (local, host) = trimmed.split_once('@').ok_or_else(invalid)?;
    let local_ok = (1..=MAX_LOCAL_LEN).contains(&local.len())
        && local.split('.').all(|atom| !atom.is_empty())
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let host = normalize_host(host)
        .filter(|_| local_ok)
        .ok_or_else(invalid)?;
    if local.len() + 1 + host.len() > MAX_ADDRESS_LEN {
        return Err(invalid());
    }
    let local = local.to_ascii_lowercase();
    Ok(fields(json!({
        "original_email_address": trimmed,
        "email_address": format!("{local}@{host}"),
        "email_domain": host,
        "email_root_domain": root_domain(&host),
        "email_local_specifier": local,
    })))
}

/// E.164 numbers have at most 15 digits (ITU-T E.164 §6.1); none in use has fewer than 7.
const E164_DIGITS: std::ops::RangeInclusive<usize> = 7..=15;
/// National significant numbers (after one trunk-prefix `0`) that fit E.164 after any
/// calling code of 1–3 digits.
const NATIONAL_DIGITS: std::ops::RangeInclusive<usize> = 4..=12;

/// Normalises a phone number; `country` is the ISO code for numbers without a `+` prefix
/// (attio-core's `PhoneNumber` rules):
/// - only digits, spaces, `-`, `.`, `(` and `)` after an optional leading `+`;
/// - `country`, when given, is an assigned upper-case ISO 3166-1 code with a numbering plan
///   of its own ([`countries`](super::countries));
/// - a number with `+` is any E.164 number: 7–15 digits, not starting with `0`. Its
///   `country_code` is `country` when that country's calling code starts it, else the one
///   the calling-code table finds (`null` for numbers of no country, such as `+800`);
/// - a number without `+` needs `country`; it has 4–12 digits after one leading trunk `0`,
///   and becomes `+<calling code><national number>`.
pub(crate) fn phone(input: &str, country: Option<&str>) -> Result<Map<String, Value>, String> {
    let invalid = |why: &str| format!("\"{input}\" is not a valid phone number: {why}");
    let trimmed = input.trim();
    let (international, body) = match trimmed.strip_prefix('+') {
        Some(body) => (true, body),
        None => (false, trimmed),
    };
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || " -().".contains(c))
    {
        return Err(invalid(
            "only digits, a leading +, spaces, -, . and parentheses",
        ));
    }
    let calling = match country {
        Some(code) => Some(countries::calling_code(code).ok_or_else(|| {
            format!("unknown country_code \"{code}\" (or one without a numbering plan)")
        })?),
        None => None,
    };
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    let (e164_digits, country_code) = if international {
        if !E164_DIGITS.contains(&digits.len()) || digits.starts_with('0') {
            return Err(invalid(
                "E.164 has 7 to 15 digits and no calling code starts with 0",
            ));
        }
        let found = countries::country_of(&digits, country).map(str::to_owned);
        (digits, found)
    } else {
        let (Some(code), Some(calling)) = (country, calling) else {
            return Err(format!(
                "\"{input}\" has no + prefix, so a country_code is required"
            ));
        };
        let national = digits.strip_prefix('0').unwrap_or(&digits);
        if !NATIONAL_DIGITS.contains(&national.len()) {
            return Err(invalid(
                "a national number has 4 to 12 digits after a leading 0",
            ));
        }
        (format!("{calling}{national}"), Some(code.to_owned()))
    };
    Ok(fields(json!({
        "original_phone_number": input,
        "country_code": country_code,
        "phone_number": format!("+{e164_digits}"),
    })))
}

/// Builds a personal name read form from its parts, deriving `full_name` when absent.
pub(crate) fn personal_name(first: &str, last: &str, full: Option<&str>) -> Map<String, Value> {
    let derived = format!("{first} {last}").trim().to_owned();
    let full = full.map_or(derived, str::to_owned);
    fields(json!({"first_name": first, "last_name": last, "full_name": full}))
}

/// Parses the `"Last, First"` shorthand (no comma: all of it is the first name).
pub(crate) fn personal_name_from_text(text: &str) -> Map<String, Value> {
    match text.split_once(',') {
        Some((last, first)) => personal_name(first.trim(), last.trim(), None),
        None => personal_name(text.trim(), "", None),
    }
}

/// The ten keys of a location value.
pub(crate) const LOCATION_KEYS: [&str; 10] = [
    "line_1",
    "line_2",
    "line_3",
    "line_4",
    "locality",
    "region",
    "postcode",
    "country_code",
    "latitude",
    "longitude",
];

/// Parses the location shorthand `"1 Infinite Loop, Cupertino, CA, 95014, US"`: from the end,
/// an assigned ISO 3166-1 country code, a postcode (has a digit), a region and a locality; the rest are
/// address lines.
pub(crate) fn location_from_text(text: &str) -> Map<String, Value> {
    let mut parts: Vec<&str> = text
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut out = Map::new();
    for key in LOCATION_KEYS {
        out.insert(key.to_owned(), Value::Null);
    }
    let mut take = |key: &str, accept: &dyn Fn(&str) -> bool, parts: &mut Vec<&str>| {
        if parts.len() > 1 && parts.last().is_some_and(|p| accept(p)) {
            let value = parts.pop().unwrap_or_default();
            out.insert(key.to_owned(), Value::String(value.to_owned()));
        }
    };
    take(
        "country_code",
        &|p: &str| countries::is_assigned(p),
        &mut parts,
    );
    take(
        "postcode",
        &|p: &str| p.chars().any(|c| c.is_ascii_digit()),
        &mut parts,
    );
    take("region", &|_| true, &mut parts);
    take("locality", &|_| true, &mut parts);
    for (key, line) in ["line_1", "line_2", "line_3", "line_4"]
        .iter()
        .zip(parts.iter())
    {
        out.insert((*key).to_owned(), Value::String((*line).to_owned()));
    }
    out
}

/// Whether a latitude/longitude string is a decimal with at most nine fractional digits
/// within `limit` degrees.
pub(crate) fn valid_coordinate(text: &str, limit: f64) -> bool {
    let fraction_ok = text.split_once('.').is_none_or(|(_, f)| f.len() <= 9);
    fraction_ok
        && text
            .parse::<f64>()
            .is_ok_and(|v| v.is_finite() && v.abs() <= limit)
}

fn fields(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_stripped_and_rooted() {
        let d = domain("https://App.Attio.com:443/path?q=1").unwrap();
        assert_eq!(d["domain"], "app.attio.com");
        assert_eq!(d["root_domain"], "attio.com");
        assert_eq!(
            domain("shop.example.co.uk").unwrap()["root_domain"],
            "example.co.uk"
        );
        assert!(domain("not a domain").is_err());
        assert_eq!(domain("MÜNCHEN.de").unwrap()["domain"], "xn--mnchen-3ya.de");
        assert_eq!(
            domain("пример.рф").unwrap()["domain"],
            "xn--e1afmkfd.xn--p1ai"
        );
        assert!(
            domain("xn--e1afmkfd.xn--p1ai").is_ok(),
            "an A-label top-level domain"
        );
        for bad in [
            "example.c",
            "xn--zz.com",
            "1.2.3.4",
            "ex_ample.com",
            "localhost",
            "a..b.com",
        ] {
            assert!(domain(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails_split() {
        let e = email(" Person@Company.COM").unwrap();
        assert_eq!(e["original_email_address"], "Person@Company.COM");
        assert_eq!(e["email_address"], "person@company.com");
        assert_eq!(e["email_local_specifier"], "person");
        assert_eq!(e["email_root_domain"], "company.com");
        assert!(email("no-at-sign").is_err());
        assert!(email("a@b").is_err());
        let idn = email("Ada@münchen.de").unwrap();
        assert_eq!(idn["email_address"], "ada@xn--mnchen-3ya.de");
        assert_eq!(idn["original_email_address"], "Ada@münchen.de");
        let long = format!(
            "{}@{}.com",
            "a".repeat(64),
            vec!["b".repeat(63); 3].join(".")
        );
        for bad in [
            "a@example.c",
            "a@xn--zz.com",
            "üser@example.com",
            "a.@example.com",
            &long,
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phones_become_e164() {
        let p = phone("+44 7777 777777", None).unwrap();
        assert_eq!(p["phone_number"], "+447777777777");
        assert_eq!(p["country_code"], "GB");
        let p = phone("07777 777777", Some("GB")).unwrap();
        assert_eq!(p["phone_number"], "+447777777777");
        assert!(phone("07777 777777", None).is_err());
        assert!(phone("+44 call me", None).is_err());
        // Any E.164 number with `+`; the table names its country when it can.
        assert_eq!(phone("+683 4002", None).unwrap()["country_code"], "NU");
        assert_eq!(
            phone("+800 1234 5678", None).unwrap()["country_code"],
            Value::Null
        );
        let xk = phone("044 123 456", Some("XK")).unwrap();
        assert_eq!(xk["phone_number"], "+38344123456");
        assert_eq!(xk["country_code"], "XK");
        assert_eq!(
            phone("4002", Some("NU")).unwrap()["phone_number"],
            "+6834002"
        );
        for (bad, country) in [
            ("+123", None),
            ("+044 1234 5678", None),
            ("1+44 7777 777777", None),
            ("1234 5678 90123", Some("DE")),
            ("123", Some("GB")),
            ("020 7946 0958", Some("gb")),
            ("1234567", Some("ZZ")),
            ("1234567", Some("AQ")),
            ("+44 20 7946 0958", Some("ZZ")),
        ] {
            assert!(phone(bad, country).is_err(), "{bad} {country:?}");
        }
    }

    #[test]
    fn names_and_locations() {
        let n = personal_name_from_text("Doe, Jane");
        assert_eq!(n["full_name"], "Jane Doe");
        let l = location_from_text("1 Infinite Loop, Cupertino, CA, 95014, US");
        assert_eq!(l["line_1"], "1 Infinite Loop");
        assert_eq!(l["locality"], "Cupertino");
        assert_eq!(l["region"], "CA");
        assert_eq!(l["postcode"], "95014");
        assert_eq!(l["country_code"], "US");
        assert_eq!(l["latitude"], Value::Null);
        assert!(valid_coordinate("37.331741", 90.0));
        assert!(!valid_coordinate("97.1", 90.0));
    }
}
