//! `--workers N`: the sync split across N processes of the example, as a fleet of app
//! servers would run it. The parent splits the input into N disjoint shards (row `i` goes
//! to shard `i mod N`), runs one worker process per shard and adds up the one-line
//! summaries the workers print ([`WorkerSummary`]).

use std::fmt;
use std::io::{self, BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The prefix of the line a worker prints its summary on.
pub const SUMMARY_PREFIX: &str = "worker-summary:";

/// Splits `input` (`.jsonl` or `.csv`) into `workers` files in `dir`, row `i` in file
/// `i mod workers` (CSV files each get the header). Returns the files' paths.
///
/// # Errors
/// When the input cannot be read or a shard cannot be written.
pub fn split_input(input: &Path, workers: usize, dir: &Path) -> io::Result<Vec<PathBuf>> {
    let is_csv = input
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("csv"));
    let name = |k: usize| {
        dir.join(format!(
            "shard-{k}.{}",
            if is_csv { "csv" } else { "jsonl" }
        ))
    };
    let paths: Vec<PathBuf> = (0..workers).map(name).collect();
    if is_csv {
        split_csv(input, &paths)?;
    } else {
        let mut shards = create_all(&paths)?;
        let reader = io::BufReader::new(std::fs::File::open(input)?);
        for (i, line) in reader.split(b'\n').enumerate() {
            let shard = &mut shards[i % workers];
            shard.write_all(&line?)?;
            shard.write_all(b"\n")?;
        }
        for mut shard in shards {
            shard.flush()?;
        }
    }
    Ok(paths)
}

fn create_all(paths: &[PathBuf]) -> io::Result<Vec<BufWriter<std::fs::File>>> {
    paths
        .iter()
        .map(|path| std::fs::File::create(path).map(BufWriter::new))
        .collect()
}

/// CSV through the `csv` crate, so quoted fields with line breaks stay whole.
fn split_csv(input: &Path, paths: &[PathBuf]) -> io::Result<()> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(input)
        .map_err(io::Error::other)?;
    let header = reader.byte_headers().map_err(io::Error::other)?.clone();
    let mut shards = paths
        .iter()
        .map(|path| {
            let mut writer = csv::WriterBuilder::new()
                .flexible(true)
                .from_path(path)
                .map_err(io::Error::other)?;
            writer
                .write_byte_record(&header)
                .map_err(io::Error::other)?;
            Ok(writer)
        })
        .collect::<io::Result<Vec<_>>>()?;
    for (i, record) in reader.byte_records().enumerate() {
        // A row the csv reader cannot read is left to the worker's own checks: it
        // still counts, as a row its worker rejects.
        let record = record.unwrap_or_default();
        shards[i % paths.len()]
            .write_byte_record(&record)
            .map_err(io::Error::other)?;
    }
    for shard in &mut shards {
        shard.flush()?;
    }
    Ok(())
}

/// What one worker did: the counts of its sync report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WorkerSummary {
    /// Rows in its shard.
    pub rows: u64,
    /// Workspace writes (each worker asserts the workspaces its users name).
    pub workspace_writes: u64,
    /// Users created.
    pub created: u64,
    /// Users updated.
    pub updated: u64,
    /// Users unchanged (no write).
    pub unchanged: u64,
    /// Rows rejected before sending.
    pub rejected: u64,
    /// Writes that failed.
    pub failed: u64,
    /// Rows not processed (stopped).
    pub not_processed: u64,
}

impl WorkerSummary {
    fn fields(&self) -> [(&'static str, u64); 8] {
        [
            ("rows", self.rows),
            ("workspace_writes", self.workspace_writes),
            ("created", self.created),
            ("updated", self.updated),
            ("unchanged", self.unchanged),
            ("rejected", self.rejected),
            ("failed", self.failed),
            ("not_processed", self.not_processed),
        ]
    }

    /// Reads the summary from a worker's output: its [`SUMMARY_PREFIX`] line, `None`
    /// when there is none or it is malformed.
    pub fn parse(output: &str) -> Option<Self> {
        let line = output
            .lines()
            .rev()
            .find_map(|line| line.strip_prefix(SUMMARY_PREFIX))?;
        let mut summary = Self::default();
        let mut seen = 0;
        for pair in line.split_whitespace() {
            let (key, value) = pair.split_once('=')?;
            let value: u64 = value.parse().ok()?;
            let slot = match key {
                "rows" => &mut summary.rows,
                "workspace_writes" => &mut summary.workspace_writes,
                "created" => &mut summary.created,
                "updated" => &mut summary.updated,
                "unchanged" => &mut summary.unchanged,
                "rejected" => &mut summary.rejected,
                "failed" => &mut summary.failed,
                "not_processed" => &mut summary.not_processed,
                _ => return None,
            };
            *slot = value;
            seen += 1;
        }
        (seen == summary.fields().len()).then_some(summary)
    }

    /// Adds `other`'s counts.
    pub fn add(&mut self, other: &Self) {
        self.rows += other.rows;
        self.workspace_writes += other.workspace_writes;
        self.created += other.created;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.rejected += other.rejected;
        self.failed += other.failed;
        self.not_processed += other.not_processed;
    }

    /// Successful writes (workspaces and users).
    pub fn writes(&self) -> u64 {
        self.workspace_writes + self.created + self.updated
    }
}

/// The [`SUMMARY_PREFIX`] line.
impl fmt::Display for WorkerSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(SUMMARY_PREFIX)?;
        for (key, value) in self.fields() {
            write!(f, " {key}={value}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_round_trip_and_malformed_ones_are_refused() {
        let summary = WorkerSummary {
            rows: 10,
            workspace_writes: 2,
            created: 7,
            updated: 1,
            unchanged: 0,
            rejected: 2,
            failed: 0,
            not_processed: 0,
        };
        let output = format!("noise\n{summary}\n");
        assert_eq!(WorkerSummary::parse(&output), Some(summary));
        let mut total = WorkerSummary::default();
        total.add(&summary);
        total.add(&summary);
        assert_eq!((total.rows, total.writes()), (20, 20));
        assert_eq!(WorkerSummary::parse("worker-summary: rows=1"), None);
        assert_eq!(WorkerSummary::parse("nothing"), None);
    }
}
