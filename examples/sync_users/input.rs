//! Reading input rows from a JSON Lines or CSV file, lazily, with their line numbers.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::model::UserRow;

/// A row of the input file: its line number (from 1) and the row, or why it cannot be
/// read (the rest of the file is still read).
#[derive(Debug)]
pub struct Row {
    /// The line the row starts on.
    pub line: u64,
    /// The row, or the reason it is unreadable.
    pub row: Result<UserRow, String>,
}

/// Why the input file cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// Opening or reading the file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The input file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The CSV file is unreadable as a whole (e.g. no header line).
    #[error("{}: {source}", path.display())]
    Csv {
        /// The input file.
        path: PathBuf,
        /// What the CSV reader said.
        source: csv::Error,
    },
    /// The extension is neither `.jsonl`/`.ndjson`/`.json` nor `.csv`.
    #[error("{}: unknown input format: expected a .jsonl or .csv file", path.display())]
    UnknownFormat {
        /// The input file.
        path: PathBuf,
    },
}

/// The rows of the file at `path`, read lazily: JSON Lines (`.jsonl`, `.ndjson`, `.json`),
/// one object per line, or CSV (`.csv`) with a header line `id,email,name,workspaces`
/// whose `workspaces` column separates ids with `;`. Blank lines are skipped.
pub fn read_rows(
    path: &Path,
) -> Result<Box<dyn Iterator<Item = Result<Row, InputError>> + Send>, InputError> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("jsonl" | "ndjson" | "json") => json_lines(path),
        Some("csv") => csv_rows(path),
        _ => Err(InputError::UnknownFormat {
            path: path.to_owned(),
        }),
    }
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> InputError + '_ {
    move |source| InputError::Io {
        path: path.to_owned(),
        source,
    }
}

fn json_lines(
    path: &Path,
) -> Result<Box<dyn Iterator<Item = Result<Row, InputError>> + Send>, InputError> {
    let file = File::open(path).map_err(io_error(path))?;
    let path = path.to_owned();
    let rows =
        BufReader::new(file)
            .lines()
            .zip(1u64..)
            .filter_map(move |(text, line)| match text {
                Err(source) => Some(Err(io_error(&path)(source))),
                Ok(text) if text.trim().is_empty() => None,
                Ok(text) => Some(Ok(Row {
                    line,
                    row: serde_json::from_str(&text)
                        .map_err(|error| format!("not a valid JSON user object: {error}")),
                })),
            });
    Ok(Box::new(rows))
}

/// A CSV row: like [`UserRow`], but the workspaces are one `;`-separated column.
#[derive(Deserialize)]
struct CsvRow {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    workspaces: Option<String>,
}

impl From<CsvRow> for UserRow {
    fn from(row: CsvRow) -> Self {
        Self {
            id: row.id,
            email: row.email,
            name: row.name,
            workspaces: row
                .workspaces
                .unwrap_or_default()
                .split(';')
                .map(str::to_owned)
                .collect(),
        }
    }
}

fn csv_rows(
    path: &Path,
) -> Result<Box<dyn Iterator<Item = Result<Row, InputError>> + Send>, InputError> {
    let csv_error = |source| InputError::Csv {
        path: path.to_owned(),
        source,
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(csv_error)?;
    let headers = reader.headers().map_err(csv_error)?.clone();
    let path = path.to_owned();
    let rows = reader.into_records().map(move |record| {
        let record = match record {
            Ok(record) => record,
            // A malformed row (e.g. bad UTF-8) is that row's problem, unless the reader
            // itself failed.
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line());
                return match error.kind() {
                    csv::ErrorKind::Io(_) => Err(InputError::Csv {
                        path: path.clone(),
                        source: error,
                    }),
                    _ => Ok(Row {
                        line,
                        row: Err(format!("not a valid CSV row: {error}")),
                    }),
                };
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let row = record
            .deserialize::<CsvRow>(Some(&headers))
            .map(UserRow::from)
            .map_err(|error| format!("not a valid CSV user row: {error}"));
        Ok(Row { line, row })
    });
    Ok(Box::new(rows))
}
