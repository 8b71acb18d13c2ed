//! The webhooks of the workspace and Attio's five management operations on them
//! (`/v2/webhooks`, `/v2/webhooks/{webhook_id}`).

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::filter::{Subscription, parse_subscriptions, required_or_wrong};
use crate::error::ApiError;

/// A webhook's signing secret: shown once, in the create answer, and kept in the
/// persisted store's files (it must survive a restart), but never in `Debug` output, so
/// never in a log line or an error.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct HookSecret(String);

impl HookSecret {
    /// The secret itself, to sign with or to answer a create.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for HookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HookSecret(<redacted>)")
    }
}

/// Where a matching event goes.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub webhook_id: String,
    pub url: reqwest::Url,
    pub secret: HookSecret,
}

#[derive(Debug, Clone)]
struct StoredWebhook {
    id: String,
    target_url: reqwest::Url,
    subscriptions: Vec<Subscription>,
    /// `active` or `degraded` (both receive events).
    status: &'static str,
    created_at: String,
    secret: HookSecret,
}

/// A webhook as a persisted store keeps it (snapshot and write log): its subscriptions in
/// Attio's JSON, read back through the same parser as a request's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct SavedWebhook {
    id: String,
    target_url: String,
    subscriptions: Value,
    status: String,
    created_at: String,
    secret: HookSecret,
}

impl StoredWebhook {
    fn to_json(&self, workspace_id: &str) -> Value {
        json!({
            "target_url": self.target_url.as_str(),
            "subscriptions": self.subscriptions.iter().map(Subscription::to_json).collect::<Vec<_>>(),
            "id": {"workspace_id": workspace_id, "webhook_id": self.id},
            "status": self.status,
            "created_at": self.created_at,
        })
    }
}

/// The workspace's webhooks, in creation order.
#[derive(Debug)]
pub(crate) struct Registry {
    workspace_id: String,
    hooks: Vec<StoredWebhook>,
}

impl Registry {
    /// `POST /v2/webhooks`: the new webhook with its `secret`.
    pub(crate) fn create(&mut self, body: &Value) -> Result<Value, ApiError> {
        let data = data_object(body)?;
        let target_url = target_url(data.get("target_url"))?;
        let subscriptions = parse_subscriptions(
            data.get("subscriptions")
                .ok_or_else(|| required_or_wrong(&["data", "subscriptions"], "array", None))?,
        )?;
        let hook = StoredWebhook {
            id: uuid::Uuid::new_v4().to_string(),
            target_url,
            subscriptions,
            status: "active",
            created_at: crate::store::now(),
            // 32 random bytes as hex, like the secret in Attio's documented example.
            secret: HookSecret(format!(
                "{}{}",
                uuid::Uuid::new_v4().simple(),
                uuid::Uuid::new_v4().simple()
            )),
        };
        let mut answer = hook.to_json(&self.workspace_id);
        answer["secret"] = json!(hook.secret.expose());
        self.hooks.push(hook);
        Ok(answer)
    }

    /// The webhooks as a persisted store saves them.
    pub(crate) fn saved(&self) -> Vec<SavedWebhook> {
        self.hooks
            .iter()
            .map(|hook| SavedWebhook {
                id: hook.id.clone(),
                target_url: hook.target_url.to_string(),
                subscriptions: Value::Array(
                    hook.subscriptions
                        .iter()
                        .map(Subscription::to_json)
                        .collect(),
                ),
                status: hook.status.to_owned(),
                created_at: hook.created_at.clone(),
                secret: hook.secret.clone(),
            })
            .collect()
    }

