//! Errors: one [`Error`] enum a caller can match on.
//!
//! Attio's own error responses become [`Error::Api`] with a typed [`ErrorCode`]; the
//! predicates on [`Error`] (`is_not_found()`, `is_rate_limited()`, …) cover the common
//! questions without a `match`.

mod api;
mod inspect;

pub use api::{ApiError, ErrorCode, PathSegment, ValidationError};

/// Why a value was rejected before any request was sent, or could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueError {
    /// A unique attribute was given an empty value (nothing to match on).
    #[error("a unique attribute cannot be empty: give it a value to match on")]
    EmptyUnique,
    /// A value that needs content was empty (a select title, a record id, ...).
    #[error("{what} cannot be empty")]
    Empty {
        /// What was empty, e.g. `select option title`.
        what: &'static str,
    },
    /// Text longer than Attio's limit of [`MAX_TEXT_BYTES`](crate::value::MAX_TEXT_BYTES).
    #[error(
        "text is {len} bytes long, over Attio's limit of {} bytes: shorten it or store it elsewhere",
        crate::value::MAX_TEXT_BYTES
    )]
    TextTooLong {
        /// The text's length in bytes.
        len: usize,
    },
    /// NaN or an infinite number: Attio numbers are finite.
    #[error("{value} is not a finite number: Attio stores only finite numbers")]
    NotFinite {
        /// The rejected number.
        value: f64,
    },
    /// An integer too large to survive Attio's 64-bit float storage unchanged.
    #[error(
        "{value} cannot be stored exactly: Attio keeps numbers as 64-bit floats, exact for \
         integers up to ±9007199254740992; store larger ids as text"
    )]
    IntegerNotExact {
        /// The rejected integer, as text.
        value: String,
    },
    /// A decimal amount with more fractional digits than Attio keeps.
    #[error("`{value}` has more than {max} decimal places: round it first")]
    TooManyDecimals {
        /// The rejected amount, as text.
        value: String,
        /// The maximum number of decimal places.
        max: u8,
    },
    /// A decimal amount that is not a number or is out of range.
    #[error("`{value}` is not a decimal amount (expected e.g. `4.99` or `-12`): {reason}")]
    InvalidDecimal {
        /// The rejected text.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A rating outside 0 to 5 stars.
    #[error("a rating is 0 to 5 stars, got {value}")]
    RatingOutOfRange {
        /// The rejected rating.
        value: i64,
    },
    /// Not an email address Attio accepts.
    #[error("`{value}` is not a valid email address ({reason}): expected `local@domain.tld`")]
    InvalidEmail {
        /// The rejected text.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Not a domain name Attio accepts.
    #[error("`{value}` is not a domain name ({reason}): expected a host such as `app.attio.com`")]
    InvalidDomain {
        /// The rejected text.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Not a calendar date Attio accepts.
    #[error(
        "`{value}` is not a date ({reason}): expected `YYYY-MM-DD` between 0001-01-01 and 9999-12-31"
    )]
    InvalidDate {
        /// The rejected text.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Not a timestamp Attio accepts.
    #[error(
        "`{value}` is not a timestamp ({reason}): expected RFC 3339 with an offset, e.g. `2023-01-02T13:00:00Z`"
    )]
    InvalidTimestamp {
        /// The rejected text.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Not a phone number Attio accepts.
    #[error(
        "`{value}` is not a phone number ({reason}): give a country code or an international `+` number"
    )]
    InvalidPhoneNumber {
        /// The rejected text.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Not an ISO 3166-1 alpha-2 country code.
    #[error(
        "`{value}` is not a country code: expected an assigned ISO 3166-1 alpha-2 code in upper case (e.g. `GB`)"
    )]
    InvalidCountryCode {
        /// The rejected text.
        value: String,
    },
    /// A latitude or longitude Attio would reject.
    #[error("`{value}` is not a valid {axis}: expected decimal degrees within ±{}", if *axis == "latitude" { 90 } else { 180 })]
    InvalidCoordinate {
        /// `latitude` or `longitude`.
        axis: &'static str,
        /// The rejected text.
        value: String,
    },
    /// Not a UUID (a `uuid::Uuid` field read from a text value; feature `uuid`).
    #[error(
        "`{value}` is not a UUID ({reason}): expected e.g. `67e55044-10b1-426f-9247-bb680e5fe0c8`"
    )]
    InvalidUuid {
        /// The rejected text.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Not an absolute URL (a `url::Url` field read from a text value; feature `url`).
    #[error(
        "`{value}` is not a URL ({reason}): expected an absolute URL such as `https://attio.com/`"
    )]
    InvalidUrl {
        /// The rejected text.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An actor Attio does not accept in a write: only workspace members can be written to
    /// an `actor-reference` attribute.
    #[error(
        "a `{kind}` actor cannot be written: Attio accepts only workspace members in an actor-reference \
         attribute (use `ActorReference::workspace_member(id)`)"
    )]
    ActorNotWritable {
        /// The actor kind given (`api-token`, `system`, ...).
        kind: String,
    },
    /// The value is not valid for its Attio type; the text says why (for conversions
    /// written outside this crate).
    #[error("{0}")]
    Invalid(String),
}

