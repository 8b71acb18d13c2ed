//! Pure parsing of the contact-like value types: domains, email addresses, phone numbers,
//! personal names and postal locations. Each returns the read fields or a reason.

use serde_json::{Map, Value, json};

use attio_model::{country, email as email_rule, host, phone as phone_rule};

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

/// Normalises a domain write value: scheme, port, path, query and fragment are stripped
/// (Attio stores the host of a URL), then the host must pass the shared host-name rule
/// (`attio_model::host`, attio-core's `Domain` rule).
pub(crate) fn domain(input: &str) -> Result<Map<String, Value>, String> {
    let trimmed = input.trim();
    let without_scheme = trimmed.split_once("://").map_or(trimmed, |(_, rest)| rest);
    let host_port = without_scheme
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    let host = host_port.split(':').next().unwrap_or_default();
    let host =
        host::normalize(host).map_err(|why| format!("\"{input}\" is not a valid domain: {why}"))?;
    Ok(fields(
        json!({"domain": host, "root_domain": root_domain(&host)}),
    ))
}

/// Normalises an email address write value: surrounding whitespace is trimmed, then the
/// address must pass the shared rule (`attio_model::email`, attio-core's `Email` rule).
/// Attio's `email_address` is the whole address in lower case.
pub(crate) fn email(input: &str) -> Result<Map<String, Value>, String> {
    let trimmed = input.trim();
    let normal = email_rule::normalize(trimmed)
        .map_err(|why| format!("\"{input}\" is not a valid email address: {why}"))?;
    let (local, host) = normal.rsplit_once('@').unwrap_or_default();
    let local = local.to_ascii_lowercase();
    Ok(fields(json!({
        "original_email_address": trimmed,
        "email_address": format!("{local}@{host}"),
        "email_domain": host,
        "email_root_domain": root_domain(host),
        "email_local_specifier": local,
    })))
}

/// Normalises a phone number; `country` is the ISO code for numbers without a `+` prefix.
/// The number must pass the shared rule (`attio_model::phone`, attio-core's `PhoneNumber`
/// rule); `country`, when given, is an assigned upper-case ISO 3166-1 code with a numbering
/// plan of its own (`attio_model::country`). Then:
/// - a number with `+` is kept as E.164. Its `country_code` is `country` when that
///   country's calling code starts it, else the one the calling-code table finds (`null`
///   for numbers of no country, such as `+800`);
/// - a number without `+` needs `country`, and becomes `+<calling code><national number>`.
pub(crate) fn phone(input: &str, country: Option<&str>) -> Result<Map<String, Value>, String> {
    let digits = phone_rule::digits(input)
        .map_err(|why| format!("\"{input}\" is not a valid phone number: {why}"))?;
    let calling = match country {
        Some(code) => Some(country::calling_code(code).ok_or_else(|| {
            format!("unknown country_code \"{code}\" (or one without a numbering plan)")
        })?),
        None => None,
    };
    let (e164_digits, country_code) = match digits {
        phone_rule::Digits::International(digits) => {
            let found = country::country_of(&digits, country).map(str::to_owned);
            (digits, found)
        }
        phone_rule::Digits::National(national) => {
            let (Some(code), Some(calling)) = (country, calling) else {
                return Err(format!(
                    "\"{input}\" has no + prefix, so a country_code is required"
                ));
            };
            (format!("{calling}{national}"), Some(code.to_owned()))
        }
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
        &|p: &str| country::is_assigned(p),
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
        // The rule's own cases are attio-model's (`email::tests`); this is the wrapper.
        assert!(email(" üser@example.com").is_err());
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
