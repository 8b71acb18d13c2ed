use serde_json::{Map, Value, json};

use super::{CacheError, CacheKey, SyncCache, ValuesHash};

fn values(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

fn key(user_id: &str) -> CacheKey {
    CacheKey::new("users", "user_id", &json!(user_id))
}

#[test]
fn hash_is_stable_across_runs_and_versions() {
    // Pinned: a change here invalidates every saved cache, so it must be deliberate.
    let hash = ValuesHash::of(&values(
        json!({"user_id": "u1", "primary_email_address": "a@b.co"}),
    ));
    assert_eq!(hash.to_hex(), "84bc733783a25858c7fe850637571d16");
}

#[test]
fn hash_ignores_key_order_but_not_values() {
    let a = ValuesHash::of(&values(json!({"a": 1, "b": [{"x": 1, "y": 2}]})));
    let mut reordered = Map::new();
    reordered.insert("b".into(), json!([{"y": 2, "x": 1}]));
    reordered.insert("a".into(), json!(1));
    assert_eq!(a, ValuesHash::of(&reordered));
    assert_ne!(
        a,
        ValuesHash::of(&values(json!({"a": 2, "b": [{"x": 1, "y": 2}]})))
    );
    assert_ne!(a, ValuesHash::of(&values(json!({"a": 1}))));
}

#[test]
fn hex_round_trips_and_rejects_garbage() {
    let hash = ValuesHash::of(&Map::new());
    assert_eq!(ValuesHash::from_hex(&hash.to_hex()), Some(hash));
    for bad in [
        "",
        "xyz",
        "+0000000000000000000000000000000",
        &"0".repeat(33),
    ] {
        assert_eq!(ValuesHash::from_hex(bad), None, "{bad}");
    }
}

#[test]
fn entries_are_keyed_by_object_attribute_and_value() {
    let cache = SyncCache::new();
    let hash = ValuesHash::of(&Map::new());
    cache.insert(key("u1"), hash);
    assert!(cache.is_unchanged(&key("u1"), hash));
    assert!(!cache.is_unchanged(&key("u2"), hash));
    assert!(!cache.is_unchanged(&CacheKey::new("people", "user_id", &json!("u1")), hash));
    assert!(!cache.is_unchanged(&CacheKey::new("users", "email", &json!("u1")), hash));
    assert_eq!(cache.remove(&key("u1")), Some(hash));
    assert!(cache.is_empty());
}

#[test]
fn save_then_load_gives_the_same_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.json");
    let cache = SyncCache::new();
    for i in 0..50 {
        let email = json!([{"email_address": format!("u{i}@example.com")}]);
        cache.insert(
            CacheKey::new("users", "primary_email_address", &email),
            ValuesHash::of(&values(json!({"n": i}))),
        );
    }
    cache.save(&path).unwrap();
    let loaded = SyncCache::load(&path).unwrap();
    assert_eq!(loaded.snapshot(), cache.snapshot());
    // Saving again over the old file works, and leaves no temporary file behind.
    loaded.clear();
    loaded.save(&path).unwrap();
    assert!(SyncCache::load(&path).unwrap().is_empty());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_missing_file_is_an_empty_cache() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        SyncCache::load(dir.path().join("nope.json"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn files_that_are_not_a_cache_are_format_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.json");
    for text in [
        "not json",
        r#"{"format":"something-else","version":1,"entries":[]}"#,
        r#"{"format":"attio-sync-cache","version":2,"entries":[]}"#,
        r#"{"format":"attio-sync-cache","version":1,"entries":[{"object":"users","attribute":"a","value":"v","hash":"zz"}]}"#,
    ] {
        std::fs::write(&path, text).unwrap();
        assert!(
            matches!(SyncCache::load(&path), Err(CacheError::Format { .. })),
            "{text}"
        );
    }
}

#[test]
fn saving_into_a_missing_directory_is_an_io_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("cache.json");
    let err = SyncCache::new().save(&path).unwrap_err();
    assert!(matches!(err, CacheError::Io { .. }));
    assert!(err.to_string().contains("cache.json"), "{err}");
}
