//! [`SchemaTarget`]: whose attributes a schema operation reads or changes, an object's or a
//! list's (the spec's `/v2/{target}/{identifier}/attributes…`).

use crate::client::route::{encode, slug};
use crate::error::Error;

/// The holder of attributes: an object or a list, by slug or id. A `&str` is an object, so
/// `client.list_attributes("users")` reads the users object and
/// `client.list_attributes(SchemaTarget::List("sales"))` the sales list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SchemaTarget<'a> {
    /// An object (`/v2/objects/{object}`).
    Object(&'a str),
    /// A list (`/v2/lists/{list}`).
    List(&'a str),
}

impl<'a> From<&'a str> for SchemaTarget<'a> {
    fn from(object: &'a str) -> Self {
        Self::Object(object)
    }
}

impl<'a> From<&'a String> for SchemaTarget<'a> {
    fn from(object: &'a String) -> Self {
        Self::Object(object)
    }
}

impl SchemaTarget<'_> {
    /// `/v2/objects/{object}` or `/v2/lists/{list}`, the identifier checked and encoded.
    pub(super) fn path(self) -> Result<String, Error> {
        Ok(match self {
            Self::Object(object) => format!("/v2/objects/{}", encode(slug("object", object)?)),
            Self::List(list) => format!("/v2/lists/{}", encode(slug("list", list)?)),
        })
    }

    /// The path of one of the holder's attributes.
    pub(super) fn attribute_path(self, attribute: &str) -> Result<String, Error> {
        Ok(format!(
            "{}/attributes/{}",
            self.path()?,
            encode(slug("attribute", attribute)?)
        ))
    }

    /// The route template for this holder, of the two given.
    pub(super) fn template(self, object: &'static str, list: &'static str) -> &'static str {
        match self {
            Self::Object(_) => object,
            Self::List(_) => list,
        }
    }
}

/// The route template of `$suffix` under the target's object or list path.
macro_rules! template {
    ($target:expr, $suffix:literal) => {
        $target.template(
            concat!("/v2/objects/{object}", $suffix),
            concat!("/v2/lists/{list}", $suffix),
        )
    };
}
pub(super) use template;
