//! The record operations of the API. Each one names its route, method and idempotency;
//! the [pipeline](super::pipeline) does the rest.

use reqwest::{Method, Url};
use serde_json::{Map, Value};

use super::Client;
use super::pipeline::{Call, to_json, unserialisable};
use super::query::RecordQuery;
use super::route::Route;
use crate::error::Error;
use crate::record::Record;
use crate::retry::Idempotency;

/// The `values` of a write request: attribute slug (or id) to value(s).
pub type Values = Map<String, Value>;

/// `{"data": {"values": …}}`, moving `values` in (`json!` would serialize a copy of it).
pub(crate) fn write_body(values: Values) -> Value {
    let wrap = |key: &str, inner: Value| Value::Object(Map::from_iter([(key.to_owned(), inner)]));
    wrap("data", wrap("values", Value::Object(values)))
}

/// What a write sends: the `values` map, or a body already encoded from a struct
/// ([`AttioRecord`](crate::AttioRecord)'s operations encode theirs without the map).
#[derive(Debug)]
pub(crate) enum Payload {
    Values(Values),
    /// `{"data":{"values":{…}}}`, as bytes.
    Encoded(bytes::Bytes),
}

impl Payload {
    /// The body's bytes: the encoded ones, or the map serialised as
    /// `{"data":{"values":…}}` (from a borrow: no maps built around `values` to be taken
    /// apart again).
    pub(crate) fn into_json(self) -> Result<bytes::Bytes, serde_json::Error> {
        match self {
            Self::Encoded(body) => Ok(body),
            Self::Values(values) => to_json(&WriteBody {
                data: WriteData { values: &values },
            }),
        }
    }
}

/// The same body as [`write_body`], as [`Payload::into_json`] serialises it.
#[derive(serde::Serialize)]
struct WriteBody<'a> {
    data: WriteData<'a>,
}

#[derive(serde::Serialize)]
struct WriteData<'a> {
    values: &'a Values,
}

/// Every operation shares these errors:
/// - before sending: [`Error::InvalidSlug`] for an unusable object slug or matching
///   attribute, [`Error::InvalidRecordId`] for an id that is not a UUID;
/// - from Attio: [`Error::Api`] (e.g. `not_found`, `missing_value`, `uniqueness_conflict`;
///   see [`ErrorCode`](crate::error::ErrorCode)), [`Error::RateLimited`] when 429s outlast
///   the retry policy;
/// - on the way: [`Error::Timeout`], [`Error::Transport`], [`Error::Decode`] for a response
///   that is not what Attio documents, and for `create_record` and `update_record`, which
///   are not safe to repeat, [`Error::OutcomeUnknown`].
impl Client {
    /// Creates a record (`POST /v2/objects/{object}/records`). Not retried once it may
    /// have reached Attio: repeating it could create a duplicate.
    ///
    /// # Errors
    /// See the list above; a unique value already taken gives `uniqueness_conflict`.
    pub async fn create_record(&self, object: &str, values: Values) -> Result<Record, Error> {
        let url = self.object_url(Route::RECORDS, object, "", || Route::records(object))?;
        let call = Call::at(Method::POST, Route::RECORDS, url, Idempotency::Unsafe);
        self.write_record(call, Payload::Values(values)).await
    }

    /// Creates the record whose `matching_attribute` equals the value given for it, or
    /// updates the one that matches
    /// (`PUT /v2/objects/{object}/records?matching_attribute={matching_attribute}`).
    ///
    /// Multi-value attributes other than the matching one are replaced by the given list.
    /// Safe to repeat, so retried per the policy.
    ///
    /// # Errors
    /// See the list above; a matching attribute that is not unique gives
    /// `matching_attribute_definition_not_unique`, several matches `multiple_match_results`.
    pub async fn assert_record(
        &self,
        object: &str,
        matching_attribute: &str,
        values: Values,
    ) -> Result<Record, Error> {
        self.assert_payload(object, matching_attribute, Payload::Values(values))
            .await
    }

    /// Updates a record by id, adding the given values to multi-value attributes
    /// (`PATCH /v2/objects/{object}/records/{record_id}`). Not retried once it may have
    /// reached Attio: repeating it could add values twice.
    ///
    /// # Errors
    /// See the list above.
    pub async fn update_record(
        &self,
        object: &str,
        record_id: &str,
        values: Values,
    ) -> Result<Record, Error> {
        self.write_by_id(Method::PATCH, (object, record_id), Payload::Values(values))
            .await
    }

