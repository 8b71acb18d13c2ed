//! Handlers of `/v2/webhooks` and `/v2/webhooks/{webhook_id}`.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use bytes::Bytes;
use serde_json::json;

use super::handlers::{Answer, Params, body, data, number_param};
use super::{Shared, lock};
use crate::error::ApiError;
use crate::webhooks::Registry;

/// Runs a management write on the registry and, when it succeeds, saves the webhooks
/// with the store (logged for a persisted store before the answer is sent). The registry
/// stays locked until they are saved, so concurrent writes are saved in their order.
fn manage<T>(
    s: &Shared,
    write: impl FnOnce(&mut Registry) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let mut registry = lock(&s.webhooks.registry);
    let answer = write(&mut registry)?;
    lock(&s.store).save_webhooks(registry.saved())?;
    Ok(answer)
}

pub(super) async fn create(State(s): State<Arc<Shared>>, raw: Bytes) -> Answer {
    let body = body(&raw)?;
    Ok(data(manage(&s, |registry| registry.create(&body))?))
}

pub(super) async fn list(State(s): State<Arc<Shared>>, Query(p): Params) -> Answer {
    let limit = number_param(&p, "limit")?;
    let offset = number_param(&p, "offset")?.unwrap_or(0);
    Ok(data(lock(&s.webhooks.registry).list(limit, offset)?))
}

pub(super) async fn get(State(s): State<Arc<Shared>>, Path(id): Path<String>) -> Answer {
    Ok(data(lock(&s.webhooks.registry).get(&id)?))
}

pub(super) async fn update(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    raw: Bytes,
) -> Answer {
    let body = body(&raw)?;
    Ok(data(manage(&s, |registry| registry.update(&id, &body))?))
}

pub(super) async fn delete(State(s): State<Arc<Shared>>, Path(id): Path<String>) -> Answer {
    manage(&s, |registry| registry.delete(&id))?;
    Ok(Json(json!({})))
}
