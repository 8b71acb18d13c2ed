//! The HTTP face: shared state, the router, the one layer around it (observe, which admits
//! the request through [`intake`]: limits, auth, then the body; then [`gate`]'s rate
//! limits and faults; then the handlers), and the connection loop that serves it
//! ([`serve`]).

mod gate;
mod handlers;
mod intake;
mod layers;
mod lists;
mod refusals;
mod schema;
pub(crate) mod serve;
mod webhooks;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, patch, post};
use tokio::sync::Notify;
use tokio_util::task::TaskTracker;

use crate::config::{FaultConfig, HttpLimits, Latency, RateLimitConfig, ScriptedFault};
use crate::error::ApiError;
use crate::observe::Observer;
use crate::store::Store;
use crate::webhooks::Hub;

/// Largest request body accepted: 12 MiB, so a text value just over Attio's 10 MB limit gets
/// Attio's 400 while larger bodies get 413 `payload_too_large` (the emulator's pick).
pub const MAX_BODY_BYTES: usize = 12 * 1024 * 1024;

/// Longest request target (path and query) answered normally: longer → 414 `uri_too_long`.
/// hyper's own limit (64 KiB) is above it, so the emulator answers these itself, in Attio's
/// shape.
pub const MAX_URI_BYTES: usize = 16 * 1024;

/// Most header fields a request may have: more → 431 `request_header_fields_too_large`.
pub const MAX_HEADERS: usize = 100;

/// Most bytes of header names and values a request may have: more → 431
/// `request_header_fields_too_large`.
pub const MAX_HEADER_BYTES: usize = 64 * 1024;

/// Requests counted in the current clock second.
#[derive(Debug, Default)]
pub(crate) struct Window {
    pub second: u64,
    pub reads: u32,
    pub writes: u32,
}

/// Runtime-changeable behaviour: limits and faults.
#[derive(Debug)]
pub(crate) struct Control {
    pub limits: RateLimitConfig,
    pub faults: FaultConfig,
    pub script: VecDeque<ScriptedFault>,
    pub rng: fastrand::Rng,
    pub seed: u64,
    pub window: Window,
    /// Write requests per clock second, accepted and refused by the limit.
    pub write_seconds: crate::observe::WriteSeconds,
}

impl Control {
    pub fn set_faults(&mut self, faults: FaultConfig) {
        self.script = faults.script.iter().copied().collect();
        self.rng = fastrand::Rng::with_seed(self.seed);
        self.faults = faults;
    }
}

/// Everything the handlers and layers share. No `Debug`: it holds the token.
pub(crate) struct Shared {
    pub store: Mutex<Store>,
    pub observer: Mutex<Observer>,
    pub control: Mutex<Control>,
    pub token: String,
    pub latency: Latency,
    /// Timeouts and bounds of the HTTP layer.
    pub limits: HttpLimits,
    /// The tasks running received requests that had to wait (see `layers::run_to_end`).
    pub tasks: TaskTracker,
    /// Webhooks and their deliveries.
    pub webhooks: Arc<Hub>,
}

impl Shared {
    /// Runs one write on the store, then hands the events it produced to the webhook hub,
    /// after the store lock is released (delivery never holds up writes).
    pub(crate) fn write<T>(
        &self,
        write: impl FnOnce(&mut Store) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let (result, events) = {
            let mut store = lock(&self.store);
            let result = write(&mut store);
            (result, store.take_events())
        };
        self.webhooks.publish(events);
        result
    }
}

/// Locks a mutex, recovering the data if a previous holder panicked (the store's methods
/// validate before they mutate, so the data stays consistent).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Closes the connection a request arrived on, without a response (fault injection).
#[derive(Debug, Clone)]
pub(crate) struct ConnectionKill(pub Arc<Notify>);

/// The router with all layers.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    use handlers as h;
    let mut router = Router::new()
        .route("/v2/self", get(h::identify))
        .route(
            "/v2/objects",
            get(h::list_objects).post(schema::create_object),
        )
        .route(
            "/v2/objects/{object}",
            get(h::get_object).patch(schema::update_object),
        );
    // `/v2/{target}/{identifier}/attributes…`: the same handlers for objects and lists.
    for target in ["/v2/objects/{object}", "/v2/lists/{list}"] {
        router = router
            .route(
                &format!("{target}/attributes"),
                get(schema::list_attributes).post(schema::create_attribute),
            )
            .route(
                &format!("{target}/attributes/{{attribute}}"),
                get(schema::get_attribute).patch(schema::update_attribute),
            )
            .route(
                &format!("{target}/attributes/{{attribute}}/options"),
                get(schema::list_options).post(schema::create_option),
            )
            .route(
                &format!("{target}/attributes/{{attribute}}/statuses"),
                get(schema::list_statuses).post(schema::create_status),
            )
            .route(
                &format!("{target}/attributes/{{attribute}}/options/{{option}}"),
                patch(schema::update_option),
            )
            .route(
                &format!("{target}/attributes/{{attribute}}/statuses/{{status}}"),
                patch(schema::update_status),
            );
    }
    router
        .route(
            "/v2/objects/{object}/records",
            post(h::create).put(h::assert),
        )
        .route("/v2/objects/records/search", post(h::search))
        .route("/v2/objects/{object}/records/query", post(h::query))
        .route(
            "/v2/objects/{object}/records/{record_id}",
            get(h::get_record)
                .patch(h::patch)
                .put(h::put)
                .delete(h::delete),
        )
        .route(
            "/v2/objects/{object}/records/{record_id}/attributes/{attribute}/values",
            get(h::attribute_values),
        )
        .route(
            "/v2/objects/{object}/records/{record_id}/entries",
            get(lists::record_entries),
        )
        .route("/v2/lists", get(lists::list_lists).post(lists::create_list))
        .route(
            "/v2/lists/{list}",
            get(lists::get_list).patch(lists::update_list),
        )
        .route(
            "/v2/lists/{list}/entries",
            post(lists::create_entry).put(lists::assert_entry),
        )
        .route("/v2/lists/{list}/entries/query", post(lists::query_entries))
        .route(
            "/v2/lists/{list}/entries/{entry_id}",
            get(lists::get_entry)
                .patch(lists::patch_entry)
                .put(lists::put_entry)
                .delete(lists::delete_entry),
        )
        .route(
            "/v2/lists/{list}/entries/{entry_id}/attributes/{attribute}/values",
            get(lists::entry_values),
        )
        .route("/v2/webhooks", get(webhooks::list).post(webhooks::create))
        .route(
            "/v2/webhooks/{webhook_id}",
            get(webhooks::get)
                .patch(webhooks::update)
                .delete(webhooks::delete),
        )
        .fallback(|| async { ApiError::not_found("No route matches this path.") })
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .layer(DefaultBodyLimit::disable())
        .layer(from_fn_with_state(shared.clone(), layers::observe))
        .with_state(shared)
}
