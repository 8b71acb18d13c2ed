//! Lists and entries over HTTP: Attio's rules for assert by parent, several entries for one
//! parent, multiselect overwrite on assert and append on PATCH, typed entry values with
//! history, parents that cannot change, queries, a record's entries, and the webhook
//! events entry writes produce.

mod common;

use attio_emulator::{AttributeSpec, AttributeType as T, EmulatorConfig, ListSpec, ObjectSpec};
use common::Api;
use serde_json::{Value, json};

fn sales() -> ListSpec {
    ListSpec::new("sales", "people")
        .attribute(AttributeSpec::new("stage", T::Select).options(["Lead", "Won", "Lost"]))
        .attribute(
            AttributeSpec::new("tags", T::Select)
                .options(["hot", "cold", "vip"])
                .multiselect(),
        )
        .attribute(AttributeSpec::new("amount", T::Number))
}

async fn api() -> Api {
    Api::with(EmulatorConfig::for_tests().with_list(sales())).await
}

async fn person(api: &Api, email: &str) -> String {
    api.create("people", json!({"email_addresses": [email]}))
        .await
}

fn entry(parent: &str, values: Value) -> Value {
    json!({"data": {"parent_record_id": parent, "parent_object": "people", "entry_values": values}})
}

fn titles(entry: &Value, slug: &str) -> Vec<String> {
    entry["entry_values"][slug]
        .as_array()
        .expect("values")
        .iter()
        .map(|v| v["option"]["title"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn assert_by_parent_creates_then_overwrites_multiselect_values() {
    let api = api().await;
    let ada = person(&api, "ada@example.com").await;
    let first = api
        .put(
            "/v2/lists/sales/entries",
            entry(
                &ada,
                json!({"stage": "Lead", "tags": ["hot", "vip"], "amount": 10}),
            ),
        )
        .await;
    let first = first.data().clone();
    assert_eq!(first["parent_record_id"], json!(ada));
    assert_eq!(first["parent_object"], "people");
    assert_eq!(titles(&first, "tags"), ["hot", "vip"]);
    assert_eq!(
        first["entry_values"]["amount"][0]["value"].as_f64(),
        Some(10.0)
    );
    assert_eq!(
        first["entry_values"]["amount"][0]["attribute_type"],
        "number"
    );
    let again = api
        .put(
            "/v2/lists/sales/entries",
            entry(&ada, json!({"stage": "Won", "tags": ["cold"]})),
        )
        .await;
    let again = again.data();
    assert_eq!(again["id"], first["id"], "the parent's entry is updated");
    assert_eq!(
        titles(again, "tags"),
        ["cold"],
        "assert overwrites multiselect"
    );
    assert_eq!(titles(again, "stage"), ["Won"]);
    assert_eq!(
        again["entry_values"]["amount"][0]["value"].as_f64(),
        Some(10.0)
    );

    // PATCH appends (new values first), PUT by id overwrites.
    let entry_id = first["id"]["entry_id"].as_str().unwrap();
    let path = format!("/v2/lists/sales/entries/{entry_id}");
    let patched = api
        .patch(&path, json!({"data": {"entry_values": {"tags": ["hot"]}}}))
        .await;
    assert_eq!(titles(patched.data(), "tags"), ["hot", "cold"]);
    let put = api
        .send(
            reqwest::Method::PUT,
            &path,
            Some(json!({"data": {"entry_values": {"tags": ["vip"]}}})),
        )
        .await;
    assert_eq!(titles(put.data(), "tags"), ["vip"]);

    // History: the stage went Lead → Won.
    let history = api
        .get(&format!(
            "{path}/attributes/stage/values?show_historic=true"
        ))
        .await;
    let stages: Vec<&str> = history
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["option"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(stages, ["Lead", "Won"]);
    let current = api.get(&format!("{path}/attributes/stage/values")).await;
    assert_eq!(current.data().as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn several_entries_for_one_parent_make_assert_fail() {
    let api = api().await;
    let ada = person(&api, "ada@example.com").await;
    for _ in 0..2 {
        api.post("/v2/lists/sales/entries", entry(&ada, json!({})))
            .await
            .data();
    }
    api.put(
        "/v2/lists/sales/entries",
        entry(&ada, json!({"stage": "Won"})),
    )
    .await
    .expect_error(400, "multiple_match_results");
    let entries = api
        .get(&format!("/v2/objects/people/records/{ada}/entries"))
        .await;
    let entries = entries.data().as_array().unwrap().clone();
    assert_eq!(entries.len(), 2);
    assert!(entries.iter().all(|e| e["list_api_slug"] == "sales"));

    // Deleting the parent record removes its entries.
    let bob = person(&api, "bob@example.com").await;
    api.put("/v2/lists/sales/entries", entry(&bob, json!({})))
        .await
        .data();
    api.delete(&format!("/v2/objects/people/records/{ada}"))
        .await
        .data();
    let left = api.post("/v2/lists/sales/entries/query", json!({})).await;
    let parents: Vec<&Value> = left
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["parent_record_id"])
        .collect();
    assert_eq!(parents, [&json!(bob)]);
}

#[tokio::test]
async fn bad_entries_get_attio_errors() {
    let api = api().await;
    let ada = person(&api, "ada@example.com").await;
    let missing = "bf071e1f-6035-429d-b874-d83ea64ea13b";
    api.post("/v2/lists/sales/entries", entry(missing, json!({})))
        .await
        .expect_error(400, "value_not_found");
    api.post(
        "/v2/lists/sales/entries",
        json!({"data": {"parent_record_id": ada, "parent_object": "companies", "entry_values": {}}}),
    )
    .await
    .expect_error(400, "value_not_found");
    api.post(
        "/v2/lists/sales/entries",
        json!({"data": {"parent_record_id": ada, "parent_object": "people"}}),
    )
    .await
    .expect_error(400, "validation_type");
    api.post(
        "/v2/lists/sales/entries",
        entry(&ada, json!({"stage": "Nope"})),
    )
    .await
    .expect_error(400, "value_not_found");
    api.post(
        "/v2/lists/sales/entries",
        entry(&ada, json!({"amount": "ten"})),
    )
    .await
    .expect_error(400, "validation_type");
    api.post("/v2/lists/nope/entries", entry(&ada, json!({})))
        .await
        .expect_error(404, "not_found");
    let created = api
        .post("/v2/lists/sales/entries", entry(&ada, json!({})))
        .await;
    let entry_id = created.data()["id"]["entry_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let bob = person(&api, "bob@example.com").await;
    api.patch(
        &format!("/v2/lists/sales/entries/{entry_id}"),
        json!({"data": {"parent_record_id": bob, "entry_values": {}}}),
    )
    .await
    .expect_error(400, "immutable_value");
    api.delete(&format!("/v2/lists/sales/entries/{entry_id}"))
        .await
        .data();
    api.get(&format!("/v2/lists/sales/entries/{entry_id}"))
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn entries_are_queried_like_records() {
    let api = api().await;
    for (n, stage) in ["Lead", "Won", "Won"].iter().enumerate() {
        let parent = person(&api, &format!("p{n}@example.com")).await;
        api.put(
            "/v2/lists/sales/entries",
            entry(&parent, json!({"stage": stage, "amount": n})),
        )
        .await
        .data();
    }
    let won = api
        .post(
            "/v2/lists/sales/entries/query",
            json!({"filter": {"stage": "Won"}, "sorts": [{"attribute": "amount", "direction": "desc"}]}),
        )
        .await;
    let amounts: Vec<f64> = won
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["entry_values"]["amount"][0]["value"].as_f64().unwrap())
        .collect();
    assert_eq!(amounts, [2.0, 1.0]);
    let page = api
        .post(
            "/v2/lists/sales/entries/query",
            json!({"limit": 1, "offset": 1}),
        )
        .await;
    assert_eq!(page.data().as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn lists_are_created_read_and_renamed() {
    let api = api().await;
    let lists = api.get("/v2/lists").await;
    assert_eq!(lists.data()[0]["api_slug"], "sales");
    assert_eq!(lists.data()[0]["parent_object"], json!(["people"]));
    let body = json!({"data": {"name": "Hiring", "api_slug": "hiring", "parent_object": "people",
                               "workspace_access": "full-access", "workspace_member_access": []}});
    let created = api.post("/v2/lists", body.clone()).await;
    let id = created.data()["id"]["list_id"].as_str().unwrap().to_owned();
    api.post("/v2/lists", body)
        .await
        .expect_error(409, "slug_conflict");
    let renamed = api
        .patch(
            &format!("/v2/lists/{id}"),
            json!({"data": {"name": "Recruiting"}}),
        )
        .await;
    assert_eq!(renamed.data()["name"], "Recruiting");
    assert_eq!(
        api.get("/v2/lists/hiring").await.data()["id"]["list_id"],
        json!(id)
    );
    api.post(
        "/v2/lists",
        json!({"data": {"name": "X", "api_slug": "x", "parent_object": "nope",
                        "workspace_access": null, "workspace_member_access": []}}),
    )
    .await
    .expect_error(404, "not_found");
}

#[tokio::test]
async fn entry_writes_produce_list_entry_events() {
    use std::sync::{Arc, Mutex};
    let api = api().await;
    let ada = person(&api, "ada@example.com").await;
    // A receiver that records the event types it is sent (signatures are checked in
    // tests/webhooks.rs).
    let got: Arc<Mutex<Vec<Value>>> = Arc::default();
    let sink = got.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let app = axum::Router::new().route(
        "/",
        axum::routing::post(move |axum::Json(body): axum::Json<Value>| {
            let sink = sink.clone();
            async move {
                sink.lock()
                    .unwrap()
                    .extend(body["events"].as_array().unwrap().clone());
                axum::http::StatusCode::OK
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    api.post(
        "/v2/webhooks",
        json!({"data": {"target_url": url, "subscriptions": [
            {"event_type": "list-entry.created", "filter": null},
            {"event_type": "list-entry.updated", "filter": null},
            {"event_type": "list-entry.deleted", "filter": null}]}}),
    )
    .await
    .data();
    let created = api
        .put(
            "/v2/lists/sales/entries",
            entry(&ada, json!({"stage": "Lead"})),
        )
        .await;
    let entry_id = created.data()["id"]["entry_id"]
        .as_str()
        .unwrap()
        .to_owned();
    api.put(
        "/v2/lists/sales/entries",
        entry(&ada, json!({"stage": "Won"})),
    )
    .await
    .data();
    api.delete(&format!("/v2/lists/sales/entries/{entry_id}"))
        .await
        .data();
    assert!(
        api.emu
            .webhooks_settled(std::time::Duration::from_secs(30))
            .await
    );
    let events = got.lock().unwrap().clone();
    let types: Vec<&str> = events
        .iter()
        .map(|e| e["event_type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "list-entry.created",
            "list-entry.updated",
            "list-entry.deleted"
        ]
    );
    assert!(events.iter().all(|e| e["parent_record_id"] == json!(ada)));
    assert!(events[1]["id"]["attribute_id"].is_string());
    // Each parses as attio-core's typed event.
    for event in &events {
        let payload = json!({"webhook_id": "w", "events": [event]});
        let parsed =
            attio_core::webhook::WebhookPayload::from_slice(payload.to_string().as_bytes())
                .unwrap();
        assert!(
            !matches!(
                parsed.events[0],
                attio_core::webhook::WebhookEvent::Invalid { .. }
            ),
            "{event}"
        );
    }
}

#[tokio::test]
async fn configured_lists_find_their_entries_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let config = || EmulatorConfig {
        persist_path: Some(dir.path().join("store.json")),
        ..EmulatorConfig::for_tests().with_list(sales())
    };
    let api = Api::with(config()).await;
    let ada = person(&api, "ada@example.com").await;
    let created = api
        .put(
            "/v2/lists/sales/entries",
            entry(&ada, json!({"stage": "Won"})),
        )
        .await;
    let entry_id = created.data()["id"]["entry_id"]
        .as_str()
        .unwrap()
        .to_owned();
    api.emu.shutdown().await.unwrap();

    let api = Api::with(config()).await;
    let back = api
        .get(&format!("/v2/lists/sales/entries/{entry_id}"))
        .await;
    assert_eq!(titles(back.data(), "stage"), ["Won"]);
}

/// A persisted store keeps a configured list as it was persisted: an attribute added to it
/// through the API and a rename of its parent object survive the restart (the restart
/// failed when the configuration's parent slug was looked up again, and the list was
/// rebuilt from its configuration, without the added attribute).
#[tokio::test]
async fn a_configured_list_keeps_api_changes_and_a_renamed_parent_through_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let config = || EmulatorConfig {
        persist_path: Some(dir.path().join("store.json")),
        ..EmulatorConfig::for_tests()
            .with_object(ObjectSpec::new("deals").attribute(AttributeSpec::new("name", T::Text)))
            .with_list(ListSpec::new("pipeline", "deals"))
    };
    let api = Api::with(config()).await;
    let added = json!({"data": {
        "title": "Owner note", "description": null, "api_slug": "owner_note", "type": "text",
        "is_required": false, "is_unique": false, "is_multiselect": false, "config": {}
    }});
    api.post("/v2/lists/pipeline/attributes", added).await;
    let deal = api.create("deals", json!({"name": "Big one"})).await;
    let body = json!({"data": {"parent_record_id": deal, "parent_object": "deals",
                               "entry_values": {"owner_note": "call Monday"}}});
    let created = api.post("/v2/lists/pipeline/entries", body).await;
    let entry_id = created.data()["id"]["entry_id"]
        .as_str()
        .unwrap()
        .to_owned();
    api.patch(
        "/v2/objects/deals",
        json!({"data": {"api_slug": "opportunities"}}),
    )
    .await;
    api.emu.shutdown().await.unwrap();

    let api = Api::with(config()).await;
    let list = api.get("/v2/lists/pipeline").await;
    assert_eq!(list.data()["parent_object"], json!(["opportunities"]));
    let attributes = api.get("/v2/lists/pipeline/attributes").await;
    assert!(
        attributes
            .data()
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["api_slug"] == "owner_note"),
        "{}",
        attributes.data()
    );
    let back = api
        .get(&format!("/v2/lists/pipeline/entries/{entry_id}"))
        .await;
    assert_eq!(
        back.data()["entry_values"]["owner_note"][0]["value"],
        "call Monday"
    );
    assert_eq!(back.data()["parent_object"], "opportunities");
}
