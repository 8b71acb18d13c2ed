//! The main job: sync a file of users into Attio's `users` object.
//!
//! ```text
//! cargo run --example sync_users                       # examples/data/users.jsonl, emulator
//! cargo run --example sync_users -- --input users.csv --concurrency 8
//! ATTIO_API_KEY=... cargo run --example sync_users     # your real Attio workspace
//! ```
//!
//! Reads users from JSON Lines or CSV, asserts the workspaces they belong to, then the
//! users (bulk, paced, retried), with a progress bar and a summary table. Rows that cannot
//! become a valid user are rejected before sending, with their line and reason. A cache
//! of what was written makes a second run of the same file send no writes. Ctrl-C stops
//! starting new records, gives the writes in flight a second to finish (abandoning those
//! still waiting, e.g. on a rate limit), reports and saves the cache; the next run
//! resumes. A token Attio refuses (401, or 403 for missing scopes) stops the sync at once
//! with one message. Text from outside (Attio's messages, the input's ids) is printed with
//! control characters escaped, so it cannot drive the terminal.
//!
//! Without `ATTIO_API_KEY` the job runs against the bundled emulator, in process, with a
//! write limit enforced like Attio's (but scaled to 250 writes/s by default so 3000 users
//! take seconds, not two minutes) and 50–150 ms of latency per request; the emulator's
//! records are kept in `target/attio-emulator-store.json` between runs.

#[path = "sync_users/mod.rs"]
mod sync;

use std::error::Error;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use attio_core::pacing::PacingConfig;
use attio_core::{Client, ClientBuilder};
use attio_emulator::{Emulator, EmulatorConfig, Latency, RateLimitConfig};
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};

use sync::fleet::{self, WorkerSummary};
use sync::job::{self, STOP_GRACE, SyncOptions};
use sync::printable::printable;

/// The emulator's default write limit: Attio's 25 writes/s scaled up tenfold, so the demo
/// finishes in seconds while the pacing is still what decides its speed.
const EMULATOR_WRITES_PER_SECOND: f64 = 250.0;

/// Sync users from a JSON Lines or CSV file into Attio (or the bundled emulator).
#[derive(Debug, Parser)]
#[command(
    after_help = "Without ATTIO_API_KEY the sync runs against the in-process emulator, which \
enforces a write limit of --rate per second (default 250: Attio's 25/s scaled up tenfold so \
3000 users take about 13 s) with --emulator-latency-ms of latency per request, and keeps its \
records in target/attio-emulator-store.json. With ATTIO_API_KEY it writes to your Attio \
workspace at --rate (default 25, Attio's documented limit)."
)]
struct Args {
    /// The users file: `.jsonl` (one JSON object per line) or `.csv` (header
    /// `id,email,name,workspaces`, workspaces separated by `;`). Default:
    /// examples/data/users.jsonl.
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,
    /// Writes in flight at most.
    #[arg(long, value_name = "N", default_value_t = 32, value_parser = clap::value_parser!(u16).range(1..))]
    concurrency: u16,
    /// Writes per second the client paces itself to [default: 25 against Attio, 250
    /// against the emulator].
    #[arg(long, value_name = "WRITES_PER_SEC")]
    rate: Option<f64>,
    /// The sync cache file [default: target/attio-sync-cache.json, or
    /// target/attio-sync-cache.emulator.json against the emulator].
    #[arg(long, value_name = "FILE")]
    cache: Option<PathBuf>,
    /// Latency the emulator adds to each request, as MIN-MAX milliseconds.
    #[arg(long, value_name = "MIN-MAX", default_value = "50-150", value_parser = parse_latency)]
    emulator_latency_ms: (u64, u64),
    /// Where the emulator keeps its records (a snapshot plus `FILE.log`) [default:
    /// target/attio-emulator-store.json].
    #[arg(long, value_name = "FILE")]
    emulator_store: Option<PathBuf>,
    /// Forget the cache (and the emulator's records) first, so everything is written again.
    #[arg(long)]
    fresh: bool,
    /// How many rejected and failed rows to list (all are counted).
    #[arg(long, value_name = "N", default_value_t = 20)]
    list: usize,
    /// Share the pacing budget through the Redis at URL with every other process syncing
    /// into the same workspace (overrides ATTIO_REDIS_URL; the keys name the workspace
    /// from ATTIO_PACING_WORKSPACE, else a hash of the token). While Redis is unreachable
    /// the job paces alone.
    #[arg(long, value_name = "URL")]
    redis: Option<String>,
    /// Split the input across N processes of this program (row i to process i mod N),
    /// each with its own pacer, cache and connection pool, writing into the same
    /// workspace (the emulator is the parent's); the parent adds up their summaries.
    /// Give --redis so they share one pacing budget.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=64))]
    workers: u16,
    /// Internal: run as one worker of --workers, printing a summary line for the parent.
    #[arg(long, hide = true)]
    worker_summary: bool,
    /// Write without first checking that the workspace's schema matches the structs.
    #[arg(long)]
    skip_schema_check: bool,
    /// After the sync, stream the users back from Attio and report every difference
    /// from the input (missing users, other emails or workspaces, undecodable records).
    #[arg(long)]
    verify: bool,
}

