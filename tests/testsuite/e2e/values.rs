//! Every writable Attio type through a derived struct, the client and the emulator: a
//! custom object holding one attribute per type is asserted, read back with `get`, and
//! each field compares equal to what was written (or, where Attio normalises, to the
//! documented normal form).

use attio_core::value::{Select, Status};
use attio_core::{
    AttioRecord, Currency, Date, Domain, Email, Location, PersonalName, PhoneNumber, Rating,
    Timestamp,
};
use attio_emulator::{AttributeSpec, AttributeType as T, Emulator, EmulatorConfig, ObjectSpec};
use attio_testkit::emulator::*;

fn events() -> ObjectSpec {
    ObjectSpec::new("events")
        .attribute(AttributeSpec::new("key", T::Text).unique().required())
        .attribute(AttributeSpec::new("title", T::Text))
        .attribute(AttributeSpec::new("attendees", T::Number))
        .attribute(AttributeSpec::new("score", T::Number))
        .attribute(AttributeSpec::new("public", T::Checkbox))
        .attribute(AttributeSpec::new("day", T::Date))
        .attribute(AttributeSpec::new("starts_at", T::Timestamp))
        .attribute(AttributeSpec::new("price", T::Currency).currency("EUR"))
        .attribute(AttributeSpec::new("stars", T::Rating))
        .attribute(AttributeSpec::new("site", T::Domain))
        .attribute(AttributeSpec::new("contact", T::EmailAddress))
        .attribute(AttributeSpec::new("phone", T::PhoneNumber))
        .attribute(AttributeSpec::new("host", T::PersonalName))
        .attribute(AttributeSpec::new("venue", T::Location))
        .attribute(
            AttributeSpec::new("tags", T::Select)
                .multiselect()
                .options(["music", "outdoor", "free"]),
        )
        .attribute(AttributeSpec::new("stage", T::Status).statuses(["Planned", "Done"]))
}

#[derive(Debug, Clone, PartialEq, AttioRecord)]
#[attio(object = "events")]
struct Event {
    #[attio(unique)]
    key: String,
    title: Option<String>,
    attendees: i64,
    score: f64,
    public: bool,
    day: Date,
    starts_at: Timestamp,
    price: Currency,
    stars: Rating,
    site: Domain,
    contact: Email,
    phone: PhoneNumber,
    host: PersonalName,
    venue: Location,
    tags: Vec<Select>,
    stage: Status,
}

fn event() -> Event {
    Event {
        key: "ev-1".into(),
        title: Some("Sommerfest — \"open air\" ☀".into()),
        attendees: 9_007_199_254_740_991,
        score: 0.1 + 0.2,
        public: true,
        day: Date::new(2024, 2, 29).expect("a leap day"),
        starts_at: "2024-02-29T18:30:00.123456789Z"
            .parse()
            .expect("a timestamp with nanoseconds"),
        price: "1234.5678".parse().expect("4 decimals"),
        stars: Rating::new(4).expect("4 stars"),
        site: Domain::new("events.example.co.uk").expect("a domain"),
        contact: email("hello@example.com"),
        phone: PhoneNumber::new("+44 20 7946 0958").expect("a phone number"),
        host: PersonalName::new("Ada", "Lovelace"),
        venue: Location {
            line_1: Some("1 Example Street".into()),
            locality: Some("London".into()),
            postcode: Some("N1 9GU".into()),
            country_code: Some("GB".into()),
            latitude: Some("51.5072".into()),
            longitude: Some("-0.1276".into()),
            ..Location::default()
        },
        tags: vec![Select::by_title("music"), Select::by_title("outdoor")],
        stage: Status::by_title("Planned"),
    }
}

async fn start() -> Emulator {
    Emulator::start(EmulatorConfig::for_tests().with_object(events()))
        .await
        .expect("the emulator starts")
}

