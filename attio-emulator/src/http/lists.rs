//! Handlers of `/v2/lists…` and of a record's entries.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use bytes::Bytes;
use serde_json::json;

use super::handlers::{Answer, Params, body, bool_param, data, number_param};
use super::{Shared, lock};
use crate::store::{Store, WriteMode};

pub(super) async fn list_lists(State(s): State<Arc<Shared>>) -> Answer {
    Ok(data(lock(&s.store).lists_json()))
}

pub(super) async fn create_list(State(s): State<Arc<Shared>>, raw: Bytes) -> Answer {
    let body = body(&raw)?;
    Ok(data(s.write(|store| store.create_list(&body))?))
}

pub(super) async fn get_list(State(s): State<Arc<Shared>>, Path(list): Path<String>) -> Answer {
    Ok(data(lock(&s.store).get_list(&list)?))
}

pub(super) async fn update_list(
    State(s): State<Arc<Shared>>,
    Path(list): Path<String>,
    raw: Bytes,
) -> Answer {
    let body = body(&raw)?;
    Ok(data(s.write(|store| store.update_list(&list, &body))?))
}

pub(super) async fn create_entry(
    State(s): State<Arc<Shared>>,
    Path(list): Path<String>,
    raw: Bytes,
) -> Answer {
    let body = body(&raw)?;
    Ok(data(s.write(|store| store.create_entry(&list, &body))?))
}

pub(super) async fn assert_entry(
    State(s): State<Arc<Shared>>,
    Path(list): Path<String>,
    raw: Bytes,
) -> Answer {
    let body = body(&raw)?;
    Ok(data(s.write(|store| store.assert_entry(&list, &body))?))
}

pub(super) async fn query_entries(
    State(s): State<Arc<Shared>>,
    Path(list): Path<String>,
    raw: Bytes,
) -> Answer {
    let body = body(&raw)?;
    Ok(data(lock(&s.store).query_entries(&list, &body)?))
}

pub(super) async fn get_entry(
    State(s): State<Arc<Shared>>,
    Path((list, entry)): Path<(String, String)>,
) -> Answer {
    Ok(data(lock(&s.store).get_entry(&list, &entry)?))
}

pub(super) async fn patch_entry(
    State(s): State<Arc<Shared>>,
    Path((list, entry)): Path<(String, String)>,
    raw: Bytes,
) -> Answer {
    update_entry(&s, &list, &entry, &raw, WriteMode::Append)
}

pub(super) async fn put_entry(
    State(s): State<Arc<Shared>>,
    Path((list, entry)): Path<(String, String)>,
    raw: Bytes,
) -> Answer {
    update_entry(&s, &list, &entry, &raw, WriteMode::Overwrite)
}

fn update_entry(s: &Shared, list: &str, entry: &str, raw: &Bytes, mode: WriteMode) -> Answer {
    let body = body(raw)?;
    Ok(data(s.write(|store: &mut Store| {
        store.update_entry(list, entry, &body, mode)
    })?))
}

pub(super) async fn delete_entry(
    State(s): State<Arc<Shared>>,
    Path((list, entry)): Path<(String, String)>,
) -> Answer {
    s.write(|store| store.delete_entry(&list, &entry))?;
    Ok(Json(json!({})))
}

pub(super) async fn entry_values(
    State(s): State<Arc<Shared>>,
    Path((list, entry, attribute)): Path<(String, String, String)>,
    Query(p): Params,
) -> Answer {
    let historic = bool_param(&p, "show_historic")?;
    let limit = number_param(&p, "limit")?;
    let offset = number_param(&p, "offset")?.unwrap_or(0);
    Ok(data(lock(&s.store).entry_attribute_values(
        &list, &entry, &attribute, historic, limit, offset,
    )?))
}

pub(super) async fn record_entries(
    State(s): State<Arc<Shared>>,
    Path((object, record)): Path<(String, String)>,
    Query(p): Params,
) -> Answer {
    let limit = number_param(&p, "limit")?;
    let offset = number_param(&p, "offset")?.unwrap_or(0);
    Ok(data(
        lock(&s.store).record_entries(&object, &record, limit, offset)?,
    ))
}
