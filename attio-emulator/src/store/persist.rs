//! A persisted store: the snapshot file plus its write log (`<file>.log`). Opening loads
//! the snapshot, replays the log and folds it into a fresh snapshot; every write is logged
//! before it is answered; compaction (snapshot + empty log) runs on shutdown and when the
//! log outgrows its bound. Damaged files stop the start unless `reset_damaged` says to
//! move them aside.

use std::borrow::Cow;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::Store;
use super::snapshot::write_atomically;
use super::wal::{self, Change, Entry, WriteLog};
use crate::config::PersistOptions;
use crate::error::ApiError;
use crate::schema::ObjectSpec;
use crate::server::{SaveError, StartError};
use crate::webhooks::SavedWebhook;

/// What the next logged write carries besides the records it touched: the whole list
/// or webhook set when a write changed it (a few of them; logging them whole keeps
/// replay a plain replacement, like a record's).
#[derive(Debug, Default)]
pub(crate) struct Pending {
    lists: bool,
    webhooks: bool,
}

/// Where a persisted store writes.
#[derive(Debug)]
pub(crate) struct Durable {
    snapshot: PathBuf,
    log: WriteLog,
    compact_after: u64,
    /// Size of the last snapshot written: the log may grow to this before compaction, so
    /// compacting costs no more than the writes since the last one.
    snapshot_len: u64,
}

