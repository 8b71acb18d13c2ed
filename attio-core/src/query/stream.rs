//! The page stream: one `POST …/query` per page, sent only when the consumer has taken
//! every item of the page before, through the client's one pipeline (paced as a read,
//! retried: a query is safe to repeat).
//!
//! Modelled on octocrab's `Page::into_stream` (a `try_unfold` over "the items left in this
//! page, then the next page"), with two differences: an item that fails to decode is an
//! `Err` item and the stream goes on (octocrab's `try_unfold` would end), and paging is by
//! `limit`/`offset` in the body or by keyset (see [`Paging`]).

use std::collections::HashSet;
use std::sync::Arc;

use futures_util::Stream;
use reqwest::Method;
use serde_json::{Map, Value, json};

use super::endpoint::{QueryEndpoint, RowKey};
use crate::client::{Call, Client, Received};
use crate::error::Error;
use crate::retry::Idempotency;

/// Attio's largest page for a records or entries query, and the default page size.
pub const MAX_PAGE_SIZE: u32 = attio_model::limits::MAX_QUERY_LIMIT;

/// How a query stream moves from one page to the next.
///
/// Attio's query endpoints page by `offset`, counted in the query's current result. When
/// records matching the query are created or deleted while a stream runs, the pages
/// shift under it: a record deleted from an earlier page makes the stream **skip** one
/// record, a record created (or changed to match) before the current position makes it
/// **yield one record twice**. For a stream that must not repeat records, use
/// [`Paging::Keyset`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Paging {
    /// `limit` and `offset` (Attio's documented pagination): any filter and sorts, but
    /// concurrent changes can skip or repeat records (see above).
    #[default]
    Offset,
    /// Keyset paging on `created_at`, which Attio can both filter (`$gte`) and sort by:
    /// the query is sorted by `created_at` ascending and each page asks for the records
    /// created at or after the last one yielded, skipping the ids already yielded at that
    /// instant. Never yields a record twice, and never skips a record that matched for the
    /// whole stream; records created while it runs are yielded at the end. Attio has no
    /// `$gt` on `record_id`, so ties on `created_at` (rare: nanosecond precision) are
    /// resolved by offset within the tie and the ids already seen. Cannot be combined with
    /// custom sorts.
    Keyset,
}

/// The page settings of one stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageOptions {
    /// Records per page, 1 to [`MAX_PAGE_SIZE`].
    pub(crate) page_size: u32,
    /// Records to skip first (offset paging only).
    pub(crate) offset: u32,
    /// How to move between pages.
    pub(crate) paging: Paging,
    /// Whether to request the next page as soon as one arrives (see
    /// [`Query::read_ahead`](super::Query::read_ahead)).
    pub(crate) read_ahead: bool,
}

impl Default for PageOptions {
    fn default() -> Self {
        Self {
            page_size: MAX_PAGE_SIZE,
            offset: 0,
            paging: Paging::Offset,
            read_ahead: false,
        }
    }
}

impl PageOptions {
    /// Checks the options against the endpoint's body; the error is sent as the stream's
    /// only item.
    fn check(&self, body: &Map<String, Value>) -> Result<(), Error> {
        if !(1..=MAX_PAGE_SIZE).contains(&self.page_size) {
            return Err(Error::InvalidQuery(format!(
                "a page holds 1 to {MAX_PAGE_SIZE} records (Attio's maximum), not {}",
                self.page_size
            )));
        }
        if self.paging == Paging::Keyset {
            if body.get("sorts").is_some_and(|s| s != &json!([])) {
                return Err(Error::InvalidQuery(
                    "keyset paging sorts by `created_at` itself and cannot take custom sorts"
                        .to_owned(),
                ));
            }
            if self.offset != 0 {
                return Err(Error::InvalidQuery(
                    "keyset paging cannot start at an offset".to_owned(),
                ));
            }
        }
        Ok(())
    }
}

/// Where keyset paging stands: the `created_at` of the last element received, the ids
/// yielded at exactly that instant, and how many elements the server returned at it.
#[derive(Default)]
struct Keyset {
    boundary: Option<String>,
    seen_at_boundary: HashSet<String>,
    /// Elements received at the boundary instant: the next page's offset, so a tie longer
    /// than a page still advances.
    tie: u64,
}

impl Keyset {
    /// Whether the element with `key` is new, moving the boundary forward when it is later.
    /// An element without a key, or (from a server breaking its own sort) one before the
    /// boundary, is let through and does not move it.
    fn admit(&mut self, key: Option<RowKey>) -> bool {
        let Some(key) = key else { return true };
        match self
            .boundary
            .as_deref()
            .map(|b| key.created_at.as_str().cmp(b))
        {
            Some(std::cmp::Ordering::Equal) => {
                self.tie += 1;
                self.seen_at_boundary.insert(key.id)
            }
            Some(std::cmp::Ordering::Less) => true,
            _ => {
                self.boundary = Some(key.created_at);
                self.seen_at_boundary.clear();
                self.seen_at_boundary.insert(key.id);
                self.tie = 1;
                true
            }
        }
    }

