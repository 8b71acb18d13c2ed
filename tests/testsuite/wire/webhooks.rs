//! The exact requests of the webhook operations (method, path, query, body), each body
//! validated against the request schema of Attio's OpenAPI spec, and the decoding of
//! responses that themselves validate against the spec's response schemas, against a mock
//! server on 127.0.0.1.

use attio_core::Error;
use attio_core::webhook::{
    EventType, FilterCondition, NewWebhook, Subscription, SubscriptionFilter, WebhookStatus,
    WebhookUpdate,
};
use attio_testkit::openapi::Spec;
use attio_testkit::wire::*;
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, Request, ResponseTemplate};

const WEBHOOK_ID: &str = "23e42eaf-323a-41da-b5bb-fd67eebda553";
const SECRET: &str = "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb";
const OBJECT_ID: &str = "97052eb9-e65e-443f-a297-f2d9a4a7f795";

fn by_id() -> String {
    format!("/v2/webhooks/{WEBHOOK_ID}")
}

/// A webhook in the read shape, with the values of the spec's examples.
fn webhook_json() -> Value {
    json!({
        "target_url": "https://example.com/webhook",
        "subscriptions": [
            {"event_type": "record.created", "filter": null},
            {"event_type": "note.created", "filter": {"$and": [
                {"field": "parent_object_id", "operator": "equals", "value": OBJECT_ID}]}}
        ],
        "id": {"workspace_id": "14beef7a-99f7-4534-a87e-70b564330a4c", "webhook_id": WEBHOOK_ID},
        "status": "active",
        "created_at": "2023-04-27T13:22:49.061281000Z"
    })
}

fn created_json() -> Value {
    let mut body = webhook_json();
    body["secret"] = json!(SECRET);
    json!({ "data": body })
}

/// The subscriptions of [`webhook_json`], typed.
fn subscriptions() -> Vec<Subscription> {
    vec![
        Subscription::to(EventType::RecordCreated),
        Subscription::filtered(
            EventType::NoteCreated,
            SubscriptionFilter::All(vec![FilterCondition::equals("parent_object_id", OBJECT_ID)]),
        ),
    ]
}

/// `response` answered for `method path`, after checking it against the spec.
fn answer(method: &str, spec_path: &str, body: Value) -> ResponseTemplate {
    Spec::load()
        .response(method, spec_path, 200)
        .assert_valid(&body);
    ResponseTemplate::new(200).set_body_json(body)
}

fn request_body_matches_spec(method: &str, spec_path: &str) -> impl Fn(&Request) -> bool {
    let check = Spec::load().request(method, spec_path);
    move |request: &Request| {
        let body: Value = serde_json::from_slice(&request.body).expect("JSON body");
        check.check(&body).map_err(|e| eprintln!("{e}")).is_ok()
    }
}

#[tokio::test]
async fn create_sends_a_spec_valid_body_and_keeps_the_secret_secret() {
    let server = server().await;
    let new = NewWebhook::new("https://example.com/webhook")
        .subscribe(subscriptions()[0].clone())
        .subscribe(subscriptions()[1].clone());
    Mock::given(method("POST"))
        .and(path("/v2/webhooks"))
        .and(bearer())
        .and(json_content())
        .and(body_json(json!({"data": {
            "target_url": "https://example.com/webhook",
            "subscriptions": webhook_json()["subscriptions"].clone(),
        }})))
        .and(request_body_matches_spec("post", "/v2/webhooks"))
        .respond_with(answer("post", "/v2/webhooks", created_json()))
        .expect(1)
        .mount(&server)
        .await;

    // The check can fail: the spec's `^https://` pattern refuses a plain-HTTP target.
    let plain = json!({"data": {"target_url": "http://example.com", "subscriptions": []}});
    assert!(
        Spec::load()
            .request("post", "/v2/webhooks")
            .check(&plain)
            .is_err()
    );

    let created = client(&server)
        .webhooks()
        .create(&new)
        .await
        .expect("create");
    assert_eq!(created.webhook.id.webhook_id, WEBHOOK_ID);
    assert_eq!(created.webhook.subscriptions, subscriptions());
    assert_eq!(created.webhook.status, WebhookStatus::Active);
    assert_eq!(created.secret.expose_secret(), SECRET);
    let shown = format!("{created:?} {created:#?} {:?}", created.secret);
    assert!(
        !shown.contains(SECRET) && !shown.contains(&SECRET[..12]),
        "{shown}"
    );
}

