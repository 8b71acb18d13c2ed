//! The README's `User` end to end: derived struct → `Client` → real HTTP → emulator, and
//! back. Each test checks what the caller gets, what the emulator stored, and the requests
//! it received (method, path, query, body).

use attio_core::pacing::PacingConfig;
use attio_core::value::MatchValue;
use attio_core::{AttioRecord, Email, Error, ErrorCode, RecordRef, ValueError};
use attio_testkit::emulator::*;
use serde_json::json;

/// A record id no record has.
const MISSING_ID: &str = "0b7c5e4a-3f7d-4c1e-9a51-5d2c8e1f0a99";

/// A user of `world` with person 0 and workspace 0.
fn ada(world: &World) -> User {
    User {
        person: Some(world.person(0)),
        workspaces: vec![world.workspace(0)],
        ..user("u-1", "ada@example.com")
    }
}

fn expect_api_error(error: &Error, status: u16, code: ErrorCode) {
    let api = error
        .api()
        .unwrap_or_else(|| panic!("expected an Attio error {code}, got {error:?}"));
    assert_eq!((api.status, &api.code), (status, &code), "{error:?}");
    assert!(!api.message.is_empty(), "Attio's message is kept: {api:?}");
}

#[tokio::test]
async fn assert_creates_and_a_changed_email_updates_the_same_record() {
    let emu = emulator().await;
    let client = client(&emu);
    let world = World::create(&client).await;
    let mut ada = ada(&world);
    emu.reset_stats();

    let created = ada.assert(&client).await.expect("assert creates");
    let request = only_request(&emu);
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("PUT", "/v2/objects/users/records")
    );
    assert_eq!(request.query.as_deref(), Some("matching_attribute=user_id"));
    assert_eq!(request.status, Some(200));
    assert_eq!(
        body(&request),
        json!({"data": {"values": {
            "user_id": "u-1",
            "primary_email_address": "ada@example.com",
            "person": {"target_object": "people", "target_record_id": world.people[0]},
            "workspace": [{"target_object": "workspaces", "target_record_id": world.workspaces[0]}],
        }}}),
        "the skipped field is not sent"
    );
    assert_eq!(emu.records("users").len(), 1);
    let record = stored(&emu, "users", created.id());
    assert_eq!(stored_targets(&record, "person"), [world.people[0].clone()]);
    assert_eq!(
        stored_targets(&record, "workspace"),
        [world.workspaces[0].clone()]
    );
    assert_eq!(
        created.field::<Email>("primary_email_address").unwrap(),
        email("ada@example.com")
    );

    ada.email = email("ada@lovelace.dev");
    emu.reset_stats();
    let updated = ada.assert(&client).await.expect("assert updates");
    assert_eq!(updated.id(), created.id(), "the same record");
    assert_eq!(emu.records("users").len(), 1, "no second record");
    assert_eq!(
        updated.field::<Email>("primary_email_address").unwrap(),
        email("ada@lovelace.dev")
    );
    let request = only_request(&emu);
    assert_eq!(request.query.as_deref(), Some("matching_attribute=user_id"));
    assert_eq!(
        body(&request)["data"]["values"]["primary_email_address"],
        "ada@lovelace.dev"
    );
}

#[tokio::test]
async fn assert_on_email_matches_the_record_by_its_email() {
    let emu = emulator().await;
    let client = client(&emu);
    let created = user("u-1", "ada@example.com")
        .assert(&client)
        .await
        .expect("assert");

    // Same email, new user id: matching on the email finds the record and renames it.
    let renamed = user("u-1-renamed", "ada@example.com");
    emu.reset_stats();
    let record = renamed
        .assert_on(&client, User::EMAIL)
        .await
        .expect("assert on email");
    assert_eq!(record.id(), created.id());
    assert_eq!(record.field::<String>("user_id").unwrap(), "u-1-renamed");
    assert_eq!(emu.records("users").len(), 1);
    let request = only_request(&emu);
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("PUT", "/v2/objects/users/records")
    );
    assert_eq!(
        request.query.as_deref(),
        Some("matching_attribute=primary_email_address")
    );
    assert_eq!(User::EMAIL.slug(), "primary_email_address");
    assert_eq!(User::MATCHING_ATTRIBUTE.slug(), "user_id");
}

