//! The records holding one value (an entry of a table's value index). A unique attribute's
//! value — most of what the index holds — is held by one record; a `BTreeSet` would give
//! each of those a node sized for eleven keys.

use std::collections::BTreeSet;

/// Record keys (a table's row numbers), in order.
#[derive(Debug, Clone)]
pub(crate) enum Holders {
    One(u64),
    Many(BTreeSet<u64>),
}

impl Default for Holders {
    /// No holders (the `Many` set empty), what an index entry starts as.
    fn default() -> Self {
        Self::Many(BTreeSet::new())
    }
}

impl Holders {
    pub fn insert(&mut self, key: u64) {
        match self {
            Self::One(one) if *one == key => {}
            Self::One(one) => *self = Self::Many(BTreeSet::from([*one, key])),
            Self::Many(keys) if keys.is_empty() => *self = Self::One(key),
            Self::Many(keys) => {
                keys.insert(key);
            }
        }
    }

    pub fn remove(&mut self, key: &u64) {
        match self {
            Self::One(one) if one == key => *self = Self::default(),
            Self::One(_) => {}
            Self::Many(keys) => {
                keys.remove(key);
            }
        }
    }

    pub fn contains(&self, key: &u64) -> bool {
        match self {
            Self::One(one) => one == key,
            Self::Many(keys) => keys.contains(key),
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Self::Many(keys) if keys.is_empty())
    }

    /// The keys in order.
    pub fn iter(&self) -> impl Iterator<Item = &u64> {
        let (one, many) = match self {
            Self::One(one) => (Some(one), None),
            Self::Many(keys) => (None, Some(keys.iter())),
        };
        one.into_iter().chain(many.into_iter().flatten())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_grows_into_a_set_and_back() {
        let mut holders = Holders::default();
        assert!(holders.is_empty());
        holders.insert(7);
        holders.insert(7);
        assert!(matches!(holders, Holders::One(7)));
        holders.insert(3);
        assert_eq!(holders.iter().copied().collect::<Vec<_>>(), [3, 7]);
        holders.remove(&7);
        assert!(holders.contains(&3) && !holders.contains(&7));
        holders.remove(&3);
        assert!(holders.is_empty());
        holders.insert(9);
        holders.remove(&1);
        assert!(holders.contains(&9));
        holders.remove(&9);
        assert!(holders.is_empty());
    }
}