/// Why one attribute of a [`Record`](crate::Record) could not be read into a Rust value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The attribute has no current value but the field requires one.
    #[error("no value, but the field requires exactly one (use `Option<T>` if it may be empty)")]
    Missing,
    /// Several current values where the field holds one.
    #[error("{count} values, but the field holds one (use `Vec<T>` for a multi-value attribute)")]
    Multiple {
        /// How many current values the attribute had.
        count: usize,
    },
    /// A value of another Attio type than the field reads.
    #[error("expected a `{expected}` value, found `{found}`")]
    WrongType {
        /// The Attio type the field reads.
        expected: &'static str,
        /// The `attribute_type` Attio returned.
        found: String,
    },
    /// Attio sent a value of a known type whose body did not have the documented shape
    /// (kept as [`TypedValue::Invalid`](crate::record::TypedValue::Invalid)).
    #[error("malformed `{attribute_type}` value from Attio: {reason}")]
    Malformed {
        /// The value's `attribute_type`.
        attribute_type: String,
        /// What did not match.
        reason: String,
    },
    /// A number with a fractional part where the field holds an integer.
    #[error("{value} is not an integer (use `f64` for fractional numbers)")]
    NotAnInteger {
        /// The number Attio returned.
        value: f64,
    },
    /// A number outside the range of the field's Rust type.
    #[error("{value} does not fit in `{target}` (use a wider type)")]
    OutOfRange {
        /// The number Attio returned, as text.
        value: String,
        /// The field's Rust type.
        target: &'static str,
    },
    /// The value was read but fails the Rust type's validation (e.g. a text value that is
    /// not an email address).
    #[error(transparent)]
    Value(#[from] ValueError),
    /// The value has the right type but cannot be represented by the field's Rust type.
    #[error("{0}")]
    Invalid(String),
}

/// A record could not be decoded into a struct: names the attribute and says why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("attribute `{attribute}`: {kind}")]
pub struct DecodeError {
    /// The attribute's slug.
    pub attribute: String,
    /// What was wrong with it.
    pub kind: DecodeErrorKind,
}