fn parse_latency(text: &str) -> Result<(u64, u64), String> {
    let (min, max) = text.split_once('-').unwrap_or((text, text));
    let parse = |n: &str| {
        n.trim()
            .parse::<u64>()
            .map_err(|e| format!("`{n}` is not a number of milliseconds: {e}"))
    };
    let (min, max) = (parse(min)?, parse(max)?);
    if min > max {
        return Err(format!("{min}-{max}: the minimum is above the maximum"));
    }
    Ok((min, max))
}

/// Where the example keeps its files: the workspace's `target/`, whatever the current
/// directory.
fn target_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join(name)
}

/// Where the records go.
enum Backend {
    Attio,
    Emulator(Emulator),
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {}", printable(&error.to_string()));
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<ExitCode, Box<dyn Error>> {
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(std::io::stderr)
            .init();
    }
    let args = Args::parse();
    let use_attio = std::env::var_os(attio_core::client::ENV_API_KEY).is_some();
    let rate = args.rate.unwrap_or(if use_attio {
        PacingConfig::ATTIO_WRITES_PER_SECOND
    } else {
        EMULATOR_WRITES_PER_SECOND
    });
    if !(rate.is_finite() && rate > 0.0) {
        return Err(format!("--rate must be a positive number, got {rate}").into());
    }
    let pacing = PacingConfig {
        writes_per_second: Some(rate),
        reads_per_second: Some(rate * 4.0),
        adaptive: true,
        ..PacingConfig::default()
    };
    let cache_path = args.cache.clone().unwrap_or_else(|| {
        target_file(if use_attio {
            "attio-sync-cache.json"
        } else {
            "attio-sync-cache.emulator.json"
        })
    });
    if args.fresh {
        remove_if_exists(&cache_path)?;
    }
    if args.workers > 1 {
        return run_fleet(&args, use_attio, pacing, &cache_path).await;
    }

    let (backend, client) = if use_attio {
        let client = with_redis(ClientBuilder::from_env()?.pacing(pacing), &args).build()?;
        println!(
            "Syncing into Attio at {} ({rate} writes/s)",
            printable(client.base_url())
        );
        (Backend::Attio, client)
    } else {
        let emulator = start_emulator(&args, rate, &cache_path).await?;
        let builder = Client::builder()
            .base_url(emulator.base_url())
            .token(emulator.token())
            .pacing(pacing);
        let client = with_redis(builder, &args).build()?;
        let (min, max) = args.emulator_latency_ms;
        println!(
            "ATTIO_API_KEY is not set: syncing into the in-process emulator at {} \
             (write limit {rate}/s, Attio's is 25/s; latency {min}-{max} ms)",
            emulator.base_url()
        );
        (Backend::Emulator(emulator), client)
    };

