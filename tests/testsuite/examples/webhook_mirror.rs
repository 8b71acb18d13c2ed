//! The webhook_mirror example against the emulator: the mirror converges to the users
//! written, and the emulator's journal shows one delivered event per change.

#[allow(dead_code)] // the example's `main` is not called here
#[path = "../../../examples/webhook_mirror.rs"]
mod example;

use attio_emulator::DeliveryState;

#[tokio::test]
async fn the_mirror_converges_to_the_users_written() {
    let emu = attio_testkit::emulator::emulator().await;
    let client = attio_testkit::emulator::client(&emu);
    let mirror = example::run(&client).await.expect("the example runs");
    let ids: Vec<&str> = mirror.values().map(|user| user.id.as_str()).collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&"u-1") && ids.contains(&"u-2"), "{ids:?}");
    let ada = mirror.values().find(|u| u.id == "u-1").unwrap();
    assert_eq!(ada.email.as_str(), "ada.lovelace@example.com");

    let events: Vec<String> = emu
        .webhook_deliveries()
        .into_iter()
        .inspect(|d| assert_eq!(d.state, DeliveryState::Delivered, "{d:?}"))
        .map(|d| d.event_type)
        .collect();
    // Three creates, one email change, one delete.
    assert_eq!(
        events,
        [
            "record.created",
            "record.created",
            "record.created",
            "record.updated",
            "record.deleted"
        ]
    );
}
