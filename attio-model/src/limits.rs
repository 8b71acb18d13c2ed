//! The limits Attio puts on what a request carries.

/// The longest `text` value, in bytes. Attio documents "10MB"; this reads it as
/// 10,000,000 bytes, the stricter of the two readings, so a text the library accepts is
/// never refused by Attio for its length (and the emulator refuses exactly what the
/// library refuses).
pub const MAX_TEXT_BYTES: usize = 10_000_000;

/// The largest `limit` of a records or entries query, also its default ("defaults to
/// 500").
pub const MAX_QUERY_LIMIT: u32 = 500;

/// The largest `limit` of a search (`POST /v2/objects/records/search`: 1 to 25, default 25).
pub const MAX_SEARCH_LIMIT: u8 = 25;