    if let Some(shared) = client.pacer().shared_budget() {
        println!("Pacing shared through {:?}", shared.budget());
    }
    let options = SyncOptions {
        input: args.input.clone().unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data/users.jsonl")
        }),
        concurrency: usize::from(args.concurrency),
        cache_path,
        listed: args.list,
        check_schema: !args.skip_schema_check,
    };
    let progress = if args.worker_summary {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::new(0).with_style(ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} ({per_sec}) {msg}",
        )?);
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    };
    let result = job::run(&client, &options, ctrl_c(progress.clone()), &progress).await;
    progress.finish_and_clear();
    let verified = match (&result, args.verify) {
        (Ok(_), true) => Some(sync::verify::verify(&client, &options.input).await?),
        _ => None,
    };
    if let Some(verified) = &verified {
        print!("{verified}");
    }

    if let Backend::Emulator(emulator) = backend {
        let stats = emulator.stats();
        let shut = emulator.shutdown().await;
        if let Ok(report) = &result {
            print!("{report}");
        }
        println!(
            "emulator: {} requests, {} writes applied, {} answered 429",
            stats.total(),
            stats.writes_applied,
            stats.rate_limited
        );
        shut?;
    } else if let Ok(report) = &result {
        print!("{report}");
        if args.worker_summary {
            println!("{}", worker_summary(report));
        }
    }
    println!("cache: {}", options.cache_path.display());
    let report = result?;
    Ok(
        if report.failed.count() > 0
            || report.input_error.is_some()
            || report.refused.is_some()
            || verified.is_some_and(|v| !v.matches())
        {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        },
    )
}

/// `--workers N`: splits the input, runs N workers of this program against the same
/// workspace (the emulator started here, or Attio) and prints their combined counts.
async fn run_fleet(
    args: &Args,
    use_attio: bool,
    pacing: PacingConfig,
    cache_path: &std::path::Path,
) -> Result<ExitCode, Box<dyn Error>> {
    let rate = pacing
        .writes_per_second
        .unwrap_or(EMULATOR_WRITES_PER_SECOND);
    let workers = usize::from(args.workers);
    let input = args.input.clone().unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data/users.jsonl")
    });
    let shards_dir = tempfile::tempdir()?;
    let shards = fleet::split_input(&input, workers, shards_dir.path())?;
    // The worker caches are only true with the emulator's records beside them.
    let forget_caches = args.fresh || (!use_attio && !emulator_store(args).exists());
    let emulator = if use_attio {
        None
    } else {
        Some(start_emulator(args, rate, cache_path).await?)
    };
    let started = std::time::Instant::now();
    let mut children = Vec::new();
    for (k, shard) in shards.iter().enumerate() {
        let mut cache = cache_path.as_os_str().to_owned();
        cache.push(format!(".worker-{k}"));
        if forget_caches {
            remove_if_exists(std::path::Path::new(&cache))?;
        }
        let mut command = std::process::Command::new(std::env::current_exe()?);
        command
            .arg("--input")
            .arg(shard)
            .arg("--cache")
            .arg(&cache)
            .args(["--concurrency", &args.concurrency.to_string()])
            .args([
                "--rate",
                &rate.to_string(),
                "--list",
                "0",
                "--worker-summary",
            ])
            .stdout(std::process::Stdio::piped());
        if let Some(url) = &args.redis {
            command.args(["--redis", url]);
        }
        if let Some(emulator) = &emulator {
            command
                .env(attio_core::client::ENV_API_KEY, emulator.token())
                .env(attio_core::client::ENV_BASE_URL, emulator.base_url());
        }
        children.push(command.spawn()?);
    }
    println!(
        "Syncing {} with {workers} worker processes",
        input.display()
    );
    let mut total = WorkerSummary::default();
    let mut all_reported = true;
    for (k, child) in children.into_iter().enumerate() {
        let output = tokio::task::spawn_blocking(move || child.wait_with_output()).await??;
        let text = String::from_utf8_lossy(&output.stdout);
        match WorkerSummary::parse(&text) {
            Some(summary) => {
                println!(
                    "worker {k}: {} writes, {} failed",
                    summary.writes(),
                    summary.failed
                );
                total.add(&summary);
            }
            None => {
                all_reported = false;
                println!(
                    "worker {k}: no summary (exit {}):\n{}",
                    output.status,
                    printable(&text)
                );
            }
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "fleet: {} rows, {} created, {} updated, {} unchanged, {} rejected, {} failed, {} not processed",
        total.rows,
        total.created,
        total.updated,
        total.unchanged,
        total.rejected,
        total.failed,
        total.not_processed
    );
    println!(
        "fleet: {} writes in {elapsed:.2} s = {:.1} writes/s",
        total.writes(),
        total.writes() as f64 / elapsed.max(f64::EPSILON)
    );
    // --verify reads the whole input back once, after every worker is done: a worker's
    // own check would only see its shard.
    let verified = if args.verify && all_reported {
        let builder = match &emulator {
            Some(emulator) => Client::builder()
                .base_url(emulator.base_url())
                .token(emulator.token()),
            None => ClientBuilder::from_env()?,
        };
        let client = with_redis(builder.pacing(pacing), args).build()?;
        let report = sync::verify::verify(&client, &input).await?;
        print!("{report}");
        Some(report.matches())
    } else {
        None
    };
    if let Some(emulator) = emulator {
        let stats = emulator.stats();
        println!(
            "emulator: {} requests, {} writes applied, {} answered 429",
            stats.total(),
            stats.writes_applied,
            stats.rate_limited
        );
        emulator.shutdown().await?;
    }
    Ok(
        if all_reported && total.failed == 0 && verified != Some(false) {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        },
    )
}

