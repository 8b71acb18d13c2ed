//! The documented rule sets of `Email`, `Domain`, `PhoneNumber` and country codes, case by
//! case: what each constructor accepts (and the normal form it keeps) and what it rejects.

use attio_core::value::{Domain, Email, Location, PhoneNumber};
use attio_core::{ToAttio, ValueError};

/// `(input, normal form)` pairs every `Domain` must accept.
const DOMAINS_ACCEPTED: &[(&str, &str)] = &[
    ("example.com", "example.com"),
    ("sub.example.co.uk", "sub.example.co.uk"),
    ("Events.Example.COM", "events.example.com"),
    ("a-b.example.io", "a-b.example.io"),
    ("123.example.com", "123.example.com"),
    ("münchen.de", "xn--mnchen-3ya.de"),
    ("MÜNCHEN.DE", "xn--mnchen-3ya.de"),
    ("xn--mnchen-3ya.de", "xn--mnchen-3ya.de"),
    ("пример.рф", "xn--e1afmkfd.xn--p1ai"),
];

/// Inputs every `Domain` must reject.
const DOMAINS_REJECTED: &[&str] = &[
    "",
    "localhost",
    "https://attio.com",
    "attio.com/path",
    "attio.com:443",
    "[::1]",
    "1.2.3.4",
    "example.c0m",
    "example.c",
    "ex_ample.com",
    "-bad.com",
    "bad-.com",
    "a..b.com",
    ".example.com",
    "example.com.",
    " example.com",
    "exa mple.com",
    "xn--zz.com",
];

