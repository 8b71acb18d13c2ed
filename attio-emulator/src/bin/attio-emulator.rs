//! `attio-emulator`: serve a local Attio on 127.0.0.1.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use std::time::Duration;

use attio_emulator::{
    DEFAULT_TOKEN, Emulator, EmulatorConfig, HttpLimits, ListSpec, ObjectSpec, PersistOptions,
    RateLimitConfig, WebhookConfig,
};
use clap::Parser;

/// A local emulator of the Attio REST API v2 (binds 127.0.0.1 only).
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Port to listen on (0 = any free port; the URL is printed).
    #[arg(long, default_value_t = 4010)]
    port: u16,
    /// Bearer token clients must send.
    #[arg(long, default_value = DEFAULT_TOKEN)]
    token: String,
    /// JSON file with a list of custom objects / extra attributes.
    #[arg(long, value_name = "FILE")]
    objects: Option<PathBuf>,
    /// Keep the store in FILE (a JSON snapshot) and FILE.log (every acknowledged write,
    /// appended before it is answered, so writes survive even `kill -9`). Loaded on start;
    /// the log is folded into FILE on Ctrl-C / SIGTERM and when it grows.
    #[arg(long, value_name = "FILE")]
    persist: Option<PathBuf>,
    /// If the --persist files are damaged, move them aside to FILE.damaged-<timestamp> and
    /// start from what is still sound, instead of refusing to start.
    #[arg(long, requires = "persist")]
    reset_damaged: bool,
    /// fsync the write log after every write (survives power loss too; slower).
    #[arg(long, requires = "persist")]
    sync_each_write: bool,
    /// Turn Attio's rate limits (100 reads/s, 25 writes/s) off.
    #[arg(long)]
    no_rate_limits: bool,
    /// Seconds a client has to send a request head, also how long an idle connection stays
    /// open [default: 10].
    #[arg(long, value_name = "SECS", value_parser = seconds)]
    head_timeout: Option<Duration>,
    /// Seconds a client has to send a request body once its head is in, then 408
    /// [default: 30].
    #[arg(long, value_name = "SECS", value_parser = seconds)]
    body_timeout: Option<Duration>,
    /// Seconds Ctrl-C waits for open connections before dropping them [default: 5].
    #[arg(long, value_name = "SECS", value_parser = seconds)]
    shutdown_grace: Option<Duration>,
    /// Connections served at once; more wait in the listen queue [default: 512].
    #[arg(long, value_name = "N")]
    max_connections: Option<usize>,
    /// Lists to serve, with their attributes: a JSON array of
    /// `{"api_slug", "parent_object", "name"?, "attributes"?}` (attributes as in --objects).
    #[arg(long, value_name = "FILE")]
    lists: Option<PathBuf>,
    /// Seconds before a failed webhook delivery's first retry; each later retry waits twice
    /// as long [default: 240, Attio's schedule].
    #[arg(long, value_name = "SECS", value_parser = seconds)]
    webhook_retry_base: Option<Duration>,
}

/// A JSON file of specs (`--objects`, `--lists`); none when not given.
fn read_specs<T: serde::de::DeserializeOwned>(path: Option<&PathBuf>) -> Result<Vec<T>, String> {
    let Some(path) = path else {
        return Ok(Vec::new());
    };
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// A duration in seconds, fractions allowed (`0.5`).
fn seconds(text: &str) -> Result<Duration, String> {
    let value: f64 = text.parse().map_err(|e| format!("{text}: {e}"))?;
    Duration::try_from_secs_f64(value).map_err(|e| format!("{text}: {e}"))
}

/// Prints a status line; a closed stdout (e.g. a parent that stopped reading) is not an error.
fn say(line: &str) {
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}

async fn run(args: Args) -> Result<(), String> {
    let objects: Vec<ObjectSpec> = read_specs(args.objects.as_ref())?;
    let lists: Vec<ListSpec> = read_specs(args.lists.as_ref())?;
    let webhooks = WebhookConfig::default();
    let http = HttpLimits::default();
    let config = EmulatorConfig {
        token: args.token,
        port: args.port,
        objects,
        persist_path: args.persist,
        persistence: PersistOptions {
            reset_damaged: args.reset_damaged,
            sync_each_write: args.sync_each_write,
            ..PersistOptions::default()
        },
        rate_limits: if args.no_rate_limits {
            RateLimitConfig::off()
        } else {
            RateLimitConfig::default()
        },
        http: HttpLimits {
            head_timeout: args.head_timeout.unwrap_or(http.head_timeout),
            body_timeout: args.body_timeout.unwrap_or(http.body_timeout),
            shutdown_grace: args.shutdown_grace.unwrap_or(http.shutdown_grace),
            max_connections: args.max_connections.unwrap_or(http.max_connections),
            ..http
        },
        lists,
        webhooks: WebhookConfig {
            retry_base: args.webhook_retry_base.unwrap_or(webhooks.retry_base),
            ..webhooks
        },
        ..EmulatorConfig::default()
    };
    let mut signals = StopSignals::install().map_err(|e| e.to_string())?;
    let emu = Emulator::start(config).await.map_err(|e| e.to_string())?;
    for note in emu.persistence_notes() {
        eprintln!("attio-emulator: {note}");
    }
    say(&format!(
        "attio-emulator listening on {} (Ctrl-C or SIGTERM to stop)",
        emu.base_url()
    ));
    let signal = signals.wait().await;
    emu.shutdown().await.map_err(|e| e.to_string())?;
    say(&format!("attio-emulator stopped ({signal})"));
    Ok(())
}

/// The stop signals: SIGINT (Ctrl-C) and SIGTERM. Installed before the URL is printed, so a
/// signal sent as soon as the emulator answers never gets the default action (an exit
/// without saving).
#[cfg(unix)]
struct StopSignals {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl StopSignals {
    fn install() -> std::io::Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Self {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    /// Waits for one and names it.
    async fn wait(&mut self) -> &'static str {
        tokio::select! {
            _ = self.interrupt.recv() => "SIGINT",
            _ = self.terminate.recv() => "SIGTERM",
        }
    }
}

/// The stop signal: Ctrl-C.
#[cfg(not(unix))]
struct StopSignals;

#[cfg(not(unix))]
impl StopSignals {
    fn install() -> std::io::Result<Self> {
        Ok(Self)
    }

    /// Waits for Ctrl-C.
    async fn wait(&mut self) -> &'static str {
        match tokio::signal::ctrl_c().await {
            Ok(()) => "Ctrl-C",
            Err(_) => std::future::pending().await,
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Args::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("attio-emulator: {message}");
            ExitCode::FAILURE
        }
    }
}
