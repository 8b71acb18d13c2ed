//! The URLs of the routes a client sends to again and again, built once.
//!
//! A sync asserts thousands of records on one object and one matching attribute: every
//! request had validated and percent-encoded the same two slugs and set the same path and
//! query on the base URL (together ~6,000 instructions, the largest share of what the
//! client adds to a round trip). The cache keeps the finished [`Url`] per route template
//! and slugs; record ids, which change with every request, are not cached.

use std::sync::{PoisonError, RwLock};

use reqwest::Url;

use super::route::Route;
use crate::error::Error;

/// At most this many routes are kept. A program has a handful (objects × matching
/// attributes); past the cap, routes are built on every request as before, so slugs
/// chosen at run time cannot grow the cache without end.
const CAPACITY: usize = 64;

/// Built routes by template and slugs, each with its full URL on the client's base.
#[derive(Debug, Default)]
pub(crate) struct RouteCache {
    /// A short list scanned in order: for a few entries comparing the slugs is cheaper
    /// than hashing them, and looking up needs no owned key.
    entries: RwLock<Vec<Entry>>,
}

#[derive(Debug)]
struct Entry {
    template: &'static str,
    object: Box<str>,
    second: Box<str>,
    url: Url,
}

impl RouteCache {
    /// The URL on `base` of the route `template` for `object` and `second` (a matching
    /// attribute, or `""`), from the cache, or built by `build` (which validates the
    /// slugs) and kept. A route that fails to build is not kept: the error comes back
    /// every time.
    pub(crate) fn get_or_build(
        &self,
        base: &Url,
        (template, object, second): (&'static str, &str, &str),
        build: impl FnOnce() -> Result<Route, Error>,
    ) -> Result<Url, Error> {
        let find = |entries: &[Entry]| {
            entries
                .iter()
                .find(|entry| {
                    entry.template == template
                        && *entry.object == *object
                        && *entry.second == *second
                })
                .map(|entry| entry.url.clone())
        };
        // A poisoned lock only means a panic elsewhere while holding it; the list itself
        // is always whole (entries are pushed complete), so it is used as it is.
        if let Some(found) = find(&self.entries.read().unwrap_or_else(PoisonError::into_inner)) {
            return Ok(found);
        }
        let route = build()?;
        debug_assert_eq!(
            route.template, template,
            "a route kept under another's template"
        );
        let url = route.url_on(base);
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        if entries.len() < CAPACITY && find(&entries).is_none() {
            entries.push(Entry {
                template,
                object: object.into(),
                second: second.into(),
                url: url.clone(),
            });
        }
        Ok(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASSERT: &str = Route::ASSERT;

    fn base() -> Url {
        Url::parse("http://127.0.0.1:4010/prefix").unwrap()
    }

    #[test]
    fn a_cached_url_is_the_url_built_fresh() {
        let cache = RouteCache::default();
        let mut builds = 0;
        for _ in 0..3 {
            let url = cache
                .get_or_build(&base(), (ASSERT, "users", "user_id"), || {
                    builds += 1;
                    Route::assert("users", "user_id")
                })
                .unwrap();
            let fresh = Route::assert("users", "user_id").unwrap();
            assert_eq!(url, fresh.url_on(&base()));
        }
        assert_eq!(builds, 1, "built once, then taken from the cache");
    }

    #[test]
    fn routes_differ_by_template_and_by_each_slug() {
        let cache = RouteCache::default();
        let get = |key: (&'static str, &str, &str)| {
            cache
                .get_or_build(&base(), key, || match key.0 {
                    ASSERT => Route::assert(key.1, key.2),
                    _ => Route::records(key.1),
                })
                .unwrap()
                .to_string()
        };
        let records = Route::RECORDS;
        assert!(
            get((ASSERT, "users", "user_id")).ends_with("users/records?matching_attribute=user_id")
        );
        assert!(
            get((ASSERT, "users", "email")).ends_with("users/records?matching_attribute=email")
        );
        assert!(
            get((ASSERT, "people", "email")).ends_with("people/records?matching_attribute=email")
        );
        assert!(get((records, "users", "")).ends_with("/prefix/v2/objects/users/records"));
        assert!(get((ASSERT, "users", "user_id")).ends_with("matching_attribute=user_id"));
    }

    #[test]
    fn an_invalid_slug_fails_every_time_and_is_not_kept() {
        let cache = RouteCache::default();
        for _ in 0..2 {
            let error = cache
                .get_or_build(&base(), (ASSERT, "users", "a/b"), || {
                    Route::assert("users", "a/b")
                })
                .unwrap_err();
            assert!(matches!(error, Error::InvalidSlug { .. }), "{error:?}");
        }
        assert!(cache.entries.read().unwrap().is_empty());
    }

    #[test]
    fn past_the_capacity_routes_are_still_right_but_not_kept() {
        let cache = RouteCache::default();
        for n in 0..CAPACITY + 10 {
            let object = format!("object_{n}");
            let url = cache
                .get_or_build(&base(), (ASSERT, &object, "id"), || {
                    Route::assert(&object, "id")
                })
                .unwrap();
            assert!(url.as_str().contains(&object), "{url}");
        }
        assert_eq!(cache.entries.read().unwrap().len(), CAPACITY);
    }
}
