//! `uuid` field type (feature `uuid`): `Uuid` as a `text` value.

use ::uuid::Uuid;
use serde_json::Value;

use super::text_of;
use crate::error::{DecodeErrorKind, ValueError};
use crate::record::AttributeValue;
use crate::value::{FromAttio, ToAttio};

/// Writes a `text` value in hyphenated lower case
/// (`"67e55044-10b1-426f-9247-bb680e5fe0c8"`), the form it reads back in.
impl ToAttio for Uuid {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::Text];
    fn to_attio(&self) -> Result<Value, ValueError> {
        Ok(Value::String(self.hyphenated().to_string()))
    }
}

/// Reads a `text` value holding a UUID in any form `Uuid::try_parse` accepts (hyphenated,
/// simple, braced or `urn:uuid:`, either case); other text is
/// [`ValueError::InvalidUuid`] (as [`DecodeErrorKind::Value`]).
impl FromAttio for Uuid {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        let text = text_of(value)?;
        Uuid::try_parse(text).map_err(|error| {
            DecodeErrorKind::Value(ValueError::InvalidUuid {
                value: text.to_owned(),
                reason: error.to_string(),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::value::ext::read_back;

    const ID: &str = "67e55044-10b1-426f-9247-bb680e5fe0c8";

    #[test]
    fn writes_hyphenated_lower_case_and_reads_back() {
        let id = Uuid::parse_str(&ID.to_uppercase()).expect("a uuid");
        assert_eq!(id.to_attio(), Ok(json!(ID)));
        assert_eq!(read_back::<Uuid>("text", json!(ID)), Ok(id));
        assert_eq!(
            read_back::<Uuid>("text", json!(ID.replace('-', ""))),
            Ok(id)
        );
        assert_eq!(
            read_back::<Uuid>("text", json!(Uuid::nil().to_string())),
            Ok(Uuid::nil())
        );
    }

    #[test]
    fn other_text_is_a_typed_error() {
        for text in [
            "",
            "67e55044-10b1-426f-9247",
            "not a uuid",
            "67e55044-10b1-426f-9247-bb680e5fe0cg",
        ] {
            let error = read_back::<Uuid>("text", json!(text)).unwrap_err();
            assert!(
                matches!(&error, DecodeErrorKind::Value(ValueError::InvalidUuid { value, .. }) if value == text),
                "{text}: {error}"
            );
            assert!(error.to_string().contains("is not a UUID"), "{error}");
        }
        let error = read_back::<Uuid>("number", json!(1)).unwrap_err();
        assert!(
            matches!(error, DecodeErrorKind::WrongType { .. }),
            "{error}"
        );
    }
}
