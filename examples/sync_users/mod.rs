//! The logic of the `sync_users` example, shared with `tests/examples_sync.rs`: the
//! records ([`model`]), reading the input ([`input`]), the sync ([`job`]) and its summary
//! ([`report`]).

pub mod input;
pub mod job;
pub mod model;
pub mod problems;
pub mod report;
