//! `select` and `status` values: [`Select`] and [`Status`] (write and read, by option title
//! or id), and their read forms [`SelectOption`] and [`StatusOption`].

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::{DecodeErrorKind, ValueError};
use crate::record::{AttributeValue, TypedValue};
use crate::value::convert::wrong_type;
use crate::value::text::check_text;
use crate::value::{FromAttio, ToAttio};

/// An option named by its title, its id, or (when read back) both.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Choice {
    title: Option<String>,
    id: Option<String>,
}

impl Choice {
    /// `{key: id}` when the id is known (unambiguous), else `{key: title}`.
    fn to_attio(&self, key: &str, what: &'static str) -> Result<Value, ValueError> {
        let name = self.id.as_deref().or(self.title.as_deref()).unwrap_or("");
        if name.trim().is_empty() {
            return Err(ValueError::Empty { what });
        }
        check_text(name)?;
        let mut object = Map::new();
        object.insert(key.to_owned(), Value::String(name.to_owned()));
        Ok(Value::Object(object))
    }

    /// See the types' `__unknown`.
    fn unknown(&self, kind: &str, enum_name: &str, known: &[&str]) -> DecodeErrorKind {
        let which = match (&self.title, &self.id) {
            (Some(title), _) => format!("`{title}`"),
            (None, Some(id)) => format!("with id `{id}` (Attio sent no title)"),
            (None, None) => "without a title".to_owned(),
        };
        DecodeErrorKind::Invalid(format!(
            "the {kind} {which} is none of `{enum_name}`'s ({}); add a variant for it, or an \
             `#[attio(other)]` variant that keeps options the enum does not know",
            known.join(", ")
        ))
    }
}

macro_rules! choice_type {
    ($(#[$doc:meta])* $name:ident, $key:literal, $kind:literal, $what:literal, $schema:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(Choice);

        impl $name {
            #[doc = concat!("The ", $kind, " whose title is `title` (Attio never creates one: an unknown title is rejected by the API).")]
            pub fn by_title(title: impl Into<String>) -> Self {
                Self(Choice { title: Some(title.into()), id: None })
            }

            #[doc = concat!("The ", $kind, " with id `id`.")]
            pub fn by_id(id: impl Into<String>) -> Self {
                Self(Choice { title: None, id: Some(id.into()) })
            }

            /// The title, when constructed by title or read with the full option.
            pub fn title(&self) -> Option<&str> {
                self.0.title.as_deref()
            }

            /// The id, when constructed by id or read back from Attio.
            pub fn id(&self) -> Option<&str> {
                self.0.id.as_deref()
            }

            /// Used by generated code: the error of an option enum without an
            /// `#[attio(other)]` variant (`enum_name`, whose titles are `known`) for this
            /// value, which none of its variants has.
            #[doc(hidden)]
            pub fn __unknown(&self, enum_name: &str, known: &[&str]) -> DecodeErrorKind {
                self.0.unknown($kind, enum_name, known)
            }
        }

        #[doc = concat!("Writes `{\"", $key, "\": id}` when the id is known, else `{\"", $key, "\": title}`; an empty name is [`ValueError::Empty`].")]
        impl ToAttio for $name {
            const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] = &[$schema];
            fn to_attio(&self) -> Result<Value, ValueError> {
                self.0.to_attio($key, $what)
            }
        }
    };
}

choice_type!(
    /// An option of a `select` attribute, named by title or id.
    ///
    /// Values read back carry the id and, when Attio sends the full option, the title;
    /// compare read values by [`Select::id`] or [`Select::title`] rather than with `==`
    /// against a value built with one of them.
    Select, "option", "select option", "a select option's title or id",
    crate::schema::AttributeType::Select
);

choice_type!(
    /// A status of a `status` attribute, named by title or id.
    ///
    /// Values read back carry the id and, when Attio sends the full status, the title;
    /// compare read values by [`Status::id`] or [`Status::title`].
    Status, "status", "status", "a status's title or id",
    crate::schema::AttributeType::Status
);

