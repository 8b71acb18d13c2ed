//! Saving a [`SyncCache`] to a JSON file and loading it back.
//!
//! The file (`{"format": "attio-sync-cache", "version": 1, "entries": [...]}`, one entry
//! `{"object", "attribute", "value", "hash"}` per record, sorted) is written to a
//! temporary file in the same directory, flushed to disk, then renamed over the old one
//! (`tempfile`'s `persist`), so a crash leaves either the old file or the new, never half.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{CacheError, CacheKey, SyncCache, ValuesHash, canonical_json};

const FORMAT: &str = "attio-sync-cache";
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct CacheFile {
    format: String,
    version: u32,
    entries: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    object: String,
    attribute: String,
    value: Value,
    hash: String,
}

impl SyncCache {
    /// Loads a cache saved by [`SyncCache::save`]; a file that does not exist yet gives an
    /// empty cache.
    ///
    /// # Errors
    /// [`CacheError::Io`] when the file exists but cannot be read, [`CacheError::Format`]
    /// when it is not a version-1 sync cache (bad JSON, another format, a malformed hash).
    pub fn load(path: impl AsRef<Path>) -> Result<Self, CacheError> {
        let path = path.as_ref();
        let text = match std::fs::read(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::new()),
            Err(source) => {
                return Err(CacheError::Io {
                    path: path.to_owned(),
                    source,
                });
            }
        };
        let format_error = |message: String| CacheError::Format {
            path: path.to_owned(),
            message,
        };
        let file: CacheFile =
            serde_json::from_slice(&text).map_err(|e| format_error(e.to_string()))?;
        if file.format != FORMAT || file.version != VERSION {
            return Err(format_error(format!(
                "format `{}` version {}, expected `{FORMAT}` version {VERSION}",
                file.format, file.version
            )));
        }
        let cache = Self::new();
        {
            let mut entries = cache.entries();
            for entry in file.entries {
                let hash = ValuesHash::from_hex(&entry.hash)
                    .ok_or_else(|| format_error(format!("malformed hash `{}`", entry.hash)))?;
                let key = CacheKey {
                    object: entry.object,
                    attribute: entry.attribute,
                    value: canonical_json(&entry.value),
                };
                entries.insert(key, hash);
            }
        }
        Ok(cache)
    }

    /// Saves the cache to `path` atomically: it writes a temporary file in the same
    /// directory, flushes it to disk and renames it over `path`. Safe to call
    /// while other tasks use the cache: it saves a snapshot.
    ///
    /// # Errors
    /// [`CacheError::Io`] when the temporary file cannot be created, written, flushed or
    /// renamed over `path` (the old file, if any, is then left as it was).
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), CacheError> {
        let path = path.as_ref();
        let io_error = |source: std::io::Error| CacheError::Io {
            path: path.to_owned(),
            source,
        };
        let mut entries = Vec::new();
        for (key, hash) in self.snapshot() {
            // The key's value came from canonical JSON, so it parses back.
            let value = serde_json::from_str(&key.value).map_err(|e| CacheError::Format {
                path: path.to_owned(),
                message: e.to_string(),
            })?;
            entries.push(Entry {
                object: key.object,
                attribute: key.attribute,
                value,
                hash: hash.to_hex(),
            });
        }
        let file = CacheFile {
            format: FORMAT.to_owned(),
            version: VERSION,
            entries,
        };
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(io_error)?;
        {
            let mut writer = std::io::BufWriter::new(temp.as_file_mut());
            serde_json::to_writer(&mut writer, &file).map_err(|e| io_error(e.into()))?;
            writer.flush().map_err(io_error)?;
        }
        temp.as_file().sync_all().map_err(io_error)?;
        temp.persist(path).map_err(|e| io_error(e.error))?;
        Ok(())
    }
}
