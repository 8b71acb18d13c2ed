//! Time in Attio's wire form: ISO-8601 UTC with exactly nine fractional digits.

use jiff::Timestamp;

/// Formats `ts` as `2022-11-21T13:22:49.061281000Z`.
pub(crate) fn format(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%S.%NZ").to_string()
}

/// The current time in Attio's form.
pub(crate) fn now() -> String {
    format(Timestamp::now())
}

/// [`now`], shared: one write stamps all its values with the same instant, and they hold
/// one copy of it.
pub(crate) fn now_shared() -> std::sync::Arc<str> {
    now().into()
}

/// Parses a timestamp write value: RFC 3339 with an offset, a civil date-time (UTC assumed),
/// or a bare date (midnight UTC). `None` when the text is none of these.
pub(crate) fn parse_timestamp(text: &str) -> Option<Timestamp> {
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Some(ts);
    }
    if let Ok(dt) = text.parse::<jiff::civil::DateTime>() {
        return jiff::tz::Offset::UTC.to_timestamp(dt).ok();
    }
    let date = text.parse::<jiff::civil::Date>().ok()?;
    jiff::tz::Offset::UTC
        .to_timestamp(date.to_datetime(jiff::civil::Time::midnight()))
        .ok()
}

/// Parses a date write value: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a date-time (with or
/// without offset) whose date part is kept as written. Returns `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str) -> Option<String> {
    let candidate = match text.len() {
        4 => format!("{text}-01-01"),
        7 => format!("{text}-01"),
        10 => text.to_owned(),
        _ => {
            let valid = text.parse::<Timestamp>().is_ok()
                || text.parse::<jiff::civil::DateTime>().is_ok()
                || text.parse::<jiff::ZonedDateTime>().is_ok();
            if !valid {
                return None;
            }
            text.get(..10)?.to_owned()
        }
    };
    candidate
        .parse::<jiff::civil::Date>()
        .ok()
        .map(|d| d.strftime("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nine_fraction_digits() {
        let ts: Timestamp = "2022-11-21T13:22:49.061281Z".parse().unwrap();
        assert_eq!(format(ts), "2022-11-21T13:22:49.061281000Z");
        let ts: Timestamp = "2022-11-21T13:22:49Z".parse().unwrap();
        assert_eq!(format(ts), "2022-11-21T13:22:49.000000000Z");
    }

    #[test]
    fn timestamp_forms() {
        let utc = |s| parse_timestamp(s).map(format);
        assert_eq!(
            utc("2023-01-02T13:00").as_deref(),
            Some("2023-01-02T13:00:00.000000000Z")
        );
        assert_eq!(
            utc("2023-01-02T13:00:00+02:00").as_deref(),
            Some("2023-01-02T11:00:00.000000000Z")
        );
        assert_eq!(
            utc("2023-01-02").as_deref(),
            Some("2023-01-02T00:00:00.000000000Z")
        );
        assert_eq!(utc("yesterday"), None);
    }

    #[test]
    fn date_forms() {
        assert_eq!(parse_date("2023").as_deref(), Some("2023-01-01"));
        assert_eq!(parse_date("2023-05").as_deref(), Some("2023-05-01"));
        assert_eq!(
            parse_date("2023-05-06T23:30:00-05:00").as_deref(),
            Some("2023-05-06")
        );
        assert_eq!(
            parse_date("2023-05-06T23:30").as_deref(),
            Some("2023-05-06")
        );
        assert_eq!(parse_date("2023-13-01"), None);
        assert_eq!(parse_date("soon"), None);
    }
}