#[tokio::test]
async fn update_adds_a_workspace_and_overwrite_replaces_them() {
    let emu = emulator().await;
    let client = client(&emu);
    let world = World::create(&client).await;
    let ada = ada(&world);
    let id = asserted_id(&client, &ada).await;

    let with_second = User {
        workspaces: vec![world.workspace(1)],
        ..ada.clone()
    };
    emu.reset_stats();
    let patched = with_second.update(&client, &id).await.expect("update");
    let request = only_request(&emu);
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("PATCH", format!("/v2/objects/users/records/{id}").as_str())
    );
    assert_eq!(request.query, None);
    assert_eq!(
        body(&request)["data"]["values"]["workspace"],
        json!([{"target_object": "workspaces", "target_record_id": world.workspaces[1]}])
    );
    let mut targets: Vec<String> = patched
        .field::<Vec<RecordRef>>("workspace")
        .unwrap()
        .iter()
        .map(|r| r.record_id().expect("by id").to_owned())
        .collect();
    targets.sort();
    let mut expected = vec![world.workspaces[0].clone(), world.workspaces[1].clone()];
    expected.sort();
    assert_eq!(targets, expected, "PATCH adds to the multi-value attribute");

    let only_third = User {
        workspaces: vec![world.workspace(2)],
        ..ada.clone()
    };
    emu.reset_stats();
    only_third.overwrite(&client, &id).await.expect("overwrite");
    let request = only_request(&emu);
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("PUT", format!("/v2/objects/users/records/{id}").as_str())
    );
    assert_eq!(request.query, None);
    let back = User::get(&client, &id).await.expect("get");
    assert_eq!(
        back.workspaces,
        [world.workspace(2)],
        "PUT replaces the list"
    );
    assert_eq!(
        stored_targets(&stored(&emu, "users", &id), "workspace"),
        [world.workspaces[2].clone()]
    );
    // The inverse side (`workspaces.users`) follows every change.
    for (i, workspace) in world.workspaces.iter().enumerate() {
        let users = stored_targets(&stored(&emu, "workspaces", workspace), "users");
        let expected: &[&str] = if i == 2 { &[&id] } else { &[] };
        assert_eq!(users, expected, "workspace {i}");
    }
}

#[tokio::test]
async fn get_decodes_what_was_written_with_the_skipped_field_defaulted() {
    let emu = emulator().await;
    let client = client(&emu);
    let world = World::create(&client).await;
    let written = User {
        workspaces: vec![world.workspace(0), world.workspace(2)],
        ..ada(&world)
    };
    let id = asserted_id(&client, &written).await;
    emu.reset_stats();

    let back = User::get(&client, &id).await.expect("get");
    let request = only_request(&emu);
    assert_eq!(
        (
            request.method.as_str(),
            request.path.as_str(),
            &request.query
        ),
        (
            "GET",
            format!("/v2/objects/users/records/{id}").as_str(),
            &None
        )
    );
    assert_eq!(request.body, "", "a GET has no body");
    assert_eq!(
        back,
        User {
            password_hash: String::new(),
            ..written
        }
    );
}

