//! The HTTP face: shared state, the router, and the layers around it
//! (observe → auth → rate limits → faults → handlers, outermost first).

mod handlers;
mod layers;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use tokio::sync::Notify;
use tokio_util::task::TaskTracker;

use crate::config::{FaultConfig, Latency, RateLimitConfig, ScriptedFault};
use crate::error::ApiError;
use crate::observe::Observer;
use crate::store::Store;

/// Largest request body accepted: 12 MiB, so a text value just over Attio's 10 MB limit gets
/// Attio's 400 while larger bodies get 413 `payload_too_large` (the emulator's pick).
pub const MAX_BODY_BYTES: usize = 12 * 1024 * 1024;

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
    /// The tasks running received requests (see `layers::observe`).
    pub tasks: TaskTracker,
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
    Router::new()
        .route("/v2/self", get(h::identify))
        .route("/v2/objects", get(h::list_objects))
        .route("/v2/objects/{object}", get(h::get_object))
        .route("/v2/objects/{object}/attributes", get(h::list_attributes))
        .route(
            "/v2/objects/{object}/attributes/{attribute}",
            get(h::get_attribute),
        )
        .route(
            "/v2/objects/{object}/attributes/{attribute}/options",
            get(h::list_options),
        )
        .route(
            "/v2/objects/{object}/attributes/{attribute}/statuses",
            get(h::list_statuses),
        )
        .route(
            "/v2/objects/{object}/records",
            post(h::create).put(h::assert),
        )
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
        .fallback(|| async { ApiError::not_found("No route matches this path.") })
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .layer(DefaultBodyLimit::disable())
        .layer(from_fn_with_state(shared.clone(), layers::faults))
        .layer(from_fn_with_state(shared.clone(), layers::rate_limit))
        .layer(from_fn_with_state(shared.clone(), layers::auth))
        .layer(from_fn_with_state(shared.clone(), layers::observe))
        .with_state(shared)
}
