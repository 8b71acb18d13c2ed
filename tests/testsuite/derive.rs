//! Derived structs at run time, clippy's view of the expansion, and trybuild's
//! pass/fail cases (`tests/ui/`).

mod entry;
pub mod lints; // public: see main.rs
mod roundtrip;
mod ui;
mod user;
