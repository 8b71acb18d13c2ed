//! `location` values: [`Location`].

use serde_json::Value;

use crate::error::{DecodeErrorKind, ValueError};
use crate::record::{AttributeValue, TypedValue};
use crate::value::convert::wrong_type;
use crate::value::country::check_country_code;
use crate::value::text::check_text;
use crate::value::{FromAttio, ToAttio};

/// A postal address with optional coordinates, written and read as a `location` value.
///
/// Every part is optional; Attio requires all ten keys on write, so absent parts are sent
/// as `null`. Coordinates are decimal-degree strings as Attio stores them (`"37.331741"`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct Location {
    /// First address line.
    #[serde(default)]
    pub line_1: Option<String>,
    /// Second address line.
    #[serde(default)]
    pub line_2: Option<String>,
    /// Third address line.
    #[serde(default)]
    pub line_3: Option<String>,
    /// Fourth address line.
    #[serde(default)]
    pub line_4: Option<String>,
    /// Town, neighbourhood or area.
    #[serde(default)]
    pub locality: Option<String>,
    /// State, county, province or region.
    #[serde(default)]
    pub region: Option<String>,
    /// Postcode or zip code.
    #[serde(default)]
    pub postcode: Option<String>,
    /// ISO 3166-1 alpha-2 country code (`US`): an assigned code (or `XK`, Kosovo) in upper
    /// case, checked on write.
    #[serde(default)]
    pub country_code: Option<String>,
    /// Latitude in decimal degrees, -90 to 90.
    #[serde(default)]
    pub latitude: Option<String>,
    /// Longitude in decimal degrees, -180 to 180.
    #[serde(default)]
    pub longitude: Option<String>,
}

/// Checks a coordinate against the pattern Attio's SPEC gives: an optional sign, a whole
/// part below `limit` without leading zeros (or `limit` itself with only zero decimals),
/// and optional decimals. Hand-written to avoid a regex dependency for two patterns.
fn check_coordinate(text: &str, axis: &'static str, limit: u32) -> Result<(), ValueError> {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, decimals) = match unsigned.split_once('.') {
        Some((whole, decimals)) => (whole, Some(decimals)),
        None => (unsigned, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let valid = digits(whole)
        && whole.len() <= 3
        && (whole == "0" || !whole.starts_with('0'))
        && decimals.is_none_or(digits)
        && whole.parse::<u32>().is_ok_and(|degrees| {
            degrees < limit
                || (degrees == limit && decimals.is_none_or(|d| d.bytes().all(|b| b == b'0')))
        });
    if valid {
        Ok(())
    } else {
        Err(ValueError::InvalidCoordinate {
            axis,
            value: text.to_owned(),
        })
    }
}

/// Writes all ten keys (`null` for absent parts); an invalid country code or coordinate
/// is rejected.
impl ToAttio for Location {
    const ATTRIBUTE_TYPES: &'static [crate::schema::AttributeType] =
        &[crate::schema::AttributeType::Location];
    fn to_attio(&self) -> Result<Value, ValueError> {
        let texts = [
            &self.line_1,
            &self.line_2,
            &self.line_3,
            &self.line_4,
            &self.locality,
            &self.region,
            &self.postcode,
        ];
        for text in texts.into_iter().flatten() {
            check_text(text)?;
        }
        if let Some(code) = &self.country_code {
            check_country_code(code)?;
        }
        if let Some(latitude) = &self.latitude {
            check_coordinate(latitude, "latitude", 90)?;
        }
        if let Some(longitude) = &self.longitude {
            check_coordinate(longitude, "longitude", 180)?;
        }
        serde_json::to_value(self).map_err(|error| ValueError::Invalid(error.to_string()))
    }
}

/// Reads a `location` value.
impl FromAttio for Location {
    fn from_attio(value: &AttributeValue) -> Result<Self, DecodeErrorKind> {
        match &value.value {
            TypedValue::Location(location) => Ok(location.clone()),
            _ => Err(wrong_type("location", value)),
        }
    }
}
