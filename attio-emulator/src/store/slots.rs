//! The values of one record, by attribute slug: a vector kept sorted by slug. A record
//! holds a handful of attributes, and a `BTreeMap` node is sized for eleven (well over a
//! kilobyte per record for two slots); the sorted vector holds exactly the slots there
//! are and still lists them in slug order, which is how they are saved.

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Slot;

/// Slug → slot, in slug order. Saved as a JSON object, as the `BTreeMap` it replaces was.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Slots(Vec<(String, Slot)>);

impl Slots {
    fn position(&self, slug: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(s, _)| s.as_str().cmp(slug))
    }

    pub fn get(&self, slug: &str) -> Option<&Slot> {
        self.position(slug).ok().map(|at| &self.0[at].1)
    }

    pub fn get_mut(&mut self, slug: &str) -> Option<&mut Slot> {
        self.position(slug).ok().map(|at| &mut self.0[at].1)
    }

    /// The slot of `slug`, added empty when there is none.
    pub fn slot_mut(&mut self, slug: &str) -> &mut Slot {
        let at = match self.position(slug) {
            Ok(at) => at,
            Err(at) => {
                self.0.insert(at, (slug.to_owned(), Slot::default()));
                at
            }
        };
        &mut self.0[at].1
    }

    /// Sets the slot of `slug`, replacing any.
    pub fn insert(&mut self, slug: String, slot: Slot) {
        match self.position(&slug) {
            Ok(at) => self.0[at].1 = slot,
            Err(at) => self.0.insert(at, (slug, slot)),
        }
    }

    pub fn remove(&mut self, slug: &str) -> Option<Slot> {
        self.position(slug).ok().map(|at| self.0.remove(at).1)
    }

    /// The slots in slug order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Slot)> {
        self.0.iter().map(|(slug, slot)| (slug, slot))
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Slot> {
        self.0.iter_mut().map(|(_, slot)| slot)
    }
}

impl<'a> IntoIterator for &'a Slots {
    type Item = (&'a String, &'a Slot);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Slot)>,
        fn(&'a (String, Slot)) -> (&'a String, &'a Slot),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(slug, slot)| (slug, slot))
    }
}

impl Serialize for Slots {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Slots {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SlotsVisitor;
        impl<'de> Visitor<'de> for SlotsVisitor {
            type Value = Slots;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map of attribute slugs to values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Slots, A::Error> {
                let mut slots = Slots::default();
                // A repeated key keeps its last slot, as the `BTreeMap` did.
                while let Some((slug, slot)) = access.next_entry::<String, Slot>()? {
                    slots.insert(slug, slot);
                }
                Ok(slots)
            }
        }
        deserializer.deserialize_map(SlotsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_slug_order_and_reads_back_as_a_map() {
        let mut slots = Slots::default();
        for slug in ["name", "domains", "team", "domains"] {
            slots.slot_mut(slug);
        }
        slots.insert("about".to_owned(), Slot::default());
        let order: Vec<&str> = slots.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(order, ["about", "domains", "name", "team"]);
        assert!(slots.remove("name").is_some() && slots.get("name").is_none());
        let text = serde_json::to_string(&slots).expect("serialise");
        let as_map: std::collections::BTreeMap<String, Slot> =
            serde_json::from_str(&text).expect("a map");
        assert_eq!(as_map.len(), 3);
        let back: Slots = serde_json::from_str(&text).expect("deserialise");
        assert_eq!(back, slots);
    }
}
