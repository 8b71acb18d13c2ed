//! `POST /v2/objects/records/search`: Attio's fuzzy search across objects (beta; results
//! are eventually consistent; use a query for fresh data).

use reqwest::Method;
use serde::{Deserialize, Serialize};

use crate::client::{Call, Client, Route};
use crate::error::Error;
use crate::record::RecordId;
use crate::retry::Idempotency;

/// The longest search text Attio accepts, in characters.
const MAX_QUERY_CHARS: usize = 256;
/// The most results Attio returns for one search.
const MAX_LIMIT: u8 = attio_model::limits::MAX_SEARCH_LIMIT;

/// Whose view a search runs in (`request_as`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RequestAs {
    /// Every record of the workspace.
    Workspace,
    /// What one workspace member can see, named by id.
    #[serde(rename = "workspace-member")]
    MemberId {
        /// The member's id.
        workspace_member_id: String,
    },
    /// What one workspace member can see, named by email address.
    #[serde(rename = "workspace-member")]
    MemberEmail {
        /// The member's email address.
        email_address: String,
    },
}

/// A search: text, the objects to search and whose view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchQuery {
    query: String,
    objects: Vec<String>,
    request_as: RequestAs,
    limit: u8,
}

impl SearchQuery {
    /// Searches `objects` (slugs or ids) for `text` as the whole workspace sees them, at
    /// most 25 results (Attio's default and maximum). An empty `text` returns Attio's
    /// default results.
    pub fn new(
        text: impl Into<String>,
        objects: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Self {
            query: text.into(),
            objects: objects.into_iter().map(Into::into).collect(),
            request_as: RequestAs::Workspace,
            limit: MAX_LIMIT,
        }
    }

    /// Runs the search in a workspace member's view.
    pub fn request_as(mut self, request_as: RequestAs) -> Self {
        self.request_as = request_as;
        self
    }

    /// At most `limit` results, 1 to 25.
    pub fn limit(mut self, limit: u8) -> Self {
        self.limit = limit;
        self
    }

    /// Checks what Attio's spec requires of the body, before anything is sent.
    fn check(&self) -> Result<(), Error> {
        let invalid = |reason: String| Err(Error::InvalidQuery(reason));
        if self.query.chars().count() > MAX_QUERY_CHARS {
            return invalid(format!(
                "a search text has at most {MAX_QUERY_CHARS} characters"
            ));
        }
        if self.objects.is_empty() {
            return invalid("a search names at least one object".to_owned());
        }
        if self.objects.iter().any(|o| o.trim().is_empty()) {
            return invalid("a search's object slugs cannot be empty".to_owned());
        }
        if !(1..=MAX_LIMIT).contains(&self.limit) {
            return invalid(format!(
                "a search returns 1 to {MAX_LIMIT} results, not {}",
                self.limit
            ));
        }
        Ok(())
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct SearchHit {
    /// The record's ids.
    pub id: RecordId,
    /// The object the record belongs to.
    pub object_slug: String,
    /// A human-readable label for the record.
    pub record_text: String,
    /// The record's image, if any.
    #[serde(default)]
    pub record_image: Option<String>,
    /// A person's email addresses (people only).
    #[serde(default)]
    pub email_addresses: Vec<String>,
    /// A person's phone numbers (people only).
    #[serde(default)]
    pub phone_numbers: Vec<String>,
    /// A company's domains (companies only).
    #[serde(default)]
    pub domains: Vec<String>,
}

impl Client {
    /// Fuzzy-searches records across objects (`POST /v2/objects/records/search`, beta):
    /// names, domains, emails, phone numbers and social handles on people and companies,
    /// labels elsewhere. Eventually consistent: use [`Client::query`] for fresh data.
    /// Paced as a read and retried.
    ///
    /// # Errors
    /// [`Error::InvalidQuery`] before sending for a body Attio's spec refuses (text over
    /// 256 characters, no objects, a limit outside 1–25); from Attio `value_not_found` for
    /// an unknown object, and the errors every request shares.
    pub async fn search_records(&self, search: &SearchQuery) -> Result<Vec<SearchHit>, Error> {
        search.check()?;
        let body = serde_json::to_value(search)
            .map_err(|error| Error::InvalidQuery(format!("cannot encode the search: {error}")))?;
        let call = Call::new(Method::POST, Route::search(), Idempotency::Safe)
            .body(body)
            .paced_as_read();
        self.call_for_data(call).await
    }
}
