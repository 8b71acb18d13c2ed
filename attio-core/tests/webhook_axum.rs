//! `VerifiedWebhook` behind a real axum server on 127.0.0.1, driven over HTTP by reqwest.

use std::sync::{Arc, Mutex};

use attio_core::webhook::{Deduplicator, VerifiedWebhook, WebhookEvent, WebhookSecret};
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRef, State};
use axum::http::StatusCode;
use axum::routing::post;
use serde_json::{Value, json};

const SECRET: &str = "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb";

/// What the handler saw: (idempotency key, event types).
type Seen = Arc<Mutex<Vec<(Option<String>, Vec<String>)>>>;

#[derive(Clone)]
struct App {
    secret: WebhookSecret,
    dedupe: Arc<Deduplicator>,
    seen: Seen,
}

impl FromRef<App> for WebhookSecret {
    fn from_ref(app: &App) -> Self {
        app.secret.clone()
    }
}

async fn handler(State(app): State<App>, VerifiedWebhook(delivery): VerifiedWebhook) -> StatusCode {
    if let Some(key) = &delivery.idempotency_key
        && !app.dedupe.first_time(key)
    {
        return StatusCode::OK; // a redelivery: already handled
    }
    let types = delivery
        .payload
        .events
        .iter()
        .map(|e| e.event_type().to_owned())
        .collect();
    app.seen
        .lock()
        .unwrap()
        .push((delivery.idempotency_key.clone(), types));
    StatusCode::OK
}

struct Server {
    url: String,
    seen: Seen,
    http: reqwest::Client,
    secret: WebhookSecret,
}

async fn serve() -> Server {
    let seen = Seen::default();
    let app = App {
        secret: WebhookSecret::new(SECRET),
        dedupe: Arc::new(Deduplicator::default()),
        seen: seen.clone(),
    };
    let router = Router::new()
        .route("/attio", post(handler))
        .layer(DefaultBodyLimit::max(4096))
        .with_state(app);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/attio", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    Server {
        url,
        seen,
        http: reqwest::Client::new(),
        secret: WebhookSecret::new(SECRET),
    }
}

fn delivery(event_type: &str) -> Vec<u8> {
    json!({
        "webhook_id": "23e42eaf-323a-41da-b5bb-fd67eebda553",
        "events": [{
            "event_type": event_type,
            "id": {
                "workspace_id": "14beef7a-99f7-4534-a87e-70b564330a4c",
                "object_id": "97052eb9-e65e-443f-a297-f2d9a4a7f795",
                "record_id": "bf071e1f-6035-429d-b874-d83ea64ea13b"
            },
            "actor": {"type": "api-token", "id": "50cf242c-7fa3-4cad-87d0-75b1af71c57b"}
        }]
    })
    .to_string()
    .into_bytes()
}

impl Server {
    /// POSTs `body` with the given headers; returns the status and the JSON body (if any).
    async fn post(&self, body: Vec<u8>, headers: &[(&str, String)]) -> (StatusCode, Value) {
        let mut request = self
            .http
            .post(&self.url)
            .header("content-type", "application/json")
            .body(body);
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    fn signed(&self, body: &[u8], key: &str) -> Vec<(&'static str, String)> {
        vec![
            ("Attio-Signature", self.secret.sign(body)),
            ("X-Attio-Signature", self.secret.sign(body)),
            ("Idempotency-Key", key.to_owned()),
        ]
    }

    fn seen(&self) -> Vec<(Option<String>, Vec<String>)> {
        self.seen.lock().unwrap().clone()
    }
}

#[tokio::test]
async fn a_signed_delivery_reaches_the_handler_typed() {
    let server = serve().await;
    let body = delivery("record.created");
    let (status, _) = server
        .post(body.clone(), &server.signed(&body, "key-1"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        server.seen(),
        vec![(Some("key-1".to_owned()), vec!["record.created".to_owned()])]
    );
}

#[tokio::test]
async fn the_legacy_header_alone_is_enough() {
    let server = serve().await;
    let body = delivery("record.deleted");
    let (status, _) = server
        .post(
            body.clone(),
            &[("X-Attio-Signature", server.secret.sign(&body))],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        server.seen(),
        vec![(None, vec!["record.deleted".to_owned()])]
    );
}

#[tokio::test]
async fn bad_or_missing_signatures_are_401_and_never_reach_the_handler() {
    let server = serve().await;
    let body = delivery("record.created");
    let other = WebhookSecret::new("another webhook's secret");
    let cases: Vec<Vec<(&str, String)>> = vec![
        vec![],
        vec![("Attio-Signature", other.sign(&body))],
        vec![("Attio-Signature", "not-hex".to_owned())],
        vec![("Attio-Signature", server.secret.sign(b"a different body"))],
    ];
    for headers in cases {
        let (status, answer) = server.post(body.clone(), &headers).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{headers:?}");
        let error = answer["error"]
            .as_str()
            .unwrap_or_else(|| panic!("{answer}"));
        assert!(error.contains("Attio-Signature"), "{error}");
        assert!(
            !error.contains(SECRET) && !error.contains(&server.secret.sign(&body)),
            "{error}"
        );
    }
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn a_signed_body_that_is_not_a_payload_is_400() {
    let server = serve().await;
    let body = br#"{"webhook_id": "w"}"#.to_vec();
    let (status, answer) = server.post(body.clone(), &server.signed(&body, "k")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        answer["error"]
            .as_str()
            .unwrap()
            .contains("not an Attio webhook payload"),
        "{answer}"
    );
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn a_redelivery_is_handled_once() {
    let server = serve().await;
    let body = delivery("record.updated-but-unknown");
    for _ in 0..3 {
        let (status, _) = server
            .post(body.clone(), &server.signed(&body, "same-key"))
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let body = delivery("record.created");
    server
        .post(body.clone(), &server.signed(&body, "next-key"))
        .await;
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(
        seen[0],
        (
            Some("same-key".to_owned()),
            vec!["record.updated-but-unknown".to_owned()]
        )
    );
}

#[tokio::test]
async fn a_body_over_the_limit_gets_axums_answer() {
    let server = serve().await;
    let body = vec![b' '; 8192];
    let (status, _) = server
        .post(body.clone(), &server.signed(&body, "big"))
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn a_plain_secret_state_works_too() {
    async fn ok(VerifiedWebhook(delivery): VerifiedWebhook) -> String {
        match &delivery.payload.events[0] {
            WebhookEvent::RecordCreated(created) => created.id.record_id.clone(),
            other => format!("{other:?}"),
        }
    }
    let router = Router::new()
        .route("/", post(ok))
        .with_state(WebhookSecret::new(SECRET));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let body = delivery("record.created");
    let answer = reqwest::Client::new()
        .post(url)
        .header("attio-signature", WebhookSecret::new(SECRET).sign(&body))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    assert_eq!(
        answer.text().await.unwrap(),
        "bf071e1f-6035-429d-b874-d83ea64ea13b"
    );
}
