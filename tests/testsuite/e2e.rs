//! The client against the in-process emulator (users, values, resilience), and the
//! emulator's own conformance to Attio's documented examples and spec.

mod conformance;
mod emulator_openapi;
mod openapi;
mod resilience;
mod users;
mod values;
