//! The examples, run as users run them (in process and as spawned binaries).

mod fleet;
mod quickstart;
mod sync;
mod webhook_mirror;
