//! Thin handlers: parse the request, lock the store for one call, wrap the answer in `data`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use bytes::Bytes;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::{Shared, lock};
use crate::error::ApiError;
use crate::store::{Store, WriteMode, Written, whole};

pub(super) type Answer = Result<Json<Value>, ApiError>;
pub(super) type Params = Query<HashMap<String, String>>;

pub(super) fn data(value: impl Into<Value>) -> Json<Value> {
    // Not `json!`: it would copy `value` (an interpolated expression is serialised into a
    // new `Value`).
    let mut wrapper = Map::new();
    wrapper.insert("data".to_owned(), value.into());
    Json(Value::Object(wrapper))
}

/// The answer to a record write, `{"data": record}`.
pub(super) type Rendered = Result<Response, ApiError>;

/// `{"data": …}` around a view.
#[derive(Serialize)]
struct Data<T> {
    data: T,
}

/// Bytes a record answer starts with room for (one is about a kilobyte).
const RECORD_BYTES: usize = 1024;

/// Runs a record write and answers `{"data": record}` as [`Json`] would, the record
/// serialised straight from the store (under the lock the write took, so it is not copied
/// out). A view cannot fail to serialise; were it to, the answer is a 500.
pub(super) fn written(
    s: &Shared,
    write: impl FnOnce(&mut Store) -> Result<Written, ApiError>,
) -> Rendered {
    let bytes = s.write(|store| {
        let written = write(store)?;
        let data = store.written_view(&written)?;
        let mut bytes = Vec::with_capacity(RECORD_BYTES);
        serde_json::to_writer(&mut bytes, &Data { data })
            .map_err(|e| ApiError::internal(format!("The record could not be rendered: {e}")))?;
        Ok(bytes)
    })?;
    let mut response = Response::new(Body::from(bytes));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(response)
}

/// Parses a JSON request body; an empty body is `null`. Malformed JSON → 400 `validation_type`.
pub(super) fn body(bytes: &Bytes) -> Result<Value, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(bytes)
        .map_err(|e| ApiError::validation(&[], "invalid_json", format!("Malformed JSON body: {e}")))
}

/// `limit`/`offset` in a query string: the spec types them `integer`; any JSON number
/// literal with an integral value counts, as in a query body (see `store::whole`).
pub(super) fn number_param(
    params: &HashMap<String, String>,
    key: &str,
) -> Result<Option<usize>, ApiError> {
    params
        .get(key)
        .map(|v| whole::count_param(v, key))
        .transpose()
}

pub(super) fn bool_param(params: &HashMap<String, String>, key: &str) -> Result<bool, ApiError> {
    match params.get(key).map(String::as_str) {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(_) => Err(ApiError::validation(
            &[key],
            "invalid_type",
            format!("{key} must be true or false"),
        )),
    }
}

pub(super) async fn identify(State(s): State<Arc<Shared>>) -> Json<Value> {
    Json(lock(&s.store).self_json())
}

pub(super) async fn list_objects(State(s): State<Arc<Shared>>) -> Json<Value> {
    data(lock(&s.store).objects_json())
}

pub(super) async fn get_object(State(s): State<Arc<Shared>>, Path(object): Path<String>) -> Answer {
    Ok(data(lock(&s.store).object_json(&object)?))
}

pub(super) async fn create(
    State(s): State<Arc<Shared>>,
    Path(object): Path<String>,
    raw: Bytes,
) -> Rendered {
    let body = body(&raw)?;
    written(&s, |store| store.create_written(&object, &body))
}

pub(super) async fn assert(
    State(s): State<Arc<Shared>>,
    Path(object): Path<String>,
    Query(p): Params,
    raw: Bytes,
) -> Rendered {
    let body = body(&raw)?;
    let matching = p.get("matching_attribute").map(String::as_str);
    written(&s, |store| store.assert_written(&object, matching, &body))
}

pub(super) async fn query(
    State(s): State<Arc<Shared>>,
    Path(object): Path<String>,
    raw: Bytes,
) -> Answer {
    let body = body(&raw)?;
    // The query is compiled (a big `$in` hashed) against a copy of the schema, outside the
    // store lock, so it holds up no other request (a schema change meanwhile applies from
    // the next query on). Under the lock it runs in time proportional to the records.
    let (objects, id) = {
        let store = lock(&s.store);
        (store.objects.clone(), store.object(&object)?.id.clone())
    };
    let object = objects.iter().find(|o| o.id == id).ok_or_else(|| {
        ApiError::not_found(format!("Object with slug/ID \"{object}\" not found."))
    })?;
    let query = Store::compile_query(&objects, object, &body)?;
    Ok(data(lock(&s.store).run_query(&query)))
}

pub(super) async fn search(State(s): State<Arc<Shared>>, raw: Bytes) -> Answer {
    let body = body(&raw)?;
    Ok(data(lock(&s.store).search(&body)?))
}

pub(super) async fn get_record(
    State(s): State<Arc<Shared>>,
    Path((object, id)): Path<(String, String)>,
) -> Answer {
    Ok(data(lock(&s.store).get_record(&object, &id)?))
}

pub(super) async fn patch(
    State(s): State<Arc<Shared>>,
    Path((object, id)): Path<(String, String)>,
    raw: Bytes,
) -> Rendered {
    update(&s, &object, &id, &raw, WriteMode::Append)
}

pub(super) async fn put(
    State(s): State<Arc<Shared>>,
    Path((object, id)): Path<(String, String)>,
    raw: Bytes,
) -> Rendered {
    update(&s, &object, &id, &raw, WriteMode::Overwrite)
}

/// PATCH and PUT by record id differ only in how multi-value attributes are written.
fn update(s: &Shared, object: &str, id: &str, raw: &Bytes, mode: WriteMode) -> Rendered {
    let body = body(raw)?;
    written(s, |store| store.update_written(object, id, &body, mode))
}

pub(super) async fn delete(
    State(s): State<Arc<Shared>>,
    Path((object, id)): Path<(String, String)>,
) -> Answer {
    s.write(|store| store.delete(&object, &id))?;
    Ok(Json(json!({})))
}

pub(super) async fn attribute_values(
    State(s): State<Arc<Shared>>,
    Path((object, id, attribute)): Path<(String, String, String)>,
    Query(p): Params,
) -> Answer {
    let historic = bool_param(&p, "show_historic")?;
    let limit = number_param(&p, "limit")?;
    let offset = number_param(&p, "offset")?.unwrap_or(0);
    Ok(data(lock(&s.store).attribute_values(
        &object, &id, &attribute, historic, limit, offset,
    )?))
}
