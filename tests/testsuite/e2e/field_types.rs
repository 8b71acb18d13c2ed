//! The optional field types (attio-core features `chrono`, `time`, `uuid`, `rust_decimal`,
//! `url`), a `#[derive(AttioValue)]` newtype and a writable `ActorReference`, through a
//! derived struct, the client and the emulator over HTTP: each value is asserted, read back
//! with `get` and compares equal to what was written; values Attio would reject never
//! leave the client, and stored text that is not a UUID or URL is a decode error naming
//! the attribute.

use attio_core::value::ActorReference;
use attio_core::{AttioRecord, AttioValue, Error, Record, ValueError};
use attio_emulator::{AttributeSpec, AttributeType as T, Emulator, EmulatorConfig, ObjectSpec};
use attio_testkit::emulator::*;
use rust_decimal::Decimal;
use serde_json::json;

fn accounts() -> ObjectSpec {
    ObjectSpec::new("accounts")
        .attribute(AttributeSpec::new("id", T::Text).unique().required())
        .attribute(AttributeSpec::new("handle", T::Text))
        .attribute(AttributeSpec::new("signed_up_at", T::Timestamp))
        .attribute(AttributeSpec::new("birthday", T::Date))
        .attribute(AttributeSpec::new("last_seen_at", T::Timestamp))
        .attribute(AttributeSpec::new("renews_on", T::Date))
        .attribute(AttributeSpec::new("balance", T::Currency).currency("EUR"))
        .attribute(AttributeSpec::new("score", T::Number))
        .attribute(AttributeSpec::new("homepage", T::Text))
        .attribute(AttributeSpec::new("owner", T::ActorReference))
}

/// An application's own id type, stored as text.
#[derive(Debug, Clone, PartialEq, AttioValue)]
struct Handle(String);

#[derive(Debug, Clone, PartialEq, AttioRecord)]
#[attio(object = "accounts")]
struct Account {
    #[attio(unique)]
    id: uuid::Uuid,
    handle: Handle,
    signed_up_at: chrono::DateTime<chrono::Utc>,
    birthday: chrono::NaiveDate,
    last_seen_at: time::OffsetDateTime,
    renews_on: Option<time::Date>,
    balance: Decimal,
    score: Decimal,
    homepage: url::Url,
    owner: Option<ActorReference>,
}

fn account() -> Account {
    let plus_two = time::UtcOffset::from_hms(2, 0, 0).expect("an offset");
    Account {
        id: uuid::Uuid::from_u128(0x67e5_5044_10b1_426f_9247_bb68_0e5f_e0c8),
        handle: Handle("ada".into()),
        signed_up_at: chrono::DateTime::from_timestamp(1_669_036_969, 61_281_001).expect("a time"),
        birthday: chrono::NaiveDate::from_ymd_opt(1815, 12, 10).expect("a day"),
        last_seen_at: time::OffsetDateTime::from_unix_timestamp_nanos(1_709_231_400_123_456_789)
            .expect("a time")
            .to_offset(plus_two),
        renews_on: Some(
            time::Date::from_calendar_date(2024, time::Month::February, 29).expect("a leap day"),
        ),
        balance: Decimal::new(-123_456_789_012, 4), // -12,345,678.9012
        score: Decimal::new(1, 1),
        homepage: url::Url::parse("https://attio.com/docs?q=a b#top").expect("a URL"),
        owner: None,
    }
}

async fn start() -> Emulator {
    Emulator::start(EmulatorConfig::for_tests().with_object(accounts()))
        .await
        .expect("the emulator starts")
}

#[tokio::test]
async fn every_field_type_reads_back_as_written() {
    let emu = start().await;
    let client = client(&emu);
    let written = Account {
        owner: Some(ActorReference::workspace_member(member_id(&emu).await)),
        ..account()
    };
    let id = asserted_id(&client, &written).await;
    let back = Account::get(&client, &id).await.expect("get");
    assert_eq!(back, written);
    assert_eq!(
        back.last_seen_at.offset(),
        time::UtcOffset::UTC,
        "the same instant, read back in UTC"
    );

    let stored = stored(&emu, "accounts", &id);
    let stored_value = |slug: &str| current(&stored, slug)[0]["value"].clone();
    assert_eq!(
        stored_value("id"),
        json!("67e55044-10b1-426f-9247-bb680e5fe0c8")
    );
    assert_eq!(stored_value("handle"), json!("ada"));
    assert_eq!(
        stored_value("signed_up_at"),
        json!("2022-11-21T13:22:49.061281001Z")
    );
    assert_eq!(
        stored_value("last_seen_at"),
        json!("2024-02-29T18:30:00.123456789Z")
    );
    assert_eq!(
        stored_value("homepage"),
        json!("https://attio.com/docs?q=a%20b#top")
    );

    // Asserting what was read back finds the same record and keeps every value.
    let again = asserted_id(&client, &back).await;
    assert_eq!(again, id);
    assert_eq!(Account::get(&client, &id).await.expect("get"), written);
}

