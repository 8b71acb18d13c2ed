//! Handlers of the schema endpoints: objects, and the attributes, select options and
//! statuses of an object or a list. The spec's `/v2/{target}/{identifier}/attributes…`
//! serves both targets with one handler each: the route says which (`/v2/objects/…` or
//! `/v2/lists/…`), [`Store::schema_key`] finds the holder, and the store's schema code
//! is the same for both.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{MatchedPath, Path, Query, State};
use bytes::Bytes;
use serde_json::Value;

use super::handlers::{Answer, Params, body, bool_param, data, number_param};
use super::{Shared, lock};
use crate::error::ApiError;
use crate::store::Store;

/// Runs `op` on the store with the schema key of the route's `{identifier}` (an object, or
/// a list when the route is under `/v2/lists`).
fn on_target(
    s: &Shared,
    route: &MatchedPath,
    identifier: &str,
    op: impl FnOnce(&mut Store, &str) -> Result<Value, ApiError>,
) -> Answer {
    let mut store = lock(&s.store);
    let key = store.schema_key(route.as_str().starts_with("/v2/lists/"), identifier)?;
    Ok(data(op(&mut store, &key)?))
}

pub(super) async fn list_attributes(
    State(s): State<Arc<Shared>>,
    route: MatchedPath,
    Path(identifier): Path<String>,
    Query(p): Params,
) -> Answer {
    let limit = number_param(&p, "limit")?;
    let offset = number_param(&p, "offset")?.unwrap_or(0);
    let archived = bool_param(&p, "show_archived")?;
    on_target(&s, &route, &identifier, |store, key| {
        Ok(store.attributes_json(key, limit, offset, archived)?.into())
    })
}

pub(super) async fn create_attribute(
    State(s): State<Arc<Shared>>,
    route: MatchedPath,
    Path(identifier): Path<String>,
    raw: Bytes,
) -> Answer {
    let body = body(&raw)?;
    on_target(&s, &route, &identifier, |store, key| {
        store.create_attribute(key, &body)
    })
}

pub(super) async fn get_attribute(
    State(s): State<Arc<Shared>>,
    route: MatchedPath,
    Path((identifier, attribute)): Path<(String, String)>,
) -> Answer {
    on_target(&s, &route, &identifier, |store, key| {
        store.attribute_json(key, &attribute)
    })
}

pub(super) async fn update_attribute(
    State(s): State<Arc<Shared>>,
    route: MatchedPath,
    Path((identifier, attribute)): Path<(String, String)>,
    raw: Bytes,
) -> Answer {
    let body = body(&raw)?;
    on_target(&s, &route, &identifier, |store, key| {
        store.update_attribute(key, &attribute, &body)
    })
}

/// Select options (`statuses = false`) and statuses are listed alike.
fn list_choices(
    s: &Shared,
    route: &MatchedPath,
    (identifier, attribute): (String, String),
    params: &HashMap<String, String>,
    statuses: bool,
) -> Answer {
    let archived = bool_param(params, "show_archived")?;
    on_target(s, route, &identifier, |store, key| {
        Ok(store
            .choices_json(key, &attribute, statuses, archived)?
            .into())
    })
}

pub(super) async fn list_options(
    State(s): State<Arc<Shared>>,
    route: MatchedPath,
    Path(path): Path<(String, String)>,
    Query(p): Params,
) -> Answer {
    list_choices(&s, &route, path, &p, false)
}

pub(super) async fn list_statuses(
    State(s): State<Arc<Shared>>,
    route: MatchedPath,
    Path(path): Path<(String, String)>,
    Query(p): Params,
) -> Answer {
    list_choices(&s, &route, path, &p, true)
}

/// Select options and statuses are added alike.
fn create_choice(
    s: &Shared,
    route: &MatchedPath,
    (identifier, attribute): (String, String),
    raw: &Bytes,
    statuses: bool,
) -> Answer {
    let body = body(raw)?;
    on_target(s, route, &identifier, |store, key| {
        store.create_choice(key, &attribute, &body, statuses)
    })
}

pub(super) async fn create_option(
    State(s): State<Arc<Shared>>,
    route: MatchedPath,
    Path(path): Path<(String, String)>,
    raw: Bytes,
) -> Answer {
    create_choice(&s, &route, path, &raw, false)
}

pub(super) async fn create_status(
    State(s): State<Arc<Shared>>,
    route: MatchedPath,
    Path(path): Path<(String, String)>,
    raw: Bytes,
) -> Answer {
    create_choice(&s, &route, path, &raw, true)
}

/// `PATCH …/options/{option}` and `PATCH …/statuses/{status}` alike.
fn update_choice(
    s: &Shared,
    route: &MatchedPath,
    (identifier, attribute, choice): (String, String, String),
    raw: &Bytes,
    statuses: bool,
) -> Answer {
    let body = body(raw)?;
    on_target(s, route, &identifier, |store, key| {
        store.update_choice(key, &attribute, &choice, &body, statuses)
    })
}

pub(super) async fn update_option(
    State(s): State<Arc<Shared>>,
    route: MatchedPath,
    Path(path): Path<(String, String, String)>,
    raw: Bytes,
) -> Answer {
    update_choice(&s, &route, path, &raw, false)
}

pub(super) async fn update_status(
    State(s): State<Arc<Shared>>,
    route: MatchedPath,
    Path(path): Path<(String, String, String)>,
    raw: Bytes,
) -> Answer {
    update_choice(&s, &route, path, &raw, true)
}

pub(super) async fn create_object(State(s): State<Arc<Shared>>, raw: Bytes) -> Answer {
    let body = body(&raw)?;
    Ok(data(lock(&s.store).create_object(&body)?))
}

pub(super) async fn update_object(
    State(s): State<Arc<Shared>>,
    Path(object): Path<String>,
    raw: Bytes,
) -> Answer {
    let body = body(&raw)?;
    Ok(data(lock(&s.store).update_object(&object, &body)?))
}