/// Every error the library returns.
///
/// ```
/// use attio_core::Client;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let emu = attio_emulator::Emulator::start(attio_emulator::EmulatorConfig::for_tests()).await?;
/// # let client = attio_core::Client::builder().base_url(emu.base_url()).token(emu.token()).build()?;
/// let missing = client.get_record("users", "00000000-0000-4000-8000-000000000000").await.unwrap_err();
/// assert!(missing.is_not_found());
/// assert_eq!(missing.status(), Some(404));
///
/// let wrong_token = Client::builder().base_url(emu.base_url()).token("not-the-token").build()?;
/// let refused = wrong_token.get_record("users", "00000000-0000-4000-8000-000000000000").await.unwrap_err();
/// assert!(refused.is_auth_failure(), "{refused:?}"); // a bulk run stops at the first one
/// # Ok(())
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A value was rejected before any request was sent.
    #[error("invalid value for attribute `{attribute}`: {reason}")]
    InvalidValue {
        /// The attribute's slug.
        attribute: String,
        /// Why it was rejected.
        reason: ValueError,
    },
    /// A record returned by Attio could not be decoded into the struct.
    #[error(transparent)]
    Record(#[from] DecodeError),
    /// Attio answered with an error: any 4xx but 429, or a 5xx once retries are exhausted.
    /// Boxed to keep `Result<_, Error>` small.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// Attio kept answering 429 until the retry policy gave up.
    #[error(
        "rate limited by Attio: {message} (retry after {retry_at:?}{})",
        request_suffix(request_id)
    )]
    RateLimited {
        /// When Attio said the limit resets (from `Retry-After`, measured against the
        /// response's `Date`; one second after the response when it did not say).
        retry_at: std::time::SystemTime,
        /// The request id from the response headers.
        request_id: Option<String>,
        /// Attio's message.
        message: String,
    },
    /// The request could not be sent or its response not received (after retries, where
    /// the request was safe to retry). The URL inside carries no credentials.
    #[error("HTTP transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// No complete response arrived within the client's timeout (after retries).
    #[error("`{operation}` timed out")]
    Timeout {
        /// The method and route template, e.g. `GET /v2/objects/{object}/records/{record_id}`.
        operation: String,
    },
    /// A response body was not what Attio documents (not JSON, truncated, wrong shape).
    /// After a 2xx answer to a write, the write itself was applied.
    #[error(
        "could not decode Attio's HTTP {status} response: {message}; body starts with {excerpt:?}"
    )]
    Decode {
        /// The HTTP status of the response.
        status: u16,
        /// What was wrong.
        message: String,
        /// The first characters of the body (at most 200).
        excerpt: String,
    },
    /// A response body was larger than the client reads
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes)):
    /// refused unread when its `Content-Length` said so, else abandoned at the limit. Not
    /// retried (the answer would be as large again). After a 2xx answer to a write, the
    /// write itself was applied.
    #[error(
        "Attio's HTTP {status} response to `{operation}` is larger than the {limit} bytes this \
         client reads{}; nothing of it was decoded",
        declared.map(|len| format!(" (it declared {len} bytes)")).unwrap_or_default()
    )]
    ResponseTooLarge {
        /// The method and route template, e.g. `GET /v2/objects/{object}/records/{record_id}`.
        operation: String,
        /// The HTTP status of the response.
        status: u16,
        /// The limit, in bytes.
        limit: u64,
        /// The length the response declared (`Content-Length`), when that alone exceeded
        /// the limit.
        declared: Option<u64>,
    },
    /// A write that is not safe to repeat failed after it may have reached Attio (5xx,
    /// timeout or lost connection): it may or may not have been applied, so it was not
    /// retried. Read the record to find out.
    #[error("outcome of `{operation}` unknown: {reason}")]
    OutcomeUnknown {
        /// The method and route template, e.g. `PATCH /v2/objects/{object}/records/{record_id}`.
        operation: String,
        /// What happened to the request.
        reason: String,
    },
    /// A record id that is not a UUID (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`); nothing
    /// was sent.
    #[error("`{record_id}` is not a record id (expected a hyphenated UUID); nothing was sent")]
    InvalidRecordId {
        /// The rejected id.
        record_id: String,
    },
    /// The parent of a list entry, named by a unique value, is not exactly one record; the
    /// entry was not written.
    #[error(
        "no single parent record: {matches} records of `{object}` match on `{attribute}` (expected exactly one); the entry was not written"
    )]
    ParentNotFound {
        /// The parent object.
        object: String,
        /// The unique attribute matched on.
        attribute: String,
        /// How many records matched (0, or 2 for "several").
        matches: usize,
    },
    /// An id that must be a UUID (a webhook's, a list entry's) but is not; nothing was sent.
    #[error("`{id}` is not a {what} (expected a hyphenated UUID); nothing was sent")]
    InvalidId {
        /// What the id names, e.g. `webhook id`.
        what: &'static str,
        /// The rejected id.
        id: String,
    },
    /// An object or attribute slug that cannot be part of a request; nothing was sent.
    #[error("invalid {what} `{value}`: {reason}; nothing was sent")]
    InvalidSlug {
        /// What the slug names: `object` or `matching attribute`.
        what: &'static str,
        /// The rejected slug.
        value: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// The client could not be configured (missing token, bad base URL, …).
    #[error("client configuration: {0}")]
    Config(String),
    /// One record of a query's page could not be decoded; the stream goes on with the next.
    #[error("record `{record_id}` of `{object}`: {reason}")]
    RecordDecode {
        /// The object (or list) slug the query ran on.
        object: String,
        /// The record's id, or `?` when the record's JSON has none.
        record_id: String,
        /// What was wrong: the attribute and why, or the broken part of the record (boxed
        /// to keep `Result<_, Error>` small).
        reason: Box<RecordDecodeReason>,
    },
    /// A query that must find exactly one record (`one`) found none or several.
    #[error("expected exactly one record of `{object}`, found {}", if *several { "more than one" } else { "none" })]
    NotExactlyOne {
        /// The object (or list) slug the query ran on.
        object: String,
        /// `true` for several records, `false` for none.
        several: bool,
    },
    /// A capped collect found more records than its cap; nothing was dropped silently:
    /// the caller asked for at most `cap`.
    #[error("the query on `{object}` matches more than {cap} records (the collect's cap)")]
    TooManyRecords {
        /// The object (or list) slug the query ran on.
        object: String,
        /// The cap that was exceeded.
        cap: usize,
    },
    /// A query the client refuses to send (a page size outside Attio's 1–500, keyset
    /// paging with custom sorts, a search that is too long, …); nothing was sent.
    #[error("invalid query: {0}; nothing was sent")]
    InvalidQuery(String),
}

/// Why one record of a query page could not be decoded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RecordDecodeReason {
    /// The record decoded, but one of its attributes does not fit the struct.
    #[error(transparent)]
    Attribute(#[from] DecodeError),
    /// The record's JSON is not a record (missing or malformed `id`, `created_at`,
    /// `values`, …): serde's message.
    #[error("not a record: {0}")]
    Shape(String),
}

fn request_suffix(request_id: &Option<String>) -> String {
    request_id
        .as_deref()
        .map(|id| format!(", request id {id}"))
        .unwrap_or_default()
}
