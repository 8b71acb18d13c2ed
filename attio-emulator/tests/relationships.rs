//! Record references must exist; relationship pairs stay each other's inverse.

mod common;

use common::{Api, fields, record_id, values};
use serde_json::{Value, json};

fn targets(record: &Value, slug: &str) -> Vec<Value> {
    fields(record, slug, "target_record_id")
}

async fn record(api: &Api, object: &str, id: &str) -> Value {
    api.get(&format!("/v2/objects/{object}/records/{id}"))
        .await
        .data()
        .clone()
}

#[tokio::test]
async fn users_person_and_people_associated_users_are_inverse() {
    let api = Api::start().await;
    let alice = api
        .create("people", json!({"email_addresses": ["alice@example.com"]}))
        .await;
    let bob = api
        .create("people", json!({"email_addresses": ["bob@example.com"]}))
        .await;
    let user = api
        .put(
            "/v2/objects/users/records?matching_attribute=user_id",
            json!({"data": {"values": {"user_id": "u1", "primary_email_address": "u1@example.com", "person": {"target_object": "people", "target_record_id": alice}}}}),
        )
        .await;
    let user = record_id(user.data());
    let alice_record = record(&api, "people", &alice).await;
    assert_eq!(targets(&alice_record, "associated_users"), [json!(user)]);
    assert_eq!(
        values(&alice_record, "associated_users")[0]["target_object"],
        "users"
    );

    // Re-point the user: Alice loses it, Bob gains it, and Alice's old link is history.
    api.patch(
        &format!("/v2/objects/users/records/{user}"),
        json!({"data": {"values": {"person": {"target_object": "people", "email_addresses": [{"email_address": "bob@example.com"}]}}}}),
    )
    .await
    .data();
    assert!(targets(&record(&api, "people", &alice).await, "associated_users").is_empty());
    assert_eq!(
        targets(&record(&api, "people", &bob).await, "associated_users"),
        [json!(user)]
    );
    let history = api
        .get(&format!("/v2/objects/people/records/{alice}/attributes/associated_users/values?show_historic=true"))
        .await;
    assert_eq!(history.data().as_array().unwrap().len(), 1);
    assert!(history.data()[0]["active_until"].is_string());

    // Deleting the user unlinks it from Bob.
    api.delete(&format!("/v2/objects/users/records/{user}"))
        .await
        .data();
    assert!(targets(&record(&api, "people", &bob).await, "associated_users").is_empty());
}

#[tokio::test]
async fn writing_the_multi_side_repoints_the_single_side() {
    let api = Api::start().await;
    let person = api
        .create("people", json!({"email_addresses": ["p@example.com"]}))
        .await;
    let acme = api.create("companies", json!({"domains": ["acme.com"], "team": [{"target_object": "people", "target_record_id": person}]})).await;
    assert_eq!(
        targets(&record(&api, "people", &person).await, "company"),
        [json!(acme)]
    );
    let globex = api
        .create("companies", json!({"domains": ["globex.com"]}))
        .await;
    // people.company is single: adding the person to Globex's team moves them.
    api.patch(
        &format!("/v2/objects/companies/records/{globex}"),
        json!({"data": {"values": {"team": ["p@example.com"]}}}),
    )
    .await
    .data();
    assert_eq!(
        targets(&record(&api, "people", &person).await, "company"),
        [json!(globex)]
    );
    assert!(
        targets(&record(&api, "companies", &acme).await, "team").is_empty(),
        "Acme's team lost the person"
    );
}

#[tokio::test]
async fn users_workspace_and_workspaces_users_are_inverse() {
    let api = Api::start().await;
    let ws = api
        .create("workspaces", json!({"workspace_id": "ws-1", "name": "One"}))
        .await;
    let user = api
        .post(
            "/v2/objects/users/records",
            json!({"data": {"values": {"user_id": "u1", "primary_email_address": "u@example.com", "workspace": "ws-1"}}}),
        )
        .await;
    let user = record_id(user.data());
    assert_eq!(
        targets(&record(&api, "workspaces", &ws).await, "users"),
        [json!(user)]
    );
    api.put(
        &format!("/v2/objects/users/records/{user}"),
        json!({"data": {"values": {"workspace": []}}}),
    )
    .await
    .data();
    assert!(targets(&record(&api, "workspaces", &ws).await, "users").is_empty());
}