#[tokio::test]
async fn references_by_matching_attribute_are_stored_by_id_and_read_back_by_id() {
    let emu = emulator().await;
    let client = client(&emu);
    let world = World::create(&client).await;
    let by_match = User {
        person: Some(RecordRef::matching(
            "people",
            "email_addresses",
            email("grace@example.com"),
        )),
        workspaces: vec![RecordRef::matching(
            "workspaces",
            "workspace_id",
            MatchValue::text("ws-3"),
        )],
        ..user("u-7", "grace@example.com")
    };
    emu.reset_stats();
    let id = asserted_id(&client, &by_match).await;
    assert_eq!(
        body(&only_request(&emu))["data"]["values"],
        json!({
            "user_id": "u-7",
            "primary_email_address": "grace@example.com",
            "person": {"target_object": "people", "email_addresses": [{"email_address": "grace@example.com"}]},
            "workspace": [{"target_object": "workspaces", "workspace_id": [{"value": "ws-3"}]}],
        })
    );
    let back = User::get(&client, &id).await.expect("get");
    assert_eq!(back.person, Some(world.person(1)));
    assert_eq!(back.workspaces, [world.workspace(2)]);
    // The relationship's other side follows.
    let grace = stored(&emu, "people", &world.people[1]);
    assert_eq!(stored_targets(&grace, "associated_users"), [id]);
}

#[tokio::test]
async fn none_leaves_the_person_untouched_and_clear_on_none_clears_it() {
    let emu = emulator().await;
    let client = client(&emu);
    let world = World::create(&client).await;
    let with_person = ada(&world);
    let id = asserted_id(&client, &with_person).await;
    let without = User {
        person: None,
        ..with_person.clone()
    };

    emu.reset_stats();
    without.assert(&client).await.expect("assert with None");
    without
        .update(&client, &id)
        .await
        .expect("update with None");
    for request in emu.journal() {
        let values = &body(&request)["data"]["values"];
        assert!(values.get("person").is_none(), "None is not sent: {values}");
    }
    assert_eq!(
        User::get(&client, &id).await.expect("get").person,
        Some(world.person(0)),
        "None left the stored person"
    );

    let clearing = ClearingUser {
        id: with_person.id.clone(),
        email: with_person.email.clone(),
        person: None,
    };
    emu.reset_stats();
    clearing.assert(&client).await.expect("assert clearing");
    assert_eq!(
        body(&only_request(&emu))["data"]["values"]["person"],
        json!([])
    );
    assert_eq!(User::get(&client, &id).await.expect("get").person, None);
    let ada_person = stored(&emu, "people", &world.people[0]);
    assert!(
        stored_targets(&ada_person, "associated_users").is_empty(),
        "the inverse was cleared too"
    );

    // The same through PATCH: set a person, then clear it by id.
    let with_grace = User {
        person: Some(world.person(1)),
        ..with_person
    };
    with_grace.update(&client, &id).await.expect("update");
    assert_eq!(
        User::get(&client, &id).await.expect("get").person,
        Some(world.person(1))
    );
    let grace = stored(&emu, "people", &world.people[1]);
    assert_eq!(stored_targets(&grace, "associated_users"), [id.as_str()]);
    emu.reset_stats();
    clearing
        .update(&client, &id)
        .await
        .expect("update clearing");
    let request = only_request(&emu);
    assert_eq!(request.method, "PATCH");
    assert_eq!(body(&request)["data"]["values"]["person"], json!([]));
    assert_eq!(User::get(&client, &id).await.expect("get").person, None);
}

#[tokio::test]
async fn a_reference_to_a_missing_person_is_value_not_found() {
    let emu = emulator().await;
    let client = client(&emu);
    for person in [
        RecordRef::new("people", MISSING_ID),
        RecordRef::matching("people", "email_addresses", email("nobody@example.com")),
    ] {
        let dangling = User {
            person: Some(person),
            ..user("u-1", "ada@example.com")
        };
        emu.reset_stats();
        let error = dangling.assert(&client).await.unwrap_err();
        expect_api_error(&error, 400, ErrorCode::ValueNotFound);
        assert!(error.is_validation(), "{error:?}");
        assert_eq!(only_request(&emu).status, Some(400));
    }
    assert!(emu.records("users").is_empty(), "nothing was created");
}