#[tokio::test]
async fn values_attio_would_reject_never_leave_the_client() {
    let emu = start().await;
    let client = client(&emu);
    let leap_second = chrono::NaiveDate::from_ymd_opt(2016, 12, 31)
        .and_then(|day| day.and_hms_nano_opt(23, 59, 59, 1_000_000_000))
        .expect("a leap second")
        .and_utc();
    let cases = [
        (
            "balance",
            Account {
                balance: Decimal::new(499_999, 5), // 4.99999
                ..account()
            },
        ),
        (
            "signed_up_at",
            Account {
                signed_up_at: leap_second,
                ..account()
            },
        ),
        (
            "birthday",
            Account {
                birthday: chrono::NaiveDate::from_ymd_opt(0, 1, 1).expect("year 0"),
                ..account()
            },
        ),
        (
            "owner",
            Account {
                owner: Some(ActorReference {
                    referenced_actor_type: attio_core::record::ActorKind::ApiToken,
                    referenced_actor_id: Some(uuid::Uuid::nil().to_string()),
                }),
                ..account()
            },
        ),
    ];
    for (slug, bad) in cases {
        let error = bad.assert(&client).await.expect_err("rejected");
        assert!(
            matches!(&error, Error::InvalidValue { attribute, .. } if attribute == slug),
            "{slug}: {error}"
        );
    }
    assert!(emu.journal().is_empty(), "no request was sent");
}

/// The creator of an account, written to the system attribute every object has.
#[derive(Debug, AttioRecord)]
#[attio(object = "accounts")]
struct Creator {
    #[attio(unique)]
    id: uuid::Uuid,
    created_by: ActorReference,
}

/// The API error of a write the server refused.
fn refused(error: Error) -> attio_core::ApiError {
    match error {
        Error::Api(api) => *api,
        other => panic!("expected the server's refusal, got {other}"),
    }
}

#[tokio::test]
async fn the_server_refuses_unknown_members_and_system_attributes() {
    let emu = start().await;
    let client = client(&emu);
    let stranger = Account {
        owner: Some(ActorReference::workspace_member(
            uuid::Uuid::nil().to_string(),
        )),
        ..account()
    };
    let api = refused(stranger.assert(&client).await.expect_err("no such member"));
    assert_eq!(api.code, attio_core::ErrorCode::ValueNotFound, "{api}");
    assert!(
        api.message.contains(&uuid::Uuid::nil().to_string()),
        "{api}"
    );

    let creator = Creator {
        id: account().id,
        created_by: ActorReference::workspace_member(member_id(&emu).await),
    };
    let api = refused(
        creator
            .assert(&client)
            .await
            .expect_err("a system attribute"),
    );
    assert_eq!(api.code, attio_core::ErrorCode::ValidationType, "{api}");
    assert!(
        api.validation_errors
            .iter()
            .any(|issue| issue.code == "not_writable"),
        "{api:?}"
    );
    assert!(emu.records("accounts").is_empty(), "nothing was written");
}

/// Creates an account whose `id` and `homepage` hold the given raw texts, read back.
async fn raw_account(client: &attio_core::Client, id: &str, homepage: &str) -> Record {
    let mut raw = account().to_values().expect("valid values");
    raw.insert("id".into(), json!(id));
    raw.insert("homepage".into(), json!(homepage));
    client
        .create_record("accounts", raw)
        .await
        .expect("created")
}

#[tokio::test]
async fn stored_text_that_is_not_a_uuid_or_url_is_a_decode_error() {
    let emu = start().await;
    let client = client(&emu);
    for (id, homepage, attribute, says) in [
        ("not-a-uuid", "https://attio.com/", "id", "is not a UUID"),
        (
            "67e55044-10b1-426f-9247-bb680e5fe0c8",
            "attio.com/no-scheme",
            "homepage",
            "is not a URL",
        ),
    ] {
        let record = raw_account(&client, id, homepage).await;
        let error = Account::from_record(&record).expect_err("not decodable");
        assert_eq!(error.attribute, attribute, "{error}");
        assert!(
            matches!(
                &error.kind,
                attio_core::DecodeErrorKind::Value(
                    ValueError::InvalidUuid { .. } | ValueError::InvalidUrl { .. }
                )
            ),
            "{error}"
        );
        assert!(error.to_string().contains(says), "{error}");
        let got = Account::get(&client, record.id())
            .await
            .expect_err("get fails too");
        assert!(matches!(got, Error::Record(_)), "{got}");
    }
}

/// Reads `slug` of `record` as a `T`, which must fail as a wrong type naming the attribute.
fn assert_wrong_type<T: attio_core::FromAttioField + std::fmt::Debug>(record: &Record, slug: &str) {
    let error = record
        .field::<T>(slug)
        .expect_err(std::any::type_name::<T>());
    assert_eq!(error.attribute, slug, "{error}");
    assert!(
        matches!(error.kind, attio_core::DecodeErrorKind::WrongType { .. }),
        "{slug} as {}: {error}",
        std::any::type_name::<T>()
    );
}

#[tokio::test]
async fn every_type_reading_another_attribute_type_is_a_decode_error() {
    let emu = start().await;
    let client = client(&emu);
    let record = account().assert(&client).await.expect("asserted");
    assert_wrong_type::<chrono::DateTime<chrono::Utc>>(&record, "birthday");
    assert_wrong_type::<chrono::NaiveDate>(&record, "signed_up_at");
    assert_wrong_type::<time::OffsetDateTime>(&record, "handle");
    assert_wrong_type::<time::Date>(&record, "last_seen_at");
    assert_wrong_type::<uuid::Uuid>(&record, "balance");
    assert_wrong_type::<Decimal>(&record, "homepage");
    assert_wrong_type::<url::Url>(&record, "signed_up_at");
    assert_wrong_type::<Handle>(&record, "score");
    assert_wrong_type::<ActorReference>(&record, "handle");
}
