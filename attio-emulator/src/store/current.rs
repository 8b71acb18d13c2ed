//! The current values of one attribute of one record, in display order, with removal by
//! identity in amortised O(1): the inverse side of a relationship (a workspace's `users`)
//! holds one value per linked record, and a write that moves a user out of a workspace must
//! not cost as much as the workspace has users.
//!
//! Hand-written rather than an `IndexMap`: `shift_remove` keeps the order but moves every
//! later entry (O(n)), `swap_remove` is O(1) but reorders the values Attio returns. Here a
//! removal leaves a hole that later compaction (when holes outnumber values) sweeps away.

use std::collections::HashMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::StoredValue;

/// Slots with at least this many values keep an identity → position index; smaller ones
/// are searched (a handful of comparisons is cheaper than a hash map per slot).
const INDEXED_FROM: usize = 32;

/// No values: what a record without a slot for an attribute holds.
pub(crate) static NO_VALUES: Current = Current::EMPTY;

/// The current values of a slot. Serialised as the plain list of values, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Current {
    /// Display order; `None` where a value was removed and not yet compacted away.
    items: Vec<Option<StoredValue>>,
    /// The `Some` entries of `items`.
    live: usize,
    /// Identity → position in `items` of every live value, when the slot is large and its
    /// identities are distinct (writes never store one twice; a loaded file might). `None`:
    /// operations scan.
    /// Boxed: most slots have none, and a slot is one of every record's attributes.
    #[expect(
        clippy::box_collection,
        reason = "a boxed map is one pointer in every slot, an unboxed empty one six words"
    )]
    index: Option<Box<HashMap<String, usize>>>,
}

impl Current {
    /// No values (usable in a `static`).
    pub const EMPTY: Self = Self {
        items: Vec::new(),
        live: 0,
        index: None,
    };

    /// The values in display order.
    pub fn iter(&self) -> impl Iterator<Item = &StoredValue> {
        self.items.iter().flatten()
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    pub fn first(&self) -> Option<&StoredValue> {
        self.iter().next()
    }

    /// Whether a value with this identity is current.
    #[cfg(test)]
    pub fn contains(&self, identity: &str) -> bool {
        match &self.index {
            Some(index) => index.contains_key(identity),
            None => self.iter().any(|v| v.identity == identity),
        }
    }

    /// Appends a value (amortised O(1)).
    pub fn push(&mut self, value: StoredValue) {
        if let Some(index) = &mut self.index {
            if index.contains_key(&value.identity) {
                // Two values with one identity cannot be indexed by it: scan from now on.
                self.index = None;
            } else {
                index.insert(value.identity.clone(), self.items.len());
            }
        }
        // Most slots hold one value: room for exactly one, not the four a first push
        // reserves (a stored value is ~90 bytes).
        if self.items.capacity() == 0 {
            self.items.reserve_exact(1);
        }
        self.items.push(Some(value));
        self.live += 1;
        // Trying at powers of two keeps the attempts amortised O(1) even for a slot whose
        // duplicate identities make every attempt fail.
        if self.index.is_none() && self.live >= INDEXED_FROM && self.live.is_power_of_two() {
            self.reindex();
        }
    }

    /// Puts `values` before the current ones, in their order (O(n): multi-value PATCH).
    pub fn prepend(&mut self, values: Vec<StoredValue>) {
        if values.is_empty() {
            return;
        }
        let rest = self.take_all();
        *self = values.into_iter().chain(rest).collect();
    }

    /// Removes and returns every value, in order.
    pub fn take_all(&mut self) -> Vec<StoredValue> {
        std::mem::take(self).items.into_iter().flatten().collect()
    }

    /// Removes and returns the values with this identity (amortised O(1) when indexed).
    pub fn remove(&mut self, identity: &str) -> Vec<StoredValue> {
        let removed = match &mut self.index {
            Some(index) => index
                .remove(identity)
                .and_then(|at| self.items.get_mut(at))
                .and_then(Option::take)
                .into_iter()
                .collect(),
            None => self.take_where(|v| v.identity == identity),
        };
        self.live -= removed.len();
        self.compact_if_sparse();
        removed
    }

    /// Removes and returns the values matching `pred`, in order (a scan).
    pub fn remove_where(&mut self, pred: impl Fn(&StoredValue) -> bool) -> Vec<StoredValue> {
        let removed = self.take_where(pred);
        if !removed.is_empty() {
            self.live -= removed.len();
            if let Some(index) = &mut self.index {
                for value in &removed {
                    index.remove(&value.identity);
                }
            }
            self.compact_if_sparse();
        }
        removed
    }

    fn take_where(&mut self, pred: impl Fn(&StoredValue) -> bool) -> Vec<StoredValue> {
        self.items
            .iter_mut()
            .filter(|slot| slot.as_ref().is_some_and(&pred))
            .filter_map(Option::take)
            .collect()
    }

    /// Sweeps the holes out once they outnumber the values (each sweep costs what the
    /// removals since the last one saved, so removal stays amortised O(1)).
    fn compact_if_sparse(&mut self) {
        let holes = self.items.len() - self.live;
        if holes > self.live.max(INDEXED_FROM) || (self.index.is_none() && holes > 0) {
            self.items.retain(Option::is_some);
            if self.index.is_some() {
                self.reindex();
            }
        }
    }

    /// Builds the identity index; leaves it `None` if two values share an identity.
    /// Lets `edit` change every value in place (it says whether it changed one); the
    /// identity index is rebuilt when one changed, since an edit may change identities.
    /// O(n): for rare rewrites of stored data (an object renamed).
    pub fn edit_all(&mut self, mut edit: impl FnMut(&mut StoredValue) -> bool) -> bool {
        let mut changed = false;
        for value in self.items.iter_mut().flatten() {
            changed |= edit(value);
        }
        if changed && self.index.is_some() {
            self.reindex();
        }
        changed
    }

    fn reindex(&mut self) {
        let mut index = HashMap::with_capacity(self.live);
        for (at, value) in self.items.iter().enumerate() {
            if let Some(value) = value
                && index.insert(value.identity.clone(), at).is_some()
            {
                self.index = None;
                return;
            }
        }
        self.index = Some(Box::new(index));
    }
}

impl FromIterator<StoredValue> for Current {
    fn from_iter<I: IntoIterator<Item = StoredValue>>(values: I) -> Self {
        let mut current = Self::default();
        for value in values {
            current.push(value);
        }
        current
    }
}

impl<'a> IntoIterator for &'a Current {
    type Item = &'a StoredValue;
    type IntoIter = std::iter::Flatten<std::slice::Iter<'a, Option<StoredValue>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter().flatten()
    }
}