#[tokio::test]
async fn a_taken_email_is_a_uniqueness_conflict() {
    let emu = emulator().await;
    let client = client(&emu);
    user("u-1", "ada@example.com")
        .assert(&client)
        .await
        .expect("first user");

    let error = user("u-2", "ada@example.com")
        .assert(&client)
        .await
        .unwrap_err();
    expect_api_error(&error, 400, ErrorCode::UniquenessConflict);
    assert!(error.is_uniqueness_conflict());
    assert_eq!(emu.records("users").len(), 1);

    // Through PATCH as well: the second user takes the first one's email.
    let grace = user("u-2", "grace@example.com")
        .assert(&client)
        .await
        .expect("second user");
    let error = user("u-2", "ada@example.com")
        .update(&client, grace.id())
        .await
        .unwrap_err();
    expect_api_error(&error, 400, ErrorCode::UniquenessConflict);
    let back = User::get(&client, grace.id()).await.expect("get");
    assert_eq!(back.email, email("grace@example.com"), "nothing changed");
}

#[tokio::test]
async fn invalid_input_is_rejected_before_any_request() {
    let emu = emulator().await;
    let client = client(&emu);
    let ada = user("u-1", "ada@example.com");
    // The last one is a UUID with a stray character: 9 hex digits first, like the
    // workspace id in Attio's documented example.
    for bad_id in [
        "not-a-uuid",
        "123",
        "../../self",
        "",
        "72ef5feaf-4919-4208-b332-1339ab8ba040",
    ] {
        let results = [
            User::get(&client, bad_id).await.map(drop),
            ada.update(&client, bad_id).await.map(drop),
            ada.overwrite(&client, bad_id).await.map(drop),
        ];
        for result in results {
            match result {
                Err(Error::InvalidRecordId { record_id }) if record_id == bad_id => {}
                other => panic!("{bad_id}: expected InvalidRecordId, got {other:?}"),
            }
        }
    }
    let empty_id = user("  ", "ada@example.com").assert(&client).await;
    match empty_id {
        Err(Error::InvalidValue { attribute, reason }) => {
            assert_eq!(attribute, "user_id");
            assert_eq!(reason, ValueError::EmptyUnique);
        }
        other => panic!("expected an empty unique value error, got {other:?}"),
    }
    let huge_id = "x".repeat(attio_core::value::MAX_TEXT_BYTES + 1);
    match user(&huge_id, "ada@example.com").assert(&client).await {
        Err(Error::InvalidValue { attribute, reason }) => {
            assert_eq!(attribute, "user_id");
            assert!(
                matches!(reason, ValueError::TextTooLong { .. }),
                "{reason:?}"
            );
        }
        other => panic!("expected a text-too-long error, got {other:?}"),
    }
    let sent = emu.journal();
    assert!(sent.is_empty(), "nothing was sent: {sent:#?}");
}

#[tokio::test]
async fn a_wrong_token_is_unauthorized_and_never_shown() {
    let emu = emulator().await;
    let wrong = "tok_e2e_wrong_7d1c";
    let client = client_with(&emu, wrong, PacingConfig::off());
    let error = user("u-1", "ada@example.com")
        .assert(&client)
        .await
        .unwrap_err();
    expect_api_error(&error, 401, ErrorCode::Unauthorized);
    assert!(error.is_unauthorized());
    let shown = format!("{error} {error:?} {client:?}");
    assert!(!shown.contains(wrong), "the token leaked: {shown}");
    assert_eq!(only_request(&emu).status, Some(401));
    assert!(emu.records("users").is_empty());
}

/// A struct for an object the workspace does not have.
#[derive(Debug, AttioRecord)]
#[attio(object = "spaceships")]
struct Spaceship {
    #[attio(unique)]
    registry: String,
}

