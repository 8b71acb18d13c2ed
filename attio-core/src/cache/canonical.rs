//! Canonical JSON: one spelling per value, so equal values hash equally.

use serde_json::{Map, Value};

/// Writes `value` as compact JSON with every object's keys in byte order, whatever order
/// the map kept them in (serde_json keeps insertion order when its `preserve_order`
/// feature is on anywhere in the build).
pub(crate) fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write(value, &mut out);
    out
}

/// [`canonical_json`] of an object, without having to own it as a [`Value`].
pub(crate) fn canonical_map(map: &Map<String, Value>) -> String {
    let mut out = String::new();
    write_map(map, &mut out);
    out
}

fn write(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => write_map(map, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

fn write_map(map: &Map<String, Value>, out: &mut String) {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    out.push('{');
    for (i, (key, value)) in entries.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        // serde_json's own (deterministic) string escaping.
        out.push_str(&Value::from(key.as_str()).to_string());
        out.push(':');
        write(value, out);
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{canonical_json, canonical_map};

    #[test]
    fn keys_are_sorted_at_every_depth_and_arrays_keep_their_order() {
        let a = json!({"b": 1, "a": [{"y": true, "x": null}, "é\"q"], "c": {"z": 1.5, "m": -2}});
        assert_eq!(
            canonical_json(&a),
            r#"{"a":[{"x":null,"y":true},"é\"q"],"b":1,"c":{"m":-2,"z":1.5}}"#
        );
        let mut map = serde_json::Map::new();
        map.insert("c".into(), json!({"m": -2, "z": 1.5}));
        map.insert("b".into(), json!(1));
        map.insert("a".into(), json!([{"x": null, "y": true}, "é\"q"]));
        assert_eq!(canonical_json(&a), canonical_map(&map));
    }

    #[test]
    fn different_values_spell_differently() {
        assert_ne!(
            canonical_json(&json!([1, 2])),
            canonical_json(&json!([2, 1]))
        );
        assert_ne!(canonical_json(&json!("1")), canonical_json(&json!(1)));
        assert_ne!(
            canonical_json(&json!({"a": "b,c"})),
            canonical_json(&json!({"a,b": "c"}))
        );
    }
}
