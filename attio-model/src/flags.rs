//! [`AttributeFlags`]: what an attribute is declared with besides its slug and type, and
//! the builder setters of the declarations that hold them.

use serde::{Deserialize, Serialize};

/// The three flags an attribute is created with (`is_required`, `is_unique`,
/// `is_multiselect` of `POST /v2/{target}/{identifier}/attributes`), each `false` when
/// left out. Declarations hold them flattened (`#[serde(flatten)]`), so on the wire they
/// are three keys beside the slug and the type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct AttributeFlags {
    /// New records must supply a value.
    pub is_required: bool,
    /// No two records may share a value (checked for new data only).
    pub is_unique: bool,
    /// The attribute holds several values (fixed once created).
    pub is_multiselect: bool,
}

/// The builder setters `required()`, `unique()` and `multiselect()` of a declaration
/// whose [`AttributeFlags`] are in the field named by the argument; expands to methods,
/// so it goes inside the declaration's `impl` block.
///
/// ```
/// use attio_model::AttributeFlags;
///
/// struct Draft {
///     flags: AttributeFlags,
/// }
///
/// impl Draft {
///     attio_model::flag_setters!(flags);
/// }
///
/// let draft = Draft { flags: AttributeFlags::default() }.required().multiselect();
/// assert!(draft.flags.is_required && draft.flags.is_multiselect && !draft.flags.is_unique);
/// ```
#[macro_export]
macro_rules! flag_setters {
    ($flags:ident) => {
        /// Marks the attribute required: new records must supply a value.
        pub fn required(mut self) -> Self {
            self.$flags.is_required = true;
            self
        }

        /// Marks the attribute unique: no two records may share a value.
        pub fn unique(mut self) -> Self {
            self.$flags.is_unique = true;
            self
        }

        /// Marks the attribute multi-valued.
        pub fn multiselect(mut self) -> Self {
            self.$flags.is_multiselect = true;
            self
        }
    };
}
