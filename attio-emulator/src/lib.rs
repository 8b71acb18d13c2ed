//! A faithful local emulator of the Attio REST API v2, for tests and offline development.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use attio_emulator::{Emulator, EmulatorConfig};
//! let emu = Emulator::start(EmulatorConfig::for_tests()).await?;
//! let url = format!("{}/v2/objects/users/records?matching_attribute=user_id", emu.base_url());
//! // send `PUT url` with `Authorization: Bearer {emu.token()}` and a JSON body …
//! println!("{} {}", url, emu.stats().total());
//! emu.shutdown().await?;
//! # Ok(()) }
//! ```
//!
//! The server binds 127.0.0.1 only and holds one in-memory [`Store`] behind a mutex; every
//! request locks it once, so concurrent clients never see a half-applied write and two
//! concurrent asserts of the same new key create exactly one record.
//!
//! # Endpoints
//! `GET /v2/self`; `GET|POST /v2/objects`, `GET|PATCH /v2/objects/{object}`;
//! `GET|POST /v2/objects/{object}/attributes`, `GET|PATCH …/attributes/{attribute}`,
//! `GET|POST …/{attribute}/options|statuses`, `PATCH …/options/{option}|statuses/{status}`;
//! `POST /v2/objects/{object}/records` (create), `PUT …/records?matching_attribute=` (assert),
//! `POST …/records/query`, `GET|PATCH|PUT|DELETE …/records/{record_id}`,
//! `GET …/records/{record_id}/attributes/{attribute}/values?show_historic=&limit=&offset=`,
//! `POST /v2/objects/records/search`.
//! `{object}` is a slug or an object id; `{attribute}` a slug or an attribute id.
//!
//! # Behaviour picked where Attio's documentation is silent
//! - **Auth**: a missing *or* wrong token, or more than one `Authorization` header → 401
//!   `auth_error`/`unauthorized` (messages differ), checked before any of the body is read;
//!   HTTP Basic with the token as user name is accepted too. `GET /v2/self` answers the 14-key
//!   active-token body.
//! - **Unknown attribute slug** in `data.values` → 400 `value_not_found`. Writing a system
//!   attribute (`record_id`, `created_at`, `created_by`) → 400 `validation_type`.
//! - **Wrong value type** → 400 `validation_type` with `validation_errors`
//!   (`code: invalid_type`, `path`, `expected`, `received`); an invalid value of the right
//!   type (bad email, rating 7, unparsable date) → 400 `validation_type` with code `invalid_value`.
//! - **Malformed JSON** → 400 `validation_type` (`validation_errors[0].code = invalid_json`).
//! - **Body size**: a text value over 10,000,000 bytes (Attio's "10 MB" read as attio-core's
//!   `MAX_TEXT_BYTES` reads it) → 400 `validation_type` (`invalid_value`); a request body
//!   over 12 MiB ([`MAX_BODY_BYTES`], room for the longest text and its envelope) → 413
//!   `payload_too_large`.
//! - **Integral numbers**: where Attio's spec types a field `number` but means an integer
//!   (`limit`/`offset` of a records query, a rating), any JSON number with an integral value
//!   is that integer (`1.0`, `1e0`); a fraction → 400 `validation_type` (`invalid_type`,
//!   "Expected integer, received float"), a negative count → `too_small`. The `integer`
//!   query-string `limit`/`offset` read the same way (`limit=1.0`).
//! - **Assert**: 0 matches → create, 1 → update, >1 → 400 `multiple_match_results`; a
//!   non-unique matching attribute → 400 `matching_attribute_definition_not_unique`; an unknown
//!   one → 400 `value_not_found`; a missing `matching_attribute` parameter → 400
//!   `validation_type`; no value for the matching attribute in the body → 400 `missing_value`.
//!   The matching attribute's values are added (if multi-value); every other multi-value
//!   attribute is made equal to the supplied list. A clash on a *non-matching* unique
//!   attribute → 400 `uniqueness_conflict`.
//! - **Uniqueness** → 400 `uniqueness_conflict`, message naming the attribute id and slug.
//!   Only values new to a record are checked ("applies to new data").
//! - **Required** attributes → 400 `missing_value` on create, and on update when the write
//!   leaves a required attribute empty.
//! - **PATCH**: multi-value values not already present are prepended in request order
//!   (de-duplicated by normalised value); single values are replaced; `[]` on a multi-value
//!   attribute adds nothing. **PUT by id** / **assert**: multi-value lists are overwritten
//!   (`[]` clears). `null` or `[]` on a single-value attribute clears it (PATCH and PUT).
//!   Unmentioned attributes are untouched. Unchanged values keep their `active_from`;
//!   replaced ones are closed with `active_until` and stay visible with `show_historic=true`
//!   (oldest `active_from` first).
//! - **Multi-value attributes given a bare value** are treated as a one-element list (Attio's
//!   own "Update a user" example sends `workspace` that way).
//! - **Cardinality**: `users.workspace` is multi-value (⇄ `workspaces.users`, multi);
//!   `users.person` single (⇄ `people.associated_users`, multi); `people.company` single
//!   (⇄ `companies.team`, multi); `workspaces.company` single (⇄
//!   `companies.associated_workspaces`, multi). Writing one side updates the other; a
//!   single-value inverse that pointed elsewhere is re-pointed. Inverse-side values are
//!   appended in the order the links were made (Attio does not document that order) and
//!   cost the same however many links the record already has; they are
//!   written by the `system` actor; API writes by `{"type":"api-token","id":<token id>}`.
//! - **Record references** accept `{target_object, target_record_id}`, `{target_object,
//!   <matching attribute>: value(s)}` and, when the attribute allows exactly one standard
//!   object, a plain string matched on `domains` / `email_addresses` / `user_id` /
//!   `workspace_id`. The target must be exactly one existing record: none → 400
//!   `value_not_found`, several → 400 `multiple_match_results`. Ids are any string.
//! - **Validation of emails, domains, phones and country codes** follows attio-core's
//!   documented, standards-based rules, so a value the library lets through is accepted and
//!   one it refuses is refused: host names via UTS #46 `ToASCII` (lower case, A-labels,
//!   letter-digit-hyphen labels, at least two labels, a top-level domain of letters or an
//!   A-label); email local parts an ASCII `dot-atom` of 1–64 characters, addresses at most
//!   254; country codes the assigned ISO 3166-1 alpha-2 codes in upper case plus `XK`.
//!   Phone numbers: a number with `+` is any E.164 number (7–15 digits, not starting with
//!   `0`), its `country_code` taken from the table of every assigned country's ITU calling
//!   code (`null` for non-geographic ones like `+800`; a shared code names its main country,
//!   e.g. `+1` → `US`, unless the given `country_code` shares it); a number without `+` needs
//!   a `country_code` with a numbering plan of its own (not `AQ`, `BV`, `GS`, `HM`, `PN`,
//!   `TF`, `UM`) and 4–12 digits after one trunk `0`. Only digits, spaces, `-`, `.`, `(`, `)`
//!   after an optional leading `+`. Leniencies kept where Attio documents them: surrounding
//!   whitespace is trimmed, and a domain given as a URL keeps only its host.
//! - **Normalisation**: emails are lower-cased (the original is kept in
//!   `original_email_address`) and `email_local_specifier` is the whole local part; domains lose
//!   scheme, port and path; root domains come from a short built-in list of second-level
//!   labels (`co.uk`-style); phones become E.164 (`+<calling code><national number>`, one
//!   leading trunk `0` dropped); personal names derive `full_name` from first+last;
//!   timestamps are stored UTC with 9 fractional digits (no offset = UTC, bare date =
//!   midnight); dates keep the date part as written (`2023` → `2023-01-01`); location text
//!   is split from the end into country code, postcode, region, locality, then lines;
//!   location objects need all 10 keys; select options and statuses are matched by title,
//!   then by id, unknown → 400 `value_not_found`; select/status read values carry the full
//!   option/status object. The one workspace member is `owner@example.com`.
//! - **Search**: a case-insensitive substring match of `query` on the text-like values of
//!   the named objects' records, creation order, at most `limit` (1–25, default 25);
//!   unknown object → 400 `value_not_found`. Attio's is fuzzy and eventually consistent.
//! - **Query**: shorthand equality, `$eq`, `$in`, `$contains`, `$starts_with`, `$ends_with`
//!   (case-insensitive), `$lt`/`$lte`/`$gt`/`$gte`, `$not_empty`, `$and`/`$or`/`$not`, on
//!   the attribute's default property (email_address, domain, phone_number,
//!   target_record_id, option/status title, full_name, value …) or a named property;
//!   `record_id` and `created_at` are filterable. `path` drill-down filters
//!   (`{"path": [[object, attribute], …], "constraints": …}`) walk record references, the
//!   first object being the queried one; any other path → 400 `filter_error`. Sorts take a
//!   `path` too (the first record reached decides). `$in` is a set lookup; a query is compiled before the store is locked.
//!   `$not_empty` on a named property counts a null property as empty.
//! - **Sorts** by attribute (+ `field`): numbers numerically, strings (text, dates,
//!   timestamps, ids, select/status titles) by their bytes, `false` before `true`; a record
//!   sorts by the first of its current values that has the field. Attio documents no rule
//!   for empty values; the emulator sorts a record without a value, or whose field is null,
//!   after every value: **last ascending, first descending** (as Postgres orders NULLs).
//!   Ties keep creation order, so the order is total; without sorts it is creation order.
//!   `limit` defaults to 500 and has no maximum.
//! - **Unknown object/record/attribute** → 404 `not_found`; unknown path → 404 `not_found`;
//!   wrong method on a known path → 405 `method_not_allowed`.
//! - **Rate limits** ([`RateLimitConfig`]): per clock second, reads (GET and the query POST)
//!   and writes counted separately; over budget → 429 `rate_limit_error`/`rate_limit_exceeded`
//!   with `Retry-After` = the next second as an HTTP-date. Every response has a `Date` header.
//! - **Faults** ([`FaultConfig`]): injected 500/502/503 and 429 answers are sent before the
//!   request is applied; drop-before closes the connection without applying; drop-after
//!   applies the write, then closes the connection without a response. Both drops count in
//!   [`Stats::dropped_connections`].
//! - **5xx bodies**: Attio does not document the body of its 5xx answers. Injected ones keep
//!   the shape of its documented errors: `{"status_code":503,"type":"api_error",
//!   "code":"service_unavailable","message":"Injected fault: 503 Service Unavailable"}`
//!   (`code` is `internal_server_error`, `bad_gateway` or `service_unavailable` by status;
//!   `api_error` is a guess in the style of Attio's other `type`s, so classify 5xx by status).
//! - **A client that goes away**: a request is processed to the end once its body is
//!   received, even if the client closes the connection first (a timeout during injected
//!   latency, say), as Attio keeps processing what it received: the write is applied, only
//!   the answer is lost. Latency is waited out before the store is touched, so it models
//!   the time to reach and be processed by the server. Such requests count in
//!   [`Stats::abandoned_requests`], and [`Emulator::shutdown`] waits for them.
//! - **HTTP limits** ([`HttpLimits`]; README "Limits and timeouts"): a request target over
//!   [`MAX_URI_BYTES`] → 414 `uri_too_long`; more than [`MAX_HEADERS`] header fields or
//!   [`MAX_HEADER_BYTES`] of them → 431 `request_header_fields_too_large`; a body not in
//!   within `body_timeout` → 408 `request_timeout` (connection closed); a head not in within
//!   `head_timeout`, or an idle keep-alive connection past it → closed without an answer.
//!   Framework rejections (a path segment whose percent-escapes are not UTF-8) → Attio-shaped
//!   400 `validation_type`. What hyper refuses before a request exists (a malformed request
//!   line or header, conflicting `Content-Length`s, a target over 64 KiB, a head over about
//!   400 KiB, more than [`MAX_HEADERS`] header fields) keeps hyper's status and gets Attio's
//!   body.
//! - **Persistence** ([`EmulatorConfig::persist_path`]): a JSON snapshot replaced atomically
//!   plus a write log (`<file>.log`, see [`write_log_path`]) to which every write is appended
//!   before it is answered, so acknowledged writes survive `kill -9`; replayed and compacted on
//!   start, on shutdown and when the log grows. Record ids continue across restarts (the
//!   generator's state is saved); a new record under a stored id is a 500, never an
//!   overwrite. Damaged files stop the start ([`StartError::Damaged`]) unless
//!   [`PersistOptions::reset_damaged`] moves them aside; a torn final log line (a kill during
//!   an append, never answered) is dropped and reported in [`Emulator::persistence_notes`].
//! - **Request ids**: every answer (errors and 429s included) carries `x-request-id`, a fresh
//!   UUID v4, also kept in [`JournalEntry::request_id`].
//!
//! # Webhooks
//! `GET|POST /v2/webhooks`, `GET|PATCH|DELETE /v2/webhooks/{webhook_id}`, and real
//! delivery: every record write produces Attio's events (`record.created`, one
//! `record.updated` per changed attribute, including the inverse side of a relationship by
//! the `system` actor, `record.deleted`), POSTed as `{"webhook_id", "events": [event]}` to
//! each webhook with a matching subscription, signed with HMAC-SHA256 (hex) in
//! `Attio-Signature` and `X-Attio-Signature`, with an `Idempotency-Key` kept across retries.
//! Only 200 and 202 count as delivered; anything else is retried on a doubling schedule
//! ([`WebhookConfig`]: 4 minutes first, 10 retries, about 2.8 days, as Attio documents "up
//! to 10 times … over approximately 3 days"; tests scale it down), then the webhook is
//! marked `degraded`. Writes never wait for delivery (a background task and a bounded
//! queue; overflow is journaled as dropped). [`Emulator::webhook_deliveries`] is the
//! journal, [`Emulator::webhooks_settled`] waits for it to settle.
//! Departures: `target_url` may also be `http://` on a loopback host (Attio: `https://`
//! only), so test receivers need no TLS; a persisted store keeps its webhooks (secrets
//! included, in its own files only) but not a `degraded` status reached by deliveries; a
//! write that changes nothing (an assert with the same values) produces no event; filters
//! compare string properties only.
//!
//! # Lists and entries
//! `GET|POST /v2/lists`, `GET|PATCH /v2/lists/{list}`, `POST /v2/lists/{list}/entries`
//! (create), `PUT …/entries` (assert by parent), `POST …/entries/query`,
//! `GET|PATCH|PUT|DELETE …/entries/{entry_id}`,
//! `GET …/entries/{entry_id}/attributes/{attribute}/values`, and a record's entries
//! `GET /v2/objects/{object}/records/{record_id}/entries`. Lists with attributes come from
//! [`EmulatorConfig::lists`] ([`ListSpec`]); `POST /v2/lists` creates lists without
//! attributes. Entry values follow every record-value rule (types, validation,
//! multi-value, history, uniqueness, queries and sorts: the records' query code, plus
//! `parent_record_id` and `parent_object` read from the entry's parent, and `path`s
//! starting `[list, "parent_record"]` into the parent record). Assert by parent: none → create,
//! one → multi-value values overwritten, several → 400 `multiple_match_results`; PATCH
//! prepends, PUT overwrites; a changed parent → 400 `immutable_value`; an unknown parent
//! record, or a parent object that is not the list's → 400 `value_not_found`; a duplicate
//! list slug → 409 `slug_conflict`. Entry writes produce `list-entry.created`, one
//! `list-entry.updated` per changed attribute, and `list-entry.deleted`; list writes
//! `list.created`/`list.updated`. A persisted store keeps lists created through the API
//! with their entries. Departures: deleting a record deletes its entries
//! (each with a `list-entry.deleted` event); the list attribute endpoints (`/v2/lists/{list}/attributes…`) are not served.
//!
//! # Not emulated
//! Notes, tasks, object/attribute creation through the
//! API (use [`EmulatorConfig::objects`] or `--objects`), enrichment (Attio creates a company
//! from a new person's email domain; the emulator does not), the newer
//! `target_record_reference` reference form, the
//! `x-attio-record-query-score` budget, and revoked tokens (`{"active": false}`).
#![deny(missing_docs)]

mod config;
mod error;
mod http;
mod observe;
pub mod redis_server;
pub mod schema;
mod server;
mod store;
mod webhooks;

pub use config::{
    DEFAULT_TOKEN, EmulatorConfig, FaultConfig, HttpLimits, Latency, PersistOptions,
    RateLimitConfig, ScriptedFault,
};
pub use error::{ApiError, ValidationIssue};
pub use http::{MAX_BODY_BYTES, MAX_HEADER_BYTES, MAX_HEADERS, MAX_URI_BYTES};
pub use observe::{
    JOURNAL_CAPACITY, JOURNAL_EXCERPT_BYTES, JournalEntry, OTHER_METHOD, RouteKey, Stats,
    UNMATCHED_ROUTE, WRITE_SECONDS_KEPT, WriteSecond,
};
pub use schema::{AttributeSpec, AttributeType, ListSpec, ObjectSpec};
pub use server::{Emulator, SaveError, StartError};
pub use store::{Store, WriteMode, write_log_path};
pub use webhooks::WebhookConfig;
pub use webhooks::journal::{DeliveryAttempt, DeliveryState, WebhookDelivery};
