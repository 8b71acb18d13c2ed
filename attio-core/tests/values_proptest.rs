//! Round trips of the value types over arbitrary inputs.

use attio_core::value::{Currency, Date, Timestamp};
use attio_core::{AttributeValue, FromAttio, ToAttio, ValueError};
use proptest::prelude::*;
use serde_json::{Value, json};

/// The value Attio would return for `written`, a value written as `attribute_type`.
fn returned(attribute_type: &str, written: Value) -> AttributeValue {
    let mut body = json!({
        "active_from": "2023-01-01T15:00:00Z",
        "active_until": null,
        "created_by_actor": {"type": "system", "id": null},
        "attribute_type": attribute_type,
    });
    let object = body.as_object_mut().unwrap();
    match attribute_type {
        "currency" => object.insert("currency_value".into(), written),
        _ => object.insert("value".into(), written),
    };
    serde_json::from_value(body).unwrap()
}

proptest! {
    #[test]
    fn integers_within_2_pow_53_round_trip(n in -(1_i64 << 53)..=(1_i64 << 53)) {
        let written = n.to_attio().unwrap();
        prop_assert_eq!(i64::from_attio(&returned("number", written)), Ok(n));
    }

    #[test]
    fn integers_beyond_2_pow_53_are_rejected(n in any::<i64>()) {
        prop_assume!(n.unsigned_abs() > 1_u64 << 53);
        let rejected = matches!(n.to_attio(), Err(ValueError::IntegerNotExact { .. }));
        prop_assert!(rejected);
    }

    #[test]
    fn finite_floats_round_trip(f in any::<f64>().prop_filter("finite", |f| f.is_finite())) {
        let written = f.to_attio().unwrap();
        prop_assert_eq!(f64::from_attio(&returned("number", written)), Ok(f));
    }

    #[test]
    fn currency_round_trips_exactly(n in any::<i64>()) {
        let amount = Currency::from_ten_thousandths(n);
        prop_assert_eq!(amount.to_string().parse::<Currency>(), Ok(amount));
        let written = amount.to_attio().unwrap();
        prop_assert_eq!(Currency::from_attio(&returned("currency", written)), Ok(amount));
    }

    #[test]
    fn currency_parsing_never_panics(text in "[-+]?[0-9]{0,25}(\\.[0-9]{0,8})?([eE][-+]?[0-9]{0,12})?") {
        if let Ok(amount) = text.parse::<Currency>() {
            prop_assert_eq!(amount.to_string().parse::<Currency>(), Ok(amount));
        }
    }

    #[test]
    fn timestamps_round_trip_with_nine_digits(nanos in -62_135_596_800_000_000_000_i128..253_402_300_799_999_999_999_i128) {
        let timestamp = Timestamp::from_unix_nanos(nanos).unwrap();
        let written = timestamp.to_attio().unwrap();
        let text = written.as_str().unwrap().to_owned();
        prop_assert_eq!(text.len(), "2023-01-01T15:00:00.000000000Z".len(), "{}", text);
        prop_assert_eq!(Timestamp::from_attio(&returned("timestamp", written)), Ok(timestamp));
    }

    #[test]
    fn dates_round_trip(year in 1_i16..=9999, month in 1_i8..=12, day in 1_i8..=28) {
        let date = Date::new(year, month, day).unwrap();
        let written = date.to_attio().unwrap();
        prop_assert_eq!(Date::from_attio(&returned("date", written)), Ok(date));
    }
}
