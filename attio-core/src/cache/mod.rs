//! [`SyncCache`]: remembers what was last written per record, so a re-sync of unchanged
//! records sends no writes.
//!
//! An entry is keyed by object, matching attribute and matching value ([`CacheKey`]) and
//! holds a [`ValuesHash`] of the `values` last written successfully. The bulk API
//! ([`crate::bulk`]) consults it before each write and updates it after.
//!
//! The cache only knows what *this* cache's users wrote: if someone edits a record in
//! Attio, an unchanged local record is still skipped. Clear the cache (or delete its file)
//! to force a full re-sync. It holds one entry per distinct record it has seen.

mod canonical;
mod file;

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde_json::{Map, Value};
use xxhash_rust::xxh3::xxh3_128;

pub(crate) use canonical::{canonical_json, canonical_map};

/// A stable 128-bit hash (XXH3-128) of a record's `values`, in their canonical JSON
/// spelling (keys sorted at every depth, no whitespace). Stable across runs, platforms and
/// versions of this crate, which matters because it is saved to a file; that is why it is
/// not `std`'s `DefaultHasher`, whose output may change between Rust releases.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ValuesHash(u128);

impl ValuesHash {
    /// The hash of a `values` object.
    pub fn of(values: &Map<String, Value>) -> Self {
        Self(xxh3_128(canonical_map(values).as_bytes()))
    }

    /// The hash as 32 lowercase hex digits.
    pub fn to_hex(&self) -> String {
        format!("{:032x}", self.0)
    }

    /// Reads 32 hex digits back; `None` for anything else.
    pub fn from_hex(hex: &str) -> Option<Self> {
        if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u128::from_str_radix(hex, 16).ok().map(Self)
    }
}

impl fmt::Debug for ValuesHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ValuesHash({})", self.to_hex())
    }
}

impl fmt::Display for ValuesHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// Which record a cache entry is about: object, matching attribute and matching value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CacheKey {
    object: String,
    attribute: String,
    /// The matching value in canonical JSON.
    value: String,
}

impl CacheKey {
    /// The key of the record of `object` whose `attribute` has the value `matching_value`
    /// (as written in a request's `values`).
    pub fn new(object: &str, attribute: &str, matching_value: &Value) -> Self {
        Self {
            object: object.to_owned(),
            attribute: attribute.to_owned(),
            value: canonical_json(matching_value),
        }
    }

    /// The object's slug.
    pub fn object(&self) -> &str {
        &self.object
    }

    /// The matching attribute's slug.
    pub fn attribute(&self) -> &str {
        &self.attribute
    }

    /// The matching value, in canonical JSON.
    pub fn value(&self) -> &str {
        &self.value
    }
}

/// Why a cache file could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CacheError {
    /// The file could not be read, written or renamed.
    #[error("sync cache {}: {source}", path.display())]
    Io {
        /// The cache file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file is not a sync cache this version can read.
    #[error("sync cache {}: {message}", path.display())]
    Format {
        /// The cache file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
}

/// The last values written per record (see the [module docs](self)). Shared between
/// tasks by reference or `Arc`; every method takes `&self`.
///
/// ```
/// use attio_core::cache::SyncCache;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let dir = tempfile::tempdir()?;
/// # let path = dir.path().join("users.cache.json");
/// let cache = SyncCache::load(&path)?; // a missing file is an empty cache
/// assert!(cache.is_empty());
/// // … give it to `Bulk::cache`, sync, then keep what was written for the next run:
/// cache.save(&path)?;
/// assert!(SyncCache::load(&path)?.is_empty());
/// # Ok(())
/// # }
/// ```
#[derive(Default)]
pub struct SyncCache {
    entries: Mutex<HashMap<CacheKey, ValuesHash>>,
}

impl SyncCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    fn entries(&self) -> MutexGuard<'_, HashMap<CacheKey, ValuesHash>> {
        // Every operation is a single map call: a poisoned map is still consistent.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The hash of the values last written for `key`.
    pub fn get(&self, key: &CacheKey) -> Option<ValuesHash> {
        self.entries().get(key).copied()
    }

    /// Whether the values last written for `key` hash to `hash`.
    pub fn is_unchanged(&self, key: &CacheKey, hash: ValuesHash) -> bool {
        self.get(key) == Some(hash)
    }

    /// Records that values hashing to `hash` were written for `key`.
    pub fn insert(&self, key: CacheKey, hash: ValuesHash) {
        self.entries().insert(key, hash);
    }

    /// Forgets `key` (after a write whose outcome is unknown, say).
    pub fn remove(&self, key: &CacheKey) -> Option<ValuesHash> {
        self.entries().remove(key)
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries().len()
    }

    /// Whether the cache has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries().is_empty()
    }

    /// Forgets everything, so the next sync writes every record.
    pub fn clear(&self) {
        self.entries().clear();
    }

    /// A sorted copy of the entries.
    fn snapshot(&self) -> Vec<(CacheKey, ValuesHash)> {
        let mut entries: Vec<_> = self
            .entries()
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        entries
    }
}

impl fmt::Debug for SyncCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SyncCache")
            .field("entries", &self.len())
            .finish()
    }
}

#[cfg(test)]
mod tests;
