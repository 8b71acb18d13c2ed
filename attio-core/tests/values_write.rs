//! Every value type's write form (exact JSON) and the errors for values Attio would reject.

use std::borrow::Cow;

use attio_core::value::{
    Currency, Date, Domain, Email, Location, MAX_TEXT_BYTES, MatchValue, PersonalName, PhoneNumber,
    Rating, RecordRef, Select, Status, Timestamp,
};
use attio_core::{ToAttio, ValueError};
use serde_json::json;

fn write(value: impl ToAttio) -> serde_json::Value {
    value.to_attio().expect("valid value")
}

fn reject(value: impl ToAttio) -> ValueError {
    value.to_attio().expect_err("value must be rejected")
}

#[test]
fn text() {
    assert_eq!(write("hello"), json!("hello"));
    assert_eq!(write(String::from("hello")), json!("hello"));
    assert_eq!(write(Cow::Borrowed("hello")), json!("hello"));
    // The blanket `impl ToAttio for &T` is what is under test here.
    #[allow(clippy::needless_borrows_for_generic_args)]
    let nested = write(&&"nested refs");
    assert_eq!(nested, json!("nested refs"));
    let long = "x".repeat(MAX_TEXT_BYTES + 1);
    assert_eq!(
        reject(long.as_str()),
        ValueError::TextTooLong {
            len: MAX_TEXT_BYTES + 1
        }
    );
    assert!(write("x".repeat(MAX_TEXT_BYTES)).is_string());
}

#[test]
fn integers() {
    assert_eq!(write(42_i8), json!(42));
    assert_eq!(write(-7_i64), json!(-7));
    assert_eq!(write(u32::MAX), json!(4_294_967_295_u32));
    assert_eq!(
        write(9_007_199_254_740_992_u64),
        json!(9_007_199_254_740_992_u64)
    );
    assert_eq!(
        write(-9_007_199_254_740_992_i64),
        json!(-9_007_199_254_740_992_i64)
    );
    assert_eq!(
        reject(9_007_199_254_740_993_u64),
        ValueError::IntegerNotExact {
            value: "9007199254740993".into()
        }
    );
    assert!(matches!(
        reject(i64::MIN),
        ValueError::IntegerNotExact { .. }
    ));
    assert!(matches!(
        reject(usize::MAX),
        ValueError::IntegerNotExact { .. }
    ));
}

#[test]
fn floats() {
    assert_eq!(write(12.5_f64), json!(12.5));
    assert_eq!(write(0.1_f32), json!(0.1));
    assert!(matches!(reject(f64::NAN), ValueError::NotFinite { .. }));
    assert_eq!(
        reject(f64::INFINITY),
        ValueError::NotFinite {
            value: f64::INFINITY
        }
    );
    assert!(matches!(
        reject(f32::NEG_INFINITY),
        ValueError::NotFinite { .. }
    ));
    let message = reject(f64::NAN).to_string();
    assert!(message.contains("finite"), "{message}");
}

#[test]
fn checkbox() {
    assert_eq!(write(true), json!(true));
    assert_eq!(write(false), json!(false));
}

#[test]
fn email() {
    assert_eq!(
        write(Email::new("person@company.com").unwrap()),
        json!("person@company.com")
    );
    for bad in [
        "",
        "no-at-sign",
        "a@b",
        "a@",
        "@b.com",
        "Name <a@b.com>",
        "a@[127.0.0.1]",
        "a b@c.com",
    ] {
        assert!(
            matches!(Email::new(bad), Err(ValueError::InvalidEmail { .. })),
            "{bad:?} should be rejected"
        );
    }
    let email: Email = "first.last+tag@mail.example.co.uk".parse().unwrap();
    assert_eq!(email.local_part(), "first.last+tag");
    assert_eq!(email.domain(), "mail.example.co.uk");
    let message = Email::new("nope").unwrap_err().to_string();
    assert!(
        message.contains("`nope`") && message.contains("local@domain.tld"),
        "{message}"
    );
}