/// The write log that belongs to the snapshot at `snapshot` (`<snapshot>.log`): remove it
/// too when removing a persisted store (a log without its snapshot does not load).
pub fn write_log_path(snapshot: &Path) -> PathBuf {
    with_suffix(snapshot, ".log")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

/// Renames a damaged file to `<file>.damaged-<UTC timestamp>` and returns the new path.
fn move_aside(path: &Path) -> Result<PathBuf, StartError> {
    let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%S%.fZ");
    let aside = with_suffix(path, &format!(".damaged-{stamp}"));
    std::fs::rename(path, &aside).map_err(|e| load_error(path, &e))?;
    Ok(aside)
}

fn load_error(path: &Path, error: &dyn std::fmt::Display) -> StartError {
    StartError::Load {
        path: path.to_owned(),
        message: error.to_string(),
    }
}

/// A damaged file: an error, or (with `reset_damaged`) moved aside with a note saying so.
fn damaged(
    path: &Path,
    message: String,
    options: PersistOptions,
    kept: &str,
    notes: &mut Vec<String>,
) -> Result<(), StartError> {
    if !options.reset_damaged {
        return Err(StartError::Damaged {
            path: path.to_owned(),
            message,
        });
    }
    let aside = move_aside(path)?;
    notes.push(format!(
        "{} was damaged ({message}): moved to {}; {kept}",
        path.display(),
        aside.display()
    ));
    Ok(())
}

impl Store {
    /// Opens the store persisted at `path` (a new one from `extra` and `seed` when the file
    /// does not exist yet), replays its write log and leaves it compacted and logging.
    /// Returns the store and notes on what was wrong with the files and what was done.
    pub(crate) fn open_persisted(
        path: &Path,
        extra: &[ObjectSpec],
        seed: u64,
        options: PersistOptions,
    ) -> Result<(Self, Vec<String>), StartError> {
        let log_path = write_log_path(path);
        let mut notes = Vec::new();
        let base = match std::fs::read(path) {
            Ok(bytes) => match std::str::from_utf8(&bytes)
                .map_err(|e| e.to_string())
                .and_then(|text| Self::from_snapshot_json(text).map_err(|e| e.to_string()))
            {
                Ok(store) => Some(store),
                Err(message) => {
                    damaged(path, message, options, "starting empty", &mut notes)?;
                    if log_path.exists() {
                        damaged(
                            &log_path,
                            "its snapshot was damaged".to_owned(),
                            options,
                            "its entries need that snapshot",
                            &mut notes,
                        )?;
                    }
                    None
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(load_error(path, &e)),
        };
        let mut log = wal::read(&log_path).map_err(|e| load_error(&log_path, &e))?;
        if base.is_none() && (!log.entries.is_empty() || log.damage.is_some()) {
            damaged(
                &log_path,
                format!("a write log without its snapshot {}", path.display()),
                options,
                "starting empty",
                &mut notes,
            )?;
            log = wal::LogRead::default();
        }
        let mut store = base.unwrap_or_else(|| Self::new(extra, seed));
        let mut replayed = 0usize;
        let mut damage = log.damage;
        for entry in log.entries {
            if entry.seq <= store.log_seq {
                continue; // Already in the snapshot (a crash between snapshot and clearing).
            }
            if entry.seq != store.log_seq + 1 {
                damage = Some(format!(
                    "entry {} follows the snapshot's last entry {}",
                    entry.seq, store.log_seq
                ));
                break;
            }
            store.replay(entry);
            replayed += 1;
        }
        if let Some(message) = damage {
            let kept = format!("kept the snapshot and the {replayed} entries before the damage");
            damaged(&log_path, message, options, &kept, &mut notes)?;
        }
        if log.torn_tail > 0 {
            notes.push(format!(
                "{}: dropped a torn final line ({} bytes), a write cut off by a crash before it was answered",
                log_path.display(),
                log.torn_tail
            ));
        }
        let log = WriteLog::open(&log_path, options.sync_each_write)
            .map_err(|e| load_error(&log_path, &e))?;
        store.durable = Some(Durable {
            snapshot: path.to_owned(),
            log,
            compact_after: options.compact_after_bytes,
            snapshot_len: 0,
        });
        store.compact().map_err(|e| StartError::Load {
            path: e.path,
            message: e.message,
        })?;
        Ok((store, notes))
    }

    /// Applies one log entry: the records it holds replace (or, `None`, remove) the stored
    /// ones, and the id generator continues from the entry's state.
    fn replay(&mut self, entry: Entry<'static>) {
        if let Some(lists) = entry.lists {
            self.lists = lists.into_owned();
        }
        if let Some(webhooks) = entry.webhooks {
            self.webhooks = webhooks.into_owned();
        }
        for change in entry.changes {
            let table = self.table_mut(&change.object);
            match change.record {
                Some(record) => table.upsert(record.into_owned()),
                None => {
                    table.remove(&change.id);
                }
            }
            table.take_changed();
        }
        self.rng = fastrand::Rng::with_seed(entry.generator);
        self.log_seq = entry.seq;
    }

    /// Ends a write: counts it and, for a persisted store, appends the records it touched to
    /// the write log before the answer is sent (and compacts when the log has grown).
    ///
    /// # Errors
    /// 500 `internal_server_error` when the log cannot be written. The write stays applied
    /// in memory and its records are logged again with the next write, so what the server
    /// holds and what it saves never part.
    /// Logs a write that created or changed a list (all lists go with it).
    ///
    /// # Errors
    /// As [`commit_write`](Self::commit_write).
    pub(crate) fn lists_changed(&mut self) -> Result<(), ApiError> {
        self.pending.lists = true;
        self.commit_write()
    }

    /// Keeps `webhooks` (the registry's after a management write) and logs them.
    ///
    /// # Errors
    /// As [`commit_write`](Self::commit_write).
    pub(crate) fn save_webhooks(&mut self, webhooks: Vec<SavedWebhook>) -> Result<(), ApiError> {
        self.webhooks = webhooks;
        self.pending.webhooks = true;
        self.commit_write()
    }

    pub(crate) fn commit_write(&mut self) -> Result<(), ApiError> {
        self.writes_applied += 1;
        // Every table forgets its changes; only a persisted store logs them (the object's
        // name copied per changed record, not per table and write).
        let mut changed: Vec<(String, String)> = Vec::new();
        for (object, table) in &mut self.tables {
            let ids = table.take_changed();
            if self.durable.is_some() {
                changed.extend(ids.into_iter().map(|id| (object.clone(), id)));
            }
        }
        let Some(durable) = self.durable.as_mut() else {
            return Ok(());
        };
        let entry = Entry {
            seq: self.log_seq + 1,
            generator: self.rng.get_seed(),
            changes: changed
                .iter()
                .map(|(object, id)| Change {
                    object: Cow::Borrowed(object),
                    id: Cow::Borrowed(id),
                    record: self
                        .tables
                        .get(object)
                        .and_then(|t| t.get(id))
                        .map(Cow::Borrowed),
                })
                .collect(),
            lists: self.pending.lists.then_some(Cow::Borrowed(&self.lists[..])),
            webhooks: self
                .pending
                .webhooks
                .then_some(Cow::Borrowed(&self.webhooks[..])),
        };
        if let Err(e) = durable.log.append(&entry) {
            let message = format!(
                "The write was applied but could not be logged to {}: {e}",
                durable.log.path().display()
            );
            drop(entry);
            for (object, id) in changed {
                self.table_mut(&object).changed.insert(id);
            }
            return Err(ApiError::internal(message));
        }
        self.log_seq += 1;
        self.pending = Pending::default();
        if durable.log.len() > durable.compact_after.max(durable.snapshot_len)
            && let Err(err) = self.compact()
        {
            // The write is logged, so it is safe; the log just stays long until next time.
            tracing::warn!(%err, "attio-emulator: could not compact the write log");
        }
        Ok(())
    }

    /// Saves a persisted store's snapshot atomically, then empties its write log. Does
    /// nothing for a store that is not persisted.
    ///
    /// # Errors
    /// [`SaveError`] naming the file that could not be written.
    pub(crate) fn compact(&mut self) -> Result<(), SaveError> {
        let Some(durable) = self.durable.as_ref() else {
            return Ok(());
        };
        let snapshot = durable.snapshot.clone();
        let error = |path: &Path, message: String| SaveError {
            path: path.to_owned(),
            message,
        };
        let text = self
            .snapshot_json()
            .map_err(|e| error(&snapshot, e.to_string()))?;
        write_atomically(&snapshot, text.as_bytes())
            .map_err(|e| error(&snapshot, e.to_string()))?;
        let Some(durable) = self.durable.as_mut() else {
            return Ok(());
        };
        durable.snapshot_len = text.len() as u64;
        durable
            .log
            .clear()
            .map_err(|e| error(durable.log.path(), e.to_string()))
    }
}
