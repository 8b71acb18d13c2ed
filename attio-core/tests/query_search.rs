//! `Client::search_records` against the emulator: results typed per Attio's spec, the
//! request checked before sending, Attio's `value_not_found` for an unknown object.

use attio_core::query::{RequestAs, SearchQuery};
use attio_core::{Client, Error};
use attio_emulator::{Emulator, EmulatorConfig};
use serde_json::json;

async fn setup() -> (Emulator, Client) {
    let emu = Emulator::start(EmulatorConfig::for_tests())
        .await
        .expect("emulator starts");
    let client = attio_testkit::emulator::client(&emu);
    for (n, (first, last, email)) in [
        ("Ada", "Lovelace", "ada@analytical.org"),
        ("Alan", "Turing", "alan@bletchley.gov.uk"),
    ]
    .into_iter()
    .enumerate()
    {
        emu.seed_record(
            "people",
            &format!("00000000-0000-4000-8000-{n:012}"),
            json!({
                "name": {"first_name": first, "last_name": last, "full_name": format!("{first} {last}")},
                "email_addresses": [email],
            }),
        )
        .expect("seed");
    }
    (emu, client)
}

#[tokio::test]
async fn finds_people_by_name_and_email_fragments() {
    let (_emu, client) = setup().await;
    let hits = client
        .search_records(&SearchQuery::new("turing", ["people"]))
        .await
        .expect("search");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].record_text, "Alan Turing");
    assert_eq!(hits[0].object_slug, "people");
    assert_eq!(hits[0].email_addresses, ["alan@bletchley.gov.uk"]);
    assert_eq!(hits[0].id.record_id, "00000000-0000-4000-8000-000000000001");

    let by_email = client
        .search_records(
            &SearchQuery::new("ANALYTICAL", ["people"]).request_as(RequestAs::Workspace),
        )
        .await
        .expect("search");
    assert_eq!(by_email.len(), 1);
    let all = client
        .search_records(&SearchQuery::new("", ["people"]).limit(1))
        .await
        .expect("search");
    assert_eq!(all.len(), 1, "the limit holds");
}

#[tokio::test]
async fn bad_searches_are_refused_before_sending_or_by_attio() {
    let (emu, client) = setup().await;
    for bad in [
        SearchQuery::new("x".repeat(257), ["people"]),
        SearchQuery::new("x", Vec::<String>::new()),
        SearchQuery::new("x", ["people"]).limit(26),
        SearchQuery::new("x", ["people"]).limit(0),
    ] {
        let error = client.search_records(&bad).await.expect_err("refused");
        assert!(matches!(error, Error::InvalidQuery(_)), "{error:?}");
    }
    assert!(emu.journal().is_empty(), "nothing was sent");
    let unknown = client
        .search_records(&SearchQuery::new("x", ["nope"]))
        .await
        .expect_err("unknown object");
    assert_eq!(
        unknown.code(),
        Some(&attio_core::ErrorCode::ValueNotFound),
        "{unknown:?}"
    );
}