#[tokio::test]
async fn every_type_reads_back_as_written() {
    let emu = start().await;
    let client = client(&emu);
    let written = event();
    let id = asserted_id(&client, &written).await;
    let back = Event::get(&client, &id).await.expect("get");

    assert_eq!(back.key, written.key);
    assert_eq!(back.title, written.title);
    assert_eq!(back.attendees, written.attendees, "an exact 53-bit integer");
    assert_eq!(
        back.score.to_bits(),
        written.score.to_bits(),
        "the same float"
    );
    assert_eq!(back.public, written.public);
    assert_eq!(back.day, written.day);
    assert_eq!(
        back.starts_at, written.starts_at,
        "nanosecond precision survives the round trip"
    );
    assert_eq!(back.price, written.price);
    assert_eq!(back.stars, written.stars);
    assert_eq!(back.site, written.site);
    assert_eq!(back.contact, written.contact);
    assert_eq!(back.phone.normalized(), Some("+442079460958"), "E.164");
    assert_eq!(back.host, written.host);
    assert_eq!(back.venue, written.venue);
    let titles: Vec<_> = back.tags.iter().map(|t| t.title()).collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles.contains(&Some("music")) && titles.contains(&Some("outdoor")));
    assert_eq!(back.stage.title(), Some("Planned"));

    // Asserting what was read back changes nothing.
    let before = stored(&emu, "events", &id);
    back.assert(&client).await.expect("assert what was read");
    let after = stored(&emu, "events", &id);
    for slug in [
        "title",
        "starts_at",
        "price",
        "phone",
        "venue",
        "tags",
        "stage",
    ] {
        assert_eq!(
            current(&after, slug),
            current(&before, slug),
            "re-asserting the read value kept `{slug}` as it was"
        );
    }
}

#[tokio::test]
async fn a_mixed_case_domain_reads_back_equal() {
    let emu = start().await;
    let client = client(&emu);
    let written = Event {
        site: Domain::new("Events.Example.COM").expect("a domain"),
        ..event()
    };
    let id = asserted_id(&client, &written).await;
    let back = Event::get(&client, &id).await.expect("get");
    assert_eq!(back.site, written.site);
}

/// A phone number under `PhoneNumber`'s rules: international, or national with a country.
fn phone(number: &str, country: Option<&str>) -> Option<PhoneNumber> {
    match country {
        Some(country) => PhoneNumber::with_country(number, country).ok(),
        None => PhoneNumber::new(number).ok(),
    }
}

/// Asserts `value` under `slug` through the emulator; `Some` holds the stored record.
async fn try_write(
    client: &attio_core::Client,
    i: usize,
    slug: &str,
    value: serde_json::Value,
) -> Option<attio_core::Record> {
    let raw = serde_json::json!({ "key": format!("k-{i}"), slug: value });
    client
        .assert_record("events", "key", values(raw))
        .await
        .ok()
}

#[tokio::test]
async fn every_domain_and_phone_the_library_accepts_the_emulator_accepts() {
    use attio_core::ToAttio;
    let emu = start().await;
    let client = client(&emu);
    // Each input with its verdict under `Domain`'s rules: the normal form, or rejected.
    let domains = [
        ("example.com", Some("example.com")),
        ("sub.example.co.uk", Some("sub.example.co.uk")),
        ("Events.Example.COM", Some("events.example.com")),
        ("münchen.de", Some("xn--mnchen-3ya.de")),
        ("ex_ample.com", None),
        ("1.2.3.4", None),
    ];
    let mut i = 0;
    for (input, verdict) in domains {
        let library = Domain::new(input).ok();
        assert_eq!(library.as_ref().map(Domain::as_str), verdict, "{input:?}");
        let Some(library) = library else { continue };
        i += 1;
        let record = try_write(&client, i, "site", library.to_attio().unwrap())
            .await
            .unwrap_or_else(|| panic!("the emulator rejects the domain {input:?}"));
        assert_eq!(
            record.field::<Domain>("site").unwrap(),
            library,
            "{input:?}"
        );
    }
    // Each number with its verdict under `PhoneNumber`'s rules.
    let phones = [
        ("+44 20 7946 0958", None, true),
        ("+1 (555) 010-9999", None, true),
        ("+123", None, false),
        ("020 7946 0958", Some("GB"), true),
        ("1234567", Some("ZZ"), false),
    ];
    for (number, country, verdict) in phones {
        let library = phone(number, country);
        assert_eq!(library.is_some(), verdict, "{number:?} {country:?}");
        let Some(library) = library else { continue };
        i += 1;
        let record = try_write(&client, i, "phone", library.to_attio().unwrap())
            .await
            .unwrap_or_else(|| panic!("the emulator rejects {number:?} {country:?}"));
        let back = record.field::<PhoneNumber>("phone").unwrap();
        assert_eq!(back.original(), number, "the number as written reads back");
        assert!(back.normalized().is_some_and(|n| n.starts_with('+')));
    }
}

