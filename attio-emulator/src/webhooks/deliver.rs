//! Delivering: a background task takes jobs off the bounded queue in order and makes each
//! first attempt; a failed one is retried in a task of its own on Attio's schedule
//! ([`WebhookConfig::retry_delay`](super::WebhookConfig::retry_delay)), so one slow or
//! failing receiver holds up the others for at most one attempt's timeout.
//!
//! Each attempt is `POST target_url` with the payload as body, `Content-Type:
//! application/json`, the body's HMAC-SHA256 under the webhook's secret in lower-case hex
//! in `Attio-Signature` and `X-Attio-Signature`, and an `Idempotency-Key` that is the same
//! on every attempt. Only 200 and 202 count as delivered, as Attio documents; anything
//! else (another status, no answer within the timeout, no connection) is retried. When the
//! retries run out the webhook is marked `degraded`, as Attio does.

use std::sync::Arc;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::journal::{DeliveryAttempt, DeliveryState};
use super::{Hub, Job};
use crate::http::lock;

impl Hub {
    /// Starts the delivery task.
    pub(crate) fn spawn(self: &Arc<Self>, jobs: mpsc::Receiver<Job>) -> JoinHandle<()> {
        tokio::spawn(self.clone().run(jobs))
    }

    async fn run(self: Arc<Self>, mut jobs: mpsc::Receiver<Job>) {
        // The HTTP client is built when the first delivery is due, off the runtime's
        // threads: building it loads the TLS roots, which takes a while (a debug build on a
        // busy machine: seconds), and most emulators never deliver anything.
        let mut http: Option<reqwest::Client> = None;
        loop {
            let job = tokio::select! {
                () = self.stop.cancelled() => return,
                job = jobs.recv() => match job {
                    Some(job) => job,
                    None => return,
                },
            };
            let http = match &http {
                Some(http) => http.clone(),
                None => match self.http_client().await {
                    Some(client) => http.insert(client).clone(),
                    None => {
                        self.give_up(&job);
                        continue;
                    }
                },
            };
            let Some(delivered) = self.attempt_unless_stopped(&http, &job).await else {
                return;
            };
            if delivered {
                self.finish(job.seq, DeliveryState::Delivered);
            } else if self.config.max_retries == 0 || self.retries.len() >= self.config.max_retrying
            {
                self.give_up(&job);
            } else {
                let hub = self.clone();
                let http = http.clone();
                self.retries
                    .spawn(async move { hub.retry(&http, job).await });
            }
        }
    }

    /// The client deliveries are made with; `None` (logged) when it cannot be built.
    async fn http_client(&self) -> Option<reqwest::Client> {
        let timeout = self.config.attempt_timeout;
        let built = tokio::task::spawn_blocking(move || {
            reqwest::Client::builder()
                .timeout(timeout)
                .connect_timeout(timeout)
                .redirect(reqwest::redirect::Policy::none())
                .user_agent(concat!("attio-emulator/", env!("CARGO_PKG_VERSION")))
                .build()
        })
        .await;
        match built {
            Ok(Ok(client)) => Some(client),
            Ok(Err(error)) => {
                tracing::error!(%error, "attio-emulator: cannot build the webhook HTTP client");
                None
            }
            Err(error) => {
                tracing::error!(%error, "attio-emulator: building the webhook HTTP client failed");
                None
            }
        }
    }

    /// Retries `job` on the schedule until it is delivered, the retries run out, the
    /// webhook is deleted or the emulator stops.
    async fn retry(&self, http: &reqwest::Client, job: Job) {
        for n in 1..=self.config.max_retries {
            tokio::select! {
                () = self.stop.cancelled() => return,
                () = tokio::time::sleep(self.config.retry_delay(n)) => {}
            }
            if !lock(&self.registry).contains(&job.webhook_id) {
                self.finish(job.seq, DeliveryState::Failed);
                return;
            }
            match self.attempt_unless_stopped(http, &job).await {
                None => return,
                Some(true) => {
                    self.finish(job.seq, DeliveryState::Delivered);
                    return;
                }
                Some(false) => {}
            }
        }
        self.give_up(&job);
    }

    fn give_up(&self, job: &Job) {
        lock(&self.registry).degrade(&job.webhook_id);
        self.finish(job.seq, DeliveryState::Failed);
    }

    /// [`attempt`](Self::attempt), or `None` when the emulator stops first.
    async fn attempt_unless_stopped(&self, http: &reqwest::Client, job: &Job) -> Option<bool> {
        tokio::select! {
            () = self.stop.cancelled() => None,
            delivered = self.attempt(http, job) => Some(delivered),
        }
    }

    /// One attempt; whether the receiver answered 200 or 202. Journaled either way.
    async fn attempt(&self, http: &reqwest::Client, job: &Job) -> bool {
        let signature = sign(job.secret.expose(), &job.body);
        let sent = http
            .post(job.url.clone())
            .header("content-type", "application/json")
            .header("attio-signature", &signature)
            .header("x-attio-signature", &signature)
            .header("idempotency-key", &job.idempotency_key)
            .body(job.body.clone())
            .send()
            .await;
        let attempt = match sent {
            Ok(response) => DeliveryAttempt {
                status: Some(response.status().as_u16()),
                error: None,
            },
            Err(error) => DeliveryAttempt {
                status: None,
                error: Some(describe(&error)),
            },
        };
        let delivered = matches!(attempt.status, Some(200 | 202));
        if let Some(delivery) = lock(&self.journal).get_mut(job.seq) {
            delivery.attempts.push(attempt);
        }
        delivered
    }
}

/// HMAC-SHA256 of `body` keyed by the secret's UTF-8 bytes, lower-case hex.
fn sign(secret: &str, body: &[u8]) -> String {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .expect("HMAC-SHA256 accepts a key of any length");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "no answer within the attempt timeout".to_owned()
    } else if error.is_connect() {
        "could not connect".to_owned()
    } else {
        "the connection failed".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_like_attio_documents() {
        // Computed independently: python3 -c "import hmac,hashlib;
        // print(hmac.new(b'secret', b'{\"a\":1}', hashlib.sha256).hexdigest())"
        assert_eq!(
            sign("secret", br#"{"a":1}"#),
            "aa9e2e3575f5d7098b6caccd790888c36d5fdb63342a73bada2d6a51747a8494"
        );
    }
}
