//! Request URLs: validated, percent-encoded paths of the records endpoints, each with the
//! route template that tracing and errors show instead of the concrete path.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use reqwest::Url;

use crate::error::Error;

/// Everything but RFC 3986's unreserved characters is encoded, in path segments and
/// query values alike: unambiguous for any server, whatever it decodes.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The longest slug accepted; Attio's own are far shorter.
const MAX_SLUG_BYTES: usize = 256;

/// A request target: the route template (for logs and errors) and the encoded path and
/// query to append to the base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Route {
    /// E.g. `/v2/objects/{object}/records/{record_id}`.
    pub(crate) template: &'static str,
    /// E.g. `/v2/objects/users/records/bf071e1f-6035-429d-b874-d83ea64ea13b`.
    pub(crate) path_and_query: String,
}

impl Route {
    /// The template of [`records`](Self::records).
    pub(crate) const RECORDS: &'static str = "/v2/objects/{object}/records";
    /// The template of [`assert`](Self::assert).
    pub(crate) const ASSERT: &'static str =
        "/v2/objects/{object}/records?matching_attribute={matching_attribute}";

    /// `/v2/objects/{object}/records`.
    pub(crate) fn records(object: &str) -> Result<Self, Error> {
        Ok(Self {
            template: Self::RECORDS,
            path_and_query: records_path(object)?,
        })
    }

    /// `/v2/objects/{object}/records?matching_attribute={matching_attribute}`.
    pub(crate) fn assert(object: &str, matching_attribute: &str) -> Result<Self, Error> {
        let path = records_path(object)?;
        let matching = encode(slug("matching attribute", matching_attribute)?);
        Ok(Self {
            template: Self::ASSERT,
            path_and_query: format!("{path}?matching_attribute={matching}"),
        })
    }

    /// `/v2/objects/{object}/records/{record_id}`.
    pub(crate) fn record(object: &str, record_id: &str) -> Result<Self, Error> {
        let path = records_path(object)?;
        let id = self::record_id(record_id)?;
        Ok(Self {
            template: "/v2/objects/{object}/records/{record_id}",
            path_and_query: format!("{path}/{id}"),
        })
    }

    /// `/v2/objects/{object}/records/query`.
    pub(crate) fn query(object: &str) -> Result<Self, Error> {
        Ok(Self {
            template: "/v2/objects/{object}/records/query",
            path_and_query: format!("{}/query", records_path(object)?),
        })
    }
}

impl Route {
    /// `/v2/webhooks`.
    pub(crate) fn webhooks() -> Self {
        Self {
            template: "/v2/webhooks",
            path_and_query: "/v2/webhooks".to_owned(),
        }
    }

    /// `/v2/webhooks?limit={limit}&offset={offset}`.
    pub(crate) fn webhooks_page(limit: u32, offset: u32) -> Self {
        Self {
            template: "/v2/webhooks?limit={limit}&offset={offset}",
            path_and_query: format!("/v2/webhooks?limit={limit}&offset={offset}"),
        }
    }

    /// `/v2/webhooks/{webhook_id}`.
    pub(crate) fn webhook(webhook_id: &str) -> Result<Self, Error> {
        let id = uuid_id("webhook id", webhook_id)?;
        Ok(Self {
            template: "/v2/webhooks/{webhook_id}",
            path_and_query: format!("/v2/webhooks/{id}"),
        })
    }
}

impl Route {
    /// `/v2/lists`.
    pub(crate) fn lists() -> Self {
        Self {
            template: "/v2/lists",
            path_and_query: "/v2/lists".to_owned(),
        }
    }

    /// `/v2/lists/{list}`.
    pub(crate) fn list(list: &str) -> Result<Self, Error> {
        Ok(Self {
            template: "/v2/lists/{list}",
            path_and_query: list_path(list)?,
        })
    }

    /// `/v2/lists/{list}/entries`.
    pub(crate) fn entries(list: &str) -> Result<Self, Error> {
        Ok(Self {
            template: "/v2/lists/{list}/entries",
            path_and_query: format!("{}/entries", list_path(list)?),
        })
    }

