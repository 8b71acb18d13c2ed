//! The write log: one JSON line per applied write, appended before the write is answered,
//! holding the state of every record the write touched (so replaying it is idempotent and
//! needs no clock or id generator), plus the generator's state after the write.

use std::borrow::Cow;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::StoredRecord;
use super::lists::ListDef;
use crate::webhooks::SavedWebhook;

/// One line of the log: what one acknowledged write left behind.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Entry<'a> {
    /// 1, 2, 3 … across the life of the store (a snapshot records the last one it holds).
    pub seq: u64,
    /// The id generator's state after the write.
    pub generator: u64,
    /// Every record the write inserted, changed (relationship inverses included) or deleted.
    pub changes: Vec<Change<'a>>,
    /// Every list, when the write created or changed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lists: Option<Cow<'a, [ListDef]>>,
    /// Every webhook, when the write created, changed or deleted one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhooks: Option<Cow<'a, [SavedWebhook]>>,
}

/// The state of one record after a write.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Change<'a> {
    /// The table (object slug).
    pub object: Cow<'a, str>,
    /// The record id.
    pub id: Cow<'a, str>,
    /// The record as stored after the write; `None` = deleted.
    pub record: Option<Cow<'a, StoredRecord>>,
}

/// The log file, open for appending.
#[derive(Debug)]
pub(crate) struct WriteLog {
    path: PathBuf,
    file: File,
    /// Bytes in the file (all complete lines).
    len: u64,
    /// fsync after every append.
    sync: bool,
}

impl WriteLog {
    /// Opens (creating) the log at `path` for appending.
    pub fn open(path: &Path, sync: bool) -> io::Result<Self> {
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        let len = file.metadata()?.len();
        Ok(Self {
            path: path.to_owned(),
            file,
            len,
            sync,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Bytes in the log.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Appends `entry` as one line with a single `write_all` (no user-space buffer: once it
    /// returns the line is the kernel's and survives the process being killed), then fsyncs
    /// when configured. On failure the file is cut back to its last complete line, so a
    /// failed append never leaves a torn line in the middle of the log.
    pub fn append(&mut self, entry: &Entry<'_>) -> io::Result<()> {
        let mut line = serde_json::to_vec(entry)?;
        line.push(b'\n');
        let written = self.file.write_all(&line).and_then(|()| {
            if self.sync {
                self.file.sync_data()
            } else {
                Ok(())
            }
        });
        match written {
            Ok(()) => {
                self.len += line.len() as u64;
                Ok(())
            }
            Err(err) => {
                let _ = self.file.set_len(self.len);
                Err(err)
            }
        }
    }

    /// Empties the log (after its entries were saved in a snapshot) and fsyncs it.
    pub fn clear(&mut self) -> io::Result<()> {
        self.file.set_len(0)?;
        self.file.sync_all()?;
        self.len = 0;
        Ok(())
    }
}

/// What reading a log back found.
#[derive(Debug, Default)]
pub(crate) struct LogRead {
    /// The sound entries, in order, up to the first damaged line.
    pub entries: Vec<Entry<'static>>,
    /// Bytes after the last newline: an append cut off by a crash (never answered).
    pub torn_tail: usize,
    /// What is wrong with the first damaged complete line, if one is.
    pub damage: Option<String>,
}

/// Reads the log at `path`; a missing file is an empty log.
pub(crate) fn read(path: &Path) -> io::Result<LogRead> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(LogRead::default()),
        Err(e) => return Err(e),
    };
    let complete = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let mut read = LogRead {
        torn_tail: bytes.len() - complete,
        ..LogRead::default()
    };
    for (index, line) in bytes[..complete]
        .split_inclusive(|b| *b == b'\n')
        .enumerate()
    {
        let number = index + 1;
        let line = &line[..line.len() - 1];
        match serde_json::from_slice::<Entry<'static>>(line) {
            Ok(entry) => {
                if let Some(previous) = read.entries.last()
                    && entry.seq != previous.seq + 1
                {
                    read.damage = Some(format!(
                        "line {number}: entry {} follows entry {}",
                        entry.seq, previous.seq
                    ));
                    break;
                }
                read.entries.push(entry);
            }
            Err(e) => {
                read.damage = Some(format!("line {number}: {e}"));
                break;
            }
        }
    }
    Ok(read)
}