/// Equal when the same values are current in the same order (holes and index aside).
impl PartialEq for Current {
    fn eq(&self, other: &Self) -> bool {
        self.live == other.live && self.iter().eq(other.iter())
    }
}

impl Serialize for Current {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Current {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Vec::<StoredValue>::deserialize(deserializer)?
            .into_iter()
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::system_actor;

    fn value(identity: &str) -> StoredValue {
        StoredValue {
            active_from: "2026-01-01T00:00:00.000000000Z".into(),
            active_until: None,
            actor: system_actor(),
            fields: Default::default(),
            identity: identity.to_owned(),
        }
    }

    fn identities(current: &Current) -> Vec<&str> {
        current.iter().map(|v| v.identity.as_str()).collect()
    }

    #[test]
    fn values_edited_in_place_are_found_by_their_new_identity() {
        for n in [5, 200] {
            let mut current: Current = (0..n).map(|i| value(&i.to_string())).collect();
            let changed = current.edit_all(|v| {
                let even = v.identity.parse::<usize>().is_ok_and(|i| i % 2 == 0);
                if even {
                    v.identity.insert_str(0, "moved-");
                }
                even
            });
            assert!(changed);
            assert_eq!(current.remove("moved-4").len(), 1, "n={n}");
            assert!(current.remove("4").is_empty(), "n={n}");
            assert_eq!(current.remove("3").len(), 1, "n={n}");
            assert!(!current.edit_all(|_| false));
        }
    }

    #[test]
    fn removal_keeps_the_order_of_the_others_small_and_large() {
        for n in [5, 200] {
            let mut current: Current = (0..n).map(|i| value(&i.to_string())).collect();
            assert_eq!(current.index.is_some(), n >= INDEXED_FROM, "n={n}");
            for gone in (0..n).filter(|i| i % 3 != 1) {
                assert_eq!(current.remove(&gone.to_string()).len(), 1, "n={n} {gone}");
            }
            let kept: Vec<String> = (0..n)
                .filter(|i| i % 3 == 1)
                .map(|i| i.to_string())
                .collect();
            assert_eq!(identities(&current), kept, "n={n}");
            assert_eq!(current.len(), kept.len());
            assert!(current.remove("missing").is_empty());
            assert!(current.contains(&kept[0]) && !current.contains("0"));
            // Holes were swept once they outnumbered the values.
            assert!(current.items.len() - current.live <= current.live.max(INDEXED_FROM));
            current.push(value("new"));
            assert_eq!(identities(&current).last(), Some(&"new"));
        }
    }

    #[test]
    fn duplicate_identities_fall_back_to_scanning_and_remove_every_copy() {
        let mut current: Current = (0..40).map(|i| value(&i.to_string())).collect();
        assert!(current.index.is_some());
        current.push(value("7"));
        assert!(current.index.is_none());
        assert_eq!(current.remove("7").len(), 2);
        assert!(!current.contains("7"));
        assert_eq!(current.len(), 39);
    }

    #[test]
    fn serialises_as_the_plain_list_and_compares_by_values() {
        let mut a: Current = (0..50).map(|i| value(&i.to_string())).collect();
        a.remove("3");
        let text = serde_json::to_string(&a).expect("serialise");
        let plain: Vec<StoredValue> = serde_json::from_str(&text).expect("a list");
        assert_eq!(plain.len(), 49);
        let b: Current = serde_json::from_str(&text).expect("deserialise");
        assert_eq!(a, b);
        let mut c = b.clone();
        c.prepend(vec![value("first")]);
        assert_ne!(a, c);
        assert_eq!(c.first().map(|v| v.identity.as_str()), Some("first"));
    }
}