#[tokio::test]
async fn create_is_not_repeated_after_a_5xx() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/v2/webhooks"))
        .respond_with(ResponseTemplate::new(503).set_body_json(error_body(
            503,
            "api_error",
            "service_unavailable",
            "down",
        )))
        .expect(1)
        .mount(&server)
        .await;
    let new = NewWebhook::new("https://example.com/w")
        .subscribe(Subscription::to(EventType::RecordUpdated));
    let error = client(&server).webhooks().create(&new).await.unwrap_err();
    assert!(error.is_outcome_unknown(), "{error:?}");
}

#[tokio::test]
async fn list_get_update_delete_send_the_documented_requests() {
    let server = server().await;
    let spec_by_id = "/v2/webhooks/{webhook_id}";
    Mock::given(method("GET"))
        .and(path("/v2/webhooks"))
        .and(raw_query("limit=50&offset=100"))
        .and(bearer())
        .and(no_body)
        .respond_with(answer(
            "get",
            "/v2/webhooks",
            json!({"data": [webhook_json()]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(by_id()))
        .and(no_body)
        .respond_with(answer("get", spec_by_id, json!({"data": webhook_json()})))
        .expect(1)
        .mount(&server)
        .await;
    let mut updated = webhook_json();
    updated["target_url"] = json!("https://example.com/other");
    updated["subscriptions"] = json!([{"event_type": "record.deleted", "filter": {"$or": [
        {"field": "id.object_id", "operator": "not_equals", "value": OBJECT_ID}]}}]);
    Mock::given(method("PATCH"))
        .and(path(by_id()))
        .and(json_content())
        .and(body_json(json!({"data": {
            "target_url": "https://example.com/other",
            "subscriptions": updated["subscriptions"].clone(),
        }})))
        .and(request_body_matches_spec("patch", spec_by_id))
        .respond_with(answer("patch", spec_by_id, json!({"data": updated})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(by_id()))
        .and(no_body)
        .respond_with(answer("delete", spec_by_id, json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let webhooks = client.webhooks();
    let page = webhooks.list(50, 100).await.expect("list");
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].subscriptions, subscriptions());
    let one = webhooks.get(WEBHOOK_ID).await.expect("get");
    assert_eq!(one, page[0]);
    let update = WebhookUpdate::new()
        .target_url("https://example.com/other")
        .subscriptions(vec![Subscription::filtered(
            EventType::RecordDeleted,
            SubscriptionFilter::Any(vec![FilterCondition::not_equals("id.object_id", OBJECT_ID)]),
        )]);
    let changed = webhooks.update(WEBHOOK_ID, &update).await.expect("update");
    assert_eq!(changed.target_url, "https://example.com/other");
    webhooks.delete(WEBHOOK_ID).await.expect("delete");
}

#[tokio::test]
async fn update_is_retried_after_a_5xx_and_unknown_webhooks_are_not_found() {
    let server = server().await;
    Mock::given(method("PATCH"))
        .and(path(by_id()))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(by_id()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": webhook_json()})))
        .with_priority(2)
        .mount(&server)
        .await;
    let not_found = error_body(
        404,
        "invalid_request_error",
        "not_found",
        "Webhook with ID \"23e42eaf-323a-41da-b5bb-fd67eebda553\" was not found.",
    );
    Spec::load()
        .response("get", "/v2/webhooks/{webhook_id}", 404)
        .assert_valid(&not_found);
    Mock::given(method("GET"))
        .and(path(by_id()))
        .respond_with(ResponseTemplate::new(404).set_body_json(not_found))
        .mount(&server)
        .await;

    let client = client(&server);
    let update = WebhookUpdate::new().target_url("https://example.com/webhook");
    client
        .webhooks()
        .update(WEBHOOK_ID, &update)
        .await
        .expect("retried");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
    let error = client.webhooks().get(WEBHOOK_ID).await.unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
}

#[tokio::test]
async fn ids_that_are_not_uuids_are_refused_before_sending() {
    let server = server().await;
    let client = client(&server);
    for bad in ["", "hook", "../records", "23e42eaf323a41dab5bbfd67eebda553"] {
        let error = client.webhooks().delete(bad).await.unwrap_err();
        assert!(
            matches!(
                error,
                Error::InvalidId {
                    what: "webhook id",
                    ..
                }
            ),
            "{bad:?}: {error:?}"
        );
        assert!(error.is_rejected_before_sending());
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}
