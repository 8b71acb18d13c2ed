//! Lists and entries: [`ListsHandler`] from [`Client::lists`], [`EntriesHandler`] from
//! [`Client::entries`], and [`Client::record_entries`]. Values go in as [`Values`] (the
//! same `slug → value(s)` map as record writes) and come back as an [`Entry`] whose values
//! read like a record's. Each operation names its route, method and idempotency; the
//! [pipeline](super::pipeline) does the rest.
//!
//! Retry safety follows the records: assert by parent (`PUT …/entries`), overwrite by id
//! (`PUT`), reads and delete are repeatable and retried; create (`POST`) and update
//! (`PATCH`, which appends to multi-value attributes) are not retried once they may have
//! reached Attio ([`Error::OutcomeUnknown`]).
//!
//! [`EntriesHandler::query`] and [`Client::query_entries`] run on the read side's one
//! page stream ([`Query`]).

use reqwest::Method;
use serde_json::{Map, Value};

use super::Client;
use super::pipeline::Call;
use super::records::Values;
use super::route::{Route, record_id};
use crate::error::Error;
use crate::list::{Entry, List, ListUpdate, NewList, RecordEntry};
use crate::query::{Query, Source};
use crate::record::AttributeValue;
use crate::retry::Idempotency;

/// The list operations (`/v2/lists…`), borrowed from a [`Client`].
///
/// Errors of every operation: [`Error::InvalidSlug`] for an unusable list slug (nothing is
/// sent); from Attio [`Error::Api`] (`not_found` for an unknown list, `validation_type`
/// for a bad body, `slug_conflict` for a taken slug), and the errors every request can
/// have ([`Error::Timeout`], [`Error::Transport`], [`Error::Decode`], [`Error::RateLimited`]).
#[derive(Debug, Clone, Copy)]
pub struct ListsHandler<'c> {
    client: &'c Client,
}

/// The entry operations of one list (`/v2/lists/{list}/entries…`), borrowed from a
/// [`Client`]. `list` is the list's slug or id.
///
/// Errors of every operation: [`Error::InvalidSlug`] for an unusable list slug,
/// [`Error::InvalidId`] for an entry id and [`Error::InvalidRecordId`] for a parent record id
/// that is not a UUID (nothing is sent); from Attio [`Error::Api`] (`not_found`,
/// `value_not_found` for an unknown parent or option, `multiple_match_results` when an
/// assert finds several entries for the parent, `immutable_value`), the transport errors,
/// and [`Error::OutcomeUnknown`] for create and update.
#[derive(Debug, Clone)]
pub struct EntriesHandler<'c> {
    client: &'c Client,
    list: String,
}

impl Client {
    /// The list operations.
    pub fn lists(&self) -> ListsHandler<'_> {
        ListsHandler { client: self }
    }

    /// The entry operations of `list` (slug or id).
    pub fn entries(&self, list: &str) -> EntriesHandler<'_> {
        EntriesHandler {
            client: self,
            list: list.to_owned(),
        }
    }

    /// A record's entries in every list (`GET /v2/objects/{object}/records/{record_id}/entries`),
    /// one page.
    ///
    /// # Errors
    /// [`Error::InvalidSlug`] / [`Error::InvalidRecordId`] before sending; `not_found` and
    /// the transport errors from Attio.
    pub async fn record_entries(
        &self,
        object: &str,
        record_id: &str,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<RecordEntry>, Error> {
        let route = Route::record_entries(object, record_id, limit, offset)?;
        self.call_for_data(Call::new(Method::GET, route, Idempotency::Safe))
            .await
    }
}

fn data(fields: impl IntoIterator<Item = (&'static str, Value)>) -> Value {
    let inner: Map<String, Value> = fields
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value))
        .collect();
    Value::Object(Map::from_iter([("data".to_owned(), Value::Object(inner))]))
}

impl ListsHandler<'_> {
    /// Every list the token can see (`GET /v2/lists`).
    ///
    /// # Errors
    /// See [`ListsHandler`].
    pub async fn list(&self) -> Result<Vec<List>, Error> {
        let call = Call::new(Method::GET, Route::lists(), Idempotency::Safe);
        self.client.call_for_data(call).await
    }

    /// A list by slug or id (`GET /v2/lists/{list}`).
    ///
    /// # Errors
    /// See [`ListsHandler`].
    pub async fn get(&self, list: &str) -> Result<List, Error> {
        let call = Call::new(Method::GET, Route::list(list)?, Idempotency::Safe);
        self.client.call_for_data(call).await
    }

    /// Creates a list (`POST /v2/lists`). Not retried once it may have reached Attio.
    ///
    /// # Errors
    /// See [`ListsHandler`]; `not_found` for an unknown parent object.
    pub async fn create(&self, list: &NewList) -> Result<List, Error> {
        let call = Call::new(Method::POST, Route::lists(), Idempotency::Unsafe)
            .body(crate::schema::data(list));
        self.client.call_for_data(call).await
    }

    /// Changes a list's name, slug or access (`PATCH /v2/lists/{list}`). Sets absolute
    /// values, so safe to repeat.
    ///
    /// # Errors
    /// See [`ListsHandler`].
    pub async fn update(&self, list: &str, update: &ListUpdate) -> Result<List, Error> {
        let call = Call::new(Method::PATCH, Route::list(list)?, Idempotency::Safe)
            .body(crate::schema::data(update));
        self.client.call_for_data(call).await
    }
}

