//! The quickstart example's steps against the emulator: the exact requests it sends, and
//! the user it reads back.

#[allow(dead_code)] // the example's `main` is not called here
#[path = "../../../examples/quickstart.rs"]
mod example;

use attio_core::Client;
use attio_emulator::{Emulator, EmulatorConfig};

#[tokio::test]
async fn quickstart_asserts_updates_and_reads_back_with_the_documented_requests() {
    let emu = Emulator::start(EmulatorConfig::for_tests())
        .await
        .expect("the emulator starts");
    let client = Client::builder()
        .base_url(emu.base_url())
        .token(emu.token())
        .build()
        .expect("a client");
    let back = example::run(&client).await.expect("the quickstart runs");
    assert_eq!(back.id, "quickstart-1");
    assert_eq!(back.email.as_str(), "ada.lovelace@example.com");
    assert_eq!(back.password_hash, "", "skipped fields are not stored");

    let users = emu.records("users");
    assert_eq!(users.len(), 1, "both asserts and the update hit one record");
    let record_id = users[0]["id"]["record_id"].as_str().expect("a record id");
    let requests: Vec<(String, String, Option<String>, Option<u16>)> = emu
        .journal()
        .into_iter()
        .map(|e| (e.method, e.path, e.query, e.status))
        .collect();
    let users_path = "/v2/objects/users/records".to_owned();
    let by_id = format!("{users_path}/{record_id}");
    let expected = [
        (
            "PUT",
            "/v2/objects/people/records".to_owned(),
            Some("matching_attribute=email_addresses"),
        ),
        (
            "PUT",
            "/v2/objects/workspaces/records".to_owned(),
            Some("matching_attribute=workspace_id"),
        ),
        (
            "PUT",
            users_path.clone(),
            Some("matching_attribute=user_id"),
        ),
        (
            "PUT",
            users_path,
            Some("matching_attribute=primary_email_address"),
        ),
        ("PATCH", by_id.clone(), None),
        ("GET", by_id, None),
    ];
    assert_eq!(requests.len(), expected.len(), "{requests:#?}");
    for (got, want) in requests.iter().zip(&expected) {
        assert_eq!(got.0, want.0, "{requests:#?}");
        assert_eq!(got.1, want.1, "{requests:#?}");
        assert_eq!(got.2.as_deref(), want.2, "{requests:#?}");
        assert_eq!(got.3, Some(200), "{requests:#?}");
    }
}
