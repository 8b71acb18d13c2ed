//! The emulator's list and entry responses validate against Attio's OpenAPI spec: all 12
//! list/entry operations and a record's entries, success and documented errors, with entry
//! values of several types.

use attio_emulator::{AttributeSpec, AttributeType as T, Emulator, EmulatorConfig, ListSpec};
use attio_testkit::spec_calls::checked;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn every_list_and_entry_response_matches_the_spec() {
    let list = ListSpec::new("deals", "companies")
        .attribute(AttributeSpec::new("stage", T::Status).statuses(["Open", "Won"]))
        .attribute(
            AttributeSpec::new("tags", T::Select)
                .options(["a", "b"])
                .multiselect(),
        )
        .attribute(AttributeSpec::new("value", T::Currency).currency("EUR"))
        .attribute(AttributeSpec::new("close", T::Date))
        .attribute(AttributeSpec::new("note", T::Text));
    let emu = Emulator::start(EmulatorConfig::for_tests().with_list(list))
        .await
        .unwrap();
    let company = checked(
        &emu,
        Method::POST,
        "/v2/objects/companies/records",
        "/v2/objects/{object}/records",
        Some(json!({"data": {"values": {"domains": ["acme.example"]}}})),
        200,
    )
    .await;
    let company_id = company["data"]["id"]["record_id"]
        .as_str()
        .unwrap()
        .to_owned();

    checked(&emu, Method::GET, "/v2/lists", "/v2/lists", None, 200).await;
    let created = checked(
        &emu,
            Method::POST,
            "/v2/lists",
            "/v2/lists",
            Some(json!({"data": {"name": "Hiring", "api_slug": "hiring", "parent_object": "people",
                                 "workspace_access": "full-access", "workspace_member_access": []}})),
            200,
        )
        .await;
    assert_eq!(created["data"]["api_slug"], "hiring");
    let list_path = "/v2/lists/{list}";
    checked(&emu, Method::GET, "/v2/lists/deals", list_path, None, 200).await;
    checked(
        &emu,
        Method::PATCH,
        "/v2/lists/hiring",
        list_path,
        Some(json!({"data": {"name": "Recruiting"}})),
        200,
    )
    .await;
    checked(&emu, Method::GET, "/v2/lists/nope", list_path, None, 404).await;

    let entries = "/v2/lists/{list}/entries";
    let values = json!({"stage": "Open", "tags": ["a", "b"], "value": 1200.5, "close": "2026-12-31", "note": "first"});
    let body = json!({"data": {"parent_record_id": company_id, "parent_object": "companies", "entry_values": values}});
    let asserted = checked(
        &emu,
        Method::PUT,
        "/v2/lists/deals/entries",
        entries,
        Some(body.clone()),
        200,
    )
    .await;
    let entry_id = asserted["data"]["id"]["entry_id"]
        .as_str()
        .unwrap()
        .to_owned();
    checked(
        &emu,
        Method::POST,
        "/v2/lists/deals/entries",
        entries,
        Some(body.clone()),
        200,
    )
    .await;
    checked(
        &emu,
        Method::PUT,
        "/v2/lists/deals/entries",
        entries,
        Some(body),
        400,
    )
    .await;
    let missing = json!({"data": {"parent_record_id": "bf071e1f-6035-429d-b874-d83ea64ea13b",
                                  "parent_object": "companies", "entry_values": {}}});
    checked(
        &emu,
        Method::POST,
        "/v2/lists/deals/entries",
        entries,
        Some(missing),
        400,
    )
    .await;
    checked(
        &emu,
        Method::POST,
        "/v2/lists/nope/entries",
        entries,
        Some(json!({"data": {"parent_record_id": company_id, "parent_object": "companies", "entry_values": {}}})),
        404,
    )
    .await;

    let by_id = "/v2/lists/{list}/entries/{entry_id}";
    let path = format!("/v2/lists/deals/entries/{entry_id}");
    checked(&emu, Method::GET, &path, by_id, None, 200).await;
    let change = json!({"data": {"entry_values": {"stage": "Won", "tags": ["b"]}}});
    checked(&emu, Method::PATCH, &path, by_id, Some(change.clone()), 200).await;
    checked(&emu, Method::PUT, &path, by_id, Some(change), 200).await;
    let reparent = json!({"data": {"parent_record_id": "bf071e1f-6035-429d-b874-d83ea64ea13b", "entry_values": {}}});
    checked(&emu, Method::PATCH, &path, by_id, Some(reparent), 400).await;
    checked(
        &emu,
        Method::POST,
        "/v2/lists/deals/entries/query",
        "/v2/lists/{list}/entries/query",
        Some(json!({"filter": {"note": "first"}, "sorts": [{"attribute": "close", "direction": "asc"}], "limit": 10})),
        200,
    )
    .await;
    checked(
        &emu,
        Method::GET,
        &format!("{path}/attributes/stage/values?show_historic=true"),
        "/v2/lists/{list}/entries/{entry_id}/attributes/{attribute}/values",
        None,
        200,
    )
    .await;
    let record_entries = checked(
        &emu,
        Method::GET,
        &format!("/v2/objects/companies/records/{company_id}/entries"),
        "/v2/objects/{object}/records/{record_id}/entries",
        None,
        200,
    )
    .await;
    assert_eq!(record_entries["data"].as_array().unwrap().len(), 2);
    checked(&emu, Method::DELETE, &path, by_id, None, 200).await;
    checked(&emu, Method::GET, &path, by_id, None, 404).await;
    checked(&emu, Method::DELETE, &path, by_id, None, 404).await;
}

