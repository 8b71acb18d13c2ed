//! The type-specific read fields of one stored value (`email_address`, `target_record_id`
//! …): a vector kept sorted by key, whose keys are shared `'static` names when the emulator
//! knows them. A `serde_json::Map` (a `BTreeMap`) costs a node sized for eleven entries and
//! a fresh string per key for every value stored; this holds exactly the entries there are.

use std::borrow::Cow;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// Every field name the emulator writes, so stored values share them instead of owning a
/// copy each (a name not listed, e.g. from a hand-edited file, is kept as its own string).
const KNOWN: &[&str] = &[
    "country_code",
    "currency_code",
    "currency_value",
    "domain",
    "email_address",
    "email_domain",
    "email_local_specifier",
    "email_root_domain",
    "first_name",
    "full_name",
    "last_name",
    "latitude",
    "line_1",
    "line_2",
    "line_3",
    "line_4",
    "locality",
    "longitude",
    "option",
    "original_email_address",
    "original_phone_number",
    "phone_number",
    "postcode",
    "referenced_actor_id",
    "referenced_actor_type",
    "region",
    "root_domain",
    "status",
    "target_object",
    "target_record_id",
    "value",
];

fn key_of(name: &str) -> Cow<'static, str> {
    match KNOWN.binary_search(&name) {
        Ok(at) => Cow::Borrowed(KNOWN[at]),
        Err(_) => Cow::Owned(name.to_owned()),
    }
}

/// Field name → value, in name order (the order a `serde_json::Map` iterates and saves in).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Fields(Vec<(Cow<'static, str>, Value)>);

impl Fields {
    fn position(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_ref().cmp(name))
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.position(name).ok().map(|at| &self.0[at].1)
    }

    /// Sets a field, replacing any of that name.
    pub fn insert(&mut self, name: &str, value: Value) {
        match self.position(name) {
            Ok(at) => self.0[at].1 = value,
            Err(at) => self.0.insert(at, (key_of(name), value)),
        }
    }

    /// The fields in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// The fields as a JSON object.
    pub fn to_map(&self) -> Map<String, Value> {
        self.iter()
            .map(|(k, v)| (k.to_owned(), v.clone()))
            .collect()
    }
}

impl From<Map<String, Value>> for Fields {
    fn from(map: Map<String, Value>) -> Self {
        // The map iterates in key order already.
        let mut entries = Vec::with_capacity(map.len());
        entries.extend(map.into_iter().map(|(k, v)| (key_of(&k), v)));
        Self(entries)
    }
}

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldsVisitor;
        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = Fields;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map of field names to values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Fields, A::Error> {
                let mut fields = Fields::default();
                // A repeated name keeps its last value, as a `serde_json::Map` does.
                while let Some((name, value)) = access.next_entry::<Cow<'_, str>, Value>()? {
                    fields.insert(&name, value);
                }
                Ok(fields)
            }
        }
        deserializer.deserialize_map(FieldsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn known_names_are_sorted_for_the_search() {
        assert!(KNOWN.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn reads_and_saves_like_the_map_it_replaces() {
        let map = match json!({"zeta": 1, "email_address": "a@b.co", "value": null}) {
            Value::Object(map) => map,
            _ => unreachable!(),
        };
        let fields = Fields::from(map.clone());
        assert!(matches!(fields.0[0].0, Cow::Borrowed(_)));
        assert!(matches!(fields.0[2].0, Cow::Owned(_)));
        assert_eq!(fields.to_map(), map);
        let text = serde_json::to_string(&fields).expect("serialise");
        assert_eq!(text, serde_json::to_string(&map).expect("map"));
        let back: Fields = serde_json::from_str(&text).expect("deserialise");
        assert_eq!(back, fields);
        let mut edited = back;
        edited.insert("target_object", json!("people"));
        edited.insert("zeta", json!(2));
        assert_eq!(edited.get("zeta"), Some(&json!(2)));
        let names: Vec<&str> = edited.iter().map(|(k, _)| k).collect();
        assert_eq!(names, ["email_address", "target_object", "value", "zeta"]);
    }
}
