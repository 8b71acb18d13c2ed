//! What an entries query reads of an entry's parent. Attio's entry read shape names the
//! parent with `parent_record_id` and `parent_object`, and its spec lets `path` "traverse
//! record reference attributes and parent records on list entries", the parent being the
//! entry attribute `parent_record` (`[["sales", "parent_record"], ["companies", "name"]]`).
//! The three are attributes of every list's entries here, system ones that no write
//! names and no attribute listing shows; filters and sorts read them from the entry's
//! parent, and a path through `parent_record` reaches the parent record.

use std::sync::LazyLock;

use crate::schema::{AttributeDef, AttributeType, system_attribute};
use crate::store::{EntryParent, StoredRecord};

/// The parent's record id, as a filterable attribute.
pub(super) const RECORD_ID: &str = "parent_record_id";
/// The parent's object slug.
pub(super) const OBJECT: &str = "parent_object";
/// The parent record, as a record reference (`target_object`, `target_record_id`).
pub(super) const RECORD: &str = "parent_record";

static ATTRIBUTES: LazyLock<[AttributeDef; 3]> = LazyLock::new(|| {
    let def = |slug: &str, kind| system_attribute(slug.to_owned(), slug, slug, kind, "");
    [
        def(RECORD_ID, AttributeType::Text),
        def(OBJECT, AttributeType::Text),
        def(RECORD, AttributeType::RecordReference),
    ]
});

/// The parent attribute `slug` of a list's entries, if it is one.
pub(super) fn attribute(slug: &str) -> Option<&'static AttributeDef> {
    ATTRIBUTES.iter().find(|a| a.api_slug == slug)
}

/// Whether `attr` is the `parent_record` reference (walked by a `path`).
pub(super) fn is_parent_record(attr: &AttributeDef) -> bool {
    attr.is_system && attr.api_slug == RECORD
}

/// The entry's parent, for records (which have none) `None`.
pub(super) fn of(record: &StoredRecord) -> Option<&EntryParent> {
    record.parent.as_ref()
}
