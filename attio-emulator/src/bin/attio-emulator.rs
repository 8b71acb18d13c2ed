//! `attio-emulator`: serve a local Attio on 127.0.0.1.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use attio_emulator::{DEFAULT_TOKEN, Emulator, EmulatorConfig, ObjectSpec, RateLimitConfig};
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
    /// Load the store from FILE on start (if present) and save it there on Ctrl-C.
    #[arg(long, value_name = "FILE")]
    persist: Option<PathBuf>,
    /// Turn Attio's rate limits (100 reads/s, 25 writes/s) off.
    #[arg(long)]
    no_rate_limits: bool,
}

/// Prints a status line; a closed stdout (e.g. a parent that stopped reading) is not an error.
fn say(line: &str) {
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}

async fn run(args: Args) -> Result<(), String> {
    let objects: Vec<ObjectSpec> = match &args.objects {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => Vec::new(),
    };
    let config = EmulatorConfig {
        token: args.token,
        port: args.port,
        objects,
        persist_path: args.persist,
        rate_limits: if args.no_rate_limits {
            RateLimitConfig::off()
        } else {
            RateLimitConfig::default()
        },
        ..EmulatorConfig::default()
    };
    let emu = Emulator::start(config).await.map_err(|e| e.to_string())?;
    say(&format!(
        "attio-emulator listening on {} (Ctrl-C to stop)",
        emu.base_url()
    ));
    tokio::signal::ctrl_c().await.map_err(|e| e.to_string())?;
    emu.shutdown().await.map_err(|e| e.to_string())?;
    say("attio-emulator stopped");
    Ok(())
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
