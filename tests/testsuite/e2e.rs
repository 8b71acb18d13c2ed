//! The client against the in-process emulator (users, values, optional field types,
//! resilience), and the emulator's own conformance to Attio's documented examples and spec.

mod conformance;
mod emulator_openapi;
mod field_types;
mod lists;
mod lists_api;
mod object_rename;
mod openapi;
mod option_enums;
mod relationships;
mod resilience;
mod schema_openapi;
mod users;
mod values;
mod webhooks;
