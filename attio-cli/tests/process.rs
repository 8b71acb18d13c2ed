//! The `attio` binary run as a process against the emulator: what it prints, its exit
//! codes, and that `generate` prints exactly the checked-in snapshots (refresh them with
//! `ATTIO_UPDATE_SNAPSHOTS=1 cargo test -p attio-cli --test process`).

mod common;

use std::process::{Command, Output};

use attio_emulator::{Emulator, EmulatorConfig};
use common::assert_snapshot;

/// Runs `attio` with `args` against `base_url` with `token` (none: no token at all), off
/// the async runtime so the emulator keeps serving.
async fn attio(base_url: &str, token: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_attio"));
    command
        .env_remove("ATTIO_API_KEY")
        .env("ATTIO_BASE_URL", base_url)
        .args(args);
    if let Some(token) = token {
        command.env("ATTIO_API_KEY", token);
    }
    tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("the runner")
        .expect("attio runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 output")
}

/// Exit code `code`, nothing on stdout, and exactly one line on stderr; that line.
fn failure(output: &Output, code: i32) -> String {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(code), "stderr: {err}");
    assert_eq!(stdout(output), "", "nothing on stdout");
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    err.trim_end().to_owned()
}

async fn standard() -> Emulator {
    Emulator::start(EmulatorConfig::for_tests())
        .await
        .expect("the emulator starts")
}

#[tokio::test(flavor = "multi_thread")]
async fn generate_prints_the_snapshots_and_the_same_bytes_every_time() {
    let emu = standard().await;
    let users = attio(
        &emu.base_url(),
        Some(emu.token()),
        &["generate", "--object", "users"],
    )
    .await;
    assert!(users.status.success(), "{}", stderr(&users));
    assert_snapshot("users.rs", &stdout(&users));
    // People and companies match on their unique multiselect `email_addresses`/`domains`.
    for object in ["people", "companies"] {
        let args = ["generate", "--object", object];
        let output = attio(&emu.base_url(), Some(emu.token()), &args).await;
        assert!(output.status.success(), "{}", stderr(&output));
        assert_snapshot(&format!("{object}.rs"), &stdout(&output));
    }

    let emu = common::emulator().await;
    let args = ["generate", "--object", "things"];
    let things = attio(&emu.base_url(), Some(emu.token()), &args).await;
    assert!(things.status.success(), "{}", stderr(&things));
    let again = attio(&emu.base_url(), Some(emu.token()), &args).await;
    assert_eq!(stdout(&things), stdout(&again), "deterministic");
    assert_snapshot("things.rs", &stdout(&things));
}

