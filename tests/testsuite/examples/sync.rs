//! The `sync_users` example's logic against the emulator: outcomes per row, rejections
//! with their line and reason, a re-sync that sends nothing, resuming after a stop, CSV;
//! against a mock Attio: a refused token, escapes in server text; and the example as a
//! real process: a long `Retry-After` neither freezes it nor keeps Ctrl-C from stopping it.

#[path = "../../../examples/sync_users/mod.rs"]
mod example;

use std::path::{Path, PathBuf};

use attio_core::Client;
use attio_core::pacing::PacingConfig;
use attio_emulator::{Emulator, EmulatorConfig};
use example::job::{self, SyncOptions, SyncReport};
use indicatif::ProgressBar;
use serde_json::Value;

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
        check_schema: true,
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
        2,
        "no request reached the server but the schema check's (workspaces, users)"
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

/// Attio's error body with this status, code and message.
fn attio_error(status: u16, code: &str, message: &str) -> wiremock::ResponseTemplate {
    wiremock::ResponseTemplate::new(status).set_body_json(serde_json::json!({
        "status_code": status, "type": "invalid_request_error", "code": code, "message": message
    }))
}

/// A mock Attio answering every request with `response`, and a client for it.
async fn mock_attio(response: wiremock::ResponseTemplate) -> (wiremock::MockServer, Client) {
    let server = attio_testkit::wire::server().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(response)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .token("tok_example_sync")
        .pacing(PacingConfig::off())
        .build()
        .expect("a client");
    (server, client)
}

/// Runs the job against a mock that answers every request alike, so without the schema
/// check (`schema_drift_stops_the_job_before_any_write` covers it).
async fn run_against(client: &Client, options: &SyncOptions) -> SyncReport {
    let options = SyncOptions {
        input: options.input.clone(),
        cache_path: options.cache_path.clone(),
        check_schema: false,
        ..*options
    };
    job::run(
        client,
        &options,
        std::future::pending(),
        &ProgressBar::hidden(),
    )
    .await
    .expect("the sync runs")
}

#[tokio::test]
async fn an_escape_sequence_from_the_server_or_the_file_is_printed_escaped() {
    let fake = "\u{1b}[2J\u{1b}[H\u{1b}[32mAll 3 users synced.\u{1b}[0m\u{9b}1A";
    let (_server, client) = mock_attio(attio_error(400, "validation_type", fake)).await;
    let dir = tempfile::tempdir().expect("a temp dir");
    let input = "{\"id\":\"u1\",\"email\":\"ada@acme.io\",\"workspaces\":[\"ws_1\"]}\n\
                 {\"id\":\"u\\u001b]0;pwned\\u0007\",\"email\":\"nope\"}\n";
    let report = run_against(&client, &options(dir.path(), input, "users.jsonl")).await;
    assert_eq!((report.workspaces.failed, report.users.failed), (1, 1));
    let table = report.to_string();
    assert!(
        !table.chars().any(|c| c.is_control() && c != '\n'),
        "no control character reaches the terminal: {table:?}"
    );
    assert!(
        table.contains("\\u{1b}[2J\\u{1b}[H\\u{1b}[32mAll 3 users synced."),
        "{table}"
    );
    assert!(table.contains("\\u{9b}1A"), "C1 controls too: {table}");
    assert!(
        table.contains("[u\\u{1b}]0;pwned\\u{7}]"),
        "ids from the file too: {table}"
    );
}

/// The record of `object` whose `slug` text value is `key`, as the emulator holds it.
fn record_by(emu: &Emulator, object: &str, slug: &str, key: &str) -> Value {
    emu.records(object)
        .into_iter()
        .find(|r| first(r, slug, "value") == key)
        .unwrap_or_else(|| panic!("{object} {key} is stored"))
}