#[tokio::test]
async fn an_unknown_object_is_not_found() {
    let emu = emulator().await;
    let client = client(&emu);
    let ship = Spaceship {
        registry: "NCC-1701".into(),
    };
    let error = ship.assert(&client).await.unwrap_err();
    expect_api_error(&error, 404, ErrorCode::NotFound);
    assert!(error.is_not_found());
    let error = Spaceship::get(&client, MISSING_ID).await.unwrap_err();
    expect_api_error(&error, 404, ErrorCode::NotFound);

    let journal = emu.journal();
    assert_eq!(journal.len(), 2, "{journal:#?}");
    assert_eq!(journal[0].path, "/v2/objects/spaceships/records");
    assert_eq!(
        journal[0].query.as_deref(),
        Some("matching_attribute=registry")
    );
    assert_eq!(
        journal[1].path,
        format!("/v2/objects/spaceships/records/{MISSING_ID}")
    );
    // An unknown record of a known object is not_found too, for every operation by id.
    let ada = user("u-1", "ada@example.com");
    for error in [
        User::get(&client, MISSING_ID).await.map(drop),
        ada.update(&client, MISSING_ID).await.map(drop),
        ada.overwrite(&client, MISSING_ID).await.map(drop),
    ] {
        expect_api_error(&error.unwrap_err(), 404, ErrorCode::NotFound);
    }
    assert!(emu.records("users").is_empty(), "nothing was created");
}

#[tokio::test]
async fn concurrent_asserts_of_one_new_user_create_one_record() {
    let emu = emulator().await;
    let client = client(&emu);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..12 {
        let client = client.clone();
        tasks.spawn(async move {
            user("u-1", "ada@example.com")
                .assert(&client)
                .await
                .map(|r| r.id().to_owned())
        });
    }
    let ids: Vec<String> = tasks
        .join_all()
        .await
        .into_iter()
        .map(|id| id.expect("every assert succeeds"))
        .collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "one record id: {ids:?}");
    assert_eq!(emu.records("users").len(), 1);
    assert_eq!(
        emu.stats()
            .count_status("PUT", "/v2/objects/{object}/records", 200),
        12
    );
}

#[tokio::test]
async fn a_mixed_case_email_reads_back_equal_to_what_was_written() {
    let emu = emulator().await;
    let client = client(&emu);
    let written = user("u-1", "Ada.Lovelace@Example.COM");
    let id = asserted_id(&client, &written).await;
    let back = User::get(&client, &id).await.expect("get");
    assert_eq!(
        back,
        User {
            password_hash: String::new(),
            ..written
        }
    );
}

/// Addresses with their verdict under `Email`'s documented rules: the normal form the
/// library keeps and sends, or `None` for rejected.
const EMAIL_VERDICTS: &[(&str, Option<&str>)] = &[
    ("user+tag@example.com", Some("user+tag@example.com")),
    ("o'brien@example.com", Some("o'brien@example.com")),
    ("a.b@sub.example.co.uk", Some("a.b@sub.example.co.uk")),
    (
        "a!#$%&*/=?^`{|}~@example.com",
        Some("a!#$%&*/=?^`{|}~@example.com"),
    ),
    ("Ada@Example.COM", Some("Ada@example.com")),
    ("a@münchen.de", Some("a@xn--mnchen-3ya.de")),
    ("üser@example.com", None),
    ("\"quoted local\"@example.com", None),
    ("a@ex_ample.com", None),
    ("a..b@example.com", None),
    (".a@example.com", None),
    ("a@-example.com", None),
    ("a@example", None),
    ("a@1.2.3.4", None),
    // Stricter than the emulator, which trims and accepts it: see the next test.
    (" a@example.com", None),
];

#[tokio::test]
async fn every_email_the_library_accepts_the_emulator_accepts_and_reads_back_equal() {
    let emu = emulator().await;
    let client = client(&emu);
    for (i, (address, verdict)) in EMAIL_VERDICTS.iter().enumerate() {
        let library = Email::new(*address).ok();
        assert_eq!(
            library.as_ref().map(Email::as_str),
            *verdict,
            "{address:?}: the documented rule set"
        );
        let Some(library) = library else { continue };
        let raw = json!({"user_id": format!("u-{i}"), "primary_email_address": library});
        let record = client
            .assert_record("users", "user_id", values(raw))
            .await
            .unwrap_or_else(|e| panic!("the emulator rejects {address:?}: {e}"));
        assert_eq!(
            record.field::<Email>("primary_email_address").unwrap(),
            library,
            "{address:?} reads back equal"
        );
    }
}

