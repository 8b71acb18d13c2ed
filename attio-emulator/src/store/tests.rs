//! The store's guard against overwriting a record with a new one.

use serde_json::json;

use super::Store;

fn user(id: &str) -> serde_json::Value {
    json!({"data": {"values": {"user_id": id, "primary_email_address": format!("{id}@example.com")}}})
}

#[test]
fn a_new_record_under_a_stored_id_is_an_internal_error_not_an_overwrite() {
    let mut store = Store::new(&[], 7);
    let before = store.rng.get_seed();
    let first = store.create("users", &user("first")).expect("created");
    // Rewind the generator, as restoring it from a stale seed used to: the next id repeats.
    store.rng = fastrand::Rng::with_seed(before);
    let err = store
        .create("users", &user("second"))
        .expect_err("a repeated id is refused");
    assert_eq!(err.status.as_u16(), 500, "{err}");
    assert_eq!(err.code, "internal_server_error");
    assert!(err.message.contains("Refusing to overwrite"), "{err}");
    let records = store.records_json("users").expect("users");
    assert_eq!(records, [first], "the stored record is untouched");
    assert_eq!(store.writes_applied(), 1);
}
