//! A webhook as Attio stores it: where it delivers, what it is subscribed to, its state;
//! and the bodies that create and update one. Managed through
//! [`Client::webhooks`](crate::Client::webhooks).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::WebhookSecret;
use super::subscription::Subscription;
use crate::value::Timestamp;

/// A webhook's composite id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WebhookIds {
    /// The workspace the webhook belongs to.
    pub workspace_id: String,
    /// The webhook's id: what [`WebhooksHandler`](crate::client::WebhooksHandler) methods take.
    pub webhook_id: String,
}

/// The state of a webhook. Active and degraded webhooks receive events, inactive ones do
/// not; Attio marks a webhook degraded when a delivery's retries run out and inactive after
/// seven days degraded.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WebhookStatus {
    /// Receiving events.
    Active,
    /// Receiving events, but deliveries have been failing.
    Degraded,
    /// Not receiving events.
    Inactive,
    /// A status this crate does not know.
    #[serde(other)]
    Unknown,
}

/// A webhook, as every read of one returns it (without its secret, which Attio shows only
/// once, on create).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Webhook {
    /// Its ids.
    pub id: WebhookIds,
    /// Where events are delivered.
    pub target_url: String,
    /// What it is subscribed to.
    pub subscriptions: Vec<Subscription>,
    /// Whether it receives events.
    pub status: WebhookStatus,
    /// When it was created.
    pub created_at: Timestamp,
}

/// The answer to creating a webhook: the webhook and the secret its deliveries are signed
/// with. Keep the secret now (Attio never shows it again); give it to the receiver's
/// [`WebhookSecret::verify_headers`] or `VerifiedWebhook`.
///
/// `Debug` shows the secret as `WebhookSecret(REDACTED)`; nothing here implements `Display`.
#[derive(Debug, Clone)]
pub struct CreatedWebhook {
    /// The new webhook.
    pub webhook: Webhook,
    /// Its signing secret.
    pub secret: WebhookSecret,
}

impl<'de> Deserialize<'de> for CreatedWebhook {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wire {
            #[serde(flatten)]
            webhook: Webhook,
            secret: String,
        }
        let wire = Wire::deserialize(deserializer)?;
        Ok(Self {
            webhook: wire.webhook,
            secret: WebhookSecret::new(wire.secret),
        })
    }
}

/// The body of `POST /v2/webhooks`: a target URL and at least one subscription.
///
/// Attio accepts only `https://` target URLs (its spec's pattern `^https://`); the
/// emulator also accepts `http://` on a loopback address. The client sends what it is
/// given and lets the server judge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWebhook {
    target_url: String,
    subscriptions: Vec<Subscription>,
}

impl NewWebhook {
    /// A webhook delivering to `target_url`, with no subscriptions yet.
    pub fn new(target_url: impl Into<String>) -> Self {
        Self {
            target_url: target_url.into(),
            subscriptions: Vec::new(),
        }
    }

    /// Adds a subscription.
    pub fn subscribe(mut self, subscription: Subscription) -> Self {
        self.subscriptions.push(subscription);
        self
    }

    /// The request body `{"data": {"target_url", "subscriptions"}}`.
    pub fn to_json(&self) -> Value {
        data(vec![
            ("target_url", Value::from(self.target_url.clone())),
            ("subscriptions", subscriptions_json(&self.subscriptions)),
        ])
    }
}

/// The body of `PATCH /v2/webhooks/{webhook_id}`: what changes. The subscriptions given
/// replace the webhook's subscriptions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebhookUpdate {
    target_url: Option<String>,
    subscriptions: Option<Vec<Subscription>>,
}

impl WebhookUpdate {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Delivers to `target_url` from now on.
    pub fn target_url(mut self, target_url: impl Into<String>) -> Self {
        self.target_url = Some(target_url.into());
        self
    }

    /// Replaces the subscriptions with these.
    pub fn subscriptions(mut self, subscriptions: Vec<Subscription>) -> Self {
        self.subscriptions = Some(subscriptions);
        self
    }

