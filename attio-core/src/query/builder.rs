//! [`Query`]: a records query being built (filter, sorts, paging), and how it runs: as a
//! lazy stream, or through `first`, `one` and a capped `collect`.

use std::marker::PhantomData;

use futures_util::stream::BoxStream;
use futures_util::{StreamExt, TryStreamExt};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::endpoint::{QueryEndpoint, decode_error};
use super::item::QueryItem;
use super::stream::{PageOptions, Paging, pages};
use super::{Filter, Sort};
use crate::client::{Client, Route};
use crate::error::Error;

/// A query on the records of one object, yielding `T`s ([`Record`](crate::Record) or a
/// derived struct). Built by [`Client::query`] and [`Client::records`]; nothing is sent
/// until it runs.
///
/// ```no_run
/// # use attio_core::{AttioRecord, Client, Email};
/// # #[derive(AttioRecord)]
/// # #[attio(object = "users")]
/// # struct User {
/// #     #[attio(slug = "user_id", unique)]
/// #     id: String,
/// #     #[attio(slug = "primary_email_address", unique)]
/// #     email: Email,
/// # }
/// # async fn run(client: Client) -> Result<(), attio_core::Error> {
/// use futures_util::TryStreamExt;
///
/// let user = User::fields();
/// let mut users = client
///     .query::<User>()
///     .filter(user.email.email_domain().eq("example.com"))
///     .sort(user.id.ascending())
///     .stream();
/// while let Some(user) = users.try_next().await? {
///     println!("{}", user.id);
/// }
/// # Ok(())
/// # }
/// ```
pub struct Query<T> {
    client: Client,
    object: String,
    filters: Vec<Value>,
    sorts: Vec<Value>,
    options: PageOptions,
    item: PhantomData<fn() -> T>,
}

impl<T> Clone for Query<T> {
    fn clone(&self) -> Self {
        Self {
            client: self.client.clone(),
            object: self.object.clone(),
            filters: self.filters.clone(),
            sorts: self.sorts.clone(),
            options: self.options,
            item: PhantomData,
        }
    }
}

impl<T: QueryItem> std::fmt::Debug for Query<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Query")
            .field("object", &self.object)
            .field("body", &self.to_json())
            .field("options", &self.options)
            .finish()
    }
}

impl<T: QueryItem> Query<T> {
    pub(crate) fn new(client: Client, object: String) -> Self {
        Self {
            client,
            object,
            filters: Vec::new(),
            sorts: Vec::new(),
            options: PageOptions::default(),
            item: PhantomData,
        }
    }

    /// Only records matching `filter`; several calls AND their filters.
    pub fn filter(mut self, filter: impl Into<Filter<T>>) -> Self {
        self.filters.push(filter.into().into_json());
        self
    }

    /// Sorts by `sort`, after the sorts added before.
    pub fn sort(mut self, sort: Sort<T>) -> Self {
        self.sorts.push(sort.into_json());
        self
    }

    /// Records per page request, 1 to [`MAX_PAGE_SIZE`](super::MAX_PAGE_SIZE) (the
    /// default). A size outside that range makes the stream's only item an
    /// [`Error::InvalidQuery`]; nothing is sent.
    pub fn page_size(mut self, size: u32) -> Self {
        self.options.page_size = size;
        self
    }

    /// Skips the first `offset` records (offset paging).
    pub fn offset(mut self, offset: u32) -> Self {
        self.options.offset = offset;
        self
    }

    /// How the stream moves between pages; see [`Paging`] for what each does when
    /// records change while it runs.
    pub fn paging(mut self, paging: Paging) -> Self {
        self.options.paging = paging;
        self
    }

    /// Requests each next page as soon as the one before arrives, while the consumer is
    /// still taking that one's records, instead of when it pulls past its end.
    ///
    /// Without read-ahead a stream is strictly lazy: it never sends a request the
    /// consumer has not asked for, and a page costs its whole round trip plus the
    /// consumer's time on the page before. With it, the two overlap, so a stream can
    /// keep up with the read limit even when a page takes longer to serve than the
    /// pacing interval; it holds at most two pages, and one request may be sent that is
    /// never needed (a stream dropped early aborts it). Every request still goes through
    /// the client's pipeline: paced as a read and retried.
    pub fn read_ahead(mut self) -> Self {
        self.options.read_ahead = true;
        self
    }

