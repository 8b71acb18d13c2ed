//! The sync itself: read the file, assert the workspaces the users refer to and, as soon
//! as each user's workspaces are written, the users, skipping what the cache says is unchanged, and stop early on request (within
//! [`STOP_GRACE`], even when writes are waiting on a rate limit) or when Attio refuses
//! the token.

use std::collections::BTreeSet;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use attio_core::Client;
use attio_core::bulk::{Bulk, BulkStream, BulkSummary, Outcome};
use attio_core::cache::{CacheError, SyncCache};
use attio_core::schema::{SchemaClaim, SchemaError};
use futures_util::future::{FutureExt, Shared};
use futures_util::stream::{self, BoxStream, StreamExt};
use indicatif::ProgressBar;

use super::gate::WorkspaceGate;
use super::input::{InputError, Row, read_rows};
use super::model::{User, Workspace};
use super::problems::{Problem, Problems};

/// How long the writes in flight get to finish after a stop before they are abandoned
/// (asserts are safe to repeat: the next run writes them again).
pub const STOP_GRACE: Duration = Duration::from_secs(1);

/// What to sync and how.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// The input file (`.jsonl` or `.csv`).
    pub input: PathBuf,
    /// Writes in flight at most.
    pub concurrency: usize,
    /// Where the sync cache is loaded from and saved to.
    pub cache_path: PathBuf,
    /// How many rejected and failed rows to list (all are counted).
    pub listed: usize,
    /// Check the workspace's schema against `User` and `Workspace` before the first write.
    pub check_schema: bool,
}

