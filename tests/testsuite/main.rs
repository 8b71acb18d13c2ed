//! The root package's integration tests, one binary (cargo's own test suite is built the
//! same way: `tests/testsuite/main.rs` and a support crate). Shared helpers live in the
//! `attio-testkit` crate (`testkit/`): the README's `User`, the one client builder, the
//! emulator and wiremock helpers, the OpenAPI validation.
//!
//! Themes, one module each:
//! - `wire`: requests and responses byte for byte against wiremock;
//! - `e2e`: the client against the in-process emulator, and the emulator's conformance;
//! - `openapi`: Attio's documented fixtures and the client's requests against the spec;
//! - `derive`: derived structs at run time, clippy's view of the expansion, trybuild;
//! - `bulk`: bulk sync, pacing and faults;
//! - `examples`: the examples run as users run them.
//!
//! `tests/process_env.rs` stays a binary of its own: it changes the process environment.

mod bulk;
// Public so that `derive::lints` is reachable: its strict lints (unreachable_pub,
// missing_docs) judge the derive's output as a library's public API.
pub mod derive;
mod e2e;
mod examples;
mod openapi;
mod wire;
