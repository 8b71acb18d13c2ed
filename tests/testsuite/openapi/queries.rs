//! Every query and search body the typed layer sends validates against Attio's spec: the
//! bodies of a stream's pages (filter, sorts by attribute, field and path, `limit`,
//! `offset`, keyset paging) and of a search, as captured by a mock server on 127.0.0.1.

use attio_core::query::SearchQuery;
use attio_core::{Attr, Paging, Record, RecordRef};
use attio_testkit::User;
use attio_testkit::openapi::Spec;
use attio_testkit::wire::*;
use futures_util::TryStreamExt;
use serde_json::{Value, json};
use wiremock::matchers::path_regex;
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn every_query_and_search_body_validates_against_the_spec() {
    let spec = Spec::load();
    let server = server().await;
    Mock::given(path_regex("/records/(query|search)$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .mount(&server)
        .await;
    let client = client(&server);
    let user = User::fields();
    let name: Attr<Record, Option<attio_core::PersonalName>> = Attr::new("people", "name");
    let queries = [
        client.query::<User>(),
        client
            .query::<User>()
            .filter(user.email.email_domain().eq("example.com"))
            .sort(user.id.ascending()),
        client
            .query::<User>()
            .filter(!user.id.one_of(["1", "2"]) | user.email.ends_with("@example.com"))
            .sort(user.email.email_domain().descending())
            .page_size(7)
            .offset(3),
        client.query::<User>().paging(Paging::Keyset),
    ];
    for query in queries {
        let _: Vec<User> = query.stream().try_collect().await.expect("query");
    }
    let person: Attr<Record, Option<RecordRef>> = Attr::new("users", "person");
    let _: Vec<Record> = client
        .records("users")
        .filter(person.through(&name).last_name().starts_with("Love"))
        .sort(person.through(&name).last_name().ascending())
        .stream()
        .try_collect()
        .await
        .expect("path query");
    client
        .search_records(&SearchQuery::new("ada", ["people", "users"]).limit(5))
        .await
        .expect("search");

    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 6);
    for request in requests {
        let body: Value = serde_json::from_slice(&request.body).expect("JSON body");
        let path = if request.url.path().ends_with("/search") {
            "/v2/objects/records/search"
        } else {
            "/v2/objects/{object}/records/query"
        };
        spec.request("post", path)
            .check(&body)
            .unwrap_or_else(|error| panic!("{}: {error}\n{body}", request.url));
    }
}

/// An entry of a `sales` list whose parents are users, named by their email.
#[derive(attio_core::AttioRecord)]
#[attio(list = "sales", parent = "users")]
struct Deal {
    #[attio(parent = "primary_email_address")]
    email: attio_core::Email,
    stage: String,
}

#[tokio::test]
async fn every_entries_query_body_validates_against_the_spec() {
    let spec = Spec::load();
    let server = server().await;
    Mock::given(path_regex("/entries/query$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .mount(&server)
        .await;
    let client = client(&server);
    let (deal, user) = (Deal::fields(), User::fields());
    let queries = [
        client.query_entries::<Deal>(),
        client
            .query_entries::<Deal>()
            .filter(deal.stage.eq("Won") & deal.parent_object.eq("users"))
            .sort(deal.stage.ascending()),
        client
            .query_entries::<Deal>()
            .filter(
                deal.parent_record_id
                    .one_of(["00000000-0000-4000-8000-000000000001"]),
            )
            .filter(deal.email.email_domain().eq("example.com"))
            .sort(deal.parent_record.through(&user.id).descending())
            .page_size(7)
            .offset(3),
        client
            .query_entries::<Deal>()
            .filter(
                deal.parent_record
                    .through(&user.email)
                    .ends_with("@example.com"),
            )
            .paging(Paging::Keyset),
    ];
    for query in queries {
        let _: Vec<Deal> = query.stream().try_collect().await.expect("query");
    }
    let _: Vec<attio_core::list::Entry> = client
        .entries("sales")
        .query()
        .filter(attio_core::Filter::raw(json!({"stage": "Won"})))
        .stream()
        .try_collect()
        .await
        .expect("untyped");

    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 5);
    for request in requests {
        assert_eq!(request.url.path(), "/v2/lists/sales/entries/query");
        let body: Value = serde_json::from_slice(&request.body).expect("JSON body");
        spec.request("post", "/v2/lists/{list}/entries/query")
            .check(&body)
            .unwrap_or_else(|error| panic!("{error}\n{body}"));
    }
    // The paths into the parent are Attio's documented form for entries.
    let third: Value = serde_json::from_slice(&server.received_requests().await.unwrap()[2].body)
        .expect("JSON body");
    assert_eq!(
        third["sorts"][0]["path"],
        json!([["sales", "parent_record"], ["users", "user_id"]])
    );
    assert_eq!(
        third["filter"]["$and"][1]["path"],
        json!([
            ["sales", "parent_record"],
            ["users", "primary_email_address"]
        ])
    );
}
