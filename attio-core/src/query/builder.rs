//! [`Query`]: a records or entries query being built (filter, sorts, paging), and how it
//! runs: as a lazy stream, or through `first`, `one` and a capped `collect`.

use futures_util::future::BoxFuture;
use futures_util::stream::BoxStream;
use futures_util::{StreamExt, TryStreamExt};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::endpoint::{QueryEndpoint, decode_error};
use super::item::QueryItem;
use super::stream::{PageOptions, Paging, pages};
use super::{Filter, Sort};
use crate::client::{Client, Route};
use crate::entry::AttioEntry;
use crate::error::{Error, RecordDecodeReason};
use crate::list::Entry;

/// A query on the records of one object or the entries of one list, yielding `T`s
/// ([`Record`](crate::Record), [`Entry`] or a derived struct). Built by [`Client::query`],
/// [`Client::records`], [`Client::query_entries`] and
/// [`EntriesHandler::query`](crate::client::EntriesHandler::query); nothing is sent until
/// it runs. Records and entries share one page stream, so everything below holds for
/// both.
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
    /// The object's slug, or the list's slug or id.
    object: String,
    source: Source<T>,
    filters: Vec<Value>,
    sorts: Vec<Value>,
    options: PageOptions,
}

impl<T> Clone for Query<T> {
    fn clone(&self) -> Self {
        Self {
            client: self.client.clone(),
            object: self.object.clone(),
            source: self.source,
            filters: self.filters.clone(),
            sorts: self.sorts.clone(),
            options: self.options,
        }
    }
}

impl<T: Send + 'static> std::fmt::Debug for Query<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (what, route) = match self.source {
            Source::Records(_) => ("object", "records"),
            Source::Entries(_) => ("list", "entries"),
        };
        f.debug_struct("Query")
            .field(what, &self.object)
            .field("of", &route)
            .field("body", &self.to_json())
            .field("options", &self.options)
            .finish()
    }
}

/// Where a query's pages come from and how one element becomes a `T`.
pub(crate) enum Source<T> {
    /// `POST /v2/objects/{object}/records/query`, each record decoded in place.
    Records(fn(&RawValue) -> Result<T, RecordDecodeReason>),
    /// `POST /v2/lists/{list}/entries/query`, each [`Entry`] then read into a `T` (which
    /// may read the parent record: one more request).
    Entries(ReadEntry<T>),
}

/// Reads one entry of a page into a `T`.
pub(crate) type ReadEntry<T> = fn(Client, Entry) -> BoxFuture<'static, Result<T, Error>>;

impl<T> Clone for Source<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Source<T> {}

impl<T: QueryItem> Source<T> {
    /// Records decoded as `T`.
    pub(crate) fn records() -> Self {
        Self::Records(T::from_page)
    }
}

impl Source<Entry> {
    /// Entries as they are.
    pub(crate) fn entries() -> Self {
        Self::Entries(|_, entry| Box::pin(std::future::ready(Ok(entry))))
    }
}

impl<E: AttioEntry + Send + 'static> Source<E> {
    /// Entries read into `E` (with the parent record when `E` reads fields from it).
    pub(crate) fn entries_as() -> Self {
        Self::Entries(|client, entry| Box::pin(crate::entry::read_entry::<E>(client, entry)))
    }
}

impl<T: Send + 'static> Query<T> {
    pub(crate) fn new(client: Client, object: String, source: Source<T>) -> Self {
        Self {
            client,
            object,
            source,
            filters: Vec::new(),
            sorts: Vec::new(),
            options: PageOptions::default(),
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

    /// The matching records (or entries), page by page as the stream is pulled
    /// (`POST /v2/objects/{object}/records/query` or `POST /v2/lists/{list}/entries/query`,
    /// paced as a read and retried).
    ///
    /// A record or entry that does not decode into `T` is an [`Error::RecordDecode`] item
    /// naming its id and the object (or list), and the stream goes on; a page that fails
    /// after the client's retries (or an invalid slug or page size) is the last item. An
    /// entry struct whose fields read the parent record (`#[attio(parent = "<unique
    /// attribute>")]`) costs one record read per entry, made as the entry is pulled; a
    /// failed read is that entry's `Err` item.
    ///
    /// The stream is boxed, so it is `Unpin`: `try_next()`/`next()` work on it directly,
    /// without pinning it first (one allocation per query, not per page or record).
    pub fn stream(self) -> BoxStream<'static, Result<T, Error>> {
        let body = self.body();
        let stream = match self.source {
            Source::Records(decode) => Route::query(&self.object).map(|route| {
                let endpoint = Endpoint {
                    route,
                    body,
                    object: self.object.clone(),
                    decode,
                };
                pages(self.client, endpoint, self.options).boxed()
            }),
            Source::Entries(read) => Route::entries_query(&self.object).map(|route| {
                let endpoint = Endpoint {
                    route,
                    body,
                    object: self.object.clone(),
                    decode: decode_entry,
                };
                let client = self.client.clone();
                pages(self.client, endpoint, self.options)
                    .then(move |entry| {
                        let client = client.clone();
                        async move { read(client, entry?).await }
                    })
                    .boxed()
            }),
        };
        stream.unwrap_or_else(|error| futures_util::stream::once(async move { Err(error) }).boxed())
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

/// `POST /v2/objects/{object}/records/query` or `POST /v2/lists/{list}/entries/query`:
/// the two differ only in their route and how an element decodes.
struct Endpoint<T> {
    route: Route,
    /// The object or list, for decode errors.
    object: String,
    body: Map<String, Value>,
    decode: fn(&RawValue) -> Result<T, RecordDecodeReason>,
}

/// An entry of a page as an [`Entry`].
fn decode_entry(raw: &RawValue) -> Result<Entry, RecordDecodeReason> {
    serde_json::from_str(raw.get()).map_err(|error| RecordDecodeReason::Shape(error.to_string()))
}

impl<T: Send + 'static> QueryEndpoint for Endpoint<T> {
    type Item = T;

    fn route(&self) -> &Route {
        &self.route
    }

    fn body(&self) -> &Map<String, Value> {
        &self.body
    }

    fn decode(&self, raw: &RawValue) -> Result<T, Error> {
        (self.decode)(raw).map_err(|reason| decode_error(&self.object, raw, reason))
    }
}