/// Why the sync could not run, or could not save its cache.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The input file cannot be read.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The cache file cannot be read or written.
    #[error(transparent)]
    Cache(#[from] CacheError),
    /// The cache file's directory cannot be created.
    #[error("cannot create {}: {source}", path.display())]
    CacheDir {
        /// The directory.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The workspace's schema disagrees with `User` or `Workspace` (every disagreement is
    /// listed), or cannot be read. Nothing was written.
    #[error(transparent)]
    Schema(#[from] SchemaError),
}

/// What a sync did.
#[derive(Debug)]
pub struct SyncReport {
    /// Rows in the input file.
    pub rows: u64,
    /// Outcomes of the workspace asserts.
    pub workspaces: BulkSummary,
    /// Outcomes of the user asserts (rows rejected while reading are not in here).
    pub users: BulkSummary,
    /// Rows rejected before sending: unreadable, invalid, or refused by the client's
    /// checks.
    pub rejected: Problems,
    /// Writes that failed (users and workspaces).
    pub failed: Problems,
    /// Rows never looked at because the sync was stopped.
    pub not_processed: u64,
    /// Whether the sync was stopped before the end of the input.
    pub interrupted: bool,
    /// Attio's answer when it refused the token or its permissions (401, 403): the sync
    /// stopped there, since every further write would have been refused too.
    pub refused: Option<String>,
    /// An I/O error that ended reading the input early, if any.
    pub input_error: Option<String>,
    /// Wall-clock time of the whole sync.
    pub elapsed: Duration,
    /// Wall-clock time of the users phase (reading the rows and asserting the users; it
    /// runs beside the workspace phase, each user waiting for its workspaces).
    pub users_elapsed: Duration,
}

impl SyncReport {
    /// Write requests that succeeded (users and workspaces, created or updated).
    pub fn writes(&self) -> u64 {
        self.workspaces.written() + self.users.written()
    }

    /// Successful writes per second of wall-clock time.
    pub fn writes_per_second(&self) -> f64 {
        per_second(self.writes(), self.elapsed)
    }

    /// Successful user writes per second of the users phase.
    pub fn user_writes_per_second(&self) -> f64 {
        per_second(self.users.written(), self.users_elapsed)
    }
}

fn per_second(count: u64, elapsed: Duration) -> f64 {
    let seconds = elapsed.as_secs_f64();
    if seconds > 0.0 {
        count as f64 / seconds
    } else {
        0.0
    }
}

/// Users read ahead of the writes, waiting for their workspaces, at most (or the write
/// concurrency, if higher).
const GATED: usize = 256;

/// A stop signal shared by both phases of the sync.
type Stop = Shared<futures_util::future::BoxFuture<'static, ()>>;

/// Syncs `options.input` through `client`. When `stop` completes, no new record is
/// started; writes in flight get [`STOP_GRACE`] to finish (and are reported), the rest are
/// abandoned (also those waiting on a rate limit or a retry), and the cache is saved, so
/// the next run resumes where this one stopped. When Attio refuses the token or its
/// permissions, the sync stops at once and says so in [`SyncReport::refused`]. `progress`
/// is set to the number of records and advanced per record.
///
/// # Errors
/// [`SyncError::Input`] when the input cannot be opened, [`SyncError::Cache`] when the
/// cache cannot be loaded or saved. Problems with single rows or writes are in the report.
pub async fn run(
    client: &Client,
    options: &SyncOptions,
    stop: impl Future<Output = ()> + Send + 'static,
    progress: &ProgressBar,
) -> Result<SyncReport, SyncError> {
    let started = Instant::now();
    // Before the first write: a struct that disagrees with the workspace would fail on
    // every row, so stop with the full report instead.
    if options.check_schema {
        client
            .verify_schemas(&[SchemaClaim::of::<Workspace>(), SchemaClaim::of::<User>()])
            .await?;
    }
    let stop: Stop = stop.boxed().shared();
    let cache = Arc::new(SyncCache::load(&options.cache_path)?);
    let scan = scan(&options.input)?;
    progress.set_length(scan.rows + scan.workspaces.len() as u64);

    let rejected = Arc::new(Mutex::new(Problems::new(options.listed)));
    let failed = Mutex::new(Problems::new(options.listed));
    let lists = Lists {
        progress,
        rejected: &rejected,
        failed: &failed,
    };

    // Both phases at once: each user waits only for the workspaces it refers to (and for
    // the token to prove itself on a first workspace), not for the whole workspace phase.
    let gate = Arc::new(WorkspaceGate::new(scan.workspaces.clone()));
    let workspaces = scan
        .workspaces
        .into_iter()
        .map(|workspace_id| Workspace { workspace_id });
    let workspace_phase = async {
        let outcomes = Bulk::<Workspace>::new(client)
            .concurrency(options.concurrency)
            .cache(Arc::clone(&cache))
            .assert_stream(stream::iter(workspaces).take_until(stop.clone()));
        let answered = |w: &Workspace, outcome: &Outcome| {
            gate.answered(&w.workspace_id, outcome.is_success());
        };
        let (summary, refused) = drain(
            outcomes,
            &stop,
            &lists,
            |w| (None, w.workspace_id.clone()),
            answered,
        )
        .await;
        gate.finish(refused.is_some());
        (summary, refused)
    };

    let input_error = Arc::new(Mutex::new(scan.error));
    let (users, read_rejected) = valid_users(
        read_rows(&options.input)?,
        Arc::clone(&rejected),
        Arc::clone(&input_error),
        progress.clone(),
    );
    let user_phase = async {
        let users_started = Instant::now();
        let user_gate = Arc::clone(&gate);
        let gated = users
            .map(move |(user, workspace_ids)| {
                let gate = Arc::clone(&user_gate);
                async move { gate.wait(&workspace_ids).await.then_some(user) }
            })
            .buffer_unordered(GATED.max(options.concurrency))
            // A refused token: not a single user is sent.
            .take_while(|user| std::future::ready(user.is_some()))
            .filter_map(std::future::ready)
            .take_until(stop.clone());
        let outcomes = Bulk::<User>::new(client)
            .concurrency(options.concurrency)
            .cache(Arc::clone(&cache))
            .assert_stream(gated.boxed());
        let (summary, refused) = drain(
            outcomes,
            &stop,
            &lists,
            |u| (Some(u.line), u.id.clone()),
            |_, _| {},
        )
        .await;
        (summary, refused, users_started.elapsed())
    };
    let ((workspaces, workspace_refused), (users, user_refused, users_elapsed)) =
        futures_util::join!(workspace_phase, user_phase);
    let refused = workspace_refused.or(user_refused);

    save_cache(&cache, &options.cache_path)?;
    let processed = read_rejected.load(Ordering::Relaxed) + users.processed();
    Ok(SyncReport {
        rows: scan.rows,
        workspaces,
        users,
        rejected: take(&rejected),
        failed: take(&failed),
        not_processed: scan.rows.saturating_sub(processed),
        interrupted: stop.peek().is_some(),
        refused,
        input_error: take(&input_error).map(|error| error.to_string()),
        elapsed: started.elapsed(),
        users_elapsed,
    })
}

/// Takes the value out of a mutex shared with a finished stream.
fn take<T: Default>(shared: &Mutex<T>) -> T {
    std::mem::take(&mut *shared.lock().unwrap_or_else(PoisonError::into_inner))
}

/// What a first pass over the input finds.
struct Scan {
    rows: u64,
    /// The workspace ids valid users refer to, sorted.
    workspaces: BTreeSet<String>,
    /// A read error that ended the scan early.
    error: Option<InputError>,
}

/// Counts the rows and collects the workspaces the valid users refer to, so they can be
/// asserted before the users that reference them.
fn scan(path: &Path) -> Result<Scan, SyncError> {
    let mut scan = Scan {
        rows: 0,
        workspaces: BTreeSet::new(),
        error: None,
    };
    for row in read_rows(path)? {
        let Row { line, row } = match row {
            Ok(row) => row,
            Err(error) => {
                scan.error = Some(error);
                break;
            }
        };
        scan.rows += 1;
        if let Ok(row) = row {
            let ids: Vec<String> = row.workspace_ids().map(str::to_owned).collect();
            if row.into_user(line).is_ok() {
                scan.workspaces.extend(ids);
            }
        }
    }
    Ok(scan)
}

/// The valid users of `rows` with the workspace ids they refer to, lazily, and a counter
/// of the invalid ones, which are listed in `rejected` (and advance `progress`). A read error ends the stream and lands
/// in `input_error`.
fn valid_users(
    rows: Box<dyn Iterator<Item = Result<Row, InputError>> + Send>,
    rejected: Arc<Mutex<Problems>>,
    input_error: Arc<Mutex<Option<InputError>>>,
    progress: ProgressBar,
) -> (BoxStream<'static, (User, Vec<String>)>, Arc<AtomicU64>) {
    let count = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&count);
    let users = rows
        .map_while(move |row| match row {
            Ok(row) => Some(row),
            Err(error) => {
                *input_error.lock().unwrap_or_else(PoisonError::into_inner) = Some(error);
                None
            }
        })
        .filter_map(move |Row { line, row }| {
            let (key, user) = match row {
                Ok(row) => {
                    let ids: Vec<String> = row.workspace_ids().map(str::to_owned).collect();
                    (row.id.clone(), row.into_user(line).map(|user| (user, ids)))
                }
                Err(reason) => (None, Err(reason)),
            };
            match user {
                Ok(user) => Some(user),
                Err(reason) => {
                    counter.fetch_add(1, Ordering::Relaxed);
                    progress.inc(1);
                    let problem = Problem {
                        line: Some(line),
                        key,
                        reason,
                    };
                    rejected
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(problem);
                    None
                }
            }
        });
    (stream::iter(users).boxed(), count)
}

/// Where [`drain`] reports.
#[derive(Clone, Copy)]
struct Lists<'a> {
    progress: &'a ProgressBar,
    rejected: &'a Mutex<Problems>,
    failed: &'a Mutex<Problems>,
}