#[test]
fn domain() {
    assert_eq!(
        write(Domain::new("app.attio.com").unwrap()),
        json!("app.attio.com")
    );
    for bad in [
        "",
        "localhost",
        "https://attio.com",
        "attio.com/path",
        "attio.com:443",
        "-bad-.com",
        "a..b.com",
    ] {
        assert!(
            matches!(Domain::new(bad), Err(ValueError::InvalidDomain { .. })),
            "{bad:?} should be rejected"
        );
    }
}

#[test]
fn record_reference_by_id() {
    // The documented non-UUID workspace id is written as given.
    let reference = RecordRef::new("workspaces", "72ef5feaf-4919-4208-b332-1339ab8ba040");
    assert_eq!(
        write(&reference),
        json!({"target_object": "workspaces", "target_record_id": "72ef5feaf-4919-4208-b332-1339ab8ba040"})
    );
    assert_eq!(
        reference.record_id(),
        Some("72ef5feaf-4919-4208-b332-1339ab8ba040")
    );
    assert!(matches!(
        reject(RecordRef::new("people", " ")),
        ValueError::Empty { .. }
    ));
    assert!(matches!(
        reject(RecordRef::new("", "id")),
        ValueError::Empty { .. }
    ));
}

#[test]
fn record_reference_by_matching_attribute() {
    assert_eq!(
        write(RecordRef::matching("people", "email_addresses", "a@b.com")),
        json!({"target_object": "people", "email_addresses": [{"email_address": "a@b.com"}]})
    );
    assert_eq!(
        write(RecordRef::matching(
            "companies",
            "domains",
            Domain::new("x.com").unwrap()
        )),
        json!({"target_object": "companies", "domains": [{"domain": "x.com"}]})
    );
    assert_eq!(
        write(RecordRef::matching("users", "user_id", "123")),
        json!({"target_object": "users", "user_id": [{"value": "123"}]})
    );
    assert_eq!(
        write(RecordRef::matching(
            "users",
            "user_id",
            MatchValue::text("a@b.com")
        )),
        json!({"target_object": "users", "user_id": [{"value": "a@b.com"}]})
    );
    assert_eq!(
        write(RecordRef::matching("deals", "deal_number", 17_i64)),
        json!({"target_object": "deals", "deal_number": [{"value": 17}]})
    );
    assert_eq!(
        write(RecordRef::matching(
            "people",
            "phone_numbers",
            PhoneNumber::new("+447777777777").unwrap()
        )),
        json!({"target_object": "people", "phone_numbers": [
            {"original_phone_number": "+447777777777", "country_code": null}
        ]})
    );
    let reference = RecordRef::matching("people", "email_addresses", "a@b.com");
    assert_eq!(reference.record_id(), None);
    assert_eq!(
        reference.matching_attribute().map(|(slug, _)| slug),
        Some("email_addresses")
    );
    assert!(matches!(
        reject(RecordRef::matching("people", "email_addresses", "")),
        ValueError::Empty { .. }
    ));
    assert!(matches!(
        reject(RecordRef::matching("deals", "amount", f64::NAN)),
        ValueError::NotFinite { .. }
    ));
}

#[test]
fn date() {
    assert_eq!(write(Date::new(2023, 1, 2).unwrap()), json!("2023-01-02"));
    assert_eq!(write(Date::new(1, 1, 1).unwrap()), json!("0001-01-01"));
    assert_eq!(write(jiff::civil::date(2024, 2, 29)), json!("2024-02-29"));
    assert!(matches!(
        Date::new(2023, 2, 29),
        Err(ValueError::InvalidDate { .. })
    ));
    assert!(matches!(
        Date::new(0, 1, 1),
        Err(ValueError::InvalidDate { .. })
    ));
    assert!(matches!(
        reject(jiff::civil::date(-5, 1, 1)),
        ValueError::InvalidDate { .. }
    ));
    for bad in [
        "2023-1-2",
        "2023-01-02T10:00",
        "20230102",
        "2023-13-01",
        "abcd-ef-gh",
        "2023-01-0x",
    ] {
        assert!(
            matches!(bad.parse::<Date>(), Err(ValueError::InvalidDate { .. })),
            "{bad:?}"
        );
    }
    assert_eq!(
        "2023-12-31".parse::<Date>().unwrap().to_string(),
        "2023-12-31"
    );
}

