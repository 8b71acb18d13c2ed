//! Pure parsing of the contact-like value types: domains, email addresses, phone numbers,
//! personal names and postal locations. Each returns the read fields or a reason.

use serde_json::{Map, Value, json};

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

fn valid_host(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_alphabetic()))
}

/// Normalises a domain write value (scheme, port, path, query and fragment are stripped).
pub(crate) fn domain(input: &str) -> Result<Map<String, Value>, String> {
    let trimmed = input.trim();
    let without_scheme = trimmed.split_once("://").map_or(trimmed, |(_, rest)| rest);
    let host_port = without_scheme
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    let host = host_port
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !valid_host(&host) {
        return Err(format!("\"{input}\" is not a valid domain"));
    }
    Ok(fields(
        json!({"domain": host, "root_domain": root_domain(&host)}),
    ))
}

/// Normalises an email address write value.
pub(crate) fn email(input: &str) -> Result<Map<String, Value>, String> {
    let original = input.trim();
    let invalid = || format!("\"{input}\" is not a valid email address");
    let (local, host) = original.split_once('@').ok_or_else(invalid)?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let host = host.to_ascii_lowercase();
    if !local_ok || !valid_host(&host) {
        return Err(invalid());
    }
    let local = local.to_ascii_lowercase();
    Ok(fields(json!({
        "original_email_address": original,
        "email_address": format!("{local}@{host}"),
        "email_domain": host,
        "email_root_domain": root_domain(&host),
        "email_local_specifier": local,
    })))
}

/// Country calling codes the emulator knows, `(ISO-3166 alpha-2, calling code)`. Hand-written
/// instead of the `phonenumber` crate (which carries libphonenumber's whole metadata set): the
/// emulator only needs E.164 shaping and the country of a number, not per-country validation.
const CALLING_CODES: &[(&str, &str)] = &[
    ("US", "1"),
    ("GB", "44"),
    ("FR", "33"),
    ("DE", "49"),
    ("ES", "34"),
    ("IT", "39"),
    ("NL", "31"),
    ("BE", "32"),
    ("CH", "41"),
    ("AT", "43"),
    ("SE", "46"),
    ("NO", "47"),
    ("DK", "45"),
    ("FI", "358"),
    ("IE", "353"),
    ("PT", "351"),
    ("PL", "48"),
    ("AU", "61"),
    ("NZ", "64"),
    ("JP", "81"),
    ("CN", "86"),
    ("IN", "91"),
    ("BR", "55"),
    ("MX", "52"),
    ("SG", "65"),
    ("HK", "852"),
    ("ZA", "27"),
    ("IL", "972"),
    ("AE", "971"),
    ("CA", "1"),
];

/// Normalises a phone number; `country` is the ISO code for numbers without a `+` prefix.
pub(crate) fn phone(input: &str, country: Option<&str>) -> Result<Map<String, Value>, String> {
    let invalid = || format!("\"{input}\" is not a valid phone number");
    let trimmed = input.trim();
    if !trimmed
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c))
    {
        return Err(invalid());
    }
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let (e164_digits, country_code) = if trimmed.starts_with('+') {
        let found = match country {
            Some(code) => CALLING_CODES
                .iter()
                .find(|(c, calling)| c.eq_ignore_ascii_case(code) && digits.starts_with(calling))
                .map(|(c, _)| *c),
            None => None,
        }
        .or_else(|| {
            CALLING_CODES
                .iter()
                .find(|(_, calling)| digits.starts_with(calling))
                .map(|(c, _)| *c)
        });
        (digits.clone(), found.map(str::to_owned))
    } else {
        let code = country
            .ok_or_else(|| format!("\"{input}\" has no + prefix, so a country_code is required"))?;
        let (iso, calling) = CALLING_CODES
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(code))
            .ok_or_else(|| format!("unknown country_code \"{code}\""))?;
        let national = digits.strip_prefix('0').unwrap_or(&digits);
        (format!("{calling}{national}"), Some((*iso).to_owned()))
    };
    if !(7..=15).contains(&e164_digits.len()) {
        return Err(invalid());
    }
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
/// a two-letter country code, a postcode (has a digit), a region and a locality; the rest are
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
        &|p: &str| p.len() == 2 && p.chars().all(|c| c.is_ascii_uppercase()),
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