#[tokio::test]
async fn users_go_as_soon_as_their_own_workspaces_are_written() {
    let emu = emulator().await;
    // The first workspace write to arrive (whichever of the two it is) takes 1.5 s.
    emu.set_faults(attio_emulator::FaultConfig {
        writes_only: true,
        ..attio_emulator::FaultConfig::scripted([attio_emulator::ScriptedFault::Delay(
            std::time::Duration::from_millis(1500),
        )])
    });
    let dir = tempfile::tempdir().expect("a temp dir");
    let input: String = (0..12)
        .map(|i| {
            let workspace = if i % 2 == 0 { "ws_a" } else { "ws_b" };
            format!(
                "{{\"id\":\"u{i}\",\"email\":\"u{i}@acme.io\",\"workspaces\":[\"{workspace}\"]}}\n"
            )
        })
        .collect();
    let report = run_against(&client(&emu), &options(dir.path(), &input, "users.jsonl")).await;
    assert_eq!((report.users.created, report.failed.count()), (12, 0));
    let created = |object: &str, slug: &str, key: &str| {
        record_by(&emu, object, slug, key)["created_at"]
            .as_str()
            .expect("created_at")
            .to_owned()
    };
    let (a, b) = (
        created("workspaces", "workspace_id", "ws_a"),
        created("workspaces", "workspace_id", "ws_b"),
    );
    let (slow, slow_at, fast_at) = if a > b {
        ("ws_a", a, b)
    } else {
        ("ws_b", b, a)
    };
    for i in 0..12 {
        let workspace = if i % 2 == 0 { "ws_a" } else { "ws_b" };
        let user = created("users", "user_id", &format!("u{i}"));
        if workspace == slow {
            assert!(
                user > slow_at,
                "u{i} waited for {slow}: {user} vs {slow_at}"
            );
        } else {
            assert!(
                user > fast_at && user < slow_at,
                "u{i} went before {slow} was written: {user} vs {slow_at}"
            );
        }
    }
}

#[tokio::test]
async fn a_refused_token_stops_the_sync_at_once_with_one_message() {
    let (server, client) = mock_attio(
        attio_error(401, "unauthorized", "Invalid API key provided.")
            .set_delay(std::time::Duration::from_millis(20)),
    )
    .await;
    let dir = tempfile::tempdir().expect("a temp dir");
    let input: String = (0..200)
        .map(|i| {
            format!(
                "{{\"id\":\"u{i}\",\"email\":\"u{i}@acme.io\",\"workspaces\":[\"ws_{}\"]}}\n",
                i % 40
            )
        })
        .collect();
    let report = run_against(&client, &options(dir.path(), &input, "users.jsonl")).await;
    let sent = server.received_requests().await.expect("recorded").len();
    assert!(
        sent <= 4,
        "at most the writes in flight (4) were sent, not 240: {sent}"
    );
    assert!(report.refused.is_some());
    assert_eq!(
        report.users.total(),
        0,
        "no user was sent once workspaces were refused"
    );
    assert_eq!(report.not_processed, 200);
    assert_eq!(
        report.failed.count(),
        0,
        "the refusal is not listed as a failed row"
    );
    let table = report.to_string();
    assert_eq!(
        table.matches("Invalid API key provided.").count(),
        1,
        "one clear message: {table}"
    );
    assert!(table.contains("Check ATTIO_API_KEY"), "{table}");
}

#[tokio::test]
async fn an_invalid_email_is_explained_once_in_the_summary() {
    let emu = emulator().await;
    let dir = tempfile::tempdir().expect("a temp dir");
    let input = "{\"id\":\"u1\",\"email\":\"ada.acme.io\"}\n";
    let report = sync(&emu, &options(dir.path(), input, "users.jsonl")).await;
    let reasons = lines_and_reasons(&report);
    assert_eq!(reasons.len(), 1);
    let reason = &reasons[0].1;
    assert_eq!(reason.matches("expected").count(), 1, "{reason}");
    assert!(reason.contains("`local@domain.tld`"), "{reason}");
}

