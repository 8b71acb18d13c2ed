//! Renaming an object (`PATCH /v2/objects/{object}` with a new `api_slug`): the store names
//! objects by slug in a few places besides the object itself (its records' table, the
//! allowed targets and inverse sides of reference attributes, the `target_object` of stored
//! reference values, lists' parent object and entries' parent), so a rename moves every one
//! of them at once. A schema change is rare and a rename touches each stored value once;
//! naming objects by id everywhere instead would put an id lookup on every read path.

use std::sync::Arc;

use super::values::identity;
use super::{Store, StoredValue, Table};
use crate::schema::AttributeType;

impl Store {
    /// Renames the object `old` to `new` everywhere the store names it.
    pub(super) fn rename_object(&mut self, old: &str, new: &str) {
        let rename = |slug: &mut String| {
            if slug == old {
                new.clone_into(slug);
            }
        };
        let lists = self.lists.iter_mut().map(|l| &mut l.def);
        for def in self.objects.iter_mut().map(Arc::make_mut).chain(lists) {
            if def.api_slug == old {
                new.clone_into(&mut def.api_slug);
            }
            for attribute in &mut def.attributes {
                attribute.target_objects.iter_mut().for_each(rename);
                if let Some(inverse) = &mut attribute.inverse {
                    rename(&mut inverse.object);
                }
            }
        }
        for list in &mut self.lists {
            rename(&mut list.parent_object);
        }
        if let Some(table) = self.tables.remove(old) {
            self.tables.insert(new.to_owned(), table);
        }
        for table in self.tables.values_mut() {
            table.rename_target(old, new);
        }
    }
}

impl Table {
    /// Points every stored reference to object `old` (reference values, current and
    /// historic, and entries' parents) at `new`, re-indexing when one changed.
    fn rename_target(&mut self, old: &str, new: &str) {
        let mut touched = false;
        for record in self.rows.values_mut() {
            let mut changed = false;
            if let Some(parent) = &mut record.parent
                && parent.object == old
            {
                new.clone_into(&mut parent.object);
                changed = true;
            }
            let retarget = |value: &mut StoredValue| {
                let refers =
                    value.fields.get("target_object").and_then(|t| t.as_str()) == Some(old);
                if refers {
                    value.fields.insert("target_object", new.into());
                    value.identity = identity(&AttributeType::RecordReference, &value.fields);
                }
                refers
            };
            for slot in record.values.values_mut() {
                changed |= slot.current.edit_all(retarget);
                for value in &mut slot.historic {
                    changed |= retarget(value);
                }
            }
            if changed {
                self.changed.insert(record.id.clone());
                touched = true;
            }
        }
        if touched {
            self.rebuild_index();
        }
    }
}
