//! `--verify`: streams the users back from Attio and reports every difference from the
//! input file: users missing in Attio, users whose email or workspaces differ, and records
//! that do not decode into a [`User`].

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::Path;

use attio_core::{Client, Paging};
use futures_util::TryStreamExt;

use super::input::read_rows;
use super::model::{User, Workspace};
use super::printable::printable;

/// What `--verify` found.
#[derive(Debug, Default)]
pub struct VerifyReport {
    /// Valid users in the input file.
    pub expected: u64,
    /// Users streamed back from Attio.
    pub streamed: u64,
    /// Input user ids with no user in Attio.
    pub missing: Vec<String>,
    /// `(user id, what differs)`.
    pub differing: Vec<(String, String)>,
    /// Records that did not decode into a `User` (the error, naming the record).
    pub undecodable: Vec<String>,
}

impl VerifyReport {
    /// Whether Attio holds exactly the input's users.
    pub fn matches(&self) -> bool {
        self.missing.is_empty() && self.differing.is_empty() && self.undecodable.is_empty()
    }
}

/// The input's valid users by id, with their workspace ids.
fn expected(input: &Path) -> Result<HashMap<String, (String, BTreeSet<String>)>, String> {
    let mut users = HashMap::new();
    for row in read_rows(input).map_err(|e| e.to_string())? {
        let row = row.map_err(|e| e.to_string())?;
        let Ok(user_row) = row.row else { continue };
        let workspaces = user_row.workspace_ids().map(str::to_owned).collect();
        if let Ok(user) = user_row.into_user(row.line) {
            users.insert(user.id, (user.email.as_str().to_owned(), workspaces));
        }
    }
    Ok(users)
}

/// Streams every user (keyset paging: none twice, even if the workspace changes
/// meanwhile) and compares it with the input.
pub async fn verify(client: &Client, input: &Path) -> Result<VerifyReport, String> {
    let mut expected = expected(input)?;
    let workspace_ids: HashMap<String, String> = client
        .records(<Workspace as attio_core::AttioRecord>::OBJECT)
        .paging(Paging::Keyset)
        .stream()
        .try_filter_map(|record| async move {
            let id = record
                .field::<Option<String>>("workspace_id")
                .ok()
                .flatten();
            Ok(id.map(|id| (record.id().to_owned(), id)))
        })
        .try_collect()
        .await
        .map_err(|e| format!("reading workspaces: {e}"))?;
    let mut report = VerifyReport {
        expected: expected.len() as u64,
        ..VerifyReport::default()
    };
    let stream = client.query::<User>().paging(Paging::Keyset).stream();
    let mut stream = std::pin::pin!(stream);
    loop {
        let user = match stream.try_next().await {
            Ok(Some(user)) => user,
            Ok(None) => break,
            Err(error @ attio_core::Error::RecordDecode { .. }) => {
                report.undecodable.push(error.to_string());
                continue;
            }
            Err(error) => return Err(format!("reading users: {error}")),
        };
        report.streamed += 1;
        let Some((email, workspaces)) = expected.remove(&user.id) else {
            continue;
        };
        let got: BTreeSet<String> = user
            .workspaces
            .iter()
            .filter_map(|w| workspace_ids.get(w.record_id()?).cloned())
            .collect();
        if user.email.as_str() != email {
            let what = format!("email {email} in the input, {} in Attio", user.email);
            report.differing.push((user.id.clone(), what));
        }
        if got != workspaces {
            let what = format!("workspaces {workspaces:?} in the input, {got:?} in Attio");
            report.differing.push((user.id, what));
        }
    }
    report.missing = expected.into_keys().collect();
    report.missing.sort();
    Ok(report)
}

impl fmt::Display for VerifyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "verify: {} users expected, {} streamed back; {} missing, {} differing, {} undecodable",
            self.expected,
            self.streamed,
            self.missing.len(),
            self.differing.len(),
            self.undecodable.len()
        )?;
        for id in self.missing.iter().take(20) {
            writeln!(f, "  missing: {}", printable(id))?;
        }
        for (id, what) in self.differing.iter().take(20) {
            writeln!(f, "  differs: {}: {}", printable(id), printable(what))?;
        }
        for error in self.undecodable.iter().take(20) {
            writeln!(f, "  undecodable: {}", printable(error))?;
        }
        Ok(())
    }
}