    /// `/v2/lists/{list}/entries/query`.
    pub(crate) fn entries_query(list: &str) -> Result<Self, Error> {
        Ok(Self {
            template: "/v2/lists/{list}/entries/query",
            path_and_query: format!("{}/entries/query", list_path(list)?),
        })
    }

    /// `/v2/lists/{list}/entries/{entry_id}`.
    pub(crate) fn entry(list: &str, entry_id: &str) -> Result<Self, Error> {
        let id = uuid_id("entry id", entry_id)?;
        Ok(Self {
            template: "/v2/lists/{list}/entries/{entry_id}",
            path_and_query: format!("{}/entries/{id}", list_path(list)?),
        })
    }

    /// `/v2/lists/{list}/entries/{entry_id}/attributes/{attribute}/values?show_historic=`.
    pub(crate) fn entry_values(
        list: &str,
        entry_id: &str,
        attribute: &str,
        show_historic: bool,
    ) -> Result<Self, Error> {
        let entry = Self::entry(list, entry_id)?.path_and_query;
        let attribute = encode(slug("attribute", attribute)?);
        Ok(Self {
            template: "/v2/lists/{list}/entries/{entry_id}/attributes/{attribute}/values?show_historic={show_historic}",
            path_and_query: format!(
                "{entry}/attributes/{attribute}/values?show_historic={show_historic}"
            ),
        })
    }

    /// `/v2/objects/{object}/records/{record_id}/entries?limit=&offset=`.
    pub(crate) fn record_entries(
        object: &str,
        record_id: &str,
        limit: u32,
        offset: u32,
    ) -> Result<Self, Error> {
        let record = Self::record(object, record_id)?.path_and_query;
        Ok(Self {
            template: "/v2/objects/{object}/records/{record_id}/entries?limit={limit}&offset={offset}",
            path_and_query: format!("{record}/entries?limit={limit}&offset={offset}"),
        })
    }
}

fn list_path(list: &str) -> Result<String, Error> {
    Ok(format!("/v2/lists/{}", encode(slug("list", list)?)))
}

impl Route {
    /// `/v2/objects/records/search`.
    pub(crate) fn search() -> Self {
        Self {
            template: "/v2/objects/records/search",
            path_and_query: "/v2/objects/records/search".to_owned(),
        }
    }
}

fn records_path(object: &str) -> Result<String, Error> {
    Ok(format!(
        "/v2/objects/{}/records",
        encode(slug("object", object)?)
    ))
}

pub(crate) fn encode(component: &str) -> percent_encoding::PercentEncode<'_> {
    utf8_percent_encode(component, COMPONENT)
}

/// Accepts any slug (or UUID) that can be one path segment or query value once encoded;
/// rejects what would change the request's meaning or cannot be a slug at all.
pub(crate) fn slug<'a>(what: &'static str, value: &'a str) -> Result<&'a str, Error> {
    let reject = |reason| {
        Err(Error::InvalidSlug {
            what,
            value: value.to_owned(),
            reason,
        })
    };
    if value.is_empty() {
        reject("it is empty")
    } else if value.len() > MAX_SLUG_BYTES {
        reject("it is longer than 256 bytes")
    } else if value == "." || value == ".." {
        reject("`.` and `..` are path navigation, not slugs")
    } else if value.contains('/') {
        reject("it contains `/`")
    } else if value.chars().any(char::is_control) {
        reject("it contains control characters")
    } else if value.trim() != value {
        reject("it starts or ends with whitespace")
    } else {
        Ok(value)
    }
}

/// A record id must be a hyphenated UUID; it needs no encoding then.
pub(crate) fn record_id(value: &str) -> Result<&str, Error> {
    if is_hyphenated_uuid(value) {
        Ok(value)
    } else {
        Err(Error::InvalidRecordId {
            record_id: value.to_owned(),
        })
    }
}

/// Another id that must be a hyphenated UUID (a webhook's, an entry's).
pub(crate) fn uuid_id<'a>(what: &'static str, value: &'a str) -> Result<&'a str, Error> {
    if is_hyphenated_uuid(value) {
        Ok(value)
    } else {
        Err(Error::InvalidId {
            what,
            id: value.to_owned(),
        })
    }
}

