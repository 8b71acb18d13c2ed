//! Lets each user go as soon as the workspaces it refers to are written, so the users
//! phase overlaps the workspace phase instead of waiting for its last answer (the pacer
//! would idle for that answer's latency), while no user is sent before the token has
//! proved itself on a workspace, nor at all once Attio refused it.

use std::collections::BTreeSet;
use std::sync::{Mutex, MutexGuard, PoisonError};

use tokio::sync::Notify;

/// Which workspaces are still being written, and whether users may go.
#[derive(Debug, Default)]
pub struct WorkspaceGate {
    state: Mutex<State>,
    changed: Notify,
}

#[derive(Debug, Default)]
struct State {
    /// Workspaces not answered yet.
    pending: BTreeSet<String>,
    /// A workspace write succeeded (the token works), or the phase ended without a
    /// refusal, or there were no workspaces at all.
    open: bool,
    /// Attio refused the token: no user goes.
    closed: bool,
}

impl WorkspaceGate {
    /// A gate for the workspaces about to be written (open at once when there are none).
    pub fn new(pending: BTreeSet<String>) -> Self {
        let open = pending.is_empty();
        Self {
            state: Mutex::new(State {
                pending,
                open,
                closed: false,
            }),
            changed: Notify::new(),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The workspace's write was answered (it succeeded when `success`): its users may
    /// go, after a failed write too (they are then sent and their own error reported, as
    /// when the phases ran one after the other).
    pub fn answered(&self, workspace_id: &str, success: bool) {
        {
            let mut state = self.state();
            state.pending.remove(workspace_id);
            state.open |= success;
        }
        self.changed.notify_waiters();
    }

    /// The workspace phase is over: every user may go, or none when Attio refused the
    /// token.
    pub fn finish(&self, refused: bool) {
        {
            let mut state = self.state();
            state.pending.clear();
            if refused {
                state.closed = true;
            } else {
                state.open = true;
            }
        }
        self.changed.notify_waiters();
    }

    /// Waits until a user referring to `workspace_ids` may be sent: `true` then, `false`
    /// when it must not be sent at all (the token was refused).
    pub async fn wait(&self, workspace_ids: &[String]) -> bool {
        loop {
            // Registered before looking, so a change between the look and the wait wakes it.
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            {
                let state = self.state();
                if state.closed {
                    return false;
                }
                if state.open && workspace_ids.iter().all(|id| !state.pending.contains(id)) {
                    return true;
                }
            }
            changed.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::sync::Arc;
    use std::time::Duration;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|id| (*id).to_owned()).collect()
    }

    fn gate(pending: &[&str]) -> Arc<WorkspaceGate> {
        Arc::new(WorkspaceGate::new(ids(pending).into_iter().collect()))
    }

    async fn waits(gate: &WorkspaceGate, workspaces: &[&str]) -> bool {
        tokio::time::timeout(Duration::from_millis(50), gate.wait(&ids(workspaces)))
            .await
            .is_err()
    }

    #[tokio::test]
    async fn nothing_goes_before_a_workspace_write_succeeded() {
        let gate = gate(&["ws_1", "ws_2"]);
        assert!(
            waits(&gate, &[]).await,
            "not even a user without workspaces"
        );
        gate.answered("ws_1", false);
        assert!(waits(&gate, &[]).await, "a failure proves nothing");
        gate.answered("ws_2", true);
        assert!(gate.wait(&ids(&[])).await);
        assert!(gate.wait(&ids(&["ws_1", "ws_2"])).await);
    }

    #[tokio::test]
    async fn a_user_waits_for_each_of_its_workspaces() {
        let gate = gate(&["ws_1", "ws_2"]);
        gate.answered("ws_1", true);
        assert!(gate.wait(&ids(&["ws_1"])).await);
        assert!(waits(&gate, &["ws_1", "ws_2"]).await);
        let waiting = tokio::spawn({
            let gate = Arc::clone(&gate);
            async move { gate.wait(&ids(&["ws_2"])).await }
        });
        tokio::task::yield_now().await;
        gate.answered("ws_2", true);
        assert!(waiting.await.expect("the waiter ends"));
    }

    #[tokio::test]
    async fn a_refused_token_lets_no_user_go_and_the_end_lets_all_go() {
        let refused = gate(&["ws_1"]);
        let waiting = tokio::spawn({
            let gate = Arc::clone(&refused);
            async move { gate.wait(&ids(&["ws_1"])).await }
        });
        tokio::task::yield_now().await;
        refused.finish(true);
        assert!(!waiting.await.expect("the waiter ends"));
        assert!(!refused.wait(&ids(&[])).await);

        let ended = gate(&["ws_1", "ws_2"]);
        ended.finish(false);
        assert!(ended.wait(&ids(&["ws_1", "ws_2", "ws_3"])).await);
        assert!(
            gate(&[]).wait(&ids(&[])).await,
            "no workspaces: open at once"
        );
    }
}