#[tokio::test]
async fn every_domain_and_phone_the_library_rejects_the_emulator_rejects() {
    let emu = start().await;
    let client = client(&emu);
    let mut disagreements = Vec::new();
    let domains = [
        "ex_ample.com",
        "1.2.3.4",
        "localhost",
        "-bad.com",
        "a..b.com",
    ];
    for (i, domain) in domains.into_iter().enumerate() {
        let library = Domain::new(domain).is_ok();
        // Sent raw, bypassing the library's check, to ask the emulator.
        let emulator = try_write(&client, i, "site", domain.into()).await.is_some();
        if library || emulator {
            disagreements.push((domain.to_owned(), library, emulator));
        }
    }
    let phones = [
        ("+123", None),
        ("+44 call me", None),
        ("123", Some("GB")),
        ("1234567", Some("ZZ")),
        ("1234567", Some("AQ")),
    ];
    for (i, (number, country)) in phones.into_iter().enumerate() {
        let library = phone(number, country).is_some();
        let raw = serde_json::json!({"original_phone_number": number, "country_code": country});
        let emulator = try_write(&client, 100 + i, "phone", raw).await.is_some();
        if library || emulator {
            disagreements.push((format!("{number} {country:?}"), library, emulator));
        }
    }
    assert!(
        disagreements.is_empty(),
        "(value, library accepts, emulator accepts): {disagreements:?}"
    );
}

#[tokio::test]
async fn domain_and_phone_edge_cases_agree_with_the_emulator() {
    use attio_core::ToAttio;
    let emu = start().await;
    let client = client(&emu);
    let mut disagreements = Vec::new();
    let domains = [
        ("пример.рф", Some("xn--e1afmkfd.xn--p1ai")),
        ("example.c", None),
        ("xn--zz.com", None),
    ];
    for (i, (domain, verdict)) in domains.into_iter().enumerate() {
        let library = Domain::new(domain).ok();
        assert_eq!(library.as_ref().map(Domain::as_str), verdict, "{domain:?}");
        let sent = verdict.unwrap_or(domain);
        let emulator = try_write(&client, i, "site", sent.into()).await.is_some();
        if emulator != verdict.is_some() {
            disagreements.push((sent.to_owned(), emulator));
        }
    }
    let phones = [
        ("+683 4002", None, true),
        ("4002", Some("NU"), true),
        ("044 123 456", Some("XK"), true),
        ("+044 1234 5678", None, false),
        ("1234 5678 90123", Some("DE"), false),
        ("020 7946 0958", Some("gb"), false),
    ];
    for (i, (number, country, verdict)) in phones.into_iter().enumerate() {
        let library = phone(number, country);
        assert_eq!(library.is_some(), verdict, "{number:?} {country:?}");
        let sent = match &library {
            Some(library) => library.to_attio().unwrap(),
            None => serde_json::json!({"original_phone_number": number, "country_code": country}),
        };
        let emulator = try_write(&client, 100 + i, "phone", sent).await.is_some();
        if emulator != verdict {
            disagreements.push((format!("{number} {country:?}"), emulator));
        }
    }
    assert!(
        disagreements.is_empty(),
        "(value sent, emulator accepts) against the library's verdict: {disagreements:?}"
    );
}

#[tokio::test]
async fn values_attio_would_reject_are_refused_before_sending() {
    let emu = start().await;
    let client = client(&emu);
    let cases = [
        (
            "score",
            Event {
                score: f64::NAN,
                ..event()
            },
        ),
        (
            "score",
            Event {
                score: f64::INFINITY,
                ..event()
            },
        ),
        (
            "attendees",
            Event {
                attendees: i64::MAX,
                ..event()
            },
        ),
        (
            "stage",
            Event {
                stage: Status::by_title(" "),
                ..event()
            },
        ),
        (
            "key",
            Event {
                key: String::new(),
                ..event()
            },
        ),
    ];
    for (slug, event) in cases {
        match event.assert(&client).await {
            Err(attio_core::Error::InvalidValue { attribute, .. }) => assert_eq!(attribute, slug),
            other => panic!("{slug}: expected InvalidValue, got {other:?}"),
        }
    }
    let sent = emu.journal();
    assert!(sent.is_empty(), "nothing was sent: {sent:#?}");
}

#[tokio::test]
async fn a_body_over_the_size_limit_is_a_typed_413_and_nothing_is_written() {
    // Two texts each under Attio's 10 MB value limit (so the library sends them), whose
    // body together is over the emulator's request size limit.
    let emu = start().await;
    let client = client(&emu);
    let half = "x".repeat(attio_emulator::MAX_BODY_BYTES / 2 + 1);
    let raw = serde_json::json!({"key": "big", "title": half, "contact": "a@example.com"});
    let mut raw = values(raw);
    raw.insert("host".into(), serde_json::json!({"full_name": half}));
    let error = client
        .assert_record("events", "key", raw)
        .await
        .unwrap_err();
    let api = error
        .api()
        .unwrap_or_else(|| panic!("expected Attio's error, got {error:?}"));
    assert_eq!(api.status, 413, "{api:?}");
    assert_eq!(api.code.as_str(), "payload_too_large");
    assert!(emu.records("events").is_empty());
}