/// Addresses the rules reject and the emulator must reject too (it may accept
/// surrounding whitespace, which it trims).
const EMAILS_BOTH_REJECT: &[&str] = &[
    "üser@example.com",
    "\"quoted local\"@example.com",
    "a@ex_ample.com",
    "a..b@example.com",
    ".a@example.com",
    "a.@example.com",
    "a@-example.com",
    "a@example",
    "a@1.2.3.4",
    "a@[127.0.0.1]",
];

#[tokio::test]
async fn every_email_the_library_rejects_the_emulator_rejects() {
    let emu = emulator().await;
    let client = client(&emu);
    let mut disagreements = Vec::new();
    for (i, address) in EMAILS_BOTH_REJECT.iter().enumerate() {
        let library = Email::new(*address).is_ok();
        // Sent raw, bypassing the library's check, to ask the emulator.
        let raw = json!({"user_id": format!("u-{i}"), "primary_email_address": address});
        let emulator = client
            .assert_record("users", "user_id", values(raw))
            .await
            .is_ok();
        if library || emulator {
            disagreements.push((address, library, emulator));
        }
    }
    assert!(
        disagreements.is_empty(),
        "(address, library accepts, emulator accepts): {disagreements:?}"
    );
}

#[tokio::test]
async fn email_edge_cases_agree_with_the_emulator() {
    let emu = emulator().await;
    let client = client(&emu);
    let long = format!(
        "{}@{}.com",
        "a".repeat(64),
        vec!["b".repeat(63); 3].join(".")
    );
    let cases = [
        ("a@пример.рф", Some("a@xn--e1afmkfd.xn--p1ai")),
        ("a@example.c", None),
        ("a@xn--zz.com", None),
        (long.as_str(), None),
    ];
    let mut disagreements = Vec::new();
    for (i, (address, verdict)) in cases.into_iter().enumerate() {
        let library = Email::new(address).ok();
        assert_eq!(library.as_ref().map(Email::as_str), verdict, "{address:?}");
        let sent = verdict.unwrap_or(address);
        let raw = json!({"user_id": format!("u-{i}"), "primary_email_address": sent});
        let emulator = client
            .assert_record("users", "user_id", values(raw))
            .await
            .is_ok();
        if emulator != verdict.is_some() {
            disagreements.push((sent, emulator));
        }
    }
    assert!(
        disagreements.is_empty(),
        "(address sent, emulator accepts) against the library's verdict: {disagreements:?}"
    );
}

/// A person as Attio asserts people: on `email_addresses`, unique and multiselect.
#[derive(Debug, Clone, PartialEq, AttioRecord)]
#[attio(object = "people")]
struct Person {
    #[attio(unique)]
    email_addresses: Vec<Email>,
    job_title: Option<String>,
}

#[tokio::test]
async fn people_are_asserted_on_their_multiselect_email_addresses() {
    let emu = emulator().await;
    let client = client(&emu);
    let email = |e: &str| Email::new(e).expect("an email");
    let first = Person {
        email_addresses: vec![email("ada@example.com")],
        job_title: Some("Engineer".into()),
    };
    let created = first.assert(&client).await.expect("assert creates");
    let second = Person {
        email_addresses: vec![email("ada@example.com"), email("ada@work.example")],
        job_title: Some("Countess".into()),
    };
    let updated = second.assert(&client).await.expect("assert matches");
    assert_eq!(created.id(), updated.id(), "matched on an address it holds");
    let people = emu.records("people");
    assert_eq!(people.len(), 1, "one person: {people:?}");
    let read = Person::get(&client, created.id()).await.expect("read back");
    assert_eq!(read.job_title.as_deref(), Some("Countess"));
    let mut addresses: Vec<&str> = read.email_addresses.iter().map(Email::as_str).collect();
    addresses.sort_unstable();
    assert_eq!(addresses, ["ada@example.com", "ada@work.example"]);
}
