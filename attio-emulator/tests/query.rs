//! `POST …/records/query`: filters, sorts, limit and offset.

mod common;

use common::{Api, fields};
use serde_json::{Value, json};

async fn people() -> Api {
    let api = Api::start().await;
    for (first, last, email, title) in [
        ("Ada", "Lovelace", "ada@analytical.org", "Mathematician"),
        ("Grace", "Hopper", "grace@navy.mil", "Admiral"),
        ("Alan", "Turing", "alan@bletchley.uk", "Mathematician"),
        ("Linus", "Torvalds", "linus@kernel.org", ""),
    ] {
        let mut values =
            json!({"name": {"first_name": first, "last_name": last}, "email_addresses": [email]});
        if !title.is_empty() {
            values["job_title"] = json!(title);
        }
        api.create("people", values).await;
    }
    api
}

async fn names(api: &Api, body: Value) -> Vec<String> {
    let reply = api.post("/v2/objects/people/records/query", body).await;
    reply
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            fields(r, "name", "first_name")[0]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn equality_forms() {
    let api = people().await;
    assert_eq!(
        names(
            &api,
            json!({"filter": {"email_addresses": "GRACE@navy.mil"}})
        )
        .await,
        ["Grace"]
    );
    assert_eq!(
        names(
            &api,
            json!({"filter": {"job_title": {"$eq": "Mathematician"}}})
        )
        .await,
        ["Ada", "Alan"]
    );
    assert_eq!(
        names(
            &api,
            json!({"filter": {"name": {"full_name": {"$eq": "Alan Turing"}}}})
        )
        .await,
        ["Alan"]
    );
    assert_eq!(
        names(&api, json!({"filter": {"name": {"last_name": "Hopper"}}})).await,
        ["Grace"]
    );
    assert_eq!(names(&api, json!({"filter": {"job_title": "Mathematician", "email_addresses": "ada@analytical.org"}})).await, ["Ada"]);
    assert_eq!(
        names(&api, json!({})).await.len(),
        4,
        "no filter: everything"
    );
}

#[tokio::test]
async fn in_contains_and_logic() {
    let api = people().await;
    let all = api
        .post("/v2/objects/people/records/query", json!({}))
        .await;
    let ids: Vec<Value> = all
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"]["record_id"].clone())
        .collect();
    assert_eq!(
        names(
            &api,
            json!({"filter": {"record_id": {"$in": [ids[1], ids[3]]}}})
        )
        .await,
        ["Grace", "Linus"]
    );
    assert_eq!(
        names(
            &api,
            json!({"filter": {"name": {"full_name": {"$contains": "TUR"}}}})
        )
        .await,
        ["Alan"]
    );
    assert_eq!(
        names(
            &api,
            json!({"filter": {"email_addresses": {"email_address": {"$ends_with": ".org"}}}})
        )
        .await,
        ["Ada", "Linus"]
    );
    assert_eq!(
        names(
            &api,
            json!({"filter": {"name": {"first_name": {"$starts_with": "a"}}}})
        )
        .await,
        ["Ada", "Alan"]
    );
    assert_eq!(
        names(&api, json!({"filter": {"$or": [{"email_addresses": "grace@navy.mil"}, {"job_title": {"$contains": "math"}}]}})).await,
        ["Ada", "Grace", "Alan"]
    );
    assert_eq!(
        names(&api, json!({"filter": {"$and": [{"job_title": "Mathematician"}, {"$not": {"name": {"first_name": "Ada"}}}]}})).await,
        ["Alan"]
    );
    assert_eq!(
        names(
            &api,
            json!({"filter": {"job_title": {"$not_empty": false}}})
        )
        .await,
        ["Linus"]
    );
}

#[tokio::test]
async fn sorts_limit_offset() {
    let api = people().await;
    let sorted = names(
        &api,
        json!({"sorts": [{"attribute": "name", "field": "last_name", "direction": "asc"}]}),
    )
    .await;
    assert_eq!(sorted, ["Grace", "Ada", "Linus", "Alan"]);
    let desc = names(&api, json!({"sorts": [{"attribute": "job_title", "direction": "desc"}, {"attribute": "name", "field": "first_name", "direction": "desc"}]})).await;
    assert_eq!(
        desc,
        ["Alan", "Ada", "Grace", "Linus"],
        "ties broken by the next sort, missing values last"
    );
    let page = names(&api, json!({"sorts": [{"attribute": "name", "field": "first_name", "direction": "asc"}], "limit": 2, "offset": 1})).await;
    assert_eq!(page, ["Alan", "Grace"]);
    assert!(names(&api, json!({"offset": 10})).await.is_empty());
}

#[tokio::test]
async fn bad_queries() {
    let api = people().await;
    let path = "/v2/objects/people/records/query";
    api.post(path, json!({"filter": {"nope": "x"}}))
        .await
        .expect_error(400, "filter_error");
    api.post(path, json!({"filter": {"job_title": {"$neq": "x"}}}))
        .await
        .expect_error(400, "filter_error");
    api.post(path, json!({"filter": {"$and": {"job_title": "x"}}}))
        .await
        .expect_error(400, "filter_error");
    api.post(path, json!({"filter": {"job_title": {"$in": "x"}}}))
        .await
        .expect_error(400, "filter_error");
    api.post(
        path,
        json!({"sorts": [{"attribute": "name", "direction": "up"}]}),
    )
    .await
    .expect_error(400, "validation_type");
    api.post(path, json!({"limit": -1}))
        .await
        .expect_error(400, "validation_type");
    api.post("/v2/objects/nope/records/query", json!({}))
        .await
        .expect_error(404, "not_found");
}