/// The next outcome of `outcomes`, or `None` at its end, and also once `grace` (set
/// [`STOP_GRACE`] after `stop` completes) has passed: the writes still in flight are then
/// abandoned when the caller drops the stream, however long they would have waited.
async fn next_or_stop<R: attio_core::AttioRecord + Send + Sync + 'static>(
    outcomes: &mut BulkStream<R>,
    stop: &Stop,
    grace: &mut Option<tokio::time::Instant>,
) -> Option<attio_core::bulk::BulkOutcome<R>> {
    loop {
        match *grace {
            Some(deadline) => {
                return tokio::time::timeout_at(deadline, outcomes.next())
                    .await
                    .ok()
                    .flatten();
            }
            None => tokio::select! {
                done = outcomes.next() => return done,
                () = stop.clone() => {
                    *grace = Some(tokio::time::Instant::now() + STOP_GRACE);
                }
            },
        }
    }
}

/// Consumes a bulk stream until it ends or [`STOP_GRACE`] after `stop`, advancing
/// `progress` and listing rejected and failed records; `describe` gives a record's line
/// and key, `answered` hears of each outcome. Returns the totals and, when Attio refused the token, its answer (reported
/// once, not as a failed record).
async fn drain<R: attio_core::AttioRecord + Send + Sync + 'static>(
    mut outcomes: BulkStream<R>,
    stop: &Stop,
    lists: &Lists<'_>,
    describe: impl Fn(&R) -> (Option<u64>, String),
    answered: impl Fn(&R, &Outcome),
) -> (BulkSummary, Option<String>) {
    let mut summary = BulkSummary::default();
    let mut refused = None;
    let mut grace = None;
    while let Some(done) = next_or_stop(&mut outcomes, stop, &mut grace).await {
        summary.add(&done.outcome);
        answered(&done.input, &done.outcome);
        lists.progress.inc(1);
        lists.progress.set_message(format!(
            "{} created, {} updated, {} unchanged, {} failed",
            summary.created, summary.updated, summary.unchanged, summary.failed
        ));
        let (list, error) = match &done.outcome {
            Outcome::Rejected(error) => (lists.rejected, error),
            Outcome::Failed(error) if outcomes.stopped_by() == Some(done.index) => {
                refused = Some(error.to_string());
                continue;
            }
            Outcome::Failed(error) => (lists.failed, error),
            _ => continue,
        };
        let (line, key) = describe(&done.input);
        let problem = Problem {
            line,
            key: Some(key),
            reason: error.to_string(),
        };
        list.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(problem);
    }
    (summary, refused)
}

/// Saves the cache, creating its directory first.
fn save_cache(cache: &SyncCache, path: &Path) -> Result<(), SyncError> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| SyncError::CacheDir {
            path: dir.to_owned(),
            source,
        })?;
    }
    cache.save(path)?;
    Ok(())
}
