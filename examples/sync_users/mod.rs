//! The logic of the `sync_users` example, shared with `tests/testsuite/examples/sync.rs`: the
//! records ([`model`]), reading the input ([`input`]), the sync ([`job`]), its summary
//! ([`report`]), reading it back ([`verify`]) and making outside text safe to print ([`printable`]).

pub mod fleet;
pub mod gate;
pub mod input;
pub mod job;
pub mod model;
pub mod printable;
pub mod problems;
pub mod report;
pub mod verify;