/// A `select` value as Attio returns it: the full option, or only its id (the SPEC allows
/// both).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct SelectOption {
    /// The option's id.
    pub option_id: String,
    /// The option's title, when Attio sent the full option.
    pub title: Option<String>,
    /// Whether the option is archived, when Attio sent the full option.
    pub is_archived: Option<bool>,
}

/// A `status` value as Attio returns it: the full status, or only its id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct StatusOption {
    /// The status's id.
    pub status_id: String,
    /// The status's title, when Attio sent the full status.
    pub title: Option<String>,
    /// Whether the status is archived, when Attio sent the full status.
    pub is_archived: Option<bool>,
    /// Whether reaching the status is celebrated in the app, when sent.
    pub celebration_enabled: Option<bool>,
    /// The target time in this status (an ISO 8601 duration), when sent and set.
    pub target_time_in_status: Option<String>,
}

/// `{"option": <uuid or option object>}` / `{"status": <uuid or status object>}`.
#[derive(Deserialize)]
#[serde(untagged)]
enum IdOr<T> {
    Id(String),
    Full(T),
}

#[derive(Deserialize)]
struct FullOption {
    id: OptionIds,
    title: String,
    #[serde(default)]
    is_archived: Option<bool>,
}

#[derive(Deserialize)]
struct OptionIds {
    option_id: String,
}

#[derive(Deserialize)]
struct FullStatus {
    id: StatusIds,
    title: String,
    #[serde(default)]
    is_archived: Option<bool>,
    #[serde(default)]
    celebration_enabled: Option<bool>,
    #[serde(default)]
    target_time_in_status: Option<String>,
}

#[derive(Deserialize)]
struct StatusIds {
    status_id: String,
}

impl<'de> Deserialize<'de> for SelectOption {
    /// Deserializes a `select` value's body, `{"option": ...}`.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Body {
            option: IdOr<FullOption>,
        }
        Ok(match Body::deserialize(deserializer)?.option {
            IdOr::Id(option_id) => Self {
                option_id,
                title: None,
                is_archived: None,
            },
            IdOr::Full(full) => Self {
                option_id: full.id.option_id,
                title: Some(full.title),
                is_archived: full.is_archived,
            },
        })
    }
}

impl<'de> Deserialize<'de> for StatusOption {
    /// Deserializes a `status` value's body, `{"status": ...}`.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Body {
            status: IdOr<FullStatus>,
        }
        Ok(match Body::deserialize(deserializer)?.status {
            IdOr::Id(status_id) => Self {
                status_id,
                title: None,
                is_archived: None,
                celebration_enabled: None,
                target_time_in_status: None,
            },
            IdOr::Full(full) => Self {
                status_id: full.id.status_id,
                title: Some(full.title),
                is_archived: full.is_archived,
                celebration_enabled: full.celebration_enabled,
                target_time_in_status: full.target_time_in_status,
            },
        })
    }
}

/// Reads a `select` value (id, and title when sent).
impl FromAttio for Select {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        SelectOption::from_attio(value).map(|option| {
            Self(Choice {
                title: option.title,
                id: Some(option.option_id),
            })
        })
    }
}

/// Reads a `select` value.
impl FromAttio for SelectOption {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        match &value.value {
            TypedValue::Select(option) => Ok(option.clone()),
            _ => Err(wrong_type("select", value)),
        }
    }
}

/// Reads a `status` value (id, and title when sent).
impl FromAttio for Status {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        StatusOption::from_attio(value).map(|status| {
            Self(Choice {
                title: status.title,
                id: Some(status.status_id),
            })
        })
    }
}

/// Reads a `status` value.
impl FromAttio for StatusOption {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        match &value.value {
            TypedValue::Status(status) => Ok(status.clone()),
            _ => Err(wrong_type("status", value)),
        }
    }
}