/// The `sync_users` example's executable, built (once per test run) by the cargo running
/// the tests.
pub(super) fn example_binary() -> &'static Path {
    static BINARY: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BINARY.get_or_init(|| attio_testkit::fleet::example_binary(false))
}

/// A mock Attio on 127.0.0.1 answering every request 429 with `Retry-After: {seconds}`.
async fn rate_limiting_attio(seconds: u64) -> wiremock::MockServer {
    let server = attio_testkit::wire::server().await;
    let response = attio_error(
        429,
        "rate_limit_exceeded",
        "Rate limit exceeded, please try again later",
    )
    .insert_header("retry-after", seconds.to_string().as_str());
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// The example, started against `server` with 60 users in 3 workspaces; its output is
/// piped. Returns the process and the cache path it saves to.
fn start_example(server: &wiremock::MockServer, dir: &Path) -> (std::process::Child, PathBuf) {
    let input: String = (0..60)
        .map(|i| {
            format!(
                "{{\"id\":\"u{i}\",\"email\":\"u{i}@acme.io\",\"workspaces\":[\"ws_{}\"]}}\n",
                i % 3
            )
        })
        .collect();
    let input_path = dir.join("users.jsonl");
    std::fs::write(&input_path, input).expect("input written");
    let cache = dir.join("cache.json");
    let child = std::process::Command::new(example_binary())
        .arg("--input")
        .arg(&input_path)
        .arg("--cache")
        .arg(&cache)
        .args(["--concurrency", "4", "--skip-schema-check"])
        .env("ATTIO_API_KEY", "tok_example_process")
        .env("ATTIO_BASE_URL", server.uri())
        .env_remove("RUST_LOG")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the example starts");
    (child, cache)
}

/// Waits up to `limit` for `child` to exit; kills it (and fails) if it does not. Returns
/// its exit status, stdout and stderr.
async fn wait_for_exit(
    mut child: std::process::Child,
    limit: std::time::Duration,
) -> (std::process::ExitStatus, String, String) {
    use std::io::Read as _;
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the example was still running after {limit:?}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let (mut stdout, mut stderr) = (String::new(), String::new());
    child
        .stdout
        .take()
        .expect("piped")
        .read_to_string(&mut stdout)
        .expect("stdout");
    child
        .stderr
        .take()
        .expect("piped")
        .read_to_string(&mut stderr)
        .expect("stderr");
    (status, stdout, stderr)
}

#[tokio::test]
async fn a_retry_after_of_an_hour_does_not_freeze_the_job() {
    example_binary();
    let server = rate_limiting_attio(3600).await;
    let dir = tempfile::tempdir().expect("a temp dir");
    let (child, cache) = start_example(&server, dir.path());
    let (status, stdout, stderr) = wait_for_exit(child, std::time::Duration::from_secs(20)).await;
    assert_eq!(
        status.code(),
        Some(1),
        "failed rows fail the run: {stdout}{stderr}"
    );
    assert!(
        stdout.contains("rows read"),
        "the summary is printed: {stdout}{stderr}"
    );
    assert!(stdout.contains("rate limited by Attio"), "{stdout}");
    assert!(cache.exists(), "the cache is saved");
    let sent = server.received_requests().await.expect("recorded").len();
    assert!(sent <= 8, "requests behind the pause were not sent: {sent}");
}

#[tokio::test]
async fn ctrl_c_stops_a_job_waiting_on_a_rate_limit_within_seconds() {
    example_binary();
    // 20 s: within the retry deadline and the pause cap, so every write waits for it.
    let server = rate_limiting_attio(20).await;
    let dir = tempfile::tempdir().expect("a temp dir");
    let (child, cache) = start_example(&server, dir.path());
    let waiting = std::time::Instant::now();
    while server.received_requests().await.map_or(0, |r| r.len()) == 0 {
        assert!(
            waiting.elapsed() < std::time::Duration::from_secs(20),
            "no request arrived"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let interrupted = std::time::Instant::now();
    let signalled = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(signalled.success());
    let (_status, stdout, stderr) = wait_for_exit(child, std::time::Duration::from_secs(15)).await;
    let took = interrupted.elapsed();
    assert!(
        took < std::time::Duration::from_secs(6),
        "Ctrl-C stopped the job in {took:?}, not after the 20 s wait: {stdout}{stderr}"
    );
    assert!(
        stdout.contains("rows read"),
        "the summary is printed: {stdout}{stderr}"
    );
    assert!(stdout.contains("Stopped early"), "{stdout}");
    assert!(cache.exists(), "the cache is saved");
}

/// Runs the example on `dir`'s input, cache and emulator store; with `interrupt_after`, sends
/// SIGINT once the emulator's write log holds that many writes of this run. Returns stdout.
#[cfg(unix)]
fn run_example(binary: &Path, dir: &Path, interrupt_after: Option<usize>) -> String {
    use std::process::{Command, Stdio};
    let store = dir.join("store.json");
    let child = Command::new(binary)
        .arg("--input")
        .arg(dir.join("users.jsonl"))
        .arg("--cache")
        .arg(dir.join("cache.json"))
        .arg("--emulator-store")
        .arg(&store)
        .args(["--rate", "150", "--emulator-latency-ms", "5-20"])
        .env_remove(attio_core::client::ENV_API_KEY)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the example starts");
    if let Some(writes) = interrupt_after {
        let log = attio_emulator::write_log_path(&store);
        let started = std::time::Instant::now();
        // The emulator folds the log into the snapshot when it starts, so lines = this run's writes.
        while std::fs::read(&log).map_or(0, |b| b.iter().filter(|c| **c == b'\n').count()) < writes
        {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(120),
                "the run writes"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let signalled = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(signalled.success());
    }
    let out = child.wait_with_output().expect("the example ends");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.code().is_some(), "exited, not killed: {stdout}");
    stdout
}

/// The number in a summary row such as `created            12`.
fn summary_number(report: &str, label: &str) -> u64 {
    report
        .lines()
        .find_map(|line| line.strip_prefix(label)?.trim().parse().ok())
        .unwrap_or_else(|| panic!("`{label}` in:\n{report}"))
}

#[cfg(unix)]
#[tokio::test]
async fn the_job_interrupted_twice_then_resumed_stores_exactly_the_input_users() {
    const USERS: u64 = 300;
    let dir = tempfile::tempdir().expect("a temp dir");
    let input: String = (0..USERS)
        .map(|n| {
            format!(
                "{{\"id\":\"user-{n}\",\"email\":\"user{n}@acme.io\",\"workspaces\":[\"ws_{}\"]}}\n",
                n % 7
            )
        })
        .collect();
    std::fs::write(dir.path().join("users.jsonl"), input).expect("input written");
    let binary = example_binary();

    let mut created = 0;
    for run in 0..2 {
        let report = run_example(binary, dir.path(), Some(40));
        assert!(
            report.contains("Stopped early"),
            "run {run} was interrupted:\n{report}"
        );
        assert!(
            summary_number(&report, "not processed (stopped)") > 0,
            "{report}"
        );
        created += summary_number(&report, "created");
    }
    let report = run_example(binary, dir.path(), None);
    assert!(!report.contains("Stopped early"), "{report}");
    assert_eq!(summary_number(&report, "failed"), 0, "{report}");
    assert_eq!(
        summary_number(&report, "not processed (stopped)"),
        0,
        "{report}"
    );
    created += summary_number(&report, "created");
    assert_eq!(
        created, USERS,
        "each user created exactly once over the three runs"
    );
    let seen = summary_number(&report, "created")
        + summary_number(&report, "updated")
        + summary_number(&report, "unchanged (no write)");
    assert_eq!(
        seen, USERS,
        "the resumed run accounts for every user:\n{report}"
    );

    let emu = Emulator::start(EmulatorConfig {
        persist_path: Some(dir.path().join("store.json")),
        ..EmulatorConfig::for_tests()
    })
    .await
    .expect("the store loads");
    let stored = user_ids(&emu);
    let expected: Vec<String> = {
        let mut ids: Vec<String> = (0..USERS).map(|n| format!("user-{n}")).collect();
        ids.sort();
        ids
    };
    assert_eq!(
        stored, expected,
        "exactly the input's users, none lost, none twice"
    );
    let records: std::collections::BTreeSet<String> = emu
        .records("users")
        .iter()
        .map(|r| r["id"]["record_id"].to_string())
        .collect();
    assert_eq!(records.len() as u64, USERS, "one record id per user");
}

/// `--workers`' split: every row in exactly one shard, CSV shards each with the header
/// and quoted line breaks kept whole.
#[test]
fn the_input_is_split_into_disjoint_complete_shards() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let jsonl: String = (0..7).map(|n| format!("{{\"id\":\"u{n}\"}}\n")).collect();
    let input = dir.path().join("users.jsonl");
    std::fs::write(&input, &jsonl).expect("input written");
    let shards = example::fleet::split_input(&input, 3, dir.path()).expect("split");
    let mut lines: Vec<String> = shards
        .iter()
        .flat_map(|shard| {
            let text = std::fs::read_to_string(shard).expect("shard read");
            text.lines().map(str::to_owned).collect::<Vec<_>>()
        })
        .collect();
    lines.sort();
    let mut expected: Vec<String> = jsonl.lines().map(str::to_owned).collect();
    expected.sort();
    assert_eq!(lines, expected);

    let csv =
        "id,email,name,workspaces\nu1,a@acme.io,\"Ada\nLovelace\",ws_1\nu2,b@acme.io,B,ws_2\n";
    let input = dir.path().join("users.csv");
    std::fs::write(&input, csv).expect("input written");
    let shards = example::fleet::split_input(&input, 2, dir.path()).expect("split");
    let first = std::fs::read_to_string(&shards[0]).expect("shard read");
    let second = std::fs::read_to_string(&shards[1]).expect("shard read");
    assert_eq!(
        first,
        "id,email,name,workspaces\nu1,a@acme.io,\"Ada\nLovelace\",ws_1\n"
    );
    assert_eq!(second, "id,email,name,workspaces\nu2,b@acme.io,B,ws_2\n");
}

/// `--workers 2 --verify` (through a shared Redis budget when `redis-server` is
/// installed): two processes sync disjoint halves into one emulator workspace, every user
/// lands exactly once, the parent's totals add up and its verify pass finds them all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_worker_processes_store_every_user_exactly_once() {
    use attio_emulator::RateLimitConfig;
    use attio_emulator::redis_server::RedisServer;
    const USERS: u64 = 200;
    let emu = Emulator::start(EmulatorConfig {
        rate_limits: RateLimitConfig::new(400, 100),
        ..EmulatorConfig::for_tests()
    })
    .await
    .expect("the emulator starts");
    let redis = RedisServer::for_test();
    let dir = tempfile::tempdir().expect("a temp dir");
    let input: String = (0..USERS)
        .map(|n| {
            format!(
                "{{\"id\":\"user-{n}\",\"email\":\"user{n}@acme.io\",\"workspaces\":[\"ws_{}\"]}}\n",
                n % 5
            )
        })
        .collect();
    std::fs::write(dir.path().join("users.jsonl"), input).expect("input written");
    let mut command = std::process::Command::new(example_binary());
    command
        .arg("--input")
        .arg(dir.path().join("users.jsonl"))
        .arg("--cache")
        .arg(dir.path().join("cache.json"))
        .args([
            "--workers",
            "2",
            "--rate",
            "100",
            "--concurrency",
            "8",
            "--verify",
        ])
        .env(attio_core::client::ENV_API_KEY, emu.token())
        .env(attio_core::client::ENV_BASE_URL, emu.base_url())
        .env_remove("RUST_LOG")
        .stdout(std::process::Stdio::piped());
    if let Some(redis) = &redis {
        command.args(["--redis", &redis.url()]);
    }
    let child = command.spawn().expect("the example starts");
    let out = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .expect("joined")
        .expect("the example ends");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("worker 0: ") && stdout.contains("worker 1: "),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("fleet: {USERS} rows, {USERS} created, 0 updated")),
        "{stdout}"
    );
    // --verify with --workers: the parent reads the whole input back once, after the fleet.
    assert!(
        stdout.contains(&format!(
            "verify: {USERS} users expected, {USERS} streamed back; 0 missing, 0 differing, 0 undecodable"
        )),
        "{stdout}"
    );
    let ids = user_ids(&emu);
    let mut expected: Vec<String> = (0..USERS).map(|n| format!("user-{n}")).collect();
    expected.sort();
    assert_eq!(ids, expected, "every user exactly once");
    if redis.is_some() {
        assert_eq!(emu.stats().rate_limited, 0, "one shared budget: no 429");
    }
}

