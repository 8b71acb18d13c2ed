//! A write request's body encoded straight from the struct: `{"data":{"values":{…}}}` as
//! bytes, with no `serde_json::Value` tree built in between.
//!
//! Building the `values` map cost a sync about sixteen allocations per record (a key per
//! attribute, a string per value, a map per record reference) and freeing them again; in a
//! round trip, that was most of what the client added to raw reqwest. The crate's own value
//! types write their JSON here directly; any other [`ToAttio`](super::ToAttio) goes through
//! its `to_attio` value, so the bytes always mean the same as the map would.

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, SeqAccess, Visitor};

/// The first allocation for a body: a record of a dozen attributes fits.
const CAPACITY: usize = 512;

const OPEN: &[u8] = br#"{"data":{"values":{"#;
const CLOSE: &[u8] = b"}}}";

/// Where a value writes its JSON. Hidden: only this crate's value types write here; the
/// bytes a value appends must be exactly one JSON value.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct JsonOut {
    buf: Vec<u8>,
}

impl JsonOut {
    /// An empty output (the body writer starts its own with the envelope).
    #[cfg(test)]
    pub(crate) fn new() -> Self {
        Self { buf: Vec::new() }
    }

    /// What was written so far.
    #[cfg(test)]
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.buf
    }

    /// Appends `value` as JSON.
    pub fn value(&mut self, value: &serde_json::Value) {
        // Writing a `Value` into a `Vec` cannot fail: its keys are strings and a `Vec`
        // takes every byte.
        let _ = serde_json::to_writer(&mut self.buf, value);
    }

    /// Appends `text` as a JSON string.
    pub fn string(&mut self, text: &str) {
        // Serialising a `str` into a `Vec` cannot fail.
        let _ = serde_json::to_writer(&mut self.buf, text);
    }

    /// Appends raw JSON punctuation (`{`, `,`, `"key":` and the like) that the caller
    /// knows to be well formed.
    pub(crate) fn raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    fn len(&self) -> usize {
        self.buf.len()
    }
}

/// The body under construction: attributes in the order they are written.
#[derive(Debug, Clone)]
pub(crate) struct JsonBody {
    out: JsonOut,
    /// Where each attribute's key (its JSON string, quotes included) lies in `out`.
    keys: Vec<(usize, usize)>,
    /// Set when an attribute is written twice: the body then cannot say what the map
    /// would (where the last write wins), and the caller encodes through the map instead.
    duplicate: bool,
}

impl JsonBody {
    pub(crate) fn new() -> Self {
        let mut buf = Vec::with_capacity(CAPACITY);
        buf.extend_from_slice(OPEN);
        Self {
            out: JsonOut { buf },
            keys: Vec::new(),
            duplicate: false,
        }
    }

    /// Writes `"slug":` and then the value `write` appends. `write` returns whether it
    /// wrote one (`Ok(false)`: the attribute is absent, and nothing of it stays); with
    /// `unique`, a value that is empty by [`is_empty_json`] is refused
    /// (`Err(None)`: the caller builds the error) and nothing of it stays either.
    pub(crate) fn attribute<E>(
        &mut self,
        slug: &str,
        unique: bool,
        write: impl FnOnce(&mut JsonOut) -> Result<bool, E>,
    ) -> Result<(), Option<E>> {
        let start = self.out.len();
        if !self.keys.is_empty() {
            self.out.raw(b",");
        }
        let key_start = self.out.len();
        self.out.string(slug);
        let key = (key_start, self.out.len());
        self.out.raw(b":");
        let value_start = self.out.len();
        let kept = match write(&mut self.out) {
            Ok(true) if unique && is_empty_json(&self.out.buf[value_start..]) => Err(None),
            Ok(present) => Ok(present),
            Err(error) => Err(Some(error)),
        };
        if !matches!(kept, Ok(true)) {
            self.out.buf.truncate(start);
            return kept.map(|_| ());
        }
        let name = &self.out.buf[key.0..key.1];
        if self
            .keys
            .iter()
            .any(|&(from, to)| self.out.buf[from..to] == *name)
        {
            self.duplicate = true;
        }
        self.keys.push(key);
        Ok(())
    }

    /// The finished body, or `None` when an attribute was written twice.
    pub(crate) fn finish(self) -> Option<Vec<u8>> {
        if self.duplicate {
            return None;
        }
        Some(self.finish_allowing_duplicates())
    }

    /// The finished body, an attribute written twice appearing twice (a reader that keeps
    /// the last of equal keys, as `serde_json`'s map does, sees what the map would hold).
    pub(crate) fn finish_allowing_duplicates(mut self) -> Vec<u8> {
        self.out.raw(CLOSE);
        self.out.buf
    }
}

/// Whether one JSON value is empty the way a unique attribute's value may not be: a string
/// that is blank once trimmed, `null`, or an array of nothing but empty values. The
/// written-bytes twin of the check on a `Value` in the writer; a test holds them equal.
pub(crate) fn is_empty_json(json: &[u8]) -> bool {
    // The common case, a unique text or email without escapes, judged in place: parsing it
    // would run the whole deserializer for one string.
    if let Some(inner) = json
        .strip_prefix(b"\"")
        .and_then(|rest| rest.strip_suffix(b"\""))
        .filter(|inner| !inner.iter().any(|&byte| byte == b'\\' || byte == b'"'))
        && let Ok(text) = std::str::from_utf8(inner)
    {
        return text.trim().is_empty();
    }
    if json == b"null" {
        return true;
    }
    serde_json::from_slice::<Emptiness>(json).is_ok_and(|Emptiness(empty)| empty)
}

/// Reads one JSON value only to tell whether it is empty; strings without escapes are
/// looked at in place.
struct Emptiness(bool);

impl<'de> Deserialize<'de> for Emptiness {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(EmptinessVisitor)
            .map(Emptiness)
    }
}

struct EmptinessVisitor;

impl<'de> Visitor<'de> for EmptinessVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<bool, E> {
        Ok(text.trim().is_empty())
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(true)
    }

    fn visit_none<E: de::Error>(self) -> Result<bool, E> {
        Ok(true)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<bool, A::Error> {
        let mut all_empty = true;
        while let Some(Emptiness(empty)) = items.next_element()? {
            all_empty &= empty;
        }
        Ok(all_empty)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut entries: A) -> Result<bool, A::Error> {
        while entries.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }
}
