//! The summary table printed at the end of a sync. Every text from outside (Attio's
//! messages, ids and reasons from the input) goes through [`printable`].

use std::fmt::{self, Write as _};

use super::job::SyncReport;
use super::printable::printable;
use super::problems::{Problem, Problems};

impl fmt::Display for SyncReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let users = &self.users;
        let rows: [(&str, String); 11] = [
            ("rows read", self.rows.to_string()),
            ("workspaces asserted", describe_workspaces(self)),
            ("created", users.created.to_string()),
            ("updated", users.updated.to_string()),
            ("unchanged (no write)", users.unchanged.to_string()),
            ("rejected before sending", self.rejected.count().to_string()),
            ("failed", users.failed.to_string()),
            ("not processed (stopped)", self.not_processed.to_string()),
            ("elapsed", format!("{:.2} s", self.elapsed.as_secs_f64())),
            (
                "writes per second",
                format!("{:.1} ({} writes)", self.writes_per_second(), self.writes()),
            ),
            (
                "user writes per second",
                format!(
                    "{:.1} (in {:.2} s)",
                    self.user_writes_per_second(),
                    self.users_elapsed.as_secs_f64()
                ),
            ),
        ];
        let width = rows.iter().map(|(label, _)| label.len()).max().unwrap_or(0);
        let rule = "-".repeat(width + 24);
        writeln!(f, "{rule}")?;
        for (label, value) in &rows {
            writeln!(f, "{label:<width$}  {value:>20}")?;
        }
        writeln!(f, "{rule}")?;
        if self.interrupted {
            writeln!(
                f,
                "Stopped early: the writes above landed and the cache was saved; run again to resume."
            )?;
        }
        if let Some(refused) = &self.refused {
            writeln!(
                f,
                "Stopped: Attio refused the API token or its permissions, so nothing more was \
                 sent: {}\nCheck ATTIO_API_KEY and the token's scopes, then run again.",
                printable(refused)
            )?;
        }
        if let Some(error) = &self.input_error {
            writeln!(f, "Reading the input stopped early: {}", printable(error))?;
        }
        write_problems(f, "Rejected before sending", &self.rejected)?;
        write_problems(f, "Failed", &self.failed)
    }
}

fn describe_workspaces(report: &SyncReport) -> String {
    let w = &report.workspaces;
    let mut text = format!("{}", w.total());
    if w.total() > 0 {
        let _ = write!(text, " ({} new, {} unchanged", w.created, w.unchanged);
        if w.failed > 0 {
            let _ = write!(text, ", {} failed", w.failed);
        }
        text.push(')');
    }
    text
}

fn write_problems(f: &mut fmt::Formatter<'_>, title: &str, problems: &Problems) -> fmt::Result {
    if problems.count() == 0 {
        return Ok(());
    }
    writeln!(f, "{title} ({}):", problems.count())?;
    for problem in problems.listed() {
        writeln!(f, "  {}", DisplayProblem(problem))?;
    }
    let hidden = problems.count() - problems.listed().len() as u64;
    if hidden > 0 {
        writeln!(f, "  ... and {hidden} more")?;
    }
    Ok(())
}

struct DisplayProblem<'a>(&'a Problem);

impl fmt::Display for DisplayProblem<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let problem = self.0;
        match problem.line {
            Some(line) => write!(f, "line {line:>5}")?,
            None => f.write_str("workspace ")?,
        }
        if let Some(key) = &problem.key {
            write!(f, " [{}]", printable(key))?;
        }
        write!(f, ": {}", printable(&problem.reason))
    }
}
