//! [`CliError`]: every way a command fails, each one line and an exit code.

use std::process::ExitCode;

use crate::generate::GenerateError;

/// Why a command failed. `Display` is the one line printed (after `error: `); no variant
/// holds the token.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Neither `--token` nor `ATTIO_API_KEY` was given.
    #[error("no API token: set ATTIO_API_KEY or pass --token")]
    MissingToken,
    /// The workspace has no object with this slug.
    #[error("the workspace has no object `{}`; `attio objects` lists them", escape(.0))]
    UnknownObject(String),
    /// Attio refused the token (401, or 403 for missing scopes).
    #[error("the token was refused (HTTP {status}): {}", escape(.message))]
    Refused {
        /// 401 or 403.
        status: u16,
        /// Attio's message.
        message: String,
    },
    /// No answer from the server.
    #[error("cannot reach {base_url}: {reason}")]
    Unreachable {
        /// The API's base URL.
        base_url: String,
        /// What failed (connection refused, timeout, …).
        reason: String,
    },
    /// The struct could not be generated.
    #[error(transparent)]
    Generate(#[from] GenerateError),
    /// Anything else the client reported.
    #[error("{}", escape(&.0.to_string()))]
    Api(attio_core::Error),
    /// Writing the output failed.
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
}

impl CliError {
    /// Sorts a client error into the variants above (the base URL is added by
    /// [`CliError::with_base_url`]).
    pub fn from_api(error: attio_core::Error) -> Self {
        if error.is_auth_failure() {
            let (status, message) = error
                .api()
                .map(|api| (api.status, api.message.clone()))
                .unwrap_or((401, String::new()));
            return Self::Refused { status, message };
        }
        match &error {
            attio_core::Error::Transport(source) => Self::Unreachable {
                base_url: String::new(),
                reason: root_cause(source),
            },
            attio_core::Error::Timeout { .. } => Self::Unreachable {
                base_url: String::new(),
                reason: error.to_string(),
            },
            _ => Self::Api(error),
        }
    }

    /// Names the server in an [`Unreachable`](Self::Unreachable) error.
    pub fn with_base_url(self, url: &str) -> Self {
        match self {
            Self::Unreachable { reason, .. } => Self::Unreachable {
                base_url: url.to_owned(),
                reason,
            },
            other => other,
        }
    }

    /// The process's exit code: 3 unknown object, 4 token missing or refused, 5 server
    /// unreachable, 6 nothing to generate, 1 anything else (2 is clap's, for usage).
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            Self::UnknownObject(_) => 3,
            Self::MissingToken | Self::Refused { .. } => 4,
            Self::Unreachable { .. } => 5,
            Self::Generate(_) => 6,
            Self::Api(_) | Self::Output(_) => 1,
        })
    }
}

/// The innermost error's message ("Connection refused (os error 111)").
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

/// Text from the server or the user, printed with control characters escaped.
pub(crate) fn escape(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}