    /// The registry of a persisted store's saved webhooks.
    ///
    /// # Errors
    /// The webhook that does not read back (a target URL or subscription the emulator no
    /// longer takes), by id.
    pub(crate) fn restore(workspace_id: String, saved: &[SavedWebhook]) -> Result<Self, String> {
        let hooks = saved
            .iter()
            .map(|hook| {
                let unreadable = |e: ApiError| format!("webhook {}: {}", hook.id, e.message);
                Ok(StoredWebhook {
                    id: hook.id.clone(),
                    target_url: target_url(Some(&Value::String(hook.target_url.clone())))
                        .map_err(unreadable)?,
                    subscriptions: parse_subscriptions(&hook.subscriptions).map_err(unreadable)?,
                    status: if hook.status == "degraded" {
                        "degraded"
                    } else {
                        "active"
                    },
                    created_at: hook.created_at.clone(),
                    secret: hook.secret.clone(),
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(Self {
            workspace_id,
            hooks,
        })
    }

    /// `GET /v2/webhooks?limit=&offset=`: `limit` 10 to 100, default 10.
    pub(crate) fn list(&self, limit: Option<usize>, offset: usize) -> Result<Value, ApiError> {
        let limit = limit.unwrap_or(10);
        if !(10..=100).contains(&limit) {
            return Err(ApiError::validation(
                &["limit"],
                "too_small",
                "limit must be between 10 and 100",
            ));
        }
        Ok(self
            .hooks
            .iter()
            .skip(offset)
            .take(limit)
            .map(|hook| hook.to_json(&self.workspace_id))
            .collect())
    }

    /// `GET /v2/webhooks/{webhook_id}`.
    pub(crate) fn get(&self, id: &str) -> Result<Value, ApiError> {
        Ok(self.find(id)?.to_json(&self.workspace_id))
    }

    /// `PATCH /v2/webhooks/{webhook_id}`: sets the target URL and/or replaces the
    /// subscriptions.
    pub(crate) fn update(&mut self, id: &str, body: &Value) -> Result<Value, ApiError> {
        self.find(id)?;
        let data = data_object(body)?;
        let url = data
            .get("target_url")
            .map(|raw| target_url(Some(raw)))
            .transpose()?;
        let subscriptions = data
            .get("subscriptions")
            .map(parse_subscriptions)
            .transpose()?;
        let workspace_id = self.workspace_id.clone();
        let hook = self.find_mut(id)?;
        if let Some(url) = url {
            hook.target_url = url;
        }
        if let Some(subscriptions) = subscriptions {
            hook.subscriptions = subscriptions;
        }
        Ok(hook.to_json(&workspace_id))
    }

    /// `DELETE /v2/webhooks/{webhook_id}`.
    pub(crate) fn delete(&mut self, id: &str) -> Result<(), ApiError> {
        self.find(id)?;
        self.hooks.retain(|hook| hook.id != id);
        Ok(())
    }

    /// Every webhook with a subscription `event` matches.
    pub(crate) fn targets(&self, event: &Value) -> Vec<Target> {
        self.hooks
            .iter()
            .filter(|hook| hook.subscriptions.iter().any(|s| s.matches(event)))
            .map(|hook| Target {
                webhook_id: hook.id.clone(),
                url: hook.target_url.clone(),
                secret: hook.secret.clone(),
            })
            .collect()
    }

    /// Whether the webhook still exists (retries stop when it was deleted).
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.hooks.iter().any(|hook| hook.id == id)
    }

    /// Marks a webhook `degraded`: a delivery's retries ran out.
    pub(crate) fn degrade(&mut self, id: &str) {
        if let Ok(hook) = self.find_mut(id) {
            hook.status = "degraded";
        }
    }

    fn find(&self, id: &str) -> Result<&StoredWebhook, ApiError> {
        self.hooks
            .iter()
            .find(|hook| hook.id == id)
            .ok_or_else(|| not_found(id))
    }

    fn find_mut(&mut self, id: &str) -> Result<&mut StoredWebhook, ApiError> {
        self.hooks
            .iter_mut()
            .find(|hook| hook.id == id)
            .ok_or_else(|| not_found(id))
    }
}

fn not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("Webhook with ID \"{id}\" was not found."))
}

fn data_object(body: &Value) -> Result<&Map<String, Value>, ApiError> {
    match body.get("data") {
        Some(Value::Object(data)) => Ok(data),
        other => Err(required_or_wrong(&["data"], "object", other)),
    }
}

/// Attio takes only `https://` URLs (its spec's `^https://` pattern); the emulator also
/// takes `http://` on a loopback host, so that test receivers need no TLS.
fn target_url(raw: Option<&Value>) -> Result<reqwest::Url, ApiError> {
    let path = ["data", "target_url"];
    let text = match raw {
        Some(Value::String(text)) => text,
        other => return Err(required_or_wrong(&path, "string", other)),
    };
    let invalid = |why: &str| {
        ApiError::validation(
            &path,
            "invalid_string",
            format!("target_url {why}: {text:?}"),
        )
    };
    let url = reqwest::Url::parse(text).map_err(|_| invalid("is not a URL"))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(host)) => host.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" if url.host().is_some() => Ok(url),
        "http" if loopback => Ok(url),
        _ => Err(invalid(
            "must start with https:// (the emulator also accepts http:// on a loopback address)",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_kept_and_restored_but_never_debug_printed() {
        let mut registry = Registry::restore("ws".to_owned(), &[]).expect("empty");
        let created = registry
            .create(&json!({"data": {"target_url": "https://example.com/hook",
                "subscriptions": [{"event_type": "record.created", "filter": null}]}}))
            .expect("created");
        let secret = created["secret"].as_str().expect("secret").to_owned();
        let saved = registry.saved();
        let restored = Registry::restore("ws".to_owned(), &saved).expect("restored");
        assert_eq!(restored.saved(), saved);
        assert_eq!(saved[0].secret.expose(), secret);
        let event = json!({"event_type": "record.created", "id": {}, "actor": {}});
        assert_eq!(restored.targets(&event)[0].secret.expose(), secret);
        let debug = format!("{registry:?} {saved:?} {:?}", restored.targets(&event));
        assert!(!debug.contains(&secret), "{debug}");
    }

    #[test]
    fn target_urls_are_https_or_loopback_http() {
        for good in [
            "https://example.com/hook",
            "http://127.0.0.1:8080/hook",
            "http://localhost/x",
            "http://[::1]:9/",
        ] {
            assert!(target_url(Some(&json!(good))).is_ok(), "{good}");
        }
        for bad in [
            "http://example.com/hook",
            "http://10.0.0.1/",
            "ftp://127.0.0.1/",
            "not a url",
            "https://",
        ] {
            assert!(target_url(Some(&json!(bad))).is_err(), "{bad}");
        }
        assert!(target_url(Some(&json!(5))).is_err());
        assert!(target_url(None).is_err());
    }
}