#[tokio::test]
async fn references_must_point_at_existing_records() {
    let api = Api::start().await;
    let missing = json!({"data": {"values": {"user_id": "u1", "primary_email_address": "u@example.com",
        "person": {"target_object": "people", "target_record_id": "00000000-0000-4000-8000-000000000000"}}}});
    api.post("/v2/objects/users/records", missing)
        .await
        .expect_error(400, "value_not_found");
    let by_email = json!({"data": {"values": {"user_id": "u1", "primary_email_address": "u@example.com",
        "person": {"target_object": "people", "email_addresses": "nobody@example.com"}}}});
    api.post("/v2/objects/users/records", by_email)
        .await
        .expect_error(400, "value_not_found");
    let wrong_object = json!({"data": {"values": {"user_id": "u1", "primary_email_address": "u@example.com",
        "person": {"target_object": "companies", "target_record_id": "x"}}}});
    api.post("/v2/objects/users/records", wrong_object)
        .await
        .expect_error(400, "validation_type");
    let unknown_object = json!({"data": {"values": {"user_id": "u1", "primary_email_address": "u@example.com",
        "person": {"target_object": "planets", "target_record_id": "x"}}}});
    api.post("/v2/objects/users/records", unknown_object)
        .await
        .expect_error(400, "value_not_found");
    api.post("/v2/objects/users/records", json!({"data": {"values": {"user_id": "u1", "primary_email_address": "u@example.com", "person": "ghost@example.com"}}}))
        .await
        .expect_error(400, "value_not_found");
    assert!(api.emu.records("users").is_empty());
}

#[tokio::test]
async fn seeded_records_may_have_any_id() {
    let api = Api::start().await;
    let odd = "72ef5feaf-4919-4208-b332-1339ab8ba040";
    let seeded = api
        .emu
        .seed_record("workspaces", odd, json!({"workspace_id": "w"}))
        .unwrap();
    assert_eq!(seeded["id"]["record_id"], odd);
    assert_eq!(
        values(&seeded, "workspace_id")[0]["created_by_actor"]["type"],
        "system"
    );
    assert_eq!(
        api.emu
            .seed_record("workspaces", odd, json!({"workspace_id": "w2"}))
            .unwrap_err()
            .code,
        "uniqueness_conflict"
    );
    assert_eq!(
        api.emu
            .seed_record("workspaces", "other", json!({}))
            .unwrap_err()
            .code,
        "missing_value"
    );
    let user = api
        .post(
            "/v2/objects/users/records",
            json!({"data": {"values": {"user_id": "u1", "primary_email_address": "u@example.com", "workspace": [{"target_object": "workspaces", "target_record_id": odd}]}}}),
        )
        .await;
    assert_eq!(targets(user.data(), "workspace"), [json!(odd)]);
    assert_eq!(
        api.get(&format!("/v2/objects/workspaces/records/{odd}"))
            .await
            .data()["id"]["record_id"],
        odd
    );
}

#[tokio::test]
async fn inverse_links_append_in_link_order_and_come_back_once_after_leaving() {
    let api = Api::start().await;
    let one = api
        .create("workspaces", json!({"workspace_id": "ws-1"}))
        .await;
    let two = api
        .create("workspaces", json!({"workspace_id": "ws-2"}))
        .await;
    let mut users = Vec::new();
    for n in 1..=3 {
        let body = json!({"data": {"values": {"user_id": format!("u{n}"), "primary_email_address": format!("u{n}@example.com"), "workspace": [{"target_object": "workspaces", "target_record_id": one}]}}});
        let user = api
            .put(
                "/v2/objects/users/records?matching_attribute=user_id",
                body.clone(),
            )
            .await;
        users.push(record_id(user.data()));
        // Asserting the same user again links nothing new.
        api.put("/v2/objects/users/records?matching_attribute=user_id", body)
            .await
            .data();
    }
    let ids = |list: &[&String]| list.iter().map(|id| json!(id)).collect::<Vec<_>>();
    assert_eq!(
        targets(&record(&api, "workspaces", &one).await, "users"),
        ids(&[&users[0], &users[1], &users[2]])
    );

    // u2 moves to ws-2, then back: ws-1 holds it once, at the end, and its old link is history.
    for target in [&two, &one] {
        api.put(
            "/v2/objects/users/records?matching_attribute=user_id",
            json!({"data": {"values": {"user_id": "u2", "workspace": [{"target_object": "workspaces", "target_record_id": target}]}}}),
        )
        .await
        .data();
    }
    assert_eq!(
        targets(&record(&api, "workspaces", &one).await, "users"),
        ids(&[&users[0], &users[2], &users[1]])
    );
    assert!(targets(&record(&api, "workspaces", &two).await, "users").is_empty());
    let history = api
        .get(&format!(
            "/v2/objects/workspaces/records/{one}/attributes/users/values?show_historic=true"
        ))
        .await;
    let closed = history
        .data()
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["active_until"].is_string())
        .count();
    assert_eq!(closed, 1);
}
