//! A local emulator of the Attio REST API (placeholder; the emulator work fills this crate).
#![deny(missing_docs)]