#[test]
fn domains_follow_the_rules() {
    for (input, normal) in DOMAINS_ACCEPTED {
        let domain = Domain::new(*input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(domain.as_str(), *normal, "{input:?}");
        assert_eq!(domain.to_attio().unwrap(), *normal, "written normalised");
    }
    for input in DOMAINS_REJECTED {
        assert!(
            matches!(Domain::new(*input), Err(ValueError::InvalidDomain { .. })),
            "{input:?} should be rejected"
        );
    }
    let label = "a".repeat(63);
    assert!(
        Domain::new(format!("{label}.com")).is_ok(),
        "63-character label"
    );
    assert!(
        Domain::new(format!("a{label}.com")).is_err(),
        "64-character label"
    );
    let name = [label.as_str(); 4].join(".");
    assert_eq!(name.len(), 255);
    assert!(Domain::new(name).is_err(), "over 253 characters");
}

/// `(input, normal form)` pairs every `Email` must accept.
const EMAILS_ACCEPTED: &[(&str, &str)] = &[
    ("user+tag@example.com", "user+tag@example.com"),
    ("o'brien@example.com", "o'brien@example.com"),
    ("a.b@sub.example.co.uk", "a.b@sub.example.co.uk"),
    (
        "a!#$%&*/=?^`{|}~@example.com",
        "a!#$%&*/=?^`{|}~@example.com",
    ),
    ("Ada.Lovelace@Example.COM", "Ada.Lovelace@example.com"),
    ("a@münchen.de", "a@xn--mnchen-3ya.de"),
    ("a@xn--mnchen-3ya.de", "a@xn--mnchen-3ya.de"),
];

/// Inputs every `Email` must reject.
const EMAILS_REJECTED: &[&str] = &[
    "",
    "no-at-sign",
    "a@b",
    "a@",
    "@b.com",
    "a@b@c.com",
    "Name <a@b.com>",
    "a@[127.0.0.1]",
    "a@1.2.3.4",
    "a b@c.com",
    "üser@example.com",
    "\"quoted local\"@example.com",
    "a@ex_ample.com",
    "a..b@example.com",
    ".a@example.com",
    "a.@example.com",
    "a@-example.com",
    "a@example",
    " a@example.com",
    "a@example.com ",
    "a(comment)@example.com",
];

#[test]
fn emails_follow_the_rules() {
    for (input, normal) in EMAILS_ACCEPTED {
        let email = Email::new(*input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(email.as_str(), *normal, "{input:?}");
    }
    for input in EMAILS_REJECTED {
        assert!(
            matches!(Email::new(*input), Err(ValueError::InvalidEmail { .. })),
            "{input:?} should be rejected"
        );
    }
    let local = "a".repeat(64);
    assert!(Email::new(format!("{local}@example.com")).is_ok());
    assert!(Email::new(format!("a{local}@example.com")).is_err(), "65");
    let domain = format!("{}.com", vec!["b".repeat(63); 3].join("."));
    assert_eq!(format!("{local}@{domain}").len(), 64 + 1 + 195);
    assert!(
        Email::new(format!("{local}@{domain}")).is_err(),
        "over 254 characters"
    );
}

#[test]
fn international_phone_numbers_follow_the_rules() {
    for number in [
        "+44 20 7946 0958",
        "+1 (555) 010-9999",
        "+6834002",
        "+123456789012345",
        " +44 7777 777777 ",
        "+49.30.1234567",
    ] {
        let phone = PhoneNumber::new(number).unwrap_or_else(|e| panic!("{number:?}: {e}"));
        assert_eq!(phone.original(), number, "kept as written");
    }
    for number in [
        "+123",
        "+683400",
        "+1234567890123456",
        "+0441234567",
        "+44 call me",
        "++447777777777",
        "+44 7777 777777 ext 1",
        "447777777777",
    ] {
        assert!(
            matches!(
                PhoneNumber::new(number),
                Err(ValueError::InvalidPhoneNumber { .. })
            ),
            "{number:?} should be rejected"
        );
    }
}

#[test]
fn national_phone_numbers_follow_the_rules() {
    for (number, country) in [
        ("020 7946 0958", "GB"),
        ("(555) 867-5309", "US"),
        ("4002", "NU"),
        ("04002", "NU"),
        ("123456789012", "AT"),
        ("0123456789012", "AT"),
        ("+44 20 7946 0958", "GB"),
        ("044 123 45 67", "XK"),
    ] {
        let phone = PhoneNumber::with_country(number, country)
            .unwrap_or_else(|e| panic!("{number:?} {country}: {e}"));
        assert_eq!(phone.country_code(), Some(country));
    }
    for (number, country) in [
        ("123", "GB"),
        ("0123", "GB"),
        ("1234567890123", "AT"),
        ("+123", "GB"),
        ("1234567", "AQ"),
        ("1234567", "BV"),
        ("1234567", "UM"),
    ] {
        assert!(
            matches!(
                PhoneNumber::with_country(number, country),
                Err(ValueError::InvalidPhoneNumber { .. })
            ),
            "{number:?} {country} should be rejected"
        );
    }
}

#[test]
fn country_codes_are_assigned_iso_3166_alpha_2_codes() {
    for code in [
        "ZZ", "UK", "EU", "AA", "QM", "XA", "gb", "Gb", "GBR", "G", "",
    ] {
        assert_eq!(
            PhoneNumber::with_country("020 7946 0958", code),
            Err(ValueError::InvalidCountryCode { value: code.into() }),
            "{code:?}"
        );
        let location = Location {
            country_code: Some(code.into()),
            ..Location::default()
        };
        assert_eq!(
            location.to_attio(),
            Err(ValueError::InvalidCountryCode { value: code.into() }),
            "{code:?}"
        );
    }
    for code in ["GB", "US", "DE", "SS", "XK", "AQ", "BV"] {
        let location = Location {
            country_code: Some(code.into()),
            ..Location::default()
        };
        assert!(location.to_attio().is_ok(), "{code}");
    }
}

#[test]
fn a_rejected_value_says_what_is_expected_once() {
    let errors = [
        Email::new("ada.acme.io").unwrap_err(),
        Email::new("ada@").unwrap_err(),
        "4,99".parse::<attio_core::Currency>().unwrap_err(),
        "abc".parse::<attio_core::Currency>().unwrap_err(),
        Domain::new("localhost").unwrap_err(),
    ];
    for error in errors {
        let text = error.to_string();
        assert!(
            text.matches("expected").count() <= 1,
            "the reason repeats the expectation: {text}"
        );
    }
    assert_eq!(
        Email::new("ada.acme.io").unwrap_err().to_string(),
        "`ada.acme.io` is not a valid email address (no `@`): expected `local@domain.tld`"
    );
}
