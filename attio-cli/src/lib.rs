//! # attio-cli
//!
//! The `attio` command: a quick look at an Attio workspace, and Rust structs generated from
//! it.
//!
//! ```text
//! attio objects                          # the workspace's objects
//! attio attributes users                 # one object's attributes, with their flags
//! attio attributes users --format json   # the same as JSON
//! attio generate --object users          # a #[derive(AttioRecord)] struct for `users`
//! ```
//!
//! The token comes from `--token` or `ATTIO_API_KEY` and is never printed; `--base-url` or
//! `ATTIO_BASE_URL` points it at another server (the emulator). A failure prints one line
//! on stderr and exits non-zero ([`CliError::exit_code`]).
//!
//! `--format json` prints an array of [`output::ObjectRow`] (`api_slug`, `singular_noun`,
//! `plural_noun`, `object_id`) or of [`output::AttributeRow`] (`api_slug`, `title`, `type`,
//! `is_required`, `is_unique`, `is_multiselect`, `is_writable`, `is_archived`,
//! `is_system_attribute`, `options`); these names are stable.
//!
//! The generator's rules are in [`generate`] (types and flags) and [`ident`] (names).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod error;
pub mod generate;
pub mod ident;
pub mod output;
pub mod workspace;

use std::io::Write;
use std::time::Duration;

use attio_core::Client;
use attio_core::retry::RetryPolicy;
use clap::{Parser, Subcommand, ValueEnum};

pub use error::CliError;

/// The command line.
#[derive(Debug, Parser)]
#[command(
    name = "attio",
    version,
    about = "Look at an Attio workspace and generate Rust structs from it"
)]
pub struct Cli {
    /// The API token (never printed).
    #[arg(long, env = "ATTIO_API_KEY", hide_env_values = true, global = true)]
    pub token: Option<Token>,
    /// The API's base URL, e.g. an emulator's `http://127.0.0.1:PORT`.
    #[arg(
        long,
        env = "ATTIO_BASE_URL",
        default_value = "https://api.attio.com",
        global = true
    )]
    pub base_url: String,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the workspace's objects.
    Objects {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// List one object's attributes (archived ones included).
    Attributes {
        /// The object's slug or id.
        object: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Print a Rust struct with #[derive(AttioRecord)] for one object.
    Generate {
        /// The object's slug or id.
        #[arg(long)]
        object: String,
    },
}

/// The API token: `Debug` shows `Token(redacted)`, never the value.
#[derive(Clone)]
pub struct Token(String);

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(redacted)")
    }
}

impl std::str::FromStr for Token {
    type Err = std::convert::Infallible;

    fn from_str(token: &str) -> Result<Self, Self::Err> {
        Ok(Self(token.to_owned()))
    }
}

/// How `objects` and `attributes` print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns.
    Table,
    /// A JSON array (field names documented at the crate's top).
    Json,
}

impl Cli {
    fn client(&self) -> Result<Client, CliError> {
        let token = self
            .token
            .as_ref()
            .map(|t| t.0.as_str())
            .filter(|t| !t.trim().is_empty())
            .ok_or(CliError::MissingToken)?;
        // A handful of reads: a short retry budget, so an unreachable server is reported
        // in seconds rather than after the default 30 s deadline.
        let retry = RetryPolicy::default()
            .max_retries(2)
            .deadline(Duration::from_secs(10));
        Client::builder()
            .base_url(&self.base_url)
            .token(token)
            .connect_timeout(Duration::from_secs(5))
            .retry_policy(retry)
            .build()
            .map_err(CliError::Api)
    }
}

/// Runs the command, writing its output to `out`.
///
/// # Errors
/// [`CliError`], printed by the binary as one line.
pub async fn run(cli: &Cli, out: &mut dyn Write) -> Result<(), CliError> {
    let client = cli.client()?;
    let text = match &cli.command {
        Command::Objects { format } => {
            let objects = workspace::objects(&client).await;
            let rows: Vec<output::ObjectRow> = objects
                .map_err(|e| e.with_base_url(&cli.base_url))?
                .iter()
                .map(output::ObjectRow::from)
                .collect();
            match format {
                Format::Table => output::objects_table(&rows),
                Format::Json => json(&rows),
            }
        }
        Command::Attributes { object, format } => {
            let schema = workspace::read_object(&client, object).await;
            let rows = output::attribute_rows(&schema.map_err(|e| e.with_base_url(&cli.base_url))?);
            match format {
                Format::Table => output::attributes_table(&rows),
                Format::Json => json(&rows),
            }
        }
        Command::Generate { object } => {
            let schema = workspace::read_object(&client, object).await;
            generate::generate(&schema.map_err(|e| e.with_base_url(&cli.base_url))?)?
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// Pretty JSON with a final newline (the rows are plain strings, flags and lists:
/// serializing them cannot fail).
fn json<T: serde::Serialize>(rows: &T) -> String {
    let mut text = serde_json::to_string_pretty(rows).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_token() {
        let cli = Cli::parse_from(["attio", "--token", "secret-123", "objects"]);
        let shown = format!("{cli:?}");
        assert!(
            !shown.contains("secret-123") && shown.contains("Token(redacted)"),
            "{shown}"
        );
    }
}