    /// The request body `{"data": {…}}` with the fields set.
    pub fn to_json(&self) -> Value {
        let mut fields = Vec::new();
        if let Some(url) = &self.target_url {
            fields.push(("target_url", Value::from(url.clone())));
        }
        if let Some(subscriptions) = &self.subscriptions {
            fields.push(("subscriptions", subscriptions_json(subscriptions)));
        }
        data(fields)
    }
}

fn subscriptions_json(subscriptions: &[Subscription]) -> Value {
    // Serializing these types cannot fail: strings, enums and vectors only.
    serde_json::to_value(subscriptions).unwrap_or(Value::Array(Vec::new()))
}

fn data(fields: Vec<(&str, Value)>) -> Value {
    let inner: Map<String, Value> = fields
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value))
        .collect();
    Value::Object(Map::from_iter([("data".to_owned(), Value::Object(inner))]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::webhook::{EventType, FilterCondition, SubscriptionFilter};
    use serde_json::json;

    const SECRET: &str = "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb";

    fn created_json() -> Value {
        json!({
            "target_url": "https://example.com/webhook",
            "subscriptions": [{"event_type": "note.created", "filter": {"$and": [
                {"field": "parent_object_id", "operator": "equals",
                 "value": "97052eb9-e65e-443f-a297-f2d9a4a7f795"}]}}],
            "id": {"workspace_id": "14beef7a-99f7-4534-a87e-70b564330a4c",
                   "webhook_id": "23e42eaf-323a-41da-b5bb-fd67eebda553"},
            "status": "active",
            "created_at": "2023-04-27T13:22:49.061281000Z",
            "secret": SECRET,
        })
    }

    #[test]
    fn the_secret_of_a_created_webhook_never_prints() {
        let created: CreatedWebhook = serde_json::from_value(created_json()).unwrap();
        let debug = format!("{created:?} {:#?}", created.clone());
        assert!(!debug.contains(SECRET), "{debug}");
        assert!(!debug.contains(&SECRET[..16]), "{debug}");
        assert!(debug.contains("REDACTED"), "{debug}");
        assert_eq!(created.secret.expose_secret(), SECRET);
        assert_eq!(created.webhook.status, WebhookStatus::Active);
        assert_eq!(
            created.webhook.subscriptions[0].event_type,
            EventType::NoteCreated
        );
    }

    #[test]
    fn a_created_webhook_without_its_secret_is_refused() {
        let mut body = created_json();
        body.as_object_mut().unwrap().remove("secret");
        assert!(serde_json::from_value::<CreatedWebhook>(body).is_err());
    }

    #[test]
    fn unknown_statuses_are_kept_as_unknown() {
        let mut body = created_json();
        body["status"] = json!("paused");
        let webhook: Webhook = serde_json::from_value(body).unwrap();
        assert_eq!(webhook.status, WebhookStatus::Unknown);
    }

    #[test]
    fn bodies_have_attio_shape() {
        let new = NewWebhook::new("https://example.com/hook")
            .subscribe(Subscription::to(EventType::RecordCreated))
            .subscribe(Subscription::filtered(
                EventType::RecordUpdated,
                SubscriptionFilter::Any(vec![FilterCondition::equals("id.object_id", "o")]),
            ));
        assert_eq!(
            new.to_json(),
            json!({"data": {"target_url": "https://example.com/hook", "subscriptions": [
                {"event_type": "record.created", "filter": null},
                {"event_type": "record.updated", "filter": {"$or": [
                    {"field": "id.object_id", "operator": "equals", "value": "o"}]}}]}})
        );
        assert_eq!(WebhookUpdate::new().to_json(), json!({"data": {}}));
        assert_eq!(
            WebhookUpdate::new()
                .target_url("https://b.example")
                .to_json(),
            json!({"data": {"target_url": "https://b.example"}})
        );
    }
}