#[test]
fn timestamp_has_nine_fractional_digits() {
    let t: Timestamp = "2022-11-21T13:22:49.061281Z".parse().unwrap();
    assert_eq!(write(t), json!("2022-11-21T13:22:49.061281000Z"));
    let t: Timestamp = "2023-01-02T15:00:00+02:00".parse().unwrap();
    assert_eq!(write(t), json!("2023-01-02T13:00:00.000000000Z"));
    assert_eq!(write(t.as_jiff()), json!("2023-01-02T13:00:00.000000000Z"));
    assert!(matches!(
        "2023-01-02".parse::<Timestamp>(),
        Err(ValueError::InvalidTimestamp { .. })
    ));
}

#[test]
fn rating() {
    assert_eq!(write(Rating::new(0).unwrap()), json!(0));
    assert_eq!(write(Rating::new(5).unwrap()), json!(5));
    assert_eq!(
        Rating::new(6),
        Err(ValueError::RatingOutOfRange { value: 6 })
    );
    assert_eq!(
        Rating::try_from(-1),
        Err(ValueError::RatingOutOfRange { value: -1 })
    );
}

#[test]
fn currency_is_exact_with_at_most_four_decimals() {
    assert_eq!(write("4.99".parse::<Currency>().unwrap()), json!(4.99));
    assert_eq!(write(Currency::from(12)), json!(12.0));
    assert_eq!(Currency::from_units(-3).unwrap().to_string(), "-3");
    assert!(matches!(
        Currency::from_units(i64::MAX),
        Err(ValueError::InvalidDecimal { .. })
    ));
    assert_eq!(write(Currency::from_ten_thousandths(1)), json!(0.0001));
    assert_eq!(write("-0.5".parse::<Currency>().unwrap()), json!(-0.5));
    // 0.1 + 0.2 as f64 is 0.30000000000000004: more than four decimals.
    assert!(matches!(
        Currency::try_from(0.1 + 0.2),
        Err(ValueError::TooManyDecimals { .. })
    ));
    assert_eq!(Currency::try_from(0.3).unwrap().ten_thousandths(), 3_000);
    // Beyond what a float carries exactly: written as a decimal string (Attio accepts it).
    let big = Currency::from_ten_thousandths(i64::MAX);
    assert_eq!(write(big), json!("922337203685477.5807"));
    assert_eq!(big.to_string().parse::<Currency>().unwrap(), big);
    for (text, ten_thousandths) in [
        ("0", 0),
        ("+1", 10_000),
        ("1.", 10_000),
        (".5", 5_000),
        ("1.50000", 15_000),
        ("1.5e3", 15_000_000),
        ("1e-4", 1),
        ("-12.3456", -123_456),
        ("0e999999", 0),
    ] {
        assert_eq!(
            text.parse::<Currency>().unwrap().ten_thousandths(),
            ten_thousandths,
            "{text}"
        );
    }
    assert_eq!(
        "4.99999".parse::<Currency>(),
        Err(ValueError::TooManyDecimals {
            value: "4.99999".into(),
            max: 4
        })
    );
    for bad in [
        "",
        ".",
        "-",
        "1.2.3",
        "abc",
        "1e",
        "1e99",
        "99999999999999999999",
    ] {
        assert!(
            matches!(
                bad.parse::<Currency>(),
                Err(ValueError::InvalidDecimal { .. })
            ),
            "{bad:?}"
        );
    }
    assert!(matches!(
        Currency::try_from(f64::NAN),
        Err(ValueError::NotFinite { .. })
    ));
}