impl Route {
    /// The full URL of this target on `base`: see [`url_on`].
    pub(crate) fn url_on(&self, base: &Url) -> Url {
        url_on(base, &self.path_and_query)
    }
}

/// The full URL of an encoded path and query on `base` (the normalised base URL, parsed
/// once by the client): `base`'s path, if it has one, then the path and query. The same
/// URL as parsing the two joined as text, without parsing the host again on every
/// request (`Url::parse` runs the host through IDNA: most of the 0.75 µs it took).
pub(crate) fn url_on(base: &Url, path_and_query: &str) -> Url {
    let (path, query) = match path_and_query.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path_and_query, None),
    };
    let mut url = base.clone();
    let prefix = base.path().trim_end_matches('/');
    if prefix.is_empty() {
        url.set_path(path);
    } else {
        url.set_path(&format!("{prefix}{path}"));
    }
    url.set_query(query);
    url
}

fn is_hyphenated_uuid(value: &str) -> bool {
    value.len() == 36 && uuid::Uuid::try_parse(value).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "bf071e1f-6035-429d-b874-d83ea64ea13b";

    #[test]
    fn a_target_on_a_base_is_the_url_of_the_two_joined() {
        let routes = [
            Route::records("users").unwrap(),
            Route::assert("users", "user_id").unwrap(),
            Route::record("ünï", ID).unwrap(),
            Route::assert("my object?#%", "e-mail & co=1+2").unwrap(),
            Route::webhooks_page(10, 20),
        ];
        for base in [
            "https://api.attio.com",
            "http://127.0.0.1:4010",
            "https://proxy.example.com/attio",
            "https://proxy.example.com/a%20b/attio",
        ] {
            let parsed = Url::parse(base).unwrap();
            for route in &routes {
                let joined = Url::parse(&format!("{base}{}", route.path_and_query)).unwrap();
                assert_eq!(route.url_on(&parsed), joined, "{base} {route:?}");
            }
        }
    }

    #[test]
    fn builds_every_route() {
        assert_eq!(
            Route::records("users").unwrap().path_and_query,
            "/v2/objects/users/records"
        );
        assert_eq!(
            Route::assert("users", "user_id").unwrap().path_and_query,
            "/v2/objects/users/records?matching_attribute=user_id"
        );
        assert_eq!(
            Route::record("users", ID).unwrap().path_and_query,
            format!("/v2/objects/users/records/{ID}")
        );
        assert_eq!(
            Route::query("users").unwrap().path_and_query,
            "/v2/objects/users/records/query"
        );
    }

    #[test]
    fn encodes_odd_slugs() {
        let route = Route::assert("my object?#%", "e-mail & co=1+2").unwrap();
        assert_eq!(
            route.path_and_query,
            "/v2/objects/my%20object%3F%23%25/records?matching_attribute=e-mail%20%26%20co%3D1%2B2"
        );
        assert_eq!(
            Route::records("ünï").unwrap().path_and_query,
            "/v2/objects/%C3%BCn%C3%AF/records"
        );
    }

    #[test]
    fn rejects_bad_slugs_and_ids() {
        for bad in ["", ".", "..", "a/b", "a\nb", " users", &"x".repeat(257)] {
            assert!(
                matches!(
                    Route::records(bad),
                    Err(Error::InvalidSlug { what: "object", .. })
                ),
                "{bad:?}"
            );
        }
        assert!(matches!(
            Route::assert("users", ""),
            Err(Error::InvalidSlug {
                what: "matching attribute",
                ..
            })
        ));
        for bad in [
            "",
            "123",
            "72ef5feaf-4919-4208-b332-1339ab8ba040",
            "bf071e1f6035429db874d83ea64ea13b",
            "{bf071e1f-6035-429d-b874-d83ea64ea13b}",
            "bf071e1f-6035-429d-b874-d83ea64ea13/",
        ] {
            assert!(
                matches!(
                    Route::record("users", bad),
                    Err(Error::InvalidRecordId { .. })
                ),
                "{bad:?}"
            );
        }
    }
}
