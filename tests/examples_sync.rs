//! The `sync_users` example's logic against the emulator: outcomes per row, rejections
//! with their line and reason, a re-sync that sends nothing, resuming after a stop, CSV.

#[path = "../examples/sync_users/mod.rs"]
mod sync;

use std::path::{Path, PathBuf};

use attio_core::Client;
use attio_core::pacing::PacingConfig;
use attio_emulator::{Emulator, EmulatorConfig};
use indicatif::ProgressBar;
use serde_json::Value;
use sync::job::{self, SyncOptions, SyncReport};

const JSONL: &str = r#"{"id":"u1","email":"ada@acme.io","name":"Ada","workspaces":["ws_001","ws_002"]}
{"id":"u2","email":"grace@acme.io","workspaces":["ws_002"]}
{"id":"u3","email":"alan at acme.io","workspaces":["ws_003"]}

{"email":"nobody@acme.io","workspaces":["ws_004"]}
{"id":"u4","email":"edsger@acme.io","workspaces":[]}
{"id":"u1","email":"ada@acme.io","name":"Ada","workspaces":["ws_001","ws_002"]}
this is not json
"#;

async fn emulator() -> Emulator {
    Emulator::start(EmulatorConfig::for_tests())
        .await
        .expect("the emulator starts")
}

fn client(emu: &Emulator) -> Client {
    Client::builder()
        .base_url(emu.base_url())
        .token(emu.token())
        .pacing(PacingConfig::off())
        .build()
        .expect("a client")
}

fn options(dir: &Path, input: &str, name: &str) -> SyncOptions {
    let path = dir.join(name);
    std::fs::write(&path, input).expect("input written");
    SyncOptions {
        input: path,
        concurrency: 4,
        cache_path: dir.join("cache/sync.json"),
        listed: 10,
    }
}

async fn sync(emu: &Emulator, options: &SyncOptions) -> SyncReport {
    job::run(
        &client(emu),
        options,
        std::future::pending(),
        &ProgressBar::hidden(),
    )
    .await
    .expect("the sync runs")
}

/// `values.{slug}[0].{field}` of a record read from the emulator.
fn first<'a>(record: &'a Value, slug: &str, field: &str) -> &'a Value {
    &record["values"][slug][0][field]
}

fn user_ids(emu: &Emulator) -> Vec<String> {
    let mut ids: Vec<String> = emu
        .records("users")
        .iter()
        .map(|r| {
            first(r, "user_id", "value")
                .as_str()
                .unwrap_or("?")
                .to_owned()
        })
        .collect();
    ids.sort();
    ids
}

fn lines_and_reasons(report: &SyncReport) -> Vec<(Option<u64>, String)> {
    report
        .rejected
        .listed()
        .iter()
        .map(|p| (p.line, p.reason.clone()))
        .collect()
}

#[tokio::test]
async fn first_run_writes_valid_rows_and_rejects_the_rest_by_line() {
    let emu = emulator().await;
    let dir = tempfile::tempdir().expect("a temp dir");
    let report = sync(&emu, &options(dir.path(), JSONL, "users.jsonl")).await;

    assert_eq!(report.rows, 7, "blank lines are not rows");
    assert_eq!(
        report.workspaces.created, 2,
        "ws_001 and ws_002 only: ws_003/4 belong to rejected rows"
    );
    assert_eq!(report.users.created, 3);
    assert_eq!(
        report.users.unchanged, 1,
        "the exact duplicate of u1 is not written twice"
    );
    assert_eq!(report.users.failed, 0, "{:?}", report.failed);
    assert_eq!(report.rejected.count(), 3);
    assert_eq!(report.not_processed, 0);
    assert!(!report.interrupted);

    let rejected = lines_and_reasons(&report);
    assert_eq!(rejected[0].0, Some(3));
    assert!(
        rejected[0].1.contains("not a valid email address"),
        "{rejected:?}"
    );
    assert_eq!(rejected[1], (Some(5), "missing user id".to_owned()));
    assert_eq!(rejected[2].0, Some(8));
    assert!(
        rejected[2].1.starts_with("not a valid JSON user object"),
        "{rejected:?}"
    );

    assert_eq!(user_ids(&emu), ["u1", "u2", "u4"]);
    let workspaces = emu.records("workspaces");
    let ws_id = |slug: &str| {
        workspaces
            .iter()
            .find(|w| first(w, "workspace_id", "value") == slug)
            .map(|w| w["id"]["record_id"].clone())
            .expect("the workspace exists")
    };
    let u1 = emu
        .records("users")
        .into_iter()
        .find(|u| first(u, "user_id", "value") == "u1")
        .expect("u1 exists");
    let mut refs: Vec<Value> = u1["values"]["workspace"]
        .as_array()
        .expect("workspace values")
        .iter()
        .map(|v| v["target_record_id"].clone())
        .collect();
    refs.sort_by_key(|v| v.to_string());
    let mut expected = vec![ws_id("ws_001"), ws_id("ws_002")];
    expected.sort_by_key(|v| v.to_string());
    assert_eq!(
        refs, expected,
        "u1 refers to its workspaces by workspace_id, once each"
    );

    let table = report.to_string();
    assert!(table.contains("rejected before sending"), "{table}");
    assert!(table.contains("line     5: missing user id"), "{table}");
}