    /// Updates a record by id, replacing multi-value attributes with the given lists
    /// (`PUT /v2/objects/{object}/records/{record_id}`). Safe to repeat.
    ///
    /// # Errors
    /// See the list above.
    pub async fn overwrite_record(
        &self,
        object: &str,
        record_id: &str,
        values: Values,
    ) -> Result<Record, Error> {
        self.write_by_id(Method::PUT, (object, record_id), Payload::Values(values))
            .await
    }

    /// [`assert_record`](Self::assert_record) with a payload.
    pub(crate) async fn assert_payload(
        &self,
        object: &str,
        matching_attribute: &str,
        payload: Payload,
    ) -> Result<Record, Error> {
        let url = self.object_url(Route::ASSERT, object, matching_attribute, || {
            Route::assert(object, matching_attribute)
        })?;
        let call = Call::at(Method::PUT, Route::ASSERT, url, Idempotency::Safe);
        self.write_record(call, payload).await
    }

    /// [`update_record`](Self::update_record) (`PATCH`: not safe to repeat) or
    /// [`overwrite_record`](Self::overwrite_record) (`PUT`: safe) with a payload.
    pub(crate) async fn write_by_id(
        &self,
        method: Method,
        (object, record_id): (&str, &str),
        payload: Payload,
    ) -> Result<Record, Error> {
        let idempotency = if method == Method::PUT {
            Idempotency::Safe
        } else {
            Idempotency::Unsafe
        };
        let call = Call::new(method, Route::record(object, record_id)?, idempotency);
        self.write_record(call, payload).await
    }

    /// Sends `call` with `{"data": {"values": …}}` and decodes the record in the answer;
    /// the four writes above differ only in method, route and idempotency.
    async fn write_record(&self, call: Call, payload: Payload) -> Result<Record, Error> {
        let body = payload.into_json().map_err(unserialisable)?;
        self.call_for_data(call.json(body)).await
    }

    /// The URL of a route on one object (and matching attribute, or `""`), from the
    /// client's [cache](super::route_cache) of them.
    fn object_url(
        &self,
        template: &'static str,
        object: &str,
        second: &str,
        build: impl FnOnce() -> Result<Route, Error>,
    ) -> Result<Url, Error> {
        let inner = &self.inner;
        inner
            .routes
            .get_or_build(&inner.base, (template, object, second), build)
    }

    /// Reads a record by id (`GET /v2/objects/{object}/records/{record_id}`).
    ///
    /// # Errors
    /// See the list above; an unknown record gives `not_found`
    /// ([`Error::is_not_found`]).
    pub async fn get_record(&self, object: &str, record_id: &str) -> Result<Record, Error> {
        let route = Route::record(object, record_id)?;
        self.call_for_data(Call::new(Method::GET, route, Idempotency::Safe))
            .await
    }

    /// Deletes a record by id (`DELETE /v2/objects/{object}/records/{record_id}`).
    ///
    /// Retried per the policy. When an attempt may have been applied but its answer was
    /// lost (5xx, timeout, broken connection), a retry answered `not_found` counts as
    /// deleted: the earlier attempt did it.
    ///
    /// # Errors
    /// See the list above; `not_found` when the record did not exist.
    pub async fn delete_record(&self, object: &str, record_id: &str) -> Result<(), Error> {
        let route = Route::record(object, record_id)?;
        let call = Call::new(Method::DELETE, route, Idempotency::Safe).gone_means_done();
        self.call(call).await?.empty_object()
    }

    /// Lists the records matching a query (`POST /v2/objects/{object}/records/query`),
    /// one page of at most the query's limit (Attio's default: 500). Paced as a read.
    ///
    /// # Errors
    /// See the list above; a malformed filter gives `filter_error`.
    pub async fn query_records(
        &self,
        object: &str,
        query: &RecordQuery,
    ) -> Result<Vec<Record>, Error> {
        let call = Call::new(Method::POST, Route::query(object)?, Idempotency::Safe)
            .body(query.to_json())
            .paced_as_read();
        self.call_for_data(call).await
    }
}
