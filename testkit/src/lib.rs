//! The test house of attio-derive: what the root package's tests, benches and examples
//! share, in one place (cargo's own test suite has its `cargo-test-support` crate beside
//! `tests/testsuite/`; this is ours).
//!
//! - [`User`]: the README's user, defined once.
//! - [`client_for`]: the one client builder every test client starts from.
//! - [`emulator`]: an in-process emulator and what the end-to-end tests read back from it.
//! - [`wire`]: a wiremock server on 127.0.0.1 and Attio's documented fixtures.
//! - [`fake`]: a scripted stand-in for the users assert endpoint (bulk and pacing tests).
//! - [`openapi`]: validation of bodies against Attio's OpenAPI spec in `spec/`;
//!   [`spec_calls`]: emulator requests checked against it.
//! - [`bench`](mod@bench): generated users, paced emulators and result printing for `benches/`;
//!   [`fleet`]: the `sync_users` example as a fleet of processes, and its pace as the
//!   emulator counted it.
//!
//! Not published; every item may panic, because its callers are tests.

pub mod bench;
pub mod emulator;
pub mod fake;
pub mod fleet;
pub mod openapi;
pub mod spec_calls;
pub mod wire;

mod client;
mod user;

pub use client::{client_for, fast_retries};
pub use user::{User, documented_user, email, user};