    /// `filter` and `sorts` of the next page: the caller's filter and `created_at` from
    /// the boundary on, sorted by `created_at`.
    fn shape(&self, body: &mut Map<String, Value>) -> u64 {
        body.insert(
            "sorts".to_owned(),
            json!([{"direction": "asc", "attribute": "created_at"}]),
        );
        let Some(boundary) = &self.boundary else {
            return 0;
        };
        let from = json!({"created_at": {"$gte": boundary}});
        let filter = match body.remove("filter") {
            Some(filter) => json!({"$and": [filter, from]}),
            None => from,
        };
        body.insert("filter".to_owned(), filter);
        // Elements tied at the boundary come first in the page: skip those received.
        self.tie
    }
}

/// The next page's request, sent ahead (read-ahead mode); aborted when the stream is
/// dropped before it is needed.
struct Ahead(tokio::task::JoinHandle<Result<Received, Error>>);

impl Drop for Ahead {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The state between two pulls.
struct State<E: QueryEndpoint> {
    client: Client,
    endpoint: Arc<E>,
    options: PageOptions,
    /// What is left of the last page.
    buffer: std::vec::IntoIter<Result<E::Item, Error>>,
    /// The offset of the next page (offset paging).
    offset: u64,
    keyset: Keyset,
    /// Whether another page may exist.
    more: bool,
    /// An error to yield before anything else (invalid options).
    pending: Option<Error>,
    /// The next page's request, already on its way (read-ahead mode).
    ahead: Option<Ahead>,
}

impl<E: QueryEndpoint> State<E> {
    /// The request for the next page: the endpoint's body with the page's `limit`,
    /// `offset` and (keyset paging) boundary.
    fn next_call(&self) -> Call {
        let mut body = self.endpoint.body().clone();
        let offset = match self.options.paging {
            Paging::Offset => self.offset,
            Paging::Keyset => self.keyset.shape(&mut body),
        };
        body.insert("limit".to_owned(), self.options.page_size.into());
        body.insert("offset".to_owned(), offset.into());
        Call::new(
            Method::POST,
            self.endpoint.route().clone(),
            Idempotency::Safe,
        )
        .body(Value::Object(body))
        .paced_as_read()
    }

    /// Receives the next page (sent now, or earlier by read-ahead) and fills the buffer;
    /// in read-ahead mode, then sends the request for the page after it.
    async fn fetch(&mut self) -> Result<(), Error> {
        let received = match self.ahead.take() {
            Some(mut ahead) => match (&mut ahead.0).await {
                Ok(received) => received?,
                // Only a panic in the client's own code gets here (the task is aborted
                // only with the stream): let it go on unwinding in the consumer.
                Err(joined) => std::panic::resume_unwind(joined.into_panic()),
            },
            None => self.client.call(self.next_call()).await?,
        };
        self.accept(&received)?;
        if self.options.read_ahead && self.more {
            let (client, call) = (self.client.clone(), self.next_call());
            self.ahead = Some(Ahead(tokio::spawn(async move { client.call(call).await })));
        }
        Ok(())
    }

    /// Decodes a page into the buffer and moves the paging state past it.
    fn accept(&mut self, received: &Received) -> Result<(), Error> {
        let raws = received.raw_items()?;
        self.more = raws.len() as u64 >= u64::from(self.options.page_size);
        self.offset += raws.len() as u64;
        let keyset = self.options.paging == Paging::Keyset;
        let mut items = Vec::with_capacity(raws.len());
        for raw in raws {
            if keyset && !self.keyset.admit(RowKey::of(raw)) {
                continue;
            }
            items.push(self.endpoint.decode(raw));
        }
        self.buffer = items.into_iter();
        Ok(())
    }
}

/// The items of every page of `endpoint`'s query, fetched lazily: a page is requested only
/// when the consumer pulls past the end of the one before. A page shorter than the page
/// size is the last. An element that does not decode is an `Err` item and the stream goes
/// on; a page that fails (after the client's retries) is the last item, an `Err`.
pub(crate) fn pages<E: QueryEndpoint>(
    client: Client,
    endpoint: E,
    options: PageOptions,
) -> impl Stream<Item = Result<E::Item, Error>> + Send + 'static {
    let pending = options.check(endpoint.body()).err();
    let state = State {
        client,
        endpoint: Arc::new(endpoint),
        options,
        buffer: Vec::new().into_iter(),
        offset: u64::from(options.offset),
        keyset: Keyset::default(),
        more: pending.is_none(),
        pending,
        ahead: None,
    };
    futures_util::stream::unfold(state, |mut state| async move {
        if let Some(error) = state.pending.take() {
            return Some((Err(error), state));
        }
        loop {
            if let Some(item) = state.buffer.next() {
                return Some((item, state));
            }
            if !state.more {
                return None;
            }
            if let Err(error) = state.fetch().await {
                state.more = false;
                return Some((Err(error), state));
            }
        }
    })
}
