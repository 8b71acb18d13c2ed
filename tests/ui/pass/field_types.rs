// The optional field types of attio-core's features `chrono`, `time`, `uuid`,
// `rust_decimal` and `url`, plus a writable `ActorReference`, in one record.
use attio_core::AttioRecord;
use attio_core::value::ActorReference;
use serde_json::json;

#[derive(AttioRecord)]
#[attio(object = "accounts")]
struct Account {
    #[attio(unique)]
    id: uuid::Uuid,
    signed_up_at: chrono::DateTime<chrono::Utc>,
    birthday: Option<chrono::NaiveDate>,
    last_seen_at: time::OffsetDateTime,
    renews_on: Vec<time::Date>,
    balance: rust_decimal::Decimal,
    homepage: Option<url::Url>,
    owner: ActorReference,
}

fn main() {
    let account = Account {
        id: uuid::Uuid::from_u128(0x67e5_5044_10b1_426f_9247_bb68_0e5f_e0c8),
        signed_up_at: chrono::DateTime::from_timestamp(1_669_036_969, 61_281_001).unwrap(),
        birthday: chrono::NaiveDate::from_ymd_opt(1815, 12, 10),
        last_seen_at: time::OffsetDateTime::from_unix_timestamp(1_672_588_800)
            .unwrap()
            .to_offset(time::UtcOffset::from_hms(1, 0, 0).unwrap()),
        renews_on: vec![time::Date::from_calendar_date(2024, time::Month::February, 29).unwrap()],
        balance: rust_decimal::Decimal::new(49_900, 4),
        homepage: Some(url::Url::parse("https://attio.com/docs").unwrap()),
        owner: ActorReference::workspace_member("50cf242c-7fa3-4cad-87d0-75b1af71c57b"),
    };
    let values = account.to_values().expect("valid values");
    assert_eq!(
        serde_json::Value::Object(values),
        json!({
            "id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
            "signed_up_at": "2022-11-21T13:22:49.061281001Z",
            "birthday": "1815-12-10",
            "last_seen_at": "2023-01-01T16:00:00.000000000Z",
            "renews_on": ["2024-02-29"],
            "balance": 4.99,
            "homepage": "https://attio.com/docs",
            "owner": {
                "referenced_actor_type": "workspace-member",
                "referenced_actor_id": "50cf242c-7fa3-4cad-87d0-75b1af71c57b",
            },
        })
    );

    let too_precise = Account {
        balance: rust_decimal::Decimal::new(4_999_999, 6),
        ..account
    };
    let error = too_precise.to_values().expect_err("more than 4 decimals");
    assert!(error.to_string().contains("`balance`"), "{error}");
}
