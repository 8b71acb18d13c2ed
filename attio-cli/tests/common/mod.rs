//! Shared by the CLI's tests: an emulator with a custom object holding one attribute of
//! every type, a client for it, and the snapshot comparison.

#![allow(dead_code)] // each test binary uses a part

use std::path::PathBuf;

use attio_core::schema::AttributeUpdate;
use attio_emulator::{AttributeSpec, AttributeType as T, Emulator, EmulatorConfig, ObjectSpec};

/// `things`: one attribute of every type the emulator knows, select and status with
/// options, multiselect, required, unique, a keyword slug (`type`), `self`, a slug the
/// derive cannot take (`2fa_method`, leading digit) and option titles that collide, start
/// with a digit or are not ASCII.
pub fn things() -> ObjectSpec {
    let mut things = ObjectSpec::new("things")
        .attribute(AttributeSpec::new("type", T::Text).required().unique())
        .attribute(AttributeSpec::new("self", T::Text))
        .attribute(AttributeSpec::new("count", T::Number))
        .attribute(AttributeSpec::new("active", T::Checkbox).required())
        .attribute(AttributeSpec::new("price", T::Currency).currency("EUR"))
        .attribute(AttributeSpec::new("born_on", T::Date))
        .attribute(AttributeSpec::new("seen_at", T::Timestamp))
        .attribute(AttributeSpec::new("stars", T::Rating))
        .attribute(AttributeSpec::new("stage", T::Status).statuses(["Lead", "In progress", "Won"]))
        .attribute(AttributeSpec::new("plan", T::Select).options([
            "Free",
            "Pro",
            "Other",
            "2024 plan",
            "Ünïcode",
            "pro",
        ]))
        .attribute(
            AttributeSpec::new("tags", T::Select)
                .multiselect()
                .options(["red", "blue"]),
        )
        .attribute(AttributeSpec::new("owner", T::RecordReference).targets(["people"]))
        .attribute(AttributeSpec::new("assignee", T::ActorReference))
        .attribute(AttributeSpec::new("address", T::Location))
        .attribute(AttributeSpec::new("website", T::Domain))
        .attribute(AttributeSpec::new("email", T::EmailAddress).unique())
        .attribute(AttributeSpec::new("phone", T::PhoneNumber))
        .attribute(AttributeSpec::new("last_call", T::Interaction))
        .attribute(AttributeSpec::new("name", T::PersonalName))
        .attribute(AttributeSpec::new("aliases", T::Text).multiselect())
        .attribute(AttributeSpec::new("2fa_method", T::Text))
        .attribute(AttributeSpec::new("retired", T::Text));
    things.singular_noun = Some("Thing".to_owned());
    things.plural_noun = Some("Things".to_owned());
    things
}

/// An emulator with `things`, its `retired` attribute archived through the API.
pub async fn emulator() -> Emulator {
    let emu = Emulator::start(EmulatorConfig::for_tests().with_object(things()))
        .await
        .expect("the emulator starts");
    let update = AttributeUpdate {
        is_archived: Some(true),
        ..AttributeUpdate::default()
    };
    attio_testkit::emulator::client(&emu)
        .update_attribute("things", "retired", &update)
        .await
        .expect("archive `retired`");
    emu
}

/// The checked-in snapshot `tests/snapshots/<name>`.
pub fn snapshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name)
}

/// Fails unless `actual` equals the snapshot byte for byte. With `ATTIO_UPDATE_SNAPSHOTS=1`
/// it rewrites the snapshot instead (then review the diff and commit it). Hand-written
/// rather than insta: the snapshot must stay a plain `.rs` file that the round-trip test
/// compiles in, with no header of a snapshot tool.
pub fn assert_snapshot(name: &str, actual: &str) {
    let path = snapshot_path(name);
    if std::env::var_os("ATTIO_UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::write(&path, actual).expect("write the snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "the generated code differs from {} (first at line {}):\n--- expected\n{}\n--- actual\n{}\n\
             If the change is intended, refresh with `ATTIO_UPDATE_SNAPSHOTS=1 cargo test -p attio-cli --test process`, \
             review the diff and commit it.",
            path.display(),
            first + 1,
            expected.lines().nth(first).unwrap_or("<end of file>"),
            actual.lines().nth(first).unwrap_or("<end of file>"),
        );
    }
}
