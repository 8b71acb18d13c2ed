//! Many clients at once never corrupt the store or break uniqueness.

mod common;

use common::Api;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_asserts_of_one_new_key_create_one_record() {
    let api = std::sync::Arc::new(Api::start().await);
    let mut tasks = Vec::new();
    for _ in 0..32 {
        let api = api.clone();
        tasks.push(tokio::spawn(async move {
            api.assert_user("same", "same@example.com")
                .await
                .status
                .as_u16()
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), 200);
    }
    assert_eq!(api.emu.records("users").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creates_of_one_unique_value_let_exactly_one_win() {
    let api = std::sync::Arc::new(Api::start().await);
    let mut tasks = Vec::new();
    for i in 0..24 {
        let api = api.clone();
        tasks.push(tokio::spawn(async move {
            let body = json!({"data": {"values": {"user_id": format!("u{i}"), "primary_email_address": "shared@example.com"}}});
            api.post("/v2/objects/users/records", body).await.status.as_u16()
        }));
    }
    let mut codes = Vec::new();
    for task in tasks {
        codes.push(task.await.unwrap());
    }
    assert_eq!(codes.iter().filter(|c| **c == 200).count(), 1, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| **c == 400).count(), 23);
    assert_eq!(api.emu.records("users").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_distinct_asserts_all_land() {
    let api = std::sync::Arc::new(Api::start().await);
    let mut tasks = Vec::new();
    for t in 0..8 {
        let api = api.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..25 {
                let id = format!("u{t}-{i}");
                assert_eq!(
                    api.assert_user(&id, &format!("{id}@example.com"))
                        .await
                        .status,
                    200
                );
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(api.emu.records("users").len(), 200);
    assert_eq!(api.emu.stats().writes_applied, 200);
}
