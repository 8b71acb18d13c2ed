//! The emulator's webhook responses validate against Attio's OpenAPI spec (every operation,
//! success and documented errors), and attio-core's webhooks handler round-trips through it.

use attio_core::webhook::{
    EventType, FilterCondition, NewWebhook, Subscription, SubscriptionFilter, WebhookStatus,
    WebhookUpdate,
};
use attio_emulator::{Emulator, EmulatorConfig};
use attio_testkit::openapi::Spec;
use attio_testkit::spec_calls::checked;
use reqwest::Method;
use serde_json::json;

const BY_ID: &str = "/v2/webhooks/{webhook_id}";

#[tokio::test]
async fn every_webhook_response_matches_the_spec() {
    let emu = Emulator::start(EmulatorConfig::for_tests()).await.unwrap();
    let create = json!({"data": {"target_url": "https://example.com/hook", "subscriptions": [
        {"event_type": "record.created", "filter": null},
        {"event_type": "list-entry.updated", "filter": {"$and": [
            {"field": "id.list_id", "operator": "equals", "value": "97052eb9-e65e-443f-a297-f2d9a4a7f795"},
            {"field": "actor.type", "operator": "not_equals", "value": "system"}]}}]}});
    Spec::load()
        .request("post", "/v2/webhooks")
        .assert_valid(&create);
    let created = checked(
        &emu,
        Method::POST,
        "/v2/webhooks",
        "/v2/webhooks",
        Some(create),
        200,
    )
    .await;
    let id = created["data"]["id"]["webhook_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/v2/webhooks/{id}");
    checked(&emu, Method::GET, "/v2/webhooks", "/v2/webhooks", None, 200).await;
    checked(&emu, Method::GET, &path, BY_ID, None, 200).await;
    let update = json!({"data": {"target_url": "https://example.com/other"}});
    Spec::load().request("patch", BY_ID).assert_valid(&update);
    checked(&emu, Method::PATCH, &path, BY_ID, Some(update.clone()), 200).await;
    checked(&emu, Method::DELETE, &path, BY_ID, None, 200).await;
    for method in [Method::GET, Method::PATCH, Method::DELETE] {
        let body = (method == Method::PATCH).then(|| update.clone());
        checked(&emu, method, &path, BY_ID, body, 404).await;
    }
    let bad = json!({"data": {"target_url": "https://example.com/hook", "subscriptions": [
        {"event_type": "record.exploded", "filter": null}]}});
    checked(
        &emu,
        Method::POST,
        "/v2/webhooks",
        "/v2/webhooks",
        Some(bad),
        400,
    )
    .await;
}

#[tokio::test]
async fn the_client_manages_webhooks_on_the_emulator() {
    let emu = Emulator::start(EmulatorConfig::for_tests()).await.unwrap();
    let client = attio_testkit::emulator::client(&emu);
    let webhooks = client.webhooks();
    let subscription = Subscription::filtered(
        EventType::RecordUpdated,
        SubscriptionFilter::All(vec![FilterCondition::not_equals("actor.type", "system")]),
    );
    let created = webhooks
        .create(&NewWebhook::new("http://127.0.0.1:9/hook").subscribe(subscription.clone()))
        .await
        .expect("loopback http is accepted by the emulator");
    assert_eq!(created.secret.expose_secret().len(), 64);
    assert!(!format!("{created:?}").contains(created.secret.expose_secret()));
    let id = created.webhook.id.webhook_id.clone();
    assert_eq!(webhooks.get(&id).await.unwrap(), created.webhook);
    assert_eq!(
        webhooks.list(10, 0).await.unwrap(),
        vec![created.webhook.clone()]
    );
    assert!(webhooks.list(10, 1).await.unwrap().is_empty());
    let changed = webhooks
        .update(
            &id,
            &WebhookUpdate::new().subscriptions(vec![Subscription::to(EventType::RecordDeleted)]),
        )
        .await
        .unwrap();
    assert_eq!(
        changed.subscriptions,
        vec![Subscription::to(EventType::RecordDeleted)]
    );
    assert_eq!(changed.status, WebhookStatus::Active);
    let refused = webhooks
        .create(&NewWebhook::new("http://example.com/hook").subscribe(subscription))
        .await
        .unwrap_err();
    assert_eq!(refused.api().map(|e| e.status), Some(400), "{refused:?}");
    webhooks.delete(&id).await.unwrap();
    assert!(webhooks.get(&id).await.unwrap_err().is_not_found());
}
