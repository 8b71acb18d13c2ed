//! Bulk sync against wiremock and the emulator: pacing, faults, re-syncs.

mod emulator;
mod pacing;
mod wiremock;
