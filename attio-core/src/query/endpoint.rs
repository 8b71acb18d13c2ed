//! [`QueryEndpoint`]: what the page stream needs to know about one query endpoint (records
//! today, list entries next): where to send a page request, the body without the page,
//! and how to decode one element of a page's `data`.

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::client::Route;
use crate::error::{Error, RecordDecodeReason};

/// A `POST …/query` endpoint paged by `limit` and `offset` in the body.
///
/// Implementations own everything about their endpoint; the stream in
/// [`pages`](super::stream) only adds `limit`, `offset` (and, in keyset mode, a
/// `created_at` condition and sort) and calls [`decode`](Self::decode) per element.
pub(crate) trait QueryEndpoint: Send + Sync + 'static {
    /// What one element of a page becomes.
    type Item: Send + 'static;

    /// The route every page is sent to.
    fn route(&self) -> &Route;

    /// The body without `limit` and `offset`: `filter` and `sorts`, when set.
    fn body(&self) -> &Map<String, Value>;

    /// Decodes one element of `data`. An error here is one `Err` item: the stream goes on.
    fn decode(&self, raw: &RawValue) -> Result<Self::Item, Error>;
}

/// What paging and errors need from one element: its id and creation time. Every query
/// endpoint's elements carry `id` (an object of ids) and `created_at`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub(crate) struct RowKey {
    /// The element's own id (`record_id`, or `entry_id` for list entries).
    #[serde(default)]
    pub(crate) id: String,
    /// `created_at` as Attio sent it.
    #[serde(default)]
    pub(crate) created_at: String,
}

/// `{"id": {...}, "created_at": ...}` of one element, ignoring everything else; ids are
/// read from the first `*_id` that names the element itself (`record_id`, `entry_id`).
#[derive(Deserialize)]
struct KeyShape {
    #[serde(default)]
    id: Map<String, Value>,
    #[serde(default)]
    created_at: Option<String>,
}

impl RowKey {
    /// The key of one raw element; `None` when it has neither an id nor a `created_at`.
    pub(crate) fn of(raw: &RawValue) -> Option<Self> {
        let shape: KeyShape = serde_json::from_str(raw.get()).ok()?;
        let id = ["record_id", "entry_id"]
            .iter()
            .find_map(|key| shape.id.get(*key)?.as_str())
            .unwrap_or_default()
            .to_owned();
        let created_at = shape.created_at.unwrap_or_default();
        (!id.is_empty() || !created_at.is_empty()).then_some(Self { id, created_at })
    }
}

/// The error for one element that could not be decoded, naming the record (`?` when its
/// id cannot be read) and the object slug.
pub(crate) fn decode_error(slug: &str, raw: &RawValue, reason: RecordDecodeReason) -> Error {
    let record_id = RowKey::of(raw)
        .map(|key| key.id)
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| "?".to_owned());
    Error::RecordDecode {
        object: slug.to_owned(),
        record_id,
        reason: Box::new(reason),
    }
}