#[tokio::test]
async fn the_client_asserts_updates_and_queries_entries_on_the_emulator() {
    use attio_core::client::Values;
    use attio_core::query::{Filter, Sort};
    use attio_testkit::emulator::values;

    let list = ListSpec::new("sales", "people")
        .attribute(AttributeSpec::new("stage", T::Select).options(["Lead", "Won"]))
        .attribute(
            AttributeSpec::new("tags", T::Select)
                .options(["hot", "vip"])
                .multiselect(),
        )
        .attribute(AttributeSpec::new("amount", T::Number));
    let emu = Emulator::start(EmulatorConfig::for_tests().with_list(list))
        .await
        .unwrap();
    let client = attio_testkit::emulator::client(&emu);
    let mut parents = Vec::new();
    for email in ["ada@example.com", "bob@example.com"] {
        let person = client
            .create_record("people", values(json!({"email_addresses": [email]})))
            .await
            .unwrap();
        parents.push(person.id().to_owned());
    }
    let entries = client.entries("sales");
    let ada = entries
        .assert(
            "people",
            &parents[0],
            values(json!({"stage": "Lead", "tags": ["hot"], "amount": 5})),
        )
        .await
        .unwrap();
    // Asserting again updates the same entry and overwrites the tags.
    let again = entries
        .assert("people", &parents[0], values(json!({"tags": ["vip"]})))
        .await
        .unwrap();
    assert_eq!(again.entry_id(), ada.entry_id());
    assert_eq!(again.values().current("tags").len(), 1);
    // PATCH appends.
    let patched = entries
        .update(ada.entry_id(), values(json!({"tags": ["hot"]})))
        .await
        .unwrap();
    assert_eq!(patched.values().current("tags").len(), 2);
    entries
        .assert(
            "people",
            &parents[1],
            values(json!({"stage": "Won", "amount": 9})),
        )
        .await
        .unwrap();
    let found = entries
        .query()
        .sort(Sort::raw(
            json!({"attribute": "amount", "direction": "desc"}),
        ))
        .collect(10)
        .await
        .unwrap();
    let amounts: Vec<f64> = found
        .iter()
        .map(|e| e.field::<f64>("amount").unwrap())
        .collect();
    assert_eq!(amounts, [9.0, 5.0]);
    let won = entries
        .query()
        .filter(Filter::raw(json!({"stage": "Won"})))
        .collect(10)
        .await
        .unwrap();
    assert_eq!(won.len(), 1);
    assert_eq!(won[0].parent_record_id, parents[1]);
    let of_ada = client
        .record_entries("people", &parents[0], 10, 0)
        .await
        .unwrap();
    assert_eq!(of_ada.len(), 1);
    assert_eq!(of_ada[0].entry_id, ada.entry_id());
    // Several entries for one parent: assert refuses.
    entries
        .create("people", &parents[0], Values::new())
        .await
        .unwrap();
    let error = entries
        .assert("people", &parents[0], Values::new())
        .await
        .unwrap_err();
    assert_eq!(
        error.api().map(|e| e.code.as_str().to_owned()),
        Some("multiple_match_results".to_owned()),
        "{error:?}"
    );
    let lists = client.lists().list().await.unwrap();
    assert_eq!(lists[0].api_slug, "sales");
    entries.delete(ada.entry_id()).await.unwrap();
    assert!(
        entries
            .get(ada.entry_id())
            .await
            .unwrap_err()
            .is_not_found()
    );
}
