//! Requests and responses byte for byte against wiremock: records, errors, retries,
//! Retry-After, limits, tracing; and the client against the in-process emulator.

mod emulator;
mod errors;
mod limits;
mod lists;
mod records;
mod retries;
mod retry_after;
mod tracing_events;
mod webhooks;
