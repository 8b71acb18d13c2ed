//! Helpers shared by the top-level integration tests.
//!
//! Include with `#[path = "support/mod.rs"] mod support;` (each test file is its own crate,
//! so some helpers are unused in some of them).
#![allow(dead_code)]

pub mod e2e;
pub mod openapi;
