//! The store as one JSON document (objects, attributes, records with their history, the id
//! generator's state) and writing such a file atomically.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::lists::ListDef;
use super::{Store, Table, Workspace};
use crate::schema::ObjectDef;
use crate::webhooks::SavedWebhook;

/// What is persisted to disk. `Cow` so that saving borrows the store and loading owns.
#[derive(Serialize, Deserialize)]
struct Snapshot<'a> {
    workspace: Cow<'a, Workspace>,
    objects: Cow<'a, [Arc<ObjectDef>]>,
    tables: Cow<'a, BTreeMap<String, Table>>,
    /// The id generator's state. Absent in snapshots written before it was saved.
    #[serde(default)]
    generator: Option<u64>,
    /// The last write-log entry this snapshot includes.
    #[serde(default)]
    log_seq: u64,
    /// The lists (configured and created through the API). Absent in older snapshots.
    #[serde(default)]
    lists: Cow<'a, [ListDef]>,
    /// The webhooks, secrets included (they sign deliveries after a restart). Absent in
    /// older snapshots.
    #[serde(default)]
    webhooks: Cow<'a, [SavedWebhook]>,
}

impl Store {
    /// Restores a store from a JSON snapshot written by [`Store::snapshot_json`]. The id
    /// generator continues where the saved one stopped, so new ids do not repeat stored ones;
    /// a snapshot from an older emulator that did not save it gets a generator seeded from
    /// the OS's entropy (and a repeated id would still be refused, never stored over another).
    ///
    /// # Errors
    /// The JSON error when `text` is not such a snapshot.
    pub fn from_snapshot_json(text: &str) -> Result<Self, serde_json::Error> {
        let snapshot: Snapshot<'static> = serde_json::from_str(text)?;
        let mut tables = snapshot.tables.into_owned();
        for table in tables.values_mut() {
            table.rebuild_index();
        }
        let workspace = snapshot.workspace.into_owned();
        Ok(Self {
            token_actor: workspace.token_actor(),
            workspace,
            objects: snapshot.objects.into_owned(),
            tables,
            rng: fastrand::Rng::with_seed(snapshot.generator.unwrap_or_else(|| fastrand::u64(..))),
            writes_applied: 0,
            log_seq: snapshot.log_seq,
            durable: None,
            outbox: Vec::new(),
            lists: snapshot.lists.into_owned(),
            webhooks: snapshot.webhooks.into_owned(),
            pending: super::persist::Pending::default(),
        })
    }

    /// The whole state as JSON (objects, attributes and records with their history, and the
    /// id generator's state).
    ///
    /// # Errors
    /// A JSON error if serialising fails (it does not for data the store holds).
    pub fn snapshot_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(&Snapshot {
            workspace: Cow::Borrowed(&self.workspace),
            objects: Cow::Borrowed(&self.objects),
            tables: Cow::Borrowed(&self.tables),
            generator: Some(self.rng.get_seed()),
            log_seq: self.log_seq,
            lists: Cow::Borrowed(&self.lists),
            webhooks: Cow::Borrowed(&self.webhooks),
        })
    }
}

/// Replaces `path` with `bytes` so that a crash leaves the old file or the new one, never a
/// mix: a temporary file in the same directory is written and fsynced, renamed over `path`
/// (`tempfile`'s `persist`), and the directory is fsynced so the rename itself is durable.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// Makes a rename in `dir` durable (directories can be opened and fsynced on Unix only).
#[cfg(unix)]
pub(crate) fn sync_dir(dir: &Path) -> io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

/// Makes a rename in `dir` durable (directories can be opened and fsynced on Unix only).
#[cfg(not(unix))]
pub(crate) fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}
