//! The rows the sync could not write, listed for the operator.

/// One row that was rejected or failed.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The input line, or `None` for a workspace (which has no line of its own).
    pub line: Option<u64>,
    /// What the row is about: the user id or the workspace id, when known.
    pub key: Option<String>,
    /// Why it was not written.
    pub reason: String,
}

/// A count of problems and the first few of them (so a file full of bad rows does not
/// fill memory or the terminal).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Problems {
    count: u64,
    listed: Vec<Problem>,
    limit: usize,
}

impl Problems {
    /// An empty list keeping at most `limit` problems.
    pub fn new(limit: usize) -> Self {
        Self {
            count: 0,
            listed: Vec::new(),
            limit,
        }
    }

    /// Counts a problem, and keeps it while fewer than the limit are kept.
    pub fn push(&mut self, problem: Problem) {
        self.count += 1;
        if self.listed.len() < self.limit {
            self.listed.push(problem);
        }
    }

    /// How many problems were counted.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The problems kept, in the order they happened.
    pub fn listed(&self) -> &[Problem] {
        &self.listed
    }
}