#[tokio::test]
async fn schema_drift_stops_the_job_before_any_write() {
    let emu = emulator().await;
    let archive = attio_core::schema::AttributeUpdate {
        is_archived: Some(true),
        ..Default::default()
    };
    client(&emu)
        .update_attribute("users", "workspace", &archive)
        .await
        .expect("archived");
    let dir = tempfile::tempdir().expect("temp dir");
    let options = options(
        dir.path(),
        "{\"id\":\"u1\",\"email\":\"u1@acme.io\",\"workspaces\":[\"ws_1\"]}\n",
        "users.jsonl",
    );
    let err = job::run(
        &client(&emu),
        &options,
        std::future::pending(),
        &ProgressBar::hidden(),
    )
    .await
    .expect_err("the job refuses to write");
    assert!(
        matches!(&err, job::SyncError::Schema(attio_core::schema::SchemaError::Drift(r)) if r.len() == 1),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.contains("User disagrees with object `users` (1 issue):")
            && text.contains("field `workspaces` (slug `workspace`): the attribute is archived"),
        "{text}"
    );
    assert_eq!(emu.stats().writes_applied, 0, "nothing was written");
}

#[tokio::test]
async fn verify_streams_the_users_back_and_reports_what_differs() {
    let emu = emulator().await;
    let dir = tempfile::tempdir().expect("a temp dir");
    let options = options(dir.path(), JSONL, "users.jsonl");
    sync(&emu, &options).await;
    let client = client(&emu);

    let clean = example::verify::verify(&client, &options.input)
        .await
        .expect("verify runs");
    assert!(clean.matches(), "{clean}");
    assert_eq!((clean.expected, clean.streamed), (3, 3), "{clean}");

    // One user gone, one with another email: both reported, by id.
    let users = emu.records("users");
    let id_of = |user_id: &str| {
        users
            .iter()
            .find(|r| first(r, "user_id", "value") == user_id)
            .and_then(|r| r["id"]["record_id"].as_str())
            .expect("synced")
            .to_owned()
    };
    client
        .delete_record("users", &id_of("u2"))
        .await
        .expect("delete");
    let mut values = attio_core::client::Values::new();
    values.insert("primary_email_address".into(), "edsger@elsewhere.io".into());
    client
        .update_record("users", &id_of("u4"), values)
        .await
        .expect("update");
    let report = example::verify::verify(&client, &options.input)
        .await
        .expect("verify runs");
    assert!(!report.matches());
    assert_eq!(report.missing, ["u2"], "{report}");
    assert_eq!(report.differing.len(), 1, "{report}");
    assert_eq!(report.differing[0].0, "u4");
    assert!(
        report.to_string().contains("1 missing, 1 differing"),
        "{report}"
    );
}