/// The counts of `report`, for the parent of `--workers`.
fn worker_summary(report: &job::SyncReport) -> WorkerSummary {
    WorkerSummary {
        rows: report.rows,
        workspace_writes: report.workspaces.written(),
        created: report.users.created,
        updated: report.users.updated,
        unchanged: report.users.unchanged,
        rejected: report.rejected.count(),
        failed: report.failed.count(),
        not_processed: report.not_processed,
    }
}

/// Where the emulator keeps its records.
fn emulator_store(args: &Args) -> PathBuf {
    args.emulator_store
        .clone()
        .unwrap_or_else(|| target_file("attio-emulator-store.json"))
}

/// `builder` pacing through the Redis of `--redis`, when given.
fn with_redis(builder: ClientBuilder, args: &Args) -> ClientBuilder {
    match &args.redis {
        Some(url) => builder.shared_pacing_redis(url.as_str()),
        None => builder,
    }
}

/// Starts the emulator with the write limit at `rate` and the chosen latency, keeping its
/// records between runs. A cache without the emulator's records would claim records are
/// written that are not, so it is forgotten when the store file is missing.
async fn start_emulator(
    args: &Args,
    rate: f64,
    cache_path: &std::path::Path,
) -> Result<Emulator, Box<dyn Error>> {
    let store = emulator_store(args);
    if args.fresh {
        remove_if_exists(&store)?;
        remove_if_exists(&attio_emulator::write_log_path(&store))?;
    }
    if !store.exists() {
        remove_if_exists(cache_path)?;
    }
    if let Some(dir) = store.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let writes = rate.ceil() as u32;
    let (min, max) = args.emulator_latency_ms;
    let config = EmulatorConfig {
        rate_limits: RateLimitConfig::new(writes.saturating_mul(4), writes),
        latency: Latency::Range(Duration::from_millis(min), Duration::from_millis(max)),
        persist_path: Some(store),
        ..EmulatorConfig::default()
    };
    Ok(Emulator::start(config).await?)
}

fn remove_if_exists(path: &std::path::Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Completes on the first Ctrl-C; a second one exits at once.
async fn ctrl_c(progress: ProgressBar) {
    if tokio::signal::ctrl_c().await.is_err() {
        // No signal handler: never stop early.
        std::future::pending::<()>().await;
    }
    progress.println(format!(
        "Stopping: the writes in flight get {} s to finish (Ctrl-C again to quit now)",
        STOP_GRACE.as_secs()
    ));
    tokio::spawn(async {
        if tokio::signal::ctrl_c().await.is_ok() {
            std::process::exit(130);
        }
    });
}