    /// The body of every page request without `limit` and `offset`: `filter` (the
    /// filters ANDed) and `sorts`.
    pub fn to_json(&self) -> Value {
        Value::Object(self.body())
    }

    fn body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        match self.filters.as_slice() {
            [] => {}
            [one] => {
                body.insert("filter".to_owned(), one.clone());
            }
            all => {
                body.insert(
                    "filter".to_owned(),
                    Filter::<T>::all(all.iter().cloned().map(Filter::raw)).into_json(),
                );
            }
        }
        if !self.sorts.is_empty() {
            body.insert("sorts".to_owned(), Value::Array(self.sorts.clone()));
        }
        body
    }

    /// The matching records, page by page as the stream is pulled
    /// (`POST /v2/objects/{object}/records/query`, paced as a read and retried).
    ///
    /// A record that does not decode into `T` is an [`Error::RecordDecode`] item naming
    /// the record id and the object, and the stream goes on; a page that fails after the
    /// client's retries (or an invalid object slug or page size) is the last item.
    ///
    /// The stream is boxed, so it is `Unpin`: `try_next()`/`next()` work on it directly,
    /// without pinning it first (one allocation per query, not per page or record).
    pub fn stream(self) -> BoxStream<'static, Result<T, Error>> {
        let endpoint = Route::query(&self.object).map(|route| RecordsEndpoint::<T> {
            route,
            body: self.body(),
            object: self.object.clone(),
            item: PhantomData,
        });
        match endpoint {
            Ok(endpoint) => pages(self.client, endpoint, self.options).boxed(),
            Err(error) => futures_util::stream::once(async move { Err(error) }).boxed(),
        }
    }

    /// The first matching record, if any (one request of one record).
    ///
    /// # Errors
    /// The page's error, or the record's decode error.
    pub async fn first(self) -> Result<Option<T>, Error> {
        let stream = self.page_size(1).stream();
        std::pin::pin!(stream).try_next().await
    }

    /// The only matching record: [`Error::NotExactlyOne`] when there is none or more than
    /// one (one request of at most two records).
    ///
    /// # Errors
    /// [`Error::NotExactlyOne`], the page's error, or the record's decode error.
    pub async fn one(self) -> Result<T, Error> {
        let object = self.object.clone();
        let found = self.collect_at_most(2).await?;
        let several = found.len() > 1;
        let mut found = found.into_iter();
        match (found.next(), several) {
            (Some(one), false) => Ok(one),
            _ => Err(Error::NotExactlyOne { object, several }),
        }
    }

    /// Every matching record, at most `cap`: [`Error::TooManyRecords`] when there are
    /// more (nothing is dropped silently; at most `cap + 1` records are fetched).
    ///
    /// # Errors
    /// [`Error::TooManyRecords`], the first record that does not decode, or a page's error.
    pub async fn collect(self, cap: usize) -> Result<Vec<T>, Error> {
        let object = self.object.clone();
        let found = self.collect_at_most(cap.saturating_add(1)).await?;
        if found.len() > cap {
            return Err(Error::TooManyRecords { object, cap });
        }
        Ok(found)
    }

    /// Up to `n` records, with pages no larger than needed.
    async fn collect_at_most(self, n: usize) -> Result<Vec<T>, Error> {
        let size = u32::try_from(n).unwrap_or(u32::MAX);
        let page = if self.options.page_size > size {
            size.max(1)
        } else {
            self.options.page_size
        };
        self.page_size(page).stream().take(n).try_collect().await
    }
}

/// `POST /v2/objects/{object}/records/query`.
struct RecordsEndpoint<T> {
    route: Route,
    object: String,
    body: Map<String, Value>,
    item: PhantomData<fn() -> T>,
}

impl<T: QueryItem> QueryEndpoint for RecordsEndpoint<T> {
    type Item = T;

    fn route(&self) -> &Route {
        &self.route
    }

    fn body(&self) -> &Map<String, Value> {
        &self.body
    }

    fn decode(&self, raw: &RawValue) -> Result<T, Error> {
        T::from_page(raw).map_err(|reason| decode_error(&self.object, raw, reason))
    }
}