#[test]
fn select_and_status_by_title_or_id() {
    assert_eq!(
        write(Select::by_title("Enterprise")),
        json!({"option": "Enterprise"})
    );
    assert_eq!(
        write(Select::by_id("08c2c59a-c18e-40c6-8dc4-95415313b2ea")),
        json!({"option": "08c2c59a-c18e-40c6-8dc4-95415313b2ea"})
    );
    assert_eq!(
        write(Status::by_title("In Progress")),
        json!({"status": "In Progress"})
    );
    assert_eq!(
        write(Status::by_id("11f07f01")),
        json!({"status": "11f07f01"})
    );
    assert!(matches!(
        reject(Select::by_title("  ")),
        ValueError::Empty { .. }
    ));
    assert!(matches!(
        reject(Status::by_id("")),
        ValueError::Empty { .. }
    ));
}

#[test]
fn phone_number() {
    assert_eq!(
        write(PhoneNumber::new("+44 7777 777777").unwrap()),
        json!({"original_phone_number": "+44 7777 777777", "country_code": null})
    );
    assert_eq!(
        write(PhoneNumber::with_country("(555) 867-5309", "US").unwrap()),
        json!({"original_phone_number": "(555) 867-5309", "country_code": "US"})
    );
    assert!(matches!(
        PhoneNumber::new("07777 777777"),
        Err(ValueError::InvalidPhoneNumber { .. })
    ));
    assert!(matches!(
        PhoneNumber::new("+44 call me"),
        Err(ValueError::InvalidPhoneNumber { .. })
    ));
    assert!(matches!(
        PhoneNumber::new("+1234567890123456"),
        Err(ValueError::InvalidPhoneNumber { .. })
    ));
    assert!(matches!(
        PhoneNumber::with_country("07777 777777", "gb"),
        Err(ValueError::InvalidCountryCode { .. })
    ));
}

#[test]
fn personal_name() {
    assert_eq!(
        write(PersonalName::new("Ada", "Lovelace")),
        json!({"first_name": "Ada", "last_name": "Lovelace", "full_name": "Ada Lovelace"})
    );
    assert_eq!(PersonalName::new("Cher", "").full_name, "Cher");
    assert!(matches!(
        reject(PersonalName::default()),
        ValueError::Empty { .. }
    ));
}

#[test]
fn location_sends_all_ten_keys() {
    let location = Location {
        line_1: Some("1 Infinite Loop".into()),
        locality: Some("Cupertino".into()),
        region: Some("CA".into()),
        postcode: Some("95014".into()),
        country_code: Some("US".into()),
        latitude: Some("37.331741".into()),
        longitude: Some("-122.030333".into()),
        ..Location::default()
    };
    assert_eq!(
        write(&location),
        json!({
            "line_1": "1 Infinite Loop", "line_2": null, "line_3": null, "line_4": null,
            "locality": "Cupertino", "region": "CA", "postcode": "95014", "country_code": "US",
            "latitude": "37.331741", "longitude": "-122.030333",
        })
    );
    assert_eq!(
        write(Location::default()).as_object().map(|o| o.len()),
        Some(10)
    );
    for (latitude, ok) in [
        ("90", true),
        ("-90.000", true),
        ("90.1", false),
        ("0", true),
        ("05", false),
        ("89.5", true),
        ("1.", false),
        ("abc", false),
    ] {
        let location = Location {
            latitude: Some(latitude.into()),
            ..Location::default()
        };
        assert_eq!(location.to_attio().is_ok(), ok, "latitude {latitude}");
    }
    for (longitude, ok) in [
        ("180", true),
        ("+179.999999", true),
        ("180.5", false),
        ("181", false),
        ("-0.1", true),
    ] {
        let location = Location {
            longitude: Some(longitude.into()),
            ..Location::default()
        };
        assert_eq!(location.to_attio().is_ok(), ok, "longitude {longitude}");
    }
    let bad_country = Location {
        country_code: Some("USA".into()),
        ..Location::default()
    };
    assert!(matches!(
        reject(bad_country),
        ValueError::InvalidCountryCode { .. }
    ));
}
