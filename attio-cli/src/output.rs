//! What `attio objects` and `attio attributes` print: an aligned table, or JSON with the
//! stable field names of [`ObjectRow`] and [`AttributeRow`].

use attio_core::schema::Object;
use serde::Serialize;

use crate::error::escape;
use crate::generate::ObjectSchema;

/// One object in `attio objects --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectRow {
    /// The slug, e.g. `users` (empty while Attio sets the object up).
    pub api_slug: String,
    /// Singular noun, e.g. `User`.
    pub singular_noun: Option<String>,
    /// Plural noun, e.g. `Users`.
    pub plural_noun: Option<String>,
    /// The object's id.
    pub object_id: String,
}

impl From<&Object> for ObjectRow {
    fn from(object: &Object) -> Self {
        Self {
            api_slug: object.api_slug.clone().unwrap_or_default(),
            singular_noun: object.singular_noun.clone(),
            plural_noun: object.plural_noun.clone(),
            object_id: object.id.object_id.clone(),
        }
    }
}

/// One attribute in `attio attributes <object> --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttributeRow {
    /// The slug, the key of its values.
    pub api_slug: String,
    /// The title shown in Attio.
    pub title: String,
    /// The type's wire name, e.g. `email-address`.
    #[serde(rename = "type")]
    pub kind: String,
    /// New records must have a value.
    pub is_required: bool,
    /// No two records share a value.
    pub is_unique: bool,
    /// Holds several values.
    pub is_multiselect: bool,
    /// Writable through the API.
    pub is_writable: bool,
    /// Archived.
    pub is_archived: bool,
    /// Created and managed by Attio.
    pub is_system_attribute: bool,
    /// The titles of its options (select) or statuses (status), in Attio's order.
    pub options: Vec<String>,
}

/// The rows of `attio attributes`.
pub fn attribute_rows(schema: &ObjectSchema) -> Vec<AttributeRow> {
    schema
        .attributes
        .iter()
        .map(|a| {
            let attr = &a.attribute;
            AttributeRow {
                api_slug: attr.api_slug.clone(),
                title: attr.title.clone(),
                kind: attr.kind.to_string(),
                is_required: attr.is_required,
                is_unique: attr.is_unique,
                is_multiselect: attr.is_multiselect,
                is_writable: attr.is_writable,
                is_archived: attr.is_archived,
                is_system_attribute: attr.is_system_attribute,
                options: a.choices.iter().map(|c| c.title.clone()).collect(),
            }
        })
        .collect()
}

/// The objects as a table: slug, singular and plural noun.
pub fn objects_table(rows: &[ObjectRow]) -> String {
    let cells = rows
        .iter()
        .map(|r| {
            vec![
                r.api_slug.clone(),
                r.singular_noun.clone().unwrap_or_default(),
                r.plural_noun.clone().unwrap_or_default(),
            ]
        })
        .collect::<Vec<_>>();
    table(&["SLUG", "SINGULAR", "PLURAL"], cells)
}

/// The attributes as a table: slug, type, flags, title.
pub fn attributes_table(rows: &[AttributeRow]) -> String {
    let cells = rows
        .iter()
        .map(|r| {
            let flags: Vec<&str> = [
                (r.is_required, "required"),
                (r.is_unique, "unique"),
                (r.is_multiselect, "multiselect"),
                (!r.is_writable, "read-only"),
                (r.is_archived, "archived"),
                (r.is_system_attribute, "system"),
            ]
            .into_iter()
            .filter_map(|(set, flag)| set.then_some(flag))
            .collect();
            vec![
                r.api_slug.clone(),
                r.kind.clone(),
                flags.join(","),
                r.title.clone(),
            ]
        })
        .collect::<Vec<_>>();
    table(&["SLUG", "TYPE", "FLAGS", "TITLE"], cells)
}

/// Left-aligned columns two spaces apart, the last one unpadded. Hand-written: two small
/// fixed tables of plain text do not need a table crate. Cells from the workspace are
/// printed with control characters escaped.
fn table(head: &[&str], rows: Vec<Vec<String>>) -> String {
    let rows: Vec<Vec<String>> = std::iter::once(head.iter().map(|h| (*h).to_owned()).collect())
        .chain(
            rows.into_iter()
                .map(|r| r.iter().map(|c| escape(c)).collect()),
        )
        .collect();
    let widths: Vec<usize> = (0..head.len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in &rows {
        let last = row.len() - 1;
        for (i, cell) in row.iter().enumerate() {
            if i == last {
                out.push_str(cell);
            } else {
                out.push_str(&format!("{cell:<width$}  ", width = widths[i]));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_and_control_characters_are_escaped() {
        let out = table(
            &["A", "B"],
            vec![
                vec!["long cell".into(), "x".into()],
                vec!["a\nb".into(), "y".into()],
            ],
        );
        assert_eq!(out, "A          B\nlong cell  x\na\\nb       y\n");
    }
}