#[tokio::test(flavor = "multi_thread")]
async fn objects_prints_a_table_of_the_standard_objects() {
    let emu = standard().await;
    let output = attio(&emu.base_url(), Some(emu.token()), &["objects"]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let rows: Vec<Vec<String>> = stdout(&output)
        .lines()
        .map(|l| l.split_whitespace().map(str::to_owned).collect())
        .collect();
    assert_eq!(rows[0], ["SLUG", "SINGULAR", "PLURAL"]);
    assert!(
        rows.contains(&vec!["users".into(), "User".into(), "Users".into()]),
        "{rows:?}"
    );
    assert!(
        rows.contains(&vec!["people".into(), "Person".into(), "People".into()]),
        "{rows:?}"
    );
    assert_eq!(
        rows.len(),
        5,
        "a header and the four standard objects: {rows:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn attributes_as_json_have_the_documented_fields() {
    let emu = standard().await;
    let args = ["attributes", "users", "--format", "json"];
    let output = attio(&emu.base_url(), Some(emu.token()), &args).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let rows: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(&stdout(&output)).expect("a JSON array of objects");
    let keys = [
        "api_slug",
        "title",
        "type",
        "is_required",
        "is_unique",
        "is_multiselect",
        "is_writable",
        "is_archived",
        "is_system_attribute",
        "options",
    ];
    for row in &rows {
        let mut got: Vec<&str> = row.keys().map(String::as_str).collect();
        got.sort_unstable();
        let mut want = keys.to_vec();
        want.sort_unstable();
        assert_eq!(got, want);
    }
    let email = rows
        .iter()
        .find(|r| r["api_slug"] == "primary_email_address")
        .expect("primary_email_address");
    assert_eq!(email["type"], "email-address");
    assert_eq!(email["is_required"], true);
    assert_eq!(email["is_unique"], true);
    assert_eq!(email["is_writable"], true);
    let record_id = rows
        .iter()
        .find(|r| r["api_slug"] == "record_id")
        .expect("record_id");
    assert_eq!(record_id["is_writable"], false);
    assert_eq!(record_id["is_system_attribute"], true);

    let table = attio(&emu.base_url(), Some(emu.token()), &["attributes", "users"]).await;
    let line = stdout(&table)
        .lines()
        .find(|l| l.starts_with("primary_email_address "))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .expect("a row");
    assert_eq!(
        line,
        "primary_email_address email-address required,unique Primary email address"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_object_exits_3() {
    let emu = standard().await;
    for args in [
        &["generate", "--object", "nope"][..],
        &["attributes", "nope"],
    ] {
        let output = attio(&emu.base_url(), Some(emu.token()), args).await;
        assert_eq!(
            failure(&output, 3),
            "error: the workspace has no object `nope`; `attio objects` lists them"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_or_missing_token_exits_4_and_the_token_is_never_printed() {
    let emu = standard().await;
    let token = "wrong-token-0123456789";
    let output = attio(
        &emu.base_url(),
        Some(token),
        &["generate", "--object", "users"],
    )
    .await;
    let line = failure(&output, 4);
    assert!(
        line.starts_with("error: the token was refused (HTTP 401)"),
        "{line}"
    );
    assert!(
        !line.contains(token) && !line.contains(emu.token()),
        "{line}"
    );

    let flag = attio(&emu.base_url(), None, &["objects", "--token", token]).await;
    assert!(!failure(&flag, 4).contains(token));

    let missing = attio(&emu.base_url(), None, &["objects"]).await;
    assert_eq!(
        failure(&missing, 4),
        "error: no API token: set ATTIO_API_KEY or pass --token"
    );

    let help = attio(&emu.base_url(), Some(token), &["--help"]).await;
    assert!(help.status.success());
    assert!(!stdout(&help).contains(token), "clap hides the env value");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreachable_server_exits_5() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let output = attio(&url, Some("any-token"), &["objects"]).await;
    let line = failure(&output, 5);
    assert!(
        line.starts_with(&format!("error: cannot reach {url}: ")),
        "{line}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_object_without_a_matching_attribute_exits_6_and_says_why() {
    use attio_emulator::{AttributeSpec, AttributeType, EmulatorConfig, ObjectSpec};
    let notes =
        ObjectSpec::new("notes_log").attribute(AttributeSpec::new("body", AttributeType::Text));
    let emu = attio_emulator::Emulator::start(EmulatorConfig::for_tests().with_object(notes))
        .await
        .expect("the emulator starts");
    let args = ["generate", "--object", "notes_log"];
    let output = attio(&emu.base_url(), Some(emu.token()), &args).await;
    assert_eq!(
        failure(&output, 6),
        "error: object `notes_log` has no writable unique attribute, and \
         #[derive(AttioRecord)] needs one to assert on; add one in Attio (e.g. a unique text \
         attribute `external_id`) and generate again"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_readme_shows_the_real_output() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("the README");
    let read =
        |name: &str| std::fs::read_to_string(common::snapshot_path(name)).expect("a snapshot");
    let things = read("things.rs");
    let plan = things
        .split("/// The options of `tags`")
        .next()
        .and_then(|head| head.split_once("/// The options of `plan`"))
        .map(|(_, plan)| format!("/// The options of `plan`{}", plan.trim_end()))
        .expect("the plan enum");
    let emu = standard().await;
    let mut shown = vec![read("users.rs"), plan];
    for command in [&["objects"][..], &["attributes", "users"]] {
        let output = attio(&emu.base_url(), Some(emu.token()), command).await;
        shown.push(format!(
            "$ attio {}\n{}",
            command.join(" "),
            stdout(&output)
        ));
    }
    for text in shown {
        assert!(
            readme.contains(&text),
            "README's \"Generating structs\" must show this as it is; paste it again:\n{text}"
        );
    }
}
