//! Every writable Attio type through a derived struct, the client and the emulator: a
//! custom object holding one attribute per type is asserted, read back with `get`, and
//! each field compares equal to what was written (or, where Attio normalises, to the
//! documented normal form).

#[path = "support/mod.rs"]
mod support;

use attio_core::value::{Select, Status};
use attio_core::{
    AttioRecord, Currency, Date, Domain, Email, Location, PersonalName, PhoneNumber, Rating,
    Timestamp,
};
use attio_emulator::{AttributeSpec, AttributeType as T, Emulator, EmulatorConfig, ObjectSpec};
use support::e2e::*;

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
    let id = written
        .assert(&client)
        .await
        .expect("assert")
        .id()
        .to_owned();
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
#[ignore = "bug: a mixed-case domain does not read back equal: the emulator (like Attio) \
            lower-cases domains, `Domain`'s FromAttio reads the normalised form and its \
            equality is case-sensitive (the same as for `Email`)"]
async fn a_mixed_case_domain_reads_back_equal() {
    let emu = start().await;
    let client = client(&emu);
    let written = Event {
        site: Domain::new("Events.Example.COM").expect("a domain"),
        ..event()
    };
    let id = written
        .assert(&client)
        .await
        .expect("assert")
        .id()
        .to_owned();
    let back = Event::get(&client, &id).await.expect("get");
    assert_eq!(back.site, written.site);
}

#[tokio::test]
#[ignore = "bug: `Domain::new` and `PhoneNumber` accept values the emulator rejects with 400 \
            (IDN `münchen.de`, `ex_ample.com`, an IP address; `+123`, country code `ZZ`), \
            so they fail at Attio instead of before sending"]
async fn every_domain_and_phone_the_library_accepts_the_emulator_accepts() {
    use attio_core::ToAttio;
    let emu = start().await;
    let client = client(&emu);
    let domains = [
        "example.com",
        "sub.example.co.uk",
        "münchen.de",
        "ex_ample.com",
        "1.2.3.4",
    ]
    .into_iter()
    .filter_map(|d| Some(("site", d.to_owned(), Domain::new(d).ok()?.to_attio().ok()?)));
    let phones = [
        ("+44 20 7946 0958", None),
        ("+1 (555) 010-9999", None),
        ("+123", None),
        ("020 7946 0958", Some("GB")),
        ("1234567", Some("ZZ")),
    ]
    .into_iter()
    .filter_map(|(number, country)| {
        let phone = match country {
            Some(country) => PhoneNumber::with_country(number, country).ok()?,
            None => PhoneNumber::new(number).ok()?,
        };
        Some((
            "phone",
            format!("{number} {country:?}"),
            phone.to_attio().ok()?,
        ))
    });
    let mut rejected = Vec::new();
    for (i, (slug, shown, value)) in domains.chain(phones).enumerate() {
        let raw = serde_json::json!({ "key": format!("k-{i}"), slug: value });
        if client
            .assert_record("events", "key", values(raw))
            .await
            .is_err()
        {
            rejected.push(shown);
        }
    }
    assert!(
        rejected.is_empty(),
        "the library sends values the emulator rejects: {rejected:?}"
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