#[tokio::test]
async fn second_run_of_the_same_file_sends_no_writes() {
    let emu = emulator().await;
    let dir = tempfile::tempdir().expect("a temp dir");
    let options = options(dir.path(), JSONL, "users.jsonl");
    let first = sync(&emu, &options).await;
    assert_eq!(first.writes(), 5);
    emu.reset_stats();

    let second = sync(&emu, &options).await;
    assert_eq!(second.users.unchanged, 4);
    assert_eq!(second.workspaces.unchanged, 2);
    assert_eq!(second.writes(), 0);
    assert_eq!(
        second.rejected.count(),
        3,
        "invalid rows are still reported"
    );
    assert_eq!(
        emu.stats().total(),
        0,
        "no request at all reached the server"
    );

    // One changed row is written again, as an update.
    let changed = JSONL.replace("grace@acme.io", "grace.hopper@acme.io");
    std::fs::write(&options.input, changed).expect("input rewritten");
    let third = sync(&emu, &options).await;
    assert_eq!((third.users.updated, third.users.unchanged), (1, 3));
    assert_eq!(emu.stats().writes_applied - first.writes(), 1);
}

#[tokio::test]
async fn a_stopped_sync_reports_what_is_left_and_the_next_run_resumes() {
    let emu = emulator().await;
    let dir = tempfile::tempdir().expect("a temp dir");
    let options = options(dir.path(), JSONL, "users.jsonl");
    let stopped = job::run(
        &client(&emu),
        &options,
        std::future::ready(()),
        &ProgressBar::hidden(),
    )
    .await
    .expect("the sync runs");
    assert!(stopped.interrupted);
    assert_eq!(stopped.writes(), 0);
    assert_eq!(stopped.not_processed, 7);
    assert!(
        options.cache_path.exists(),
        "the cache is saved even when stopped"
    );
    assert!(emu.records("users").is_empty());

    let resumed = sync(&emu, &options).await;
    assert!(!resumed.interrupted);
    assert_eq!(resumed.users.created, 3);
    assert_eq!(user_ids(&emu), ["u1", "u2", "u4"]);
}

#[tokio::test]
async fn csv_input_with_semicolon_separated_workspaces() {
    let emu = emulator().await;
    let dir = tempfile::tempdir().expect("a temp dir");
    let csv = "id,email,name,workspaces\n\
               c1,c1@globex.com,One,ws_010;ws_011\n\
               c2,not-an-email,Two,ws_012\n\
               ,c3@globex.com,Three,\n\
               c4,c4@globex.com,\"Four, Jr.\",\n";
    let report = sync(&emu, &options(dir.path(), csv, "users.csv")).await;
    assert_eq!(report.rows, 4);
    assert_eq!(report.users.created, 2);
    assert_eq!(report.workspaces.created, 2);
    let lines: Vec<_> = lines_and_reasons(&report)
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    assert_eq!(
        lines,
        [Some(3), Some(4)],
        "CSV line numbers count the header"
    );
    assert_eq!(user_ids(&emu), ["c1", "c4"]);
}

#[tokio::test]
async fn unknown_extension_and_missing_file_are_errors() {
    let emu = emulator().await;
    let dir = tempfile::tempdir().expect("a temp dir");
    let options = options(dir.path(), "", "users.xml");
    let error = job::run(
        &client(&emu),
        &options,
        std::future::pending(),
        &ProgressBar::hidden(),
    )
    .await
    .expect_err("an unknown format");
    assert!(
        error.to_string().contains("unknown input format"),
        "{error}"
    );

    let missing = SyncOptions {
        input: PathBuf::from("/nonexistent/users.jsonl"),
        ..options
    };
    let error = job::run(
        &client(&emu),
        &missing,
        std::future::pending(),
        &ProgressBar::hidden(),
    )
    .await
    .expect_err("a missing file");
    assert!(
        error.to_string().contains("/nonexistent/users.jsonl"),
        "{error}"
    );
}