impl EntriesHandler<'_> {
    /// `POST` or `PUT` of `{"data": {"parent_record_id", "parent_object", "entry_values"}}`
    /// to the list's entries.
    async fn by_parent(
        &self,
        method: Method,
        idempotency: Idempotency,
        (parent_object, parent_record_id): (&str, &str),
        values: Values,
    ) -> Result<Entry, Error> {
        let body = data([
            (
                "parent_record_id",
                Value::from(record_id(parent_record_id)?),
            ),
            ("parent_object", Value::from(parent_object)),
            ("entry_values", Value::Object(values)),
        ]);
        let route = Route::entries(&self.list)?;
        self.write(method, route, idempotency, body).await
    }

    async fn write(
        &self,
        method: Method,
        route: Route,
        idempotency: Idempotency,
        body: Value,
    ) -> Result<Entry, Error> {
        let call = Call::new(method, route, idempotency).body(body);
        self.client.call_for_data(call).await
    }

    /// Adds `parent_record_id` (a record of `parent_object`, slug or id) to the list
    /// (`POST /v2/lists/{list}/entries`). A record may have several entries in one list.
    /// Not retried once it may have reached Attio: repeating it could add a second entry.
    ///
    /// # Errors
    /// See [`EntriesHandler`].
    pub async fn create(
        &self,
        parent_object: &str,
        parent_record_id: &str,
        values: Values,
    ) -> Result<Entry, Error> {
        let parent = (parent_object, parent_record_id);
        self.by_parent(Method::POST, Idempotency::Unsafe, parent, values)
            .await
    }

    /// Creates the parent's entry or updates it (`PUT /v2/lists/{list}/entries`),
    /// overwriting multi-value attributes with the given lists. Safe to repeat, so
    /// retried per the policy.
    ///
    /// # Errors
    /// See [`EntriesHandler`]; `multiple_match_results` when the parent has several entries.
    pub async fn assert(
        &self,
        parent_object: &str,
        parent_record_id: &str,
        values: Values,
    ) -> Result<Entry, Error> {
        let parent = (parent_object, parent_record_id);
        self.by_parent(Method::PUT, Idempotency::Safe, parent, values)
            .await
    }

    /// An entry by id (`GET /v2/lists/{list}/entries/{entry_id}`).
    ///
    /// # Errors
    /// See [`EntriesHandler`].
    pub async fn get(&self, entry_id: &str) -> Result<Entry, Error> {
        let route = Route::entry(&self.list, entry_id)?;
        self.client
            .call_for_data(Call::new(Method::GET, route, Idempotency::Safe))
            .await
    }

    /// Updates an entry, adding the given values to multi-value attributes
    /// (`PATCH /v2/lists/{list}/entries/{entry_id}`). Not retried once it may have reached
    /// Attio: repeating it could add values twice.
    ///
    /// # Errors
    /// See [`EntriesHandler`].
    pub async fn update(&self, entry_id: &str, values: Values) -> Result<Entry, Error> {
        self.by_id(Method::PATCH, Idempotency::Unsafe, entry_id, values)
            .await
    }

    /// Updates an entry, replacing multi-value attributes with the given lists
    /// (`PUT /v2/lists/{list}/entries/{entry_id}`). Safe to repeat.
    ///
    /// # Errors
    /// See [`EntriesHandler`].
    pub async fn overwrite(&self, entry_id: &str, values: Values) -> Result<Entry, Error> {
        self.by_id(Method::PUT, Idempotency::Safe, entry_id, values)
            .await
    }

    /// `PATCH` or `PUT` of `{"data": {"entry_values": …}}` by entry id.
    async fn by_id(
        &self,
        method: Method,
        idempotency: Idempotency,
        entry_id: &str,
        values: Values,
    ) -> Result<Entry, Error> {
        let route = Route::entry(&self.list, entry_id)?;
        let body = data([("entry_values", Value::Object(values))]);
        self.write(method, route, idempotency, body).await
    }

    /// Removes an entry from the list (`DELETE /v2/lists/{list}/entries/{entry_id}`).
    /// Retried per the policy; a retry answered `not_found` after an attempt that may have
    /// been applied counts as deleted.
    ///
    /// # Errors
    /// See [`EntriesHandler`].
    pub async fn delete(&self, entry_id: &str) -> Result<(), Error> {
        let route = Route::entry(&self.list, entry_id)?;
        let call = Call::new(Method::DELETE, route, Idempotency::Safe).gone_means_done();
        self.client.call(call).await?.empty_object()
    }

    /// A query on the list's entries, yielding [`Entry`]s: the same lazy page stream,
    /// filters, sorts, paging and `first`/`one`/`collect` as a records query
    /// ([`Query`]); filter with [`Filter::raw`](crate::query::Filter::raw) or handles
    /// built with [`Attr::new`](crate::query::Attr::new) on the list's slug. For a
    /// derived entry struct, [`Client::query_entries`] yields the struct.
    pub fn query(&self) -> Query<Entry> {
        Query::new(self.client.clone(), self.list.clone(), Source::entries())
    }

    /// An attribute's values on an entry, with their history when `show_historic`
    /// (`GET …/entries/{entry_id}/attributes/{attribute}/values`).
    ///
    /// # Errors
    /// See [`EntriesHandler`].
    pub async fn attribute_values(
        &self,
        entry_id: &str,
        attribute: &str,
        show_historic: bool,
    ) -> Result<Vec<AttributeValue>, Error> {
        let route = Route::entry_values(&self.list, entry_id, attribute, show_historic)?;
        self.client
            .call_for_data(Call::new(Method::GET, route, Idempotency::Safe))
            .await
    }
}
